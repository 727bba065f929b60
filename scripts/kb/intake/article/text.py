"""Sentences and small text helpers shared by the extractors."""

from __future__ import annotations

import re

# Vietnamese capital letters as a regex class: 'À-Ỹ' would also take lower-case letters such as 'đ', 'ạ'.
CAPITALS = "".join(sorted({chr(c) for c in range(0x41, 0x5B)} | {chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isupper()}))
UP = f"[{CAPITALS}]"
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"»)]?\s+(?=[“\"(]?" + f"[{CAPITALS}0-9])")
_ABBREVIATION = re.compile(r"(?:\bTP|\bTS|\bThS|\bPGS|\bGS|\bBS|\bNxb|\bTr|\bv\.v|\bSt|\bNo|\b[A-ZĐ])\.$")


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; abbreviations such as 'TP.' and initials do not end one."""
    parts = _SENTENCE_END.split(paragraph.strip())
    out: list[str] = []
    for part in parts:
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def all_sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in sentences(p)]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence_of(paragraphs: list[str], fragment: str) -> str:
    """The sentence (verbatim) that holds a fragment, for an item's excerpt."""
    key = fragment[:80]
    for paragraph in paragraphs:
        if key in paragraph:
            for sentence in sentences(paragraph):
                if key in sentence:
                    return sentence
            return paragraph
    return fragment


def year_of(sentence: str) -> int | None:
    """The one year a sentence names ('Năm 2018', 'trong năm 2018', 'quý I-2008', 'tháng 10/2018')."""
    years = {int(y) for y in re.findall(r"(?:năm|Năm|quý [IV\d]+\s*[-/]|tháng \d{1,2}\s*/|[Qq]uý \d\s*/)\s*((?:19|20)\d{2})\b",
                                        sentence)}
    return years.pop() if len(years) == 1 else None

"""Lessons: enumerated items ("Một là…", "Thứ nhất…", "1.", "a)") in a list the text introduces as
lessons or experience ("rút ra một số kinh nghiệm:", "bài học"), with their full text. A heading that
merely contains "bài học" is not a lesson; an enumerated list of tasks is not one either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.text.vietnamese import fold

WORDS_ORDER = ["Một là", "Hai là", "Ba là", "Bốn là", "Năm là", "Sáu là", "Bảy là", "Tám là", "Chín là", "Mười là"]
ORDINALS = ["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Thứ tám", "Thứ chín", "Thứ mười"]
_ENUM = re.compile(r"(?P<order>(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)"
                   r"|(?<![\d.,/])\d{1,2}[.)](?=\s)|\(\d{1,2}\)|[a-h]\))(?:\s+là)?\s*[,:.]?\s*")
_BULLET = re.compile(r"^\s*[-+•*–]\s+")
_CUE = re.compile(r"kinh nghiệm|bài học", re.I)


@dataclass
class LessonFound:
    order: str
    text: str
    sentence: str  # the paragraph the lesson was read from


def _rank(order: str) -> tuple[str, int] | None:
    for series in (WORDS_ORDER, ORDINALS):
        if order in series:
            return ("words" if series is WORDS_ORDER else "ordinals"), series.index(order) + 1
    if order[:-1].isdigit():
        return "digits", int(order[:-1])
    if order.startswith("(") and order[1:-1].isdigit():
        return "parenthesised", int(order[1:-1])
    if len(order) == 2 and order[1] == ")":
        return "letters", ord(order[0]) - ord("a") + 1
    return None


def find_lessons(paragraphs: list[str]) -> list[LessonFound]:
    """Enumerated items that start paragraphs (or follow each other inside one), numbered 1, 2, 3…"""
    items: list[tuple[int, str, str, str]] = []  # (paragraph index, series, order, text)
    paragraphs = [_BULLET.sub("", p) for p in paragraphs]  # "- Một là, …" and "+ Thứ hai: …" are items too
    for index, paragraph in enumerate(paragraphs):
        starts = [m for m in _ENUM.finditer(paragraph) if m.start() == 0 or paragraph[m.start() - 1:m.start()] in (" ",)
                  and re.search(r"[.;:,]\s*$", paragraph[:m.start()]) and
                  (m["order"].startswith("(") or not paragraph[:m.start()].rstrip().endswith(","))]
        starts = [m for m in starts if _rank(m["order"])]
        for position, match in enumerate(starts):
            if match.start() != 0 and position == 0 and _rank(match["order"])[1] != 1:
                continue
            end = starts[position + 1].start() if position + 1 < len(starts) else len(paragraph)
            text = paragraph[match.end():end].strip()
            items.append((index, _rank(match["order"])[0], match["order"], text))
    lessons: list[LessonFound] = []
    run: list[tuple[int, str, str, str]] = []

    def close() -> None:
        if len(run) >= 2 and _introduced(paragraphs, run[0][0], run[0][3]):
            lessons.extend(LessonFound(order, text, paragraphs[i]) for i, _, order, text in run)

    for item in items:
        rank = _rank(item[2])[1]
        if run and item[1] == run[-1][1] and rank == _rank(run[-1][2])[1] + 1 and item[0] - run[-1][0] <= 2:
            run.append(item)
            continue
        close()
        run = [item] if rank == 1 else []
    close()
    return lessons


def _introduced(paragraphs: list[str], first: int, first_text: str) -> bool:
    """The list is announced as lessons: a cue in the paragraph before it, or in the same paragraph before it."""
    before = paragraphs[first - 1] if first > 0 else ""
    same = paragraphs[first].split(first_text[:30])[0] if first_text else ""
    lead = f"{before[-300:]} {same}"
    if not _CUE.search(lead):
        return False
    folded = fold(lead)
    return not re.search(r"nhiem vu|giai phap|muc tieu", folded[-120:]) or "kinh nghiem" in folded[-120:]

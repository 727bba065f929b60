"""How people type the answers of a form: items one a line or one a paragraph, dashes inside a title, an address
without its https://. Pure functions on text (kb.intake.answers reads each box with them)."""

from __future__ import annotations

import re

ORDINAL = re.compile(r"^(Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là|^Thứ (nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)"
                      r"|^[0-9]{1,2}[.)](?=\s)")
_BULLET = re.compile(r"^[-–•*+]\s+")


def items_of(text: str) -> list[str]:
    """Lessons or limitations as a person types them: one a paragraph, or one a line — a line that starts with an
    ordinal ('Hai là', 'Thứ ba', '2.'), a bullet or a capital letter starts the next; a line in lower case
    continues the one before (a sentence wrapped by the program it was copied from)."""
    items: list[list[str]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        current: list[str] | None = None
        for line in (line.strip() for line in paragraph.split("\n")):
            if not line:
                continue
            starts = bool(_BULLET.match(line) or ORDINAL.match(line) or line[:1].isupper() or line[:1].isdigit())
            if current is None or starts:
                current = []
                items.append(current)
            current.append(_BULLET.sub("", line))
    return [" ".join(" ".join(lines).split()) for lines in items if lines]


def split_from_right(line: str, count: int) -> list[str]:
    """'Tên - có gạch — chủ thể — tập thể — giáo dục' → 4 parts: the separators (' — ', ' – ' or ' - ') are read
    from the right, so a title keeps its own dashes (the article's words are never changed to fit the form)."""
    separators = list(re.finditer(r"\s+[—–-]\s+", line))
    if len(separators) < count - 1:
        return [part.strip() for part in re.split(r"\s+[—–-]\s+", line)]
    cuts = separators[len(separators) - (count - 1):]
    parts = [line[:cuts[0].start()]] + [line[a.end():b.start()] for a, b in zip(cuts, cuts[1:])] + [line[cuts[-1].end():]]
    return [part.strip() for part in parts]


def web_address(text: str) -> str | None:
    """An address as people paste it: with https://, or without ('baotravinh.vn/bai-viet' → 'https://…')."""
    text = text.strip()
    if re.fullmatch(r"https?://[^\s<>\"']+", text):
        return text
    if re.fullmatch(r"(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/?#][^\s<>\"']*)?", text):
        return "https://" + text
    return None

"""Themes: 'chuyên đề năm 2018 “…”', 'Năm 2019, chuyên đề “…”' → (year, title)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_THEME = re.compile(r"chuyên đề(?P<mid>(?:\s+(?:học tập|toàn khóa|toàn khoá|hằng năm|năm|nhiệm kỳ|giai đoạn|"
                    r"(?:19|20)\d{2}(?:\s*[–-]\s*(?:19|20)\d{2})?))*)\s*(?:là\s*)?[“\"](?P<title>[^”\"]{10,400})[”\"]", re.I)
_YEAR_BEFORE = re.compile(r"(?:Năm|năm)\s+((?:19|20)\d{2})\s*,?\s*$")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})")


@dataclass
class ThemeFound:
    year: int | None
    title: str
    sentence: str
    period: str | None = None  # a theme for a whole term: "2021–2025"


def find_themes(sentences: list[str]) -> list[ThemeFound]:
    found: dict[int | str, ThemeFound] = {}
    for sentence in sentences:
        for match in _THEME.finditer(sentence):
            single = re.fullmatch(r".*?\b((?:19|20)\d{2})\s*", match["mid"] or "")
            year = single.group(1) if single and not _PERIOD.search(match["mid"]) else None
            if not year:
                before = _YEAR_BEFORE.search(sentence[:match.start()].rstrip())
                year = before.group(1) if before else None
            period = None
            if not year:
                span = _PERIOD.search(sentence)
                period = f"{span.group(1)}–{span.group(2)}" if span else None
            key = int(year) if year else (period or match["title"])
            found.setdefault(key, ThemeFound(int(year) if year else None, match["title"].strip(), sentence, period))
    return list(found.values())

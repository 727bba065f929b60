"""Themes: 'chuyên đề năm 2018 “…”', 'Năm 2019, chuyên đề “…”' → (year, title)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_THEME = re.compile(r"chuyên đề(?:\s+(?:học tập\s+)?(?:năm\s+)?(?P<year>(?:19|20)\d{2}))?\s*(?:là\s*)?[“\"](?P<title>[^”\"]{10,400})[”\"]",
                    re.I)
_YEAR_BEFORE = re.compile(r"(?:Năm|năm)\s+((?:19|20)\d{2})\s*,?\s*$")
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})")


@dataclass
class ThemeFound:
    year: int | None
    title: str
    sentence: str


def find_themes(sentences: list[str]) -> list[ThemeFound]:
    found: dict[int | str, ThemeFound] = {}
    for sentence in sentences:
        for match in _THEME.finditer(sentence):
            year = match["year"]
            if not year:
                before = _YEAR_BEFORE.search(sentence[:match.start()].rstrip())
                year = before.group(1) if before else None
            key = int(year) if year else match["title"]
            found.setdefault(key, ThemeFound(int(year) if year else None, match["title"].strip(), sentence))
    return list(found.values())

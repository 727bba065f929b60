"""Dates as people write them, read into ISO form."""

from __future__ import annotations

import datetime as dt
import re


_IN_WORDS = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|\s)\s*(?:năm\s+)?(\d{4})", re.I)


def iso_date(text: str) -> str | None:
    """'01/06/2023' (day/month/year, as Vietnamese write it), '1-6-2023', 'ngày 1 tháng 6 năm 2023' or
    '2023-06-01' → '2023-06-01'; None when the text is not a real date."""
    text = " ".join(text.split())
    text = re.sub(r"^ngày\s+(?=\d)", "", text, flags=re.I)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text) or _IN_WORDS.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def duration_vn(seconds: float) -> str:
    """A time span as a reader says it: 40 → '40 giây', 85 → '1 phút 25 giây'."""
    seconds = round(seconds)
    return f"{seconds // 60} phút {seconds % 60} giây" if seconds >= 60 else f"{seconds} giây"

"""What a saved page says about itself before its text: its address and its date information.

- A page saved by a crawler or an archive often opens with its date information: "date 2021-07 BHG - Những
  năm qua…", "date 2025-11-01 Chi bộ kiểu mẫu". That date is the page's own (not printed in the article):
  it is kept apart as `metadata` and taken off the text.
- A contributor who saves a page may put its address on the first or the last line ("https://…",
  "URL: https://…", "Nguồn: https://…"); an HTML page names it in <link rel="canonical"> or og:url.
- Letters typed with look-alikes are put right: Latin Ð/ð (U+00D0, U+00F0) inside Vietnamese words are Đ/đ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_META_DATE = re.compile(r"^\s*date\s+(?P<date>(?:19|20)\d{2}(?:-[01]\d(?:-[0-3]\d)?)?)(?:[T ]\d{1,2}:\d{2}(?::\d{2})?"
                        r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?=\s|$)[ \t]*\n?", re.I)
_URL_LINE = re.compile(r"^\s*(?:(?:URL|Địa chỉ|Đường dẫn|Nguồn|Link|Source|Trang)\s*:?\s*)?<?(?P<url>https?://[^\s<>\"]+)>?\s*$",
                       re.I)
_ETH = re.compile(r"Ð|ð")


@dataclass
class PageInfo:
    text: str
    meta_date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD" from the page's date information
    url: str | None = None
    notes: list[str] = field(default_factory=list)


def page_info(text: str, url: str | None = None) -> PageInfo:
    text = _ETH.sub(lambda m: "Đ" if m.group(0) == "Ð" else "đ", text)
    info = PageInfo(text, None, url)
    match = _META_DATE.match(info.text)
    if match:
        info.meta_date = match.group("date")
        info.text = info.text[match.end():]
    lines = info.text.split("\n")
    filled = [index for index, line in enumerate(lines) if line.strip()]
    for index in filled[:1] + filled[-1:]:
        found = _URL_LINE.match(lines[index])
        if found:
            info.url = info.url or found.group("url").rstrip(".,;)")
            lines[index] = ""
    info.text = "\n".join(lines)
    return info


def valid_meta_date(value: str | None) -> str | None:
    """The date information if it is a real date (month 1–12, day in the month), else None."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 3:
            dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            return None
    except ValueError:
        return None
    return value

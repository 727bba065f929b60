"""Publication date: the shapes Vietnamese news sites print, told apart from event dates and site clocks.

"12/05/2009 - 09:34", "01:53 PM,22/01/2019", "20 Tháng Chín 2011 9:05:00 SA",
"Thứ Sáu, 10:43, 31/08/2012 [GMT+7]", "Thứ ba,  30/11/2021", "Cập nhật lúc 08:15 ngày 03/04/2020",
"Ngày đăng: 2019-05-12". Day comes before month. A date line is one where, once the date, the
clock and the labels are taken away, almost nothing is left; a date inside a sentence is an event.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kb.text.vietnamese import fold

MONTH_WORDS = {"mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
               "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_NUMERIC = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_WORDED = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>muoi mot|muoi hai|muoi|gieng|chap|mot|hai|ba|tu|bon|nam|"
                     r"sau|bay|tam|chin|\d{1,2})\s*,?\s*(?:nam\s+)?(?P<y>(?:19|20)\d{2})(?!\d)")
_MONTH_YEAR = re.compile(r"(?<![\d/])thang\s+(?P<m>\d{1,2})\s*(?:/|nam)\s*(?P<y>(?:19|20)\d{2})(?!\d)")
_CLOCK = re.compile(r"\b\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?\s*(?:am|pm|sa|ch)?\b")
_LABELS = re.compile(r"\b(?:cap nhat( luc| ngay)?|ngay dang|dang ngay|dang luc|ngay xuat ban|xuat ban|thoi gian|"
                     r"ngay|luc|gio|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|gmt\s*\+?\s*\d*|utc\s*\+?\s*\d*|co chu|"
                     r"sa|ch|am|pm)\b")
_CLOCK_WORDS = re.compile(r"\b(?:hom nay|bay gio|gio hien tai)\b")
_PUBLISHED_LABEL = re.compile(r"\b(?:ngay dang|dang ngay|ngay xuat ban|dang luc)\b")
_UPDATED_LABEL = re.compile(r"\bcap nhat\b")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])(?:[/-]?([0-3]\d))?(?=[/-]|\D|$)")
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,])(19[5-9]\d|20\d{2})(?![\d])")


@dataclass
class DateFound:
    value: str | None  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    year: int | None
    year_source: str | None  # text | url | inferred (only when value is not a full date)
    confidence: float
    written: str = ""  # the line the date was read from
    warnings: list[str] = field(default_factory=list)


def dates_in(line: str) -> list[tuple[dt.date, int, int]]:
    """Every real date written in a line, with its span (in the folded line)."""
    folded = fold(line)
    found = []
    for pattern in (_NUMERIC, _ISO, _WORDED):
        for match in pattern.finditer(folded):
            month = match["m"]
            month = int(month) if month.isdigit() else MONTH_WORDS.get(month)
            try:
                found.append((dt.date(int(match["y"]), month, int(match["d"])), match.start(), match.end()))
            except (TypeError, ValueError):
                continue
    return sorted(found, key=lambda item: item[1])


def is_date_line(line: str) -> bool:
    """Whether the line is mostly a date (a page date or a clock), not a sentence that mentions one."""
    found = dates_in(line)
    if not found:
        return False
    folded = fold(line)
    for _, start, end in found:
        folded = folded[:start] + " " * (end - start) + folded[end:]
    rest = _LABELS.sub(" ", _CLOCK.sub(" ", folded))
    rest = re.sub(r"[\W\d_]+", " ", rest).split()
    return len(rest) <= 4


def page_date(header: list[str], trailer: list[str], body: str, html_dates: list[str] | None = None,
              url: str | None = None, today: dt.date | None = None, title: str | None = None) -> DateFound:
    """The page's publication date with its confidence; warnings when it postdates the events.

    A date line between the title and the body is preferred to one above the title (where sites put
    their clock, which shows the day the page was saved, not the day it was written), even when it is
    labelled "Cập nhật"; a labelled "Ngày đăng" to a "Cập nhật"."""
    today = today or dt.date.today()
    events = event_years(body)
    candidates: list[tuple[float, dt.date, str]] = []
    for iso in html_dates or []:
        match = _ISO.search(iso or "")
        if match:
            try:
                candidates.append((0.9, dt.date(int(match["y"]), int(match["m"]), int(match["d"])), iso))
            except ValueError:
                pass
    for position, line in enumerate(header + trailer):
        if not is_date_line(line) or _CLOCK_WORDS.search(fold(line)):
            continue
        in_header = position < len(header)
        score = 0.9 if in_header else 0.7
        if in_header and title in header:  # sites print their clock above the title, the article's date below
            score += 0.04 if position > header.index(title) else -0.05
        folded = fold(line)
        if _PUBLISHED_LABEL.search(folded):
            score += 0.05
        elif _UPDATED_LABEL.search(folded):
            score -= 0.05
        for day, _, _ in dates_in(line)[:1]:
            candidates.append((score, day, line))
    warnings: list[str] = []
    future = [c for c in candidates if c[1] > today]
    if future:
        warnings.append(f"bỏ qua ngày {future[0][1]:%d/%m/%Y} ở tương lai (có lẽ là đồng hồ của trang)")
    candidates = [c for c in candidates if c[1] <= today]
    if candidates:
        score, day, written = max(candidates, key=lambda c: c[0])
        if (today - day).days <= 1 and len(candidates) > 1:  # the site's clock (a day off across time zones)
            others = [c for c in candidates if (today - c[1]).days > 1]
            if others:
                score, day, written = max(others, key=lambda c: c[0])
        recent = re.search(r"\b(?:sáng|chiều|tối|trưa|ngày|hôm)\s+\d{1,2}\s*/\s*\d{1,2}(?!\s*/)", body, re.I)
        if events and day.year > max(events) + 1 and not recent:  # "Sáng 19/6": events of the page's own year
            warnings.append(f"ngày trang {day:%d/%m/%Y} muộn hơn nhiều so với các sự việc trong bài (năm {max(events)}): "
                            "có thể là ngày đăng lại hoặc ngày cập nhật")
            score = min(score, 0.5)
        return DateFound(day.isoformat(), None, None, score, written, warnings)
    partial = _month_in_header(header)
    if partial:
        return DateFound(partial, int(partial[:4]), "text", 0.6, "", warnings + ["trang chỉ ghi tháng và năm"])
    if url:
        match = _URL_DATE.search(url)
        if match and int(match.group(1)) <= today.year:
            year, month, day_text = match.groups()
            value = f"{year}-{month}-{day_text}" if day_text else f"{year}-{month}"
            try:
                if day_text:
                    dt.date.fromisoformat(value)
                    return DateFound(value, None, None, 0.6, url, warnings + ["ngày lấy từ địa chỉ bài"])
            except ValueError:
                value = f"{year}-{month}"
            return DateFound(value, int(year), "url", 0.5, url, warnings + ["tháng, năm lấy từ địa chỉ bài"])
    if events:
        year = min(max(events), today.year)
        return DateFound(None, year, "inferred", 0.3, "",
                         warnings + [f"trang không ghi ngày đăng; năm {year} là năm muộn nhất bài nhắc tới (suy ra)"])
    return DateFound(None, None, None, 0.0, "", warnings + ["trang không ghi ngày đăng và bài không nêu năm nào"])


def _month_in_header(header: list[str]) -> str | None:
    for line in header:
        match = _MONTH_YEAR.search(fold(line))
        if match and 1 <= int(match["m"]) <= 12 and len(line.split()) <= 8:
            return f"{match['y']}-{int(match['m']):02d}"
    return None


def event_years(body: str) -> list[int]:
    """Years the article's sentences speak of ('năm 2018', 'quý 1/2019', '2007 – 2009')."""
    return sorted({int(y) for y in _YEAR_IN_TEXT.findall(body)})

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
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,])(19[5-9]\d|20\d{2})(?![\d])")


@dataclass
class DateFound:
    value: str | None  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    year: int | None
    year_source: str | None  # text | url | metadata | inferred | none (only when value is not a full date)
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
              url: str | None = None, today: dt.date | None = None, title: str | None = None,
              meta_date: str | None = None) -> DateFound:
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
    meta = meta_date if meta_date and meta_date[:10] <= today.isoformat() else None
    if meta:
        if len(meta.split("-")) == 3:
            return DateFound(meta, None, None, 0.7, "", warnings + [METADATA_NOTE])
        return DateFound(meta, int(meta[:4]), "metadata", 0.7, "", warnings + [METADATA_NOTE])
    found = url_date(url, today)
    if found:
        if len(found.split("-")) == 3:
            return DateFound(found, None, None, 0.6, "", warnings + ["ngày lấy từ địa chỉ trang"])
        return DateFound(found, int(found[:4]), "url", 0.6, "", warnings + ["tháng, năm lấy từ địa chỉ trang"])
    year, phrase = inferred_year(body, today)
    if year:
        return DateFound(None, year, "inferred", 0.3, "",
                         warnings + [f"trang không ghi ngày đăng; năm {year} suy ra từ “{phrase}”"])
    return DateFound(None, None, "none", 0.0, "", warnings + ["trang không ghi ngày đăng và bài không cho biết năm "
                                                            "(không thấy trong bài)"])


METADATA_NOTE = "ngày theo thông tin ngày của trang lưu, không in trong bài"
_URL_DATES = (
    re.compile(r"[-_/.](?P<y>20\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>[0-3]\d)(?:[0-2]\d[0-5]\d)\d*(?=\D|$)"),  # -20251101084333559
    re.compile(r"/(?P<y>20\d{2})/(?P<m>0[1-9]|1[0-2])/(?P<d>[0-3]\d)(?=/)"),  # /2021/07/15/
    re.compile(r"[/_-](?P<y>20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?=[/._-]|$)"),  # /2021-07-15
    re.compile(r"[/_-](?P<d>[0-3]?\d)-(?P<m>0?[1-9]|1[0-2])-(?P<y>20\d{2})(?=[/._-]|$)"),  # -31-01-2011
    re.compile(r"/(?P<d>[0-3]\d)(?P<m>0[1-9]|1[0-2])(?P<y>20\d{2})\.aspx", re.I),  # /05062009.aspx
    re.compile(r"/(?P<y>20\d{2})(?P<m>0[1-9]|1[0-2])(?=/)"),  # /202107/
    re.compile(r"/(?P<y>20\d{2})/(?P<m>0[1-9]|1[0-2])(?=/)"),  # /2021/07/
)


def url_date(url: str | None, today: dt.date) -> str | None:
    """The date a page's address gives, as precisely as it gives it; None when it gives none."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            year, month = int(match["y"]), int(match["m"])
            day = int(match["d"]) if "d" in match.groupdict() and match["d"] else None
            try:
                when = dt.date(year, month, day or 1)
            except ValueError:
                continue
            if when > today or year < 2000:
                continue
            return when.isoformat() if day else f"{year}-{month:02d}"
    return None


_COUNT_AFTER = re.compile(r"^\s*(?:đơn vị|hộ|người|lượt|cán bộ|đảng viên|tập thể|cá nhân|mô hình|học sinh|thí sinh|"
                          r"chi bộ|cuộc|lớp|bài|triệu|tỷ|nghìn|ngàn|km|m|ha|tấn|con|cây|suất|phần|trường|xã|thôn|"
                          r"hội viên|đoàn viên|thành viên|ngày|giờ|tiết|tác phẩm|câu chuyện|đội|tổ|gia đình)\b", re.I)
_PLAN_END = re.compile(r"(?:giai đoạn|nhiệm kỳ|năm học|kế hoạch|đến năm|tới năm|mục tiêu)\s*[^.;]{0,20}?"
                       r"(?:19|20)\d{2}\s*[-–—/]\s*((?:19|20)\d{2})|(?:đến|tới) năm ((?:19|20)\d{2})", re.I)
_DOCUMENT_DATE = re.compile(r"(?:chỉ thị|nghị quyết|kết luận|quy định|kế hoạch|hướng dẫn|quyết định)\s+(?:số\s+)?[\w/-]*"
                            r"[^.;]{0,30}?(?:ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*|năm\s+)((?:19|20)\d{2})", re.I)


def inferred_year(body: str, today: dt.date) -> tuple[int | None, str]:
    """The latest year the article's events happen in, and the words that say it; None when it names none.

    Not a year: a count ("1962 đơn vị"), the end of a plan or a term ("giai đoạn 2021 - 2025", "đến năm 2030"),
    the date of a document the article cites ("Chỉ thị 05 ngày 15/5/2016")."""
    excluded = set()
    for match in _PLAN_END.finditer(body):
        excluded.add(match.start(1) if match.group(1) else match.start(2))
    for match in _DOCUMENT_DATE.finditer(body):
        excluded.add(match.start(1))
    best: tuple[int, str] | None = None
    for match in _YEAR_IN_TEXT.finditer(body):
        year = int(match.group(1))
        if match.start(1) in excluded or year > today.year or _COUNT_AFTER.match(body[match.end():match.end() + 20]):
            continue
        phrase = body[max(0, match.start() - 40):match.end() + 10].split("\n")[-1].strip()
        if best is None or year > best[0]:
            best = (year, phrase)
    return (best[0], best[1]) if best else (None, "")


def _month_in_header(header: list[str]) -> str | None:
    for line in header:
        match = _MONTH_YEAR.search(fold(line))
        if match and 1 <= int(match["m"]) <= 12 and len(line.split()) <= 8:
            return f"{match['y']}-{int(match['m']):02d}"
    return None


def event_years(body: str) -> list[int]:
    """Years the article's sentences speak of ('năm 2018', 'quý 1/2019', '2007 – 2009')."""
    return sorted({int(y) for y in _YEAR_IN_TEXT.findall(body)})

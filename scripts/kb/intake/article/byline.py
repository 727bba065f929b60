"""Title, byline and publisher.

The title is the first header line that is neither a date, a section label nor a
"Theo …" credit; a page's <h1>/<title> wins when there is one. The publisher is the
"Theo <nguồn>" credit or the agency sign a paper opens its articles with ("(QNĐT)-",
"(LSO) –"). The author is the short signature line after the body ("NHƯ MAI",
"Bài, ảnh: Phú Lũy", "Trần Văn Khuyên, Phó Bí thư …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.intake.article.dates import is_date_line
from kb.intake.article.text import CAPITALS
from kb.text.vietnamese import fold

# Signs papers put before the first sentence, with the paper and its province. Only signs whose
# owner is certain are listed; an unknown sign is kept as written and marked for review.
AGENCY_SIGNS = {
    "QNĐT": ("Báo Quảng Nam điện tử", "quang-nam"),
    "LSO": ("Báo Lạng Sơn", "lang-son"),
    "TTXVN": ("Thông tấn xã Việt Nam", None),
    "VOV": ("Đài Tiếng nói Việt Nam", None),
    "ĐCSVN": ("Báo điện tử Đảng Cộng sản Việt Nam", None),
    "QĐND": ("Báo Quân đội nhân dân", None),
    "HNM": ("Báo Hà Nội mới", "ha-noi"),
    "SGGP": ("Báo Sài Gòn Giải Phóng", "ho-chi-minh"),
    "BGĐT": ("Báo Bắc Giang điện tử", "bac-giang"),
    "BNS": ("Báo Ninh Thuận", "ninh-thuan"),
    "BHG": ("Báo Hà Giang", "ha-giang"),
    "BĐT": ("Báo Đồng Tháp", "dong-thap"),
    "QBĐT": ("Báo Quảng Bình điện tử", "quang-binh"),
    "HBĐT": ("Báo Hòa Bình điện tử", "hoa-binh"),
    "BTN": ("Báo Tây Ninh", "tay-ninh"),
}
_SIGN = re.compile(r"^\s*\(\s*(?P<sign>[A-ZĐÂĂÊÔƠƯ][A-ZĐÂĂÊÔƠƯa-z.\-]{1,12}(?:\s*[-–]\s*[A-ZĐ]{2,10})?)\s*\)\s*[-–—:]?\s*")
_CREDIT = re.compile(r"^\(?(?:Theo|Nguồn:?)\s+(?P<who>[^.()]{3,80})\)?$")
_AUTHOR_PREFIX = re.compile(r"^(?:Bài\s*(?:,|và)\s*ảnh|Bài và ảnh|Tin\s*(?:,|và)\s*ảnh|Bài|Tin|Tác giả|Người viết|"
                            r"Nhóm PV|PV)\s*:\s*", re.I)
_SECTION_LABEL = re.compile(r"^[" + CAPITALS + r"\s,&\-–]+$")


@dataclass
class Byline:
    title: str | None
    title_confidence: float
    author: str | None
    author_confidence: float
    publisher: str | None
    publisher_confidence: float
    publisher_province: str | None = None  # from an agency sign: a hint, never a fact of the article
    sign: str | None = None


def find_title(header: list[str], html_title: str | None) -> tuple[str | None, float]:
    candidates = [line for line in header if _title_like(line)]
    if html_title:
        for line in candidates:
            if fold(line).strip() == fold(html_title).strip():
                return line, 0.95
        return html_title.strip(), 0.8
    if candidates:
        return candidates[0], 0.85 if len(candidates) == 1 else 0.7
    return None, 0.0


def _title_like(line: str) -> bool:
    if is_date_line(line) or _CREDIT.match(line) or len(line.split()) < 3 or len(line) > 300:
        return False
    stripped = re.sub(r"\d.*$", "", line).strip()
    return not (_SECTION_LABEL.match(line) and len(line.split()) <= 5) and bool(stripped or line)


def find_byline(header: list[str], paragraphs: list[str], trailer: list[str], html_title: str | None = None,
                html_author: str | None = None) -> Byline:
    title, title_conf = find_title(header, html_title)
    publisher, publisher_conf, province, sign = None, 0.0, None, None
    for line in header:
        match = _CREDIT.match(line)
        if match:
            publisher, publisher_conf = match["who"].strip(), 0.85
    for line in trailer:
        match = _CREDIT.match(line)
        if match and publisher is None:
            publisher, publisher_conf = match["who"].strip(), 0.8
    if paragraphs:
        match = _SIGN.match(paragraphs[0])
        if match:
            sign = match["sign"].strip()
            known = AGENCY_SIGNS.get(sign)
            if publisher is None:
                publisher = f"{sign} ({known[0]})" if known else sign
                publisher_conf = 0.8 if known else 0.4
            province = known[1] if known else None
    author, author_conf = None, 0.0
    for line in reversed(trailer):
        if _CREDIT.match(line):
            continue
        candidate = _author_of(line)
        if candidate:
            author, author_conf = candidate, 0.8
            break
    if author is None and paragraphs:  # a signature left at the end of the last paragraph line
        candidate = _author_of(paragraphs[-1])
        if candidate:
            author, author_conf = candidate, 0.6
    if author is None and html_author:
        author, author_conf = html_author.strip(), 0.7
    return Byline(title, title_conf, author, author_conf, publisher, publisher_conf, province, sign)


def _author_of(line: str) -> str | None:
    line = _AUTHOR_PREFIX.sub("", line.strip()).strip(" .")
    if not line or len(line.split()) > 14 or is_date_line(line) or line.endswith(("…", ":")):
        return None
    name = re.sub(r"\s*\([^)]*\)", "", line).split(",")[0].strip()
    parts = name.split()
    if not 2 <= len(parts) <= 5:
        return None
    if not all(p[0].isupper() for p in parts):
        return None
    return line

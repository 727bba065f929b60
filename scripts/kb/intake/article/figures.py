"""Figures: counts, percentages and ratios with what they count and their year.

"40/45 tổ chức cơ sở Đảng", "trên 95% đảng viên", "hơn 200 bài dự thi", "10.537 lượt" (thousands with a
dot), "20,8%" (decimal comma). Periods ("3 năm", "2007–2009"), years, dates, times, codes ("05-CT/TW",
"số 42"), ordinals ("lần thứ X", "khóa X", "quý III") and place numbers ("phường 17") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.intake.article.text import capitalise, sentences
from kb.text.vietnamese import parse_number

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(r"(?P<qualifier>\b(?:khoảng hơn|khoảng|trên|hơn|gần|gần như|xấp xỉ)\s+)?"
                     r"(?<![\d.,/:\-–])(?P<value>" + _NUMBER + r")(?:\s*/\s*(?P<denominator>\d{1,3}(?:\.\d{3})+|\d+))?"
                     r"(?P<percent>\s*%)?(?![\d/:\-–]|\.\d|,\d)")
_TIME_WORDS = re.compile(r"^\s*(?:năm|tháng|ngày|tuần|giờ|phút|quý|thế kỷ|kỳ|nhiệm kỳ|lần thứ|đợt)\b", re.I)
_NOT_BEFORE = re.compile(r"(?:\b(?:năm|tháng|ngày|quý|số|lần|khóa|khoá|phường|tổ|ấp|khu phố|khu|điều|khoản|chương|mục|"
                         r"Chỉ thị|chỉ thị|Nghị quyết|nghị quyết|Kết luận|kết luận|Kế hoạch|kế hoạch|Hướng dẫn|hướng dẫn|"
                         r"Quyết định|quyết định|Công văn|công văn|Quy định|quy định|Quận|quận|lớp|Đại hội|thứ|sáng|"
                         r"chiều|tối|trưa|đêm|Sáng|Chiều|Tối|lúc|từ|đến|giai đoạn|I|II|III|IV)\s*|[-–/])$")
@dataclass
class FigureFound:
    value: float
    denominator: float | None
    unit: str
    label: str
    qualifier: str | None
    year: int | None
    period: str | None
    sentence: str


def find_figures(paragraphs: list[str]) -> list[FigureFound]:
    found: list[FigureFound] = []
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            found += figures_in(sentence)
    return found


def figures_in(sentence: str) -> list[FigureFound]:
    out = []
    for match in _FIGURE.finditer(sentence):
        before = sentence[:match.start("value")]
        after = sentence[match.end():]
        if before.count("“") > before.count("”") or before.count('"') % 2:
            continue  # inside a quoted name: "Chi bộ 4 tốt" is a title, not a figure
        written = match["value"]
        if _NOT_BEFORE.search(before.rstrip() if not before.endswith(" ") else before) or \
                _NOT_BEFORE.search(before):
            continue
        if re.match(r"^(?:19|20)\d{2}$", written) and not match["percent"] and not match["denominator"]:
            continue  # a year
        if match["denominator"]:
            denominator = parse_number(match["denominator"])
            numerator = parse_number(written)
            if numerator is None or not denominator or numerator > denominator:
                continue  # a date such as 31/8 or 22/01, or quý 1/2019
            if re.match(r"^\s*/?\s*(?:19|20)\d{2}", after) or re.match(r"^(?:19|20)\d{2}$", match["denominator"]):
                continue
        if not match["percent"] and (_TIME_WORDS.match(after) or re.match(r"^\s*[:h]\d", after)):
            continue  # a period ("3 năm") or a clock
        if not match["percent"] and not re.match(r"^\s+[^\W\d_]", after):
            continue  # a bare number with no noun after it
        value = parse_number(written)
        if value is None:
            continue
        label, unit = _label_and_unit(after, bool(match["percent"]))
        if not label:
            continue
        out.append(FigureFound(value, parse_number(match["denominator"]) if match["denominator"] else None, unit,
                               capitalise(label), (match["qualifier"] or "").strip() or None,
                               *_when(_clause(sentence, match.start("value"))),
                               sentence))
    return out


_UNITS = ("tổ chức cơ sở đảng", "chi, đảng bộ", "cán bộ công chức", "cán bộ, đảng viên", "bài dự thi", "tin, bài",
          "lượt người", "lượt thí sinh", "pa nô", "đồng chí", "tổ chức", "cán bộ", "đảng viên", "cá nhân", "tập thể",
          "mô hình", "hội thi", "cuộc thi", "chi bộ", "đảng bộ", "đơn vị", "cơ sở đảng", "cơ sở", "điển hình",
          "hộ gia đình", "quần chúng", "học sinh", "thí sinh", "người dân", "công chức", "lượt", "người")
_TRAILING = re.compile(r"(?:\s+(?:cho|khoảng|hơn|trên|gần|với|và|trong|vào|năm|quý|tháng))+\s*$")


def _label_and_unit(after: str, percent: bool) -> tuple[str, str]:
    """What the number counts: the words after it up to the clause's end, a comma that opens another
    figure or clause, or the next number; its unit is the counting noun that opens those words."""
    text = after.strip()
    label = re.split(r"[;.(…:]", text, maxsplit=1)[0]
    parts = label.split(",")
    kept = [parts[0]]
    for part in parts[1:]:
        if re.search(r"\d", part) or re.match(r"^\s*(?:có|đạt|với|trong đó|được|nhưng|song|đồng thời|góp phần|tạo|"
                                             r"giúp|nhằm|qua đó|từ đó)\b", part):
            break
        kept.append(part)
    label = ",".join(kept)
    label = re.split(r"\s(?=\d)", label, maxsplit=1)[0]
    label = _TRAILING.sub("", label).strip(" ,")
    words = label.split()
    if len(words) > 16:
        label = " ".join(words[:16]).rstrip(" ,")
    if percent:
        return label, "%"
    lowered = label.lower()
    for unit in _UNITS:
        if lowered.startswith(unit) and (len(lowered) == len(unit) or not lowered[len(unit)].isalpha()):
            return label, label[:len(unit)]
    return label, words[0] if words else ""


def _clause(sentence: str, position: int) -> str:
    """The ';'-separated clause that holds a position; a year written before the first ';' opens the whole
    sentence ('Năm 2018, có …; …') and is kept for the later clauses."""
    start = sentence.rfind(";", 0, position) + 1
    end = sentence.find(";", position)
    clause = sentence[start:end if end >= 0 else len(sentence)]
    opening = re.match(r"^\s*(?:Trong |trong )?(?:[Nn]ăm|[Qq]uý [IV\d]+/?)\s*(?:19|20)\d{2}\s*,", sentence)
    return clause if start == 0 or not opening else f"{opening.group(0)} {clause}"


def _when(sentence: str) -> tuple[int | None, str | None]:
    period = re.search(r"((?:19|20)\d{2})\s*[–-]\s*((?:19|20)\d{2})", sentence)
    quarter = re.search(r"quý\s+([IV]+|\d)\s*[/-]\s*((?:19|20)\d{2})", sentence, re.I)
    if quarter:
        return int(quarter.group(2)), quarter.group(0)
    if period:
        return None, period.group(0)
    years = set(re.findall(r"(?:năm|Năm)\s+((?:19|20)\d{2})\b", sentence))
    return (int(years.pop()), None) if len(years) == 1 else (None, None)

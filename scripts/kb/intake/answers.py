"""The answers of an issue form, read into a record: each box checked and said back in Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.load import existing_units, read_catalog, record_ids
from kb.intake.issueforms import (
    ARTICLE_LABEL,
    RECORD_LABEL,
    Form,
    article_form,
    record_form,
)
from kb.intake.issueforms import label as _label
from kb.intake.names import kind_of, place_of
from kb.model import kinds, writer
from kb.model import schema as schemas
from kb.model.ids import free_unit_id
from kb.model.vocabulary import enum_choices
from kb.text.dates import iso_date
from kb.text.suggest import did_you_mean
from kb.text.vietnamese import MAX_DIGITS, nfc, parse_number, slugify

NO_RESPONSE = "_No response_"


MAX_BODY_CHARS = 200_000


MAX_ANSWER_CHARS = 20_000


class FormProblem(Exception):
    """The body cannot be read as this form at all (wrong form, empty, too long)."""


@dataclass
class Parsed:
    """What a record form body gave: the record's text and where it goes, or what to change."""

    form: str
    answers: dict[str, str]
    problems: list[str] = field(default_factory=list)  # Vietnamese, one per box to change
    notes: list[str] = field(default_factory=list)  # what was found, for the comment
    path: str | None = None  # records/units/<province>/<id>.md
    text: str | None = None
    source: str | None = None  # article form: the URL, or the pasted text
    sender: str | None = None


def read_answers(body: str, form: Form) -> dict[str, str]:
    """Box id → answer ('' for `_No response_`); headings that are not this form's labels stay in the answer."""
    body = nfc(body.replace("\r\n", "\n").replace("\r", "\n"))
    if len(body) > MAX_BODY_CHARS:
        raise FormProblem(f"Nội dung biểu mẫu dài {len(body):,} ký tự, quá giới hạn {MAX_BODY_CHARS:,}: "
                          "rút ngắn các ô trả lời (bài báo dài thì gửi đường dẫn thay vì dán toàn văn).")
    by_label = {box.label: box for box in form.boxes}
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.split("\n"):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in by_label and by_label[heading].id not in answers:
            current = by_label[heading].id
            answers[current] = []
        elif heading in by_label:
            raise FormProblem(f"Ô '{heading}' xuất hiện hai lần: trong các câu trả lời, đừng viết dòng bắt đầu "
                              f"bằng '### {heading}'.")
        elif current is not None:
            answers[current].append(line)
    if not answers:
        raise FormProblem(f"Không thấy ô nào của biểu mẫu '{form.name}'. Hãy tạo issue mới bằng biểu mẫu đó "
                          "(New issue → chọn biểu mẫu), đừng xoá các dòng tiêu đề '### ...'.")
    out = {}
    for box in form.boxes:
        text = "\n".join(answers.get(box.id, [])).strip()
        out[box.id] = "" if text == NO_RESPONSE else text
    return out


def detect_form(body: str) -> str:
    """'bai-bao' or 'de-xuat', from the headings the body has."""
    headings = {line[4:].strip() for line in body.splitlines() if line.startswith("### ")}
    return ARTICLE_LABEL if {b.label for b in article_form().boxes} & headings else RECORD_LABEL


def parse_article(body: str) -> Parsed:
    form = article_form()
    answers = read_answers(body, form)
    parsed = Parsed(ARTICLE_LABEL, answers, sender=answers["sender"] or None)
    url, text = answers["url"], _unfence(answers["text"])
    if url and not re.fullmatch(r"https?://[^\s<>\"']+", url):
        parsed.problems.append(f"Ô '{_label(form, 'url')}': '{short(url)}' không phải địa chỉ web. Ghi địa chỉ bắt "
                               "đầu bằng https:// (chép từ thanh địa chỉ của trình duyệt).")
    elif url:
        parsed.source = url
    elif text:
        parsed.source = text
    else:
        parsed.problems.append(f"Ô '{_label(form, 'url')}' và ô '{_label(form, 'text')}' đều trống: ghi địa chỉ "
                               "bài báo, hoặc dán nội dung bài.")
    if not parsed.sender:
        parsed.problems.append(f"Ô '{_label(form, 'sender')}' trống: ghi họ tên và đơn vị của bạn.")
    return parsed


def parse_record(body: str, root: Path) -> Parsed:
    """Read a record form body; the record text is built only when no box has a problem."""
    form = record_form(root)
    answers = read_answers(body, form)
    parsed = Parsed(RECORD_LABEL, answers)
    reader = _Reader(form, answers, root, parsed.problems, parsed.notes)
    meta, summary = reader.record()
    if parsed.problems:
        return parsed
    taken = existing_units(root)
    meta.setdefault("kind", kind_of(meta["name"]))
    unit_id = free_unit_id(meta["name"], meta["place"], meta["province"], meta["level"], taken, meta["kind"])
    meta = {"id": unit_id, **meta}
    parsed.path = kinds.record_kind("unit").file(unit_id, meta.get("province"))
    parsed.text = record_text(meta, summary)
    parsed.notes.insert(0, f"Hồ sơ: `{parsed.path}` (mã đơn vị `{unit_id}`).")
    return parsed


class _Reader:
    """Turns each answer into a record value, or into a message about its box."""

    def __init__(self, form: Form, answers: dict[str, str], root: Path, problems: list[str], notes: list[str]):
        self.form, self.answers, self.root, self.problems, self.notes = form, answers, root, problems, notes

    def fail(self, box: str, message: str) -> None:
        self.problems.append(f"Ô '{_label(self.form, box)}': {message}")

    def text(self, box: str, required: bool = False) -> str | None:
        value = self.answers.get(box, "")
        if not value:
            if required:
                self.fail(box, "còn trống; ô này bắt buộc.")
            return None
        if len(value) > MAX_ANSWER_CHARS:
            self.fail(box, f"dài {len(value):,} ký tự, quá {MAX_ANSWER_CHARS:,}: rút gọn.")
            return None
        if re.search(r"<\s*/?\s*[A-Za-z][^>]*>", value):
            self.fail(box, "có thẻ HTML (như <script>, <b>): viết chữ thường, bỏ các thẻ trong dấu < >.")
            return None
        if any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" for ch in value):
            self.fail(box, "có ký tự điều khiển không nhìn thấy: gõ lại câu trả lời (đừng dán từ tệp nhị phân).")
            return None
        if box not in ("lessons", "limitations", "summary", "models", "results", "directives") and "\n" in value:
            self.fail(box, "chỉ ghi một dòng.")
            return None
        return value

    def record(self) -> tuple[dict, str]:
        meta: dict = {}
        name = self.text("name", True)
        if name:
            meta["name"] = name
        place = self.text("place")
        if place or name:
            meta["place"] = place or place_of(name)
        meta["level"] = self.level()
        meta["province"] = self.province()
        meta = {key: value for key, value in meta.items() if value is not None}
        directives, themes = self.references()
        if directives:
            meta["directives"] = directives
        if themes:
            meta["themes"] = themes
        meta["sources"] = [self.source()]
        for key, items in (("models", self.models()), ("lessons", self.lessons()),
                           ("results", self.results()), ("limitations", self.paragraphs("limitations", "text"))):
            if items:
                meta[key] = items
        summary = self.text("summary", True) or ""
        return meta, summary

    def level(self) -> str | None:
        answer = self.answers.get("level", "")
        values = [value for value, _ in enum_choices(schemas.schema("unit")["properties"]["level"])]
        value = answer.split(" — ")[0].strip()
        if value in values:
            return value
        folded = slugify(answer)
        match = next((v for v in values if folded in (v, slugify(_choice_label(v)))), None)
        if match:
            return match
        self.fail("level", f"'{short(answer)}' không phải một cấp; chọn một dòng trong danh sách "
                           f"({', '.join(values)}).")
        return None

    def province(self) -> str | None:
        answer = self.text("province", True)
        if not answer:
            return None
        provinces = read_catalog(self.root, "provinces.yml").get("provinces", [])
        folded = slugify(re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", answer, flags=re.IGNORECASE))
        for item in provinces:
            if folded in (item["id"], slugify(item.get("name", ""))):
                return item["id"]
        self.fail("province", f"không có tỉnh, thành phố '{short(answer)}'"
                              f"{did_you_mean(folded, [p['id'] for p in provinces])} Ghi tên tỉnh như 'Trà Vinh'.")
        return None

    def source(self) -> dict:
        source: dict = {}
        for box, key in (("source-title", "title"), ("source-publisher", "publisher"),
                         ("source-author", "author")):
            value = self.text(box, box == "source-title")
            if value:
                source[key] = value
        date = self.date()
        if date:
            source["date"] = date
        url = self.text("source-url")
        if url:
            if re.fullmatch(r"https?://[^\s<>\"']+", url):
                source["url"] = url
            else:
                self.fail("source-url", f"'{short(url)}' không phải địa chỉ web: ghi địa chỉ bắt đầu bằng https://.")
        return {key: source[key] for key in ("title", "publisher", "date", "author", "url") if key in source}

    def date(self) -> str | None:
        answer = self.text("source-date", True)
        if not answer:
            return None
        iso = iso_date(answer)
        if iso is None:
            self.fail("source-date", f"'{short(answer)}' không phải một ngày; ghi ngày/tháng/năm, ví dụ 22/01/2019.")
        return iso

    def models(self) -> list[dict]:
        topics = read_catalog(self.root, "topics.yml")
        fields = {item["id"]: item for item in topics.get("fields", [])}
        by_label = {slugify(item["label"]): item["id"] for item in fields.values()}
        out = []
        for number, line in enumerate(_lines(self.text("models") or ""), start=1):
            parts = [part.strip() for part in re.split(r"\s+[—–-]\s+", line)]
            if len(parts) != 4 or not all(parts):
                self.fail("models", f"dòng {number} ('{short(line)}') cần đủ 4 phần cách nhau bằng ' — ': tên mô hình "
                                    "— chủ thể — tập thể/cá nhân — lĩnh vực.")
                continue
            title, owner, kind, field_name = parts
            kind_value = {"tap-the": "tap-the", "ca-nhan": "ca-nhan"}.get(slugify(kind))
            field_value = slugify(field_name) if slugify(field_name) in fields else by_label.get(slugify(field_name))
            if kind_value is None:
                self.fail("models", f"dòng {number}: '{short(kind)}' phải là 'tập thể' hoặc 'cá nhân'.")
            if field_value is None:
                self.fail("models", f"dòng {number}: lĩnh vực '{short(field_name)}' không có trong danh mục; chọn một "
                                    f"trong: {', '.join(item['label'] for item in fields.values())}.")
            if kind_value and field_value:
                out.append({"title": title.strip('"“”'), "owner": owner, "kind": kind_value, "field": field_value})
        return out

    def lessons(self) -> list[dict]:
        paragraphs = _paragraphs(self.text("lessons") or "")
        if not paragraphs:
            return []
        chosen = [option.split(" — ")[0].strip() for option in _lines(self.answers.get("lesson-topics", ""))
                  for option in option.split(", ")]
        known = {item["id"] for item in read_catalog(self.root, "topics.yml").get("lesson_topics", [])}
        topics = [topic for topic in chosen if topic in known]
        if not topics:
            self.fail("lesson-topics", "chưa chọn chủ đề nào cho các bài học: chọn ít nhất một chủ đề trong danh sách.")
            return []
        out = []
        for paragraph in paragraphs:
            order = re.match(r"^(Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là|^Thứ (nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|"
                             r"mười)", paragraph)
            text = paragraph[order.end():].lstrip(" ,:.") if order else paragraph
            item = {"title": _first_clause(text)}
            if order:
                item["order"] = order.group(0)
            item.update({"text": paragraph, "topics": topics})
            out.append(item)
        return out

    def results(self) -> list[dict]:
        out = []
        for number, line in enumerate(_lines(self.text("results") or ""), start=1):
            parts = [part.strip() for part in re.split(r"\s+[—–]\s+", line)]
            figure = read_figure(parts[1]) if len(parts) in (2, 3) else None
            year = parts[2] if len(parts) == 3 else None
            if isinstance(figure, str):  # a number that can be read two ways, or not at all: asked, never guessed
                self.fail("results", f"dòng {number}: {figure}")
                continue
            if figure is None or (year is not None and not re.fullmatch(r"(19|20)[0-9]{2}", year)):
                self.fail("results", f"dòng {number} ('{short(line)}') cần dạng: nội dung — số liệu — năm, ví dụ "
                                     "'Hộ nghèo giảm còn — 2,5% — 2018'.")
                continue
            if "." in parts[1].split()[0]:  # said back, so that '1.500' meant as one and a half is caught
                self.notes.append(f"Kết quả dòng {number}: '{short(parts[1], 30)}' được đọc là {figure[0]} "
                                  f"{figure[1]}".rstrip() + " (dấu chấm ngăn hàng nghìn).")
            item = {"label": parts[0], "value": figure[0]}
            if figure[1]:
                item["unit"] = figure[1]
            if year:
                item["year"] = int(year)
            out.append(item)
        return out

    def paragraphs(self, box: str, key: str) -> list[dict]:
        return [{key: paragraph} for paragraph in _paragraphs(self.text(box) or "")]

    def references(self) -> tuple[list[str], list[str]]:
        directives = record_ids(self.root, "directive")
        themes = record_ids(self.root, "theme")
        found_directives, found_themes = [], []
        for line in _lines(self.text("directives") or ""):
            for item in re.split(r"[,;]\s*", line):
                slug = slugify(item)
                if slug in themes:
                    found_themes.append(slug)
                elif slug in directives:
                    found_directives.append(slug)
                elif slug:
                    self.notes.append(f"Chưa có hồ sơ văn bản hay chuyên đề '{short(item)}': người biên tập sẽ thêm "
                                      "(hồ sơ này chưa nhắc tới nó).")
        return list(dict.fromkeys(found_directives)), list(dict.fromkeys(found_themes))


def _choice_label(value: str) -> str:
    return dict(enum_choices(schemas.schema("unit")["properties"]["level"])).get(value, value)


_FIGURE = re.compile(r"([0-9][0-9.,]*)(.*)", re.S)
_THOUSANDS_OR_DECIMAL = re.compile(r"[0-9]{1,3},[0-9]{3}")  # '1,500': one and a half, or one thousand five hundred


def read_figure(text: str) -> tuple[int | float, str] | str | None:
    """'4.800 lượt' → (4800, 'lượt'); '98,8%' → (98.8, '%'), the Vietnamese way of writing numbers. The number is
    the whole run of digits, dots and commas, never the start of it ('12.3456 hộ' is not 12345 and '6 hộ'). A run
    that is not a Vietnamese number, or reads two ways ('1.5', '1,500'), gives the question for the author (a
    str); no number at all gives None."""
    match = _FIGURE.fullmatch(text.strip())
    if not match:
        return None
    written, unit = match.group(1).rstrip(".,"), match.group(1)[len(match.group(1).rstrip(".,")):] + match.group(2)
    unit = unit.strip()
    if unit and unit[0] != "%" and not unit[0].isalpha():
        return None  # '40/45', '2-3', '1 .5 triệu': not one figure followed by its unit
    digits = written.replace(".", "").replace(",", "")
    if len(digits) > MAX_DIGITS:
        return (f"số '{short(written, 24)}' có {len(digits)} chữ số: ghi số liệu như bài viết, không quá {MAX_DIGITS} "
                "chữ số.")
    if _THOUSANDS_OR_DECIMAL.fullmatch(written):
        whole, fraction = written.split(",")
        return (f"'{written}' đọc được hai cách: nếu là {whole} phẩy {fraction.rstrip('0') or '0'}, viết "
                f"{whole},{fraction.rstrip('0') or '0'}; nếu là {whole}{fraction} (hàng nghìn), viết {whole}.{fraction}.")
    value = parse_number(written)
    if value is None:
        dotted = written.replace(",", "")
        simple = re.fullmatch(r"[0-9]+\.[0-9]+", dotted)
        hint = (f"nếu là số thập phân, viết {dotted.replace('.', ',')} (dấu phẩy trước phần lẻ)" if simple else
                "viết dấu chấm giữa các nhóm ba chữ số, dấu phẩy trước phần lẻ")
        return (f"không đọc được số '{short(written, 24)}' theo cách viết Việt Nam: {hint}; ví dụ 4.800 (bốn nghìn "
                "tám trăm), 98,8%.")
    return value, unit


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•* ").strip() for line in text.split("\n") if line.strip()]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _first_clause(text: str, limit: int = 80) -> str:
    clause = re.split(r"[.;:]\s", text, maxsplit=1)[0].strip().rstrip(".")
    clause = clause[:1].upper() + clause[1:]
    return clause if len(clause) <= limit else clause[:limit].rsplit(" ", 1)[0] + "…"


def _unfence(text: str) -> str:
    """A `render: text` box comes back inside ``` fences."""
    match = re.fullmatch(r"```[a-z]*\n(.*)\n```", text.strip(), flags=re.DOTALL)
    return match.group(1).strip() if match else text


def short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


def record_text(meta: dict, summary: str) -> str:
    """The record file, through the one writer (every string a YAML double-quoted scalar: no answer can change
    the structure of the frontmatter)."""
    return writer.record_text("unit", meta, summary.strip(),
                              header=["Tạo từ biểu mẫu 'Đề xuất mô hình / kinh nghiệm' (kb from-issue); người biên tập xem lại."])

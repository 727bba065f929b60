"""`kb from-issue BODYFILE`: a GitHub issue-form body becomes a record (or an article to import).

GitHub writes an issue-form answer as a `### Label` heading, a blank line and the answer
(`_No response_` when the box was left empty). The two forms are described here once, as data
(FORMS), and `.github/ISSUE_TEMPLATE/*.yml` is generated from that description (`kb docs`), so the
parser and the form cannot drift apart; the dropdowns take their choices from the schema.

The body is untrusted. Nothing in it is run or interpolated; every answer is read as text and turned
into a record value by a small, explicit rule. A wrong or hostile answer gives a Vietnamese message
that names the box of the form and says what to write there instead (`FormProblem`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import schema as schemas
from .cms import enum_choices
from .diagnostics import Diagnostic
from .fix import iso_date
from .ids import free_unit_id
from .scaffold import existing_units, read_catalog
from .vietnamese import nfc, slugify

NO_RESPONSE = "_No response_"
MAX_BODY_CHARS = 200_000
MAX_ANSWER_CHARS = 20_000
ARTICLE_LABEL, RECORD_LABEL = "bai-bao", "de-xuat"


@dataclass(frozen=True)
class Box:
    """One box of an issue form: its id, kind (input, textarea, dropdown), label and help text."""

    id: str
    kind: str
    label: str
    description: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    multiple: bool = False


@dataclass(frozen=True)
class Form:
    file: str
    name: str
    description: str
    title: str
    label: str
    intro: str
    boxes: tuple[Box, ...]


def _level_options() -> tuple[str, ...]:
    level = schemas.schema("unit")["properties"]["level"]
    return tuple(f"{value} — {label}" for value, label in enum_choices(level))


def _topic_options(root: Path) -> tuple[str, ...]:
    return tuple(f"{item['id']} — {item['label']}" for item in read_catalog(root, "topics.yml").get("lesson_topics", []))


def record_form(root: Path) -> Form:
    return Form(
        file="de-xuat.yml", name="Đề xuất mô hình / kinh nghiệm",
        description="Gửi một đơn vị cùng mô hình, bài học kinh nghiệm của đơn vị; máy sẽ mở một pull request "
                    "để người biên tập xem lại.",
        title="Đề xuất: ", label=RECORD_LABEL,
        intro="Chỉ ghi những gì bài viết nguồn nói, chép nguyên văn tên mô hình và bài học. Sau khi gửi, máy "
              "đọc biểu mẫu, trả lời ngay dưới đây những ô cần sửa, hoặc đường dẫn tới pull request. Sửa "
              "biểu mẫu (nút ··· → Edit) thì pull request được cập nhật theo.",
        boxes=(
            Box("name", "input", "Tên đơn vị (name)", "Như bài viết ghi, ví dụ: Huyện ủy Cầu Ngang", True),
            Box("place", "input", "Địa danh (place)",
                "Tên địa danh, không có tên cơ quan: Cầu Ngang. Bỏ trống thì lấy từ tên đơn vị."),
            Box("level", "dropdown", "Cấp (level)", "", True, _level_options()),
            Box("province", "input", "Tỉnh, thành phố tại thời điểm bài viết (province)",
                "Tên tỉnh như 'Trà Vinh' (hoặc mã 'tra-vinh')", True),
            Box("source-title", "input", "Tiêu đề bài viết nguồn (sources.title)", "", True),
            Box("source-publisher", "input", "Cơ quan đăng bài (sources.publisher)"),
            Box("source-date", "input", "Ngày đăng (sources.date)", "dd/mm/yyyy, ví dụ 22/01/2019", True),
            Box("source-author", "input", "Tác giả (sources.author)"),
            Box("source-url", "input", "Địa chỉ bài viết (sources.url)", "Bắt đầu bằng https:// hoặc http://"),
            Box("models", "textarea", "Mô hình, điển hình (models)",
                "Mỗi dòng một mô hình: tên mô hình — chủ thể — tập thể/cá nhân — lĩnh vực"),
            Box("lessons", "textarea", "Bài học kinh nghiệm (lessons)",
                "Chép nguyên văn, mỗi bài học một đoạn (cách nhau một dòng trống), giữ cách đánh số "
                "(Một là, Thứ nhất...)"),
            Box("lesson-topics", "dropdown", "Chủ đề của các bài học (lessons.topics)",
                "Chọn một hay nhiều chủ đề; người biên tập sẽ chia lại cho từng bài học nếu cần",
                False, _topic_options(root), multiple=True),
            Box("results", "textarea", "Kết quả bằng số liệu (results)",
                "Mỗi dòng: nội dung — số liệu — năm, ví dụ: Tỉ lệ hộ nghèo giảm còn — 2,5% — 2018"),
            Box("limitations", "textarea", "Hạn chế (limitations)", "Chép nguyên văn, mỗi hạn chế một đoạn"),
            Box("directives", "textarea", "Văn bản, chuyên đề được nhắc tới (directives, themes)",
                "Mỗi dòng một số hiệu (05-CT/TW) hoặc năm của chuyên đề (2018)"),
            Box("summary", "textarea", "Tóm tắt (thân hồ sơ)", "Tóm tắt bằng lời của bạn, không dùng HTML", True),
        ))


def article_form() -> Form:
    return Form(
        file="bai-bao.yml", name="Gửi bài báo",
        description="Gửi đường dẫn tới một bài báo (hoặc dán nội dung bài) kể về việc học tập và làm theo Bác "
                    "của một đơn vị; máy đọc bài và mở một pull request để người biên tập xem lại.",
        title="Bài báo: ", label=ARTICLE_LABEL,
        intro="Máy sẽ đọc bài (kb import), tạo bản nháp hồ sơ và trả lời ngay dưới đây. Chỉ gửi bài đã đăng "
              "công khai.",
        boxes=(
            Box("url", "input", "Địa chỉ bài báo", "Bắt đầu bằng https:// hoặc http://. Bỏ trống nếu dán nội dung "
                "bài ở ô dưới."),
            Box("text", "textarea", "Nội dung bài (nếu không có đường dẫn)",
                "Dán toàn văn bài, cả tiêu đề, ngày đăng và tên cơ quan đăng bài"),
            Box("sender", "input", "Người gửi", "Họ tên, đơn vị công tác (để người biên tập liên hệ khi cần)", True),
        ))


def forms(root: Path) -> dict[str, str]:
    """The issue-form files (path under the project root → YAML text) generated from FORMS."""
    out = {}
    for form in (article_form(), record_form(root)):
        out[f".github/ISSUE_TEMPLATE/{form.file}"] = _form_yaml(form)
    out[".github/ISSUE_TEMPLATE/config.yml"] = (
        "# Sinh tự động bởi `kb docs` (kb/fromissue.py) — không sửa tay.\nblank_issues_enabled: true\n")
    return out


def _form_yaml(form: Form) -> str:
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML string
    lines = ["# Sinh tự động bởi `kb docs` từ kb/fromissue.py (các lựa chọn lấy từ lược đồ) — không sửa tay.",
             "# `kb from-issue` đọc câu trả lời theo đúng các nhãn này.",
             f"name: {q(form.name)}", f"description: {q(form.description)}", f"title: {q(form.title)}",
             f"labels: [{q(form.label)}]", "body:", "  - type: markdown", "    attributes:",
             f"      value: {q(form.intro)}"]
    for box in form.boxes:
        lines += [f"  - type: {box.kind}", f"    id: {box.id}", "    attributes:", f"      label: {q(box.label)}"]
        if box.description:
            lines.append(f"      description: {q(box.description)}")
        if box.options:
            lines.append(f"      multiple: {'true' if box.multiple else 'false'}")
            lines.append("      options:")
            lines += [f"        - {q(option)}" for option in box.options]
        if box.kind == "textarea" and box.id == "text":
            lines.append("      render: text")
        if box.required:
            lines += ["    validations:", "      required: true"]
    return "\n".join(lines) + "\n"


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
        parsed.problems.append(f"Ô '{_label(form, 'url')}': '{_short(url)}' không phải địa chỉ web. Ghi địa chỉ bắt "
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
    unit_id = free_unit_id(meta["name"], meta["place"], meta["province"], meta["level"], taken)
    meta = {"id": unit_id, **meta}
    parsed.path = f"records/units/{meta['province']}/{unit_id}.md"
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
            from .scaffold import place_of
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
        self.fail("level", f"'{_short(answer)}' không phải một cấp; chọn một dòng trong danh sách "
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
        from .validate import did_you_mean
        self.fail("province", f"không có tỉnh, thành phố '{_short(answer)}'"
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
                self.fail("source-url", f"'{_short(url)}' không phải địa chỉ web: ghi địa chỉ bắt đầu bằng https://.")
        return {key: source[key] for key in ("title", "publisher", "date", "author", "url") if key in source}

    def date(self) -> str | None:
        answer = self.text("source-date", True)
        if not answer:
            return None
        iso = iso_date(answer)
        if iso is None:
            self.fail("source-date", f"'{_short(answer)}' không phải một ngày; ghi ngày/tháng/năm, ví dụ 22/01/2019.")
        return iso

    def models(self) -> list[dict]:
        topics = read_catalog(self.root, "topics.yml")
        fields = {item["id"]: item for item in topics.get("fields", [])}
        by_label = {slugify(item["label"]): item["id"] for item in fields.values()}
        out = []
        for number, line in enumerate(_lines(self.text("models") or ""), start=1):
            parts = [part.strip() for part in re.split(r"\s+[—–-]\s+", line)]
            if len(parts) != 4 or not all(parts):
                self.fail("models", f"dòng {number} ('{_short(line)}') cần đủ 4 phần cách nhau bằng ' — ': tên mô hình "
                                    "— chủ thể — tập thể/cá nhân — lĩnh vực.")
                continue
            title, owner, kind, field_name = parts
            kind_value = {"tap-the": "tap-the", "ca-nhan": "ca-nhan"}.get(slugify(kind))
            field_value = slugify(field_name) if slugify(field_name) in fields else by_label.get(slugify(field_name))
            if kind_value is None:
                self.fail("models", f"dòng {number}: '{_short(kind)}' phải là 'tập thể' hoặc 'cá nhân'.")
            if field_value is None:
                self.fail("models", f"dòng {number}: lĩnh vực '{_short(field_name)}' không có trong danh mục; chọn một "
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
            figure = parse_figure(parts[1]) if len(parts) in (2, 3) else None
            year = parts[2] if len(parts) == 3 else None
            if figure is None or (year is not None and not re.fullmatch(r"(19|20)[0-9]{2}", year)):
                self.fail("results", f"dòng {number} ('{_short(line)}') cần dạng: nội dung — số liệu — năm, ví dụ "
                                     "'Hộ nghèo giảm còn — 2,5% — 2018'.")
                continue
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
        directives = {p.stem for p in (self.root / "records" / "directives").glob("*.md")}
        themes = {p.stem for p in (self.root / "records" / "themes").glob("*.md")}
        found_directives, found_themes = [], []
        for line in _lines(self.text("directives") or ""):
            for item in re.split(r"[,;]\s*", line):
                slug = slugify(item)
                if slug in themes:
                    found_themes.append(slug)
                elif slug in directives:
                    found_directives.append(slug)
                elif slug:
                    self.notes.append(f"Chưa có hồ sơ văn bản hay chuyên đề '{_short(item)}': người biên tập sẽ thêm "
                                      "(hồ sơ này chưa nhắc tới nó).")
        return list(dict.fromkeys(found_directives)), list(dict.fromkeys(found_themes))


def _choice_label(value: str) -> str:
    return dict(enum_choices(schemas.schema("unit")["properties"]["level"])).get(value, value)


def parse_figure(text: str) -> tuple[int | float, str] | None:
    """'4.800 lượt' → (4800, 'lượt'); '98,8%' → (98.8, '%'): the Vietnamese way of writing numbers."""
    match = re.fullmatch(r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))?\s*(.*)", text.strip())
    if not match:
        return None
    whole = int(match.group(1).replace(".", ""))
    value = float(f"{whole}.{match.group(2)}") if match.group(2) else whole
    return value, match.group(3).strip()


def record_text(meta: dict, summary: str) -> str:
    """The record file: every string written as a JSON string (a YAML double-quoted scalar), so no answer
    can change the structure of the frontmatter."""
    lines = ["---", "# Tạo từ biểu mẫu 'Đề xuất mô hình / kinh nghiệm' (kb from-issue); người biên tập xem lại."]
    for key in schemas.field_order("unit", ()):
        if key in meta:
            lines += _yaml_field(key, meta[key], 0)
    body = summary.strip()
    return "\n".join(lines + ["---", body, ""])


def _yaml_field(key: str, value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, list) and value and isinstance(value[0], dict):
        out = [f"{pad}{key}:"]
        for item in value:
            first = True
            for inner_key, inner in item.items():
                rendered = _yaml_field(inner_key, inner, indent + 4)
                rendered[0] = (pad + "  - " if first else pad + "    ") + rendered[0].lstrip(" ")
                out += rendered
                first = False
        return out
    return [f"{pad}{key}: {json.dumps(value, ensure_ascii=False)}"]


def explain(diagnostics: list[Diagnostic], parsed: Parsed) -> list[str]:
    """The checker's messages about a record made from a form, told as what to change in which box."""
    from .yamlsource import read_yaml
    head = parsed.text.split("\n---\n", 1)[0] + "\n"
    located = read_yaml(head.split("\n", 1)[1], first_line=2)
    by_line = sorted((line, path) for path, (line, _) in located.positions.items() if path)
    boxes = {"name": "name", "place": "place", "level": "level", "province": "province",
             "directives": "directives", "themes": "directives", "models": "models", "lessons": "lessons",
             "results": "results", "limitations": "limitations"}
    form = record_form(Path("."))  # labels only; the dropdown options are not needed here
    out = []
    for item in diagnostics:
        path = next((p for line, p in reversed(by_line) if line <= item.line), ())
        if item.line > head.count("\n") + 1:
            box = "summary"
        elif path and path[0] == "sources":
            box = "source-" + (path[2] if len(path) > 2 else "title")
        else:
            box = boxes.get(path[0] if path else "", "name")
        label = _label(form, box) if any(b.id == box for b in form.boxes) else box
        out.append(f"Ô '{label}': {item.message} — {item.hint} ({item.code})")
    return out


def comment(parsed: Parsed, problems: list[str]) -> str:
    """The Vietnamese comment the workflow posts on the issue (without the pull request link)."""
    if problems:
        lines = ["Máy chưa tạo được hồ sơ từ biểu mẫu này. Xin sửa biểu mẫu (nút ··· → Edit) theo các ý sau; "
                 "sửa xong, máy sẽ đọc lại:", ""]
        lines += [f"- {_md(problem)}" for problem in problems]
    else:
        lines = ["Máy đã đọc biểu mẫu và tạo hồ sơ, kiểm tra (`kb check`) không còn lỗi.", ""]
        lines += [f"- {_md(note)}" for note in parsed.notes]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Answers quoted in a comment must not ping people or become links, images or HTML."""
    return (text.replace("<", "&lt;").replace(">", "&gt;").replace("@", "@\u200b")
            .replace("[", "\\[").replace("!", "\\!"))


def _label(form: Form, box_id: str) -> str:
    return next(box.label for box in form.boxes if box.id == box_id)


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


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


@dataclass
class Outcome:
    """What `kb from-issue` did: the exit code, the comment for the issue, the files it wrote."""

    code: int
    comment: str
    written: list[str] = field(default_factory=list)


def run(root: Path, body: str, form: str | None = None, write: bool = True) -> Outcome:
    """Read a form body, write the record (or import the article), check it, say what to change."""
    try:
        form = form or detect_form(body)
        parsed = parse_article(body) if form == ARTICLE_LABEL else parse_record(body, root)
    except FormProblem as problem:
        return Outcome(1, comment(Parsed(form or RECORD_LABEL, {}), [str(problem)]))
    if parsed.problems:
        return Outcome(1, comment(parsed, parsed.problems))
    if form == ARTICLE_LABEL:
        return _import_article(root, parsed, write)
    target = root / parsed.path
    if target.exists():
        return Outcome(1, comment(parsed, [f"Đã có hồ sơ `{parsed.path}` cho đơn vị này: người biên tập sẽ gộp tay; "
                                           "hoặc ghi rõ hơn ô 'Tên đơn vị' nếu đây là đơn vị khác."]))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(parsed.text, encoding="utf-8", newline="\n")
    problems = explain(_errors_in(root, [target]), parsed)
    if problems or not write:
        target.unlink()
    return Outcome(1 if problems else 0, comment(parsed, problems), [] if problems or not write else [parsed.path])


def _errors_in(root: Path, files: list[Path]) -> list[Diagnostic]:
    from .build import check
    wanted = {path.relative_to(root).as_posix() for path in files}
    return [d for d in check(root).diagnostics if d.is_error and d.path in wanted]  # the whole corpus is linked


def _import_article(root: Path, parsed: Parsed, write: bool) -> Outcome:
    """Hand the article to `kb import` (a command of its own) and check what it wrote."""
    import subprocess
    import sys
    import tempfile
    source = parsed.source
    with tempfile.TemporaryDirectory() as scratch:
        if not re.match(r"https?://", source):
            path = Path(scratch) / "bai-bao.txt"
            path.write_text(source, encoding="utf-8")
            source = str(path)
        before = _snapshot(root)
        command = [sys.executable, "-m", "kb.cli", "--root", str(root), "import", source]
        if not write:
            command.append("--dry-run")
        done = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=600)
    if done.returncode != 0:
        told = _short(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "", 400)
        return Outcome(1, comment(parsed, [f"Máy chưa đọc được bài: {told or 'kb import không thành công'}. "
                                           "Kiểm tra lại ô 'Địa chỉ bài báo' (mở được trong trình duyệt, không cần "
                                           "đăng nhập), hoặc dán toàn văn bài vào ô 'Nội dung bài'."]))
    changed = sorted(path for path, stamp in _snapshot(root).items() if before.get(path) != stamp)
    errors = _errors_in(root, [root / path for path in changed]) if changed else []
    problems = [f"`{d.path}` dòng {d.line}: {d.message} — {d.hint} ({d.code})" for d in errors]
    parsed.notes += [f"Hồ sơ: `{path}`." for path in changed] + ([f"Người gửi: {parsed.sender}."] if parsed.sender else [])
    parsed.notes.append("Bản nháp do máy đọc bài: người biên tập đối chiếu từng mục với bài gốc trước khi nhận.")
    if not changed:
        problems.append("kb import không tạo hay sửa hồ sơ nào: bài có thể đã có trong cơ sở dữ liệu.")
    return Outcome(1 if problems else 0, comment(parsed, problems), [] if problems else changed)


def _snapshot(root: Path) -> dict[str, bytes]:
    import hashlib
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in sorted((root / "records").rglob("*")) if p.is_file()}


def preview_html(form: Form) -> str:
    """A static picture of how GitHub shows the form (for the contributor guide's screenshots)."""
    import html
    e = html.escape
    parts = [f"<h1>{e(form.name)}</h1>", f"<p class=d>{e(form.description)}</p>", f"<div class=note>{e(form.intro)}</div>",
             "<label>Tiêu đề <span class=r>*</span></label>", f"<input value='{e(form.title)}'>"]
    for box in form.boxes:
        star = " <span class=r>*</span>" if box.required else ""
        parts.append(f"<label>{e(box.label)}{star}</label>")
        if box.description:
            parts.append(f"<p class=h>{e(box.description)}</p>")
        if box.kind == "dropdown":
            parts.append(f"<select><option>{'Chọn một hay nhiều mục' if box.multiple else 'Chọn một mục'}</option>"
                         + "".join(f"<option>{e(o)}</option>" for o in box.options) + "</select>")
        elif box.kind == "textarea":
            parts.append("<textarea rows=3></textarea>")
        else:
            parts.append("<input>")
    style = ("body{font:14px/1.5 system-ui,sans-serif;max-width:760px;margin:24px auto;color:#1f2328}"
             "h1{font-size:22px;margin:0 0 4px}.d{color:#59636e;margin:0 0 12px}"
             ".note{background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:8px 12px;margin-bottom:12px}"
             "label{display:block;font-weight:600;margin-top:14px}.h{color:#59636e;margin:2px 0 4px;font-size:12px}"
             ".r{color:#d1242f}input,select,textarea{width:100%;box-sizing:border-box;border:1px solid #d1d9e0;"
             "border-radius:6px;padding:5px 8px;font:inherit;background:#f6f8fa}")
    return (f"<!doctype html><html lang=vi><meta charset=utf-8><title>{e(form.name)}</title><style>{style}</style>"
            f"<body>{''.join(parts)}</body></html>")

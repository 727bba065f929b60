"""`kb from-issue BODYFILE`: a GitHub issue-form body becomes a record (or an article to import).

GitHub writes an issue-form answer as a `### Label` heading, a blank line and the answer
(`_No response_` when the box was left empty). The two forms are described once, as data, in
kb.issueforms, which also writes `.github/ISSUE_TEMPLATE/*.yml` (`kb docs`): the parser reads the
answers by the same labels, so the form and the parser cannot drift apart.

The body is untrusted. Nothing in it is run or interpolated; every answer is read as text and turned
into a record value by a small, explicit rule. A wrong or hostile answer gives a Vietnamese message
that names the box of the form and says what to write there instead (`FormProblem`). Most of the
module is `_Reader`: one small rule per box, in the order of the form, so that a reader can check a
box's rule against its help text in kb.issueforms.
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
from .issueforms import ARTICLE_LABEL, RECORD_LABEL, Form, article_form, label as _label, record_form
from .fix import iso_date
from .ids import free_unit_id
from .scaffold import existing_units, read_catalog
from .vietnamese import nfc, slugify

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

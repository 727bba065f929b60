"""`kb from-issue BODYFILE`: a GitHub issue-form body becomes a record (or an article to import).

GitHub writes an issue-form answer as a `### Label` heading, a blank line and the answer
(`_No response_` when the box was left empty). The two forms are described once, as data, in
kb.intake.issueforms, which also writes `.github/ISSUE_TEMPLATE/*.yml` (`kb docs`): the parser reads the
answers by the same labels, so the form and the parser cannot drift apart.

The body is untrusted. Nothing in it is run or interpolated; every answer is read as text and turned
into a record value by a small, explicit rule. A wrong or hostile answer gives a Vietnamese message
that names the box of the form and says what to write there instead (`FormProblem`). Most of the
module is `_Reader`: one small rule per box, in the order of the form, so that a reader can check a
box's rule against its help text in kb.intake.issueforms.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.runner import check
from kb.intake.answers import (
    FormProblem,
    Parsed,
    detect_form,
    parse_article,
    parse_record,
    short,
)
from kb.intake.issueforms import ARTICLE_LABEL, RECORD_LABEL, record_form
from kb.intake.issueforms import label as _label
from kb.model.diagnostics import Diagnostic
from kb.text.characters import shown
from kb.text.yamlsource import read_yaml


def explain(diagnostics: list[Diagnostic], parsed: Parsed) -> list[str]:
    """The checker's messages about a record made from a form, told as what to change in which box."""
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


# What GitHub acts on in a comment or a pull request's body: references (#1, org/repo#2, GH-3, an issue's URL on
# github.com) — which "Fixes", "Closes"… turn into closing the issue when the pull request is merged — and mentions
# (@name, @org/team). A zero-width space inside each keeps the text as it reads and matches none of them.
_REFERENCE = re.compile(r"#(?=[0-9])|\bGH-(?=[0-9])|\bgithub(?=\.com)", re.I)
_JOIN = "\u200b"


def _md(text: str) -> str:
    """Answers quoted in a comment (and in the pull request's body) must not ping people, close or mention issues,
    become links, images or HTML, or carry a control character (shown as <U+001B>)."""
    text = (shown(text).replace("<", "&lt;").replace(">", "&gt;").replace("@", "@" + _JOIN)
            .replace("[", "\\[").replace("!", "\\!"))
    return _REFERENCE.sub(lambda match: match.group(0) + _JOIN, text)


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
    wanted = {path.relative_to(root).as_posix() for path in files}
    return [d for d in check(root).diagnostics if d.is_error and d.path in wanted]  # the whole corpus is linked


IMPORT_SECONDS = 600  # `kb import` has its own deadline for a URL (kb.intake.article.read.TOTAL_SECONDS), far below


def _import_article(root: Path, parsed: Parsed, write: bool) -> Outcome:
    """Hand the article to `kb import` (a command of its own) and check what it wrote."""
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
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=IMPORT_SECONDS)
        except subprocess.TimeoutExpired:
            return Outcome(1, comment(parsed, [f"Máy đọc bài quá {IMPORT_SECONDS // 60} phút mà chưa xong (trang tải quá "
                                               "chậm hoặc bài quá dài), nên đã dừng và không ghi gì. Dán toàn văn bài "
                                               "vào ô 'Nội dung bài' (để trống ô 'Địa chỉ bài báo'), hoặc thử lại sau."]))
    if done.returncode != 0:
        told = short(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "", 400)
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
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in sorted((root / "records").rglob("*")) if p.is_file()}

"""The two GitHub issue forms, described once as data: "Gửi bài báo" and "Đề xuất mô hình / kinh nghiệm".

`forms(root)` writes `.github/ISSUE_TEMPLATE/*.yml` from this description (`kb docs`); `kb from-issue`
(kb.intake.fromissue) reads an issue body by the same labels. The dropdowns take their choices from the
schema's vocabularies (kb.model.vocabulary.enum_choices) and from records/topics.yml.
`preview_html` draws a form roughly as GitHub shows it, for the contributor guide's screenshots.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from kb.check.load import read_catalog
from kb.model import schema as schemas
from kb.model.vocabulary import enum_choices

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
            Box("source-date", "input", "Ngày đăng (sources.date)",
                "dd/mm/yyyy, ví dụ 22/01/2019 (hoặc: ngày 22 tháng 1 năm 2019)", True),
            Box("source-author", "input", "Tác giả (sources.author)"),
            Box("source-url", "input", "Địa chỉ bài viết (sources.url)",
                "Chép từ thanh địa chỉ của trình duyệt, ví dụ https://baotravinh.vn/…"),
            Box("models", "textarea", "Mô hình, điển hình (models)",
                "Mỗi dòng một mô hình: tên mô hình — chủ thể — tập thể/cá nhân — lĩnh vực (tên mô hình có dấu '-' "
                "vẫn được: máy đọc ba phần cuối từ bên phải)"),
            Box("lessons", "textarea", "Bài học kinh nghiệm (lessons)",
                "Chép nguyên văn, mỗi bài học một dòng (hoặc một đoạn), giữ cách đánh số (Một là, Thứ nhất...)"),
            Box("lesson-topics", "dropdown", "Chủ đề của các bài học (lessons.topics)",
                "Chọn một hay nhiều chủ đề; người biên tập sẽ chia lại cho từng bài học nếu cần",
                False, _topic_options(root), multiple=True),
            Box("results", "textarea", "Kết quả bằng số liệu (results)",
                "Mỗi dòng: nội dung — số liệu — năm, ví dụ: Tỉ lệ hộ nghèo giảm còn — 2,5% — 2018"),
            Box("limitations", "textarea", "Hạn chế (limitations)", "Chép nguyên văn, mỗi hạn chế một dòng (hoặc một đoạn)"),
            Box("directives", "textarea", "Văn bản, chuyên đề được nhắc tới (directives, themes)",
                "Mỗi dòng một văn bản (Chỉ thị 05, 05-CT/TW) hoặc một chuyên đề (chuyên đề năm 2018, 2018)"),
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
            Box("url", "input", "Địa chỉ bài báo", "Chép từ thanh địa chỉ của trình duyệt (https://…). Bỏ trống nếu "
                "dán nội dung bài ở ô dưới."),
            Box("text", "textarea", "Nội dung bài (nếu không có đường dẫn)",
                "Dán toàn văn bài, cả tiêu đề, ngày đăng và tên cơ quan đăng bài"),
            Box("summary", "textarea", "Tóm tắt bài báo (thân hồ sơ)",
                "Hai, ba câu bằng lời của bạn: bài kể đơn vị nào đã làm gì. Chỉ nói điều bài nói; không dùng HTML",
                True),
            Box("sender", "input", "Người gửi", "Họ tên, đơn vị công tác (để người biên tập liên hệ khi cần)", True),
        ))


def forms(root: Path) -> dict[str, str]:
    """The issue-form files (path under the project root → YAML text) generated from FORMS."""
    out = {}
    for form in (article_form(), record_form(root)):
        out[f".github/ISSUE_TEMPLATE/{form.file}"] = _form_yaml(form)
    out[".github/ISSUE_TEMPLATE/config.yml"] = (
        "# Sinh tự động bởi `kb docs` (kb/issueforms.py) — không sửa tay.\nblank_issues_enabled: true\n")
    return out


def _form_yaml(form: Form) -> str:
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML string
    lines = ["# Sinh tự động bởi `kb docs` từ kb/issueforms.py (các lựa chọn lấy từ lược đồ) — không sửa tay.",
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


def label(form: Form, box_id: str) -> str:
    """The label of a box, as GitHub writes it in the issue body ('### label')."""
    return next(box.label for box in form.boxes if box.id == box_id)


def preview_html(form: Form) -> str:
    """A static picture of how GitHub shows the form (for the contributor guide's screenshots)."""
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

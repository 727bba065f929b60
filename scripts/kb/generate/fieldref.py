"""The contributor guide's field reference, generated from the schema (one source of truth)."""

from __future__ import annotations

import re

from kb.model import schema as schemas
from kb.model.diagnostics import CODES, ERROR


def cell(value: str) -> str:
    """Table cell text from the schema or the code registry (project text, not record data): a remedy that names
    a tag ("không dùng <script>") shows it, it never becomes one."""
    return " ".join(value.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")



SECTIONS = [
    ("unit", (), "Đơn vị — `records/units/<mã tỉnh>/<id>.md`"),
    ("unit", ("sources", 0), "Nguồn (mỗi mục của sources)"),
    ("unit", ("models", 0), "Mô hình, điển hình (mỗi mục của models)"),
    ("unit", ("lessons", 0), "Bài học kinh nghiệm (mỗi mục của lessons)"),
    ("unit", ("results", 0), "Kết quả (mỗi mục của results)"),
    ("unit", ("limitations", 0), "Hạn chế (mỗi mục của limitations)"),
    ("theme", (), "Chuyên đề — `records/themes/<id>.md`"),
    ("directive", (), "Văn bản — `records/directives/<id>.md`"),
]


def _type_of(prop: dict, kind: str) -> str:
    prop = schemas.resolve(prop, kind)
    if "enum" in prop:
        return "một trong: " + ", ".join(f"`{v}`" for v in prop["enum"])
    kinds = {"string": "văn bản", "integer": "số nguyên", "number": "số", "array": "danh sách", "object": "bảng"}
    value = prop.get("type", "")
    if isinstance(value, list):
        return " / ".join(kinds.get(v, v) for v in value)
    if value == "string" and prop.get("pattern", "").startswith("^[0-9]{4}"):
        return "ngày \"YYYY-MM-DD\""
    if value == "string" and "[a-z0-9]+(-" in prop.get("pattern", ""):
        return "mã (chữ thường không dấu)"
    return kinds.get(value, value or "—")


def field_reference() -> str:
    """Markdown: one table per record part, in the canonical key order."""
    blocks = []
    for kind, path, heading in SECTIONS:
        node = schemas.node_at(kind, path)
        required = set(node.get("required", []))
        rows = ["| Trường | Bắt buộc | Kiểu | Ý nghĩa |", "| --- | --- | --- | --- |"]
        for name in schemas.field_order(kind, path):
            prop = node["properties"][name]
            described = schemas.resolve(prop, kind).get("description", "")
            rows.append(f"| `{name}` | {'có' if name in required else ''} | {_type_of(prop, kind)} | "
                        f"{cell(described)} |")
        blocks.append(f"## {heading}\n\n" + "\n".join(rows))
    return "\n\n".join(blocks)


def codes_reference() -> str:
    """Markdown table of every diagnostic code, from the registry."""
    rows = ["| Mã | Mức | Lỗi | Cách sửa |", "| --- | --- | --- | --- |"]
    for code, (severity, title, remedy) in sorted(CODES.items()):
        rows.append(f"| `{code}` | {'lỗi' if severity == ERROR else 'cảnh báo'} | {cell(title)} | {cell(remedy)} |")
    return "\n".join(rows)


GENERATED_SECTIONS = {"truong-du-lieu": field_reference, "ma-loi": codes_reference}


def refresh_sections(document: str) -> str:
    """Replace each '<!-- kb:NAME -->…<!-- /kb:NAME -->' block with freshly generated text."""
    for name, generate in GENERATED_SECTIONS.items():
        pattern = re.compile(rf"(<!-- kb:{name} -->\n).*?(<!-- /kb:{name} -->)", re.S)
        document = pattern.sub(lambda m: m.group(1) + generate() + "\n" + m.group(2), document)
    return document

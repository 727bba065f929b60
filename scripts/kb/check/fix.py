"""Safe, meaning-preserving fixes for record files (`kb fix`).

Only mechanical changes: UTF-16 → UTF-8, BOM removed, CRLF → LF, NFC, trailing
spaces in the frontmatter, one final newline, and the schema's canonical key
order. The key order is changed on the text (comments stay with their field)
and kept only if the reordered frontmatter parses to exactly the same data.
Applying the fixes twice changes nothing the second time.

With `legacy=True` (`kb fix --legacy`), text in the old TCVN3/VNI fonts is
converted to Unicode line by line (kb.text.legacy), and a file that is not UTF-8 is
read as the 8-bit bytes of those fonts or as Windows-1258. These are repairs
that a person should read over, so they are never applied without asking, and
every converted line is listed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.load import RECORD_KINDS, decode, is_utf16, split_record, utf16_text
from kb.model import schema as schemas
from kb.model.diagnostics import Diagnostic
from kb.model.writer import list_fields
from kb.text.dates import iso_date
from kb.text.legacy import guess_encoding as legacy_encoding
from kb.text.legacy import legacy_words, repair_line
from kb.text.vietnamese import nfc
from kb.text.yamlsource import read_yaml

_DMY_DATE_LINE = re.compile(r'^(?P<key>\s*(?:- )?date:\s*)(?P<q>["\']?)(?P<value>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})(?P=q)'
                            r'(?P<rest>\s*(?:#.*)?)$')
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
LIST_OF_MAPPINGS = list_fields("unit")


@dataclass
class Fixed:
    text: str
    changes: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # what needs a person: lines left as they were


class NotText(ValueError):
    """The bytes cannot be read as text without guessing: `problem` says where (KB301)."""

    def __init__(self, problem: Diagnostic) -> None:
        super().__init__(problem.message)
        self.problem = problem


def fix_text(raw: bytes | str, kind: str, legacy: bool = False, path: str = "") -> Fixed:
    """Return the fixed text of one record file and a Vietnamese list of what changed. `path` names the file in
    a NotText's diagnostic (damaged UTF-16; not UTF-8 without `legacy`)."""
    changes: list[str] = []
    unresolved: list[str] = []
    if isinstance(raw, bytes):
        text = _decode(raw, legacy, changes, unresolved, path)
    else:
        text = raw
        if text.startswith("\ufeff"):
            text = text[1:]
            changes.append("bỏ BOM ở đầu tệp")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "đổi xuống dòng CRLF thành LF" not in changes:
            changes.append("đổi xuống dòng CRLF thành LF")
    if legacy:
        text = _convert_legacy_lines(text, changes, unresolved)
    normalised = nfc(text)
    if normalised != text:
        text = normalised
        changes.append("chuẩn hoá Unicode NFC")
    head, body = _split(text)
    if head is not None:
        stripped = "\n".join(line.rstrip() for line in head.split("\n"))
        if stripped != head:
            head = stripped
            changes.append("bỏ dấu cách thừa cuối dòng")
        head = _convert_dates(head, changes)
        ordered = reorder_frontmatter(head, kind)
        if ordered != head:
            head = ordered
            changes.append("xếp các trường theo thứ tự chuẩn")
        text = "---\n" + head + "---\n" + body
    ending = text.rstrip("\n") + "\n"
    if ending != text:
        extra = len(text) - len(text.rstrip("\n")) - 1
        changes.append(f"cuối tệp có {extra} dòng trống thừa → bỏ" if extra > 0
                       else "dòng cuối không có dấu xuống dòng → thêm")
        text = ending
    return Fixed(text, changes, unresolved)


def record_files(root: Path) -> list[Path]:
    """The record files `kb fix` looks at by default: records/<kind folder>/**.md, not the notes
    (README-like .md files such as records/PROVINCES-SOURCES.md) that sit beside them."""
    return sorted(path for folder in RECORD_KINDS for path in (Path(root) / "records" / folder).rglob("*.md"))


def _convert_dates(head: str, changes: list[str]) -> str:
    """date: 01/06/2023 → date: "2023-06-01" (only real dates; anything else is left for kb check)."""
    lines = head.split("\n")
    for number, line in enumerate(lines, start=2):
        match = _DMY_DATE_LINE.match(line)
        converted = iso_date(match.group("value")) if match else None
        if converted:
            lines[number - 2] = f'{match.group("key")}"{converted}"{match.group("rest")}'
            changes.append(f"dòng {number}: ngày '{match.group('value')}' (ngày/tháng/năm) → \"{converted}\"")
    return "\n".join(lines)


def _decode(raw: bytes, legacy: bool, changes: list[str], unresolved: list[str], path: str) -> str:
    if is_utf16(raw):
        text, damage = utf16_text(raw, path)
        if damage is not None:
            raise NotText(damage)
        changes.append("chuyển bảng mã UTF-16 sang UTF-8")
        return text
    if raw.startswith(codecs.BOM_UTF8):
        changes.append("bỏ BOM ở đầu tệp")
    if b"\r" in raw:
        changes.append("đổi xuống dòng CRLF thành LF")
    problems: list[Diagnostic] = []
    text = decode(raw, path, problems)  # the checker's reader: BOM dropped, CRLF → LF
    if text is not None:
        return text
    if not legacy:
        raise NotText(problems[0])
    eight_bit = raw.decode("latin-1")
    lines = [line for line in eight_bit.split("\n") if re.search(r"[\x80-\xff]", line)]
    if all(legacy_encoding(line) for line in lines):
        changes.append("đọc tệp như chữ của phông TCVN3/VNI (tệp không phải UTF-8)")
        return eight_bit
    changes.append("đọc tệp theo bảng mã Windows-1258, lưu lại bằng UTF-8")
    text = raw.decode("cp1258", errors="replace")
    for number, line in enumerate(text.split("\n"), start=1):
        if "\ufffd" in line:
            unresolved.append(f"dòng {number}: có byte không thuộc bảng mã Windows-1258, đã thay bằng '\ufffd': sửa tay")
    return text


def _convert_legacy_lines(text: str, changes: list[str], unresolved: list[str]) -> str:
    names = {"tcvn3": "TCVN3", "vni": "VNI"}
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        repaired = repair_line(line)
        if repaired is not None:
            new, encoding = repaired
            changes.append(f"dòng {number}: chữ {names[encoding]} → Unicode: '{_short(line)}' → '{_short(new)}'")
            line = new
        elif legacy_words(line):
            unresolved.append(f"dòng {number}: có chữ lỗi phông lẫn với chữ Unicode ('{_short(line)}'), "
                              "không tự chuyển được: sửa tay")
        out.append(line)
    return "\n".join(out)


def _short(line: str, length: int = 40) -> str:
    line = line.strip()
    return line if len(line) <= length else line[:length - 1] + "…"


def _split(text: str) -> tuple[str | None, str]:
    """Frontmatter and body, split by the checker's own splitter (kb.check.load); (None, text) when the
    frontmatter is missing or does not parse — such a file is left for `kb check` to explain."""
    source = split_record("", "", text, [])
    if source is None:
        return None, text
    lines = text.split("\n")
    return "\n".join(lines[1:source.body_line - 2]) + "\n", source.body


def reorder_frontmatter(head: str, kind: str) -> str:
    if kind not in ("unit", "theme", "directive"):
        return head
    before = read_yaml(head)
    if before.problems or not isinstance(before.data, dict):
        return head
    lines = head.rstrip("\n").split("\n")
    reordered = _reorder_mapping(lines, 0, kind, ())
    candidate = "\n".join(reordered) + "\n"
    after = read_yaml(candidate)
    if after.problems or after.data != before.data:
        return head
    return candidate


def _entries(lines: list[str], indent: int) -> list[tuple[str | None, list[str]]]:
    """Split a mapping's lines into (key, lines) entries; comments go with the next key."""
    entries: list[tuple[str | None, list[str]]] = []
    pending: list[str] = []
    for line in lines:
        match = _KEY_LINE.match(line)
        if match and len(match.group("indent")) == indent and not match.group("dash"):
            entries.append((match.group("key"), pending + [line]))
            pending = []
        elif entries and not (line.strip().startswith("#") and _indent(line) <= indent):
            if pending:
                entries[-1][1].extend(pending)
                pending = []
            entries[-1][1].append(line)
        else:
            pending.append(line)
    if pending:
        entries.append((None, pending))
    return entries


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _reorder_mapping(lines: list[str], indent: int, kind: str, path: tuple) -> list[str]:
    entries = _entries(lines, indent)
    order = schemas.field_order(kind, path)
    rank = {name: position for position, name in enumerate(order)}
    keyed = [(key, block) for key, block in entries if key is not None]
    trailing = [block for key, block in entries if key is None]
    keyed_sorted = sorted(enumerate(keyed), key=lambda item: (rank.get(item[1][0], len(order)), item[0]))
    out: list[str] = []
    for _, (key, block) in keyed_sorted:
        if key in LIST_OF_MAPPINGS and kind == "unit" and not path:
            block = [block[0]] + _reorder_items(block[1:], kind, (key, 0))
        out.extend(block)
    for block in trailing:
        out.extend(block)
    return out


def _reorder_items(lines: list[str], kind: str, path: tuple) -> list[str]:
    """Reorder the keys inside each '- key: value' item of a block list of mappings."""
    first = next((line for line in lines if line.strip() and not line.strip().startswith("#")), None)
    if first is None or not first.lstrip().startswith("- "):
        return lines
    dash_indent = _indent(first)
    items: list[list[str]] = []
    prefix: list[str] = []
    for line in lines:
        if line.startswith(" " * dash_indent + "- ") and _indent(line) == dash_indent:
            items.append([line])
        elif items:
            items[-1].append(line)
        else:
            prefix.append(line)
    out = list(prefix)
    inner = dash_indent + 2
    for item in items:
        flattened = [" " * inner + item[0][inner:]] + item[1:]
        if not _KEY_LINE.match(flattened[0]):
            out.extend(item)
            continue
        reordered = _reorder_mapping(flattened, inner, kind, path)
        first_key = next(i for i, line in enumerate(reordered) if _KEY_LINE.match(line) and _indent(line) == inner)
        reordered[first_key] = " " * dash_indent + "- " + reordered[first_key][inner:]
        out.extend(reordered)
    return out

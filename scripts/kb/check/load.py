"""Stage 1 — load: files under records/ → SourceFile (text, frontmatter data, positions).

Only file-level problems are found here: what cannot be read, decoded or
split. Everything about the content is the validate stage's job.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.model import kinds
from kb.model.diagnostics import Diagnostic, diagnostic
from kb.text.characters import first_refused, named
from kb.text.vietnamese import fold
from kb.text.yamlsource import LocatedYaml, read_yaml

MAX_FILE_BYTES = 1024 * 1024
FILE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a record's file name is its id and its page's address

RECORD_KINDS = {kind.folder: kind.name for kind in kinds.RECORD_KINDS}  # folder under records/ → kind
CATALOG_FILES = kinds.CATALOG_FILES
ALLOWED_EXTRA_FILES = {".md"}  # documentation beside the records (README-like notes)

_YAML_PROBLEM_CODES = {"syntax": "KB102", "duplicate-key": "KB103", "alias": "KB104", "tag": "KB105",
                       "number": "KB112", "number-range": "KB122", "nesting": "KB123", "character": "KB305"}
_COMPLETE_DATA_PROBLEMS = {"duplicate-key", "number"}  # the data is whole: its fields can still be checked


@dataclass
class SourceFile:
    """One record file as read from disk."""

    path: str  # posix path relative to the project root
    kind: str  # unit | theme | directive | catalog
    text: str
    meta: dict | None = None
    yaml: LocatedYaml = field(default_factory=lambda: LocatedYaml(None))
    body: str = ""
    body_line: int = 1

    @property
    def stem(self) -> str:
        return Path(self.path).stem


@dataclass
class Loaded:
    records: list[SourceFile]
    catalogs: dict[str, SourceFile]
    diagnostics: list[Diagnostic]


def load_tree(root: Path, only: list[Path] | None = None) -> Loaded:
    """Read every record and catalogue under root/records (or only the given files)."""
    root = Path(root)
    records_dir = root / "records"
    loaded = Loaded([], {}, [])
    for name in CATALOG_FILES:
        catalog_path = records_dir / name
        source = _read_catalog(root, catalog_path, loaded.diagnostics)
        if source is not None:
            loaded.catalogs[name] = source
    wanted = {p.resolve() for p in only} if only else None
    for path in sorted(_walk(records_dir)):
        relative = path.relative_to(root).as_posix()
        kind = _kind_of(path, records_dir)
        if kind is None:
            if path.suffix not in ALLOWED_EXTRA_FILES and path.name not in CATALOG_FILES:
                loaded.diagnostics.append(diagnostic(
                    relative, 1, 1, "KB117", f"tệp '{path.name}' không phải hồ sơ .md"))
            elif path.suffix == ".md" and _looks_like_record(path, records_dir):
                loaded.diagnostics.append(diagnostic(
                    relative, 1, 1, "KB121", f"tệp '{relative}' không nằm trong thư mục hồ sơ nào "
                    f"({', '.join('records/' + folder + '/' for folder in RECORD_KINDS)})"))
            continue
        if wanted is not None and path.resolve() not in wanted:
            continue
        source = read_record(root, path, kind, loaded.diagnostics)
        if source is not None:
            loaded.records.append(source)
    return loaded


def _walk(directory: Path):
    if not directory.is_dir():
        return
    for path in directory.rglob("*"):
        if path.is_symlink() or path.is_file():
            yield path


def _looks_like_record(path: Path, records_dir: Path) -> bool:
    """A .md file outside the record folders: an error when it is in a folder of its own, or starts with
    frontmatter like a record; notes beside the catalogues (records/CURATION-NOTES.md) are fine."""
    if len(path.relative_to(records_dir).parts) > 1 or path.is_symlink():
        return True
    with open(path, "rb") as handle:
        return handle.read(8).lstrip(b"\xef\xbb\xbf").startswith(b"---")


def _kind_of(path: Path, records_dir: Path) -> str | None:
    parts = path.relative_to(records_dir).parts
    if len(parts) < 2 or parts[0] not in RECORD_KINDS:
        return None
    return RECORD_KINDS[parts[0]]


def read_record(root: Path, path: Path, kind: str, diagnostics: list[Diagnostic]) -> SourceFile | None:
    relative = path.relative_to(root).as_posix()
    text = read_text(path, relative, diagnostics)
    if text is None:
        return None
    if path.suffix != ".md":
        diagnostics.append(diagnostic(relative, 1, 1, "KB117",
                                      f"hồ sơ phải là tệp .md, không phải '{path.suffix or path.name}'",
                                      "Đổi tên tệp thành '<id>.md'."))
        return None
    if not FILE_ID.fullmatch(path.stem):
        diagnostics.append(diagnostic(relative, 1, 1, "KB120", f"tên tệp '{path.name}' không phải là một mã "
                                      "(chỉ chữ thường a-z không dấu, chữ số và dấu '-' giữa các từ)"))
    return split_record(relative, kind, text, diagnostics)


def split_record(relative: str, kind: str, text: str, diagnostics: list[Diagnostic]) -> SourceFile | None:
    """Separate frontmatter from body and parse the frontmatter with positions."""
    source = SourceFile(relative, kind, text)
    if not text.strip():
        diagnostics.append(diagnostic(relative, 1, 1, "KB115", "tệp không có nội dung"))
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        diagnostics.append(diagnostic(relative, 1, 1, "KB101", "dòng đầu tiên phải là '---'"))
        return None
    closing = next((index for index, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), None)
    if closing is None:
        diagnostics.append(diagnostic(relative, 1, 1, "KB101",
                                      "không thấy dòng '---' đóng phần đầu YAML"))
        return None
    meta_text = "\n".join(lines[1:closing]) + "\n"
    body = "\n".join(lines[closing + 1:])
    if refused_characters(relative, meta_text, 2, diagnostics):
        return None
    source.yaml = read_yaml(meta_text, first_line=2)
    for problem in source.yaml.problems:
        diagnostics.append(diagnostic(relative, problem.line, problem.column,
                                      _YAML_PROBLEM_CODES[problem.kind], problem.message))
    if any(problem.kind not in _COMPLETE_DATA_PROBLEMS for problem in source.yaml.problems):
        return None  # the data is partial: checking its fields would only report follow-on errors
    if not isinstance(source.yaml.data, dict):
        diagnostics.append(diagnostic(relative, 2, 1, "KB102",
                                      "phần đầu YAML phải là các dòng 'tên_trường: giá trị'"))
        return None
    source.meta = source.yaml.data
    source.body = body
    source.body_line = closing + 2
    return source


def _read_catalog(root: Path, path: Path, diagnostics: list[Diagnostic]) -> SourceFile | None:
    relative = path.relative_to(root).as_posix()
    if not path.exists():
        diagnostics.append(diagnostic(relative, 1, 1, "KB117", f"thiếu danh mục {path.name}",
                                      "Khôi phục tệp danh mục từ kho mã."))
        return None
    text = read_text(path, relative, diagnostics)
    if text is None or refused_characters(relative, text, 1, diagnostics):
        return None
    located = read_yaml(text, first_line=1)
    for problem in located.problems:
        diagnostics.append(diagnostic(relative, problem.line, problem.column,
                                      _YAML_PROBLEM_CODES[problem.kind], problem.message))
    if located.problems:
        return None
    return SourceFile(relative, "catalog", text, meta=located.data, yaml=located)


def refused_characters(relative: str, text: str, first_line: int, diagnostics: list[Diagnostic]) -> bool:
    """KB305 at a control character, surrogate or noncharacter written raw in YAML text (the parser would
    refuse it with an English message, or keep it); True when there is one."""
    offset = first_refused(text)
    if offset is None:
        return False
    line = text.count("\n", 0, offset) + first_line
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    diagnostics.append(diagnostic(relative, line, column, "KB305", f"có {named(text[offset])} trong phần đầu YAML"))
    return True


def read_text(path: Path, relative: str, diagnostics: list[Diagnostic]) -> str | None:
    """Read a file as UTF-8 text: BOM removed, CRLF/CR turned into LF."""
    if path.is_symlink():
        diagnostics.append(diagnostic(relative, 1, 1, "KB117", "tệp là liên kết tượng trưng (symlink)",
                                      "Thay symlink bằng một tệp thật."))
        return None
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        diagnostics.append(diagnostic(relative, 1, 1, "KB116", f"tệp có {size:,} byte".replace(",", ".")))
        return None
    raw = path.read_bytes()
    return decode(raw, relative, diagnostics)


def decode(raw: bytes, relative: str, diagnostics: list[Diagnostic]) -> str | None:
    if is_utf16(raw):
        _, damage = utf16_text(raw, relative)
        diagnostics.append(damage or diagnostic(relative, 1, 1, "KB301", "tệp được lưu ở bảng mã UTF-16",
                                                f"Chạy 'kb fix {relative}' để lưu lại tệp bằng UTF-8."))
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        guess = " (có vẻ là Windows-1258 hoặc TCVN3)" if _has_cp1258_bytes(raw) else ""
        diagnostics.append(diagnostic(relative, line, column, "KB301",
                                      f"byte 0x{raw[error.start]:02X} không hợp lệ trong UTF-8{guess}"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_utf16(raw: bytes) -> bool:
    """A byte-order mark of UTF-16, or the zero bytes of UTF-16 text without one."""
    sample = raw[:400]
    return (raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            or len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4)


def utf16_text(raw: bytes, relative: str) -> tuple[str | None, Diagnostic | None]:
    """The text of UTF-16 bytes, or a KB301 where they stop being UTF-16: a file cut short (an odd byte at
    the end) or a lone half of a surrogate pair. Neither can be repaired without guessing the lost letters."""
    encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_order(raw)
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as error:
        before = raw[:error.start].decode(encoding, errors="replace").replace("\r\n", "\n")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        what = "bị cắt cụt ở cuối (thừa một byte lẻ)" if error.end >= len(raw) and len(raw) % 2 else \
            "có nửa cặp surrogate đứng lẻ (chữ đã mất)"
        return None, diagnostic(relative, line, column, "KB301", f"tệp UTF-16 {what}",
                                "Mở tệp bằng trình soạn thảo, chép lại đoạn từ chỗ này theo bài nguồn, rồi lưu bằng UTF-8 "
                                "(Save with Encoding → UTF-8); 'kb fix' không đoán chữ đã mất.")


def _utf16_order(raw: bytes) -> str:
    """UTF-16 without a byte-order mark: the zero bytes of ASCII text fall on odd offsets in little-endian."""
    return "utf-16-le" if raw[1::2].count(0) >= raw[0::2].count(0) else "utf-16-be"


def _has_cp1258_bytes(raw: bytes) -> bool:
    return bool(re.search(rb"[\xc0-\xff]", raw))


def existing_units(root: Path) -> dict[str, str]:
    """Unit id → the province folder it is filed under."""
    return {p.stem: p.parent.name for p in (root / "records" / kinds.record_kind("unit").folder).rglob("*.md")}


def read_meta(root: Path, path: Path) -> dict | None:
    """A record's frontmatter read the checker's way (YAML 1.2 typing), or None when it cannot be read whole
    (`kb check` says why)."""
    relative = Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    kind = _kind_of(Path(path), Path(root) / "records") or "unit"
    text = read_text(Path(path), relative, [])
    source = split_record(relative, kind, text, []) if text is not None else None
    return source.meta if source is not None else None


def unit_summaries(root: Path) -> dict[str, tuple[str, str, str, str]]:
    """id → (province folder, name, place, level) of every unit record that can be read."""
    out = {}
    for path in sorted((Path(root) / "records" / kinds.record_kind("unit").folder).rglob("*.md")):
        meta = read_meta(root, path)
        if isinstance(meta, dict):
            out[str(meta.get("id", path.stem))] = (str(meta.get("province") or path.parent.name),
                                                   str(meta.get("name", "")), str(meta.get("place", "")),
                                                   str(meta.get("level", "")))
    return out


def province_names(root: Path) -> set[str]:
    """The provinces' names folded and in lower case ('ha noi'), to tell a city that is a province."""
    return {fold(p.get("name", "")).lower() for p in read_catalog(root, "provinces.yml").get("provinces", [])}


def record_ids(root: Path, kind: str) -> set[str]:
    """The ids of the records of a kind, by their file names (records/<folder>/…/<id>.md)."""
    return {p.stem for p in (Path(root) / "records" / kinds.record_kind(kind).folder).rglob("*.md")}


def record_path(root: Path, kind: str, record_id: str, province: str | None = None) -> Path:
    """Where a record of a kind lives (the registry's rule, kb.model.kinds)."""
    return Path(root) / kinds.record_kind(kind).file(record_id, province)


def read_catalog(root: Path, name: str) -> dict:
    """A catalogue of records/ (provinces.yml, topics.yml, districts.yml...) read the checker's way
    (kb.check.load, kb.text.yamlsource: YAML 1.2 typing, no duplicate keys); {} when it is missing or unreadable,
    since `kb check` is where a broken catalogue is reported."""
    path = Path(root) / "records" / name
    if not path.is_file():
        return {}
    text = read_text(path, f"records/{name}", [])
    located = read_yaml(text) if text is not None else None
    if located is None or located.problems or not isinstance(located.data, dict):
        return {}
    return located.data


def known_provinces(root: Path) -> list[str]:
    return [p["id"] for p in read_catalog(root, "provinces.yml").get("provinces", [])]

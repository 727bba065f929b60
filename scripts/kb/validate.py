"""Stage 2 — validate: one SourceFile at a time → typed record + diagnostics.

Checks here need nothing but the file itself: the schema, dates, text
encoding and normalisation, unsafe HTML, the id against the file name, and
ids unique within the record. Cross-file checks belong to the link stage.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import Any

from . import kinds
from . import schema as schemas
from .diagnostics import Diagnostic, diagnostic
from .load import SourceFile
from .records import CatalogEntry, Catalogs, District, Indicator, Loc, Province
from .legacy import legacy_words
from .vietnamese import is_nfc, parse_number, slugify

_DANGEROUS_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|link|meta|base|form|svg|math|frame|frameset)\b", re.I)
_EVENT_ATTRIBUTE = re.compile(r"<[^>]*\s on[a-z]+\s*=", re.I | re.X)
_BAD_URL = re.compile(r"(?:javascript|vbscript|data)\s*:", re.I)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?>")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
RESERVED_IDS = {"index"}  # 'don-vi/index.md' is the units index: no record may take its place


def validate(source: SourceFile, today: dt.date | None = None) -> tuple[Any, list[Diagnostic]]:
    """Return (typed record or None, diagnostics) for one record file."""
    checker = _Checker(source, today or dt.date.today())
    record = checker.run()
    return record, checker.diagnostics


def validate_catalogs(catalogs: dict[str, SourceFile]) -> tuple[Catalogs | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    data = {}
    for name, definition in (("provinces.yml", "provinces"), ("districts.yml", "districts"),
                             ("topics.yml", "topics"), ("indicators.yml", "indicators")):
        source = catalogs.get(name)
        if source is None:
            return None, diagnostics
        diagnostics += _schema_diagnostics(source, "catalog", definition)
        diagnostics += _text_diagnostics(source)
        data[definition] = source.meta
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    topics, provinces, indicators = data["topics"], data["provinces"], data["indicators"]
    diagnostics += _district_province_diagnostics(catalogs["districts.yml"], provinces["provinces"])
    catalogs_record = Catalogs(
        regions={r["id"]: r["name"] for r in provinces["regions"]},
        provinces={p["id"]: Province.build(p) for p in provinces["provinces"]},
        fields=_entries(catalogs["topics.yml"], "fields", topics["fields"]),
        lesson_topics=_entries(catalogs["topics.yml"], "lesson_topics", topics["lesson_topics"]),
        indicators={i["id"]: Indicator.build(i) for i in indicators["indicators"]},
        districts={province_id: [District.build(item) for item in items]
                   for province_id, items in data["districts"]["provinces"].items()},
    )
    return catalogs_record, diagnostics


def _district_province_diagnostics(source: SourceFile, provinces: list[dict]) -> list[Diagnostic]:
    known = [p["id"] for p in provinces]
    return [diagnostic(source.path, *source.yaml.where(("provinces", province_id)), "KB201",
                       f"tỉnh '{province_id}' không có trong records/provinces.yml{_did_you_mean(province_id, known)}")
            for province_id in source.meta["provinces"] if province_id not in known]


def _entries(source: SourceFile, key: str, items: list[dict]) -> dict[str, CatalogEntry]:
    entries = {}
    for index, item in enumerate(items):
        line, column = source.yaml.where((key, index))
        entries[item["id"]] = CatalogEntry.build(item, loc=Loc(source.path, line, column))
    return entries


class _Checker:
    def __init__(self, source: SourceFile, today: dt.date) -> None:
        self.source = source
        self.today = today
        self.diagnostics: list[Diagnostic] = []

    def report(self, path: tuple, code: str, message: str, hint: str | None = None) -> None:
        line, column = self.source.yaml.where(path)
        self.diagnostics.append(diagnostic(self.source.path, line, column, code, message, hint))

    def loc(self, path: tuple) -> Loc:
        line, column = self.source.yaml.where(path)
        return Loc(self.source.path, line, column)

    def run(self) -> Any:
        """The typed record whenever its shape is right, so that the link stage can still report
        reference problems in a record whose text has errors: every problem shows at once."""
        source = self.source
        shape = _schema_diagnostics(source, source.kind)
        self.diagnostics += shape
        self.diagnostics += _text_diagnostics(source)
        self.check_id()
        self.check_dates()
        if any(d.is_error for d in shape):
            return None
        before = len(self.diagnostics)
        record = self.build_record()
        if any(d.is_error for d in self.diagnostics[before:]):
            return None
        return record

    # -- checks -----------------------------------------------------------

    def check_id(self) -> None:
        meta = self.source.meta
        stem = self.source.stem
        record_id = meta.get("id", stem)
        if isinstance(record_id, int):
            record_id = str(record_id)
        if isinstance(record_id, str) and record_id != stem:
            self.report(("id",), "KB114",
                        f"id '{record_id}' khác tên tệp '{stem}.md'",
                        f"Đổi tên tệp thành '{record_id}.md', hoặc sửa id thành '{stem}'.")
        if record_id in RESERVED_IDS:
            self.report(("id",), "KB113", f"mã '{record_id}' được dành cho trang mục lục",
                        "Đặt một mã khác, ví dụ thêm mã tỉnh hoặc cấp: 'index-tra-vinh'.")

    def check_dates(self) -> None:
        for path, value in _walk(self.source.meta):
            if path and path[-1] == "date" and isinstance(value, str):
                self.check_date(path, value)

    def check_date(self, path: tuple, value: str) -> None:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.report(path, "KB118", f"'{value}' không phải là một ngày có thật")
            return
        if day > self.today:
            self.report(path, "KB118", f"ngày {day:%d/%m/%Y} ở tương lai")

    # -- typed records ---------------------------------------------------------

    def source_ids(self, items: list[dict], path: tuple, require_ids: bool = False) -> list[str]:
        """Every source has an id ('nguon-1' by default); in a unit, items name their source by id
        when there are several."""
        if require_ids and len(items) > 1:
            for index, item in enumerate(items):
                if "id" not in item:
                    self.report(path + (index,), "KB110",
                                "đơn vị có nhiều nguồn: mỗi nguồn phải có 'id'")
        return [item.get("id") or f"nguon-{index + 1}" for index, item in enumerate(items)]

    def item_ids(self, items: list[dict], title_key: str, path: tuple) -> list[str]:
        ids: list[str] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            item_id = item.get("id") or slugify(item.get(title_key) or "", max_length=60)
            if not item_id:
                self.report(path + (index, title_key), "KB113",
                            f"không tạo được id từ {title_key}", "Đặt 'id' cho mục này.")
            elif item_id in RESERVED_IDS:
                self.report(path + (index,), "KB113", f"mã '{item_id}' được dành cho trang mục lục",
                            "Đặt 'id' khác cho mục này.")
            if item_id in seen:
                line, _ = self.source.yaml.where(path + (seen[item_id],))
                self.report(path + (index,), "KB402",
                            f"id '{item_id}' trùng với mục ở dòng {line}")
            seen.setdefault(item_id, index)
            ids.append(item_id)
        return ids

    def check_source_refs(self, items: list[dict], path: tuple, source_ids: list[str]) -> None:
        for index, item in enumerate(items):
            ref = item.get("source")
            if ref is None and len(source_ids) > 1:
                self.report(path + (index,), "KB207",
                            "đơn vị có nhiều nguồn nhưng mục này không ghi 'source'",
                            f"Thêm 'source: <mã>' với một trong: {', '.join(source_ids)}.")
            elif ref is not None and ref not in source_ids:
                self.report(path + (index, "source"), "KB207",
                            f"nguồn '{ref}' không có trong sources{_did_you_mean(ref, source_ids)}")

    def build_record(self) -> Any:
        """The typed record, built generically from the schema: every property of the record and of
        its list items becomes an attribute (records.Record). What is computed here: the record's id
        (the file name when not written), item ids (from the title or label named by the schema's
        `x-id-from`), source ids, the unit an item belongs to, and where each part was read."""
        meta = self.source.meta
        kind = self.source.kind
        record_type = kinds.record_kind(kind).record_type
        record_id = str(meta.get("id", self.source.stem))
        sources = meta.get("sources", [])
        source_ids = self.source_ids(sources, ("sources",), require_ids=(kind == "unit"))
        derived: dict[str, Any] = {
            "sources": lambda index, item: {"id": source_ids[index]},
        }
        for name in record_type.fields():
            item_type = record_type.item_type(name)
            if item_type is None or name == "sources":
                continue
            items = meta.get(name, [])
            if "source" in item_type.fields():
                self.check_source_refs(items, (name,), source_ids)
            id_from = item_type.node().get("x-id-from")
            ids = self.item_ids(items, id_from, (name,)) if id_from else [None] * len(items)
            derived[name] = self._item_derived(item_type, name, ids, record_id)
        values = {**meta, "id": record_id}
        if kind == "unit":
            values["themes"] = [str(theme) for theme in meta.get("themes", [])]
        return record_type.build(values, **derived, body=self.source.body, loc=Loc(self.source.path, 1, 1),
                                 positions=self.source.yaml.positions)

    def _item_derived(self, item_type, name: str, ids: list, record_id: str):
        def derived(index: int, item: dict) -> dict:
            values: dict[str, Any] = {"loc": self.loc((name, index))}
            if ids[index] is not None:
                values["id"] = ids[index]
            if "unit_id" in item_type.derived:
                values["unit_id"] = record_id
            return values
        return derived


def _schema_diagnostics(source: SourceFile, kind: str, definition: str | None = None) -> list[Diagnostic]:
    validator = schemas.validator(kind, definition)
    found = []
    for error in sorted(validator.iter_errors(source.meta), key=lambda e: list(map(str, e.absolute_path))):
        found += _explain(source, kind, error)
    return found


def _explain(source: SourceFile, kind: str, error) -> list[Diagnostic]:
    """Turn one jsonschema error into Vietnamese diagnostics pointing at the right line."""
    path = tuple(error.absolute_path)
    where = source.yaml.where(path)
    here = f"'{'.'.join(map(str, path))}'" if path else "hồ sơ"
    validator = error.validator
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return [diagnostic(source.path, *where, "KB110", f"thiếu trường bắt buộc '{name}' trong {here}")]
    if validator == "additionalProperties":
        extras = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        allowed = list(error.schema.get("properties", {}).keys())
        if not allowed and kind != "catalog":
            allowed = schemas.allowed_fields(kind, tuple(p for p in path))
        out = []
        for extra in extras:
            line, column = source.yaml.where(path + (extra,))
            out.append(diagnostic(source.path, line, column, "KB111",
                                  f"trường '{extra}' không có trong lược đồ{_did_you_mean(extra, allowed)}"))
        return out
    if validator == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        names = {"integer": "số nguyên", "number": "số", "string": "văn bản", "array": "danh sách",
                 "object": "bảng các trường", "null": "để trống", "boolean": "true/false"}
        wanted = " hoặc ".join(names.get(t, t) for t in expected)
        hint = None
        if isinstance(error.instance, str) and set(expected) & {"integer", "number"}:
            hint = _number_hint(error.instance)
        return [diagnostic(source.path, *where, "KB112",
                           f"{here} phải là {wanted}, nhưng đang là {_describe(error.instance)}", hint)]
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return [diagnostic(source.path, *where, "KB113",
                           f"{here} = {_describe(error.instance)} không hợp lệ; giá trị được phép: {allowed}"
                           f"{_did_you_mean(str(error.instance), [str(v) for v in error.validator_value])}")]
    if validator == "pattern":
        return [diagnostic(source.path, *where, "KB113", _pattern_message(here, error))]
    if validator in ("minItems", "minLength"):
        return [diagnostic(source.path, *where, "KB110", f"{here} đang để trống")]
    if validator == "uniqueItems":
        return [diagnostic(source.path, *where, "KB402", f"{here} có phần tử lặp lại")]
    return [diagnostic(source.path, *where, "KB113", f"{here}: giá trị không hợp lệ ({error.message})")]


def _number_hint(written: str) -> str:
    """How to write as a number what a contributor wrote as text ('98,8' → 98.8, '214 mô hình' → 214)."""
    number = parse_number(written)
    if number is not None:
        return (f"Viết {number} (chữ số, không ngoặc kép; phần thập phân sau dấu chấm, không có dấu phân cách "
                "hàng nghìn); đơn vị tính như \"%\" ghi ở trường 'unit'.")
    digits = re.match(r"\s*([0-9][0-9.,]*)", written)
    example = parse_number(digits.group(1).rstrip(".,")) if digits else None
    example = example if example is not None else 214
    return (f"Chỉ viết chữ số, không kèm chữ: ví dụ {example} thay vì '{written}'; đơn vị tính ghi ở trường "
            "'unit', từ như \"hơn\", \"khoảng\" ghi ở 'qualifier'.")


def _pattern_message(here: str, error) -> str:
    pattern = error.validator_value
    value = error.instance
    if "[0-9]{4}-" in pattern:
        return f"{here} = '{value}' phải có dạng \"YYYY-MM-DD\" (ví dụ \"2019-01-22\")"
    if pattern.startswith("^https?"):
        return f"{here} = '{value}' phải bắt đầu bằng http:// hoặc https://"
    if "[a-z0-9]+(-" in pattern:
        return (f"{here} = '{value}' phải là mã chữ thường không dấu, nối bằng '-'"
                f" (gợi ý: '{slugify(str(value))}')")
    return f"{here} = '{value}' không đúng định dạng"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"văn bản '{value}'"
    if value is None:
        return "trống"
    if isinstance(value, (int, float)):
        return f"số {value}"
    if isinstance(value, list):
        return "một danh sách"
    return "một bảng các trường"


def _did_you_mean(value: str, candidates) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" — có phải ý bạn là '{close[0]}'?" if close else ""


def did_you_mean(value: str, candidates) -> str:
    return _did_you_mean(value, candidates)


def _walk(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))


def _text_diagnostics(source: SourceFile) -> list[Diagnostic]:
    """NFC, legacy-encoding mojibake and unsafe HTML, in frontmatter strings and the body."""
    found = []
    for path, value in _walk(source.meta):
        if isinstance(value, str):
            line, column = source.yaml.where(path)
            found += text_problems(source.path, line, column, value)
    for offset, line_text in enumerate(source.body.split("\n")):
        found += text_problems(source.path, source.body_line + offset, 1, line_text, markdown=True)
    return found


def text_problems(path: str, line: int, column: int, text: str, markdown: bool = False) -> list[Diagnostic]:
    found = []
    if not is_nfc(text):
        found.append(diagnostic(path, line, column, "KB303", "văn bản chưa ở dạng Unicode NFC (dấu tách rời)"))
    legacy = legacy_words(text)
    if legacy:
        sample = ", ".join(f"'{w}'" for w in legacy[:3])
        found.append(diagnostic(path, line, column, "KB302", f"có chữ bị lỗi phông: {sample}"))
    if "\ufffd" in text:
        found.append(diagnostic(path, line, column + text.index("\ufffd"), "KB304",
                                "có ký tự '\ufffd' (U+FFFD): chữ gốc đã mất khi tệp được đổi bảng mã"))
    if _DANGEROUS_TAG.search(text):
        tag = _DANGEROUS_TAG.search(text).group(1).lower()
        found.append(diagnostic(path, line, column, "KB501", f"có thẻ <{tag}>"))
    elif _EVENT_ATTRIBUTE.search(text):
        found.append(diagnostic(path, line, column, "KB502", "có thuộc tính sự kiện (on...=) trong thẻ HTML"))
    elif _ANY_TAG.search(text):
        found.append(diagnostic(path, line, column, "KB504", f"có thẻ HTML '{_ANY_TAG.search(text).group(0)[:40]}'"))
    targets = _LINK_TARGET.findall(text) if markdown else []
    attribute_urls = re.findall(r"(?:href|src)\s*=\s*[\"']?\s*([^\"'\s>]+)", text, re.I)
    if any(_BAD_URL.match(t.strip()) for t in targets + attribute_urls) or (
            not markdown and _BAD_URL.match(text.strip())):
        found.append(diagnostic(path, line, column, "KB503", "có liên kết javascript: hoặc data:"))
    return found

"""Schema errors said in Vietnamese, at the line and column of the field."""

from __future__ import annotations

import re
from typing import Any

from kb.check.load import SourceFile
from kb.model import schema as schemas
from kb.model.diagnostics import Diagnostic, diagnostic
from kb.model.ids import document_id
from kb.text.dates import iso_date
from kb.text.suggest import did_you_mean
from kb.text.vietnamese import parse_number, slugify


def schema_diagnostics(source: SourceFile, kind: str, definition: str | None = None) -> list[Diagnostic]:
    if _surely_valid(kind, definition, source.meta):
        return []
    validator = schemas.validator(kind, definition)
    found = []
    for error in sorted(validator.iter_errors(source.meta), key=lambda e: list(map(str, e.absolute_path))):
        found += _explain(source, kind, error)
    return found


def _surely_valid(kind: str, definition: str | None, data: Any) -> bool:
    """The compiled schema's answer (kb.model.schema.compiled); anything it cannot take (a string that is not
    valid Unicode) is left to the explaining validator. It is never more lenient than jsonschema: where the two
    read a pattern differently ('$' before a final newline), the compiled one refuses and jsonschema decides."""
    try:
        return schemas.compiled(kind, definition).is_valid(data)
    except Exception:  # noqa: BLE001 - the careful validator answers instead
        return False


def _explain(source: SourceFile, kind: str, error) -> list[Diagnostic]:
    """Turn one jsonschema error into Vietnamese diagnostics pointing at the right line."""
    path = tuple(error.absolute_path)
    where = source.yaml.where(path)
    here = _here(path)
    validator = error.validator
    if validator in _BLANK_CODE and _blank(error.instance) and path:
        return [_blank_value(source, kind, path, where, here, validator)]
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return [diagnostic(source.path, *where, "KB110", f"thiếu trường bắt buộc '{name}' trong {here}")]
    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}).keys())
        # from the data, not from jsonschema's English message: a key holding "(" or "'" was lost in its parsing
        extras = [key for key in error.instance if key not in allowed] if isinstance(error.instance, dict) else []
        if not allowed and kind != "catalog":
            allowed = schemas.allowed_fields(kind, tuple(p for p in path))
        out = []
        for extra in extras:
            line, column = source.yaml.where(path + (extra,))
            out.append(diagnostic(source.path, line, column, "KB111",
                                  f"trường '{extra}' không có trong lược đồ{did_you_mean(extra, allowed)}"))
        return out
    if validator == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        names = {"integer": "số nguyên", "number": "số", "string": "văn bản", "array": "danh sách",
                 "object": "bảng các trường", "null": "để trống", "boolean": "true/false"}
        wanted = " hoặc ".join(names.get(t, t) for t in expected)
        hint = None
        if isinstance(error.instance, str) and set(expected) & {"integer", "number"}:
            hint = _year_hint(error.instance) if _is_year(error.schema) else _number_hint(error.instance)
        return [diagnostic(source.path, *where, "KB112",
                           f"{here} phải là {wanted}, nhưng đang là {_describe(error.instance)}", hint)]
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        values = [str(v) for v in error.validator_value]
        # accents folded too: 'tập thể' → 'tap-the'
        suggestion = did_you_mean(str(error.instance), values) or did_you_mean(slugify(str(error.instance)), values)
        return [diagnostic(source.path, *where, "KB113",
                           f"{here} = {_describe(error.instance)} không hợp lệ; giá trị được phép: {allowed}"
                           f"{suggestion}")]
    if validator == "pattern":
        return [diagnostic(source.path, *where, "KB113", _pattern_message(here, error, _field_of(path, kind)))]
    if validator == "maxLength":
        limit = error.validator_value
        return [diagnostic(source.path, *where, "KB113",
                           f"{here} dài {len(error.instance):,} ký tự, quá giới hạn {limit:,} ký tự".replace(",", "."),
                           f"Rút gọn {here} còn tối đa {limit:,} ký tự; phần dài đưa vào thân hồ sơ (sau dòng '---' thứ hai)."
                           .replace(",", "."))]
    if validator in ("minItems", "minLength"):
        return [diagnostic(source.path, *where, "KB110", f"{here} đang để trống")]
    if validator == "uniqueItems":
        return [diagnostic(source.path, *where, "KB402", f"{here} có phần tử lặp lại")]
    return [diagnostic(source.path, *where, "KB113", f"{here}: giá trị không hợp lệ ({error.message})")]


_BLANK_CODE = {"type": "KB112", "pattern": "KB113", "enum": "KB113", "minLength": "KB110", "minItems": "KB110"}


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _blank_value(source: SourceFile, kind: str, path: tuple, where: tuple[int, int], here: str,
                 validator: str) -> Diagnostic:
    """A field written with nothing in it (`parent: ''`, `year: null`, what an editor writes for a box left blank):
    said as blank, with the way out — remove the line (`kb fix` removes them all), or fill it in when required."""
    parent = schemas.node_at(kind, tuple(path[:-1])) if isinstance(path[-1], str) else {}
    if isinstance(path[-1], str) and path[-1] not in parent.get("required", []):
        hint = ("Trường này không bắt buộc: xoá dòng này nếu bài không nêu (chạy 'kb fix <tệp>' để xoá mọi dòng để "
                "trống), hoặc điền giá trị.")
    else:
        hint = "Điền giá trị như bài nguồn ghi: trường này bắt buộc."
    return diagnostic(source.path, *where, _BLANK_CODE[validator], f"{here} để trống", hint)


_ITEM_WORDS = {"sources": "nguồn", "models": "mô hình", "lessons": "bài học", "results": "kết quả",
               "limitations": "hạn chế"}


def _here(path: tuple) -> str:
    """A path as a contributor counts: ('sources', 0, 'date') → "'date' của nguồn thứ 1" (not sources.0)."""
    words, index = [], 0
    while index < len(path):
        key = path[index]
        if index + 1 < len(path) and isinstance(path[index + 1], int):
            words.append(f"{_ITEM_WORDS.get(key, repr(str(key)))} thứ {path[index + 1] + 1}")
            index += 2
        else:
            words.append(f"'{key}'")
            index += 1
    return " của ".join(reversed(words)) if words else "hồ sơ"


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


def _is_year(node: dict) -> bool:
    return node.get("type") == "integer" and node.get("minimum") == 1900


def _year_hint(written: str) -> str:
    year = re.search(r"(19|20)[0-9]{2}", written)
    return f"Viết năm bằng chữ số, không đặt trong ngoặc kép, không kèm chữ: year: {year.group(0) if year else 2018}."


# Reference fields whose ids follow a rule of their own: the suggestion is the id the records use, not a slug.
_DOCUMENT_FIELDS = {"directives", "directive", "guidance", "replaces"}
_THEME_FIELDS = {"themes", "theme"}


def _field_of(path: tuple, kind: str) -> str:
    named = [part for part in path if isinstance(part, str)]
    field = named[-1] if named else ""
    return "directive" if (kind, field) == ("directive", "id") or field in _DOCUMENT_FIELDS else \
        "theme" if (kind, field) == ("theme", "id") or field in _THEME_FIELDS else field


def _suggested_id(value: str, field: str) -> str:
    """'Chỉ thị 05-CT/TW' in a directive field → '05-ct-tw'; 'chuyên đề năm 2018' in a theme field → '2018'."""
    if field == "directive":
        return document_id(value)
    year = re.search(r"\b(19|20)[0-9]{2}\b", value) if field == "theme" else None
    return year.group(0) if year else slugify(value)


def _pattern_message(here: str, error, field: str = "") -> str:
    pattern = error.validator_value
    value = error.instance
    if "[0-9]{4}-" in pattern or "[0-9]{4}(-" in pattern:  # a date (a source's may be partial: "2019-05", "2019")
        converted = iso_date(str(value))
        if converted:
            return (f"{here} = '{value}' phải có dạng \"YYYY-MM-DD\": viết \"{converted}\" "
                    "(hoặc chạy 'kb fix <tệp>' để đổi tự động)")
        return f"{here} = '{value}' phải có dạng \"YYYY-MM-DD\" (ví dụ \"2019-01-22\")"
    if pattern.startswith("^https?"):
        return f"{here} = '{value}' phải bắt đầu bằng http:// hoặc https://"
    if "[a-z0-9]+(-" in pattern:
        return (f"{here} = '{value}' phải là mã chữ thường không dấu, nối bằng '-'"
                f" (gợi ý: '{_suggested_id(str(value), field)}')")
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

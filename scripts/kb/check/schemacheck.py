"""Schema errors said in Vietnamese, at the line and column of the field."""

from __future__ import annotations

import re
from typing import Any

from kb.check.load import SourceFile
from kb.model import schema as schemas
from kb.model.diagnostics import Diagnostic, diagnostic
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
            hint = _number_hint(error.instance)
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
        return [diagnostic(source.path, *where, "KB113", _pattern_message(here, error))]
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


def _pattern_message(here: str, error) -> str:
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

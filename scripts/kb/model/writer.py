"""The one writer of a record: frontmatter in the schema's key order, the body after it.

Every tool that writes a record file goes through `record_text` — `kb import` (its drafts and merges),
`kb from-issue`, `kb new` (its annotated templates) — and `kb fix` orders keys with `key_order` and
`list_fields`. The text is written the way the curated records are: text quoted (a YAML double-quoted
scalar, JSON-escaped, so no value can change the structure), ids and enumerations plain, lists of ids
in flow style, lists of items as block lists; numbers in plain decimal notation (never `1e-05`, which
the checker refuses). Writing a curated record back gives the same text (tests/model/test_writer.py),
so a merge changes only what it adds.

Comments: `markers` put `# CẦN XEM LẠI: <why>` beside a value (kb import's review marks), `notes` put
any other comment beside a value (kb new's explanations), `header` lines go first (each a comment),
`trailer` lines (commented-out examples) go last, before the closing `---`.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from decimal import Decimal

from kb.model import schema as schemas

REVIEW = "CẦN XEM LẠI"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def record_text(kind: str, meta: dict, body: str, markers: dict[tuple, str] | None = None,
                notes: dict[tuple, str] | None = None, header: list[str] = (), trailer: list[str] = ()) -> str:
    """The file of a record of `kind` ('unit', 'theme', 'directive'): NFC, LF line ends, one final newline."""
    lines = ["---", *(f"# {line}" if not line.startswith("#") else line for line in header)]
    _mapping(lines, kind, meta, (), 0, markers or {}, notes or {}, first_prefix="")
    lines += list(trailer)
    lines.append("---")
    text = "\n".join(lines) + "\n" + body.rstrip("\n") + "\n"
    return unicodedata.normalize("NFC", text)


def key_order(kind: str, path: tuple, mapping) -> list[str]:
    """The keys of a mapping at `path` in the schema's order (`x-order`), unknown keys after, as found."""
    order = schemas.field_order(kind, path)
    return [k for k in order if k in mapping] + [k for k in mapping if k not in order]


def list_fields(kind: str, path: tuple = ()) -> tuple[str, ...]:
    """The fields at `path` whose value is a list of mappings (a unit's sources, models, lessons...)."""
    node = schemas.node_at(kind, path)
    found = []
    for name, raw in node.get("properties", {}).items():
        prop = schemas.resolve(raw, kind)
        if prop.get("type") == "array":
            items = schemas.resolve(prop.get("items", {}), kind)
            if items.get("type") == "object" or "properties" in items:
                found.append(name)
    return tuple(found)


def _mapping(lines, kind, mapping, path, indent, markers, notes, first_prefix="") -> None:
    for position, key in enumerate(key_order(kind, path, mapping)):
        value = mapping[key]
        prefix = first_prefix if position == 0 and first_prefix else " " * indent
        here = path + (key,)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{prefix}{key}:" + _comment(markers, notes, here))
            for index, item in enumerate(value):
                _mapping(lines, kind, item, here + (index,), indent + 4, markers, notes,
                         first_prefix=" " * (indent + 2) + "- ")
        else:
            lines.append(f"{prefix}{key}: {_scalar(kind, here, value)}" + _comment(markers, notes, here))


def _comment(markers: dict, notes: dict, path: tuple) -> str:
    why = markers.get(path)
    if why:
        return f"  # {REVIEW}: {why}"
    note = notes.get(path)
    return f"  # {note}" if note else ""


def number_text(value: int | float) -> str:
    """A number as YAML reads it back the same, in plain decimal notation: 1e-05 → 0.00001, 2.0 → 2.0."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"số không hữu hạn: {value}")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    return text


def _scalar(kind: str, path: tuple, value) -> str:
    if isinstance(value, (bool, int, float)):
        return number_text(value)
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_list_item(kind, path, v) for v in value) + "]"
    if isinstance(value, str) and _plain(kind, path) and _SLUG.match(value) and not value.isdigit():
        return value
    return quote(str(value))


def _list_item(kind, path, value) -> str:
    if isinstance(value, str) and _SLUG.match(value) and not value.isdigit() and _plain_items(kind, path):
        return value
    if isinstance(value, (bool, int, float)):
        return number_text(value)
    return quote(value) if isinstance(value, str) else str(value)


def _plain(kind: str, path: tuple) -> bool:
    """Ids and enumerations are written plain; a field the schema cannot resolve here is quoted (always safe)."""
    try:
        node = schemas.node_at(kind, tuple(path))
    except KeyError:  # a field the schema does not know: quoted
        return False
    return bool(node.get("enum")) or node.get("pattern", "").startswith("^[a-z0-9]+(-")


def _plain_items(kind: str, path: tuple) -> bool:
    try:
        node = schemas.node_at(kind, path)
        items = schemas.resolve(node.get("items", {}), kind)
    except KeyError:
        return False
    return bool(items.get("enum")) or items.get("pattern", "").startswith("^[a-z0-9]+(-")


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax): any text, one line, structure-safe."""
    return json.dumps(text, ensure_ascii=False)

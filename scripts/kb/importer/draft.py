"""Stage 4 — the draft: a record in the schema's key order (NFC, review markers as YAML comments),
or the article added as a new source, with its items, to the unit's existing record.

`dump` writes YAML the way the curated records are written (quoted text, plain ids and enumerations,
flow lists for lists of ids); writing a curated record back gives the same text (tested), so a merge
changes only what it adds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from .. import schema as schemas
from ..vietnamese import comparable_title

REVIEW = "CẦN XEM LẠI"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LIST_OF_MAPPINGS = ("sources", "models", "lessons", "results", "limitations")


@dataclass
class Draft:
    kind: str  # unit | theme | directive
    meta: dict
    body: str
    markers: dict[tuple, str] = field(default_factory=dict)  # path of a value → why it needs a look

    def text(self) -> str:
        return dump(self.kind, self.meta, self.markers, self.body)


def dump(kind: str, meta: dict, markers: dict[tuple, str], body: str) -> str:
    lines = ["---"]
    _mapping(lines, kind, meta, (), 0, markers, first_prefix="")
    lines.append("---")
    text = "\n".join(lines) + "\n" + body.rstrip("\n") + "\n"
    return unicodedata.normalize("NFC", text)


def _ordered(kind: str, path: tuple, mapping: dict) -> list[str]:
    order = schemas.field_order(kind, path)
    return [k for k in order if k in mapping] + [k for k in mapping if k not in order]


def _mapping(lines, kind, mapping, path, indent, markers, first_prefix="") -> None:
    for position, key in enumerate(_ordered(kind, path, mapping)):
        value = mapping[key]
        prefix = first_prefix if position == 0 and first_prefix else " " * indent
        here = path + (key,)
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{prefix}{key}:" + _marker(markers, here))
            for index, item in enumerate(value):
                _mapping(lines, kind, item, here + (index,), indent + 4, markers, first_prefix=" " * (indent + 2) + "- ")
        else:
            lines.append(f"{prefix}{key}: {_scalar(kind, here, value)}" + _marker(markers, here))


def _marker(markers: dict, path: tuple) -> str:
    why = markers.get(path)
    return f"  # {REVIEW}: {why}" if why else ""


def _scalar(kind: str, path: tuple, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_list_item(kind, path, v) for v in value) + "]"
    if isinstance(value, str) and _plain(kind, path) and _SLUG.match(value) and not value.isdigit():
        return value
    return _quote(str(value))


def _list_item(kind, path, value) -> str:
    if isinstance(value, str) and _SLUG.match(value) and not value.isdigit() and _plain_items(kind, path):
        return value
    return _quote(value) if isinstance(value, str) else str(value)


def _plain(kind: str, path: tuple) -> bool:
    """Ids and enumerations are written plain; a field the schema cannot resolve here is quoted (always safe)."""
    try:
        node = schemas.node_at(kind, tuple(path))
    except KeyError:  # a reference into another file's $defs seen from this kind
        node = _unit_side(path)
    return bool(node.get("enum")) or node.get("pattern", "").startswith("^[a-z0-9]+(-")


def _plain_items(kind: str, path: tuple) -> bool:
    try:
        node = schemas.node_at(kind, path)
        items = schemas.resolve(node.get("items", {}), kind)
    except KeyError:
        return False
    return bool(items.get("enum")) or items.get("pattern", "").startswith("^[a-z0-9]+(-")


def _unit_side(path: tuple) -> dict:
    """A theme's or a document's source is the unit schema's source: read its fields there."""
    if len(path) >= 3 and path[0] == "sources":
        try:
            return schemas.node_at("unit", path)
        except KeyError:
            return {}
    return {}


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# -- merge ----------------------------------------------------------------------

@dataclass
class Merged:
    meta: dict
    added: dict[str, int]
    notes: list[str]
    markers: dict[tuple, str]


def same_source(a: dict, b: dict) -> bool:
    for key in ("file", "url"):
        if a.get(key) and a.get(key) == b.get(key):
            return True
    return bool(a.get("title") and b.get("title") and comparable_title(a["title"]) == comparable_title(b["title"]))


def merge(existing: dict, new: dict, new_markers: dict[tuple, str], force: bool = False) -> Merged | None:
    """The existing record with the new article's source and items added; None when the article is already there
    (unless `force`, which replaces what that source gave)."""
    meta = json.loads(json.dumps(existing))  # a deep copy of plain data
    notes: list[str] = []
    new_source = new["sources"][0]
    sources = meta["sources"]
    already = next((i for i, s in enumerate(sources) if same_source(s, new_source)), None)
    if already is not None:
        if not force:
            return None
        old_id = sources[already].get("id")
        for key in LIST_OF_MAPPINGS[1:]:
            meta[key] = [item for item in meta.get(key, [])
                         if not (item.get("source") == old_id or (old_id is None and len(sources) == 1))]
        sources.pop(already)
        notes.append("đã thay các mục của lần nhập trước từ bài này (--force)")
    taken = {s.get("id") for s in sources}
    if len(sources) == 1 and "id" not in sources[0]:
        sources[0]["id"] = _free("nguon-1", taken)
        taken.add(sources[0]["id"])
        for key in LIST_OF_MAPPINGS[1:]:
            for item in meta.get(key, []):
                item.setdefault("source", sources[0]["id"])
        notes.append(f"nguồn cũ được đặt id '{sources[0]['id']}', các mục cũ ghi source theo id đó")
    new_id = _free(f"nguon-{len(sources) + 1}", taken) if sources else None
    source = dict(new_source)
    if new_id:
        source["id"] = new_id
    markers: dict[tuple, str] = {}
    source_index = len(sources)
    sources.append(source)
    for (path, why) in new_markers.items():
        if path[:2] == ("sources", 0):
            markers[("sources", source_index) + path[2:]] = why
    added = {}
    for key, title_key in (("models", "title"), ("lessons", "text"), ("results", "label"), ("limitations", "text")):
        have = meta.get(key, [])
        seen = {_item_key(key, item) for item in have}
        count = 0
        for index, item in enumerate(new.get(key, [])):
            if _item_key(key, item) in seen:
                continue
            item = dict(item)
            if new_id:
                item["source"] = new_id
            for path, why in new_markers.items():
                if path[:2] == (key, index):
                    markers[(key, len(have)) + path[2:]] = why
            have.append(item)
            count += 1
        if have:
            meta[key] = have
        added[key] = count
    for key in ("directives", "themes"):
        union = list(meta.get(key, []))
        union += [v for v in new.get(key, []) if v not in union]
        if union:
            meta[key] = union
    for key in ("name", "level", "province"):
        if new.get(key) and new[key] != meta.get(key):
            notes.append(f"bài cho {key} = '{new[key]}', hồ sơ giữ '{meta.get(key)}'")
    return Merged(meta, added, notes, markers)


def _item_key(key: str, item: dict) -> str:
    if key == "results":
        return f"{item.get('value')}|{item.get('denominator')}|{comparable_title(item.get('label', ''))}"
    return comparable_title(str(item.get("title") if key == "models" else item.get("text", "")))


def _free(candidate: str, taken: set) -> str:
    number = int(candidate.rsplit("-", 1)[1])
    while f"nguon-{number}" in taken:
        number += 1
    return f"nguon-{number}"

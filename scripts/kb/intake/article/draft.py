"""The draft: a record (written by kb.model.writer, review markers as YAML comments), or the article
added as a new source, with its items, to the unit's existing record (`merge`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kb.model.writer import list_fields, record_text
from kb.text.vietnamese import comparable_title

LIST_OF_MAPPINGS = list_fields("unit")  # sources first, then the items that name their source


@dataclass
class Draft:
    kind: str  # unit | theme | directive
    meta: dict
    body: str
    markers: dict[tuple, str] = field(default_factory=dict)  # path of a value → why it needs a look

    def text(self) -> str:
        return record_text(self.kind, self.meta, self.body, self.markers)


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

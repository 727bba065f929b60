"""The design's rule for unit ids, shared by the checker (a free id in KB401) and `kb new unit`.

A unit's id is its place slug ('cau-ngang'); when that id is taken it gets the province
('chau-thanh-tra-vinh') or the kind of place ('cau-ngang-thi-tran'), whichever tells the two apart.
"""

from __future__ import annotations

from .vietnamese import slugify

PLACE_KINDS = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "phường", "xã")


def place_kind(name: str) -> str | None:
    """The kind of place a unit's name speaks of: 'Đảng ủy thị trấn Cầu Ngang' → 'thi-tran'."""
    words = f"-{slugify(name)}-"
    found = [(words.find(f"-{slugify(kind)}-"), slugify(kind)) for kind in PLACE_KINDS]
    found = [item for item in found if item[0] >= 0]
    return min(found)[1] if found else None


def free_unit_id(name: str, place: str, province: str, level: str, taken: dict[str, str]) -> str:
    """The design's rule for a unit id: the place slug ('cau-ngang'); when another province has it,
    add the province ('chau-thanh-tra-vinh'); when the same province has it (a district and its town),
    add the kind of place ('cau-ngang-thi-tran'). `taken` maps existing unit ids to their province."""
    base = slugify(place)
    if base not in taken:
        return base
    kind = place_kind(name) or level
    by_province, by_kind = f"{base}-{province}", f"{base}-{kind}"
    ordered = (by_province, by_kind) if taken[base] != province else (by_kind, by_province)
    for candidate in (*ordered, f"{base}-{kind}-{province}"):
        if candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{kind}-{province}-{number}" in taken:
        number += 1
    return f"{base}-{kind}-{province}-{number}"

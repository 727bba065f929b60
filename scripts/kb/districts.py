"""District-level places of each province (records/districts.yml): the generator and the lookup.

The catalogue lists the quận, huyện, thị xã and thành phố thuộc tỉnh of the 63 provinces as they were
on 4 January 2025, the last list before the district level was abolished on 1 July 2025. It is
generated once, with `python -m kb.districts <nested-divisions.json>`, from the General Statistics
Office's list of administrative units as packaged in the PyPI package vietnam-provinces 0.6.0
(records/PROVINCES-SOURCES.md says how, and why only names and codes are taken).

The checker uses it to warn when a district-level unit's place is not a district of its province
(a typo, or the unit filed under the wrong province); the importer will use it to find the province
of a place named in an article.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from .records import District
from .vietnamese import comparable_title, nfc, slugify

AS_OF = "2025-01-04"
SOURCE = ("Tổng cục Thống kê, danh mục đơn vị hành chính ngày 04/01/2025, qua gói PyPI vietnam-provinces 0.6.0 "
          "(tệp vietnam_provinces/data/nested-divisions.json)")
# Name prefix → kind; the longest first, so that "Thành phố" is not read as something shorter.
KINDS = (("Thành phố", "thanh-pho"), ("Thị xã", "thi-xa"), ("Quận", "quan"), ("Huyện", "huyen"))
PROVINCE_PREFIXES = ("Thành phố", "Tỉnh")


def split_kind(name: str) -> tuple[str, str, str]:
    """'Huyện Cầu Ngang' → ('Huyện Cầu Ngang', 'Cầu Ngang', 'huyen'); 'Quận 1' → ('Quận 1', 'Quận 1', 'quan').

    The list sometimes capitalises the kind ('Thành Phố Bắc Kạn'); the name returned writes it as usual.
    """
    for prefix, kind in KINDS:
        if name.lower().startswith(prefix.lower() + " "):
            rest = name[len(prefix) + 1:].strip()
            canonical = f"{prefix} {rest}"
            return canonical, (canonical if rest.isdigit() else rest), kind
    raise ValueError(f"không nhận ra loại đơn vị hành chính trong '{name}'")


def province_id_of(name: str) -> str:
    """'Tỉnh Trà Vinh' → 'tra-vinh'; 'Thành phố Hồ Chí Minh' → 'ho-chi-minh'."""
    for prefix in PROVINCE_PREFIXES:
        if name.startswith(prefix + " "):
            return slugify(name[len(prefix) + 1:])
    return slugify(name)


def generate(nested: list[dict], known_provinces: set[str]) -> str:
    """The text of records/districts.yml from the package's nested list of provinces and districts."""
    by_province: dict[str, list[District]] = {}
    for province in nested:
        province_id = province_id_of(province["name"])
        if province_id not in known_provinces:
            raise ValueError(f"tỉnh '{province['name']}' ({province_id}) không có trong records/provinces.yml")
        districts = []
        for item in sorted(province["districts"], key=lambda d: d["code"]):
            name, place, kind = split_kind(nfc(item["name"]))
            districts.append(District(item["code"], name, place, kind))
        by_province[province_id] = districts
    lines = [
        "# Sinh tự động bởi `python -m kb.districts` — không sửa tay. Cách tạo lại: records/PROVINCES-SOURCES.md.",
        "# Quận, huyện, thị xã, thành phố thuộc tỉnh của 63 tỉnh, thành phố ngày 04/01/2025 (trước khi bỏ cấp huyện",
        "# từ 01/07/2025). Chỉ có tên, loại và mã của Tổng cục Thống kê.",
        f'as_of: "{AS_OF}"',
        f'source: "{SOURCE}"',
        "provinces:",
    ]
    for province_id in sorted(by_province):
        lines.append(f"  {province_id}:")
        for district in by_province[province_id]:
            lines.append(f'    - {{code: {district.code}, name: "{district.name}", place: "{district.place}", '
                         f"kind: {district.kind}}}")
    return "\n".join(lines) + "\n"


class DistrictIndex:
    """Where a place name is a district: by exact spelling (tone placement and case aside) and folded."""

    def __init__(self, districts: dict[str, list[District]]) -> None:
        self.by_province = districts
        self._spelled: dict[str, list[tuple[str, District]]] = defaultdict(list)
        self._folded: dict[str, list[tuple[str, District]]] = defaultdict(list)
        for province_id, items in sorted(districts.items()):
            for district in items:
                self._spelled[comparable_title(district.place)].append((province_id, district))
                self._folded[slugify(district.place)].append((province_id, district))

    def covers(self, province_id: str) -> bool:
        return province_id in self.by_province

    def spelled(self, place: str) -> list[tuple[str, District]]:
        return self._spelled.get(comparable_title(place), [])

    def folded(self, place: str) -> list[tuple[str, District]]:
        return self._folded.get(slugify(place), [])

    def places(self, province_id: str) -> list[str]:
        return [district.place for district in self.by_province.get(province_id, [])]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("Cách dùng: python -m kb.districts <đường dẫn tới nested-divisions.json> > records/districts.yml",
              file=sys.stderr)
        return 2
    from .scaffold import read_catalog
    root = Path(__file__).resolve().parents[2]
    provinces = read_catalog(root, "provinces.yml").get("provinces", [])
    nested = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    sys.stdout.write(generate(nested, {p["id"] for p in provinces}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""District-level places of each province (records/districts.yml): the generator and the lookup.

The catalogue lists the quận, huyện, thị xã and thành phố thuộc tỉnh of the 63 provinces as they were
on 4 January 2025, the last list before the district level was abolished on 1 July 2025. It is
generated once, with `python -m kb.intake.districts <nested-divisions.json>`, from the General Statistics
Office's list of administrative units as packaged in the PyPI package vietnam-provinces 0.6.0
(records/PROVINCES-SOURCES.md says how, and why only names and codes are taken).

The checker uses it to warn when a district-level unit's place is not a district of its province
(a typo, or the unit filed under the wrong province); the importer will use it to find the province
of a place named in an article.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kb.check.load import read_catalog
from kb.model.records import District
from kb.text.vietnamese import nfc, slugify

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
        "# Sinh tự động bởi `python -m kb.intake.districts` — không sửa tay. Cách tạo lại: records/PROVINCES-SOURCES.md.",
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("Cách dùng: python -m kb.intake.districts <đường dẫn tới nested-divisions.json> > records/districts.yml",
              file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parents[3]
    provinces = read_catalog(root, "provinces.yml").get("provinces", [])
    nested = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    sys.stdout.write(generate(nested, {p["id"] for p in provinces}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

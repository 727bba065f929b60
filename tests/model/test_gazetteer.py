"""The gazetteer agrees with Resolution 202/2025/QH15: 63 provinces before 1 July 2025, 34 after;
the district list covers the 63 and is what its generator writes."""

from __future__ import annotations

import pytest
import yaml
from conftest import REPO
from kb.intake.communes import commune_name
from kb.intake.communes import generate as generate_communes
from kb.intake.districts import generate, split_kind

# The 23 provinces formed by merging, each named after one of the old ones (Resolution 202/2025/QH15,
# effective 1 July 2025): new province → the old provinces merged into it besides itself.
MERGED = {
    "tuyen-quang": {"ha-giang"}, "lao-cai": {"yen-bai"}, "thai-nguyen": {"bac-kan"},
    "phu-tho": {"vinh-phuc", "hoa-binh"}, "bac-ninh": {"bac-giang"}, "hung-yen": {"thai-binh"},
    "hai-phong": {"hai-duong"}, "ninh-binh": {"ha-nam", "nam-dinh"}, "quang-tri": {"quang-binh"},
    "da-nang": {"quang-nam"}, "quang-ngai": {"kon-tum"}, "gia-lai": {"binh-dinh"}, "khanh-hoa": {"ninh-thuan"},
    "lam-dong": {"dak-nong", "binh-thuan"}, "dak-lak": {"phu-yen"}, "ho-chi-minh": {"binh-duong", "ba-ria-vung-tau"},
    "dong-nai": {"binh-phuoc"}, "tay-ninh": {"long-an"}, "can-tho": {"soc-trang", "hau-giang"},
    "vinh-long": {"ben-tre", "tra-vinh"}, "dong-thap": {"tien-giang"}, "ca-mau": {"bac-lieu"},
    "an-giang": {"kien-giang"},
}
UNCHANGED = {"ha-noi", "hue", "lai-chau", "dien-bien", "son-la", "lang-son", "quang-ninh", "thanh-hoa", "nghe-an",
             "ha-tinh", "cao-bang"}


def provinces() -> dict[str, dict]:
    data = yaml.safe_load((REPO / "records" / "provinces.yml").read_text(encoding="utf-8"))
    return {p["id"]: p for p in data["provinces"]}


def existing_on(day: str) -> set[str]:
    return {pid for pid, p in provinces().items()
            if (p.get("valid_from") or "0000") <= day and (p.get("valid_to") or "9999") >= day}


def test_63_provinces_before_the_merger_and_34_after():
    assert len(existing_on("2025-06-30")) == 63
    assert existing_on("2025-07-01") == set(MERGED) | UNCHANGED
    assert len(set(MERGED) | UNCHANGED) == 34


def test_every_old_province_names_its_successor():
    table = provinces()
    for new, olds in MERGED.items():
        merged_2025 = {old for old in table[new].get("merged_from", []) if table[old]["valid_to"] == "2025-06-30"}
        assert merged_2025 == olds, new
        for old in olds:
            assert table[old]["successor"] == new and table[old]["valid_to"] == "2025-06-30", old
    for pid in UNCHANGED:
        merged_2025 = [old for old in table[pid].get("merged_from", []) if table[old]["valid_to"] == "2025-06-30"]
        assert not merged_2025 and not table[pid].get("successor"), pid


def test_ha_tay_joined_ha_noi_in_2008():
    ha_tay = provinces()["ha-tay"]
    assert ha_tay["successor"] == "ha-noi" and ha_tay["valid_to"] == "2008-07-31"
    assert "ha-tay" in existing_on("2006-11-07") and "ha-tay" not in existing_on("2009-01-01")


def districts() -> dict:
    return yaml.safe_load((REPO / "records" / "districts.yml").read_text(encoding="utf-8"))


def test_districts_cover_the_63_provinces_of_january_2025():
    listed = districts()["provinces"]
    assert set(listed) == existing_on("2025-01-04")
    assert sum(len(items) for items in listed.values()) == 696  # GSO list of 04/01/2025
    assert {d["place"] for d in listed["tra-vinh"]} >= {"Cầu Ngang", "Châu Thành", "Trà Cú"}
    assert "Châu Thành" in {d["place"] for d in listed["ben-tre"]}  # one name, several provinces
    codes = [d["code"] for items in listed.values() for d in items]
    assert len(codes) == len(set(codes))


def test_the_generator_reads_the_packaged_list():
    assert split_kind("Huyện Cầu Ngang") == ("Huyện Cầu Ngang", "Cầu Ngang", "huyen")
    assert split_kind("Quận 1") == ("Quận 1", "Quận 1", "quan")
    assert split_kind("Thành Phố Bắc Kạn") == ("Thành phố Bắc Kạn", "Bắc Kạn", "thanh-pho")
    assert split_kind("Thị xã Bình Minh") == ("Thị xã Bình Minh", "Bình Minh", "thi-xa")
    sample = [{"name": "Tỉnh Trà Vinh", "code": 84, "districts": [
        {"name": "Huyện Cầu Ngang", "code": 848}, {"name": "Thành phố Trà Vinh", "code": 842}]}]
    text = generate(sample, {"tra-vinh"})
    assert text.startswith("# Sinh tự động")
    assert yaml.safe_load(text)["provinces"] == {"tra-vinh": [
        {"code": 842, "name": "Thành phố Trà Vinh", "place": "Trà Vinh", "kind": "thanh-pho"},
        {"code": 848, "name": "Huyện Cầu Ngang", "place": "Cầu Ngang", "kind": "huyen"}]}


def communes() -> dict:
    return yaml.safe_load((REPO / "records" / "communes.yml").read_text(encoding="utf-8"))


def test_communes_before_hang_under_the_districts_of_january_2025_and_after_under_the_34():
    listed = communes()
    before, after = listed["before"], listed["after"]
    assert set(before) == existing_on("2025-01-04") and set(after) == existing_on("2025-07-01")
    codes = {pid: {d["code"] for d in items} for pid, items in districts()["provinces"].items()}
    for pid, by_district in before.items():
        assert set(by_district) <= codes[pid], pid  # every commune's district is a district of its province
    assert sum(len(names) for by_district in before.values() for names in by_district.values()) == 10051
    assert sum(len(names) for names in after.values()) == 3321  # GSO lists of 04/01/2025 and 01/07/2025
    assert "Xã Long Sơn" in before["tra-vinh"][848]  # Cầu Ngang's communes, as the seed article names one
    kinds = {name.split()[0] for names in after.values() for name in names}
    assert kinds == {"Xã", "Phường", "Đặc"}  # 'Đặc khu' from 2025


def test_the_commune_generator_keeps_the_kind_word_and_refuses_an_unknown_one():
    assert commune_name("Phường  Phúc Xá") == "Phường Phúc Xá" and commune_name("Đặc khu Côn Đảo") == "Đặc khu Côn Đảo"
    with pytest.raises(ValueError):
        commune_name("Thôn Một")
    text = generate_communes([{"name": "Tỉnh Trà Vinh", "districts": [{"code": 848, "wards": [{"code": 2, "name": "Xã Long Sơn"},
                                                                                     {"code": 1, "name": "Thị trấn Cầu Ngang"}]}]}],
                    [{"name": "Tỉnh Vĩnh Long", "wards": [{"code": 5, "name": "Xã Cầu Ngang"}]}], {"tra-vinh", "vinh-long"})
    data = yaml.safe_load(text)
    assert data["before"] == {"tra-vinh": {848: ["Thị trấn Cầu Ngang", "Xã Long Sơn"]}}
    assert data["after"] == {"vinh-long": ["Xã Cầu Ngang"]}

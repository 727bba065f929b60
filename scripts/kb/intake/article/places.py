"""Places for the importer: provinces (with their former names and the papers' short names), districts of
01/2025, communes and wards before and after 07/2025, and the provinces a page's address or publisher names.

Everything is read from the catalogues of records/ (provinces.yml, districts.yml, communes.yml) through the
one reader, kb.check.load. The province a unit is given is the one of the article's time (`province_at`):
a district of a province merged in 2025 keeps its old province in an article written before the merger.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from kb.check.load import read_catalog
from kb.text.vietnamese import comparable_title, fold

COMMUNE_PREFIXES = ("thị trấn", "phường", "xã", "đặc khu")
# Short names papers and portals use for a province in their address or their sign (folded, no spaces).
HOST_ALIASES = {
    "hcm": "ho-chi-minh", "tphcm": "ho-chi-minh", "hochiminhcity": "ho-chi-minh", "sggp": "ho-chi-minh",
    "hcmcpv": "ho-chi-minh", "saigon": "ho-chi-minh", "hanoimoi": "ha-noi", "kinhtedothi": "ha-noi",
    "hanoi": "ha-noi", "thuathienhue": "hue", "hue": "hue", "brvt": "ba-ria-vung-tau", "baria": "ba-ria-vung-tau",
    "vungtau": "ba-ria-vung-tau", "daklak": "dak-lak", "daknong": "dak-nong", "dongnai": "dong-nai",
    "baodongnai": "dong-nai", "baothanhhoa": "thanh-hoa", "nghean": "nghe-an", "baonghean": "nghe-an",
    "tthue": "hue", "quangtri": "quang-tri", "lamdong": "lam-dong", "cantho": "can-tho",
}
_LABEL = re.compile(r"[a-z0-9]+")


@dataclass
class Places:
    provinces: dict[str, dict]
    by_name: dict[str, str]  # comparable name (and former names) → province id
    districts: dict[str, list[tuple[str, str, str, int]]]  # comparable place → [(province, kind, name, code)]
    communes_before: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)  # → [(province, district, name)]
    communes_after: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # → [(province, name)]
    district_of_code: dict[int, tuple[str, str]] = field(default_factory=dict)  # code → (province, place)
    slugs: dict[str, str] = field(default_factory=dict)  # province name folded without spaces ('thaibinh') → id
    folded_names: list[tuple[str, str]] = field(default_factory=list)  # ('bac ninh', 'bac-ninh'), longest first
    district_words: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # 'tua-chua' → [(province, place)]

    def districts_in_address(self, url: str | None) -> list[tuple[str, str]]:
        """Districts whose name the address's path spells ('…/tua-chua-dua-viec-…'): (province, place), by
        their first place in the path; names of one word are too common to count."""
        path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.I).lower()
        words = re.findall(r"[a-z0-9]+", path)
        found: list[tuple[str, str]] = []
        for size in (3, 2):
            for start in range(len(words) - size + 1):
                for option in self.district_words.get("-".join(words[start:start + size]), []):
                    if option not in found:
                        found.append(option)
        return found

    def province_name(self, province_id: str) -> str:
        return self.provinces[province_id]["name"]

    def province_phrase(self, province_id: str) -> str:
        info = self.provinces[province_id]
        return f"{'thành phố' if info.get('kind') == 'thanh-pho' else 'tỉnh'} {info['name']}"

    def province_of_name(self, name: str) -> str | None:
        return self.by_name.get(comparable_title(_strip_kind(name, ("tỉnh", "thành phố", "tp.", "tp"))))

    def district_options(self, place: str) -> list[tuple[str, str, str, int]]:
        return self.districts.get(comparable_title(place), [])

    def commune_options(self, name: str, date: str | None) -> list[tuple[str, str]]:
        """(province, district place or '') of the communes of this name at the article's time."""
        key = comparable_title(_strip_kind(name, COMMUNE_PREFIXES))
        if date and date[:10] >= "2025-07-01":
            return [(province, "") for province, _ in self.communes_after.get(key, [])]
        return [(province, self.district_of_code.get(code, ("", ""))[1])
                for province, code, _ in self.communes_before.get(key, [])]


def _strip_kind(name: str, kinds) -> str:
    lowered = name.lower()
    for kind in kinds:
        if lowered.startswith(kind + " "):
            return name[len(kind) + 1:].strip()
    return name.strip()


@lru_cache(maxsize=8)
def load_places(root: str) -> Places:
    provinces = read_catalog(Path(root), "provinces.yml").get("provinces", [])
    by_id = {p["id"]: p for p in provinces}
    by_name: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for p in provinces:
        for name in [p["name"]] + [f["name"] for f in p.get("former_names") or []]:
            by_name.setdefault(comparable_title(name), p["id"])
            slugs.setdefault(re.sub(r"[^a-z0-9]", "", fold(name).lower()), p["id"])
    for alias in ("Thành phố Hồ Chí Minh", "TP.HCM", "TPHCM", "TP HCM", "HCM", "Sài Gòn", "Thừa Thiên - Huế", "TT-Huế",
                  "Bà Rịa Vũng Tàu", "BR-VT", "Đắc Lắc", "Đăk Lăk", "Đắk Nông", "Đắc Nông"):
        target = {"Sài Gòn": "ho-chi-minh", "TT-Huế": "hue", "Thừa Thiên - Huế": "hue", "BR-VT": "ba-ria-vung-tau",
                  "Bà Rịa Vũng Tàu": "ba-ria-vung-tau", "Đắc Lắc": "dak-lak", "Đăk Lăk": "dak-lak",
                  "Đắk Nông": "dak-nong", "Đắc Nông": "dak-nong"}.get(alias, "ho-chi-minh")
        if target in by_id:
            by_name.setdefault(comparable_title(alias), target)
    districts: dict[str, list[tuple[str, str, str, int]]] = defaultdict(list)
    district_of_code: dict[int, tuple[str, str]] = {}
    for province_id, items in (read_catalog(Path(root), "districts.yml").get("provinces") or {}).items():
        for item in items:
            districts[comparable_title(item["place"])].append((province_id, item["kind"], item["name"], item["code"]))
            district_of_code[int(item["code"])] = (province_id, item["place"])
    communes = read_catalog(Path(root), "communes.yml")
    before: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for province_id, by_district in (communes.get("before") or {}).items():
        for code, names in (by_district or {}).items():
            for name in names:
                before[comparable_title(_strip_kind(name, COMMUNE_PREFIXES))].append((province_id, int(code), name))
    after: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for province_id, names in (communes.get("after") or {}).items():
        for name in names or []:
            after[comparable_title(_strip_kind(name, COMMUNE_PREFIXES))].append((province_id, name))
    folded = sorted({(" ".join(re.findall(r"[a-z0-9]+", fold(name))), p["id"])
                     for p in provinces for name in [p["name"]] + [f["name"] for f in p.get("former_names") or []]},
                    key=lambda item: (-len(item[0]), item))
    district_words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for options in districts.values():
        for province_id, _, _, code in options:
            place = district_of_code[int(code)][1]
            key = "-".join(re.findall(r"[a-z0-9]+", fold(place).lower()))
            if key.count("-") >= 1 and (province_id, place) not in district_words[key]:
                district_words[key].append((province_id, place))
    return Places(by_id, by_name, dict(districts), dict(before), dict(after), district_of_code, slugs, folded,
                  dict(district_words))


def province_at(province_id: str, date: str | None, places: Places) -> str:
    """The province of the article's time: a province that ended before the article gives its successor."""
    info = places.provinces[province_id]
    if date and info.get("valid_to") and date[:10] > info["valid_to"] and info.get("successor"):
        return province_at(info["successor"], date, places)
    return province_id


def provinces_of_address(url: str | None, places: Places) -> list[str]:
    """The provinces a page's address names: a provincial paper or portal ('baothanhhoa.vn', 'quangninh.gov.vn',
    'goquao.kiengiang.gov.vn', 'tuyenquang.dcs.vn'). Weaker than the text: a national paper names none."""
    if not url:
        return []
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    labels = [label for label in host.split(".") if label not in ("www", "m", "vn", "com", "gov", "org", "net", "edu",
                                                                   "dcs", "info", "news", "lite")]
    found: list[str] = []
    for label in labels:
        for token in _LABEL.findall(label):
            candidates = [token, token.removeprefix("bao"), token.removeprefix("tuyengiao"),
                          token.removesuffix("tv"), token.removeprefix("bao").removesuffix("tv")]
            for candidate in candidates:
                province = places.slugs.get(candidate) or HOST_ALIASES.get(candidate)
                if province and province in places.provinces and province not in found:
                    found.append(province)
                    break
    return found

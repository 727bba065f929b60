"""Names of reporting units: the place a name gives, the kind of unit and the level it implies.

General rules of how Vietnamese units name themselves, shared by `kb new`, the issue forms and the
article importer:

- the kind comes from the organ word that heads the name ('Trường THCS …' is a school, 'Công an
  huyện …' the police, 'Chi bộ …' a party cell, 'Đảng ủy Khối …' a bloc, 'Hội Cựu chiến binh …' a mass
  organisation, 'Huyện ủy …' a territory's committee);
- the level comes from the first kind of place in the name ('… xã Tân Phú' → xa, '… ấp 3' → co-so,
  'Công an tỉnh …' → tinh), from the organ itself ('Huyện ủy' → huyen, 'Ban Bí thư' → trung-uong), and
  last from the kind (a school with no place word is a commune's; a high school, a province's).
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.check.load import read_catalog
from kb.model.gazetteer import DistrictIndex
from kb.model.ids import PLACE_KINDS
from kb.model.records import District
from kb.text.vietnamese import fold, slugify

ORGAN_PREFIXES = [
    "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Huyện ủy", "Ban Thường vụ Thành ủy", "Ban Thường vụ Quận ủy",
    "Ban Thường vụ Thị ủy", "Ban Chấp hành Đảng bộ", "Thường trực Huyện ủy", "Thường trực Tỉnh ủy",
    "Đảng ủy thị trấn", "Đảng ủy phường", "Đảng ủy xã", "Đảng bộ thị trấn", "Đảng bộ phường", "Đảng bộ xã",
    "Đảng bộ huyện", "Đảng bộ quận", "Đảng bộ thị xã", "Đảng bộ tỉnh", "Đảng bộ thành phố", "Đảng bộ",
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Chi bộ",
    "UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân",
]

# Kind of unit from the words of its name, first match wins (folded, so tone placement and đ/d do not matter).
# Each pattern is a folded word sequence that must start a word; order matters (a police party cell is police).
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bien-phong", ("bien phong", "bdbp")),
    ("cong-an", ("cong an", "canh sat")),
    ("quan-doi", ("quan su", "quan khu", "quan doan", "su doan", "lu doan", "trung doan", "tieu doan", "binh doan",
                  "bo chi huy quan su", "ban chi huy quan su", "bo chqs", "ban chqs", "bchqs", "chqs", "bo tu lenh",
                  "hai doan", "quan chung", "tong cuc chinh tri", "hoc vien quan su", "quan doi", "bo doi",
                  "luc luong vu trang", "dan quan")),
    ("chi-bo", ("chi bo",)),
    ("khoi", ("dang uy khoi", "dang bo khoi", "khoi cac co quan", "khoi doanh nghiep", "khoi co quan")),
    ("truong-hoc", ("truong", "dai hoc", "hoc vien", "cao dang", "mam non", "thpt", "thcs")),
    ("y-te", ("benh vien", "trung tam y te", "tram y te", "phong kham")),
    ("doanh-nghiep", ("tong cong ty", "cong ty", "tap doan", "ngan hang", "nha may", "xi nghiep", "hop tac xa",
                      "doanh nghiep", "chi nhanh", "cang ", "khu cong nghiep", "kcn")),
    ("doan-the", ("mat tran", "mttq", "uy ban mat tran", "hoi ", "doan thanh nien", "tinh doan", "huyen doan",
                  "thanh doan", "quan doan thanh nien", "cong doan", "lien doan lao dong", "doan tn", "ccb")),
    ("co-quan", ("ban tuyen giao", "ban dan van", "ban to chuc", "ban noi chinh", "uy ban kiem tra", "so ",
                 "phong ", "cuc ", "chi cuc", "van phong", "kho bac", "thue", "vien kiem sat", "toa an",
                 "bao ", "dai phat thanh", "ban bi thu", "bo chinh tri", "bo ", "hoi dong nhan dan", "hdnd",
                 "thanh tra", "ban quan ly", "trung tam")),
)
PARTY_HEADS = ("ban thuong vu", "ban chap hanh", "thuong truc", "dang uy", "dang bo", "to chuc co so dang")
TERRITORY_ORGANS = ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "ubnd", "uy ban nhan dan",
                    "hdnd", "hoi dong nhan dan", "chinh quyen")
PLACE_HEAD = re.compile(r" (xa|phuong|thi tran|huyen|quan(?! (su|doi|khu|doan|chung))|thi xa|thanh pho|tinh|thon|ap"
                        r"|khu pho|to dan pho|khu dan cu|xom|khom|buon) ")

# Level from the first kind of place in the name (folded words), or from a national or regional organ.
NATIONAL_WORDS = ("trung uong", "ban bi thu", "bo chinh tri", "quoc hoi", "chinh phu", "tong cuc",
                  "bo quoc phong", "bo cong an", "bo y te", "bo giao duc", "bo noi vu", "bo tu phap")
REGIONAL_WORDS = ("quan khu", "quan doan", "bo tu lenh", "quan chung", "vung ", "binh doan", "khu vuc")
PLACE_LEVELS: tuple[tuple[re.Pattern, str], ...] = (  # folded words, each pattern starting at a word
    (re.compile(r" (thi tran|xa|phuong)(?! (hoi|vien|doi)) "), "xa"),
    (re.compile(r" (thi xa|huyen)(?= )|(?<!co) quan(?! (su|doi|khu|doan|chung|nhan|ly|tri|tam|ngu|y|be|dan|ao|he))"
                r"(?= )"), "huyen"),
    (re.compile(r" thanh pho(?= )"), "thanh-pho"),
    (re.compile(r" tinh(?= )"), "tinh"),
    (re.compile(r" (thon|ap|khu pho|to dan pho|khu dan cu|xom|khom|buon|plei|soc|khu vuc \d+)(?= )"), "co-so"),
)
ORGAN_LEVELS = (("tinh uy", "tinh"), ("thanh uy", "tinh"), ("huyen uy", "huyen"), ("quan uy", "huyen"),
                ("thi uy", "huyen"))
ORGAN_AFTER_PLACE = {"ủy", "uỷ", "đoàn", "đội", "ban", "uy", "doan"}  # 'Huyện đoàn', 'Tỉnh ủy': organs, not places
KIND_LEVELS = {"truong-hoc": "xa", "y-te": "huyen", "cong-an": "tinh", "quan-doi": "tinh", "bien-phong": "xa",
               "khoi": "tinh", "co-quan": "tinh", "doanh-nghiep": "tinh", "doan-the": "tinh", "chi-bo": "xa",
               "dia-phuong": "huyen"}
PROVINCE_SCHOOLS = ("thpt", "trung hoc pho thong", "dai hoc", "cao dang", "hoc vien", "pho thong dan toc noi tru tinh")


def _words(name: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", fold(name).lower()).strip() + " "


def kind_of(name: str) -> str:
    """The kind of unit (schema vocabulary `unit_kind`) a name says: 'Trường THCS Lê Lợi' → 'truong-hoc'.

    The organ at the head of the name decides, after the party's own words ('Đảng ủy Công an tỉnh' is the
    police, 'Chi bộ Trường THCS …' a party cell): a territory's organ or a place ('Huyện ủy …', 'Đảng ủy
    xã …') is 'dia-phuong'; otherwise the first organ word among the head's first words."""
    words = _words(name)
    if words.startswith(" chi bo "):
        return "chi-bo"
    head = words
    for organ in PARTY_HEADS:
        if head.startswith(f" {organ} "):
            head = head[len(organ) + 1:]
            break
    first = _first_kind(" ".join(head.split()[:3]).join("  "), at_start=True)
    if first:  # 'Huyện đoàn …', 'Công an huyện …': the organ, before any place word
        return first
    if any(head.startswith(f" {organ} ") for organ in TERRITORY_ORGANS) or PLACE_HEAD.match(head):
        return "dia-phuong"
    found = _first_kind(" ".join(head.split()[:5]).join("  "))
    if found:
        return found
    return "dia-phuong" if named_place(name) else "co-quan"


def _first_kind(words: str, at_start: bool = False) -> str | None:
    best = None
    for kind, patterns in KIND_WORDS:
        for pattern in patterns:
            at = words.find(" " + pattern.strip() + " ")
            if at >= 0 and (best is None or at < best[0]) and (at == 0 or not at_start):
                best = (at, kind)
    return best[1] if best else None


def level_of(name: str, kind: str | None = None, province_names: set[str] | None = None) -> str:
    """The level (schema vocabulary `level`) a name says: 'Đảng ủy xã Tân Phú' → 'xa'; 'Công an tỉnh' → 'tinh'.

    `province_names` (folded, lower case: 'ha noi') tell a city that is a province from one that is not."""
    words = _words(name)
    kind = kind or kind_of(name)
    if any(f" {word.strip()} " in words for word in NATIONAL_WORDS) and " tinh " not in words:
        return "trung-uong"
    if kind in ("quan-doi", "co-quan") and any(f" {word.strip()} " in words[:40] for word in REGIONAL_WORDS):
        return "khu-vuc"
    for organ, level in ORGAN_LEVELS:
        if f" {organ} " in words[:30]:
            if organ == "thanh uy":  # Thành ủy Hà Nội is a province's; Thành ủy Đồng Hới a district-level city's
                after = words[words.find(" thanh uy ") + 10:].strip()
                named = any(after.startswith(province) for province in (province_names or ()))
                return "tinh" if named or province_names is None else "huyen"
            return level
    best = None
    for pattern, level in PLACE_LEVELS:
        found = pattern.search(words)
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), level, found.end())
    if best is not None and best[1] == "thanh-pho":  # a city: a province (Hà Nội) or a district-level city
        after = words[best[2]:].strip()
        named = any(after.startswith(province) for province in (province_names or ()))
        return "tinh" if named else "huyen"
    if best is not None:
        return best[1]
    if kind == "truong-hoc" and any(f" {word} " in words for word in PROVINCE_SCHOOLS):
        return "tinh"
    return KIND_LEVELS.get(kind, "huyen")


def place_of(name: str) -> str:
    """'Huyện ủy Cầu Ngang' → 'Cầu Ngang' (tone placement of the prefix does not matter).

    A party cell, agency or school is at the place its name gives after a kind of place
    ('Chi bộ 1, Đảng bộ Công an huyện Cầu Ngang' → 'Cầu Ngang'), else its place is its own name."""
    folded = slugify(name)
    for prefix in ORGAN_PREFIXES:
        slug = slugify(prefix)
        if folded.startswith(slug + "-") and prefix != "Chi bộ":
            words = len(prefix.split())
            rest = " ".join(name.split()[words:])
            if "," not in rest and any(ch.isalpha() for ch in rest) and kind_of(name) == "dia-phuong":
                return _strip_place_kind(rest)
            if rest.isdigit() and prefix.split()[-1].lower() in PLACE_KINDS:  # 'Đảng ủy phường 7' → 'Phường 7'
                return f"{prefix.split()[-1].capitalize()} {rest}"
            break
    return named_place(name) or name.split(",")[0].strip()


def _strip_place_kind(rest: str) -> str:
    """'huyện Cầu Ngang' → 'Cầu Ngang' (a name like 'Đảng bộ Khối … tỉnh' keeps its words)."""
    words = rest.split()
    lowered = [word.lower() for word in words]
    for kind in PLACE_KINDS:
        size = len(kind.split())
        if lowered[:size] == kind.split() and len(words) > size and not words[size:][0].isdigit():
            return " ".join(words[size:])
    return rest[:1].upper() + rest[1:] if rest.split()[0].lower() in PLACE_KINDS else rest


NAMED_PLACE_KINDS = PLACE_KINDS + ("tỉnh", "ấp", "thôn", "bản", "khu phố", "tổ dân phố", "khóm")


def named_place(name: str) -> str | None:
    """The place a name gives after its first kind of place: 'Công an huyện Cầu Ngang' → 'Cầu Ngang',
    'Hội Cựu chiến binh tỉnh Hải Dương' → 'Hải Dương'."""
    words = name.replace(",", " , ").replace("(", " , ").replace(")", " , ").split()
    lowered = [word.lower() for word in words]
    for index in range(len(words)):
        for kind in NAMED_PLACE_KINDS:
            size = len(kind.split())
            if (lowered[index:index + size] == kind.split() and index + size < len(words)
                    and lowered[index + size] not in ORGAN_AFTER_PLACE):
                rest = words[index + size:]
                rest = rest[:rest.index(",")] if "," in rest else rest
                if len(rest) == 1 and rest[0].isdigit():  # 'Công an quận 1' → 'Quận 1'
                    return f"{words[index].capitalize()} {rest[0]}"
                return " ".join(rest) or None
    return None


def provinces_with_district(root: Path, place: str) -> list[str]:
    """The provinces that had a district of this name on 04/01/2025 (records/districts.yml)."""
    data = read_catalog(root, "districts.yml")
    index = DistrictIndex({province: [District(**item) for item in items]
                           for province, items in (data.get("provinces") or {}).items()})
    return sorted({province for province, _ in index.folded(place)})

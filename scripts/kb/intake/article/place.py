"""The reporting unit, its level and province — through the gazetteer.

records/provinces.yml and records/districts.yml (kb.intake.districts) say which province a
district belonged to, so "huyện Chi Lăng" gives Lạng Sơn even when the province is
never named. The province recorded is the one of the article's time: a district of a
province merged in 2025 keeps its old province in an article written before the merger.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kb.intake.names import level_of, place_of
from kb.text.vietnamese import comparable_title, fold

DISTRICT_ORGANS = {"huyen": "Huyện ủy", "quan": "Quận ủy", "thi-xa": "Thị ủy", "thanh-pho": "Thành ủy"}
_KIND_WORDS = ("ban thường vụ huyện ủy", "ban thường vụ quận ủy", "ban thường vụ thị ủy", "ban thường vụ thành ủy",
               "huyện ủy", "quận ủy", "thị ủy", "thành ủy", "tỉnh ủy", "đảng bộ huyện", "đảng bộ quận", "đảng bộ thị xã",
               "đảng bộ thành phố", "đảng bộ tỉnh", "đảng ủy xã", "đảng ủy phường", "đảng ủy thị trấn", "đảng bộ xã",
               "đảng bộ phường", "đảng bộ thị trấn", "ubnd huyện", "ubnd quận", "ubnd tỉnh", "thị xã", "thành phố",
               "thị trấn", "huyện", "quận", "tỉnh", "xã", "phường", "tp.", "tp")
_ORGAN_WEIGHT = {"huyện ủy": 2, "quận ủy": 2, "thị ủy": 2, "thành ủy": 2, "tỉnh ủy": 2}
_KIND_PATTERN = re.compile(r"(?<![\wÀ-ỹ])(" + "|".join(re.escape(k) for k in _KIND_WORDS) + r")\s+", re.I)
_WORD = re.compile(r"[^\W_][\w'’]*|\d+", re.U)
COMMUNE_KINDS = ("xã", "phường", "thị trấn")
# A title that opens with a party organisation of an agency: "Đảng bộ Công an tỉnh Bến Tre: …", "Chi bộ Phòng Nông
# nghiệp huyện …" (an organisation of a place — "Đảng bộ huyện …" — is read by the place rules instead).
_AGENCY_TITLE = re.compile(
    r"^(?P<name>(?:Đảng bộ|Đảng ủy|Đảng uỷ|Chi bộ)\s+(?!(?:huyện|quận|thị xã|thành phố|tỉnh|xã|phường|thị trấn)\b)"
    r"(?:\S+\s+){0,7}?\S+?)(?=\s*[:–\-,]|\s+(?:đẩy mạnh|thực hiện|học tập|làm theo|tổ chức|lan tỏa|lan toả|nâng cao|"
    r"phát huy|với|và|trong|sơ kết|tổng kết|triển khai|gắn|chú trọng|tiếp tục)\b)")


@dataclass
class Gazetteer:
    provinces: dict[str, dict]
    province_by_name: dict[str, str]
    districts: dict[str, list[tuple[str, str, str]]]  # comparable place → [(province, kind, name)]

    def province_name(self, province_id: str) -> str:
        return self.provinces[province_id]["name"]


@lru_cache(maxsize=8)
def load_gazetteer(root: str) -> Gazetteer:
    records = Path(root) / "records"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    provinces = yaml.load((records / "provinces.yml").read_text(encoding="utf-8"), Loader=loader)["provinces"]
    by_id = {p["id"]: p for p in provinces}
    by_name: dict[str, str] = {}
    for p in provinces:
        for name in [p["name"]] + [f["name"] for f in p.get("former_names") or []]:
            by_name.setdefault(comparable_title(name), p["id"])
    by_name.setdefault(comparable_title("Thành phố Hồ Chí Minh"), "ho-chi-minh")
    by_name.setdefault(comparable_title("TP.HCM"), "ho-chi-minh")
    by_name.setdefault(comparable_title("TPHCM"), "ho-chi-minh")
    districts: dict[str, list[tuple[str, str, str]]] = {}
    data = yaml.load((records / "districts.yml").read_text(encoding="utf-8"), Loader=loader)
    for province_id, items in data["provinces"].items():
        for item in items:
            districts.setdefault(comparable_title(item["place"]), []).append((province_id, item["kind"], item["name"]))
    return Gazetteer(by_id, by_name, districts)


@dataclass
class Mention:
    kind: str  # the word before the name, lower case ("huyện ủy", "tỉnh", "" for a bare title mention)
    name: str  # as written
    where: str  # title | body


@dataclass
class UnitGuess:
    name: str | None
    place: str | None
    level: str | None
    province: str | None
    name_confidence: float
    province_confidence: float
    notes: list[str] = field(default_factory=list)  # what was inferred (goes to the source's note)
    province_named: bool = False


def mentions(text: str, where: str) -> list[Mention]:
    """'<kind word> <Capitalised Name>' occurrences: 'huyện Chi Lăng', 'Quận ủy Gò Vấp', 'tỉnh Bến Tre'."""
    found = []
    for match in _KIND_PATTERN.finditer(text):
        rest = text[match.end():match.end() + 60]
        name_words = []
        for word in _WORD.finditer(rest):
            token = word.group(0)
            gap = rest[(name_words[-1][1] if name_words else 0):word.start()]
            if name_words and gap.strip():
                break
            if not (token[0].isupper() or (token.isdigit() and not name_words)):
                break
            name_words.append((token, word.end()))
            if len(name_words) == 4:
                break
        if name_words:
            found.append(Mention(match.group(1).lower(), " ".join(w for w, _ in name_words), where))
    return found


def capitalised_runs(text: str) -> list[str]:
    """Runs of capitalised words ('Chợ Lách', 'Cầu Ngang'), each with all its shorter sub-runs, longest first."""
    runs, current = [], []
    for word in _WORD.findall(text):
        if word[0].isupper() and not word.isupper() or (word.isupper() and len(word) > 1 and current):
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = [word] if word[0].isupper() else []
    if current:
        runs.append(current)
    out = []
    for run in runs:
        for size in range(min(len(run), 4), 0, -1):
            for start in range(0, len(run) - size + 1):
                out.append(" ".join(run[start:start + size]))
    return out


def _longest_place(name: str, table: dict) -> str | None:
    parts = name.split()
    for size in range(len(parts), 0, -1):
        key = comparable_title(" ".join(parts[:size]))
        if key in table:
            return " ".join(parts[:size])
    return None


def find_unit(title: str | None, body: str, gazetteer: Gazetteer, date: str | None = None,
              sign_province: str | None = None) -> UnitGuess:
    all_mentions = mentions(title or "", "title") + mentions(body, "body")
    district_score: Counter = Counter()
    spelled: dict[str, str] = {}
    organ_counts: Counter = Counter()
    province_score: Counter = Counter()
    commune_score: Counter = Counter()
    for m in all_mentions:
        weight = (3 if m.where == "title" else 1) * _ORGAN_WEIGHT.get(m.kind.replace("ban thường vụ ", ""), 1)
        if m.kind in ("tỉnh", "tỉnh ủy", "thành phố", "thành ủy", "tp", "tp.", "đảng bộ tỉnh", "ubnd tỉnh",
                      "đảng bộ thành phố"):
            province = _longest_place(m.name, gazetteer.province_by_name)
            if province:
                province_score[gazetteer.province_by_name[comparable_title(province)]] += weight
                if m.kind in ("tỉnh", "tỉnh ủy", "đảng bộ tỉnh", "ubnd tỉnh"):
                    continue
        if any(m.kind.endswith(k) for k in COMMUNE_KINDS):
            commune_score[m.name] += weight
            continue
        place = _longest_place(m.name, gazetteer.districts)
        if not place and m.name.split()[0].isdigit() and "quận" in m.kind:
            place = _longest_place(f"Quận {m.name.split()[0]}", gazetteer.districts)  # numbered districts: "Quận 1"
        if place:
            key = comparable_title(place)
            district_score[key] += weight
            spelled.setdefault(key, place)
            base = m.kind.replace("ban thường vụ ", "")
            if base in DISTRICT_ORGANS.values() or base in ("huyện ủy", "quận ủy", "thị ủy", "thành ủy"):
                organ_counts[(key, base)] += 1
    named_in_title = {comparable_title(m.name) for m in all_mentions if m.where == "title"}  # counted by their kind
    for run in capitalised_runs(title or ""):
        key = comparable_title(run)
        if key in gazetteer.districts and len(run.split()) >= 2 and key not in named_in_title:
            district_score[key] += 3
            spelled.setdefault(key, run)
            break
    for key in list(district_score):  # bare mentions in the body of a place already found
        if not spelled[key].split()[-1].isdigit():
            district_score[key] += 0.5 * len(re.findall(re.escape(spelled[key]), body))
    notes: list[str] = []
    provincial_organs = len(re.findall(r"Tỉnh [ủu][yỷ]", body + " " + (title or "")))
    best = district_score.most_common(1)[0] if district_score else None
    title_key = {comparable_title(r) for r in capitalised_runs(title or "")}
    district_level = best is not None and (best[0] in title_key or best[1] >= 4 or
                                           (best[1] >= 2 and provincial_organs < 2))
    agency = _AGENCY_TITLE.match(title or "")
    if agency:
        return _agency_unit(agency["name"], best, spelled, province_score, sign_province, date, gazetteer)
    commune = next((m for m in all_mentions if m.where == "title" and any(m.kind.endswith(k) for k in COMMUNE_KINDS)),
                   None)
    if commune and not (best and best[0] in title_key):
        return _commune_unit(commune, best, spelled, province_score, sign_province, date, gazetteer)
    if district_level:
        key = best[0]
        place = spelled[key]
        options = gazetteer.districts[key]
        named = [p for p, _, _ in options if province_score.get(p)]
        successors = [p for p, _, _ in options
                      if any(gazetteer.provinces[p].get("successor") == q for q in province_score)]
        chosen = named[:1] or successors[:1] or ([options[0][0]] if len(options) == 1 else [])
        if not chosen and sign_province in [p for p, _, _ in options]:
            chosen = [sign_province]
        if not chosen:
            return UnitGuess(None, place, "huyen", None, 0.3, 0.0,
                             [f"“{place}” là tên quận, huyện ở nhiều tỉnh ({', '.join(p for p, _, _ in options)}); "
                              "bài không cho biết tỉnh nào"])
        province = province_at(chosen[0], date, gazetteer)
        kind = next(k for p, k, _ in options if p == chosen[0])
        organs = Counter({organ: n for (k, organ), n in organ_counts.items() if k == key})
        organ = organs.most_common(1)[0][0].capitalize() if organs else DISTRICT_ORGANS[kind]
        organ = organ[0].upper() + organ[1:]
        province_named = bool(province_score.get(chosen[0]) or province_score.get(province))
        if not province_named:
            notes.append(f"Bài không viết tên tỉnh; {place} là {_kind_word(kind)} của "
                         f"{_province_phrase(gazetteer, province)} theo danh mục quận, huyện (suy ra).")
        elif province != chosen[0]:
            notes.append(f"Tỉnh ghi theo thời điểm của bài: {place} thuộc {_province_phrase(gazetteer, province)} "
                         f"trước khi sáp nhập (suy ra từ danh mục).")
        confidence = 0.9 if best[0] in title_key or organs else 0.7
        return UnitGuess(f"{organ} {place}", place, "huyen", province, confidence,
                         0.9 if province_named else 0.8, notes, province_named)
    province, province_conf, named = None, 0.0, False
    if province_score:
        province, province_conf, named = province_score.most_common(1)[0][0], 0.9, True
    elif sign_province:
        province, province_conf = sign_province, 0.5
        notes.append(f"Bài không viết tên tỉnh; {_province_phrase(gazetteer, province)} suy ra từ ký hiệu của báo ở "
                     "đầu bài.")
    city = bool(province) and gazetteer.provinces[province].get("kind") == "thanh-pho"
    word = "Thành ủy" if city else "Tỉnh ủy"
    if city:  # a centrally governed city's committee is the Thành ủy
        provincial_organs = len(re.findall(r"Thành [ủu][yỷ]", body + " " + (title or "")))
    if province and provincial_organs >= 2:
        standing = len(re.findall(rf"Ban Thường vụ {word[:-2]}[ủu][yỷ]", body))
        organ = f"Ban Thường vụ {word}" if standing * 2 >= provincial_organs else word
        name = gazetteer.province_name(province)
        return UnitGuess(f"{organ} {name}", name, "tinh", province, 0.7 if named else 0.5, province_conf, notes, named)
    if commune_score and province:
        commune = commune_score.most_common(1)[0][0]
        return UnitGuess(f"Đảng ủy xã {commune}", commune, "xa", province, 0.4, province_conf, notes, named)
    return UnitGuess(None, None, None, province, 0.0, province_conf, notes, named)


def _agency_unit(name: str, best, spelled, province_score, sign_province, date, gazetteer) -> UnitGuess:
    """The party organisation of an agency or a cell named by the title; its province as for a commune."""
    guess = _commune_unit(Mention("xã", name, "title"), best, spelled, province_score, sign_province, date, gazetteer)
    return UnitGuess(name, place_of(name), level_of(name), guess.province, 0.5, guess.province_confidence, guess.notes,
                     guess.province_named)


def _commune_unit(commune: Mention, best, spelled, province_score, sign_province, date, gazetteer) -> UnitGuess:
    """A commune the title names ('xã Tân Hòa'): its province through the district the text names, or the
    province it names. Communes are not in the gazetteer, so the level is marked for review."""
    kind = next(k for k in COMMUNE_KINDS if commune.kind.endswith(k))
    notes, province, confidence, named = [], None, 0.0, False
    if best:
        options = gazetteer.districts[best[0]]
        named_here = [p for p, _, _ in options if province_score.get(p)]
        chosen = named_here[:1] or ([options[0][0]] if len(options) == 1 else [])
        if chosen:
            province, confidence, named = province_at(chosen[0], date, gazetteer), 0.8, bool(named_here)
            if not named:
                notes.append(f"Bài không viết tên tỉnh; {spelled[best[0]]} thuộc {_province_phrase(gazetteer, province)} "
                             "theo danh mục quận, huyện (suy ra).")
    if province is None and province_score:
        province, confidence, named = province_score.most_common(1)[0][0], 0.9, True
    if province is None and sign_province:
        province, confidence = sign_province, 0.5
        notes.append(f"{_province_phrase(gazetteer, province)} suy ra từ ký hiệu của báo ở đầu bài.")
    return UnitGuess(f"Đảng ủy {kind} {commune.name}", commune.name, "xa", province, 0.6, confidence, notes, named)


def province_at(province_id: str, date: str | None, gazetteer: Gazetteer) -> str:
    """The province of the article's time: a province that ended before the article gives its successor."""
    info = gazetteer.provinces[province_id]
    if date and info.get("valid_to") and date[:10] > info["valid_to"] and info.get("successor"):
        return province_at(info["successor"], date, gazetteer)
    return province_id


def _kind_word(kind: str) -> str:
    return {"huyen": "huyện", "quan": "quận", "thi-xa": "thị xã", "thanh-pho": "thành phố"}[kind]


def _province_phrase(gazetteer: Gazetteer, province_id: str) -> str:
    info = gazetteer.provinces[province_id]
    word = "thành phố" if info.get("kind") == "thanh-pho" else "tỉnh"
    return f"{word} {info['name']}"


def fold_contains(text: str, phrase: str) -> bool:
    return fold(phrase) in fold(text)

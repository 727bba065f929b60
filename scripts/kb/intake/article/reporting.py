"""The reporting unit as a record needs it: name, place, kind, level and province, each with its evidence.

The province is weighed from what the article writes (the unit's own name, the places written after it,
the provinces, districts and communes it names), then from the paper's sign and the page's address, which
are weaker and marked as such. A district or commune that several provinces have is settled by the other
evidence, or left for the reviewer to choose. Nothing is guessed without saying so: every value that is not
read from the text carries the reason a reviewer needs (`notes`), and a value not found is said not found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kb.intake.article.organs import (
    DISTRICT_LEVEL,
    ORGAN_OF_LEVEL,
    PROVINCIAL,
    TERRITORY,
    Mention,
)
from kb.intake.article.places import Places, province_at, provinces_of_address
from kb.intake.article.units import Chosen
from kb.intake.names import kind_of, level_of, place_of
from kb.text.vietnamese import comparable_title, fold


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
    kind: str | None = None
    name_evidence: str = ""  # the passage the unit was read from
    province_evidence: str = ""  # 'theo bài', 'theo địa chỉ trang', ...


@dataclass
class Evidence:
    """What besides the article's words says where the page is from."""
    url: str | None = None
    sign_province: str | None = None  # a paper's sign ('(LSO)') or name
    publisher: str | None = None


def resolve(chosen: Chosen, everything: list[Mention], places: Places, date: str | None,
            evidence: Evidence) -> UnitGuess:
    scores = _province_scores(chosen.mention, everything, places, date, evidence)
    mention = chosen.mention
    notes: list[str] = []
    if mention is None:
        return _no_unit(scores, places, date, evidence)
    name, place, level, completed = _name(mention, scores, places, date)
    kind = kind_of(name)
    level = level or level_of(name, kind, {fold(p["name"]).lower() for p in places.provinces.values()})
    if completed:
        notes.append(completed)
    province, confidence, said, named = _pick(scores, level, places, date)
    owners = {owner for owner, _, _, _ in places.district_options(place)} if place and province is None else set()
    if len(owners) == 1:  # a committee completed from the address's district: that district's province
        province, confidence, named = province_at(owners.pop(), date, places), 0.6, False
        said = (f"Bài không viết tên tỉnh; {places.province_phrase(province)} suy ra từ huyện {place} mà địa chỉ trang "
                "nhắc tới (suy ra).")
        scores["sources"][province] = f"huyện {place} (địa chỉ trang)"
        scores["address"] = scores["address"] + [province]
    if said:
        notes.append(said)
    if level in ("trung-uong", "khu-vuc"):
        province, confidence = None, 0.8
    name_confidence = 0.9 if mention.where == "title" or (mention.subject and mention.where == "lead") else 0.7
    if chosen.runner_up and chosen.score < 1.3 * chosen.runner_up:
        name_confidence = min(name_confidence, 0.5)
    if completed or not mention.organ:
        name_confidence = min(name_confidence, 0.5)
    return UnitGuess(name, place, level, province, name_confidence, confidence, notes, named, kind, mention.text,
                     _evidence_word(scores, province))


def _name(mention: Mention, scores: dict, places: Places, date: str | None) -> tuple[str, str, str | None, str]:
    """(name, place, level or None, what was completed) of the chosen mention."""
    text = mention.text
    if not mention.organ:  # a territory the article speaks of: its party committee
        kind, place = mention.places[0]
        level_key = {"huyện": "huyen", "quận": "quan", "thị xã": "thi-xa", "thành phố": "thanh-pho", "tp": "thanh-pho",
                     "tỉnh": "tinh", "xã": "xa", "phường": "phuong", "thị trấn": "thi-tran"}.get(kind)
        if level_key is None:
            return _cap(text), place, "co-so", ""
        if level_key == "thanh-pho" and places.province_of_name(place):
            level_key = "tinh"
            organ = "Thành ủy"
        else:
            organ = ORGAN_OF_LEVEL[level_key]
        level = {"quan": "huyen", "thi-xa": "huyen", "thanh-pho": "huyen", "phuong": "xa", "thi-tran": "xa"}.get(
            level_key, level_key)
        return (f"{organ} {place}", place, level,
                f"Bài nói về {kind} {place} mà không nêu tên cấp ủy; đơn vị ghi là {organ} {place} (suy ra).")
    if mention.organ in TERRITORY and not mention.places and len(text.split()) <= len(mention.organ.split()) + 1:
        bare = len(text.split()) == len(mention.organ.split())
        if bare:
            level = TERRITORY[mention.organ]
            place = _place_for(level, scores, places, date)
            if place:
                return (f"{_cap(text)} {place}", place, level,
                        f"Bài chỉ viết “{text}”, không viết tên địa phương; “{place}” lấy theo tỉnh, huyện bài và trang "
                        "nhắc tới (suy ra).")
    if mention.organ in ("dang bo", "dang uy") and not mention.places:  # 'Đảng bộ Nghĩa Hưng': a territory's party
        own = " ".join(text.split()[2:])
        if places.province_of_name(own):
            return f"Đảng bộ tỉnh {own}", own, "tinh", ""
        options = places.district_options(own)
        if options and len({o[0] for o in options}) == 1:
            word = {"huyen": "huyện", "quan": "quận", "thi-xa": "thị xã", "thanh-pho": "thành phố"}[options[0][1]]
            return f"Đảng bộ {word} {own}", own, "huyen", ""
    dangling = re.search(r"\s(tỉnh|huyện|thành phố|thị xã|quận)$", text)
    if dangling or ((mention.organ in PROVINCIAL or mention.organ in DISTRICT_LEVEL) and not mention.places
                    and not _proper(text, mention.organ)):
        level = "tinh" if (dangling and dangling.group(1) == "tỉnh") or (not dangling and mention.organ in PROVINCIAL) \
            else "huyen"
        place = _place_for(level, scores, places, date)
        if place:
            word = dangling.group(1) if dangling else ("tỉnh" if level == "tinh" else "huyện")
            base = text[:dangling.start()] if dangling else text
            return (f"{_cap(base)} {word} {place}", place, None,
                    f"Bài viết “{text}”, không viết tên {word}; “{place}” lấy theo tỉnh, huyện bài và trang nhắc tới "
                    "(suy ra).")
    organ_only = _trailing_territory(text)
    if organ_only:  # 'Ban Tuyên giáo Tỉnh ủy': the agency of a committee named without its place
        level = TERRITORY[organ_only]
        place = _place_for(level, scores, places, date)
        if place:
            return (f"{_cap(text)} {place}", place, None,
                    f"Bài viết “{text}”, không viết tên địa phương; “{place}” lấy theo tỉnh, huyện bài và trang nhắc "
                    "tới (suy ra).")
    name = _cap(text)
    place = place_of(name)
    if place == name:  # 'Bộ đội Biên phòng Lạng Sơn': an organisation named after its province
        folded = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
        for words, _ in places.folded_names:
            if folded.endswith(" " + words):
                place = " ".join(name.split()[-len(words.split()):])
                break
    return name, place, None, ""


def _proper(text: str, organ: str) -> bool:
    """Whether a mention names something of its own after its organ word ('Hội CCB' does not; 'Trường THCS Lê Lợi' does)."""
    extra = text.split()[len(organ.split()):]
    return any(word[:1].isupper() for word in extra)


def _trailing_territory(text: str) -> str | None:
    folded = fold(text)
    for organ in TERRITORY:
        if folded.endswith(" " + organ) and not folded.startswith(organ):
            return organ
    return None


def _place_for(level: str, scores: dict, places: Places, date: str | None) -> str | None:
    if level == "tinh":
        province, _, _, _ = _pick(scores, "tinh", places, date)
        return places.province_name(province) if province else None
    districts = scores.get("districts") or Counter()
    if districts:
        return districts.most_common(1)[0][0]
    province = _pick(scores, "huyen", places, date)[0] if scores["text"] or scores["address"] else None
    in_address = [place for owner, place in scores.get("address_districts", [])
                  if province is None or province_at(owner, date, places) == province]
    return in_address[0] if in_address else None  # '…/tua-chua-dua-viec-…' for a bare 'huyện ủy'



def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _province_scores(chosen: Mention | None, everything: list[Mention], places: Places, date: str | None,
                     evidence: Evidence) -> dict:
    """Weights of each province, from the strongest evidence (the unit's own name) to the weakest (the address)."""
    text_score: Counter = Counter()
    districts: Counter = Counter()
    sources: dict[str, str] = {}

    def add(province: str, weight: float, via: str) -> None:
        """via: '' when the province itself is named, else the place it was read from ('huyện Bắc Sơn')."""
        text_score[province] += weight
        if weight > sources.get(province + "#w", 0) or (weight == sources.get(province + "#w") and not via):
            sources[province] = via
            sources[province + "#w"] = weight

    def read_places(mention: Mention, weight: float) -> None:
        for kind, name in mention.places + mention.context:
            if kind in ("tỉnh", "", "thành phố", "tp") or (kind == "" and name):
                province = places.province_of_name(name)
                if province:
                    add(province, weight * 2, "")
                    continue
            if kind in ("huyện", "quận", "thị xã", "thành phố", "tp"):
                options = places.district_options(name)
                districts[name] += weight
                for province, _, _, _ in options:
                    add(province, weight / len(options), f"{kind or 'huyện'} {name}")
            elif kind in ("xã", "phường", "thị trấn"):
                options = places.commune_options(name, date)
                for province, _ in options:
                    add(province, weight * 0.6 / len(options), f"{kind} {name}")
        own = mention.text  # 'Đảng bộ xã Hòa Bình' does not name the province Hòa Bình
        for kind, name in mention.places:
            if kind not in ("tỉnh", "thành phố", "tp"):
                own = own.replace(name, " ")
        for province in _provinces_in(own, places):  # 'Cảng Hải Phòng', 'Bệnh viện Da liễu TP.HCM'
            add(province, weight, "")
        organ_place = _territory_name(mention)
        if organ_place:
            province = places.province_of_name(organ_place)
            if province:
                add(province, weight * 2, "")
            elif mention.organ in ("huyen uy", "quan uy", "thi uy", "thanh uy"):
                options = places.district_options(organ_place)
                districts[organ_place] += weight
                for province, _, _, _ in options:
                    add(province, weight / len(options), f"huyện {organ_place}")

    if chosen is not None:
        read_places(chosen, 6.0)
    seen: set[str] = set()
    for mention in everything:  # every other place once: how often a place is repeated says little
        key = comparable_title(mention.text)
        if mention is chosen or key in seen:
            continue
        seen.add(key)
        read_places(mention, 1.5 if mention.where == "title" else 1.0)
    address = provinces_of_address(evidence.url, places)
    return {"text": text_score, "districts": districts, "sources": sources, "address": address,
            "address_districts": places.districts_in_address(evidence.url),
            "sign": evidence.sign_province}


def _provinces_in(text: str, places: Places) -> list[str]:
    """Provinces whose name stands as whole words in a unit's name ('Cảng Hải Phòng', 'Da liễu TP.HCM')."""
    folded = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
    found = []
    for words, province in places.folded_names:
        if len(words) > 3 and f" {words} " in folded and province not in found:
            found.append(province)
            folded = folded.replace(f" {words} ", " ")
    for alias in ("hcm", "tp hcm", "tphcm"):
        if f" {alias} " in folded and "ho-chi-minh" in places.provinces and "ho-chi-minh" not in found:
            found.append("ho-chi-minh")
    return found


def _territory_name(mention: Mention) -> str | None:
    """'Huyện ủy Cầu Ngang' → 'Cầu Ngang'; 'Tỉnh ủy Bắc Giang' → 'Bắc Giang'."""
    folded = fold(mention.text)
    for organ in TERRITORY:
        for prefix in (organ, "ban thuong vu " + organ, "thuong truc " + organ):
            if folded.startswith(prefix + " "):
                return mention.text[len(prefix) + 1:].strip()
    return None


def _pick(scores: dict, level: str | None, places: Places, date: str | None) -> tuple[str | None, float, str, bool]:
    """(province at the article's time, confidence, note, named in the text) from the weighed evidence."""
    text_score: Counter = scores["text"]
    combined = Counter(text_score)
    for weak in scores["address"] + ([scores["sign"]] if scores["sign"] else []):
        # a paper of a province merged in 2025 is now the successor's: before the merger it spoke for the old one
        older = [p for p in text_score if places.provinces[p].get("successor") == weak
                 and (not date or date[:10] <= places.provinces[p].get("valid_to", "9999"))]
        combined[older[0] if len(older) == 1 else weak] += 3.0
    if not combined:
        return None, 0.0, "Bài, ký hiệu báo và địa chỉ trang không cho biết tỉnh (không thấy trong bài).", False
    ranked = combined.most_common()
    province, weight = ranked[0]
    tied = [p for p, w in ranked if w == weight]
    if len(tied) > 1:
        same = {province_at(p, date, places) for p in tied}
        if len(same) > 1:
            names = ", ".join(places.province_phrase(p) for p in tied)
            return (tied[0], 0.3, f"Bài nhắc tới địa danh có ở nhiều tỉnh ({names}); tỉnh ghi ở đây là đoán, cần chọn "
                                  "lại.", False)
    at_time = province_at(province, date, places)
    named = text_score.get(province, 0) > 0
    via = scores["sources"].get(province, "")
    if named and via:
        named = False
        confidence, note = 0.7, (f"Bài không viết tên tỉnh; {places.province_phrase(province)} suy ra từ {via} "
                                 "(suy ra).")
    elif named:
        confidence, note = (0.9 if text_score[province] >= 2 else 0.7), ""
    elif province in scores["address"]:
        confidence, note = 0.6, (f"Bài không viết tên tỉnh; {places.province_phrase(province)} lấy theo địa chỉ trang "
                                 "(suy ra).")
    else:
        confidence, note = 0.6, (f"Bài không viết tên tỉnh; {places.province_phrase(province)} lấy theo ký hiệu, tên báo "
                                 "(suy ra).")
    if at_time != province:
        note = (note + " " if note else "") + (f"Bài đăng sau khi sáp nhập tỉnh: đơn vị ghi theo "
                                               f"{places.province_phrase(at_time)} (suy ra từ ngày đăng).")
    return at_time, confidence, note, named


def _evidence_word(scores: dict, province: str | None) -> str:
    if province is None:
        return "không thấy trong bài"
    if scores["text"].get(province):
        via = scores["sources"].get(province)
        return f"suy ra từ {via} trong bài" if via else "theo bài"
    return "theo địa chỉ trang" if province in scores["address"] else "theo tên báo"


def _no_unit(scores: dict, places: Places, date: str | None, evidence: Evidence) -> UnitGuess:
    """No organisation and no place in the article: what the page's address or paper says, marked."""
    province, confidence, said, named = _pick(scores, "tinh", places, date)
    notes = ["Bài không nêu tên đơn vị báo cáo nào (không thấy trong bài)."]
    if said:
        notes.append(said)
    if province is None:
        return UnitGuess(None, None, None, None, 0.0, 0.0, notes, False)
    name = places.province_name(province)
    organ = "Thành ủy" if places.provinces[province].get("kind") == "thanh-pho" else "Tỉnh ủy"
    notes.append(f"Đơn vị ghi tạm là {organ} {name} theo tỉnh của trang: người rà soát cần sửa.")
    return UnitGuess(f"{organ} {name}", name, "tinh", province, 0.2, confidence, notes, named, "dia-phuong", "",
                     _evidence_word(scores, province))


def same_place(a: str, b: str) -> bool:
    return comparable_title(a) == comparable_title(b)

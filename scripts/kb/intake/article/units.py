"""The reporting unit: the organisation whose work the article reports, at every level and of every kind.

General shapes of Vietnamese news prose:
- a unit is an organ word followed by its place or its own name: "Đảng ủy xã Tân Phú", "Ban Thường vụ
  Huyện ủy Cầu Ngang", "Trường THCS Vân Cơ", "Công an tỉnh Quảng Ngãi", "Hội Cựu chiến binh tỉnh Hải
  Dương", "Đồn Biên phòng Ba Sơn", "Đảng bộ Khối các cơ quan tỉnh", "Ban Tuyên giáo Tỉnh ủy";
- the reporting unit is the one the title names (often before a colon: "Hưng Yên: …", "Huyện Vĩnh Lợi: …"),
  or the subject of the first sentences ("Sáng 19/12, Ban Tuyên giáo Tỉnh ủy phối hợp với …"); a unit named
  as the issuer of a document ("Chỉ thị 05 của Bộ Chính trị"), the giver of an award or a guest's office
  ("đồng chí X, Phó Trưởng Ban Tuyên giáo Trung ương") is not;
- a page about a territory that names no organ ("trên địa bàn huyện Đồng Văn") reports its party committee;
- an organ named without its place ("Huyện ủy", "Ban Tuyên giáo Tỉnh ủy") takes the place the article, the
  page's address or the paper gives — an inference the draft marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.intake.article.organs import NATIONAL, Mention, mentions
from kb.intake.article.text import sentences
from kb.text.vietnamese import comparable_title, fold


@dataclass
class Chosen:
    mention: Mention | None
    score: float
    runner_up: float
    reason: str  # why it was chosen, for the review note


def choose(title: str | None, paragraphs: list[str], url: str | None = None,
           title_place: Mention | None = None) -> tuple[Chosen, list[Mention]]:
    """The reporting unit's mention, from the title, the lead and the body; a unit whose name the page's address
    spells ('…/dang-uy-khoi-cac-co-quan-tinh-dang-hoa-…') counts as if the title named it."""
    lead = " ".join(sentences(" ".join(paragraphs[:1]))[:2])
    title_mentions = mentions(title or "", "title") + ([title_place] if title_place else [])
    lead_mentions = mentions(lead, "lead")
    body_mentions = mentions("\n".join(paragraphs), "body")
    title_mentions = [_as_written_below(m, lead_mentions + body_mentions) for m in title_mentions]
    everything = title_mentions + lead_mentions + body_mentions
    groups: dict[str, list[tuple[Mention, float]]] = {}
    slug = _address_words(url)
    for m in everything:
        named = _spelled_at(m, slug) if slug and not m.issuer and m.organ not in NATIONAL else None
        if m.counts or named is not None:
            boost = 0.0 if named is None else (4.0 if named < 0.34 else 2.0)  # the address opens with its subject
            groups.setdefault(_key(m), []).append((m, _weight(m, title) + boost))
    _merge(groups)
    if not groups:
        return Chosen(None, 0.0, 0.0, "không thấy tên đơn vị nào trong bài"), everything
    scores = {key: sum(w for _, w in items) + min(sum(1 for m, _ in items if m.where == "body"), 4) * 0.8
              for key, items in groups.items()}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    best_key, best = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0.0
    items = [m for m, _ in groups[best_key]]
    mention = max(items, key=lambda m: (_committee_rank(m.text) if territory_family(m.text) else 0, bool(m.places),
                                        len(m.text.split()), m.where == "title", -m.start))
    mention = _as_committee(mention, everything)
    where = min(items, key=lambda m: {"title": 0, "lead": 1, "body": 2}[m.where]).where
    reason = {"title": "tên đơn vị ở tiêu đề", "lead": "đơn vị là chủ ngữ câu mở đầu",
              "body": "đơn vị được nhắc nhiều nhất trong bài"}[where]
    return Chosen(mention, best, runner, reason), everything


def _as_written_below(mention: Mention, below: list[Mention]) -> Mention:
    """A title in capitals ('TRƯỜNG TIỂU HỌC NGUYỄN TRÃI SINH HOẠT …') says nothing of where a name ends: the
    longest way the article writes the same organisation below it gives the name."""
    letters = [c for c in mention.text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return mention
    key = comparable_title(mention.text)
    same = [m for m in below if m.organ == mention.organ and key.startswith(comparable_title(m.text))]
    if not same:
        return mention
    best = max(same, key=lambda m: len(m.text))
    return replace(mention, text=best.text, places=best.places)


def _address_words(url: str | None) -> str:
    """The words of a page's address path, folded: '-dang-uy-khoi-cac-co-quan-tinh-dang-hoa-…-'."""
    if not url:
        return ""
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I).lower()
    return "-" + "-".join(re.findall(r"[a-z0-9]+", path)) + "-"


def _spelled_at(m: Mention, slug: str) -> float | None:
    """Where in the address the unit is spelled (0 at its start, 1 at its end), by its whole name or by its own
    place ('…/thach-ha-ha-tinh-day-manh-…' spells 'Huyện ủy Thạch Hà'); None when it is not."""
    family = territory_family(m.text) if m.organ else None
    own = [m.text] + ([family[1]] if family else []) + [name for _, name in m.places[:1]]
    for text in own:
        words = re.findall(r"[a-z0-9]+", fold(text).lower())
        at = slug.find(f"-{'-'.join(words)}-") if len(words) >= 2 else -1
        if at >= 0:
            return at / max(len(slug), 1)
    return None


def _weight(m: Mention, title: str | None) -> float:
    weight = {"title": 6.0, "lead": 3.0, "body": 0.0}[m.where]
    if m.where == "title" and m.start == 0:
        weight += 3 if re.match(r"^[^:]{3,60}:", title or "") else 2
    if m.subject and m.where != "body":
        weight += 2
    if not m.organ:
        weight *= 0.6  # a territory without an organ: its committee, but less sure
        if m.places and _level_word(m.places[0][0]) not in ("tinh", "huyen", "thanh", "xa") and m.where != "title":
            weight *= 0.5  # a hamlet or a street block named in passing
    elif not m.places and len(m.text.split()) <= len(m.organ.split()) + 1 and not _own_name(m):
        weight *= 0.5  # an organ with no place and no name of its own ('Mặt trận Tổ quốc', 'Ban Tuyên giáo')
    if m.organ in NATIONAL and m.where != "title":
        weight *= 0.3
    return weight


def _own_name(m: Mention) -> bool:
    extra = m.text.split()[len(m.organ.split()):]
    return any(word[:1].isupper() and fold(word).lower() not in ("tinh", "huyen", "uy") for word in extra)


_FAMILY_ORGAN = re.compile(r"^(?:ban thuong vu |thuong truc |ban chap hanh (?:dang bo )?)?(tinh|huyen|quan|thi|thanh) uy "
                           r"(?:(?:tinh|huyen|quan|thi xa|thanh pho) )?(.+)$")
_FAMILY_PARTY = re.compile(r"^dang (?:bo|uy) (tinh|huyen|quan|thi xa|thanh pho|xa|phuong|thi tran) (.+)$")
_LEVEL_WORD = {"tinh": "tinh", "huyen": "huyen", "quan": "huyen", "thi": "huyen", "thi xa": "huyen", "thanh": "thanh",
               "thanh pho": "thanh", "xa": "xa", "phuong": "xa", "thi tran": "xa"}


def territory_family(text: str) -> tuple[str, str] | None:
    """(level, place) of a territory's party committee however it is written; None for any other unit."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    match = _FAMILY_ORGAN.match(folded) or _FAMILY_PARTY.match(folded)
    if not match:
        return None
    return _LEVEL_WORD[match.group(1)], match.group(2)


def _level_word(kind: str) -> str:
    """The level a place's kind word says, as territory_family writes it ('quận' → 'huyen')."""
    return _LEVEL_WORD.get(" ".join(re.findall(r"[a-z0-9]+", fold(kind))), fold(kind))


def _committee_rank(text: str) -> int:
    """Which way of writing a territory's committee names the unit: 'Huyện ủy X' before 'Ban Thường vụ Huyện ủy
    X', before 'Đảng bộ huyện X'."""
    folded = fold(text)
    if re.match(r"^(tinh|huyen|quan|thi|thanh) uy ", folded):
        return 3
    if folded.startswith("ban thuong vu"):
        return 2
    return 1


def _as_committee(mention: Mention, everything: list[Mention]) -> Mention:
    """'Ban Thường vụ Huyện ủy Cầu Ngang' is reported as 'Huyện ủy Cầu Ngang' when the article also calls the
    committee 'Huyện ủy': the unit is the committee, its standing committee one of its bodies."""
    family = territory_family(mention.text)
    if not family or _committee_rank(mention.text) == 3:
        return mention
    organ = {"tinh": ("tinh uy", "Tỉnh ủy"), "huyen": ("huyen uy", "Huyện ủy"), "thanh": ("thanh uy", "Thành ủy")}.get(
        family[0])
    if organ is None:
        return mention
    if not any(m.organ == organ[0] and len(m.text.split()) == 2 for m in everything):
        return mention
    words = mention.text.split()
    place = " ".join(words[len(words) - len(family[1].split()):])
    return replace(mention, text=f"{organ[1]} {place}")


def _merge(groups: dict[str, list[tuple[Mention, float]]]) -> None:
    """One unit, several ways of writing it: 'Hội CCB' after 'Hội CCB tỉnh Hải Dương', 'huyện Đồng Văn' after
    'Huyện ủy Đồng Văn'."""
    placed: dict[str, list[str]] = {}
    by_place: dict[tuple[str, str], list[str]] = {}
    for key, items in groups.items():
        m = items[0][0]
        if m.organ and m.places:
            placed.setdefault(m.organ, []).append(key)
            for kind, name in m.places:
                by_place.setdefault((_level_word(kind), comparable_title(name)), []).append(key)
        family = territory_family(m.text) if m.organ else None
        if family:
            by_place.setdefault((family[0], comparable_title(" ".join(m.text.split()[-len(family[1].split()):]))),
                                []).append(key)
    families: dict[tuple[str, str], list[str]] = {}
    for key, items in groups.items():
        family = territory_family(items[0][0].text)
        if family:
            families.setdefault(family, []).append(key)
    for keys in families.values():  # 'Ban Thường vụ Huyện ủy X', 'Huyện ủy X', 'Đảng bộ huyện X': one committee
        keep = max(keys, key=lambda k: (_committee_rank(groups[k][0][0].text), sum(w for _, w in groups[k])))
        for key in keys:
            if key != keep:
                groups[keep] += groups.pop(key)
    placed = {organ: [k for k in keys if k in groups] for organ, keys in placed.items()}
    by_place = {where: [k for k in keys if k in groups] for where, keys in by_place.items()}
    for key in list(groups):
        if key not in groups:
            continue
        m = groups[key][0][0]
        target = None
        if m.organ and not m.places and len(m.text.split()) == len(m.organ.split()) and placed.get(m.organ):
            target = max(placed[m.organ], key=lambda k: sum(w for _, w in groups[k]))
        elif m.organ and not m.places and placed.get(m.organ):  # 'Sở Giáo dục và Đào tạo' → '… tỉnh Bắc Giang'
            longer = [k for k in placed[m.organ] if comparable_title(groups[k][0][0].text).startswith(
                comparable_title(m.text) + " ")]
            target = max(longer, key=lambda k: sum(w for _, w in groups[k])) if longer else None
        elif not m.organ and m.places and by_place.get((_level_word(m.places[0][0]), comparable_title(m.places[0][1]))):
            options = by_place[(_level_word(m.places[0][0]), comparable_title(m.places[0][1]))]
            target = max(options, key=lambda k: sum(w for _, w in groups[k]))
        if target and target != key:
            groups[target] += groups.pop(key)


def _key(mention: Mention) -> str:
    """Mentions of one unit: the organ and its places, folded ('huyen uy|cau ngang')."""
    places = " ".join(comparable_title(p) for _, p in mention.places)
    if not mention.organ and mention.places:
        return f"@{comparable_title(mention.places[0][1])}"
    organ = _SAME_ORGAN.get(mention.organ, mention.organ)  # 'Đảng ủy Công an tỉnh X' is 'Đảng bộ Công an tỉnh X'
    if organ != mention.organ:
        base = organ + comparable_title(mention.text)[len(comparable_title(mention.text.split()[0] + " " +
                                                                           mention.text.split()[1])):]
    else:
        base = comparable_title(mention.text)
    return base if not places else f"{organ}|{places}"


_SAME_ORGAN = {"dang uy": "dang bo"}

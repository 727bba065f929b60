"""The design's rule for unit ids, shared by the checker (a free id in KB401) and `kb new unit`.

- A territorial unit (kind dia-phuong: a province, district or commune committee) takes its
  place slug ('cau-ngang'); when that id is taken it gets the province ('chau-thanh-tra-vinh') or the
  kind of place ('cau-ngang-thi-tran'), whichever tells the two apart.
- An organisation (any other kind: a party cell, an agency, a school, the police...) takes the slug of its
  own name — the part before the first comma —, without the words 'Đảng bộ', 'Đảng ủy' and the kinds
  of place ('huyện', 'xã'...); when that leaves a short name ('chi-bo-1'), the organisation it belongs
  to (after the comma) or its place is added: 'Chi bộ 1, Đảng bộ Công an huyện Cầu Ngang' →
  'chi-bo-1-cong-an-cau-ngang'. Such an id is never a bare place slug: place ids are left to the
  units named after the place. It is cut at a word boundary to at most 40 characters.
"""

from __future__ import annotations

import re

from kb.text.vietnamese import slugify

PLACE_KINDS = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "phường", "xã")


def place_kind(name: str) -> str | None:
    """The kind of place a unit's name speaks of: 'Đảng ủy thị trấn Cầu Ngang' → 'thi-tran'."""
    words = f"-{slugify(name)}-"
    found = [(words.find(f"-{slugify(kind)}-"), slugify(kind)) for kind in PLACE_KINDS]
    found = [item for item in found if item[0] >= 0]
    return min(found)[1] if found else None


MAX_ID = 40
_DROPPED = {"dang-bo", "dang-uy", "ban-thuong-vu"} | {slugify(kind) for kind in PLACE_KINDS} | {"tinh"}
SHORT_NAME_WORDS = 3  # an organisation's own name of this many words or fewer gets its parent added


def _significant(text: str) -> list[str]:
    """The slug words of a name without party-organ words and kinds of place."""
    slug = f"-{slugify(text)}-"
    for dropped in sorted(_DROPPED, key=len, reverse=True):
        slug = slug.replace(f"-{dropped}-", "-")
    return [word for word in slug.split("-") if word]


def organisation_id(name: str, place: str, kind: str = "co-quan") -> str:
    """The id of a party cell, agency or school (see the module docstring)."""
    own, _, parent = name.partition(",")
    words = _significant(own) or slugify(own).split("-")
    if len(words) <= SHORT_NAME_WORDS:
        extra = [word for word in (_significant(parent) if parent.strip() else slugify(place).split("-")) if word]
        if extra and f"-{'-'.join(extra)}-" not in f"-{'-'.join(words)}-":
            words += extra
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > MAX_ID and out:
            break
        out = f"{out}-{word}" if out else word
    if (out == slugify(place) and slugify(place) != slugify(own)) or out.isdigit():
        out = f"{kind}-{out}"  # never a bare place slug, nor a number
    return out


def free_unit_id(name: str, place: str, province: str | None, level: str, taken: dict[str, str],
                 kind: str = "dia-phuong") -> str:
    """The design's rule for a unit id (module docstring). `taken` maps existing unit ids to their province
    folder; a unit with no province (a national body) is told apart by its level instead."""
    province = province or level
    if kind != "dia-phuong":
        base = organisation_id(name, place, kind)
        return _first_free((base, f"{base}-{province}"), base, taken)
    base = slugify(place)
    if base not in taken:
        return base
    kind = place_kind(name) or level
    by_province, by_kind = f"{base}-{province}", f"{base}-{kind}"
    ordered = (by_province, by_kind) if taken[base] != province else (by_kind, by_province)
    return _first_free((*ordered, f"{base}-{kind}-{province}"), f"{base}-{kind}-{province}", taken)


def _first_free(candidates: tuple[str, ...], stem: str, taken: dict[str, str]) -> str:
    """The first candidate not taken, else the stem numbered from 2."""
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def unit_key(name: str, place: str, province: str | None) -> tuple[str, str, str]:
    """What makes two unit records one unit: the name and the place folded (case, marks, đ/d, punctuation and
    spacing ignored) and the province. 'Huyen uy Mo Cay Nam' is 'Huyện ủy Mỏ Cày Nam' of the same province."""
    return slugify(name), slugify(place), province or ""


# The words a document is cited by → the letters of its code ("Chỉ thị 05" is 05-CT/TW).
DOCUMENT_LETTERS = {"chi-thi": "ct", "nghi-quyet": "nq", "ket-luan": "kl", "ke-hoach": "kh", "huong-dan": "hd",
                    "quy-dinh": "qd", "cong-van": "cv"}
_CITED = re.compile(r"^(?:(?P<word>" + "|".join(DOCUMENT_LETTERS) + r")-)?(?:so-)?(?P<number>[0-9]{1,4})"
                    r"(?:-(?P<letters>[a-z]{2})(?:-(?P<issuer>[a-z0-9-]+))?)?$")


def document_id(cited: str) -> str:
    """The record id of a document however a contributor cites it: 'Chỉ thị số 05-CT/TW', '05-CT/TƯ' and
    'Chỉ thị 05' → '05-ct-tw' (a directive, resolution or conclusion cited by number alone is the Central one);
    anything else → its slug. The id a message suggests is then the one the records use."""
    slug = slugify(re.sub(r"\bT\.?\s?Ư\b", "TW", cited))  # 'TƯ' is how Central documents write TW
    match = _CITED.match(slug)
    if not match:
        return slug
    letters = match["letters"] or DOCUMENT_LETTERS.get(match["word"] or "")
    if letters is None:
        return slug
    number = match["number"].zfill(2) if letters in ("ct", "nq", "kl") else match["number"]
    issuer = match["issuer"] or ("tw" if letters in ("ct", "nq", "kl") else None)
    return f"{number}-{letters}-{issuer}" if issuer else slug

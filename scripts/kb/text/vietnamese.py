"""Vietnamese text: normalisation, folding, slugs and alphabetical sorting.

The one module that knows Vietnamese orthography. Records are stored as
written (NFC, tone placement untouched); everything derived from text —
ids, slugs, sort keys, duplicate detection, search terms — goes through here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from functools import lru_cache

# Combining marks for the five written tones, in dictionary order
# (ngang has no mark): huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}

# Letters in Vietnamese alphabetical order; f j w z (foreign words) are
# placed where the Latin alphabet puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

_SPACE_LIKE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def _split_tones(text: str) -> tuple[str, list[int]]:
    """Return the text without tone marks (vowel marks kept) and the tone of each syllable-ish run."""
    decomposed = unicodedata.normalize("NFD", text)
    kept: list[str] = []
    tones: list[int] = []
    for char in decomposed:
        tone = TONE_MARKS.get(char)
        if tone is None:
            kept.append(char)
            tones.append(0)
        elif tones:
            tones[-1] = tone
    # Tones were attached to the preceding code point; recompose letters.
    base = unicodedata.normalize("NFC", "".join(kept))
    return base, tones


def strip_tones(text: str) -> str:
    """Remove the five tone marks but keep ă â ê ô ơ ư đ: 'hoà' → 'hoa', 'người' → 'ngươi'."""
    return _split_tones(text)[0]


def fold(text: str) -> str:
    """Lower-case ASCII folding for matching: tones, vowel marks and đ removed.

    'Hoà', 'hòa', 'HOA' and 'hoa' fold to the same string; so do 'Đảng' and 'dang'.
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "d")


def syllable_key(text: str) -> str:
    """Tone-placement-independent form: each word's letters followed by its tone digit.

    'hoà' and 'hòa' both give 'hoa2'; 'thuỷ' and 'thủy' both give 'thuy2'.
    Used to compare titles for equality regardless of old or new tone placement.
    """
    words = []
    for word in _SPACE_LIKE.split(nfc(text).lower().strip()):
        decomposed = unicodedata.normalize("NFD", word)
        tone = 0
        letters = []
        for char in decomposed:
            if char in TONE_MARKS:
                tone = TONE_MARKS[char]
            else:
                letters.append(char)
        word_no_tone = unicodedata.normalize("NFC", "".join(letters))
        words.append(f"{word_no_tone}{tone}" if tone else word_no_tone)
    return " ".join(words)


@functools.lru_cache(maxsize=1 << 18)  # pure; the link stage asks it for every title at every preview edit
def comparable_title(text: str) -> str:
    """Key for 'is this the same title?': case, punctuation, spacing and tone placement ignored."""
    letters_only = re.sub(r"[^\w\s]", " ", nfc(text), flags=re.UNICODE)
    return syllable_key(letters_only)


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug for ids and URLs: 'Huyện ủy Cầu Ngang' → 'huyen-uy-cau-ngang'."""
    slug = _NOT_SLUG.sub("-", fold(nfc(text))).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


@lru_cache(maxsize=None)
def _char_key(char: str) -> tuple[int, int, int]:
    """(primary, tone, case) of one NFC character: its letter's rank, its tone, upper case or not."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    for mark in decomposed:
        tone = TONE_MARKS.get(mark, tone)
    base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in TONE_MARKS)) or char
    base = base[0]
    lower = base.lower()
    if lower in _LETTER_RANK:
        primary = 200 + _LETTER_RANK[lower]
    elif lower.isdigit():
        primary = 100 + int(lower) if lower in "0123456789" else 150
    elif lower.isspace():
        primary = 1
    elif lower.isalpha():
        primary = 300 + ord(fold(lower)[:1] or "~")
    else:
        primary = 2
    return primary, tone, 0 if base == lower else 1


@lru_cache(maxsize=1 << 18)
def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order, as a collator with the Vietnamese tailoring sorts.

    Primary: letters in the order a ă â b c d đ e ê … (case and tones ignored);
    secondary: tones, ngang < huyền < hỏi < ngã < sắc < nặng, left to right;
    tertiary: lower case before upper case. Spaces and punctuation sort before
    digits, digits before letters. Cached: lists are sorted many times by the same titles.
    """
    text = nfc(text).strip()
    keys = [_char_key(char) for char in text]
    return (tuple(k[0] for k in keys), tuple(k[1] for k in keys), tuple(k[2] for k in keys), text)


def initial_letter(text: str) -> str:
    """The Vietnamese letter a heading in an A–Z index files this text under ('Đồng Tháp' → 'đ')."""
    base = strip_tones(nfc(text).strip()).lower()
    for char in base:
        if char in _LETTER_RANK:
            return char
        if char.isalnum():
            return "#"
    return "#"


def letter_slug(letter: str) -> str:
    """URL-safe name for an index letter: 'ă' → 'a-trang', 'đ' → 'dd'."""
    return {
        "ă": "aw", "â": "aa", "đ": "dd", "ê": "ee",
        "ô": "oo", "ơ": "ow", "ư": "uw", "#": "so",
    }.get(letter, letter)


_VIETNAMESE_NUMBER = re.compile(r"^(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<fraction>[0-9]+))?\s*%?$")


def parse_number(text: str) -> int | float | None:
    """A number written the Vietnamese way: '4.800' → 4800, '98,8' → 98.8, '98,8%' → 98.8, '1.130' → 1130.

    None when the text is not such a number ('214 mô hình', 'hơn 200').
    """
    match = _VIETNAMESE_NUMBER.match(text.strip())
    if not match:
        return None
    digits, fraction = match["whole"].replace(".", ""), match["fraction"] or ""
    if len(digits) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        return None  # no count in a report is that long (and int() refuses beyond 4,300 digits)
    whole = int(digits)
    return float(f"{whole}.{fraction}") if fraction else whole


MAX_DIGITS = 15  # the digits of a number the records hold (kb.text.yamlsource.MAX_NUMBER is 10**15)


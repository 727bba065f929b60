"""What the search index is made of: syllables in phrases, their keys, abbreviations, and the files they live in.

The browser client (docs/assets/kb-search.js) splits a query exactly as `phrases` splits a text (a test runs
both on the same samples), so that 'adjacent syllables' means the same thing on both sides: two syllables are
adjacent when nothing but spaces, a dash, or a joiner inside a code ('05-CT/TW', 'TP.HCM', '4.800') stands
between them. A comma, a full stop, a bracket, a quotation mark or a new line ends a phrase: 'môi trường.
Học sinh' has no pair 'trường học'.
"""

from __future__ import annotations

import functools
import re

from kb.text import abbreviations
from kb.text.vietnamese import fold, nfc, syllable_key

MAX_TERM_LENGTH = 40  # longer "words" (pasted links, codes) are not indexed: one file per term must fit a name
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DASHES = frozenset("-‐‑‒–—")
_JOINERS = frozenset("./&'’")  # inside a code or a number, with no space around: 'TP.HCM', 'GD&ĐT', '4.800'
# Names Windows will not create, whatever the extension ('con.json'): the offline zip must open there.
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])")
_PLAIN_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def parts_phrase(separator: str) -> bool:
    """Whether the characters between two syllables end a phrase."""
    if "\n" in separator:
        return True
    marks = "".join(separator.split())
    if not marks or all(char in _DASHES for char in marks):
        return False
    return marks != separator or any(char not in _JOINERS for char in marks)


def phrases(text: str) -> list[list[str]]:
    """The syllables of a text, lower case, NFC, in runs that no punctuation parts; over-long words left out
    (and the phrase broken there)."""
    text = nfc(text).lower()
    out: list[list[str]] = []
    current: list[str] = []
    end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if current and parts_phrase(text[end:match.start()]):
            out.append(current)
            current = []
        end = match.end()
        if len(word) > MAX_TERM_LENGTH:
            if current:
                out.append(current)
            current = []
            continue
        current.append(word)
    if current:
        out.append(current)
    return out


def tokens(text: str) -> list[str]:
    """Syllables of a text, lower case, NFC; the client (kb-search.js) splits queries the same way."""
    return [word for phrase in phrases(text) for word in phrase]


def exact_key(syllable: str) -> str:
    """Tone-placement-independent exact form: 'hoà'/'hòa' → 'hoa1', 'đất' → 'đât4'."""
    return syllable_key(syllable)


@functools.lru_cache(maxsize=1 << 17)
def keys(word: str) -> tuple[str, str]:
    """A syllable's folded form and exact key; a corpus repeats a few thousand syllables millions of times."""
    return fold(word), exact_key(word)


def file_name(key: str) -> str:
    """The file name (without .json) of a term or a filter value: the key itself when it is plain ASCII and not
    a name Windows reserves; otherwise '_' and its code points in base 36 ('con' → '_c-r-m', 'σ' → '_ir'),
    which no plain key can be (keys have no '_') and whose case cannot clash on a case-blind disk."""
    if _PLAIN_NAME.fullmatch(key) and not _WINDOWS_RESERVED.fullmatch(key):
        return key
    return "_" + "-".join(_base36(ord(char)) for char in key)


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits


@functools.lru_cache(maxsize=1)
def _forms_by_first() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First folded syllable → [(folded syllables of a written form, abbreviation key)], longest first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, forms in abbreviations.forms():
        for form in forms:
            if len(form) > 1:  # an abbreviation of one syllable is its own key, indexed as written
                table.setdefault(form[0], []).append((form, key))
    for entries in table.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return table


def abbreviation_keys(folded: list[str]) -> list[str]:
    """The abbreviation keys a phrase (folded syllables) spells out: ['trung', 'hoc', 'co', 'so'] → ['thcs'],
    ['05', 'ct', 'tw'] → ['cttw']. Longest form first, left to right, no overlap."""
    table = _forms_by_first()
    found = []
    position = 0
    while position < len(folded):
        for form, key in table.get(folded[position], ()):
            if tuple(folded[position:position + len(form)]) == form:
                found.append(key)
                position += len(form)
                break
        else:
            position += 1
    return found

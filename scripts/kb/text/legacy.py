"""Vietnamese typed in the old 8-bit fonts (TCVN3/ABC, VNI) and pasted as if it were Unicode.

Before Unicode, Vietnamese was typed in fonts such as .VnTime (TCVN3, also called ABC) or
VNI-Times (VNI Windows) that drew Vietnamese letters in place of Latin-1 characters. Text copied out
of such a document arrives as "Häc tËp" (TCVN3) or "Hoïc taäp" (VNI) for "Học tập". Python has no
codec for either, so both tables are written out here, from the published layouts:

- TCVN3 (TCVN 5712:1993, VN3): one character per letter; lower case only (capitals came from a
  second font, .VnTimeH, with the same codes), plus Ă Â Ê Ô Ơ Ư Đ.
- VNI Windows: a base letter followed by a mark character ("a" + "ù" = "á", "a" + "ä" = "ậ"), and a
  few letters of their own ("ô" = "ơ", "ö" = "ư", "ñ" = "đ", "í ì æ ó ò" = "í ì ỉ ĩ ị").

`kb check` reports such text (KB302, via `legacy_words`); `kb fix --legacy` converts a line only when
the whole line is in one legacy encoding (no real Unicode Vietnamese letter in it), and shows each
change for the contributor to read over.

Which encoding a line is in: a TCVN3-only character decides TCVN3; a vowel followed by a VNI mark
("aø", "oï") decides VNI, and so do marked capitals (TCVN3 has no capital toned letters). A short
line with neither ("trì nhöng chæ", only VNI's letters of their own) is read as TCVN3 and may be
wrong: that is why every converted line is shown.
"""

from __future__ import annotations

import re
import unicodedata

# Characters Vietnamese never uses but that TCVN3 and VNI text shows when pasted as Unicode.
TELLTALES = set("øûïñöëäåæçÿ¸µ¶¹¨ª¬®¾¼½¤¥¦§ÏÖÑð")
# TCVN3's other letters: Latin-1 letters a publisher may use as a look-alike (Ð, U+00D0, for Đ in "Lê Quý Ðôn"),
# and punctuation or symbols (© = â, « = ô, » = ằ, · = ã, × = ì, soft hyphen = ư...). They are legacy only inside
# a word ("D©n vËn khÐo", "c«ng") of a line with no letter of Unicode Vietnamese: never beside "ờ" or "Đ", never a
# quotation mark, a copyright sign or a multiplication sign standing alone.
INSIDE_WORDS = set("ÆÇËÎÐØÜÞßî©«»·×\u00ad¡¢£÷")
# A run of letters (Latin-1 and the legacy fonts' own); a word is legacy when its run holds a telltale.
# One character class and a test per run: linear on any input (a pattern with a required character
# between two starred classes backtracks over every long run of letters).
_LETTER_RUN = re.compile("[A-Za-zÀ-ÿ" + re.escape("".join(sorted(TELLTALES | INSIDE_WORDS | set("§¤¥¦")))) + "]+")

# TCVN3 character → Unicode letter, in the order of the Vietnamese alphabet.
TCVN3 = {
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "«": "ô", "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}

# VNI: the mark characters after a base vowel. Tones: sắc, huyền, hỏi, ngã, nặng.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# After a, e, o: the circumflex combined with a tone ("â" alone is the circumflex).
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
# After a: the breve combined with a tone ("ê" alone is the breve).
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters of their own: ơ, ư (which then take the tone marks), đ, the toned i, and ỵ.
_VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (one or two characters) → its Unicode letter, capitals included."""
    table: dict[str, str] = {}
    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            table[base + mark] = unicodedata.normalize("NFC", base + tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            table[base + mark] = unicodedata.normalize("NFC", base + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        table["a" + mark] = unicodedata.normalize("NFC", "a\u0306" + tone)
    for letter, meaning in _VNI_LETTERS.items():
        table[letter] = meaning
    for horned in "ôö":
        for mark, tone in _VNI_TONES.items():
            table[horned + mark] = unicodedata.normalize("NFC", _VNI_LETTERS[horned] + tone)
    table.update({sequence.upper(): letter.upper() for sequence, letter in list(table.items())})
    return table


VNI = _vni_table()
_VNI_SEQUENCE = re.compile("|".join(re.escape(s) for s in sorted(VNI, key=len, reverse=True)))
_TCVN3_ONLY = set(TCVN3) - set("".join(VNI)) | set("¸µ¶·¹¨»¼½¾©ª«¬\u00ad®¡¢£¤¥¦§")
_VIETNAMESE_BEYOND_LATIN1 = re.compile(r"[\u0100-\u024f\u1ea0-\u1ef9\u0300-\u036f]")
_TELLTALE = re.compile("[" + re.escape("".join(sorted(TELLTALES | INSIDE_WORDS))) + "]")  # a quick first look


def legacy_words(text: str) -> list[str]:
    """The words of text that show TCVN3 or VNI characters: 'Häc tËp vµ' → ['Häc', 'tËp', 'vµ'];
    'D©n vËn khÐo' → ['D©n', 'vËn', 'khÐo']."""
    if not _TELLTALE.search(text):  # most text: no word to look for
        return []
    found = []
    for line in text.split("\n"):
        plain = _VIETNAMESE_BEYOND_LATIN1.search(line) is None
        found += [run for run in _LETTER_RUN.findall(line)
                  if not TELLTALES.isdisjoint(run) or (plain and _symbol_in_word(run))]
    return found


def _symbol_in_word(run: str) -> bool:
    return not INSIDE_WORDS.isdisjoint(run) and any(char.isascii() and char.isalpha() for char in run)


def guess_encoding(line: str) -> str | None:
    """'tcvn3' or 'vni' when the whole line reads as that encoding; None when it is not legacy text,
    or when it also holds real Unicode Vietnamese (a mixed line is left for a person to fix)."""
    if not legacy_words(line) or _VIETNAMESE_BEYOND_LATIN1.search(line):
        return None
    if any(char in _TCVN3_ONLY for char in line):
        return "tcvn3"
    sequences = _VNI_SEQUENCE.findall(line)
    if any(len(sequence) == 2 for sequence in sequences) and not legacy_words(_VNI_SEQUENCE.sub("", line)):
        return "vni"  # a vowel followed by its VNI mark ("aø", "oï"): TCVN3 has no such pairs in real words
    letters = [char for char in line if char.isascii() and char.isalpha()]
    if letters and all(char.isupper() for char in letters) and not legacy_words(_VNI_SEQUENCE.sub("", line)):
        return "vni"  # TCVN3 has no capital toned letters: capitals with marks are VNI ("ÖÔNG" = "ƯƠNG")
    return "tcvn3" if all(char in TCVN3 for word in legacy_words(line) for char in word if char in TELLTALES) else None


def to_unicode(line: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return "".join(TCVN3.get(char, char) for char in line)
    return _VNI_SEQUENCE.sub(lambda match: VNI[match.group(0)], line)


def from_unicode(text: str, encoding: str) -> str:
    """The reverse, for tests and examples: how a Unicode text looks when typed in a legacy font."""
    reverse = {letter: code for code, letter in (TCVN3 if encoding == "tcvn3" else VNI).items()}
    return "".join(reverse.get(char, char) for char in unicodedata.normalize("NFC", text))


def repair_line(line: str) -> tuple[str, str] | None:
    """(converted line, encoding) when the line is legacy text that can be converted, else None."""
    encoding = guess_encoding(line)
    if encoding is None:
        return None
    return unicodedata.normalize("NFC", to_unicode(line, encoding)), encoding

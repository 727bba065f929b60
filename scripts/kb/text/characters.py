"""Characters no text of the project may hold, and how to show one in a message.

YAML's escapes let any code point into a string ("\\x01", "\\0", "\\uFFFE", "\\ud800"), and a pasted or
fetched text can carry them raw. None of them is text a reader could see: C0 and C1 control characters
(tab and newline excepted) make the Atom feed invalid XML and make MkDocs drop a page's frontmatter;
a lone surrogate cannot be written as UTF-8 at all (the build crashed on it); noncharacters
(U+FDD0–U+FDEF and the last two code points of every plane) are reserved for programs' own use and
XML refuses U+FFFE and U+FFFF. `kb check` refuses them (KB305), the importer drops them, and every
message that quotes a contributor's text shows them as `U+XXXX` so a terminal or a CI log never
receives a raw escape sequence.
"""

from __future__ import annotations

import re

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
# C0 controls but tab and newline, DEL and the C1 controls, surrogates, noncharacters.
REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


def named(char: str) -> str:
    """What a refused character is, in Vietnamese: 'ký tự điều khiển U+0001'."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"nửa cặp surrogate U+{code:04X} (không phải một ký tự)"
    if code <= 0x9F:
        return f"ký tự điều khiển U+{code:04X}"
    return f"mã U+{code:04X} (noncharacter, không phải một ký tự)"


def first_refused(text: str) -> int | None:
    """Offset of the first refused character of `text`, or None."""
    found = REFUSED.search(text)
    return found.start() if found else None


def shown(text: str) -> str:
    """`text` with each refused character written as <U+XXXX>: safe to print in a terminal or a CI log."""
    return REFUSED.sub(lambda match: f"<U+{ord(match.group(0)):04X}>", text) if REFUSED.search(text) else text


def without_refused(text: str) -> str:
    """`text` without the refused characters (a fetched article: they carry nothing a reader sees)."""
    return REFUSED.sub("", text)

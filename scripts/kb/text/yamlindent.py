"""Indentation mistakes in a YAML block, said the way a person fixes them: by the line's siblings.

PyYAML explains a wrongly indented line in its parser's words ("while parsing a block collection; expected
<block end>, but found '<block mapping start>'"). Indentation is the commonest mistake of someone who does not
write YAML every day, so when the parser fails, `misindented(text, last_line)` walks the block line by line,
keeping the columns of the open mappings and lists, and names the first line whose indentation matches none of
them: "dòng này thụt 3 dấu cách, nhưng các trường cùng mục thụt 4 dấu cách (như 'title' ở dòng 3)".

Only lines that start a field (`key:`) or a list item (`- `) are measured; the continuation of a long value, the
lines of a `|` or `>` block and of a quoted value spanning lines are skipped. Linear in the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s+(?P<value>.*))?$")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?[0-9]?\s*(?:#.*)?$")


class Level(NamedTuple):
    column: int
    list: bool  # a list's dashes, else a mapping's keys


class Misindented(NamedTuple):
    line: int  # 0-based within the text
    column: int  # 0-based
    message: str


def misindented(text: str, last_line: int) -> Misindented | None:
    """The first wrongly indented line up to `last_line` (0-based, the parser's error line plus one), or None."""
    levels = [Level(0, False)]
    seen: dict[Level, tuple[int, str]] = {}  # a level → the last line written at it (1-based) and its key
    opener: int | None = None  # column of a `key:` with no value on the line before: its children may go deeper
    skip_deeper_than: int | None = None  # inside a block scalar: lines deeper than its key are its text
    in_quote = False
    for number, raw in enumerate(text.split("\n")[: last_line + 1]):
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if in_quote:
            in_quote = _odd_quotes(raw)
            continue
        if not stripped or stripped.startswith("#") or (skip_deeper_than is not None and indent > skip_deeper_than):
            continue
        skip_deeper_than = None
        dash = stripped.startswith("- ") or stripped == "-"
        rest = stripped[2:].lstrip() if dash else stripped
        key = _KEY.match(rest)
        if not dash and not key:
            continue  # the continuation of a long value
        here = Level(indent, dash)
        if not _fits(list(levels), here, opener):
            return Misindented(number, indent, _message(levels, seen, here))
        _fits(levels, here, opener)
        seen[here] = (number + 1, "" if dash else key.group("key"))
        opener = None
        if key:
            key_column = indent + (len(stripped) - len(rest) if dash else 0)
            if dash:  # "- title: x": the item's keys are a few columns right of its dash
                levels.append(Level(key_column, False))
                seen[levels[-1]] = (number + 1, key.group("key"))
            value = (key.group("value") or "").strip()
            if not value or value.startswith("#"):
                opener = key_column
            elif _BLOCK_SCALAR.match(value):
                skip_deeper_than = key_column
            elif _odd_quotes(value):
                in_quote = True
    return None


def _fits(levels: list[Level], here: Level, opener: int | None) -> bool:
    """Fit a line into the open levels, updating them: a child of the key above, or a sibling of an open level."""
    if opener is not None and (here.column > opener or (here.list and here.column == opener)):
        levels.append(here)  # "key:" then "  child: …", or "key:" then "- item" at the key's own column
        return True
    while levels[-1].column > here.column:
        levels.pop()
    if levels[-1] != here and levels[-1].column == here.column and len(levels) > 1 and levels[-2] == here:
        levels.pop()  # "key:" / "- item" / "next_key:": the key closes the list written at its own column
    return levels[-1] == here


def _message(levels: list[Level], seen: dict[Level, tuple[int, str]], here: Level) -> str:
    same = [level for level in levels if level.list == here.list and level in seen] or \
        [level for level in levels if level in seen]
    if not same:
        return f"thụt lề sai: dòng này thụt {here.column} dấu cách"
    nearest = min(reversed(same), key=lambda level: abs(level.column - here.column))
    line, key = seen[nearest]
    wanted = f"thụt {nearest.column} dấu cách" if nearest.column else "viết sát đầu dòng"
    if here.list:
        return (f"thụt lề sai: dòng này thụt {here.column} dấu cách, nhưng các mục '-' cùng danh sách {wanted} "
                f"(như ở dòng {line}); sửa cho dấu '-' thẳng cột với các mục kia")
    return (f"thụt lề sai: dòng này thụt {here.column} dấu cách, nhưng các trường cùng mục {wanted} (như '{key}' ở "
            f"dòng {line}); sửa cho tên trường thẳng cột với các trường kia")


def _odd_quotes(text: str) -> bool:
    return re.sub(r"\\.", "", text.split(" #", 1)[0]).count('"') % 2 == 1

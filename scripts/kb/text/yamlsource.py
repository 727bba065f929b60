"""Strict YAML reading that remembers where every value came from.

PyYAML follows YAML 1.1, whose implicit typing surprises contributors:
`no` becomes False, `05` an octal number, `2019-01-22` a date object, and a
key written twice silently keeps the last value. This reader:

- types scalars the YAML 1.2 core way (only true/false, decimal numbers and
  null are special; everything else is text);
- reports duplicate keys, anchors/aliases and explicit tags as problems
  instead of resolving them;
- returns, beside the data, the line and column of every key and list item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple  # a path into the data: ("models", 0, "title")

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
MAX_NUMBER = 10 ** 15  # no count in a report comes near; larger is a typo or an attack on float()
MAX_DEPTH = 24  # a record is a few levels deep; deeper data would overflow recursive readers
# '4.800' is 4.8 to YAML but four thousand eight hundred to a Vietnamese reader.
_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null", _STR_TAG,
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


class _Core12Loader(yaml.SafeLoader):
    """SafeLoader whose implicit resolvers follow the YAML 1.2 core schema.

    It also remembers where each alias (*name) is written: the composer
    replaces an alias by the anchored node and would lose that position.
    """

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.alias_marks: list = []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.alias_marks.append(self.peek_event().start_mark)
        return super().compose_node(parent, index)


_Core12Loader.yaml_implicit_resolvers = {}
_Core12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_Core12Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Core12Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789"))
_Core12Loader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])

try:  # libyaml's parser (shipped in PyYAML's wheels) composes the same nodes about fifteen times faster
    from yaml._yaml import CParser as _CParser

    class _Core12CLoader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """The same YAML 1.2 core typing on libyaml's parser; used for text without anchors or aliases."""

        def __init__(self, stream) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _Core12CLoader.yaml_implicit_resolvers = _Core12Loader.yaml_implicit_resolvers
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Core12CLoader = None


@dataclass(frozen=True)
class YamlProblem:
    kind: str  # "syntax", "duplicate-key", "alias", "tag", "number", "number-range", "nesting", "character"
    line: int
    column: int
    message: str


_SHARED_PATHS: dict[tuple, tuple] = {}  # one tuple for each path met: records have the same fields
_SHARED_LIMIT = 200_000  # a hostile file with a million list items must not grow a long-lived process


def _shared(path: tuple) -> tuple:
    found = _SHARED_PATHS.get(path)
    if found is None:
        if len(_SHARED_PATHS) >= _SHARED_LIMIT:
            return path
        found = _SHARED_PATHS[path] = path
    return found


class Positions(Mapping):
    """Path → 1-based (line, column) of the value written there, kept small: a national corpus holds
    millions. Each position is one int, and each path tuple is shared by every document that has it
    (`("models", 0, "title")` is in most units), where a dict of tuples took some 250 bytes an entry."""

    __slots__ = ("_at",)

    def __init__(self, items=()) -> None:
        self._at: dict[tuple, int] = {}
        for path, where in dict(items).items():
            self[path] = where

    def __setitem__(self, path: tuple, where: tuple[int, int]) -> None:
        line, column = where
        self._at[_shared(path)] = line << 32 | column

    def __getitem__(self, path: tuple) -> tuple[int, int]:
        packed = self._at[path]
        return packed >> 32, packed & 0xFFFFFFFF

    def __contains__(self, path: object) -> bool:
        return path in self._at

    def __iter__(self):
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return f"Positions({dict(self.items())!r})"

    def __getstate__(self):
        return tuple(self._at), tuple(self._at.values())

    def __setstate__(self, state) -> None:  # the check cache: paths shared again as they are read
        paths, packed = state
        self._at = dict(zip(map(_shared, paths), packed))


@dataclass
class LocatedYaml:
    """Parsed data plus the 1-based (line, column) of each path."""

    data: Any
    positions: Positions = field(default_factory=Positions)
    problems: list = field(default_factory=list)

    def where(self, path: Path) -> tuple[int, int]:
        """Position of the path, or of its nearest located ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def read_yaml(text: str, first_line: int = 1) -> LocatedYaml:
    """Parse one YAML document. `first_line` is the file line where `text` starts."""
    offset = first_line - 1
    result = LocatedYaml(data=None)
    try:
        _read(text, first_line, result)
        nested = any(problem.kind == "nesting" for problem in result.problems)
    except RecursionError:  # nesting beyond what the composer can follow: one coded problem, no traceback
        nested = True
    except (ValueError, OverflowError):  # PyYAML's chr() on an escape beyond U+10FFFF ("\U00110000", "\UFFFFFFFF")
        result.data, result.positions = None, Positions()
        result.problems = [_bad_escape(text, offset)]
        return result
    if nested:  # the same answer whichever parser ran, and whether or not it overflowed
        result.data, result.positions = None, Positions()
        result.problems = [YamlProblem("nesting", _deepest_line(text) + offset, 1,
                                       f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng")]
    return result


_ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})")


def _bad_escape(text: str, offset: int) -> YamlProblem:
    """The first '\\U' escape beyond U+10FFFF, where it is written."""
    for match in _ESCAPE.finditer(text):
        if int(match.group(1), 16) > 0x10FFFF:
            line = text.count("\n", 0, match.start()) + 1 + offset
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return YamlProblem("character", line, column,
                               f"mã thoát '{match.group(0)}' không phải một ký tự Unicode (lớn hơn U+10FFFF)")
    return YamlProblem("syntax", 1 + offset, 1, "YAML không đọc được (có mã thoát không hợp lệ)")


def _deepest_line(text: str) -> int:
    """The 1-based line where brackets (or, failing that, indentation) nest deepest."""
    depth, best, best_line, deepest_indent, indent_line = 0, -1, 1, -1, 1
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            if char in "[{":
                depth += 1
                if depth > best:
                    best, best_line = depth, number
            elif char in "]}":
                depth -= 1
        indent = len(line) - len(line.lstrip(" -"))
        if line.strip() and indent > deepest_indent:
            deepest_indent, indent_line = indent, number
    return best_line if best > MAX_DEPTH else indent_line


def _read(text: str, first_line: int, result: LocatedYaml) -> LocatedYaml:
    offset = first_line - 1
    node = _compose_fast(text)
    if node is not None:
        builder = _Builder(result, offset)
        result.data = builder.build(node, ())
        return result
    try:
        loader = _Core12Loader(text)
        try:
            node = loader.get_single_node()
            alias_marks = loader.alias_marks
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        column = (mark.column + 1) if mark else 1
        message = _describe_yaml_error(error)
        unclosed = _unclosed_quote_line(text, mark.line if mark else len(text.split("\n")))
        if unclosed is not None:
            line, column = unclosed[0] + 1 + offset, unclosed[1] + 1
            message = "chuỗi trong ngoặc kép chưa được đóng (thiếu dấu \" ở cuối giá trị)"
        result.problems.append(YamlProblem("syntax", line, column, message))
        return result
    except yaml.YAMLError as error:
        result.problems.append(YamlProblem("syntax", first_line, 1, str(error)))
        return result
    for mark in alias_marks:
        result.problems.append(YamlProblem("alias", mark.line + 1 + offset, mark.column + 1,
                                           "giá trị này dùng alias YAML (*) trỏ tới một anchor (&)"))
    if node is None:
        result.data = None
        return result
    builder = _Builder(result, offset)
    result.data = builder.build(node, ())
    return result


def _compose_fast(text: str) -> yaml.Node | None:
    """The node tree by libyaml, or None: then the pure-Python reader runs, which alone tracks where
    aliases are written and words the errors (so every problem reads the same whichever parser ran)."""
    if _Core12CLoader is None or "&" in text or "*" in text or not text.strip():
        return None
    try:
        loader = _Core12CLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any trouble: let the careful reader explain it
        return None


def _unclosed_quote_line(text: str, last_line: int) -> tuple[int, int] | None:
    """The first line up to `last_line` with an odd number of unescaped double quotes."""
    for number, line in enumerate(text.split("\n")[: last_line + 1]):
        stripped = re.sub(r"\\.", "", line.split(" #", 1)[0])
        if stripped.count('"') % 2 == 1:
            return number, stripped.index('"')
    return None


def _describe_yaml_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "found character '\\t'" in problem or "\t" in problem:
        return "có ký tự Tab dùng để thụt lề; YAML chỉ chấp nhận dấu cách"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "chuỗi trong ngoặc kép chưa được đóng (thiếu dấu \" hoặc ')"
    if "while scanning a quoted scalar" in context:
        return "chuỗi trong ngoặc kép chưa được đóng (thiếu dấu \" hoặc ')"
    if "mapping values are not allowed here" in problem:
        return "có dấu ':' không hợp lệ; nếu giá trị chứa dấu ':', hãy đặt cả giá trị trong ngoặc kép"
    if "could not find expected ':'" in problem:
        return "thiếu dấu ':' sau tên trường, hoặc thụt lề không đều"
    detail = "; ".join(part for part in (context, problem) if part)
    return f"YAML không đọc được ({detail})"


class _Builder:
    """Turns a composed node tree into plain Python data, recording positions."""

    def __init__(self, result: LocatedYaml, offset: int) -> None:
        self.result = result
        self.offset = offset
        self.seen: set[int] = set()

    def position(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def problem(self, kind: str, node: yaml.Node, message: str) -> None:
        line, column = self.position(node)
        self.result.problems.append(YamlProblem(kind, line, column, message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self.seen:  # an alias, already reported: never expand it (alias bombs)
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            if not any(problem.kind == "nesting" for problem in self.result.problems):
                self.problem("nesting", node, f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng")
            return None
        if node.tag not in _PLAIN_TAGS:
            self.problem("tag", node, f"thẻ YAML '{node.tag}' không được hỗ trợ")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build_item(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.build_scalar(node)

    def build_item(self, node: yaml.Node, path: Path) -> Any:
        self.result.positions[path] = self.position(node)
        return self.build(node, path)

    def build_mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        mapping: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<" and not key_node.style:
                self.problem("alias", key_node, "khoá gộp YAML '<<' không được hỗ trợ")
                continue
            key = self.build(key_node, path)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.problem("syntax", key_node, "tên trường phải là một từ, không phải danh sách hay bảng")
                continue
            key = str(key)
            if key in first_seen:
                line, _ = first_seen[key]
                self.problem("duplicate-key", key_node,
                             f"trường '{key}' đã được khai báo ở dòng {line}")
                continue
            first_seen[key] = self.position(key_node)
            self.result.positions[path + (key,)] = self.position(key_node)
            mapping[key] = self.build(value_node, path + (key,))
        return mapping

    def build_scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.tag == _STR_TAG or node.style in ("'", '"', "|", ">"):
            return value
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if node.tag == "tag:yaml.org,2002:bool":
            return value.lower() == "true"
        if node.tag == "tag:yaml.org,2002:int":
            digits = value.lstrip("+-")
            if len(digits) > 15 or int(digits) >= MAX_NUMBER:
                self.problem("number-range", node, f"số '{_short(value)}' quá lớn ({len(digits)} chữ số)")
                return None
            return int(value)
        if node.tag == "tag:yaml.org,2002:float":
            if "e" in value.lower():
                self.problem("number-range", node, f"số '{_short(value)}' được viết dạng mũ (e)")
                return None
            integer = value.lstrip("+-").split(".")[0]
            if len(integer) > 15 or len(value) > 60:
                self.problem("number-range", node, f"số '{_short(value)}' quá lớn hoặc có quá nhiều chữ số")
                return None
            if _THOUSANDS.match(value):
                thousands = value.replace(".", "")
                self.problem("number", node,
                             f"số '{value}' được đọc là {str(float(value)).replace('.', ',')} (với YAML, dấu chấm là dấu thập phân); "
                             f"nếu là {thousands} theo cách viết Việt Nam, hãy viết {thousands}")
            return float(value)
        return value


def _short(value: str, limit: int = 30) -> str:
    return value if len(value) <= limit else value[:limit] + "…"

"""Typed records: what the validate stage hands to the link and render stages.

Each record type names the place of its description in the schema
(`scripts/kb/model/schema/`), and its attributes are that description's properties:
a property added to the schema becomes an attribute of the record with no
change here (arrays default to an empty list, everything else to None).
The few attributes that are not written in a record file — where it was
read, the unit a model belongs to, the markdown body — are listed in
`derived`. Lists of items whose schema is another record type's (a unit's
`models`, `sources`...) are built as that type by `Record.build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from kb.model import schema as schemas
from kb.text.yamlsource import Positions


@dataclass(frozen=True)
class Loc:
    path: str
    line: int = 1
    column: int = 1


class Record:
    """Base of every typed record; subclasses name their schema node."""

    schema_kind: ClassVar[str]
    schema_def: ClassVar[str | None] = None  # a $defs entry of that schema (None: the top level)
    schema_path: ClassVar[tuple] = ()  # within it: ('provinces', 0) is an item of the list 'provinces'
    derived: ClassVar[dict[str, Any]] = {}  # attribute → default, or a callable making a fresh one

    _by_node: ClassVar[dict[tuple, type]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "schema_kind" in cls.__dict__:
            Record._by_node[(cls.schema_kind, cls.schema_def, cls.schema_path)] = cls

    @classmethod
    def node(cls) -> dict:
        return _node(cls)

    @classmethod
    def fields(cls) -> list[str]:
        """The schema's properties in canonical order (`x-order`, then any others)."""
        return list(_fields(cls))

    def __init__(self, *args, **values) -> None:
        names = _fields(type(self))
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}: quá nhiều giá trị")
        values.update(zip(names, args))
        properties = _node(type(self)).get("properties", {})
        for name, empty in _empty_values(type(self)):
            setattr(self, name, [] if empty else None)
        for name, default in self.derived.items():
            setattr(self, name, default() if callable(default) else default)
        for name, value in values.items():
            if name not in properties and name not in self.derived:
                raise TypeError(f"{type(self).__name__}: '{name}' không có trong lược đồ")
            setattr(self, name, value)

    @classmethod
    def build(cls, data: dict, **derived) -> "Record":
        """A record from validated data; lists of another record type's items become that type.
        `derived` may give, per list property, a function (index, item data) → derived attributes."""
        values = dict(data)
        for name, item_type in _item_types(cls):
            if name in values:
                extra = derived.pop(name, None)
                values[name] = [item_type.build(item, **(extra(index, item) if extra else {}))
                                for index, item in enumerate(values[name])]
        derived = {key: value for key, value in derived.items() if not callable(value)}
        return cls(**{**values, **derived})

    @classmethod
    def item_type(cls, name: str) -> "type[Record] | None":
        """The record type of the items of list property `name`, if the schema gives them one."""
        prop = _node(cls).get("properties", {}).get(name, {})
        items = prop.get("items") if isinstance(prop, dict) else None
        if not isinstance(items, dict) or "$ref" not in items:
            return None
        target, _, pointer = items["$ref"].partition("#/$defs/")
        kind = schemas.kind_of_id(target) if target else cls.schema_kind
        return Record._by_node.get((kind, pointer, ())) or _source_type(kind, pointer)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "positions" and v not in (None, []))
        return f"{type(self).__name__}({shown})"


# What a record type reads from its schema, read once per type: a corpus builds millions of records.

@schemas.cached
def _node(record_type: type[Record]) -> dict:
    return schemas.node(record_type.schema_kind, record_type.schema_def, record_type.schema_path)


@schemas.cached
def _fields(record_type: type[Record]) -> tuple[str, ...]:
    node = _node(record_type)
    order = list(node.get("x-order", []))
    return tuple(order + [name for name in node.get("properties", {}) if name not in order])


@schemas.cached
def _empty_values(record_type: type[Record]) -> tuple[tuple[str, bool], ...]:
    """Each field and whether it starts as an empty list (an array) rather than None."""
    properties = _node(record_type).get("properties", {})
    return tuple((name, schemas.resolve(properties[name], record_type.schema_kind).get("type") == "array")
                 for name in _fields(record_type))


@schemas.cached
def _item_types(record_type: type[Record]) -> tuple[tuple[str, type[Record]], ...]:
    """The list fields whose items are records of another type, with that type."""
    return tuple((name, item) for name in _fields(record_type)
                 if (item := record_type.item_type(name)) is not None)


def _source_type(kind: str, definition: str) -> "type[Record] | None":
    """`source` (unit and theme sources) is `source_any` with title and date required."""
    raw = schemas.schema(kind).get("$defs", {}).get(definition, {})
    refs = [part.get("$ref", "") for part in raw.get("allOf", [])]
    for ref in refs:
        target, _, pointer = ref.partition("#/$defs/")
        found = Record._by_node.get((schemas.kind_of_id(target) if target else kind, pointer, ()))
        if found is not None:
            return found
    return None


class Located(Record):
    """A record read from its own file, remembering the (line, column) of each of its fields."""

    derived = {"loc": lambda: Loc(""), "positions": Positions, "body": ""}

    def at(self, *path) -> Loc:
        """Location of a field path such as ('models', 2, 'field'), or its nearest ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        line, column = self.positions.get(path, (self.loc.line, self.loc.column))
        return Loc(self.loc.path, line, column)


class Source(Record):
    schema_kind, schema_def = "unit", "source_any"


class Model(Record):
    schema_kind, schema_def = "unit", "model"
    derived = {"unit_id": None, "loc": lambda: Loc("")}


class Lesson(Record):
    schema_kind, schema_def = "unit", "lesson"
    derived = {"unit_id": None, "loc": lambda: Loc("")}


class Result(Record):
    schema_kind, schema_def = "unit", "result"
    derived = {"loc": lambda: Loc("")}


class Limitation(Record):
    schema_kind, schema_def = "unit", "limitation"
    derived = {"loc": lambda: Loc("")}


class Unit(Located):
    schema_kind = "unit"


class Theme(Located):
    schema_kind = "theme"


class Directive(Located):
    schema_kind = "directive"


class CatalogEntry(Record):
    schema_kind, schema_def = "catalog", "entry"
    derived = {"loc": lambda: Loc("")}


class Indicator(Record):
    schema_kind, schema_def, schema_path = "catalog", "indicators", ("indicators", 0)


class Province(Record):
    schema_kind, schema_def, schema_path = "catalog", "provinces", ("provinces", 0)

    @property
    def current(self) -> bool:
        return self.valid_to is None


class District(Record):
    """A district-level place of records/districts.yml: name as the list writes it ("Huyện Cầu Ngang",
    "Quận 1"), place without the kind ("Cầu Ngang"; numbered districts keep it: "Quận 1")."""

    schema_kind, schema_def, schema_path = "catalog", "districts", ("provinces", "*", 0)

    def __hash__(self) -> int:
        return hash((self.code, self.name))


@dataclass
class Catalogs:
    regions: dict[str, str]
    provinces: dict[str, Province]
    fields: dict[str, CatalogEntry]
    lesson_topics: dict[str, CatalogEntry]
    indicators: dict[str, Indicator]
    districts: dict[str, list[District]] = field(default_factory=dict)  # province id → its districts


RECORD_TYPES = (Unit, Theme, Directive)


def record_type(kind: str) -> type[Record]:
    """The typed record of a record kind of the registry (kb.model.kinds): 'unit' → Unit."""
    return next(t for t in RECORD_TYPES if t.schema_kind == kind)

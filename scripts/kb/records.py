"""Typed records: what the validate stage hands to the link and render stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loc:
    path: str
    line: int = 1
    column: int = 1


class Located:
    """A record that remembers the (line, column) of each of its fields."""

    loc: "Loc"
    positions: dict

    def at(self, *path) -> "Loc":
        """Location of a field path such as ('models', 2, 'field'), or its nearest ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        line, column = self.positions.get(path, (self.loc.line, self.loc.column))
        return Loc(self.loc.path, line, column)


@dataclass
class Source:
    id: str
    title: str | None = None
    date: str | None = None
    year: int | None = None
    year_source: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    note: str | None = None
    file: str | None = None


@dataclass
class Model:
    id: str
    unit_id: str
    title: str
    kind: str
    field: str
    owner: str | None = None
    owner_unit: str | None = None
    year: int | None = None
    summary: str | None = None
    excerpt: str | None = None
    note: str | None = None
    theme: str | None = None
    source: str | None = None
    loc: Loc = Loc("")


@dataclass
class Lesson:
    id: str
    unit_id: str
    title: str
    text: str
    topics: list[str]
    order: str | None = None
    excerpt: str | None = None
    source: str | None = None
    loc: Loc = Loc("")


@dataclass
class Result:
    id: str
    label: str
    value: float
    denominator: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    year: int | None = None
    period: str | None = None
    indicator: str | None = None
    excerpt: str | None = None
    source: str | None = None
    loc: Loc = Loc("")


@dataclass
class Limitation:
    text: str
    excerpt: str | None = None
    source: str | None = None
    loc: Loc = Loc("")


@dataclass
class Unit(Located):
    id: str
    name: str
    place: str
    level: str
    province: str
    sources: list[Source]
    body: str
    loc: Loc
    positions: dict = field(default_factory=dict, repr=False)
    parent: str | None = None
    directives: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    point_units: list[str] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    limitations: list[Limitation] = field(default_factory=list)


@dataclass
class Theme(Located):
    id: str
    year: int | None
    title: str
    sources: list[Source]
    body: str
    loc: Loc
    positions: dict = field(default_factory=dict, repr=False)
    directive: str | None = None
    guidance: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)


@dataclass
class Directive(Located):
    id: str
    kind: str
    issuer: str
    sources: list[Source]
    body: str
    loc: Loc
    positions: dict = field(default_factory=dict, repr=False)
    code: str | None = None  # optional: a document cited without a number (then title is required)
    issuer_unit: str | None = None
    province: str | None = None
    date: str | None = None
    title: str | None = None
    replaces: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)


@dataclass
class CatalogEntry:
    id: str
    label: str
    description: str
    loc: Loc = Loc("")


@dataclass
class Indicator:
    id: str
    label: str
    unit: str
    description: str


@dataclass
class Province:
    id: str
    name: str
    kind: str
    region: str
    valid_from: str | None
    valid_to: str | None
    successor: str | None = None
    merged_from: list[str] = field(default_factory=list)
    seat: str | None = None
    former_names: list[dict] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return self.valid_to is None


@dataclass(frozen=True)
class District:
    """A district-level place of records/districts.yml."""

    code: int
    name: str  # as the list writes it: "Huyện Cầu Ngang", "Quận 1"
    place: str  # without the kind: "Cầu Ngang"; numbered districts keep it: "Quận 1"
    kind: str  # quan, huyen, thi-xa, thanh-pho


@dataclass
class Catalogs:
    regions: dict[str, str]
    provinces: dict[str, Province]
    fields: dict[str, CatalogEntry]
    lesson_topics: dict[str, CatalogEntry]
    indicators: dict[str, Indicator]
    districts: dict[str, list[District]] = field(default_factory=dict)  # province id → its districts

"""The linked corpus: every record by id, the catalogues, and the indexes the pages read (filled by kb.generate.groupings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.model import vocabulary
from kb.model.gazetteer import DistrictIndex
from kb.model.records import (
    Catalogs,
    Directive,
    Lesson,
    Model,
    Result,
    Source,
    Theme,
    Unit,
)
from kb.text.vietnamese import sort_key


@dataclass
class Corpus:
    catalogs: Catalogs
    units: dict[str, Unit] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    directives: dict[str, Directive] = field(default_factory=dict)
    # derived indexes
    models_by_field: dict[str, list[Model]] = field(default_factory=dict)
    lessons_by_topic: dict[str, list[Lesson]] = field(default_factory=dict)
    units_by_province: dict[str, list[Unit]] = field(default_factory=dict)
    units_by_theme: dict[str, list[Unit]] = field(default_factory=dict)
    units_by_directive: dict[str, list[Unit]] = field(default_factory=dict)
    children: dict[str, list[Unit]] = field(default_factory=dict)
    models_owned_by: dict[str, list[Model]] = field(default_factory=dict)
    theme_models: dict[str, list[Model]] = field(default_factory=dict)  # theme id → models sharing/serving it
    model_theme: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (unit, model) → (theme, how)
    themes_by_directive: dict[str, list[Theme]] = field(default_factory=dict)
    guided_themes: dict[str, list[Theme]] = field(default_factory=dict)  # directive id → themes it guides
    replaced_by: dict[str, list[Directive]] = field(default_factory=dict)
    directives_by_province: dict[str, list[Directive]] = field(default_factory=dict)
    directives_by_issuer: dict[str, list[Directive]] = field(default_factory=dict)
    results_by_indicator: dict[str, list[tuple[Unit, Result]]] = field(default_factory=dict)
    related: dict[tuple[str, str], list[Model]] = field(default_factory=dict)  # (unit, model) → similar models
    unit_rank: dict[str, int] = field(default_factory=dict)  # Vietnamese alphabetical order of places
    # groupings the pages show, computed once here (render only lays them out)
    years: list[int] = field(default_factory=list)  # every year some record speaks of
    reports_by_year: dict[int, list[tuple[Source, Unit]]] = field(default_factory=dict)  # by date, then unit
    models_by_year: dict[int, list[Model]] = field(default_factory=dict)
    results_by_year: dict[int, list[tuple[Unit, Result]]] = field(default_factory=dict)
    themes_by_year: dict[int, list[Theme]] = field(default_factory=dict)
    directives_by_year: dict[int, list[Directive]] = field(default_factory=dict)  # by date, then id
    newest: list[tuple[Source, Unit]] = field(default_factory=list)  # (latest source, unit), newest first
    lessons_by_topic_unit: dict[str, dict[str, list[Lesson]]] = field(default_factory=dict)  # topic → unit → lessons
    models_by_field_province: dict[str, dict[str, list[Model]]] = field(default_factory=dict)
    practices: dict[str, list[Model]] = field(default_factory=dict)  # practice key → its models at ≥ 2 units
    practice_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (unit, model) → practice key
    practice_units: dict[str, int] = field(default_factory=dict)  # practice key → how many units report it
    practice_by_province: dict[tuple[str, str], list[Model]] = field(default_factory=dict)  # (key, province) → models
    grouped: bool = False  # the indexes above are filled (kb.generate.groupings.ensure)
    _district_index: DistrictIndex | None = field(default=None, repr=False)

    @property
    def district_index(self) -> DistrictIndex:
        if self._district_index is None:
            self._district_index = DistrictIndex(self.catalogs.districts)
        return self._district_index

    def model(self, unit_id: str, model_id: str) -> Model:
        return next(m for m in self.units[unit_id].models if m.id == model_id)

    def province_of(self, unit: Unit):
        """The unit's province at the time of its report, or None for a national body or a military region."""
        return self.catalogs.provinces[unit.province] if unit.province else None

    def where_name(self, unit: Unit) -> str:
        """Where a unit is, for a reader: its province's name, or its level ('Trung ương') when it has none."""
        province = self.province_of(unit)
        return province.name if province else vocabulary.label("level", unit.level)

    def successor(self, province_id: str | None):
        if not province_id:
            return None
        province = self.catalogs.provinces[province_id]
        return self.catalogs.provinces.get(province.successor) if province.successor else None

    def sorted_units(self, units=None) -> list[Unit]:
        """Units in Vietnamese alphabetical order of their place, then name."""
        if not self.unit_rank:
            ordered = sorted(self.units.values(), key=lambda u: (sort_key(u.place), sort_key(u.name), u.id))
            self.unit_rank = {unit.id: rank for rank, unit in enumerate(ordered)}
        return sorted(units if units is not None else self.units.values(), key=lambda u: self.unit_rank[u.id])

"""Stage 3 — link: the whole corpus at once.

Checks what needs more than one file (unique ids, references to provinces,
themes, directives, topics, units and indicators, duplicate model titles)
and builds the indexes the pages need (`groupings`): who links to whom, in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import groupings
from .diagnostics import Diagnostic, diagnostic
from .districts import DistrictIndex
from .ids import free_unit_id
from .records import Catalogs, Directive, Lesson, Loc, Model, Result, Source, Theme, Unit
from .validate import did_you_mean
from .vietnamese import comparable_title, sort_key



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
    _district_index: DistrictIndex | None = field(default=None, repr=False)

    @property
    def district_index(self) -> DistrictIndex:
        if self._district_index is None:
            self._district_index = DistrictIndex(self.catalogs.districts)
        return self._district_index

    def model(self, unit_id: str, model_id: str) -> Model:
        return next(m for m in self.units[unit_id].models if m.id == model_id)

    def province_of(self, unit: Unit):
        return self.catalogs.provinces[unit.province]

    def successor(self, province_id: str):
        province = self.catalogs.provinces[province_id]
        return self.catalogs.provinces.get(province.successor) if province.successor else None

    def sorted_units(self, units=None) -> list[Unit]:
        """Units in Vietnamese alphabetical order of their place, then name."""
        if not self.unit_rank:
            ordered = sorted(self.units.values(), key=lambda u: (sort_key(u.place), sort_key(u.name), u.id))
            self.unit_rank = {unit.id: rank for rank, unit in enumerate(ordered)}
        return sorted(units if units is not None else self.units.values(), key=lambda u: self.unit_rank[u.id])


def link(catalogs: Catalogs, records: list) -> tuple[Corpus, list[Diagnostic]]:
    corpus = Corpus(catalogs)
    diagnostics: list[Diagnostic] = []
    folded: dict[tuple, object] = {}  # ids that differ only by case or đ/d name one file on many disks, one URL
    for record in records:
        table = {Unit: corpus.units, Theme: corpus.themes, Directive: corpus.directives}[type(record)]
        if record.id in table:
            diagnostics.append(_duplicate_id(record, table))
            continue
        key = (type(record), record.id.lower().replace("đ", "d"))
        if key in folded:
            where = record.at("id")
            diagnostics.append(diagnostic(where.path, where.line, where.column, "KB404",
                                          f"id '{record.id}' chỉ khác id '{folded[key].id}' "
                                          f"({folded[key].loc.path}) ở chữ hoa/thường hoặc đ/d"))
            continue
        folded[key] = table[record.id] = record
    diagnostics += _check_references(corpus)
    diagnostics += _check_duplicate_titles(corpus)
    groupings.build(corpus)
    return corpus, diagnostics


def _duplicate_id(record, table: dict) -> Diagnostic:
    """KB401, with a free id by the design's rule for units (add the province, or the kind of place)."""
    other = table[record.id]
    where = record.at("id")
    message = f"id '{record.id}' đã được dùng ở {other.loc.path}"
    if not isinstance(record, Unit):
        return diagnostic(where.path, where.line, where.column, "KB401", message)
    taken = {unit.id: unit.province for unit in table.values()}
    free = free_unit_id(record.name, record.place, record.province, record.level, taken)
    return diagnostic(where.path, where.line, where.column, "KB401", f"{message} — có thể dùng '{free}'",
                      f"Đặt id: {free} và đổi tên tệp thành {free}.md (đơn vị khác nhau cần id khác nhau).")


def _ref(loc: Loc, code: str, what: str, value: str, known) -> Diagnostic:
    return diagnostic(loc.path, loc.line, loc.column, code,
                      f"{what} '{value}' không có trong danh mục{did_you_mean(value, known)}")


def _check_district(unit: Unit, corpus: Corpus) -> list[Diagnostic]:
    """KB208: a district-level unit's place should be a district of its province (list of 01/2025)."""
    districts = corpus.district_index
    if not districts.covers(unit.province):
        return []  # a province with no district list (Hà Tây, or a province created after 2025)
    spelled = districts.spelled(unit.place)
    if any(province_id == unit.province for province_id, _ in spelled):
        return []
    where = unit.at("place")
    province = corpus.catalogs.provinces[unit.province]
    province_name = f"{'thành phố' if province.kind == 'thanh-pho' else 'tỉnh'} {province.name}"
    here = [district for province_id, district in districts.folded(unit.place) if province_id == unit.province]
    if here:
        return [diagnostic(where.path, where.line, where.column, "KB208",
                           f"'{unit.place}' khác cách viết của danh mục: '{here[0].place}' ({here[0].name})",
                           f"Viết place: \"{here[0].place}\", có dấu như danh mục.")]
    elsewhere = sorted({province_id for province_id, _ in (spelled or districts.folded(unit.place))})
    if elsewhere:
        names = ", ".join(f"{corpus.catalogs.provinces[p].name} ('{p}')" for p in elsewhere if p in corpus.catalogs.provinces)
        return [diagnostic(where.path, where.line, where.column, "KB208",
                           f"'{unit.place}' không phải quận, huyện của {province_name}, "
                           f"nhưng có ở {names} — kiểm tra lại province",
                           "Sửa province theo tỉnh của đơn vị tại thời điểm báo cáo, và chuyển tệp vào thư mục "
                           "của tỉnh đó; nếu place viết sai, sửa place.")]
    return [diagnostic(where.path, where.line, where.column, "KB208",
                       f"không thấy '{unit.place}' trong các quận, huyện của {province_name} "
                       f"(danh mục ngày 04/01/2025){did_you_mean(unit.place, districts.places(unit.province))}")]


def _check_references(corpus: Corpus) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    cat = corpus.catalogs
    for unit in corpus.units.values():
        if unit.province not in cat.provinces:
            found.append(_ref(unit.at("province"), "KB201", "tỉnh", unit.province, cat.provinces))
        elif PurePosixPath(unit.loc.path).parent.name != unit.province:
            folder = PurePosixPath(unit.loc.path).parent.name
            where = unit.at("province")
            found.append(diagnostic(where.path, where.line, where.column, "KB119",
                                    f"tệp nằm trong thư mục '{folder}' nhưng province là '{unit.province}'",
                                    f"Chuyển tệp vào records/units/{unit.province}/, hoặc sửa province."))
        elif unit.level == "huyen":
            found += _check_district(unit, corpus)
        if unit.parent and unit.parent not in corpus.units:
            found.append(_ref(unit.at("parent"), "KB205", "đơn vị cấp trên", unit.parent, corpus.units))
        for i, theme_id in enumerate(unit.themes):
            if theme_id not in corpus.themes:
                found.append(_ref(unit.at("themes", i), "KB202", "chuyên đề", theme_id, corpus.themes))
        for i, directive_id in enumerate(unit.directives):
            if directive_id not in corpus.directives:
                found.append(_ref(unit.at("directives", i), "KB203", "văn bản", directive_id, corpus.directives))
        for i, model in enumerate(unit.models):
            if model.field not in cat.fields:
                found.append(_ref(unit.at("models", i, "field"), "KB204", "lĩnh vực", model.field, cat.fields))
            if model.theme and model.theme not in corpus.themes:
                found.append(_ref(unit.at("models", i, "theme"), "KB202", "chuyên đề", model.theme, corpus.themes))
            if model.owner_unit and model.owner_unit not in corpus.units:
                found.append(_ref(unit.at("models", i, "owner_unit"), "KB205", "đơn vị", model.owner_unit,
                                  corpus.units))
        for i, lesson in enumerate(unit.lessons):
            for j, topic in enumerate(lesson.topics):
                if topic not in cat.lesson_topics:
                    found.append(_ref(unit.at("lessons", i, "topics", j), "KB204", "chủ đề kinh nghiệm", topic,
                                      cat.lesson_topics))
        for i, result in enumerate(unit.results):
            if result.indicator and result.indicator not in cat.indicators:
                found.append(_ref(unit.at("results", i, "indicator"), "KB206", "chỉ tiêu", result.indicator,
                                  cat.indicators))
    for theme in corpus.themes.values():
        if theme.directive and theme.directive not in corpus.directives:
            found.append(_ref(theme.at("directive"), "KB203", "văn bản", theme.directive, corpus.directives))
        for i, directive_id in enumerate(theme.guidance):
            if directive_id not in corpus.directives:
                found.append(_ref(theme.at("guidance", i), "KB203", "văn bản", directive_id, corpus.directives))
    for directive in corpus.directives.values():
        for i, other in enumerate(directive.replaces):
            if other not in corpus.directives:
                found.append(_ref(directive.at("replaces", i), "KB203", "văn bản", other, corpus.directives))
        if directive.issuer_unit and directive.issuer_unit not in corpus.units:
            found.append(_ref(directive.at("issuer_unit"), "KB205", "đơn vị", directive.issuer_unit, corpus.units))
        if directive.province and directive.province not in cat.provinces:
            found.append(_ref(directive.at("province"), "KB201", "tỉnh", directive.province, cat.provinces))
    for province in cat.provinces.values():
        if province.successor and province.successor not in cat.provinces:
            found.append(diagnostic("records/provinces.yml", 1, 1, "KB201",
                                    f"tỉnh kế thừa '{province.successor}' của '{province.id}' không có"))
        if province.region not in cat.regions:  # the province page names its region
            found.append(diagnostic("records/provinces.yml", 1, 1, "KB201",
                                    f"vùng '{province.region}' của '{province.id}' không có trong regions"))
    return found


def _check_duplicate_titles(corpus: Corpus) -> list[Diagnostic]:
    """KB403: two models of one unit with the same title (as normalised) are one model written twice.
    The same title at two units is not a problem: many units run a model of the same name, and the
    pages show readers where a practice was taken up."""
    found = []
    for unit in corpus.sorted_units():
        first: dict[str, Model] = {}
        for model in unit.models:
            key = comparable_title(model.title)
            earlier = first.setdefault(key, model)
            if earlier is not model:
                found.append(diagnostic(model.loc.path, model.loc.line, model.loc.column, "KB403",
                                        f"mô hình '{model.title}' đã có ở dòng {earlier.loc.line} của đơn vị này"))
    return found


source_year = groupings.source_year  # the year a source speaks from; pages and search read it from here too
practice_key = groupings.practice_key

"""Stage 3, the checks only: what needs more than one file, computed from a light summary of each record.

`facts_of(record)` keeps what the cross-record checks need of one record — its id and where it is written,
for a unit its name, place, province and level, every reference it makes (with its line and column), and
the problems found in the record alone (KB403, two models of one unit with the same title). The summary
depends only on the record, so `kb check` keeps it per file, and `check_facts` runs every cross-record
check on summaries: unique ids (KB401, KB404, first file in path order keeps the id), references to the
catalogues and to other records (KB201–KB206), the folder and district of a unit (KB119, KB208), and the
catalogues themselves. `link.link` runs the same function, so the checker and the build can never differ.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple

from kb.model.diagnostics import Diagnostic, diagnostic
from kb.model.gazetteer import DistrictIndex
from kb.model.ids import free_unit_id, unit_key
from kb.model.kinds import NATIONAL_FOLDER
from kb.model.records import Catalogs, Directive, Model, Theme, Unit
from kb.text.suggest import did_you_mean
from kb.text.vietnamese import comparable_title, unmarked

KINDS = {Unit: "unit", Theme: "theme", Directive: "directive"}
TABLES = {"unit": "units", "theme": "themes", "directive": "directives"}

# what a reference names → (the table it must be in, its code, its name in the message)
REFERENCES = {
    "province": ("provinces", "KB201", "tỉnh"),
    "theme": ("themes", "KB202", "chuyên đề"),
    "directive": ("directives", "KB203", "văn bản"),
    "field": ("fields", "KB204", "lĩnh vực"),
    "topic": ("lesson_topics", "KB204", "chủ đề kinh nghiệm"),
    "parent": ("units", "KB205", "đơn vị cấp trên"),
    "unit": ("units", "KB205", "đơn vị"),
    "indicator": ("indicators", "KB206", "chỉ tiêu"),
}


class Place(NamedTuple):
    """What a unit's id, folder and district checks read."""
    name: str
    place: str
    province: str | None
    level: str
    kind: str
    province_at: tuple[int, int]
    place_at: tuple[int, int]
    parent: str | None = None
    same: tuple[str, str, str] = ("", "", "")  # kb.model.ids.unit_key, folded once per record (the summary is cached)


class Facts(NamedTuple):
    kind: str  # unit, theme or directive
    id: str
    path: str  # the record's file (every diagnostic about the record is in it)
    id_at: tuple[int, int]  # line, column of its id
    unit: Place | None
    references: tuple[tuple[str, str, int, int], ...]  # (what it names, the value, line, column)
    own: tuple[Diagnostic, ...]  # problems of the record alone, reported when the record keeps its id


def facts_of(record) -> Facts:
    kind = KINDS[type(record)]
    references: list[tuple[str, str, int, int]] = []

    def named(what: str, value, *path, optional: bool = True) -> None:
        if value or not optional:  # an optional field left empty names nothing; a list item always names
            where = record.at(*path)
            references.append((what, value, where.line, where.column))

    unit, own = None, ()
    if kind == "unit":
        province, place = record.at("province"), record.at("place")
        unit = Place(record.name, record.place, record.province, record.level, record.kind,
                     (province.line, province.column), (place.line, place.column), record.parent,
                     unit_key(record.name, record.place, record.province))
        named("parent", record.parent, "parent")
        for i, theme_id in enumerate(record.themes):
            named("theme", theme_id, "themes", i, optional=False)
        for i, directive_id in enumerate(record.directives):
            named("directive", directive_id, "directives", i, optional=False)
        for i, model in enumerate(record.models):
            named("field", model.field, "models", i, "field", optional=False)
            named("theme", model.theme, "models", i, "theme")
            named("unit", model.owner_unit, "models", i, "owner_unit")
        for i, lesson in enumerate(record.lessons):
            for j, topic in enumerate(lesson.topics):
                named("topic", topic, "lessons", i, "topics", j, optional=False)
        for i, result in enumerate(record.results):
            named("indicator", result.indicator, "results", i, "indicator")
        own = tuple(_duplicate_titles(record.models))
    elif kind == "theme":
        named("directive", record.directive, "directive")
        for i, directive_id in enumerate(record.guidance):
            named("directive", directive_id, "guidance", i, optional=False)
    else:
        for i, other in enumerate(record.replaces):
            named("directive", other, "replaces", i, optional=False)
        named("unit", record.issuer_unit, "issuer_unit")
        named("province", record.province, "province")
    where = record.at("id")
    return Facts(kind, record.id, record.loc.path, (where.line, where.column), unit, tuple(references), own)


def _duplicate_titles(models: list[Model]) -> list[Diagnostic]:
    """KB403: two models of one unit with the same title (as normalised) are one model written twice.
    The same title at two units is not a problem: many units run a model of the same name, and the
    pages show readers where a practice was taken up."""
    found, first = [], {}
    for model in models:
        earlier = first.setdefault(comparable_title(model.title), model)
        if earlier is not model:
            found.append(diagnostic(model.loc.path, model.loc.line, model.loc.column, "KB403",
                                    f"mô hình '{model.title}' đã có ở dòng {earlier.loc.line} của đơn vị này"))
    return found


def check_facts(catalogs: Catalogs, facts: list[Facts],
                report: set[str] | None = None) -> tuple[list[bool], list[Diagnostic]]:
    """Which records keep their id (in `facts`' order, which is the files' path order), and every problem.

    With `report`, the references and own problems of only the records in those files are checked (the
    ids of all are: who keeps an id depends on every file); a file's diagnostics are the same either way.
    """
    kept, diagnostics, tables = _check_ids(facts)
    diagnostics += [d for d in _same_units(facts, kept) if report is None or d.path in report]
    known = {"provinces": catalogs.provinces, "fields": catalogs.fields, "lesson_topics": catalogs.lesson_topics,
             "indicators": catalogs.indicators, **{TABLES[kind]: table for kind, table in tables.items()}}
    districts: list[DistrictIndex] = []
    for entry, keep in zip(facts, kept):
        if not keep or (report is not None and entry.path not in report):
            continue
        diagnostics += entry.own
        if entry.unit is not None:
            diagnostics += _check_unit_place(entry, catalogs, districts)
        for what, value, line, column in entry.references:
            table, code, name = REFERENCES[what]
            if value not in known[table]:
                diagnostics.append(diagnostic(entry.path, line, column, code, f"{name} '{value}' không có trong "
                                              f"danh mục{did_you_mean(value, known[table])}"))
    return kept, diagnostics + _check_catalogs(catalogs)


def _check_ids(facts: list[Facts]) -> tuple[list[bool], list[Diagnostic], dict[str, dict[str, Facts]]]:
    """KB401 and KB404; ids that differ only by case or đ/d name one file on many disks, one URL."""
    tables: dict[str, dict[str, Facts]] = {kind: {} for kind in TABLES}
    folded: dict[tuple[str, str], Facts] = {}
    kept, found = [], []
    for entry in facts:
        table = tables[entry.kind]
        key = (entry.kind, entry.id.lower().replace("đ", "d"))
        if entry.id in table:
            found.append(_duplicate_id(entry, table))
        elif key in folded:
            first = folded[key]
            found.append(diagnostic(entry.path, *entry.id_at, "KB404", f"id '{entry.id}' chỉ khác id '{first.id}' "
                                                                       f"({first.path}) ở chữ hoa/thường hoặc đ/d"))
        else:
            folded[key] = table[entry.id] = entry
            kept.append(True)
            continue
        kept.append(False)
    return kept, found, tables


def _same_units(facts: list[Facts], kept: list[bool]) -> list[Diagnostic]:
    """KB406: two records of one unit (same name and place once folded, same province) under two ids — the way a
    unit is added twice by someone who did not find the first (typed without marks, or given a free id by a form).
    The second one is the record whose name has no marks, else the one with the longer id (a free id made for it:
    'cau-ngang-huyen' beside 'cau-ngang'), else the later file. Records that name different parents are two units."""
    first: dict[tuple[str, str, str], Facts] = {}
    found = []
    for entry, keep in zip(facts, kept):
        if not keep or entry.unit is None:
            continue
        earlier = first.setdefault(entry.unit.same, entry)
        if earlier is entry or (earlier.unit.parent and entry.unit.parent and earlier.unit.parent != entry.unit.parent):
            continue
        if _second_of_two(earlier) > _second_of_two(entry):
            earlier, entry = entry, earlier
        found.append(diagnostic(entry.path, *entry.id_at, "KB406",
                                f"đơn vị '{entry.unit.name}' đã có hồ sơ: {earlier.path} ('{earlier.unit.name}', "
                                f"id '{earlier.id}')"))
    return found


def _second_of_two(entry: Facts) -> tuple[bool, int]:
    return unmarked(entry.unit.name), len(entry.id)


def _duplicate_id(entry: Facts, table: dict[str, Facts]) -> Diagnostic:
    """KB401, with a free id by the design's rule for units (add the province, or the kind of place)."""
    message = f"id '{entry.id}' đã được dùng ở {table[entry.id].path}"
    if entry.unit is None:
        return diagnostic(entry.path, *entry.id_at, "KB401", message)
    taken = {other.id: other.unit.province for other in table.values()}
    unit = entry.unit
    free = free_unit_id(unit.name, unit.place, unit.province, unit.level, taken, unit.kind)
    return diagnostic(entry.path, *entry.id_at, "KB401", f"{message} — có thể dùng '{free}'",
                      f"Đặt id: {free} và đổi tên tệp thành {free}.md (đơn vị khác nhau cần id khác nhau).")


def _check_unit_place(entry: Facts, catalogs: Catalogs, districts: list[DistrictIndex]) -> list[Diagnostic]:
    """KB201 for the province, else KB119 for the folder, else KB208 for a district-level unit's place."""
    unit = entry.unit
    folder = posixpath.basename(posixpath.dirname(entry.path))
    if unit.province is None:  # a national body or a military region (the schema allows no province only there)
        if folder == NATIONAL_FOLDER:
            return []
        return [diagnostic(entry.path, *entry.id_at, "KB119",
                           f"đơn vị không có tỉnh nhưng tệp nằm trong thư mục '{folder}'",
                           f"Chuyển tệp vào records/units/{NATIONAL_FOLDER}/, hoặc ghi province.")]
    if unit.province not in catalogs.provinces:
        return [diagnostic(entry.path, *unit.province_at, "KB201", f"tỉnh '{unit.province}' không có trong danh "
                                                                   f"mục{did_you_mean(unit.province, catalogs.provinces)}")]
    if folder != unit.province:
        return [diagnostic(entry.path, *unit.province_at, "KB119",
                           f"tệp nằm trong thư mục '{folder}' nhưng province là '{unit.province}'",
                           f"Chuyển tệp vào records/units/{unit.province}/, hoặc sửa province.")]
    if unit.level != "huyen" or unit.kind != "dia-phuong":  # a district's own committee: its place is a district
        return []
    if not districts:
        districts.append(DistrictIndex(catalogs.districts))  # made once, when a district-level unit needs it
    return _check_district(entry.path, unit, catalogs, districts[0])


def _check_district(path: str, unit: Place, catalogs: Catalogs, districts: DistrictIndex) -> list[Diagnostic]:
    """KB208: a district-level unit's place should be a district of its province (list of 01/2025)."""
    if not districts.covers(unit.province):
        return []  # a province with no district list (Hà Tây, or a province created after 2025)
    spelled = districts.spelled(unit.place)
    if any(province_id == unit.province for province_id, _ in spelled):
        return []
    line, column = unit.place_at
    province = catalogs.provinces[unit.province]
    province_name = f"{'thành phố' if province.kind == 'thanh-pho' else 'tỉnh'} {province.name}"
    here = [district for province_id, district in districts.folded(unit.place) if province_id == unit.province]
    if here:
        return [diagnostic(path, line, column, "KB208",
                           f"'{unit.place}' khác cách viết của danh mục: '{here[0].place}' ({here[0].name})",
                           f"Viết place: \"{here[0].place}\", có dấu như danh mục.")]
    elsewhere = sorted({province_id for province_id, _ in (spelled or districts.folded(unit.place))})
    if elsewhere:
        names = ", ".join(f"{catalogs.provinces[p].name} ('{p}')" for p in elsewhere if p in catalogs.provinces)
        return [diagnostic(path, line, column, "KB208",
                           f"'{unit.place}' không phải quận, huyện của {province_name}, "
                           f"nhưng có ở {names} — kiểm tra lại province",
                           "Sửa province theo tỉnh của đơn vị tại thời điểm báo cáo, và chuyển tệp vào thư mục "
                           "của tỉnh đó; nếu place viết sai, sửa place.")]
    return [diagnostic(path, line, column, "KB208",
                       f"không thấy '{unit.place}' trong các quận, huyện của {province_name} "
                       f"(danh mục ngày 04/01/2025){did_you_mean(unit.place, districts.places(unit.province))}")]


def _check_catalogs(catalogs: Catalogs) -> list[Diagnostic]:
    found = []
    for province in catalogs.provinces.values():
        if province.successor and province.successor not in catalogs.provinces:
            found.append(diagnostic("records/provinces.yml", 1, 1, "KB201",
                                    f"tỉnh kế thừa '{province.successor}' của '{province.id}' không có"))
        if province.region not in catalogs.regions:  # the province page names its region
            found.append(diagnostic("records/provinces.yml", 1, 1, "KB201",
                                    f"vùng '{province.region}' của '{province.id}' không có trong regions"))
    return found

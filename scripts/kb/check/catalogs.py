"""The catalogues of records/ (provinces, districts, communes, topics, indicators): validated and typed (the
communes are read by the importer only, from the file)."""

from __future__ import annotations

from kb.check import textcheck
from kb.check.load import SourceFile
from kb.check.schemacheck import schema_diagnostics
from kb.check.validate import reserved_message
from kb.model.diagnostics import Diagnostic, diagnostic
from kb.model.paths import reserved_name
from kb.model.records import CatalogEntry, Catalogs, District, Indicator, Loc, Province
from kb.text.suggest import did_you_mean


def validate_catalogs(catalogs: dict[str, SourceFile]) -> tuple[Catalogs | None, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    data = {}
    for name, definition in (("provinces.yml", "provinces"), ("districts.yml", "districts"),
                             ("communes.yml", "communes"), ("topics.yml", "topics"), ("indicators.yml", "indicators")):
        source = catalogs.get(name)
        if source is None:
            return None, diagnostics
        diagnostics += schema_diagnostics(source, "catalog", definition)
        diagnostics += textcheck.text_diagnostics(source)
        diagnostics += _reserved_catalog_ids(source)
        data[definition] = source.meta
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    topics, provinces, indicators = data["topics"], data["provinces"], data["indicators"]
    diagnostics += _district_province_diagnostics(catalogs["districts.yml"], provinces["provinces"])
    catalogs_record = Catalogs(
        regions={r["id"]: r["name"] for r in provinces["regions"]},
        provinces={p["id"]: Province.build(p) for p in provinces["provinces"]},
        fields=_entries(catalogs["topics.yml"], "fields", topics["fields"]),
        lesson_topics=_entries(catalogs["topics.yml"], "lesson_topics", topics["lesson_topics"]),
        indicators={i["id"]: Indicator.build(i) for i in indicators["indicators"]},
        districts={province_id: [District.build(item) for item in items]
                   for province_id, items in data["districts"]["provinces"].items()},
    )
    return catalogs_record, diagnostics


def _reserved_catalog_ids(source: SourceFile) -> list[Diagnostic]:
    """A catalogue entry 'index' or 'trang-2' (field, topic, indicator, province) would take the place of its
    section's index page or of a numbered page."""
    found = []
    for key, items in (source.meta if isinstance(source.meta, dict) else {}).items():
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and reserved_name(str(item.get("id", ""))):
                found.append(diagnostic(source.path, *source.yaml.where((key, index, "id")), "KB405",
                                        reserved_message(str(item["id"]))))
    return found


def _district_province_diagnostics(source: SourceFile, provinces: list[dict]) -> list[Diagnostic]:
    known = [p["id"] for p in provinces]
    return [diagnostic(source.path, *source.yaml.where(("provinces", province_id)), "KB201",
                       f"tỉnh '{province_id}' không có trong records/provinces.yml{did_you_mean(province_id, known)}")
            for province_id in source.meta["provinces"] if province_id not in known]


def _entries(source: SourceFile, key: str, items: list[dict]) -> dict[str, CatalogEntry]:
    entries = {}
    for index, item in enumerate(items):
        line, column = source.yaml.where((key, index))
        entries[item["id"]] = CatalogEntry.build(item, loc=Loc(source.path, line, column))
    return entries

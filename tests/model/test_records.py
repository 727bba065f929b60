"""Typed records are built from the schema: its properties are the records' attributes."""

from __future__ import annotations

import copy

import pytest
from conftest import FIXTURES
from kb.check.runner import check
from kb.model import records
from kb.model import schema as schemas

TYPES = [t for t in records.Record._by_node.values()]


@pytest.mark.parametrize("record_type", TYPES, ids=[t.__name__ for t in TYPES])
def test_schema_properties_and_record_attributes_agree(record_type):
    node = record_type.node()
    properties = set(node.get("properties", {}))
    assert properties, f"{record_type.__name__}: không tìm thấy nút lược đồ"
    made = record_type()
    attributes = set(vars(made))
    assert attributes == properties | set(record_type.derived)
    assert set(record_type.fields()) == properties


def test_every_schema_definition_of_an_object_has_a_record_type():
    typed = {(t.schema_kind, t.schema_def) for t in TYPES}
    for kind in ("unit", "theme", "directive"):
        assert (kind, None) in typed
        for name, definition in schemas.schema(kind).get("$defs", {}).items():
            if definition.get("type") == "object":
                assert (kind, name) in typed, f"$defs/{name} của {kind} chưa có kiểu bản ghi trong records.py"


def test_unknown_attribute_is_refused_in_vietnamese():
    with pytest.raises(TypeError, match="không có trong lược đồ"):
        records.Model(tieu_de="x")


def test_a_new_schema_property_reaches_the_record_without_code_changes(monkeypatch, tmp_path):
    """Add a property to the unit and to the model schema; a record using both is checked without error
    and its typed unit and models carry the values."""
    import shutil
    original = schemas.schema

    def patched(name):
        document = copy.deepcopy(original(name))
        if name == "unit":
            document["properties"]["website"] = {"type": "string", "description": "Trang web.",
                                                 "x-column": "Trang web"}
            document["$defs"]["model"]["properties"]["members"] = {"type": "integer", "x-column": "Số thành viên"}
        return document

    schemas.forget()
    monkeypatch.setattr(schemas, "schema", __import__("functools").lru_cache(maxsize=None)(patched))
    try:
        shutil.copytree(FIXTURES / "mini", tmp_path / "site")
        path = tmp_path / "site/records/units/tra-vinh/cau-ngang.md"
        text = path.read_text(encoding="utf-8")
        text = text.replace("level: huyen\n", "level: huyen\nwebsite: \"https://example.org\"\n", 1)
        text = text.replace("    kind: tap-the\n", "    kind: tap-the\n    members: 12\n", 1)
        path.write_text(text, encoding="utf-8")
        checked = check(tmp_path / "site")
        assert not [d for d in checked.diagnostics if d.is_error], [d.format() for d in checked.diagnostics]
        unit = checked.corpus.units["cau-ngang"]
        assert unit.website == "https://example.org"
        assert [m.members for m in unit.models][:1] == [12]
        assert all(m.members is None for m in unit.models[1:])
        from kb.generate.opendata import files
        out = files(checked.corpus)
        assert "Trang web" in out["du-lieu/don-vi.csv"] and "https://example.org" in out["du-lieu/don-vi.csv"]
        header = out["du-lieu/mo-hinh.csv"].split("\r\n")[0]
        assert "Số thành viên" in header
    finally:
        monkeypatch.undo()
        schemas.forget()


def test_items_are_built_as_their_own_types():
    unit = records.Unit.build({"id": "u", "name": "A", "sources": [{"title": "t", "date": "2019-01-01"}],
                               "models": [{"title": "m", "owner": "o", "kind": "tap-the", "field": "f"}]},
                              models=lambda index, item: {"unit_id": "u", "id": f"m{index}"})
    assert isinstance(unit.sources[0], records.Source) and unit.sources[0].title == "t"
    assert isinstance(unit.models[0], records.Model)
    assert (unit.models[0].unit_id, unit.models[0].id, unit.models[0].year) == ("u", "m0", None)
    assert unit.lessons == [] and unit.parent is None

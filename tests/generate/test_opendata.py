"""Open data: CSV tables for people (Excel), a datapackage.json for programs, a page that lists them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import GOLDEN, REPO, assert_golden
from kb.check.runner import check
from kb.generate.opendata import PACKAGE, files, tables
from kb.generate.render import render

TODAY = dt.date(2026, 11, 24)
NAMES = ["don-vi", "mo-hinh", "kinh-nghiem", "so-lieu", "han-che"]


def corpus_of(project):
    checked = check(project, today=TODAY)
    assert checked.errors == []
    return checked.corpus


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "CSV cho Excel phải có BOM"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize("name", NAMES)
def test_tables_match_golden_files(mini_project, update_golden, name):
    text = files(corpus_of(mini_project))[f"du-lieu/{name}.csv"]
    # The golden file is kept with LF line ends, like every text file of the repository; CRLF is tested below.
    assert_golden(text.replace("\r\n", "\n"), GOLDEN / "mini" / "du-lieu" / f"{name}.csv", update_golden)


def test_csv_is_for_excel_and_counts_every_item(mini_project):
    corpus = corpus_of(mini_project)
    out = files(corpus)
    units = corpus.units.values()
    expected = {"don-vi": len(units), "mo-hinh": sum(len(u.models) for u in units),
                "kinh-nghiem": sum(len(u.lessons) for u in units), "so-lieu": sum(len(u.results) for u in units),
                "han-che": sum(len(u.limitations) for u in units)}
    for name, count in expected.items():
        text = out[f"du-lieu/{name}.csv"]
        assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
        assert len(rows(text)) == count + 1, name
    assert all(count for name, count in expected.items() if name != "han-che")


def test_figures_keep_their_exact_value_and_denominator():
    """On the real records: Chợ Lách's 40/45 (2007) and Gò Vấp's 98,8% come out as numbers a program reads."""
    table = rows(files(check(REPO).corpus)["du-lieu/so-lieu.csv"])
    body = [dict(zip(table[0], row)) for row in table[1:]]
    assert {"Mã đơn vị": "cho-lach", "Giá trị": "40", "Mẫu số": "45", "Năm": "2007"}.items() <= next(
        row for row in body if row["Mẫu số"] == "45").items()
    assert any(row["Mã đơn vị"] == "go-vap" and row["Giá trị"] == "98.8" and row["Đơn vị tính"] == "%" for row in body)
    assert all(float(row["Giá trị"]) >= 0 for row in body)


def test_datapackage_describes_every_column(mini_project):
    out = files(corpus_of(mini_project))
    package = json.loads(out[PACKAGE])
    assert [r["name"] for r in package["resources"]] == NAMES
    for resource in package["resources"]:
        header = rows(out[f"du-lieu/{resource['path']}"])[0]
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert resource["encoding"] == "utf-8-sig"


def test_text_that_a_spreadsheet_would_run_is_defused(mini_project):
    record = mini_project / "records/units/tra-vinh/cau-ngang.md"
    record.write_text(record.read_text(encoding="utf-8").replace(
        'owner: "Hội Khuyến học huyện"', 'owner: "=HYPERLINK(\\"http://x\\",\\"bấm\\")"'), encoding="utf-8")
    table = rows(files(corpus_of(mini_project))["du-lieu/mo-hinh.csv"])
    owners = [row[table[0].index("Chủ thể")] for row in table[1:]]
    assert "'=HYPERLINK(\"http://x\",\"bấm\")" in owners
    assert not any(owner.startswith(("=", "+", "-", "@")) for owner in owners)


def test_the_data_page_links_every_table(mini_project):
    corpus = corpus_of(mini_project)
    page = render(corpus)["du-lieu/index.md"]
    for table in tables(corpus):
        assert f"]({table.name}.csv)" in page
    assert "](datapackage.json)" in page
    assert "(du-lieu/index.md)" in render(corpus)["index.md"]  # the home page leads there


def test_every_field_of_a_tabled_record_says_whether_it_is_a_column():
    """A property added to the schema must say `x-column: "<tiêu đề cột>"` or `x-column: false`: the
    tables can never miss a field silently."""
    from kb.model.records import Lesson, Limitation, Model, Result, Unit
    for record_type in (Unit, Model, Lesson, Result, Limitation):
        for name, prop in record_type.node()["properties"].items():
            assert "x-column" in prop, f"{record_type.__name__}.{name}: thêm x-column vào lược đồ"

"""Open data: the linked corpus → CSV tables that readers download (`/du-lieu/`).

One table per kind of fact — units, models, lessons, figures, shortcomings — each row naming its unit,
its source and its page, so a table can be filtered, counted or charted without the site. CSV is
written for people who open it in Excel: UTF-8 with a byte-order mark, CRLF line ends, a header row in
Vietnamese. A `datapackage.json` (Frictionless Data) describes every column for programs.

Records are untrusted: a text cell that starts with = + - @ (or a tab) is prefixed with an apostrophe,
the usual defence against spreadsheet formulas hidden in data. Output is deterministic: units in
Vietnamese alphabetical order, items in record order.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from kb.generate.groupings import ensure
from kb.model import paths
from kb.model import schema as schemas
from kb.model.corpus import Corpus
from kb.model.records import Lesson, Limitation, Model, Result, Unit
from kb.text.markup import csv_cell

DATA_DIR = "du-lieu"
PACKAGE = f"{DATA_DIR}/datapackage.json"
LICENCE_NOTE = ("Hồ sơ và dữ liệu mở theo giấy phép CC BY 4.0 (ghi nguồn: cơ sở dữ liệu “Học tập và làm theo Bác”). "
                "Các đoạn trích nguyên văn từ bài viết vẫn thuộc bản quyền của cơ quan, tác giả đăng bài.")


@dataclass(frozen=True)
class Column:
    name: str  # the Vietnamese header
    description: str
    type: str = "string"  # Frictionless types: string, integer, number, date


@dataclass
class Table:
    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{DATA_DIR}/{self.name}.csv"


PAGE = Column("Trang", "đường dẫn của trang trên trang web, tính từ địa chỉ gốc")
SOURCE = Column("Nguồn", "tiêu đề bài nguồn")
SOURCE_DATE = Column("Ngày nguồn", "ngày đăng bài nguồn như bài ghi (YYYY-MM-DD, hoặc chỉ YYYY-MM, YYYY)")
PROVINCE = Column("Mã tỉnh", "tỉnh của đơn vị, tại thời điểm báo cáo")
_TYPES = {"integer": "integer", "number": "number"}


def schema_columns(record_type) -> list[tuple[str, Column]]:
    """The columns a record type gives its table: every schema property with an `x-column` header, in the
    schema's order (`x-column: false` leaves out what another column or table already shows). A property added
    to the schema must say which — tests/generate/test_opendata.py checks it — so the tables never miss a field."""
    node = record_type.node()
    found = []
    for name in record_type.fields():
        raw = node["properties"][name]
        header = raw.get("x-column")
        if not header:
            continue
        prop = schemas.resolve(raw, record_type.schema_kind)
        description = " ".join(str(prop.get("description", "")).split())
        found.append((name, Column(header, description, _TYPES.get(prop.get("type"), "string"))))
    return found


def _values(record, columns: list[tuple[str, Column]]) -> list:
    def value(name):
        found = getattr(record, name)
        return "; ".join(map(str, found)) if isinstance(found, list) else found
    return [value(name) for name, _ in columns]


def tables(corpus: Corpus) -> list[Table]:
    """The tables, filled, in the order the data page lists them."""
    ensure(corpus)
    made = [_units(corpus), _models(corpus), _lessons(corpus), _results(corpus), _limitations(corpus)]
    for table in made:
        if any(len(row) != len(table.columns) for row in table.rows):
            raise ValueError(f"bảng {table.name}: số ô khác số cột")  # a bug in this module, not in a record
    return made


def _page(page: str) -> str:
    return paths.url_of(page).lstrip("/")


def _source(unit: Unit, source_id: str | None) -> list:
    source = next((s for s in unit.sources if s.id == source_id), unit.sources[0])
    return [source.title, source.date]


def _unit_column() -> Column:
    return dict(schema_columns(Unit))["id"]


def _units(corpus: Corpus) -> Table:
    own = schema_columns(Unit)
    table = Table("don-vi", "Đơn vị", "Mỗi dòng một đơn vị báo cáo.", [c for _, c in own] + [
        Column("Tỉnh", "tên tỉnh tại thời điểm báo cáo"), Column("Tỉnh hiện nay", "tỉnh sau ngày 01/07/2025, nếu đã sáp nhập"),
        Column("Số mô hình", "", "integer"), Column("Số bài học", "", "integer"), Column("Số số liệu", "", "integer"),
        Column("Số hạn chế", "", "integer"), Column("Số nguồn", "", "integer"), SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        province = corpus.province_of(unit)
        successor = corpus.successor(unit.province)
        table.rows.append([
            *_values(unit, own), province.name if province else "", successor.name if successor else "",
            len(unit.models), len(unit.lessons), len(unit.results), len(unit.limitations), len(unit.sources),
            *_source(unit, None), _page(paths.unit(unit.id))])
    return table


def _models(corpus: Corpus) -> Table:
    own = schema_columns(Model)
    table = Table("mo-hinh", "Mô hình, điển hình", "Mỗi dòng một mô hình, điển hình.", [
        _unit_column(), *[c for _, c in own], Column("Lĩnh vực", "tên lĩnh vực"),
        Column("Chuyên đề", "mã chuyên đề mà mô hình thực hiện hoặc trùng tên"), PROVINCE, SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for model in unit.models:
            theme = corpus.model_theme.get((unit.id, model.id), (model.theme or "", ""))[0]
            table.rows.append([
                unit.id, *_values(model, own), corpus.catalogs.fields[model.field].label, theme, unit.province,
                *_source(unit, model.source), _page(paths.model(unit.id, model.id))])
    return table


def _lessons(corpus: Corpus) -> Table:
    own = schema_columns(Lesson)
    table = Table("kinh-nghiem", "Bài học kinh nghiệm", "Mỗi dòng một bài học; nội dung chép nguyên văn bài nguồn.", [
        _unit_column(), *[c for _, c in own], PROVINCE, SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for lesson in unit.lessons:
            table.rows.append([
                unit.id, *_values(lesson, own), unit.province, *_source(unit, lesson.source),
                _page(paths.unit(unit.id)) + "#" + paths.lesson_anchor(lesson.id)])
    return table


def _results(corpus: Corpus) -> Table:
    own = schema_columns(Result)
    table = Table("so-lieu", "Số liệu", "Mỗi dòng một số liệu kết quả, giữ đúng như bài ghi (tỉ số có mẫu số).", [
        _unit_column(), *[c for _, c in own], PROVINCE, SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for result in unit.results:
            table.rows.append([unit.id, *_values(result, own), unit.province, *_source(unit, result.source),
                               _page(paths.unit(unit.id))])
    return table


def _limitations(corpus: Corpus) -> Table:
    own = schema_columns(Limitation)
    table = Table("han-che", "Hạn chế", "Mỗi dòng một hạn chế; nội dung chép nguyên văn bài nguồn.", [
        _unit_column(), Column("Thứ tự", "thứ tự trong hồ sơ, từ 1", "integer"), *[c for _, c in own], PROVINCE,
        SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for number, limitation in enumerate(unit.limitations, start=1):
            table.rows.append([unit.id, number, *_values(limitation, own), unit.province,
                               *_source(unit, limitation.source), _page(paths.unit(unit.id))])
    return table


def csv_text(table: Table) -> str:
    """The table as CSV for people: BOM, CRLF, a Vietnamese header row, formulas defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + out.getvalue()


def package(made: list[Table]) -> str:
    """datapackage.json: the tables and their columns, for programs (Frictionless Data, tabular)."""
    descriptor = {
        "profile": "tabular-data-package",
        "name": "hoc-tap-va-lam-theo-bac",
        "title": "Điển hình và kinh nghiệm học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "description": "Tổng hợp từ bài viết của các cơ quan báo chí, cấp ủy; mỗi dòng dẫn nguồn bài gốc.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "rights": LICENCE_NOTE,
        "resources": [{
            "name": table.name, "title": table.title, "description": table.description,
            "path": f"{table.name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig", "dialect": {"delimiter": ",", "lineTerminator": "\r\n"},
            "schema": {"fields": [{"name": c.name, "type": c.type, **({"description": c.description} if c.description else {})}
                                  for c in table.columns]},
        } for table in made],
    }
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def files(corpus: Corpus) -> dict[str, str]:
    """Every open-data file: docs-relative path → text."""
    made = tables(corpus)
    out = {table.path: csv_text(table) for table in made}
    out[PACKAGE] = package(made)
    return out

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

from . import paths
from .markup import csv_cell
from .link import Corpus
from .records import Unit

DATA_DIR = "du-lieu"
PACKAGE = f"{DATA_DIR}/datapackage.json"


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


UNIT = Column("Mã đơn vị", "id của đơn vị (trùng tên tệp hồ sơ)")
PAGE = Column("Trang", "đường dẫn của trang trên trang web, tính từ địa chỉ gốc")
SOURCE = Column("Nguồn", "tiêu đề bài nguồn")
SOURCE_DATE = Column("Ngày nguồn", "ngày đăng bài nguồn (YYYY-MM-DD)", "date")


def tables(corpus: Corpus) -> list[Table]:
    """The tables, filled, in the order the data page lists them."""
    made = [_units(corpus), _models(corpus), _lessons(corpus), _results(corpus), _limitations(corpus)]
    for table in made:
        assert all(len(row) == len(table.columns) for row in table.rows), table.name
    return made


def _page(page: str) -> str:
    return paths.url_of(page).lstrip("/")


def _source(unit: Unit, source_id: str | None) -> list:
    source = next((s for s in unit.sources if s.id == source_id), unit.sources[0])
    return [source.title, source.date]


def _units(corpus: Corpus) -> Table:
    table = Table("don-vi", "Đơn vị", "Mỗi dòng một đơn vị báo cáo.", [
        UNIT, Column("Tên đơn vị", "tên như đơn vị tự gọi"), Column("Địa danh", "tên địa danh, không có tên cơ quan"),
        Column("Cấp", "tinh, huyen, xa, co-quan, chi-bo"), Column("Mã tỉnh", "tỉnh tại thời điểm báo cáo"),
        Column("Tỉnh", "tên tỉnh tại thời điểm báo cáo"), Column("Tỉnh hiện nay", "tỉnh sau ngày 01/07/2025, nếu đã sáp nhập"),
        Column("Đơn vị cấp trên", "id của đơn vị cấp trên"), Column("Văn bản", "mã các văn bản bài nguồn nêu, cách nhau bằng ;"),
        Column("Chuyên đề", "mã các chuyên đề, cách nhau bằng ;"), Column("Số mô hình", "", "integer"),
        Column("Số bài học", "", "integer"), Column("Số số liệu", "", "integer"), Column("Số hạn chế", "", "integer"),
        Column("Số nguồn", "", "integer"), SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        province = corpus.province_of(unit)
        successor = corpus.successor(unit.province)
        table.rows.append([
            unit.id, unit.name, unit.place, unit.level, unit.province, province.name,
            successor.name if successor else "", unit.parent or "", "; ".join(unit.directives), "; ".join(unit.themes),
            len(unit.models), len(unit.lessons), len(unit.results), len(unit.limitations), len(unit.sources),
            *_source(unit, None), _page(paths.unit(unit.id))])
    return table


def _models(corpus: Corpus) -> Table:
    table = Table("mo-hinh", "Mô hình, điển hình", "Mỗi dòng một mô hình, điển hình.", [
        UNIT, Column("Mã mô hình", "id của mô hình, duy nhất trong đơn vị"), Column("Tên mô hình", ""),
        Column("Chủ thể", "tập thể hay cá nhân thực hiện, như bài ghi"), Column("Loại", "tap-the hoặc ca-nhan"),
        Column("Mã lĩnh vực", "mã trong danh mục lĩnh vực"), Column("Lĩnh vực", ""), Column("Năm", "", "integer"),
        Column("Chuyên đề", "mã chuyên đề mà mô hình thực hiện hoặc trùng tên"), Column("Mã tỉnh", "tỉnh của đơn vị"),
        Column("Tóm tắt", ""), SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for model in unit.models:
            theme = corpus.model_theme.get((unit.id, model.id), (model.theme or "", ""))[0]
            table.rows.append([
                unit.id, model.id, model.title, model.owner, model.kind, model.field,
                corpus.catalogs.fields[model.field].label, model.year, theme, unit.province, model.summary or "",
                *_source(unit, model.source), _page(paths.model(unit.id, model.id))])
    return table


def _lessons(corpus: Corpus) -> Table:
    table = Table("kinh-nghiem", "Bài học kinh nghiệm", "Mỗi dòng một bài học; nội dung chép nguyên văn bài nguồn.", [
        UNIT, Column("Mã bài học", "id của bài học, duy nhất trong đơn vị"), Column("Thứ tự", "chữ đánh số như bài ghi"),
        Column("Tiêu đề", "nhãn ngắn do người biên tập đặt"), Column("Nội dung", "nguyên văn"),
        Column("Chủ đề", "mã các chủ đề kinh nghiệm, cách nhau bằng ;"), Column("Mã tỉnh", "tỉnh của đơn vị"),
        SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for lesson in unit.lessons:
            table.rows.append([
                unit.id, lesson.id, lesson.order or "", lesson.title, lesson.text, "; ".join(lesson.topics),
                unit.province, *_source(unit, lesson.source),
                _page(paths.unit(unit.id)) + "#" + paths.lesson_anchor(lesson.id)])
    return table


def _results(corpus: Corpus) -> Table:
    table = Table("so-lieu", "Số liệu", "Mỗi dòng một số liệu kết quả, giữ đúng như bài ghi (tỉ số có mẫu số).", [
        UNIT, Column("Mã số liệu", "id của số liệu, duy nhất trong đơn vị"), Column("Nội dung", ""),
        Column("Từ chỉ mức", "trên, hơn, khoảng, gần… như bài ghi"), Column("Giá trị", "", "number"),
        Column("Mẫu số", "với tỉ số như 40/45", "number"), Column("Đơn vị tính", ""), Column("Năm", "", "integer"),
        Column("Khoảng thời gian", "như bài ghi, khi không phải một năm"),
        Column("Mã chỉ tiêu", "mã trong danh mục chỉ tiêu, để so sánh giữa các đơn vị"), Column("Mã tỉnh", "tỉnh của đơn vị"),
        SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for result in unit.results:
            table.rows.append([
                unit.id, result.id, result.label, result.qualifier or "", result.value, result.denominator,
                result.unit or "", result.year, result.period or "", result.indicator or "", unit.province,
                *_source(unit, result.source), _page(paths.unit(unit.id))])
    return table


def _limitations(corpus: Corpus) -> Table:
    table = Table("han-che", "Hạn chế", "Mỗi dòng một hạn chế; nội dung chép nguyên văn bài nguồn.", [
        UNIT, Column("Thứ tự", "thứ tự trong hồ sơ, từ 1", "integer"), Column("Nội dung", "nguyên văn"),
        Column("Mã tỉnh", "tỉnh của đơn vị"), SOURCE, SOURCE_DATE, PAGE])
    for unit in corpus.sorted_units():
        for number, limitation in enumerate(unit.limitations, start=1):
            table.rows.append([unit.id, number, limitation.text, unit.province, *_source(unit, limitation.source),
                               _page(paths.unit(unit.id))])
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

"""/thong-ke/: counts across the corpus, each as a static SVG chart, its table and a sentence saying it.

Every count in a table links to the page that lists what it counts (the year chart counts a model under its
own year or, when the source gives none, its article's — as the year pages list it). A chart needs enough to
show: below CHART_MIN_ROWS rows with something in them, or when every row has the same count, the numbers are
said in a sentence instead (a bar chart of equal bars says nothing a sentence does not)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kb.generate.charts import bar_chart, figure
from kb.generate.groupings import model_year
from kb.generate.layout import Page
from kb.generate.render.blocks import COUNT_MODELS, COUNT_UNITS, counted, counted_number, folded
from kb.generate.render.browse import KIND_PAGE, LEVEL_PAGE, UNIT_KINDS
from kb.generate.render.site import LEVELS, Site, directive_label, share, theme_label
from kb.model import paths
from kb.text.markup import attribute, link, number_vn, table, text
from kb.text.vietnamese import sort_key

CHART_ROWS = 15  # bars per chart; the table below lists every row
CHART_MIN_ROWS = 3  # fewer rows with a count than this: a sentence, not a chart
TABLE_ROWS = 50  # rows of an indicator's table (one per reporting unit: grows with the corpus)
TABLE_OPEN = 8  # a table longer than this is folded under its chart


@dataclass
class Row:
    label: str  # plain text
    cell: str  # markdown: the first cell of the table
    value: float
    target: str | None = None  # the page listing what the count counts (None: a zero, or a figure)
    anchor: str | None = None
    of: str = COUNT_MODELS


def _count_cell(here: str, row: Row, suffix: str) -> str:
    if row.target and row.value:
        return counted_number(here, row.target, int(row.value), row.of, row.anchor)
    return number_vn(row.value) + suffix


def _said(rows: list[Row], what: str, suffix: str) -> str:
    """The sentence above a chart: how many, and the largest when one row leads alone."""
    shown = [r for r in rows if r.value]
    top = max(r.value for r in shown)
    leaders = [r for r in shown if r.value == top]
    sentence = f"{len(shown)} {what}"
    if len(leaders) == 1 and len(shown) > 1:
        sentence += f"; nhiều nhất: {leaders[0].label} ({number_vn(top)}{suffix})"
    return sentence + "."


def _section(here: str, chart_id: str, heading: str, what: str, rows: list[Row], suffix: str = "",
             more: str = "", bars: int | None = CHART_ROWS) -> str:
    """A sentence, the chart, the table; or, with too little to chart, the sentence and the table.
    With `more` (a link to a page that lists every row), rows that grow with the corpus stop at TABLE_ROWS.
    `bars`: rows drawn (None: all, for a time axis, where the latest years matter as much as the first).
    A long table is folded under the chart (the chart's own text alternative names every value)."""
    if not any(r.value for r in rows):
        return f"## {text(heading)}\n\nChưa có số liệu."
    shown = [r for r in rows if r.value]
    shown_values = {r.value for r in shown}
    parts = [f"## {text(heading)}"]
    if len(shown) < CHART_MIN_ROWS:
        listed = ", ".join(f"{r.label} ({number_vn(r.value)}{suffix})" for r in shown)
        parts.append(text(f"{len(shown)} {what}: {listed}.") + " Quá ít để vẽ biểu đồ.")
    elif len(shown_values) == 1:
        parts.append(text(f"{len(shown)} {what}, mỗi mục {number_vn(shown[0].value)}{suffix}.")
                     + " Các mục bằng nhau: không vẽ biểu đồ.")
    else:
        top = rows[:bars] if bars else rows
        caption = heading + (f" (biểu đồ: {bars} dòng đầu, bảng: đủ)" if len(rows) > len(top) else "")
        svg = bar_chart(re.sub(r"[^a-z0-9-]", "-", chart_id), heading, [(r.label, r.value) for r in top], suffix)
        parts += [text(_said(rows, what, suffix)), figure(svg, attribute(caption))]
    listed = rows[:TABLE_ROWS] if more else rows
    body = table(["Mục", "Số lượng"], [[r.cell, _count_cell(here, r, suffix)] for r in listed])
    if more and len(rows) > len(listed):
        body += f"\n\n{len(listed)}/{len(rows)} dòng đầu; đủ số liệu: {more}."
    if len(listed) > TABLE_OPEN:
        body = folded(f"Bảng số liệu ({len(listed)} dòng)", body, css="kb-table")
    return "\n\n".join(parts + [body])


def _ranked(counter: Counter, label, cell, target, anchor: str, of: str = COUNT_MODELS) -> list[Row]:
    return [Row(label(key), cell(key), count, target(key), anchor, of) for key, count in
            sorted(counter.items(), key=lambda kv: (-kv[1], sort_key(label(kv[0])), str(kv[0])))]


def _years(here: str, site: Site, by_year: Counter) -> list[Row]:
    """Every year from the first to the last, the empty ones too (a zero, not a gap in the axis)."""
    if not by_year:
        return []
    rows = []
    for year in range(min(by_year), max(by_year) + 1):
        cell = site.year_link(here, year) if year in site.corpus.years else str(year)
        rows.append(Row(str(year), cell, by_year.get(year, 0), paths.year(year), "mo-hinh"))
    return rows


def stats_page(site: Site) -> Page:
    here = paths.index("thong-ke")
    corpus, catalogs = site.corpus, site.catalogs
    page = Page(here, "Thống kê", "records/", navigation=True)
    page.meta = site.meta("Thống kê", "Số mô hình theo lĩnh vực, tỉnh và năm; số đơn vị theo loại, cấp, văn bản, "
                                      "chuyên đề; các chỉ tiêu so sánh giữa các đơn vị.")
    units = corpus.sorted_units()
    models = [m for u in units for m in u.models]
    page.add(f"Số liệu đếm từ {counted(f'{number_vn(len(units))} đơn vị', here, paths.index('don-vi'), len(units), COUNT_UNITS, 'tat-ca')} "
             f"và {counted(f'{number_vn(len(models))} mô hình', here, paths.index('mo-hinh'), len(models), COUNT_MODELS, 'tat-ca')} "
             "trong cơ sở dữ liệu — không phải số liệu cả nước. Mỗi số trong bảng dẫn tới trang liệt kê đúng "
             "những mục được đếm.")
    by_field = Counter(m.field for m in models)
    page.add(_section(here, "linh-vuc", "Mô hình theo lĩnh vực", "lĩnh vực", _ranked(
        by_field, lambda f: catalogs.fields[f].label, lambda f: site.field_link(here, f), paths.field, "mo-hinh")))
    by_province = Counter(corpus.units[m.unit_id].province for m in models if corpus.units[m.unit_id].province)
    page.add(_section(here, "tinh", "Mô hình theo tỉnh, thành phố", "tỉnh, thành phố", _ranked(
        by_province, lambda p: catalogs.provinces[p].name, lambda p: site.province_link(here, p, successor=""),
        paths.province, "mo-hinh")))
    by_year = Counter(year for year in (model_year(corpus, m)[0] for m in models) if year)
    page.add(_section(here, "nam", "Mô hình theo năm", "năm có mô hình", _years(here, site, by_year), bars=None),
             "Năm của một mô hình là năm bài viết nêu cho mô hình; bài không nêu thì lấy năm của bài viết. "
             "Trang của mỗi năm liệt kê riêng hai nhóm đó.")
    by_kind = Counter(u.kind for u in units)
    page.add(_section(here, "loai-don-vi", "Đơn vị theo loại", "loại đơn vị", _ranked(
        by_kind, UNIT_KINDS.__getitem__, lambda k: link(text(UNIT_KINDS[k]), here, paths.page(KIND_PAGE, k)),
        lambda k: paths.page(KIND_PAGE, k), "don-vi", COUNT_UNITS)))
    by_level = Counter(u.level for u in units)
    page.add(_section(here, "cap", "Đơn vị theo cấp", "cấp", _ranked(
        by_level, LEVELS.__getitem__, lambda v: link(text(LEVELS[v]), here, paths.page(LEVEL_PAGE, v)),
        lambda v: paths.page(LEVEL_PAGE, v), "don-vi", COUNT_UNITS)))
    by_directive = Counter({d: len(found) for d, found in corpus.units_by_directive.items()})
    page.add(_section(here, "van-ban", "Đơn vị báo cáo theo văn bản", "văn bản", _ranked(
        by_directive, lambda d: directive_label(corpus.directives[d]), lambda d: site.directive_link(here, d),
        paths.directive, "don-vi", COUNT_UNITS)))
    by_theme = Counter({t: len(found) for t, found in corpus.units_by_theme.items()})
    page.add(_section(here, "chuyen-de", "Đơn vị báo cáo theo chuyên đề", "chuyên đề", _ranked(
        by_theme, lambda t: theme_label(corpus.themes[t]), lambda t: site.theme_link(here, t), paths.theme,
        "don-vi", COUNT_UNITS)))
    for indicator_id in sorted(corpus.results_by_indicator, key=lambda k: (sort_key(catalogs.indicators[k].label), k)):
        rows = []
        for unit, result in corpus.results_by_indicator[indicator_id]:
            percent = share(result)
            if percent and not result.qualifier:
                value = round(result.value / result.denominator * 100, 1) if result.denominator else result.value
                when = f", {result.year}" if result.year else ""
                rows.append(Row(f"{unit.name}{when}", site.unit_link(here, unit.id) + text(when), value))
        rows.sort(key=lambda r: (-r.value, sort_key(r.label)))
        label = catalogs.indicators[indicator_id].label
        page.add(_section(here, f"chi-tieu-{indicator_id}", f"Chỉ tiêu: {label}", "số liệu", rows, "%",
                          link("trang chỉ tiêu", here, paths.indicator(indicator_id))) if rows else "")
    return page

"""/thong-ke/: counts across the corpus, each as a static SVG chart, its table and a sentence saying it."""

from __future__ import annotations

import re
from collections import Counter

from kb.generate.charts import bar_chart, figure
from kb.generate.layout import Page
from kb.generate.render.site import Site, directive_label, share, theme_label
from kb.model import paths
from kb.text.markup import link, number_vn, table, text
from kb.text.vietnamese import sort_key

CHART_ROWS = 15  # bars per chart; the table below lists every row
TABLE_ROWS = 50  # rows of an indicator's table (one per reporting unit: grows with the corpus)


def _section(chart_id: str, heading: str, what: str, rows: list[tuple[str, str, float]], suffix: str = "",
             more: str = "") -> str:
    """rows: (label as plain text, first cell as markdown, value). A sentence, the chart, the table.
    With `more` (a link to a page that lists every row), rows that grow with the corpus stop at TABLE_ROWS."""
    if not rows:
        return f"## {text(heading)}\n\nChưa có số liệu."
    top = rows[:CHART_ROWS]
    leader = max(rows, key=lambda r: r[2])
    summary = (f"{len(rows)} {what}; nhiều nhất: {leader[0]} ({number_vn(leader[2])}{suffix})."
               if len(rows) > 1 else f"{leader[0]}: {number_vn(leader[2])}{suffix}.")
    caption = text(heading) + (f" (biểu đồ: {CHART_ROWS} dòng đầu, bảng: đủ)" if len(rows) > CHART_ROWS else "")
    chart = figure(bar_chart(re.sub(r"[^a-z0-9-]", "-", chart_id), heading, [(label, value) for label, _, value in top], suffix), caption)
    shown = rows[:TABLE_ROWS] if more else rows
    body = table(["Mục", "Số lượng"], [[cell, number_vn(value) + suffix] for _, cell, value in shown])
    if more and len(rows) > len(shown):
        body += f"\n\n{len(shown)}/{len(rows)} dòng đầu; đủ số liệu: {more}."
    return f"## {text(heading)}\n\n{text(summary)}\n\n{chart}\n\n{body}"


def _ranked(counter: Counter, label, cell) -> list[tuple[str, str, float]]:
    return [(label(key), cell(key), count) for key, count in
            sorted(counter.items(), key=lambda kv: (-kv[1], sort_key(label(kv[0])), str(kv[0])))]


def stats_page(site: Site) -> Page:
    here = paths.index("thong-ke")
    corpus, catalogs = site.corpus, site.catalogs
    page = Page(here, "Thống kê", "records/", navigation=True)
    page.meta = site.meta("Thống kê", "Số mô hình theo lĩnh vực, tỉnh và năm; số đơn vị theo văn bản, chuyên đề; "
                                      "các chỉ tiêu so sánh giữa các đơn vị.")
    models = [m for u in corpus.sorted_units() for m in u.models]
    page.add(f"Số liệu đếm từ {len(corpus.units)} đơn vị và {len(models)} mô hình trong cơ sở dữ liệu — "
             "không phải số liệu cả nước. Mỗi biểu đồ có bảng số liệu ngay bên dưới.")
    by_field = Counter(m.field for m in models)
    page.add(_section("linh-vuc", "Mô hình theo lĩnh vực", "lĩnh vực", _ranked(
        by_field, lambda f: catalogs.fields[f].label, lambda f: site.field_link(here, f))))
    by_province = Counter(corpus.units[m.unit_id].province for m in models if corpus.units[m.unit_id].province)
    page.add(_section("tinh", "Mô hình theo tỉnh, thành phố", "tỉnh, thành phố", _ranked(
        by_province, lambda p: catalogs.provinces[p].name, lambda p: site.province_link(here, p, successor=""))))
    by_year: Counter = Counter()
    for model in models:
        year = site.model_year(model)
        if year:
            by_year[year] += 1
    year_rows = [(str(y), site.year_link(here, y), by_year[y]) for y in sorted(by_year)]
    page.add(_section("nam", "Mô hình theo năm (năm của mô hình, hoặc năm bài viết)", "năm", year_rows))
    by_directive = Counter({d: len(units) for d, units in corpus.units_by_directive.items()})
    page.add(_section("van-ban", "Đơn vị báo cáo theo văn bản", "văn bản", _ranked(
        by_directive, lambda d: directive_label(corpus.directives[d]), lambda d: site.directive_link(here, d))))
    by_theme = Counter({t: len(units) for t, units in corpus.units_by_theme.items()})
    page.add(_section("chuyen-de", "Đơn vị báo cáo theo chuyên đề", "chuyên đề", _ranked(
        by_theme, lambda t: theme_label(corpus.themes[t]), lambda t: site.theme_link(here, t))))
    for indicator_id in sorted(corpus.results_by_indicator, key=lambda k: (sort_key(catalogs.indicators[k].label), k)):
        reported = corpus.results_by_indicator[indicator_id]
        rows = []
        for unit, result in reported:
            percent = share(result)
            if percent and not result.qualifier:
                value = round(result.value / result.denominator * 100, 1) if result.denominator else result.value
                when = f", {result.year}" if result.year else ""
                rows.append((f"{unit.name}{when}", site.unit_link(here, unit.id) + text(when), value))
        rows.sort(key=lambda r: (-r[2], sort_key(r[0])))
        label = catalogs.indicators[indicator_id].label
        page.add(_section(f"chi-tieu-{indicator_id}", f"Chỉ tiêu: {label}", "số liệu", rows, "%",
                          link("trang chỉ tiêu", here, paths.indicator(indicator_id))) if rows else "")
    return page

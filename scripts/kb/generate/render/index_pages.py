"""The index page of each section (units, models, topics, fields, themes, directives, provinces,
indicators, years): the fixed navigation leads to them."""

from __future__ import annotations

from kb.generate.layout import Group, Listing, Page
from kb.generate.render.blocks import COUNT_LESSONS, COUNT_MODELS, COUNT_ROWS, COUNT_UNITS, counted, counted_number
from kb.generate.render.site import Site
from kb.model import paths
from kb.text.markup import date_vn, link, number_vn, table, text
from kb.text.vietnamese import sort_key

TIMELINE_UNITS = 10  # units named beside a year's reports on the timeline; the rest are counted


def index_pages(site: Site) -> list[Page]:
    return [units_index(site), models_index(site), topics_index(site), themes_index(site),
            directives_index(site), provinces_index(site), fields_index(site), years_index(site),
            indicators_index(site)]


def units_index(site: Site) -> Page:
    page = Page(paths.index("don-vi"), "Đơn vị", "records/units/", navigation=True)
    by_province = site.corpus.units_by_province
    groups = [Group(site.province_heading(p), by_province[p]) for p in site.provinces_in_order(by_province)]
    page.add(site.units_table("tat-ca", "Đơn vị theo tỉnh, thành phố", groups))
    return page


def catalog_table(site: Site, here: str, entries: dict, link_to, page_of, counts, columns: list[str]) -> str:
    """One row per catalogue entry: its link, its counts (each linking to the listing of its page that it counts:
    `counts` holds (how many, what is counted, the listing's anchor)), its description."""
    def cell(key: str, count) -> str:
        many, of, anchor = count
        return counted_number(here, page_of(key), many(key), of, anchor) if many(key) else "0"
    rows = [[link_to(here, key), *[cell(key, count) for count in counts], text(entries[key].description)]
            for key in sorted(entries, key=lambda k: (sort_key(entries[k].label), k))]
    return table(columns, rows)


def models_index(site: Site) -> Page:
    """The models themselves, by field (fields with no model left out), continued on numbered pages."""
    here = paths.index("mo-hinh")
    page = Page(here, "Mô hình, điển hình theo lĩnh vực", "records/topics.yml", navigation=True)
    by_field = site.corpus.models_by_field
    fields = {key: entry for key, entry in site.catalogs.fields.items() if by_field.get(key)}
    page.add(catalog_table(site, here, fields, site.field_link, paths.field,
                           [(lambda f: len(by_field[f]), COUNT_MODELS, "mo-hinh")], ["Lĩnh vực", "Số mô hình", "Mô tả"]),
             f"Xem thêm: {link('mô hình được nhân rộng ở nhiều đơn vị', here, paths.index('nhan-rong'))} · "
             f"{link('tra cứu A–Z', here, paths.index('a-z'))} · {link('thống kê', here, paths.index('thong-ke'))}.")
    ordered = sorted(fields, key=lambda k: (sort_key(fields[k].label), k))
    groups = [Group(lambda h, f=f: site.field_link(h, f),
                    sorted(by_field[f], key=lambda m: (sort_key(m.title), m.unit_id, m.id))) for f in ordered]
    if groups:
        page.add(Listing("tat-ca", "Tất cả mô hình", groups,
                         lambda h, m: [site.model_link(h, m), site.unit_link(h, m.unit_id),
                                       text(site.corpus.where_name(site.corpus.units[m.unit_id]))],
                         columns=["Mô hình", "Đơn vị báo cáo", "Tỉnh, thành phố"]))
    return page


def topics_index(site: Site) -> Page:
    here = paths.index("kinh-nghiem")
    page = Page(here, "Kinh nghiệm theo chủ đề", "records/topics.yml", navigation=True)
    lessons = site.corpus.lessons_by_topic
    page.add("Mỗi chủ đề đặt cạnh nhau bài học của nhiều đơn vị.",
             catalog_table(site, here, site.catalogs.lesson_topics, site.topic_link, paths.lesson_topic,
                           [(lambda t: len(lessons.get(t, [])), COUNT_LESSONS, "bai-hoc"),
                            (lambda t: len({lesson.unit_id for lesson in lessons.get(t, [])}), COUNT_UNITS, "bai-hoc")],
                           ["Chủ đề", "Bài học", "Đơn vị", "Mô tả"]))
    units = [u for u in site.corpus.sorted_units() if u.lessons]
    if units:  # every lesson once, under its unit (a lesson may sit on several topics above)
        page.add(Listing("tat-ca", "Tất cả bài học kinh nghiệm", [Group(site.unit_heading(u), u.lessons) for u in units],
                         lambda h, lesson: site.lesson_link(h, lesson), style="bullets"))
    return page


def fields_index(site: Site) -> Page:
    here = paths.index("linh-vuc")
    page = Page(here, "Lĩnh vực", "records/topics.yml", navigation=True)
    page.add(catalog_table(site, here, site.catalogs.fields, site.field_link, paths.field,
                           [(lambda f: len(site.corpus.models_by_field.get(f, [])), COUNT_MODELS, "mo-hinh")],
                           ["Lĩnh vực", "Số mô hình", "Mô tả"]))
    return page


def themes_index(site: Site) -> Page:
    """National themes (of each year, of a whole term) apart from the provinces' own."""
    here = paths.index("chuyen-de")
    page = Page(here, "Chuyên đề hằng năm", "records/themes/", navigation=True)
    themes = sorted(site.corpus.themes.values(),
                    key=lambda t: (t.year if t.year is not None else int((t.period or "9999")[:4]), t.period or "", t.id))

    def rows(chosen) -> list[list[str]]:
        found = []
        for t in chosen:
            units = len(site.corpus.units_by_theme.get(t.id, []))
            count = counted_number(here, paths.theme(t.id), units, COUNT_UNITS, "don-vi") if units else "0"
            found.append([site.theme_link(here, t.id), text(t.title), count])
        return found
    national = [t for t in themes if t.scope != "tinh"]
    local = [t for t in themes if t.scope == "tinh"]
    page.add("Chuyên đề học tập hằng năm, và chuyên đề toàn khóa (cả nhiệm kỳ Đại hội), do Trung ương ban hành; "
             "chuyên đề riêng của một tỉnh, thành phố ở mục sau.")
    if national:
        page.add("## Chuyên đề toàn quốc", table(["Chuyên đề", "Tên", "Đơn vị báo cáo"], rows(national)))
    if local:
        page.add("## Chuyên đề riêng của tỉnh, thành phố", table(["Chuyên đề", "Tên", "Đơn vị báo cáo"], rows(local)))
    return page


def directives_index(site: Site) -> Page:
    here = paths.index("van-ban")
    page = Page(here, "Văn bản", "records/directives/", navigation=True)
    directives = sorted(site.corpus.directives.values(), key=lambda d: (d.date or "9999", d.id))
    rows = [[site.directive_link(here, d.id), text(d.issuer), date_vn(d.date), text(d.title or "")]
            for d in directives]
    page.add(table(["Văn bản", "Cơ quan ban hành", "Ngày", "Trích yếu"], rows))
    return page


def provinces_index(site: Site) -> Page:
    here = paths.index("tinh")
    page = Page(here, "Tỉnh, thành phố", "records/provinces.yml", navigation=True)
    provinces = site.catalogs.provinces
    page.add("Danh mục gồm các tỉnh, thành phố trước ngày 01/07/2025 và 34 đơn vị hành chính cấp tỉnh "
             "sau sắp xếp (Nghị quyết 202/2025/QH15). Đơn vị được ghi theo tỉnh tại thời điểm báo cáo.",
             province_tiles(site, here))
    reported = site.provinces_in_order(p for p in site.corpus.units_by_province if p)
    if reported:  # the provinces (as they were when they reported) that have units: what the home page counts
        page.add(f"## Nơi đã có đơn vị báo cáo ({len(reported)}) {{#co-don-vi}}",
                 "Theo tỉnh tại thời điểm báo cáo: " + " · ".join(
                     f"{site.province_link(here, p, successor='')} ("
                     + counted_number(here, paths.province(p), len(site.corpus.units_by_province[p]), COUNT_UNITS,
                                      "don-vi") + ")" for p in reported) + ".")
    for region_id, region_name in sorted(site.catalogs.regions.items(), key=lambda r: sort_key(r[1])):
        members = site.provinces_in_order(p.id for p in provinces.values() if p.region == region_id)
        rows = []
        for province in (provinces[p] for p in members):
            now = "đang tồn tại" if province.current else (
                f"sáp nhập vào {site.province_link(here, province.successor, successor='')}"
                if province.successor else f"đến {date_vn(province.valid_to)}")
            units = len(site.corpus.units_by_province.get(province.id, []))
            rows.append([site.province_link(here, province.id, False), now,
                         counted_number(here, paths.province(province.id), units, COUNT_UNITS, "don-vi")
                         if units else "0"])
        page.add(f"## {text(region_name)}", table(["Tỉnh, thành phố", "Tình trạng", "Đơn vị"], rows))
    return page


def province_tiles(site: Site, here: str) -> str:
    """The provinces of today at a glance: one small tile each (a grid, not a map) with the units reported there
    and in the provinces merged into it, and those old names; a province with no unit yet is muted."""
    provinces = site.catalogs.provinces
    region_order = list(site.catalogs.regions)
    current = sorted((p for p in provinces.values() if p.current),
                     key=lambda p: (region_order.index(p.region) if p.region in region_order else 99,
                                    sort_key(p.name), p.id))
    tiles = []
    for province in current:
        merged = [provinces[m] for m in province.merged_from if m in provinces]
        count = len(site.corpus.units_by_province.get(province.id, [])) + sum(
            len(site.corpus.units_by_province.get(m.id, [])) for m in merged)
        old = f"<br>*gồm {text(', '.join(m.name for m in merged))} cũ*" if merged else ""
        label = f"**{text(province.name)}**<br>{number_vn(count)} đơn vị{old}"
        empty = " kb-tile--empty" if not count else ""
        tiles.append(f'<li class="kb-tile{empty}" markdown="span">'
                     f"{counted(label, here, paths.province(province.id), count, COUNT_UNITS)}</li>")
    return ("## Các tỉnh, thành phố hiện nay {#hien-nay}\n\n"
            "Mỗi ô là một tỉnh, thành phố từ ngày 01/07/2025, với số đơn vị đã báo cáo ở đó và ở các tỉnh cũ nhập "
            "vào; ô mờ là nơi chưa có đơn vị nào.\n\n"
            '<ul class="kb-tiles" markdown="1">\n' + "\n".join(tiles) + "\n</ul>")


def indicators_index(site: Site) -> Page:
    here = paths.index("chi-tieu")
    page = Page(here, "Chỉ tiêu so sánh", "records/indicators.yml", navigation=True)
    by_indicator = site.corpus.results_by_indicator
    indicators = site.catalogs.indicators
    def units(key: str) -> str:
        count = len({unit.id for unit, _ in by_indicator.get(key, [])})
        return counted_number(here, paths.indicator(key), count, COUNT_UNITS, "so-lieu") if count else "0"
    rows = [[link(text(indicators[key].label), here, paths.indicator(key)), units(key), text(indicators[key].description)]
            for key in sorted(indicators, key=lambda k: (sort_key(indicators[k].label), k))]
    page.add("Số liệu cùng một thước đo ở các đơn vị khác nhau, đặt cạnh nhau theo năm.",
             table(["Chỉ tiêu", "Số đơn vị", "Mô tả"], rows))
    return page


def years_index(site: Site) -> Page:
    """The timeline: year by year, the directives and themes of the campaign with the units that reported
    under each, and how many articles and reports the year has."""
    here = paths.index("nam")
    page = Page(here, "Dòng thời gian", "records/", navigation=True)
    page.meta = site.meta("Dòng thời gian", "Các văn bản, chuyên đề của cuộc vận động học tập và làm theo Bác theo "
                                            "năm, với các đơn vị đã báo cáo.")
    corpus = site.corpus
    page.add("Từng năm: văn bản ban hành, chuyên đề của năm, và các đơn vị có bài viết, báo cáo đăng trong năm "
             "(theo năm của bài báo cáo). Mỗi số dẫn tới trang của năm, nơi liệt kê đủ.")
    for year in corpus.years:
        here_year = paths.year(year)
        lines = [f"- {date_vn(d.date)}: ban hành {site.directive_link(here, d.id)}"
                 for d in corpus.directives_by_year.get(year, [])]
        lines += [f"- {site.theme_link(here, t.id)}: {text(t.title)}" for t in corpus.themes_by_year.get(year, [])]
        reports = corpus.reports_by_year.get(year, [])
        if reports:
            units = list(dict.fromkeys(unit.id for _, unit in reports))
            named = ", ".join(site.unit_link(here, u) for u in units[:TIMELINE_UNITS])
            rest = f" và {number_vn(len(units) - TIMELINE_UNITS)} đơn vị khác" if len(units) > TIMELINE_UNITS else ""
            lines.append(f"- {counted(f'{number_vn(len(reports))} bài viết, báo cáo', here, here_year, len(reports), COUNT_ROWS, 'bai-viet')}"
                         f" đăng trong năm, của {named}{rest}")
        more = [(len(corpus.models_by_year.get(year, [])), "mô hình", COUNT_MODELS, "mo-hinh"),
                (len(corpus.results_by_year.get(year, [])), "số liệu của năm", COUNT_ROWS, "so-lieu")]
        said = [counted(f"{number_vn(count)} {what}", here, here_year, count, of, anchor)
                for count, what, of, anchor in more if count]
        if said:
            lines.append(f"- {'; '.join(said)}")
        if not lines:  # a year only a directive's or a theme's source speaks from
            lines.append("- tư liệu nguồn của văn bản, chuyên đề đăng năm này")
        page.add(f"## {site.year_link(here, year)}", "\n".join(lines))
    return page

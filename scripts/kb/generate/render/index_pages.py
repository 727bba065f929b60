"""The index page of each section (units, models, topics, fields, themes, directives, provinces,
indicators, years): the fixed navigation leads to them."""

from __future__ import annotations

from kb.generate.layout import Group, Listing, Page
from kb.generate.render.site import Site
from kb.model import paths
from kb.text.markup import date_vn, link, number_vn, table, text
from kb.text.vietnamese import sort_key

TIMELINE_UNITS = 10  # units named beside a directive or theme on the timeline; the rest are counted


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


def catalog_table(site: Site, here: str, entries: dict, link_to, counts, columns: list[str]) -> str:
    rows = [[link_to(here, key), *[str(count(key)) for count in counts], text(entries[key].description)]
            for key in sorted(entries, key=lambda k: (sort_key(entries[k].label), k))]
    return table(columns, rows)


def models_index(site: Site) -> Page:
    """The models themselves, by field (fields with no model left out), continued on numbered pages."""
    here = paths.index("mo-hinh")
    page = Page(here, "Mô hình, điển hình theo lĩnh vực", "records/topics.yml", navigation=True)
    by_field = site.corpus.models_by_field
    fields = {key: entry for key, entry in site.catalogs.fields.items() if by_field.get(key)}
    page.add(catalog_table(site, here, fields, site.field_link, [lambda f: len(by_field[f])],
                           ["Lĩnh vực", "Số mô hình", "Mô tả"]),
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
             catalog_table(site, here, site.catalogs.lesson_topics, site.topic_link,
                                [lambda t: len(lessons.get(t, [])),
                                 lambda t: len({lesson.unit_id for lesson in lessons.get(t, [])})],
                                ["Chủ đề", "Bài học", "Đơn vị", "Mô tả"]))
    return page


def fields_index(site: Site) -> Page:
    here = paths.index("linh-vuc")
    page = Page(here, "Lĩnh vực", "records/topics.yml", navigation=True)
    page.add(catalog_table(site, here, site.catalogs.fields, site.field_link,
                                [lambda f: len(site.corpus.models_by_field.get(f, []))],
                                ["Lĩnh vực", "Số mô hình", "Mô tả"]))
    return page


def themes_index(site: Site) -> Page:
    here = paths.index("chuyen-de")
    page = Page(here, "Chuyên đề hằng năm", "records/themes/", navigation=True)
    themes = sorted(site.corpus.themes.values(), key=lambda t: (t.year if t.year is not None else 9999, t.id))
    rows = [[site.theme_link(here, t.id), text(t.title), str(len(site.corpus.units_by_theme.get(t.id, [])))]
            for t in themes]
    page.add(table(["Chuyên đề", "Tên", "Đơn vị báo cáo"], rows))
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
    for region_id, region_name in sorted(site.catalogs.regions.items(), key=lambda r: sort_key(r[1])):
        members = site.provinces_in_order(p.id for p in provinces.values() if p.region == region_id)
        rows = []
        for province in (provinces[p] for p in members):
            now = "đang tồn tại" if province.current else (
                f"sáp nhập vào {site.province_link(here, province.successor, successor='')}"
                if province.successor else f"đến {date_vn(province.valid_to)}")
            rows.append([site.province_link(here, province.id, False), now,
                         str(len(site.corpus.units_by_province.get(province.id, [])))])
        page.add(f"## {text(region_name)}", table(["Tỉnh, thành phố", "Tình trạng", "Đơn vị"], rows))
    return page


def province_tiles(site: Site, here: str) -> str:
    """The provinces of today at a glance: one tile each (a grid, not a map), with the units reported there
    and in the provinces merged into it, and those old names beside the successor."""
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
        old = f"<br>*gồm cả {text(', '.join(m.name for m in merged))} cũ*" if merged else ""
        tiles.append(f"- {link(f'**{text(province.name)}**', here, paths.province(province.id))}<br>"
                     f"{count} đơn vị{old}")
    return ("## Các tỉnh, thành phố hiện nay\n\n"
            '<div class="kb-tiles" markdown="1">\n\n' + "\n".join(tiles) + "\n\n</div>")


def indicators_index(site: Site) -> Page:
    here = paths.index("chi-tieu")
    page = Page(here, "Chỉ tiêu so sánh", "records/indicators.yml", navigation=True)
    by_indicator = site.corpus.results_by_indicator
    indicators = site.catalogs.indicators
    rows = [[link(text(indicators[key].label), here, paths.indicator(key)),
             str(len({unit.id for unit, _ in by_indicator.get(key, [])})), text(indicators[key].description)]
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
    page.add("Từng năm: văn bản ban hành, chuyên đề của năm, và các đơn vị đã báo cáo thực hiện văn bản, "
             "chuyên đề đó (theo năm ban hành, không phải năm báo cáo).")
    def reporting(units: list, whole: str) -> str:
        """The units that reported, named up to TIMELINE_UNITS (the page must not grow with the corpus);
        beyond that their number, linking to the record's page, whose list is paginated."""
        if not units:
            return ""
        named = ", ".join(site.unit_link(here, u.id) for u in units[:TIMELINE_UNITS])
        rest = len(units) - TIMELINE_UNITS
        more = f" và {link(f'{number_vn(rest)} đơn vị khác', here, whole)}" if rest > 0 else ""
        return f" — đơn vị báo cáo: {named}{more}"

    for year in corpus.years:
        lines = []
        for directive in corpus.directives_by_year.get(year, []):
            lines.append(f"- {date_vn(directive.date)}: {site.directive_link(here, directive.id)}"
                         + reporting(corpus.units_by_directive.get(directive.id, []), paths.directive(directive.id)))
        for theme in corpus.themes_by_year.get(year, []):
            lines.append(f"- {site.theme_link(here, theme.id)}: {text(theme.title)}"
                         + reporting(corpus.units_by_theme.get(theme.id, []), paths.theme(theme.id)))
        counted = [(len(corpus.reports_by_year.get(year, [])), "bài viết, báo cáo đăng trong năm"),
                   (len(corpus.models_by_year.get(year, [])), "mô hình ghi năm này"),
                   (len(corpus.results_by_year.get(year, [])), "số liệu của năm")]
        said = [f"{count} {what}" for count, what in counted if count]
        if said:
            lines.append(f"- {'; '.join(said)}")
        if not lines:  # a year only a directive's or a theme's source speaks from
            lines.append("- tư liệu nguồn của văn bản, chuyên đề đăng năm này")
        page.add(f"## {site.year_link(here, year)}", "\n".join(lines))
    return page

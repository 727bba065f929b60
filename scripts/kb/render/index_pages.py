"""The index page of each section (units, models, topics, fields, themes, directives, provinces,
indicators, years): the fixed navigation leads to them."""

from __future__ import annotations

from .. import paths
from ..layout import Group, Page
from ..markup import date_vn, link, table, text
from ..vietnamese import sort_key
from .site import Site, directive_label, theme_label


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
    here = paths.index("mo-hinh")
    page = Page(here, "Mô hình, điển hình theo lĩnh vực", "records/topics.yml", navigation=True)
    page.add(catalog_table(site, here, site.catalogs.fields, site.field_link,
                                [lambda f: len(site.corpus.models_by_field.get(f, []))],
                                ["Lĩnh vực", "Số mô hình", "Mô tả"]),
             f"Xem thêm: {link('tra cứu A–Z', here, paths.index('a-z'))}.")
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
             "sau sắp xếp (Nghị quyết 202/2025/QH15). Đơn vị được ghi theo tỉnh tại thời điểm báo cáo.")
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
    here = paths.index("nam")
    page = Page(here, "Dòng thời gian", "records/", navigation=True)
    corpus = site.corpus
    lines = []
    for year in corpus.years:
        said = [theme_label(t) for t in corpus.themes_by_year.get(year, [])]
        said += [directive_label(d) for d in corpus.directives_by_year.get(year, [])]
        articles = len(corpus.reports_by_year.get(year, []))
        said += [f"{articles} bài viết"] if articles else []
        lines.append(f"- {site.year_link(here, year)}" + (f" — {text('; '.join(said))}" if said else ""))
    page.add("\n".join(lines))
    return page

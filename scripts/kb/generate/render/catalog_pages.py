"""Pages of catalogue entries and years: a lesson topic, a field, a province, an indicator, a year."""

from __future__ import annotations

import datetime as dt

from kb.generate.layout import Group, Listing, Page
from kb.generate.render.site import (
    Site,
    capitalised,
    facts,
    result_value,
    share,
    source_date,
    source_of,
    source_title,
)
from kb.model import paths
from kb.text.markup import date_vn, text


def topic_page(site: Site, topic_id: str) -> Page:
    """The heart of the base: the lessons of every unit on one topic, side by side."""
    here = paths.lesson_topic(topic_id)
    topic = site.catalogs.lesson_topics[topic_id]
    page = Page(here, f"Kinh nghiệm: {topic.label}", "records/topics.yml")
    lessons = site.corpus.lessons_by_topic.get(topic_id, [])
    by_unit = site.corpus.lessons_by_topic_unit.get(topic_id, {})
    units = site.corpus.sorted_units([site.corpus.units[u] for u in by_unit])
    page.add(text(topic.description),
             f"{len(lessons)} bài học của {len(units)} đơn vị." if lessons else
             "Chưa có bài học nào thuộc chủ đề này.")
    if lessons:
        groups = [Group(site.unit_heading(unit), by_unit[unit.id]) for unit in units]
        page.add(Listing("bai-hoc", "Bài học theo đơn vị", groups,
                         lambda h, lesson: f"**{site.lesson_link(h, lesson)}** "
                                           f"{site.cite(site.corpus.units[lesson.unit_id], source_of(site.corpus.units[lesson.unit_id], lesson.source))}"
                                           f"\n\n> {text(lesson.text)}",
                         style="blocks"))
    return page


def field_page(site: Site, field_id: str) -> Page:
    here = paths.field(field_id)
    entry = site.catalogs.fields[field_id]
    page = Page(here, f"Lĩnh vực: {entry.label}", "records/topics.yml")
    models = site.corpus.models_by_field.get(field_id, [])
    page.add(text(entry.description), "" if models else "Chưa có mô hình nào.")
    by_province = site.corpus.models_by_field_province.get(field_id, {})
    groups = [Group(site.province_heading(p), by_province[p]) for p in site.provinces_in_order(by_province)]
    if models:
        page.add(Listing("mo-hinh", "Mô hình theo tỉnh, thành phố", groups,
                         lambda h, m: [site.model_link(h, m), text(m.owner), site.unit_link(h, m.unit_id),
                                       str(site.model_year(m) or "")],
                         columns=["Mô hình", "Chủ thể", "Đơn vị báo cáo", "Năm"]))
    return page


def province_page(site: Site, province_id: str) -> Page:
    here = paths.province(province_id)
    province = site.catalogs.provinces[province_id]
    page = Page(here, capitalised(site.province_name(province_id)), "records/provinces.yml")
    status = "Đang là đơn vị hành chính cấp tỉnh." if province.current else \
        f"Tồn tại đến ngày {date_vn(province.valid_to)}."
    merged = ", ".join(
        f"{site.province_link(here, p, successor='')} (từ {date_vn(_day_after(site.catalogs.provinces[p].valid_to))})"
        for p in province.merged_from)
    former = ", ".join(text(f["name"]) + (f" (đến {date_vn(f['valid_to'])})" if f.get("valid_to") else "")
                       for f in province.former_names)
    page.add(facts([
        ("Vùng", text(site.catalogs.regions[province.region])),
        ("Tình trạng", status),
        ("Sáp nhập vào", site.province_link(here, province.successor, successor="") if province.successor else ""),
        ("Các tỉnh đã nhập vào", merged),
        ("Tên cũ", former),
    ]))
    units = site.corpus.units_by_province.get(province_id, [])
    if units:
        page.add(site.units_table("don-vi", "Đơn vị", [Group(None, units)]))
    else:
        page.add("Chưa có đơn vị nào của tỉnh này trong cơ sở dữ liệu.")
    models = [m for u in units for m in u.models]
    if models:
        page.add(Listing("mo-hinh", "Mô hình, điển hình", [Group(site.unit_heading(u, ""), u.models)
                                                           for u in units if u.models],
                         lambda h, m: [site.model_link(h, m), text(m.owner), site.field_link(h, m.field)],
                         columns=["Mô hình", "Chủ thể", "Lĩnh vực"]))
    old = [p for p in province.merged_from if site.corpus.units_by_province.get(p)]
    if old:
        groups = [Group(lambda h, p=p: f"{text(capitalised(site.province_name(p)))} cũ",
                        site.corpus.units_by_province[p]) for p in old]
        page.add(site.units_table("don-vi-cu", "Đơn vị thuộc các tỉnh đã nhập vào", groups))
    local = site.corpus.directives_by_province.get(province_id, [])
    if local:
        page.add("## Văn bản địa phương", "\n".join(f"- {site.directive_link(here, d.id)}" for d in local))
    return page


def indicator_page(site: Site, indicator_id: str) -> Page:
    """One measure, every unit that reports it: the start of statistics across the country."""
    here = paths.indicator(indicator_id)
    indicator = site.catalogs.indicators[indicator_id]
    page = Page(here, f"Chỉ tiêu: {indicator.label}", "records/indicators.yml")
    reported = sorted(site.corpus.results_by_indicator.get(indicator_id, []),
                      key=lambda item: (item[1].year or 0, site.corpus.unit_rank.get(item[0].id, 0), item[1].id))
    page.add(text(indicator.description), "" if reported else "Chưa có đơn vị nào báo cáo chỉ tiêu này.")
    if reported:
        page.add(Listing("so-lieu", "Số liệu của các đơn vị", [Group(None, reported)],
                         lambda h, item: [site.result_when(h, item[1]), site.unit_link(h, item[0].id),
                                          site.province_link(h, item[0].province),
                                          text(result_value(item[1])), text(share(item[1]))],
                         columns=["Năm", "Đơn vị", "Tỉnh, thành phố", "Số liệu như bài ghi", "Tỷ lệ"],
                         intro="Mỗi dòng là số liệu như bài nguồn ghi. Cột *Tỷ lệ* tính từ tỉ số khi bài ghi "
                               "dạng số trên tổng số (52/55)."))
    return page


def year_page(site: Site, year: int) -> Page:
    here = paths.year(year)
    page = Page(here, f"Năm {year}", "records/")
    themes = site.corpus.themes_by_year.get(year, [])
    if themes:
        page.add("## Chuyên đề", "\n".join(f"- {site.theme_link(here, t.id)}: {text(t.title)}" for t in themes))
    directives = site.corpus.directives_by_year.get(year, [])
    if directives:
        page.add("## Văn bản ban hành",
                 "\n".join(f"- {date_vn(d.date)}: {site.directive_link(here, d.id)}" for d in directives))
    reports = site.corpus.reports_by_year.get(year, [])
    if reports:
        page.add(Listing("bai-viet", "Bài viết, báo cáo đăng trong năm", [Group(None, reports)],
                         lambda h, item: f"{text(source_date(item[0]))}: {site.unit_link(h, item[1].id)} — "
                                         f"{text(source_title(item[0]))}", style="bullets"))
    models = site.corpus.models_by_year.get(year, [])
    if models:  # counted as the statistics count them: the model's own year, or else its article's
        own = [m for m in models if m.year == year]
        article = [m for m in models if m.year != year]
        groups = [Group(lambda h, label=label: label, items) for label, items in
                  (("Bài nêu năm của mô hình", own), ("Năm của bài viết (bài không nêu năm của mô hình)", article))
                  if items]
        page.add(Listing("mo-hinh", "Mô hình", groups,
                         lambda h, m: f"{site.model_link(h, m)} — {site.unit_link(h, m.unit_id)}",
                         style="bullets"))
    results = site.corpus.results_by_year.get(year, [])
    if results:
        page.add(Listing("so-lieu", "Số liệu của năm", [Group(None, results)],
                         lambda h, item: [site.unit_link(h, item[0].id), text(item[1].label),
                                          text(result_value(item[1]))],
                         columns=["Đơn vị", "Nội dung", "Số liệu"]))
    return page


def _day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()

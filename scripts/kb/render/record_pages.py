"""Pages of the records themselves: a unit (with its lessons as anchors), a model, a theme, a directive."""

from __future__ import annotations

from .. import paths
from ..layout import Block, Group, Listing, Page
from ..markup import body_html, date_vn, html_block, table, text
from ..records import Directive, Lesson, Model, Theme, Unit
from .site import (DIRECTIVE_KINDS, LEVELS, MODEL_KINDS, Site, directive_label, facts, lesson_label, result_value,
                   theme_label, unverified_mark, unverified_note)


def unit_page(site: Site, unit: Unit) -> Page:
    here = paths.unit(unit.id)
    page = Page(here, unit.name, unit.loc.path)
    page.add(facts([
        ("Cấp", text(LEVELS[unit.level])),
        ("Tỉnh, thành phố", site.province_link(here, unit.province, successor="link")),
        ("Đơn vị cấp trên", site.unit_link(here, unit.parent) if unit.parent else ""),
        ("Văn bản được nhắc tới", ", ".join(site.directive_link(here, d) for d in unit.directives)),
        ("Chuyên đề", ", ".join(site.theme_link(here, t) for t in unit.themes)),
        ("Đơn vị điểm", "; ".join(text(p) for p in unit.point_units)),
    ]), html_block(body_html(unit.body), "kb-body"))
    if unit.models:
        page.add(Listing("mo-hinh", "Mô hình, điển hình", [Group(None, unit.models)],
                         lambda h, m: [site.model_link(h, m), text(m.owner), MODEL_KINDS[m.kind],
                                       site.field_link(h, m.field)],
                         columns=["Mô hình", "Chủ thể", "Loại", "Lĩnh vực"]))
    if unit.lessons:
        page.add(f"## Bài học kinh nghiệm ({len(unit.lessons)})", lessons_block(site, here, unit.lessons))
    if unit.results:
        rows = [[site.result_label(here, r), text(result_value(r)), site.result_when(here, r)] for r in unit.results]
        page.add(f"## Kết quả ({len(unit.results)})", table(["Nội dung", "Số liệu", "Thời gian"], rows))
    if unit.limitations:
        page.add(f"## Hạn chế ({len(unit.limitations)})",
                 "\n".join(f"- {text(item.text)}" for item in unit.limitations))
    owned = site.corpus.models_owned_by.get(unit.id, [])
    if owned:
        page.add(Listing("la-chu-the", "Mô hình đơn vị là chủ thể, do đơn vị khác báo cáo", [Group(None, owned)],
                         lambda h, m: f"{site.model_link(h, m)} — {site.unit_link(h, m.unit_id)}",
                         style="bullets"))
    children = site.corpus.children.get(unit.id, [])
    if children:
        page.add(site.units_listing("truc-thuoc", "Đơn vị trực thuộc", children))
    issued = site.corpus.directives_by_issuer.get(unit.id, [])
    if issued:
        page.add("## Văn bản do đơn vị ban hành",
                 "\n".join(f"- {site.directive_link(here, d.id)}" for d in issued))
    page.add(site.sources_block(here, unit.sources))
    return page


def lessons_block(site: Site, here: str, lessons: list[Lesson]) -> str:
    """Lessons stay on their unit's page: their anchors are the addresses search and topics use."""
    blocks = []
    for lesson in lessons:
        topics = ", ".join(site.topic_link(here, t) for t in lesson.topics)
        blocks.append(f"### {text(lesson_label(lesson))} {{#{paths.lesson_anchor(lesson.id)}}}\n\n"
                      f"{text(lesson.text)}\n\n*Chủ đề:* {topics}")
    return "\n\n".join(blocks)


def model_page(site: Site, model: Model) -> Page:
    here = paths.model(model.unit_id, model.id)
    unit = site.corpus.units[model.unit_id]
    page = Page(here, model.title, unit.loc.path)
    owner = text(model.owner)
    if model.owner_unit:
        owner += f" ({site.unit_link(here, model.owner_unit)})"
    page.add(facts([
        ("Đơn vị báo cáo", site.unit_link(here, unit.id)),
        ("Tỉnh, thành phố", site.province_link(here, unit.province)),
        ("Chủ thể", owner),
        ("Loại", MODEL_KINDS[model.kind]),
        ("Lĩnh vực", site.field_link(here, model.field)),
        ("Năm", site.year_link(here, model.year) if model.year else ""),
    ]))
    if model.summary:
        page.add(text(model.summary))
    theme_match = site.corpus.model_theme.get((unit.id, model.id))
    if theme_match:
        theme_id, how = theme_match
        why = "Mô hình trùng tên với" if how == "title" else "Mô hình thực hiện"
        page.add(f'!!! info "Chuyên đề"\n    {why} {site.theme_link(here, theme_id)}: '
                 f"“{text(site.corpus.themes[theme_id].title)}”.")
    related = site.corpus.related.get((unit.id, model.id), [])
    if related:
        lines = [f"- {site.model_link(here, m)} — {site.unit_link(here, m.unit_id)}, "
                 f"{text(site.catalogs.provinces[site.corpus.units[m.unit_id].province].name)}" for m in related]
        page.add(Block("## Mô hình tương tự ở đơn vị khác\n\n"
                       f"Cùng lĩnh vực {site.field_link(here, model.field)}:\n\n" + "\n".join(lines),
                       relation=False))
    else:
        page.add(Block("## Mô hình tương tự ở đơn vị khác\n\n"
                       f"Chưa có đơn vị nào khác báo cáo mô hình thuộc lĩnh vực "
                       f"{site.field_link(here, model.field)}.", relation=False))
    page.add(site.sources_block(here, site.sources_for(unit, model.source), dates_link_years=False))
    return page


def theme_page(site: Site, theme: Theme) -> Page:
    here = paths.theme(theme.id)
    page = Page(here, f"{theme_label(theme)}: {theme.title}", theme.loc.path)
    page.add(facts([
        ("Năm", site.year_link(here, theme.year) if theme.year is not None else text(getattr(theme, "period", None) or "")),
        ("Thực hiện", unverified_mark(site.directive_link(here, theme.directive) if theme.directive else "",
                                      "directive", theme.unverified)),
        ("Văn bản hướng dẫn", unverified_mark(", ".join(site.directive_link(here, d) for d in theme.guidance),
                                              "guidance", theme.unverified)),
    ]), unverified_note(theme.unverified), html_block(body_html(theme.body), "kb-body"))
    units = site.corpus.units_by_theme.get(theme.id, [])
    if units:
        page.add(site.units_listing("don-vi", "Đơn vị báo cáo về chuyên đề", units))
    models = site.corpus.theme_models.get(theme.id, [])
    if models:
        def row(h: str, model: Model) -> str:
            how = site.corpus.model_theme[(model.unit_id, model.id)][1]
            note = "trùng tên chuyên đề" if how == "title" else "thực hiện chuyên đề"
            return f"{site.model_link(h, model)} — {site.unit_link(h, model.unit_id)} ({note})"
        page.add(Listing("mo-hinh", "Mô hình liên quan", [Group(None, models)], row, style="bullets"))
    page.add(site.sources_block(here, theme.sources))
    return page


def directive_page(site: Site, directive: Directive) -> Page:
    here = paths.directive(directive.id)
    title = directive_label(directive) + (f": {directive.title}" if directive.title else "")
    page = Page(here, title, directive.loc.path)
    marked = directive.unverified
    page.add(facts([
        ("Số hiệu", unverified_mark(text(directive.code), "code", marked)),
        ("Loại", unverified_mark(DIRECTIVE_KINDS[directive.kind], "kind", marked)),
        ("Cơ quan ban hành", unverified_mark(text(directive.issuer), "issuer", marked) +
         (f" ({site.unit_link(here, directive.issuer_unit)})" if directive.issuer_unit else "")),
        ("Ngày ban hành", unverified_mark(date_vn(directive.date), "date", marked)),
        ("Năm", site.year_link(here, int(directive.date[:4])) if directive.date else ""),
        ("Tỉnh", site.province_link(here, directive.province) if directive.province else ""),
        ("Thay thế", unverified_mark(", ".join(site.directive_link(here, d) for d in directive.replaces),
                                     "replaces", marked)),
        ("Được thay thế bởi", ", ".join(site.directive_link(here, d.id)
                                        for d in site.corpus.replaced_by.get(directive.id, []))),
    ]), unverified_note(marked), html_block(body_html(directive.body), "kb-body"))
    themes = site.corpus.themes_by_directive.get(directive.id, [])
    guided = site.corpus.guided_themes.get(directive.id, [])
    if themes or guided:
        lines = [f"- {site.theme_link(here, t.id)}: {text(t.title)}" for t in themes]
        lines += [f"- {site.theme_link(here, t.id)} (văn bản hướng dẫn)" for t in guided]
        page.add("## Chuyên đề", "\n".join(lines))
    units = site.corpus.units_by_directive.get(directive.id, [])
    if units:
        page.add(site.units_listing("don-vi", "Đơn vị báo cáo về văn bản", units))
    page.add(site.sources_block(here, directive.sources))
    return page

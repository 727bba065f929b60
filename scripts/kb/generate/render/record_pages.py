"""Pages of the records themselves: a unit (with its lessons as anchors), a model, a theme, a directive."""

from __future__ import annotations

from kb.generate.layout import Group, Listing, Page
from kb.generate.render import browse
from kb.generate.render.blocks import editor_remarks, quoted
from kb.generate.render.site import (
    DIRECTIVE_KINDS,
    MODEL_KINDS,
    Site,
    directive_label,
    facts,
    lesson_label,
    result_value,
    source_line,
    theme_label,
    unverified_mark,
    unverified_note,
)
from kb.model import paths
from kb.model.records import Directive, Lesson, Theme, Unit
from kb.text.markup import body_html, date_vn, html_block, table, text, url_autolink


def _record_cite(who: str, sources) -> str:
    """The citation of a record page (plain text; the page address is added by overrides/main.html)."""
    said = "; ".join(source_line(s) for s in sources[:3])
    return f"{who}. Nguồn: {said}." if said else f"{who}."


def unit_page(site: Site, unit: Unit) -> Page:
    here = paths.unit(unit.id)
    page = Page(here, unit.name, unit.loc.path)
    province = site.corpus.where_name(unit)
    body, remarks = editor_remarks(unit.body)
    page.meta = site.meta(unit.name, f"{unit.name} ({province}): {len(unit.models)} mô hình, "
                          f"{len(unit.lessons)} bài học kinh nghiệm. " + " ".join(body.split()[:30]),
                          _record_cite(f"{unit.name} ({province})", unit.sources), unit.loc.path)
    page.add(facts([
        ("Loại đơn vị", browse.kind_link(site, here, unit.kind)),
        ("Cấp", browse.level_link(site, here, unit.level)),
        ("Tỉnh, thành phố", site.province_link(here, unit.province, successor="link")),
        ("Đơn vị cấp trên", site.unit_link(here, unit.parent) if unit.parent else ""),
        ("Văn bản được nhắc tới", ", ".join(site.directive_link(here, d) for d in unit.directives)),
        ("Chuyên đề", ", ".join(site.theme_link(here, t) for t in unit.themes)),
        ("Đơn vị điểm", "; ".join(text(p) for p in unit.point_units)),
    ]), html_block(body_html(body), "kb-body"))
    if unit.models:
        page.add(Listing("mo-hinh", "Mô hình, điển hình", [Group(None, unit.models)],
                         lambda h, m: [site.model_link(h, m), text(m.owner or ""), MODEL_KINDS[m.kind],
                                       site.field_link(h, m.field)],
                         columns=["Mô hình", "Chủ thể", "Loại", "Lĩnh vực"]))
    if unit.lessons:
        page.add(f"## Bài học kinh nghiệm ({len(unit.lessons)}) {{#bai-hoc}}", lessons_block(site, here, unit.lessons))
    if unit.results:
        models = {m.id: m for m in unit.models}
        rows = [[site.result_label(here, r) + _excerpt_after(r, inline=True), text(result_value(r)),
                 site.result_when(here, r), site.model_link(here, models[r.model]) if r.model in models else ""]
                for r in unit.results]
        columns = ["Nội dung", "Số liệu", "Thời gian"]
        if any(r.model in models for r in unit.results):
            columns.append("Kết quả của mô hình")
        else:
            rows = [row[:3] for row in rows]
        page.add(f"## Kết quả ({len(unit.results)}) {{#ket-qua}}", table(columns, rows))
    if unit.limitations:
        page.add(f"## Hạn chế ({len(unit.limitations)}) {{#han-che}}",
                 "\n".join(f"- {text(item.text)}" + _excerpt_after(item) for item in unit.limitations))
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
    page.add(site.sources_block(here, unit.sources, remarks=remarks))
    return page


def lessons_block(site: Site, here: str, lessons: list[Lesson]) -> str:
    """Lessons stay on their unit's page: their anchors are the addresses search and topics use."""
    blocks = []
    for lesson in lessons:
        topics = ", ".join(site.topic_link(here, t) for t in lesson.topics)
        blocks.append(f"### {text(lesson_label(lesson))} {{#{paths.lesson_anchor(lesson.id)}}}\n\n"
                      f"{text(lesson.text)}\n\n{excerpt_quote(lesson)}*Chủ đề:* {topics}")
    return "\n\n".join(blocks)


def excerpt_quote(item, cite: str = "") -> str:
    """The source's own sentence about an item, as a quotation (empty when the record has none)."""
    excerpt = item.excerpt
    if not excerpt:
        return ""
    return f'> {text(quoted(excerpt))}{" — " + cite if cite else ""}\n\n'


def _excerpt_after(item, inline: bool = False) -> str:
    """A figure's or a shortcoming's own sentence in the source, after it (in a table cell: on one line)."""
    excerpt = item.excerpt
    if not excerpt:
        return ""
    return f"<br>*Bài viết:* {text(quoted(excerpt))}" if inline else f"\n    > {text(quoted(excerpt))}"


def theme_page(site: Site, theme: Theme) -> Page:
    here = paths.theme(theme.id)
    label = theme_label(theme, site.catalogs.provinces)
    body, remarks = editor_remarks(theme.body)
    page = Page(here, f"{label}: {theme.title}", theme.loc.path)
    page.meta = site.meta(f"{label}: {theme.title}",
                          f"{label}: {quoted(theme.title)}. " + " ".join(body.split()[:30]),
                          _record_cite(f"{label}: {quoted(theme.title)}", theme.sources), theme.loc.path)
    page.add(facts([
        ("Thời kỳ", f"toàn khóa {text(theme.period)}" if theme.period else ""),
        ("Năm", site.year_link(here, theme.year) if theme.year is not None and not theme.period else ""),
        ("Phạm vi", (f"chuyên đề riêng của {site.province_link(here, theme.province, successor='')}"
                     if theme.scope == "tinh" and theme.province else "toàn quốc")),
        ("Thực hiện", unverified_mark(site.directive_link(here, theme.directive) if theme.directive else "",
                                      "directive", theme.unverified)),
        ("Văn bản hướng dẫn", unverified_mark(", ".join(site.directive_link(here, d) for d in theme.guidance),
                                              "guidance", theme.unverified)),
    ]), unverified_note(theme.unverified), html_block(body_html(body), "kb-body"))
    units = site.corpus.units_by_theme.get(theme.id, [])
    if units:
        page.add(site.units_listing("don-vi", "Đơn vị báo cáo về chuyên đề", units))
    models = site.corpus.theme_models.get(theme.id, [])
    if models:
        how = lambda m: site.corpus.model_theme[(m.unit_id, m.id)][1]  # noqa: E731
        serving = [m for m in models if how(m) != "title"]
        named = [m for m in models if how(m) == "title"]
        groups = [Group(lambda h, label=label: label, items) for label, items in
                  (("Mô hình thực hiện chuyên đề", serving), ("Mô hình mang tên chuyên đề", named)) if items]
        page.add(Listing("mo-hinh", "Mô hình liên quan", groups,
                         lambda h, m: f"{site.model_link(h, m)} — {site.unit_link(h, m.unit_id)}", style="bullets"))
    page.add(site.sources_block(here, theme.sources, remarks=remarks))
    return page


def directive_page(site: Site, directive: Directive) -> Page:
    here = paths.directive(directive.id)
    title = directive_label(directive) + (f": {directive.title}" if directive.title else "")
    page = Page(here, title, directive.loc.path)
    page.meta = site.meta(title, f"{title}. {directive.issuer}" + (f", {date_vn(directive.date)}" if directive.date
                                                                   else "") + ".",
                          _record_cite(f"{title} ({directive.issuer}{', ' + date_vn(directive.date) if directive.date else ''})",
                                       directive.sources), directive.loc.path)
    marked = directive.unverified
    body, remarks = editor_remarks(directive.body)
    page.add(facts([
        ("Số hiệu", unverified_mark(text(directive.code), "code", marked) if directive.code else "chưa rõ số hiệu"),
        ("Loại", unverified_mark(DIRECTIVE_KINDS[directive.kind], "kind", marked)),
        ("Cơ quan ban hành", unverified_mark(text(directive.issuer), "issuer", marked) +
         (f" ({site.unit_link(here, directive.issuer_unit)})" if directive.issuer_unit else "")),
        ("Ngày ban hành", unverified_mark(date_vn(directive.date), "date", marked)),
        ("Toàn văn", url_autolink(directive.official_url) if directive.official_url
         else "chưa có địa chỉ toàn văn chính thức trong cơ sở dữ liệu"),
        ("Năm", site.year_link(here, int(directive.date[:4])) if directive.date else ""),
        ("Tỉnh", site.province_link(here, directive.province) if directive.province else ""),
        ("Thay thế", unverified_mark(", ".join(site.directive_link(here, d) for d in directive.replaces),
                                     "replaces", marked)),
        ("Được thay thế bởi", ", ".join(site.directive_link(here, d.id)
                                        for d in site.corpus.replaced_by.get(directive.id, []))),
    ]), unverified_note(marked), html_block(body_html(body), "kb-body"))
    themes = site.corpus.themes_by_directive.get(directive.id, [])
    guided = site.corpus.guided_themes.get(directive.id, [])
    if themes or guided:
        lines = [f"- {site.theme_link(here, t.id)}: {text(t.title)}" for t in themes]
        lines += [f"- {site.theme_link(here, t.id)} (văn bản hướng dẫn)" for t in guided]
        page.add("## Chuyên đề", "\n".join(lines))
    units = site.corpus.units_by_directive.get(directive.id, [])
    if units:
        page.add(site.units_listing("don-vi", "Đơn vị báo cáo về văn bản", units))
    else:  # computed, never written in a record: it stops being true when a report names the document
        page.add("Chưa có đơn vị nào trong cơ sở dữ liệu báo cáo về văn bản này.")
    page.add(site.sources_block(here, directive.sources, remarks=remarks))
    return page

"""Pages of the records themselves: a unit (with its lessons as anchors), a model, a theme, a directive."""

from __future__ import annotations

from kb.generate.groupings import source_year
from kb.generate.layout import Block, Group, Listing, Page
from kb.generate.render.site import (
    DIRECTIVE_KINDS,
    LEVELS,
    MODEL_KINDS,
    Site,
    directive_label,
    facts,
    lesson_label,
    result_value,
    source_line,
    source_of,
    theme_label,
    unverified_mark,
    unverified_note,
)
from kb.model import paths
from kb.model.records import Directive, Lesson, Model, Theme, Unit
from kb.text.markup import body_html, date_vn, html_block, link, number_vn, table, text


def _record_cite(who: str, sources) -> str:
    """The citation of a record page (plain text; the page address is added by overrides/main.html)."""
    said = "; ".join(source_line(s) for s in sources[:3])
    return f"{who}. Nguồn: {said}." if said else f"{who}."


def unit_page(site: Site, unit: Unit) -> Page:
    here = paths.unit(unit.id)
    page = Page(here, unit.name, unit.loc.path)
    province = site.corpus.where_name(unit)
    page.meta = site.meta(unit.name, f"{unit.name} ({province}): {len(unit.models)} mô hình, "
                          f"{len(unit.lessons)} bài học kinh nghiệm. " + " ".join(unit.body.split()[:30]),
                          _record_cite(f"{unit.name} ({province})", unit.sources), unit.loc.path)
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
        rows = [[site.result_label(here, r) + _excerpt_after(r, inline=True), text(result_value(r)),
                 site.result_when(here, r)] for r in unit.results]
        page.add(f"## Kết quả ({len(unit.results)})", table(["Nội dung", "Số liệu", "Thời gian"], rows))
    if unit.limitations:
        page.add(f"## Hạn chế ({len(unit.limitations)})",
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
    page.add(site.sources_block(here, unit.sources))
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
    return f'> “{text(excerpt)}”{" — " + cite if cite else ""}\n\n'


def _excerpt_after(item, inline: bool = False) -> str:
    """A figure's or a shortcoming's own sentence in the source, after it (in a table cell: on one line)."""
    excerpt = item.excerpt
    if not excerpt:
        return ""
    return f"<br>*Bài viết:* “{text(excerpt)}”" if inline else f"\n    > “{text(excerpt)}”"


def unit_items_block(site: Site, here: str, unit: Unit, source_id: str | None) -> str:
    """The figures and lessons the same report gives beside a model (its source's, or all the unit's)."""
    same = lambda item: source_id is None or getattr(item, "source", None) in (None, source_id)  # noqa: E731
    results = [r for r in unit.results if same(r)]
    lessons = [lesson for lesson in unit.lessons if same(lesson)]
    parts = []
    if results:
        parts.append(table(["Số liệu của đơn vị", "Con số", "Thời gian"],
                           [[site.result_label(here, r), text(result_value(r)), site.result_when(here, r)]
                            for r in results]))
    if lessons:
        parts.append("Bài học kinh nghiệm đơn vị rút ra:\n\n" +
                     "\n".join(f"- {site.lesson_link(here, lesson)}" for lesson in lessons))
    if not parts:
        return ""
    return ("## Kết quả và kinh nghiệm nêu cùng bài\n\n"
            f"Trong cùng bài báo cáo, {text(unit.name)} nêu:\n\n" + "\n\n".join(parts))


def model_page(site: Site, model: Model) -> Page:
    here = paths.model(model.unit_id, model.id)
    unit = site.corpus.units[model.unit_id]
    page = Page(here, model.title, unit.loc.path)
    source = source_of(unit, model.source)
    province = site.corpus.where_name(unit)
    excerpt = model.excerpt
    page.meta = site.meta(model.title, f"Mô hình “{model.title}” của {model.owner}, {unit.name} ({province}). "
                          + (excerpt or model.summary or ""),
                          _record_cite(f"“{model.title}”, mô hình của {model.owner}, {unit.name} ({province}) báo cáo",
                                       [source] if source else []), unit.loc.path)
    owner = text(model.owner)
    if model.owner_unit:
        owner += f" ({site.unit_link(here, model.owner_unit)})"
    year = site.year_link(here, model.year) if model.year else ""
    if not year and source:
        # plain text: a link from every model to its article's year would make the year pages' list of
        # "Được nhắc đến ở" grow with the corpus
        year = (f"{source_year(source)} (năm bài viết)" if source_year(source)
                else "không rõ")
    page.add(facts([
        ("Đơn vị báo cáo", site.unit_link(here, unit.id)),
        ("Tỉnh, thành phố", site.province_link(here, unit.province)),
        ("Chủ thể", owner),
        ("Loại", MODEL_KINDS[model.kind]),
        ("Lĩnh vực", site.field_link(here, model.field)),
        ("Năm", year),
    ]))
    if excerpt:
        page.add("## Bài viết nói gì", excerpt_quote(model, site.cite(unit, source)).rstrip())
    if model.summary:
        page.add(text(model.summary) + (f" {site.cite(unit, source)}" if not excerpt else ""))
    theme_match = site.corpus.model_theme.get((unit.id, model.id))
    if theme_match:
        theme_id, how = theme_match
        why = "Mô hình trùng tên với" if how == "title" else "Mô hình thực hiện"
        page.add(f'!!! info "Chuyên đề"\n    {why} {site.theme_link(here, theme_id)}: '
                 f"“{text(site.corpus.themes[theme_id].title)}”.")
    page.add(unit_items_block(site, here, unit, model.source))
    practice = site.corpus.practice_of.get((unit.id, model.id))
    if practice:
        count = site.corpus.practice_units[practice]
        own = sum(1 for m in unit.models if site.corpus.practice_of.get((unit.id, m.id)) == practice)
        shown = practice_neighbours(site, unit, practice)
        lines = [f"- {site.model_link(here, m)} — {site.unit_link(here, m.unit_id)}, "
                 f"{text(site.corpus.where_name(site.corpus.units[m.unit_id]))}" for m in shown]
        hidden = len(site.corpus.practices[practice]) - own - len(shown)
        more = f"Và {number_vn(hidden)} mô hình nữa. " if hidden > 0 else ""
        page.add("## Cùng cách làm ở đơn vị khác\n\n" + "\n".join(lines) + "\n\n" + more +
                 link(f"Mô hình được nhân rộng ở {count} đơn vị", here, paths.page("practice", practice)))
    related = [m for m in site.corpus.related.get((unit.id, model.id), [])
               if site.corpus.practice_of.get((m.unit_id, m.id)) != practice or not practice]
    if related:
        lines = [f"- {site.model_link(here, m)} — {site.unit_link(here, m.unit_id)}, "
                 f"{text(site.corpus.where_name(site.corpus.units[m.unit_id]))}" for m in related]
        page.add(Block("## Mô hình cùng lĩnh vực ở đơn vị khác\n\n"
                       f"Cùng lĩnh vực {site.field_link(here, model.field)}:\n\n" + "\n".join(lines),
                       relation=False))
    elif not practice:
        page.add(Block("## Mô hình cùng lĩnh vực ở đơn vị khác\n\n"
                       f"Chưa có đơn vị nào khác báo cáo mô hình thuộc lĩnh vực "
                       f"{site.field_link(here, model.field)}.", relation=False))
    page.add(site.sources_block(here, site.sources_for(unit, model.source), dates_link_years=False))
    return page


PRACTICE_SHOWN = 10  # on a model page; the practice's own page lists them all, in numbered pages


def practice_neighbours(site: Site, unit: Unit, practice: str) -> list[Model]:
    """The first PRACTICE_SHOWN models of the practice at other units: those of the unit's own province
    first, then in the site's order of units. Listing them all would put thousands of lines on each of a
    widespread practice's thousands of pages (quadratic in the corpus); this reads a bounded number."""
    near = [m for m in site.corpus.practice_by_province.get((practice, unit.province), [])
            if m.unit_id != unit.id][:PRACTICE_SHOWN]
    far = []
    if len(near) < PRACTICE_SHOWN:  # the scan skips at most the (fewer than PRACTICE_SHOWN) near ones
        for model in site.corpus.practices[practice]:
            if site.corpus.units[model.unit_id].province != unit.province:
                far.append(model)
                if len(near) + len(far) == PRACTICE_SHOWN:
                    break
    return near + far


def theme_page(site: Site, theme: Theme) -> Page:
    here = paths.theme(theme.id)
    page = Page(here, f"{theme_label(theme)}: {theme.title}", theme.loc.path)
    page.meta = site.meta(f"{theme_label(theme)}: {theme.title}",
                          f"{theme_label(theme)}: “{theme.title}”. " + " ".join(theme.body.split()[:30]),
                          _record_cite(f"{theme_label(theme)}: “{theme.title}”", theme.sources), theme.loc.path)
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
        how = lambda m: site.corpus.model_theme[(m.unit_id, m.id)][1]  # noqa: E731
        serving = [m for m in models if how(m) != "title"]
        named = [m for m in models if how(m) == "title"]
        groups = [Group(lambda h, label=label: label, items) for label, items in
                  (("Mô hình thực hiện chuyên đề", serving), ("Mô hình mang tên chuyên đề", named)) if items]
        page.add(Listing("mo-hinh", "Mô hình liên quan", groups,
                         lambda h, m: f"{site.model_link(h, m)} — {site.unit_link(h, m.unit_id)}", style="bullets"))
    page.add(site.sources_block(here, theme.sources))
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
    page.add(facts([
        ("Số hiệu", unverified_mark(text(directive.code), "code", marked) if directive.code else "chưa rõ số hiệu"),
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
    else:  # computed, never written in a record: it stops being true when a report names the document
        page.add("Chưa có đơn vị nào trong cơ sở dữ liệu báo cáo về văn bản này.")
    page.add(site.sources_block(here, directive.sources))
    return page

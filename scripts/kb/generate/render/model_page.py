"""A model's page, in the same sections for every model so a reader can copy it: what it is and how it is
done, who runs it and since when, its own results, conditions and difficulties, where else it is done, and
the sources. A section the source says nothing about says so in one line; the unit's own figures stand
apart, folded and labelled, so that no one cites a district's figures as a model's results."""

from __future__ import annotations

from kb.generate.groupings import source_year
from kb.generate.layout import Block, Page
from kb.generate.render.blocks import COUNT_UNITS, counted, editor_remarks, folded, quoted
from kb.generate.render.site import MODEL_KINDS, Site, facts, result_value, source_line, source_of
from kb.model import paths
from kb.model.records import Model, Unit
from kb.text.markup import number_vn, table, text

PRACTICE_SHOWN = 10  # on a model page; the practice's own page lists them all, in numbered pages

# The fixed sections: (anchor, heading). Their order is the page's.
WHAT, WHO, RESULTS, CONDITIONS, ELSEWHERE, SAME_REPORT = (
    ("la-gi", "Mô hình là gì, làm thế nào"), ("ai-thuc-hien", "Ai thực hiện, từ khi nào"),
    ("ket-qua", "Kết quả của mô hình"), ("dieu-kien", "Điều kiện, khó khăn"),
    ("noi-khac", "Nơi khác cũng làm"), ("cung-bai", "Đơn vị nêu cùng bài"))

ONLY_NAMED = "Bài nguồn chỉ nêu tên mô hình, không tả mô hình làm gì, làm thế nào."
NO_HOW = "Bài nguồn không tả cách làm cụ thể."
NO_OWN_RESULTS = "Bài nguồn không nêu số liệu riêng của mô hình."
NO_CONDITIONS = "Bài nguồn không nêu điều kiện để làm được hay khó khăn khi làm."
NOWHERE_ELSE = "Chưa thấy đơn vị nào khác trong cơ sở dữ liệu báo cáo cách làm này."


def section(anchor_heading: tuple[str, str], *parts: str) -> str:
    anchor, heading = anchor_heading
    return f"## {heading} {{#{anchor}}}\n\n" + "\n\n".join(p for p in parts if p)


def model_cite(site: Site, model: Model, unit: Unit, source) -> str:
    """The citation of a model page (plain text; overrides/main.html adds the page, the publisher, the date)."""
    who = f", {model.owner}" if model.owner else ""
    said = f"{quoted(model.title)} (mô hình{who}), {unit.name} ({site.corpus.where_name(unit)}) báo cáo"
    return f"{said}. Nguồn: {source_line(source)}." if source else f"{said}."


class Said:
    """A model's own text for readers: its summary, how and conditions without the editor's remarks about the
    saved copy of the article, which go to the folded notes."""

    def __init__(self, model: Model) -> None:
        self.remarks: list[str] = []
        self.summary, self.how, self.conditions = (self._clean(getattr(model, name))
                                                   for name in ("summary", "how", "conditions"))
        self.excerpt = model.excerpt

    def _clean(self, value: str | None) -> str:
        if not value:
            return ""
        kept, remarks = editor_remarks(value)
        self.remarks += remarks
        return kept


def model_page(site: Site, model: Model) -> Page:
    here = paths.model(model.unit_id, model.id)
    unit = site.corpus.units[model.unit_id]
    page = Page(here, model.title, unit.loc.path)
    source = source_of(unit, model.source)
    where = site.corpus.where_name(unit)
    said = Said(model)
    about = said.summary or model.excerpt or ""
    owner = f" của {model.owner}" if model.owner else ""
    page.meta = site.meta(model.title, f"Mô hình {quoted(model.title)}{owner}, {unit.name} ({where}). {about}",
                          model_cite(site, model, unit, source), unit.loc.path)
    page.add(facts([
        ("Đơn vị báo cáo", site.unit_link(here, unit.id)),
        ("Tỉnh, thành phố", site.province_link(here, unit.province)),
        ("Lĩnh vực", site.field_link(here, model.field)),
    ]))
    page.add(section(WHAT, *what_it_is(site, said, unit, source)))
    page.add(section(WHO, who_runs_it(site, here, model, unit, source)))
    theme_match = site.corpus.model_theme.get((unit.id, model.id))
    if theme_match:
        theme_id, how = theme_match
        why = "Mô hình trùng tên với" if how == "title" else "Mô hình thực hiện"
        page.add(f'!!! info "Chuyên đề"\n    {why} {site.theme_link(here, theme_id)}: '
                 f"{text(quoted(site.corpus.themes[theme_id].title))}.")
    page.add(section(RESULTS, own_results(site, here, model, unit)))
    page.add(section(CONDITIONS, text(said.conditions) if said.conditions else NO_CONDITIONS))
    page.add(*elsewhere(site, here, model, unit))
    page.add(same_report(site, here, model, unit))
    remarks = ([f"Về mô hình: {model.note}"] if model.note else []) + said.remarks
    page.add(site.sources_block(here, site.sources_for(unit, model.source), dates_link_years=False, remarks=remarks))
    return page


def what_it_is(site: Site, said: Said, unit: Unit, source) -> list[str]:
    """The editor's summary and how, then the source's own words; or the honest line."""
    parts = []
    if said.summary:
        parts.append(f"**Là gì.** {text(said.summary)}")
    if said.how:
        parts.append(f"**Cách làm.** {text(said.how)}")
    elif said.summary or said.excerpt:
        parts.append(NO_HOW)
    if said.excerpt:
        parts.append(f"**Bài viết nói:**\n\n> {text(quoted(said.excerpt))} — {site.cite(unit, source)}")
    return parts or [ONLY_NAMED]


def who_runs_it(site: Site, here: str, model: Model, unit: Unit, source) -> str:
    owner = text(model.owner) if model.owner else "bài nguồn không nêu"
    if model.owner_unit:
        owner += f" ({site.unit_link(here, model.owner_unit)})"
    # plain years: a link from every model to a year page would make that page's "Được nhắc đến ở" grow
    # with the corpus; the model's own year (when the source gives one) links, as the year page lists it
    article = source_year(source) if source else None
    return facts([
        ("Chủ thể", owner + f" ({MODEL_KINDS[model.kind].lower()})"),
        ("Bắt đầu", f"năm {model.since}" if model.since else "bài nguồn không nói mô hình bắt đầu từ khi nào"),
        ("Năm bài nói tới mô hình", site.year_link(here, model.year) if model.year else ""),
        ("Bài viết", f"năm {article}" if article else "không rõ năm"),
    ])


def own_results(site: Site, here: str, model: Model, unit: Unit) -> str:
    own = [r for r in unit.results if r.model == model.id]
    if not own:
        return NO_OWN_RESULTS
    rows = [[site.result_label(here, r) + (f"<br>*Bài viết:* {text(quoted(r.excerpt))}" if r.excerpt else ""),
             text(result_value(r)), site.result_when(here, r)] for r in own]
    return table(["Kết quả của mô hình", "Số liệu", "Thời gian"], rows)


def same_report(site: Site, here: str, model: Model, unit: Unit) -> str:
    """What the unit gives in the same report: its figures (not the model's: folded, said so) and lessons."""
    same = lambda item: model.source is None or getattr(item, "source", None) in (None, model.source)  # noqa: E731
    figures = [r for r in unit.results if same(r) and r.model != model.id]
    lessons = [lesson for lesson in unit.lessons if same(lesson)]
    if not figures and not lessons:
        return ""
    parts = [f"Những điều dưới đây là của cả {site.unit_link(here, unit.id)}, không phải kết quả riêng của mô hình."]
    if figures:
        rows = [[site.result_label(here, r) + _of_model(site, here, unit, r), text(result_value(r)),
                 site.result_when(here, r)] for r in figures]
        parts.append(folded(f"Số liệu chung của {unit.name} ({number_vn(len(figures))})",
                            table(["Số liệu của đơn vị", "Con số", "Thời gian"], rows)))
    if lessons:
        parts.append("Bài học kinh nghiệm đơn vị rút ra:\n\n" +
                     "\n".join(f"- {site.lesson_link(here, lesson)}" for lesson in lessons))
    return section(SAME_REPORT, *parts)


def _of_model(site: Site, here: str, unit: Unit, result) -> str:
    """' (kết quả của mô hình X)' for a unit figure that belongs to another of its models."""
    if not result.model:
        return ""
    other = next((m for m in unit.models if m.id == result.model), None)
    return f" (kết quả của mô hình {site.model_link(here, other)})" if other else ""


def elsewhere(site: Site, here: str, model: Model, unit: Unit) -> list:
    """'Nơi khác cũng làm': the practice's other units (a bounded list), then models of the same field."""
    practice = site.corpus.practice_of.get((unit.id, model.id))
    parts: list = []
    if practice:
        count = site.corpus.practice_units[practice]
        own = sum(1 for m in unit.models if site.corpus.practice_of.get((unit.id, m.id)) == practice)
        shown = practice_neighbours(site, unit, practice)
        lines = [f"- {site.model_link(here, m)} — {site.unit_link(here, m.unit_id)}, "
                 f"{text(site.corpus.where_name(site.corpus.units[m.unit_id]))}" for m in shown]
        hidden = len(site.corpus.practices[practice]) - own - len(shown)
        more = f"Và {number_vn(hidden)} mô hình nữa. " if hidden > 0 else ""
        how = PRACTICE_HOW[site.corpus.practice_how.get(practice, "title")]
        parts.append(section(ELSEWHERE, how, "\n".join(lines), more + counted(
            f"Cách làm này ở {number_vn(count)} đơn vị", here, paths.page("practice", practice), count, COUNT_UNITS,
            "mo-hinh")))
    else:
        parts.append(section(ELSEWHERE, NOWHERE_ELSE))
    related = [m for m in site.corpus.related.get((unit.id, model.id), [])
               if not practice or site.corpus.practice_of.get((m.unit_id, m.id)) != practice]
    if related:
        lines = [f"- {site.model_link(here, m)} — {site.unit_link(here, m.unit_id)}, "
                 f"{text(site.corpus.where_name(site.corpus.units[m.unit_id]))}" for m in related]
        parts.append(Block(f"### Mô hình cùng lĩnh vực ở đơn vị khác\n\nCùng lĩnh vực "
                           f"{site.field_link(here, model.field)}, không phải cùng cách làm:\n\n" + "\n".join(lines),
                           relation=False))
    return parts


PRACTICE_HOW = {
    "curated": "Người biên tập xác định các mô hình này là cùng một cách làm:",
    "title": "Cùng tên mô hình (không kể hoa thường, dấu câu và chữ “mô hình” ở đầu):",
    "similar": "Gợi ý theo tên và mô tả giống nhau (máy gom, người biên tập chưa xác nhận):",
}


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

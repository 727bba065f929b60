"""Stage 4 — render: the linked corpus → generated markdown pages.

Each page is plain markdown (no MkDocs API): every record string escaped by
`markup.text`, bodies sanitised by `markup.body_html`, links relative between
`.md` files. Lists that grow with the corpus are `Listing`s, which `layout`
splits into numbered pages and which count as relations for the
"Trang liên kết đến đây" section. Output is deterministic: the same corpus
gives byte-identical pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from . import opendata, paths
from .fieldref import codes_reference, field_reference
from .layout import Block, Group, Listing, Page, lay_out
from .link import Corpus
from .markup import body_html, date_vn, html_block, link, number_vn, table, text, url_autolink
from .records import Directive, Lesson, Model, Result, Source, Theme, Unit
from .vietnamese import initial_letter, sort_key

LEVELS = {"tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã", "co-quan": "Cơ quan, đơn vị",
          "chi-bo": "Chi bộ"}
MODEL_KINDS = {"tap-the": "Tập thể", "ca-nhan": "Cá nhân"}
DIRECTIVE_KINDS = {"chi-thi": "Chỉ thị", "ket-luan": "Kết luận", "nghi-quyet": "Nghị quyết",
                   "ke-hoach": "Kế hoạch", "huong-dan": "Hướng dẫn", "quy-dinh": "Quy định"}
PROVINCE_KINDS = {"tinh": "tỉnh", "thanh-pho": "thành phố"}
UNVERIFIED_LABELS = {"code": "số hiệu", "kind": "loại", "issuer": "cơ quan ban hành", "date": "ngày ban hành",
                     "title": "trích yếu", "replaces": "văn bản được thay thế", "province": "tỉnh",
                     "year": "năm", "directive": "văn bản mà chuyên đề thực hiện", "guidance": "văn bản hướng dẫn"}
NEWEST_LIMIT = 10
COLUMN_TYPES = {"string": "văn bản", "integer": "số nguyên", "number": "số", "date": "ngày"}


def render(corpus: Corpus) -> dict[str, str]:
    """All generated pages: docs-relative path → markdown text."""
    return lay_out(_Renderer(corpus).all_pages())


def theme_label(theme: Theme) -> str:
    return f"Chuyên đề năm {theme.year}"


def directive_label(directive: Directive) -> str:
    return f"{DIRECTIVE_KINDS[directive.kind]} {directive.code}"


def lesson_label(lesson: Lesson) -> str:
    return f"{lesson.order}: {lesson.title}" if lesson.order else lesson.title


def result_value(result: Result) -> str:
    """'trên 4.800 lượt', '98,8%', '52/55 chi, đảng bộ'."""
    value = number_vn(result.value)
    if result.denominator is not None:
        value += "/" + number_vn(result.denominator)
    unit = result.unit or ""
    joined = f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
    return f"{result.qualifier} {joined}" if result.qualifier else joined


def share(result: Result) -> str:
    """A percentage to compare: as written when it is one, computed from a ratio ('52/55' → '94,5%');
    the figure's qualifier stays with it ('trên 95%')."""
    if result.unit == "%" and result.denominator is None:
        percent = f"{number_vn(result.value)}%"
    elif result.denominator:
        percent = f"{number_vn(round(result.value / result.denominator * 100, 1))}%"
    else:
        return ""
    return f"{result.qualifier} {percent}" if result.qualifier else percent


def capitalised(value: str) -> str:
    """First letter upper case, the rest as written ('tỉnh Trà Vinh' → 'Tỉnh Trà Vinh')."""
    return value[:1].upper() + value[1:]


def facts(rows: list[tuple[str, str]]) -> str:
    """A definition-like list of 'Label: value' lines; empty values are left out."""
    return "\n".join(f"- **{label}:** {value}" for label, value in rows if value)


def unverified_mark(value: str, field_name: str, unverified: list[str]) -> str:
    return f"{value} *(chưa kiểm chứng)*" if value and field_name in unverified else value


def unverified_note(unverified: list[str]) -> str:
    missing = [UNVERIFIED_LABELS[f] for f in unverified if f in UNVERIFIED_LABELS]
    if not missing:
        return ""
    return f'!!! warning "Chưa kiểm chứng"\n    Chưa kiểm chứng được với văn bản gốc: {text(", ".join(missing))}.'


class _Renderer:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.catalogs = corpus.catalogs

    # -- links -----------------------------------------------------------------

    def province_name(self, province_id: str) -> str:
        province = self.catalogs.provinces[province_id]
        return f"{PROVINCE_KINDS[province.kind]} {province.name}"

    def province_link(self, here: str, province_id: str, successor: str = "text") -> str:
        """'[Trà Vinh] (nay thuộc tỉnh Vĩnh Long)'. The successor is a link only where asked
        (`successor="link"`, on unit pages): every page that mentions a unit of Trà Vinh would
        otherwise be a page linking to Vĩnh Long. `successor=""` leaves it out."""
        province = self.catalogs.provinces[province_id]
        out = link(text(province.name), here, paths.province(province_id))
        now = self.corpus.successor(province_id)
        if successor and now:
            name = link(text(now.name), here, paths.province(now.id)) if successor == "link" else text(now.name)
            out += f" (nay thuộc {text(PROVINCE_KINDS[now.kind])} {name})"
        return out

    def unit_link(self, here: str, unit_id: str) -> str:
        return link(text(self.corpus.units[unit_id].name), here, paths.unit(unit_id))

    def unit_where(self, here: str, unit: Unit) -> str:
        """'[Huyện ủy Cầu Ngang] — [Trà Vinh] (nay thuộc tỉnh [Vĩnh Long])'."""
        return f"{self.unit_link(here, unit.id)} — {self.province_link(here, unit.province)}"

    def model_link(self, here: str, model: Model) -> str:
        return link(text(model.title), here, paths.model(model.unit_id, model.id))

    def directive_link(self, here: str, directive_id: str) -> str:
        return link(text(directive_label(self.corpus.directives[directive_id])), here, paths.directive(directive_id))

    def theme_link(self, here: str, theme_id: str) -> str:
        return link(text(theme_label(self.corpus.themes[theme_id])), here, paths.theme(theme_id))

    def field_link(self, here: str, field_id: str) -> str:
        return link(text(self.catalogs.fields[field_id].label), here, paths.field(field_id))

    def topic_link(self, here: str, topic_id: str) -> str:
        return link(text(self.catalogs.lesson_topics[topic_id].label), here, paths.lesson_topic(topic_id))

    def year_link(self, here: str, year: int) -> str:
        return link(str(year), here, paths.year(year))

    def lesson_link(self, here: str, lesson: Lesson) -> str:
        return link(text(lesson_label(lesson)), here, paths.unit(lesson.unit_id), paths.lesson_anchor(lesson.id))

    def result_label(self, here: str, result: Result) -> str:
        """The figure's label, and the page comparing it across units when it measures an indicator."""
        if not result.indicator:
            return text(result.label)
        return f"{text(result.label)} ({link('so sánh các đơn vị', here, paths.indicator(result.indicator))})"

    def indicator_page(self, indicator_id: str) -> Page:
        """One measure, every unit that reports it: the start of statistics across the country."""
        here = paths.indicator(indicator_id)
        indicator = self.catalogs.indicators[indicator_id]
        page = Page(here, f"Chỉ tiêu: {indicator.label}", "records/indicators.yml")
        reported = sorted(self.corpus.results_by_indicator.get(indicator_id, []),
                          key=lambda item: (item[1].year or 0, self.corpus.unit_rank.get(item[0].id, 0), item[1].id))
        page.add(text(indicator.description), "" if reported else "Chưa có đơn vị nào báo cáo chỉ tiêu này.")
        if reported:
            page.add(Listing("so-lieu", "Số liệu của các đơn vị", [Group(None, reported)],
                             lambda h, item: [self.result_when(h, item[1]), self.unit_link(h, item[0].id),
                                              self.province_link(h, item[0].province),
                                              text(result_value(item[1])), text(share(item[1]))],
                             columns=["Năm", "Đơn vị", "Tỉnh, thành phố", "Số liệu như bài ghi", "Tỷ lệ"],
                             intro="Mỗi dòng là số liệu như bài nguồn ghi. Cột *Tỷ lệ* tính từ tỉ số khi bài ghi "
                                   "dạng số trên tổng số (52/55)."))
        return page

    def result_when(self, here: str, result: Result) -> str:
        if result.year and result.period:
            return f"{self.year_link(here, result.year)} ({text(result.period)})"
        if result.year:
            return self.year_link(here, result.year)
        return text(result.period or "")

    def sources_block(self, here: str, sources: list[Source], dates_link_years: bool = True) -> str:
        """'## Nguồn'. A source's date links to its year page, whose list of articles links back;
        a model page repeats its unit's source with the date as plain text."""
        lines = []
        for source in sources:
            parts = [f"“{text(source.title)}”"]
            if source.publisher:
                parts.append(text(source.publisher))
            if source.date:
                day = date_vn(source.date)
                parts.append(link(day, here, paths.year(int(source.date[:4]))) if dates_link_years else day)
            if source.author:
                parts.append(f"tác giả: {text(source.author)}")
            line = "- " + ", ".join(parts)
            if source.url and url_autolink(source.url):  # a refused URL is the checker's KB505
                line += f" — {url_autolink(source.url)}"
            if source.note:
                line += f"\n    - *Ghi chú:* {text(source.note)}"
            lines.append(line)
        return "## Nguồn\n\n" + "\n".join(lines)

    def units_listing(self, key: str, heading: str, units: list[Unit]) -> Listing:
        """Units as bullets with their province (theme, directive and year pages)."""
        return Listing(key, heading, [Group(None, units)], lambda here, u: self.unit_where(here, u),
                       style="bullets")

    def units_table(self, key: str, heading: str, groups: list[Group]) -> Listing:
        return Listing(key, heading, groups,
                       lambda here, u: [self.unit_link(here, u.id), LEVELS[u.level], str(len(u.models)),
                                        str(len(u.lessons))],
                       columns=["Đơn vị", "Cấp", "Mô hình", "Kinh nghiệm"])

    # -- pages -------------------------------------------------------------------

    def all_pages(self) -> list[Page]:
        corpus = self.corpus
        units = corpus.sorted_units()
        pages = [self.home()]
        pages += [self.unit_page(u) for u in units]
        pages += [self.model_page(m) for u in units for m in u.models]
        pages += [self.topic_page(t) for t in self.catalogs.lesson_topics]
        pages += [self.field_page(f) for f in self.catalogs.fields]
        pages += [self.theme_page(t) for t in corpus.themes.values()]
        pages += [self.directive_page(d) for d in corpus.directives.values()]
        pages += [self.province_page(p) for p in self.catalogs.provinces]
        pages += [self.year_page(y) for y in self.years()]
        pages += [self.indicator_page(i) for i in self.catalogs.indicators]
        pages += self.index_pages()
        pages += self.a_to_z_pages()
        pages += [self.field_reference_page(), self.codes_page(), self.data_page()]
        return pages

    def data_page(self) -> Page:
        here = opendata.DATA_DIR + "/index.md"
        page = Page(here, "Dữ liệu mở", "records/", navigation=True)
        made = opendata.tables(self.corpus)
        page.add(
            "Toàn bộ dữ liệu của trang web, dưới dạng bảng để tải về, lọc, đếm hay vẽ biểu đồ. Mỗi dòng ghi "
            "đơn vị, bài nguồn và trang của mục đó trên trang web. Dữ liệu được sinh lại từ hồ sơ mỗi khi "
            "trang web được dựng.",
            table(["Tệp", "Nội dung", "Số dòng"],
                  [[link(text(f"{t.name}.csv"), here, t.path), text(t.description), number_vn(len(t.rows))]
                   for t in made]),
            "Tệp CSV dùng bảng mã UTF-8 (có BOM) và dấu phẩy phân cách. Mở bằng Excel: *Dữ liệu → Từ văn "
            "bản/CSV* (Data → From Text/CSV), chọn dấu phân cách là dấu phẩy. Số thập phân viết bằng dấu chấm "
            "(98.8). Ô văn bản bắt đầu bằng =, +, -, @ có thêm dấu ' ở đầu để bảng tính không coi là công thức. "
            f"Mô tả các cột cho chương trình máy tính: {link(text('datapackage.json'), here, opendata.PACKAGE)} "
            "(chuẩn Frictionless Data).",
        )
        for t in made:
            page.add(f"## {text(t.title)} — `{t.name}.csv`",
                     table(["Cột", "Kiểu", "Ý nghĩa"],
                           [[text(c.name), COLUMN_TYPES[c.type], text(c.description)] for c in t.columns]))
        return page

    def codes_page(self) -> Page:
        page = Page("huong-dan/ma-loi.md", "Mã lỗi của kb check", "scripts/kb/diagnostics.py", navigation=True)
        page.add("Mỗi thông báo của `kb check` có dạng `tệp:dòng:cột: MÃ nội dung — cách sửa`.", codes_reference())
        return page

    def field_reference_page(self) -> Page:
        page = Page("huong-dan/truong-du-lieu.md", "Các trường dữ liệu", "scripts/kb/schema/", navigation=True)
        page.add("Bảng này được sinh tự động từ lược đồ hồ sơ (scripts/kb/schema/), "
                 "cũng là lược đồ mà `kb check` dùng để kiểm tra.", field_reference())
        return page

    def unit_page(self, unit: Unit) -> Page:
        here = paths.unit(unit.id)
        page = Page(here, unit.name, unit.loc.path)
        page.add(facts([
            ("Cấp", text(LEVELS[unit.level])),
            ("Tỉnh, thành phố", self.province_link(here, unit.province, successor="link")),
            ("Đơn vị cấp trên", self.unit_link(here, unit.parent) if unit.parent else ""),
            ("Văn bản được nhắc tới", ", ".join(self.directive_link(here, d) for d in unit.directives)),
            ("Chuyên đề", ", ".join(self.theme_link(here, t) for t in unit.themes)),
            ("Đơn vị điểm", "; ".join(text(p) for p in unit.point_units)),
        ]), html_block(body_html(unit.body), "kb-body"))
        if unit.models:
            page.add(Listing("mo-hinh", "Mô hình, điển hình", [Group(None, unit.models)],
                             lambda h, m: [self.model_link(h, m), text(m.owner), MODEL_KINDS[m.kind],
                                           self.field_link(h, m.field)],
                             columns=["Mô hình", "Chủ thể", "Loại", "Lĩnh vực"]))
        if unit.lessons:
            page.add(f"## Bài học kinh nghiệm ({len(unit.lessons)})", self.lessons_block(here, unit.lessons))
        if unit.results:
            rows = [[self.result_label(here, r), text(result_value(r)), self.result_when(here, r)] for r in unit.results]
            page.add(f"## Kết quả ({len(unit.results)})", table(["Nội dung", "Số liệu", "Thời gian"], rows))
        if unit.limitations:
            page.add(f"## Hạn chế ({len(unit.limitations)})",
                     "\n".join(f"- {text(item.text)}" for item in unit.limitations))
        owned = self.corpus.models_owned_by.get(unit.id, [])
        if owned:
            page.add(Listing("la-chu-the", "Mô hình đơn vị là chủ thể, do đơn vị khác báo cáo", [Group(None, owned)],
                             lambda h, m: f"{self.model_link(h, m)} — {self.unit_link(h, m.unit_id)}",
                             style="bullets"))
        children = self.corpus.children.get(unit.id, [])
        if children:
            page.add(self.units_listing("truc-thuoc", "Đơn vị trực thuộc", children))
        issued = self.corpus.directives_by_issuer.get(unit.id, [])
        if issued:
            page.add("## Văn bản do đơn vị ban hành",
                     "\n".join(f"- {self.directive_link(here, d.id)}" for d in issued))
        page.add(self.sources_block(here, unit.sources))
        return page

    def lessons_block(self, here: str, lessons: list[Lesson]) -> str:
        """Lessons stay on their unit's page: their anchors are the addresses search and topics use."""
        blocks = []
        for lesson in lessons:
            topics = ", ".join(self.topic_link(here, t) for t in lesson.topics)
            blocks.append(f"### {text(lesson_label(lesson))} {{#{paths.lesson_anchor(lesson.id)}}}\n\n"
                          f"{text(lesson.text)}\n\n*Chủ đề:* {topics}")
        return "\n\n".join(blocks)

    def model_page(self, model: Model) -> Page:
        here = paths.model(model.unit_id, model.id)
        unit = self.corpus.units[model.unit_id]
        page = Page(here, model.title, unit.loc.path)
        owner = text(model.owner)
        if model.owner_unit:
            owner += f" ({self.unit_link(here, model.owner_unit)})"
        page.add(facts([
            ("Đơn vị báo cáo", self.unit_link(here, unit.id)),
            ("Tỉnh, thành phố", self.province_link(here, unit.province)),
            ("Chủ thể", owner),
            ("Loại", MODEL_KINDS[model.kind]),
            ("Lĩnh vực", self.field_link(here, model.field)),
            ("Năm", self.year_link(here, model.year) if model.year else ""),
        ]))
        if model.summary:
            page.add(text(model.summary))
        theme_match = self.corpus.model_theme.get((unit.id, model.id))
        if theme_match:
            theme_id, how = theme_match
            why = "Mô hình trùng tên với" if how == "title" else "Mô hình thực hiện"
            page.add(f'!!! info "Chuyên đề"\n    {why} {self.theme_link(here, theme_id)}: '
                     f"“{text(self.corpus.themes[theme_id].title)}”.")
        related = self.corpus.related.get((unit.id, model.id), [])
        if related:
            lines = [f"- {self.model_link(here, m)} — {self.unit_link(here, m.unit_id)}, "
                     f"{text(self.catalogs.provinces[self.corpus.units[m.unit_id].province].name)}" for m in related]
            page.add(Block("## Mô hình tương tự ở đơn vị khác\n\n"
                           f"Cùng lĩnh vực {self.field_link(here, model.field)}:\n\n" + "\n".join(lines),
                           relation=False))
        else:
            page.add(Block("## Mô hình tương tự ở đơn vị khác\n\n"
                           f"Chưa có đơn vị nào khác báo cáo mô hình thuộc lĩnh vực "
                           f"{self.field_link(here, model.field)}.", relation=False))
        page.add(self.sources_block(here, self.sources_for(unit, model.source), dates_link_years=False))
        return page

    @staticmethod
    def sources_for(unit: Unit, source_id: str | None) -> list[Source]:
        if source_id is None:
            return unit.sources
        return [s for s in unit.sources if s.id == source_id]

    def topic_page(self, topic_id: str) -> Page:
        """The heart of the base: the lessons of every unit on one topic, side by side."""
        here = paths.lesson_topic(topic_id)
        topic = self.catalogs.lesson_topics[topic_id]
        page = Page(here, f"Kinh nghiệm: {topic.label}", "records/topics.yml")
        lessons = self.corpus.lessons_by_topic.get(topic_id, [])
        by_unit: dict[str, list[Lesson]] = defaultdict(list)
        for lesson in lessons:
            by_unit[lesson.unit_id].append(lesson)
        units = self.corpus.sorted_units([self.corpus.units[u] for u in by_unit])
        page.add(text(topic.description),
                 f"{len(lessons)} bài học của {len(units)} đơn vị." if lessons else
                 "Chưa có bài học nào thuộc chủ đề này.")
        if lessons:
            groups = [Group(self._unit_heading(unit), by_unit[unit.id]) for unit in units]
            page.add(Listing("bai-hoc", "Bài học theo đơn vị", groups,
                             lambda h, lesson: f"**{self.lesson_link(h, lesson)}**\n\n> {text(lesson.text)}",
                             style="blocks"))
        return page

    def _unit_heading(self, unit: Unit, province: str = "text"):
        """Group heading for a unit: its name, and its province unless `province` is ''."""
        if not province:
            return lambda here: self.unit_link(here, unit.id)
        return lambda here: self.unit_where(here, unit)

    def _province_heading(self, province_id: str):
        return lambda here: self.province_link(here, province_id)

    def field_page(self, field_id: str) -> Page:
        here = paths.field(field_id)
        entry = self.catalogs.fields[field_id]
        page = Page(here, f"Lĩnh vực: {entry.label}", "records/topics.yml")
        models = self.corpus.models_by_field.get(field_id, [])
        page.add(text(entry.description), "" if models else "Chưa có mô hình nào.")
        by_province: dict[str, list[Model]] = defaultdict(list)
        for model in models:
            by_province[self.corpus.units[model.unit_id].province].append(model)
        groups = [Group(self._province_heading(p),
                        sorted(by_province[p], key=lambda m: (sort_key(m.title), m.unit_id, m.id)))
                  for p in self.provinces_in_order(by_province)]
        if models:
            page.add(Listing("mo-hinh", "Mô hình theo tỉnh, thành phố", groups,
                             lambda h, m: [self.model_link(h, m), text(m.owner), self.unit_link(h, m.unit_id)],
                             columns=["Mô hình", "Chủ thể", "Đơn vị báo cáo"]))
        return page

    def provinces_in_order(self, province_ids) -> list[str]:
        return sorted(province_ids, key=lambda p: (sort_key(self.catalogs.provinces[p].name), p))

    def theme_page(self, theme: Theme) -> Page:
        here = paths.theme(theme.id)
        page = Page(here, f"{theme_label(theme)}: {theme.title}", theme.loc.path)
        page.add(facts([
            ("Năm", self.year_link(here, theme.year)),
            ("Thực hiện", unverified_mark(self.directive_link(here, theme.directive) if theme.directive else "",
                                          "directive", theme.unverified)),
            ("Văn bản hướng dẫn", unverified_mark(", ".join(self.directive_link(here, d) for d in theme.guidance),
                                                  "guidance", theme.unverified)),
        ]), unverified_note(theme.unverified), html_block(body_html(theme.body), "kb-body"))
        units = self.corpus.units_by_theme.get(theme.id, [])
        if units:
            page.add(self.units_listing("don-vi", "Đơn vị báo cáo về chuyên đề", units))
        models = self.corpus.theme_models.get(theme.id, [])
        if models:
            def row(h: str, model: Model) -> str:
                how = self.corpus.model_theme[(model.unit_id, model.id)][1]
                note = "trùng tên chuyên đề" if how == "title" else "thực hiện chuyên đề"
                return f"{self.model_link(h, model)} — {self.unit_link(h, model.unit_id)} ({note})"
            page.add(Listing("mo-hinh", "Mô hình liên quan", [Group(None, models)], row, style="bullets"))
        page.add(self.sources_block(here, theme.sources))
        return page

    def directive_page(self, directive: Directive) -> Page:
        here = paths.directive(directive.id)
        title = directive_label(directive) + (f": {directive.title}" if directive.title else "")
        page = Page(here, title, directive.loc.path)
        marked = directive.unverified
        page.add(facts([
            ("Số hiệu", unverified_mark(text(directive.code), "code", marked)),
            ("Loại", unverified_mark(DIRECTIVE_KINDS[directive.kind], "kind", marked)),
            ("Cơ quan ban hành", unverified_mark(text(directive.issuer), "issuer", marked) +
             (f" ({self.unit_link(here, directive.issuer_unit)})" if directive.issuer_unit else "")),
            ("Ngày ban hành", unverified_mark(date_vn(directive.date), "date", marked)),
            ("Năm", self.year_link(here, int(directive.date[:4])) if directive.date else ""),
            ("Tỉnh", self.province_link(here, directive.province) if directive.province else ""),
            ("Thay thế", unverified_mark(", ".join(self.directive_link(here, d) for d in directive.replaces),
                                         "replaces", marked)),
            ("Được thay thế bởi", ", ".join(self.directive_link(here, d.id)
                                            for d in self.corpus.replaced_by.get(directive.id, []))),
        ]), unverified_note(marked), html_block(body_html(directive.body), "kb-body"))
        themes = self.corpus.themes_by_directive.get(directive.id, [])
        guided = self.corpus.guided_themes.get(directive.id, [])
        if themes or guided:
            lines = [f"- {self.theme_link(here, t.id)}: {text(t.title)}" for t in themes]
            lines += [f"- {self.theme_link(here, t.id)} (văn bản hướng dẫn)" for t in guided]
            page.add("## Chuyên đề", "\n".join(lines))
        units = self.corpus.units_by_directive.get(directive.id, [])
        if units:
            page.add(self.units_listing("don-vi", "Đơn vị báo cáo về văn bản", units))
        page.add(self.sources_block(here, directive.sources))
        return page

    def province_page(self, province_id: str) -> Page:
        here = paths.province(province_id)
        province = self.catalogs.provinces[province_id]
        page = Page(here, capitalised(self.province_name(province_id)), "records/provinces.yml")
        status = "Đang là đơn vị hành chính cấp tỉnh." if province.current else \
            f"Tồn tại đến ngày {date_vn(province.valid_to)}."
        merged = ", ".join(
            f"{self.province_link(here, p, successor='')} (từ {date_vn(_day_after(self.catalogs.provinces[p].valid_to))})"
            for p in province.merged_from)
        former = ", ".join(text(f["name"]) + (f" (đến {date_vn(f['valid_to'])})" if f.get("valid_to") else "")
                           for f in province.former_names)
        page.add(facts([
            ("Vùng", text(self.catalogs.regions[province.region])),
            ("Tình trạng", status),
            ("Sáp nhập vào", self.province_link(here, province.successor, successor="") if province.successor else ""),
            ("Các tỉnh đã nhập vào", merged),
            ("Tên cũ", former),
        ]))
        units = self.corpus.units_by_province.get(province_id, [])
        if units:
            page.add(self.units_table("don-vi", "Đơn vị", [Group(None, units)]))
        else:
            page.add("Chưa có đơn vị nào của tỉnh này trong cơ sở dữ liệu.")
        models = [m for u in units for m in u.models]
        if models:
            page.add(Listing("mo-hinh", "Mô hình, điển hình", [Group(self._unit_heading(u, ""), u.models)
                                                               for u in units if u.models],
                             lambda h, m: [self.model_link(h, m), text(m.owner), self.field_link(h, m.field)],
                             columns=["Mô hình", "Chủ thể", "Lĩnh vực"]))
        old = [p for p in province.merged_from if self.corpus.units_by_province.get(p)]
        if old:
            groups = [Group(lambda h, p=p: f"{text(capitalised(self.province_name(p)))} cũ",
                            self.corpus.units_by_province[p]) for p in old]
            page.add(self.units_table("don-vi-cu", "Đơn vị thuộc các tỉnh đã nhập vào", groups))
        local = self.corpus.directives_by_province.get(province_id, [])
        if local:
            page.add("## Văn bản địa phương", "\n".join(f"- {self.directive_link(here, d.id)}" for d in local))
        return page

    def years(self) -> list[int]:
        found = {t.year for t in self.corpus.themes.values()}
        found |= {int(d.date[:4]) for d in self.corpus.directives.values() if d.date}
        for record in (*self.corpus.themes.values(), *self.corpus.directives.values()):
            found |= {int(s.date[:4]) for s in record.sources if s.date}
        for unit in self.corpus.units.values():
            found |= {r.year for r in unit.results if r.year}
            found |= {m.year for m in unit.models if m.year}
            found |= {int(s.date[:4]) for s in unit.sources if s.date}
        return sorted(found)

    def year_page(self, year: int) -> Page:
        here = paths.year(year)
        page = Page(here, f"Năm {year}", "records/")
        themes = [t for t in self.corpus.themes.values() if t.year == year]
        if themes:
            page.add("## Chuyên đề", "\n".join(f"- {self.theme_link(here, t.id)}: {text(t.title)}" for t in themes))
        directives = sorted((d for d in self.corpus.directives.values() if d.date and int(d.date[:4]) == year),
                            key=lambda d: (d.date, d.id))
        if directives:
            page.add("## Văn bản ban hành",
                     "\n".join(f"- {date_vn(d.date)}: {self.directive_link(here, d.id)}" for d in directives))
        units = self.corpus.sorted_units()
        reports = sorted(((s, u) for u in units for s in u.sources if s.date and int(s.date[:4]) == year),
                         key=lambda item: (item[0].date, item[1].id))
        if reports:
            page.add(Listing("bai-viet", "Bài viết, báo cáo đăng trong năm", [Group(None, reports)],
                             lambda h, item: f"{date_vn(item[0].date)}: {self.unit_link(h, item[1].id)} — "
                                             f"“{text(item[0].title)}”", style="bullets"))
        models = [m for u in units for m in u.models if m.year == year]
        if models:
            page.add(Listing("mo-hinh", "Mô hình", [Group(None, models)],
                             lambda h, m: f"{self.model_link(h, m)} — {self.unit_link(h, m.unit_id)}",
                             style="bullets"))
        results = [(u, r) for u in units for r in u.results if r.year == year]
        if results:
            page.add(Listing("so-lieu", "Số liệu của năm", [Group(None, results)],
                             lambda h, item: [self.unit_link(h, item[0].id), text(item[1].label),
                                              text(result_value(item[1]))],
                             columns=["Đơn vị", "Nội dung", "Số liệu"]))
        return page

    def home(self) -> Page:
        corpus = self.corpus
        here = paths.HOME
        page = Page(here, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "records/",
                    navigation=True)
        n_models = sum(len(u.models) for u in corpus.units.values())
        n_lessons = sum(len(u.lessons) for u in corpus.units.values())
        n_provinces = len({u.province for u in corpus.units.values()})
        page.add(
            "Cơ sở dữ liệu các **mô hình, điển hình** và **bài học kinh nghiệm** mà các cấp ủy, cơ quan, "
            "địa phương trên cả nước báo cáo trong việc học tập và làm theo tư tưởng, đạo đức, phong cách "
            "Hồ Chí Minh. Mỗi mục đều dẫn nguồn bài viết gốc.",
            table(["Đơn vị", "Mô hình", "Bài học kinh nghiệm", "Tỉnh, thành phố"],
                  [[link(str(len(corpus.units)), here, paths.index("don-vi")),
                    link(str(n_models), here, paths.index("mo-hinh")),
                    link(str(n_lessons), here, paths.index("kinh-nghiem")),
                    link(str(n_provinces), here, paths.index("tinh"))]]),
        )
        newest = sorted(((s.date or "", u) for u in corpus.units.values() for s in u.sources),
                        key=lambda item: (item[0], item[1].id), reverse=True)
        seen, lines = set(), []
        for date, unit in newest:
            if unit.id in seen:
                continue
            seen.add(unit.id)
            lines.append(f"- {date_vn(date)} — {self.unit_link(here, unit.id)}, "
                         f"{text(self.catalogs.provinces[unit.province].name)}")
            if len(lines) == NEWEST_LIMIT:
                break
        page.add("## Mới cập nhật", "\n".join(lines))
        ways = [
            (paths.index("kinh-nghiem"), "Kinh nghiệm theo chủ đề", "bài học của nhiều đơn vị đặt cạnh nhau"),
            (paths.index("mo-hinh"), "Mô hình theo lĩnh vực", "mô hình hay để học hỏi, nhân rộng"),
            (paths.index("don-vi"), "Đơn vị", "theo tỉnh, thành phố"),
            (paths.index("chuyen-de"), "Chuyên đề hằng năm", "ai đã báo cáo về chuyên đề nào"),
            (paths.index("van-ban"), "Văn bản", "chỉ thị, kết luận, kế hoạch, hướng dẫn"),
            (paths.index("nam"), "Dòng thời gian", "theo năm"),
            (paths.index("a-z"), "Tra cứu A–Z", "đơn vị và mô hình theo thứ tự chữ cái"),
            ("tim-kiem.md", "Tìm kiếm", "gõ có dấu hoặc không dấu, lọc theo tỉnh, lĩnh vực, năm"),
            (opendata.DATA_DIR + "/index.md", "Dữ liệu mở", "tải về các bảng CSV để lọc, đếm, vẽ biểu đồ"),
        ]
        page.add("## Bắt đầu từ đâu",
                 "\n".join(f"- {link(text(label), here, target)} — {text(why)}" for target, label, why in ways))
        return page

    # -- index pages -------------------------------------------------------------

    def index_pages(self) -> list[Page]:
        return [self.units_index(), self.models_index(), self.topics_index(), self.themes_index(),
                self.directives_index(), self.provinces_index(), self.fields_index(), self.years_index(),
                self.indicators_index()]

    def units_index(self) -> Page:
        page = Page(paths.index("don-vi"), "Đơn vị", "records/units/", navigation=True)
        by_province = self.corpus.units_by_province
        groups = [Group(self._province_heading(p), by_province[p]) for p in self.provinces_in_order(by_province)]
        page.add(self.units_table("tat-ca", "Đơn vị theo tỉnh, thành phố", groups))
        return page

    def catalog_table(self, here: str, entries: dict, link_to, counts, columns: list[str]) -> str:
        rows = [[link_to(here, key), *[str(count(key)) for count in counts], text(entries[key].description)]
                for key in sorted(entries, key=lambda k: (sort_key(entries[k].label), k))]
        return table(columns, rows)

    def models_index(self) -> Page:
        here = paths.index("mo-hinh")
        page = Page(here, "Mô hình, điển hình theo lĩnh vực", "records/topics.yml", navigation=True)
        page.add(self.catalog_table(here, self.catalogs.fields, self.field_link,
                                    [lambda f: len(self.corpus.models_by_field.get(f, []))],
                                    ["Lĩnh vực", "Số mô hình", "Mô tả"]),
                 f"Xem thêm: {link('tra cứu A–Z', here, paths.index('a-z'))}.")
        return page

    def topics_index(self) -> Page:
        here = paths.index("kinh-nghiem")
        page = Page(here, "Kinh nghiệm theo chủ đề", "records/topics.yml", navigation=True)
        lessons = self.corpus.lessons_by_topic
        page.add("Mỗi chủ đề đặt cạnh nhau bài học của nhiều đơn vị.",
                 self.catalog_table(here, self.catalogs.lesson_topics, self.topic_link,
                                    [lambda t: len(lessons.get(t, [])),
                                     lambda t: len({lesson.unit_id for lesson in lessons.get(t, [])})],
                                    ["Chủ đề", "Bài học", "Đơn vị", "Mô tả"]))
        return page

    def fields_index(self) -> Page:
        here = paths.index("linh-vuc")
        page = Page(here, "Lĩnh vực", "records/topics.yml", navigation=True)
        page.add(self.catalog_table(here, self.catalogs.fields, self.field_link,
                                    [lambda f: len(self.corpus.models_by_field.get(f, []))],
                                    ["Lĩnh vực", "Số mô hình", "Mô tả"]))
        return page

    def themes_index(self) -> Page:
        here = paths.index("chuyen-de")
        page = Page(here, "Chuyên đề hằng năm", "records/themes/", navigation=True)
        themes = sorted(self.corpus.themes.values(), key=lambda t: (t.year, t.id))
        rows = [[self.theme_link(here, t.id), text(t.title), str(len(self.corpus.units_by_theme.get(t.id, [])))]
                for t in themes]
        page.add(table(["Chuyên đề", "Tên", "Đơn vị báo cáo"], rows))
        return page

    def directives_index(self) -> Page:
        here = paths.index("van-ban")
        page = Page(here, "Văn bản", "records/directives/", navigation=True)
        directives = sorted(self.corpus.directives.values(), key=lambda d: (d.date or "9999", d.id))
        rows = [[self.directive_link(here, d.id), text(d.issuer), date_vn(d.date), text(d.title or "")]
                for d in directives]
        page.add(table(["Văn bản", "Cơ quan ban hành", "Ngày", "Trích yếu"], rows))
        return page

    def provinces_index(self) -> Page:
        here = paths.index("tinh")
        page = Page(here, "Tỉnh, thành phố", "records/provinces.yml", navigation=True)
        provinces = self.catalogs.provinces
        page.add("Danh mục gồm các tỉnh, thành phố trước ngày 01/07/2025 và 34 đơn vị hành chính cấp tỉnh "
                 "sau sắp xếp (Nghị quyết 202/2025/QH15). Đơn vị được ghi theo tỉnh tại thời điểm báo cáo.")
        for region_id, region_name in sorted(self.catalogs.regions.items(), key=lambda r: sort_key(r[1])):
            members = self.provinces_in_order(p.id for p in provinces.values() if p.region == region_id)
            rows = []
            for province in (provinces[p] for p in members):
                now = "đang tồn tại" if province.current else (
                    f"sáp nhập vào {self.province_link(here, province.successor, successor='')}"
                    if province.successor else f"đến {date_vn(province.valid_to)}")
                rows.append([self.province_link(here, province.id, False), now,
                             str(len(self.corpus.units_by_province.get(province.id, [])))])
            page.add(f"## {text(region_name)}", table(["Tỉnh, thành phố", "Tình trạng", "Đơn vị"], rows))
        return page

    def indicators_index(self) -> Page:
        here = paths.index("chi-tieu")
        page = Page(here, "Chỉ tiêu so sánh", "records/indicators.yml", navigation=True)
        by_indicator = self.corpus.results_by_indicator
        indicators = self.catalogs.indicators
        rows = [[link(text(indicators[key].label), here, paths.indicator(key)),
                 str(len({unit.id for unit, _ in by_indicator.get(key, [])})), text(indicators[key].description)]
                for key in sorted(indicators, key=lambda k: (sort_key(indicators[k].label), k))]
        page.add("Số liệu cùng một thước đo ở các đơn vị khác nhau, đặt cạnh nhau theo năm.",
                 table(["Chỉ tiêu", "Số đơn vị", "Mô tả"], rows))
        return page

    def years_index(self) -> Page:
        here = paths.index("nam")
        page = Page(here, "Dòng thời gian", "records/", navigation=True)
        events: dict[int, list[str]] = defaultdict(list)
        for theme in sorted(self.corpus.themes.values(), key=lambda t: (t.year, t.id)):
            events[theme.year].append(theme_label(theme))
        for directive in sorted(self.corpus.directives.values(), key=lambda d: (d.date or "", d.id)):
            if directive.date:
                events[int(directive.date[:4])].append(directive_label(directive))
        articles: dict[int, int] = defaultdict(int)
        for unit in self.corpus.units.values():
            for source in unit.sources:
                if source.date:
                    articles[int(source.date[:4])] += 1
        lines = []
        for year in self.years():
            said = events[year] + ([f"{articles[year]} bài viết"] if articles[year] else [])
            lines.append(f"- {self.year_link(here, year)}" + (f" — {text('; '.join(said))}" if said else ""))
        page.add("\n".join(lines))
        return page

    def a_to_z_pages(self) -> list[Page]:
        entries: dict[str, list[tuple[tuple, str, str]]] = defaultdict(list)
        for unit in self.corpus.units.values():
            entries[initial_letter(unit.place)].append(
                (sort_key(unit.place), f"{unit.place} — {unit.name}", paths.unit(unit.id)))
            for model in unit.models:
                entries[initial_letter(model.title)].append(
                    (sort_key(model.title), model.title, paths.model(unit.id, model.id)))
        here = paths.index("a-z")
        index = Page(here, "Tra cứu A–Z", "records/", navigation=True)
        letters = sorted(entries, key=lambda letter: sort_key(letter) if letter != "#" else ((0,),))
        index.add("Đơn vị (theo địa danh) và mô hình, xếp theo thứ tự chữ cái tiếng Việt.",
                  " · ".join(link(letter.upper(), here, paths.letter(letter)) for letter in letters))
        pages = [index]
        for letter in letters:
            page = Page(paths.letter(letter), f"Tra cứu A–Z: {letter.upper()}", "records/", navigation=True)
            page.add(Listing("muc", f"Chữ {letter.upper()}", [Group(None, sorted(entries[letter]))],
                             lambda h, entry: link(text(entry[1]), h, entry[2]), style="bullets"),
                     Block(link("← Tất cả chữ cái", page.path, here), relation=False))
            pages.append(page)
        return pages


def _day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()

"""Stage 4 — render: the linked corpus → generated markdown pages.

Each page is plain markdown (no mkdocs API): every record string escaped by
`markup.text`, bodies sanitised by `markup.body_html`, links relative between
`.md` files. After all pages are written in memory, each one gets a
"Trang liên kết đến đây" section listing the pages that link to it.
Output is deterministic: the same corpus gives byte-identical pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import paths
from .fieldref import codes_reference, field_reference
from .link import Corpus
from .markup import body_html, date_vn, html_block, link, number_vn, table, text
from .records import Directive, Lesson, Model, Result, Source, Theme, Unit
from .vietnamese import comparable_title, fold, initial_letter, sort_key

LEVELS = {"tinh": "Cấp tỉnh", "huyen": "Cấp huyện", "xa": "Cấp xã", "co-quan": "Cơ quan, đơn vị",
          "chi-bo": "Chi bộ"}
MODEL_KINDS = {"tap-the": "Tập thể", "ca-nhan": "Cá nhân"}
DIRECTIVE_KINDS = {"chi-thi": "Chỉ thị", "ket-luan": "Kết luận", "nghi-quyet": "Nghị quyết",
                   "ke-hoach": "Kế hoạch", "huong-dan": "Hướng dẫn", "quy-dinh": "Quy định"}
PROVINCE_KINDS = {"tinh": "tỉnh", "thanh-pho": "thành phố"}
FIELD_LABELS = {"code": "số hiệu", "kind": "loại", "issuer": "cơ quan ban hành", "date": "ngày ban hành",
                "title": "trích yếu", "replaces": "văn bản được thay thế", "province": "tỉnh"}
RELATED_LIMIT = 8
NEWEST_LIMIT = 10
# Pages whose links are navigation, not relations: they do not count as backlinks.
_NAVIGATION_PAGES = re.compile(r"^(index\.md|[^/]+/index\.md|a-z/.*|huong-dan/.*)$")
_LINK_TARGET = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


@dataclass
class Page:
    path: str
    title: str
    origin: str  # the record file (or 'records/') the page is compiled from
    sections: list[str] = field(default_factory=list)

    def add(self, *blocks: str) -> None:
        self.sections.extend(block for block in blocks if block)

    def markdown(self) -> str:
        header = f"<!-- Trang sinh tự động bởi kb từ {self.origin} — không sửa tay. -->"
        return "\n\n".join([header, f"# {text(self.title)}"] + self.sections) + "\n"


def render(corpus: Corpus) -> dict[str, str]:
    """All generated pages: docs-relative path → markdown text."""
    renderer = _Renderer(corpus)
    pages = renderer.all_pages()
    _add_backlinks(pages)
    return {page.path: page.markdown() for page in sorted(pages, key=lambda p: p.path)}


def _add_backlinks(pages: list[Page]) -> None:
    by_path = {page.path: page for page in pages}
    incoming: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        if _NAVIGATION_PAGES.match(page.path):
            continue
        for section in page.sections:
            for target in _LINK_TARGET.findall(section):
                resolved = _resolve(page.path, target)
                if resolved != page.path and resolved in by_path:
                    incoming[resolved].add(page.path)
    for path, sources in incoming.items():
        target_page = by_path[path]
        items = sorted(sources, key=lambda p: (sort_key(by_path[p].title), p))
        lines = [f"- {link(text(by_path[p].title), path, p)}" for p in items]
        target_page.add("## Trang liên kết đến đây\n\n" + "\n".join(lines))


def _resolve(from_page: str, target: str) -> str:
    import posixpath
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_page), target))


class _Renderer:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.catalogs = corpus.catalogs

    # -- small pieces --------------------------------------------------------

    def province_name(self, province_id: str) -> str:
        province = self.catalogs.provinces[province_id]
        return f"{PROVINCE_KINDS[province.kind]} {province.name}"

    def province_link(self, here: str, province_id: str, with_successor: bool = True) -> str:
        province = self.catalogs.provinces[province_id]
        out = link(text(province.name), here, paths.province(province_id))
        successor = self.corpus.successor(province_id)
        if with_successor and successor:
            out += f" (nay thuộc {text(PROVINCE_KINDS[successor.kind])} " \
                   f"{link(text(successor.name), here, paths.province(successor.id))})"
        return out

    def unit_link(self, here: str, unit_id: str) -> str:
        return link(text(self.corpus.units[unit_id].name), here, paths.unit(unit_id))

    def model_link(self, here: str, model: Model) -> str:
        return link(text(model.title), here, paths.model(model.unit_id, model.id))

    def directive_label(self, directive: Directive) -> str:
        return f"{DIRECTIVE_KINDS[directive.kind]} {directive.code}"

    def directive_link(self, here: str, directive_id: str) -> str:
        return link(text(self.directive_label(self.corpus.directives[directive_id])), here,
                    paths.directive(directive_id))

    def theme_label(self, theme: Theme) -> str:
        return f"Chuyên đề năm {theme.year}"

    def theme_link(self, here: str, theme_id: str) -> str:
        theme = self.corpus.themes[theme_id]
        return link(text(self.theme_label(theme)), here, paths.theme(theme_id))

    def field_link(self, here: str, field_id: str) -> str:
        return link(text(self.catalogs.fields[field_id].label), here, paths.field(field_id))

    def topic_link(self, here: str, topic_id: str) -> str:
        return link(text(self.catalogs.lesson_topics[topic_id].label), here, paths.lesson_topic(topic_id))

    def year_link(self, here: str, year: int) -> str:
        return link(str(year), here, paths.year(year))

    @staticmethod
    def facts(rows: list[tuple[str, str]]) -> str:
        """A definition-like list of 'Label: value' lines."""
        return "\n".join(f"- **{label}:** {value}" for label, value in rows if value)

    def sources_block(self, sources: list[Source]) -> str:
        lines = []
        for source in sources:
            parts = [f"“{text(source.title)}”"]
            if source.publisher:
                parts.append(text(source.publisher))
            if source.date:
                parts.append(date_vn(source.date))
            if source.author:
                parts.append(f"tác giả: {text(source.author)}")
            line = "- " + ", ".join(parts)
            if source.url:
                line += f" — <{source.url}>" if _safe_url(source.url) else ""
            if source.note:
                line += f"\n    - *Ghi chú:* {text(source.note)}"
            lines.append(line)
        return "## Nguồn\n\n" + "\n".join(lines)

    @staticmethod
    def result_value(result: Result) -> str:
        value = number_vn(result.value)
        if result.denominator is not None:
            value += "/" + number_vn(result.denominator)
        unit = result.unit or ""
        joined = f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()
        return f"{result.qualifier} {joined}" if result.qualifier else joined

    def result_when(self, here: str, result: Result) -> str:
        if result.year and result.period:
            return f"{self.year_link(here, result.year)} ({text(result.period)})"
        if result.year:
            return self.year_link(here, result.year)
        return text(result.period or "")

    # -- pages ---------------------------------------------------------------

    def all_pages(self) -> list[Page]:
        corpus = self.corpus
        pages = [self.home()]
        pages += [self.unit_page(u) for u in corpus.sorted_units()]
        pages += [self.model_page(m) for u in corpus.sorted_units() for m in u.models]
        pages += [self.topic_page(t) for t in self.catalogs.lesson_topics]
        pages += [self.field_page(f) for f in self.catalogs.fields]
        pages += [self.theme_page(t) for t in corpus.themes.values()]
        pages += [self.directive_page(d) for d in corpus.directives.values()]
        pages += [self.province_page(p) for p in self.catalogs.provinces]
        pages += [self.year_page(y) for y in self.years()]
        pages += self.index_pages()
        pages += self.a_to_z_pages()
        pages.append(self.field_reference_page())
        pages.append(self.codes_page())
        return pages

    def codes_page(self) -> Page:
        page = Page("huong-dan/ma-loi.md", "Mã lỗi của kb check", "scripts/kb/diagnostics.py")
        page.add("Mỗi thông báo của `kb check` có dạng `tệp:dòng:cột: MÃ nội dung — cách sửa`.", codes_reference())
        return page

    def field_reference_page(self) -> Page:
        page = Page("huong-dan/truong-du-lieu.md", "Các trường dữ liệu", "scripts/kb/schema/")
        page.add("Bảng này được sinh tự động từ lược đồ hồ sơ (scripts/kb/schema/), "
                 "cũng là lược đồ mà `kb check` dùng để kiểm tra.", field_reference())
        return page

    def unit_page(self, unit: Unit) -> Page:
        here = paths.unit(unit.id)
        page = Page(here, unit.name, unit.loc.path)
        facts = [
            ("Cấp", text(LEVELS[unit.level])),
            ("Tỉnh, thành phố", self.province_link(here, unit.province)),
            ("Đơn vị cấp trên", self.unit_link(here, unit.parent) if unit.parent else ""),
            ("Văn bản được nhắc tới", ", ".join(self.directive_link(here, d) for d in unit.directives)),
            ("Chuyên đề", ", ".join(self.theme_link(here, t) for t in unit.themes)),
            ("Đơn vị điểm", "; ".join(text(p) for p in unit.point_units)),
        ]
        page.add(self.facts(facts), html_block(body_html(unit.body), "kb-body"))
        if unit.models:
            rows = [[self.model_link(here, m), text(m.owner), MODEL_KINDS[m.kind], self.field_link(here, m.field)]
                    for m in unit.models]
            page.add(f"## Mô hình, điển hình ({len(unit.models)})",
                     table(["Mô hình", "Chủ thể", "Loại", "Lĩnh vực"], rows))
        if unit.lessons:
            page.add(f"## Bài học kinh nghiệm ({len(unit.lessons)})", self.lessons_block(here, unit.lessons))
        if unit.results:
            rows = [[text(r.label), text(self.result_value(r)), self.result_when(here, r)] for r in unit.results]
            page.add(f"## Kết quả ({len(unit.results)})", table(["Nội dung", "Số liệu", "Thời gian"], rows))
        if unit.limitations:
            page.add(f"## Hạn chế ({len(unit.limitations)})",
                     "\n".join(f"- {text(item.text)}" for item in unit.limitations))
        children = self.corpus.children.get(unit.id, [])
        if children:
            page.add("## Đơn vị trực thuộc", "\n".join(f"- {self.unit_link(here, c.id)}" for c in children))
        issued = self.corpus.directives_by_issuer.get(unit.id, [])
        if issued:
            page.add("## Văn bản do đơn vị ban hành",
                     "\n".join(f"- {self.directive_link(here, d.id)}" for d in issued))
        page.add(self.sources_block(unit.sources))
        return page

    def lessons_block(self, here: str, lessons: list[Lesson]) -> str:
        blocks = []
        for lesson in lessons:
            heading = f"{lesson.order}: {lesson.title}" if lesson.order else lesson.title
            topics = ", ".join(self.topic_link(here, t) for t in lesson.topics)
            blocks.append(f"### {text(heading)} {{#{paths.lesson_anchor(lesson.id)}}}\n\n"
                          f"{text(lesson.text)}\n\n*Chủ đề:* {topics}")
        return "\n\n".join(blocks)

    def model_page(self, model: Model) -> Page:
        here = paths.model(model.unit_id, model.id)
        unit = self.corpus.units[model.unit_id]
        page = Page(here, model.title, unit.loc.path)
        facts = [
            ("Đơn vị báo cáo", self.unit_link(here, unit.id)),
            ("Tỉnh, thành phố", self.province_link(here, unit.province)),
            ("Chủ thể", text(model.owner) + (f" ({self.unit_link(here, model.owner_unit)})"
                                             if model.owner_unit else "")),
            ("Loại", MODEL_KINDS[model.kind]),
            ("Lĩnh vực", self.field_link(here, model.field)),
            ("Năm", self.year_link(here, model.year) if model.year else ""),
        ]
        page.add(self.facts(facts))
        if model.summary:
            page.add(text(model.summary))
        theme_match = self.corpus.model_theme.get((unit.id, model.id))
        if theme_match:
            theme_id, how = theme_match
            theme = self.corpus.themes[theme_id]
            why = "Mô hình trùng tên với" if how == "title" else "Mô hình thực hiện"
            page.add(f'!!! info "Chuyên đề"\n    {why} {self.theme_link(here, theme_id)}: '
                     f"“{text(theme.title)}”.")
        related = self.related_models(model)
        if related:
            lines = [f"- {self.model_link(here, m)} — {self.unit_link(here, m.unit_id)}, "
                     f"{text(self.catalogs.provinces[self.corpus.units[m.unit_id].province].name)}"
                     for m in related]
            page.add("## Mô hình tương tự ở đơn vị khác\n\n"
                     f"Cùng lĩnh vực {self.field_link(here, model.field)}:\n\n" + "\n".join(lines))
        page.add(self.sources_block(self.sources_for(unit, model.source)))
        return page

    def sources_for(self, unit: Unit, source_id: str | None) -> list[Source]:
        if source_id is None:
            return unit.sources
        return [s for s in unit.sources if s.id == source_id]

    def related_models(self, model: Model) -> list[Model]:
        """Same field, other units; most shared title words first, other provinces first."""
        own_province = self.corpus.units[model.unit_id].province
        words = set(fold(model.title).split())
        candidates = [m for m in self.corpus.models_by_field.get(model.field, []) if m.unit_id != model.unit_id]

        def rank(other: Model):
            shared = len(words & set(fold(other.title).split()))
            same_province = self.corpus.units[other.unit_id].province == own_province
            return (-shared, same_province, sort_key(other.title), other.unit_id, other.id)
        return sorted(candidates, key=rank)[:RELATED_LIMIT]

    def topic_page(self, topic_id: str) -> Page:
        here = paths.lesson_topic(topic_id)
        topic = self.catalogs.lesson_topics[topic_id]
        page = Page(here, f"Kinh nghiệm: {topic.label}", "records/topics.yml")
        lessons = self.corpus.lessons_by_topic.get(topic_id, [])
        units = self.corpus.sorted_units([self.corpus.units[i] for i in sorted({l.unit_id for l in lessons})])
        page.add(text(topic.description),
                 f"{len(lessons)} bài học của {len(units)} đơn vị." if lessons else
                 "Chưa có bài học nào thuộc chủ đề này.")
        for unit in units:
            own = [l for l in lessons if l.unit_id == unit.id]
            blocks = []
            for lesson in own:
                heading = f"{lesson.order}: {lesson.title}" if lesson.order else lesson.title
                anchor_link = link(text(heading), here, paths.unit(unit.id), paths.lesson_anchor(lesson.id))
                blocks.append(f"**{anchor_link}**\n\n> {text(lesson.text)}")
            page.add(f"## {text(unit.name)}",
                     f"{self.unit_link(here, unit.id)} · {self.province_link(here, unit.province)}",
                     "\n\n".join(blocks))
        return page

    def field_page(self, field_id: str) -> Page:
        here = paths.field(field_id)
        entry = self.catalogs.fields[field_id]
        page = Page(here, f"Lĩnh vực: {entry.label}", "records/topics.yml")
        models = self.corpus.models_by_field.get(field_id, [])
        page.add(text(entry.description), f"{len(models)} mô hình." if models else "Chưa có mô hình nào.")
        by_province: dict[str, list[Model]] = defaultdict(list)
        for model in models:
            by_province[self.corpus.units[model.unit_id].province].append(model)
        for province_id in sorted(by_province, key=lambda p: sort_key(self.catalogs.provinces[p].name)):
            rows = [[self.model_link(here, m), text(m.owner), self.unit_link(here, m.unit_id)]
                    for m in sorted(by_province[province_id], key=lambda m: (sort_key(m.title), m.unit_id))]
            page.add(f"## {text(self.catalogs.provinces[province_id].name)}",
                     table(["Mô hình", "Chủ thể", "Đơn vị báo cáo"], rows))
        return page

    def theme_page(self, theme: Theme) -> Page:
        here = paths.theme(theme.id)
        page = Page(here, f"{self.theme_label(theme)}: {theme.title}", theme.loc.path)
        facts = [
            ("Năm", self.year_link(here, theme.year)),
            ("Thực hiện", self.directive_link(here, theme.directive) if theme.directive else ""),
            ("Văn bản hướng dẫn", ", ".join(self.directive_link(here, d) for d in theme.guidance)),
        ]
        page.add(self.facts(facts), html_block(body_html(theme.body), "kb-body"))
        units = self.corpus.units_by_theme.get(theme.id, [])
        if units:
            page.add("## Đơn vị báo cáo về chuyên đề",
                     "\n".join(f"- {self.unit_link(here, u.id)} — {self.province_link(here, u.province)}"
                               for u in units))
        models = self.corpus.theme_models.get(theme.id, [])
        if models:
            lines = []
            for model in models:
                how = self.corpus.model_theme[(model.unit_id, model.id)][1]
                note = "trùng tên chuyên đề" if how == "title" else "thực hiện chuyên đề"
                lines.append(f"- {self.model_link(here, model)} — {self.unit_link(here, model.unit_id)} ({note})")
            page.add("## Mô hình liên quan", "\n".join(lines))
        page.add(self.sources_block(theme.sources))
        return page

    def directive_page(self, directive: Directive) -> Page:
        here = paths.directive(directive.id)
        title = self.directive_label(directive) + (f": {directive.title}" if directive.title else "")
        page = Page(here, title, directive.loc.path)
        unverified = set(directive.unverified)

        def mark(field_name: str, value: str) -> str:
            return f"{value} *(chưa kiểm chứng)*" if value and field_name in unverified else value
        facts = [
            ("Số hiệu", mark("code", text(directive.code))),
            ("Loại", mark("kind", DIRECTIVE_KINDS[directive.kind])),
            ("Cơ quan ban hành", mark("issuer", text(directive.issuer)) +
             (f" ({self.unit_link(here, directive.issuer_unit)})" if directive.issuer_unit else "")),
            ("Ngày ban hành", mark("date", date_vn(directive.date))),
            ("Năm", self.year_link(here, int(directive.date[:4])) if directive.date else ""),
            ("Tỉnh", self.province_link(here, directive.province) if directive.province else ""),
            ("Thay thế", mark("replaces", ", ".join(self.directive_link(here, d) for d in directive.replaces))),
            ("Được thay thế bởi", ", ".join(self.directive_link(here, d.id)
                                            for d in self.corpus.replaced_by.get(directive.id, []))),
        ]
        page.add(self.facts(facts))
        missing = [FIELD_LABELS[f] for f in directive.unverified if f in FIELD_LABELS]
        if missing:
            page.add(f'!!! warning "Chưa kiểm chứng"\n    Chưa kiểm chứng được: {text(", ".join(missing))}.')
        page.add(html_block(body_html(directive.body), "kb-body"))
        themes = self.corpus.themes_by_directive.get(directive.id, [])
        guided = self.corpus.guided_themes.get(directive.id, [])
        if themes or guided:
            lines = [f"- {self.theme_link(here, t.id)}: {text(t.title)}" for t in themes]
            lines += [f"- {self.theme_link(here, t.id)} (văn bản hướng dẫn)" for t in guided]
            page.add("## Chuyên đề", "\n".join(lines))
        units = self.corpus.units_by_directive.get(directive.id, [])
        if units:
            page.add(f"## Đơn vị báo cáo về văn bản ({len(units)})",
                     "\n".join(f"- {self.unit_link(here, u.id)} — {self.province_link(here, u.province)}"
                               for u in units))
        page.add(self.sources_block(directive.sources))
        return page

    def province_page(self, province_id: str) -> Page:
        here = paths.province(province_id)
        province = self.catalogs.provinces[province_id]
        page = Page(here, f"{PROVINCE_KINDS[province.kind].capitalize()} {province.name}", "records/provinces.yml")
        status = "Đang là đơn vị hành chính cấp tỉnh." if province.current else \
            f"Tồn tại đến ngày {date_vn(province.valid_to)}."
        facts = [
            ("Vùng", text(self.catalogs.regions[province.region])),
            ("Tình trạng", status),
            ("Sáp nhập vào", self.province_link(here, province.successor, False) if province.successor else ""),
            ("Các tỉnh đã nhập vào", ", ".join(
                f"{self.province_link(here, p, False)} (từ {date_vn(_day_after(self.catalogs.provinces[p].valid_to))})"
                for p in province.merged_from)),
            ("Tên cũ", ", ".join(text(f["name"]) + (f" (đến {date_vn(f['valid_to'])})" if f.get("valid_to") else "")
                                 for f in province.former_names)),
        ]
        page.add(self.facts(facts))
        units = self.corpus.units_by_province.get(province_id, [])
        if units:
            rows = [[self.unit_link(here, u.id), LEVELS[u.level], str(len(u.models)), str(len(u.lessons))]
                    for u in units]
            page.add(f"## Đơn vị ({len(units)})", table(["Đơn vị", "Cấp", "Mô hình", "Kinh nghiệm"], rows))
        else:
            page.add("Chưa có đơn vị nào của tỉnh này trong cơ sở dữ liệu.")
        for old_id in province.merged_from:
            old_units = self.corpus.units_by_province.get(old_id, [])
            if old_units:
                page.add(f"## Đơn vị thuộc {text(self.province_name(old_id))} cũ",
                         "\n".join(f"- {self.unit_link(here, u.id)}" for u in old_units))
        local = self.corpus.directives_by_province.get(province_id, [])
        if local:
            page.add("## Văn bản địa phương", "\n".join(f"- {self.directive_link(here, d.id)}" for d in local))
        return page

    def years(self) -> list[int]:
        found = {t.year for t in self.corpus.themes.values()}
        found |= {int(d.date[:4]) for d in self.corpus.directives.values() if d.date}
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
        reports = [(s, u) for u in self.corpus.sorted_units() for s in u.sources
                   if s.date and int(s.date[:4]) == year]
        if reports:
            reports.sort(key=lambda item: (item[0].date, item[1].id))
            page.add("## Bài viết, báo cáo đăng trong năm",
                     "\n".join(f"- {date_vn(s.date)}: {self.unit_link(here, u.id)} — “{text(s.title)}”"
                               for s, u in reports))
        models = [m for u in self.corpus.sorted_units() for m in u.models if m.year == year]
        if models:
            page.add("## Mô hình", "\n".join(f"- {self.model_link(here, m)} — {self.unit_link(here, m.unit_id)}"
                                             for m in models))
        results = [(u, r) for u in self.corpus.sorted_units() for r in u.results if r.year == year]
        if results:
            rows = [[self.unit_link(here, u.id), text(r.label), text(self.result_value(r))] for u, r in results]
            page.add("## Số liệu của năm", table(["Đơn vị", "Nội dung", "Số liệu"], rows))
        return page

    def home(self) -> Page:
        corpus = self.corpus
        here = paths.HOME
        page = Page(here, "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "records/")
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
        ]
        page.add("## Bắt đầu từ đâu",
                 "\n".join(f"- {link(text(label), here, target)} — {text(why)}" for target, label, why in ways))
        return page

    # -- index pages ---------------------------------------------------------

    def index_pages(self) -> list[Page]:
        return [self.units_index(), self.models_index(), self.topics_index(), self.themes_index(),
                self.directives_index(), self.provinces_index(), self.fields_index(), self.years_index()]

    def units_index(self) -> Page:
        here = paths.index("don-vi")
        page = Page(here, "Đơn vị", "records/units/")
        by_province = self.corpus.units_by_province
        for province_id in sorted(by_province, key=lambda p: sort_key(self.catalogs.provinces[p].name)):
            rows = [[self.unit_link(here, u.id), LEVELS[u.level], str(len(u.models)), str(len(u.lessons))]
                    for u in by_province[province_id]]
            page.add(f"## {self.province_link(here, province_id)}",
                     table(["Đơn vị", "Cấp", "Mô hình", "Kinh nghiệm"], rows))
        return page

    def models_index(self) -> Page:
        here = paths.index("mo-hinh")
        page = Page(here, "Mô hình, điển hình theo lĩnh vực", "records/topics.yml")
        rows = [[self.field_link(here, f), str(len(self.corpus.models_by_field.get(f, []))),
                 text(self.catalogs.fields[f].description)]
                for f in sorted(self.catalogs.fields, key=lambda f: sort_key(self.catalogs.fields[f].label))]
        page.add(table(["Lĩnh vực", "Số mô hình", "Mô tả"], rows),
                 f"Xem thêm: {link('tra cứu A–Z', here, paths.index('a-z'))}.")
        return page

    def topics_index(self) -> Page:
        here = paths.index("kinh-nghiem")
        page = Page(here, "Kinh nghiệm theo chủ đề", "records/topics.yml")
        topics = self.catalogs.lesson_topics
        rows = []
        for topic_id in sorted(topics, key=lambda t: sort_key(topics[t].label)):
            lessons = self.corpus.lessons_by_topic.get(topic_id, [])
            rows.append([self.topic_link(here, topic_id), str(len(lessons)),
                         str(len({l.unit_id for l in lessons})), text(topics[topic_id].description)])
        page.add("Mỗi chủ đề đặt cạnh nhau bài học của nhiều đơn vị.",
                 table(["Chủ đề", "Bài học", "Đơn vị", "Mô tả"], rows))
        return page

    def themes_index(self) -> Page:
        here = paths.index("chuyen-de")
        page = Page(here, "Chuyên đề hằng năm", "records/themes/")
        themes = sorted(self.corpus.themes.values(), key=lambda t: (t.year, t.id))
        rows = [[self.theme_link(here, t.id), text(t.title), str(len(self.corpus.units_by_theme.get(t.id, [])))]
                for t in themes]
        page.add(table(["Chuyên đề", "Tên", "Đơn vị báo cáo"], rows))
        return page

    def directives_index(self) -> Page:
        here = paths.index("van-ban")
        page = Page(here, "Văn bản", "records/directives/")
        directives = sorted(self.corpus.directives.values(), key=lambda d: (d.date or "9999", d.id))
        rows = [[self.directive_link(here, d.id), text(d.issuer), date_vn(d.date), text(d.title or "")]
                for d in directives]
        page.add(table(["Văn bản", "Cơ quan ban hành", "Ngày", "Trích yếu"], rows))
        return page

    def provinces_index(self) -> Page:
        here = paths.index("tinh")
        page = Page(here, "Tỉnh, thành phố", "records/provinces.yml")
        provinces = self.catalogs.provinces
        page.add("Danh mục gồm các tỉnh, thành phố trước ngày 01/07/2025 và 34 đơn vị hành chính cấp tỉnh "
                 "sau sắp xếp (Nghị quyết 202/2025/QH15). Đơn vị được ghi theo tỉnh tại thời điểm báo cáo.")
        for region_id, region_name in sorted(self.catalogs.regions.items(), key=lambda r: sort_key(r[1])):
            members = sorted((p for p in provinces.values() if p.region == region_id), key=lambda p: sort_key(p.name))
            rows = []
            for province in members:
                now = "đang tồn tại" if province.current else (
                    f"sáp nhập vào {self.province_link(here, province.successor, False)}"
                    if province.successor else f"đến {date_vn(province.valid_to)}")
                rows.append([self.province_link(here, province.id, False), now,
                             str(len(self.corpus.units_by_province.get(province.id, [])))])
            page.add(f"## {text(region_name)}", table(["Tỉnh, thành phố", "Tình trạng", "Đơn vị"], rows))
        return page

    def fields_index(self) -> Page:
        here = paths.index("linh-vuc")
        page = Page(here, "Lĩnh vực", "records/topics.yml")
        fields = self.catalogs.fields
        rows = [[self.field_link(here, f), str(len(self.corpus.models_by_field.get(f, []))),
                 text(fields[f].description)] for f in sorted(fields, key=lambda f: sort_key(fields[f].label))]
        page.add(table(["Lĩnh vực", "Số mô hình", "Mô tả"], rows))
        return page

    def years_index(self) -> Page:
        here = paths.index("nam")
        page = Page(here, "Dòng thời gian", "records/")
        lines = []
        for year in self.years():
            events = []
            events += [self.theme_label(t) for t in self.corpus.themes.values() if t.year == year]
            events += [self.directive_label(d) for d in self.corpus.directives.values()
                       if d.date and int(d.date[:4]) == year]
            count = sum(1 for u in self.corpus.units.values() for s in u.sources if s.date and int(s.date[:4]) == year)
            if count:
                events.append(f"{count} bài viết")
            lines.append(f"- {self.year_link(here, year)}" + (f" — {text('; '.join(events))}" if events else ""))
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
        index = Page(here, "Tra cứu A–Z", "records/")
        letters = sorted(entries, key=lambda letter: sort_key(letter) if letter != "#" else ((0,),))
        index.add("Đơn vị (theo địa danh) và mô hình, xếp theo thứ tự chữ cái tiếng Việt.",
                  " · ".join(link(letter.upper(), here, paths.letter(letter)) for letter in letters))
        pages = [index]
        for letter in letters:
            letter_page = Page(paths.letter(letter), f"Tra cứu A–Z: {letter.upper()}", "records/")
            items = sorted(entries[letter])
            letter_page.add("\n".join(f"- {link(text(label), letter_page.path, target)}" for _, label, target in items),
                            link("← Tất cả chữ cái", letter_page.path, here))
            pages.append(letter_page)
        return pages


def _day_after(iso: str) -> str:
    import datetime as dt
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


def _safe_url(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s<>\"']+$", url))


def model_title_key(title: str) -> str:
    return comparable_title(title)

"""What every page builder shares: labels of records, links between pages, and the blocks that
several kinds of page show (sources, lists of units, facts)."""

from __future__ import annotations

from kb.generate.feed import History, day_vn
from kb.generate.groupings import ensure, source_year
from kb.generate.layout import Group, Listing
from kb.model import paths, vocabulary
from kb.model.corpus import Corpus
from kb.model.records import Directive, Lesson, Model, Result, Source, Theme, Unit
from kb.text.markup import attribute, date_vn, link, number_vn, text, url_autolink
from kb.text.vietnamese import sort_key

LEVELS = vocabulary.labels("level")
MODEL_KINDS = vocabulary.labels("model_kind")
DIRECTIVE_KINDS = vocabulary.labels("directive_kind")
PROVINCE_KINDS = vocabulary.labels("province_kind")
UNVERIFIED_LABELS = {**vocabulary.labels("theme_field"), **vocabulary.labels("directive_field")}


def theme_label(theme: Theme) -> str:
    if theme.year is None:  # a theme for a term
        return f"Chuyên đề {getattr(theme, 'period', None) or theme.id}"
    return f"Chuyên đề năm {theme.year}"


def directive_label(directive: Directive) -> str:
    if not directive.code:  # a document cited without a number: its name says what it is
        return directive.title or directive.id
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




def source_date(source: Source) -> str:
    """'22/01/2019', '05/2019', '2019' as the source gives it; undated: 'không rõ ngày đăng (năm 2019, …)'."""
    date = str(source.date) if source.date else ""
    parts = date.split("-")
    if len(parts) == 3:
        return date_vn(date)
    if len(parts) == 2:
        return f"tháng {parts[1]}/{parts[0]} (không rõ ngày đăng)"
    if date:
        return f"năm {date} (không rõ ngày đăng)"
    year = source.year
    if not year:
        return "không rõ ngày đăng"
    how = vocabulary.label("year_source", source.year_source) if source.year_source else ""
    return f"không rõ ngày đăng (năm {year}{', ' + how if how else ''})"


def cite_short(unit: Unit, source: Source | None) -> str:
    """'(Huyện ủy Cầu Ngang, 2019)': what a reader writes after a quoted lesson. Plain text, not escaped."""
    year = source_year(source) if source else None
    return f"({unit.name}, {year or 'không rõ năm'})"


def source_of(unit: Unit, source_id: str | None) -> Source | None:
    """The source an item names, or the unit's only (first) source."""
    if source_id:
        return next((s for s in unit.sources if s.id == source_id), None)
    return unit.sources[0] if unit.sources else None


def source_title(source: Source) -> str:
    """'“Title”', or what the page lacked (plain text, not escaped)."""
    return f"“{source.title}”" if source.title else "(trang không có tiêu đề)"


def source_line(source: Source) -> str:
    """'“Title”, Publisher, 22/01/2019' (plain text, not escaped)."""
    parts = [source_title(source)] + [p for p in (source.publisher, source_date(source)) if p]
    return ", ".join(parts)


def page_meta(title: str, description: str, cite: str = "", record: str = "") -> dict[str, str]:
    """Frontmatter for sharing and citing. Material writes `description` raw into an attribute, and
    overrides/main.html writes the others raw too: every value is attribute-escaped here."""
    meta = {"description": attribute(_shorten(description)), "kb_title": attribute(title)}
    if cite:
        meta["kb_cite"] = attribute(cite)
    if record:
        meta["kb_record"] = attribute(record)
    return meta


def _shorten(value: str, limit: int = 200) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + "…"


def unverified_mark(value: str, field_name: str, unverified: list[str]) -> str:
    return f"{value} *(chưa kiểm chứng)*" if value and field_name in unverified else value


def unverified_note(unverified: list[str]) -> str:
    missing = [UNVERIFIED_LABELS[f] for f in unverified if f in UNVERIFIED_LABELS]
    if not missing:
        return ""
    return f'!!! warning "Chưa kiểm chứng"\n    Chưa kiểm chứng được với văn bản gốc: {text(", ".join(missing))}.'


NATIONAL_LABEL = "Trung ương, nhiều tỉnh"  # where a unit with no province is (level trung-uong, khu-vuc)


class Site:
    """The linked corpus seen by the page builders: one link helper per kind of record."""

    def __init__(self, corpus: Corpus, history: History | None = None) -> None:
        self.corpus = ensure(corpus)
        self.catalogs = corpus.catalogs
        self.history = history or History()
        self.last_changed = self.history.last_changed()

    def meta(self, title: str, description: str, cite: str = "", record: str = "") -> dict[str, str]:
        """Frontmatter of a page: description and title for sharing, the citation, the record file (for
        "Sửa trang này") and its last change in git ("Cập nhật lần cuối")."""
        meta = page_meta(title, description, cite, record)
        if record in self.last_changed:
            meta["kb_updated"] = day_vn(self.last_changed[record].date)
        return meta

    def model_year(self, model: Model) -> int | None:
        """The model's year, or the year of the article that reports it."""
        source = source_of(self.corpus.units[model.unit_id], model.source)
        return model.year or (source_year(source) if source else None)

    def cite(self, unit: Unit, source: Source | None) -> str:
        """Markdown: '(Huyện ủy Cầu Ngang, Trà Vinh, 2019; “Title”, Publisher, 22/01/2019)'."""
        where = self.corpus.where_name(unit)
        year = source_year(source) if source else None
        said = f"{unit.name}, {where}, {year or 'không rõ năm'}"
        return f"({text(said)}{'; ' + text(source_line(source)) if source else ''})"

    def province_name(self, province_id: str | None) -> str:
        if not province_id:
            return NATIONAL_LABEL
        province = self.catalogs.provinces[province_id]
        return f"{PROVINCE_KINDS[province.kind]} {province.name}"

    def province_link(self, here: str, province_id: str, successor: str = "text") -> str:
        """'[Trà Vinh] (nay thuộc tỉnh Vĩnh Long)'. The successor is a link only where asked
        (`successor="link"`, on unit pages): every page that mentions a unit of Trà Vinh would
        otherwise be a page linking to Vĩnh Long. `successor=""` leaves it out. A unit with no province
        (a national body, a military region) is said to be at NATIONAL_LABEL."""
        if not province_id:
            return text(NATIONAL_LABEL)
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
            parts = [text(source_title(source))]
            if source.publisher:
                parts.append(text(source.publisher))
            year = source_year(source)
            day = text(source_date(source))
            parts.append(link(day, here, paths.year(year)) if dates_link_years and year else day)
            if source.author:
                parts.append(f"tác giả: {text(source.author)}")
            line = "- " + ", ".join(parts)
            if source.url and url_autolink(source.url):  # a refused URL is the checker's KB505
                line += f" — {url_autolink(source.url)}"
            lines.append(line)
        notes = [f"    - {text(s.title)}: {text(s.note)}" for s in sources if s.note]
        block = "## Nguồn\n\n" + "\n".join(lines)
        if notes:
            block += ('\n\n!!! note "Ghi chú của người biên tập"\n'
                      "    Điều người biên tập ghi lại khi đối chiếu bài (không phải lời của bài viết):\n\n"
                      + "\n".join(notes))
        return block

    def units_listing(self, key: str, heading: str, units: list[Unit]) -> Listing:
        """Units as bullets with their province (theme, directive and year pages)."""
        return Listing(key, heading, [Group(None, units)], lambda here, u: self.unit_where(here, u),
                       style="bullets")

    def units_table(self, key: str, heading: str, groups: list[Group]) -> Listing:
        return Listing(key, heading, groups,
                       lambda here, u: [self.unit_link(here, u.id), LEVELS[u.level], str(len(u.models)),
                                        str(len(u.lessons))],
                       columns=["Đơn vị", "Cấp", "Mô hình", "Kinh nghiệm"])

    @staticmethod
    def sources_for(unit: Unit, source_id: str | None) -> list[Source]:
        if source_id is None:
            return unit.sources
        return [s for s in unit.sources if s.id == source_id]

    def unit_heading(self, unit: Unit, province: str = "text"):
        """Group heading for a unit: its name, and its province unless `province` is ''."""
        if not province:
            return lambda here: self.unit_link(here, unit.id)
        return lambda here: self.unit_where(here, unit)

    def province_heading(self, province_id: str):
        return lambda here: self.province_link(here, province_id)

    def provinces_in_order(self, province_ids) -> list[str]:
        return sorted(province_ids, key=lambda p: (p is None, sort_key(self.catalogs.provinces[p].name) if p else "",
                                                   p or ""))

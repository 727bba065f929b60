"""The search documents: one per unit, model, lesson, theme, directive and guide page, as plain text."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from kb.generate.groupings import ensure, source_year
from kb.generate.render.site import directive_label, lesson_label, theme_label
from kb.model import kinds, paths, vocabulary
from kb.model.corpus import Corpus
from kb.model.records import Unit
from kb.text.vietnamese import nfc

SNIPPET_CHARS = 600


UNIT_SUMMARY_CHARS = 240  # of a unit's summary in its snippet; its models' and lessons' titles follow


UNIT_SNIPPET_CHARS = 1200


# What a reader of a model's page reads, in the order a result's snippet shows it. An editor's `note` (and a
# source's) is never searched nor shown: tests/generate/search/test_index.py holds every text field of a model
# to one of these two lists.
MODEL_READER_FIELDS = ("summary", "how", "conditions", "excerpt", "owner")
MODEL_EDITOR_FIELDS = ("note",)


KINDS = kinds.search_kinds()  # folder → label, in the order documents are numbered (kb.model.kinds' search_rank)


# Kinds of search document, named by their folder in kb.model.kinds. Guide pages ("huong-dan", the site's own help)
# have a tab of their own and are never among the records.
UNIT_KIND, MODEL_KIND, LESSON_KIND, THEME_KIND, DIRECTIVE_KIND, GUIDE_KIND = (
    kinds.page_kind(name).folder for name in ("unit", "model", "lesson-topic", "theme", "directive", "guide"))


@dataclass
class Document:
    kind: str
    title: str
    url: str
    text: str
    unit: str = ""
    province: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    extra: str = ""  # searchable words not shown (unit and province names, owner), weighted as text
    snippet: str = ""  # what a result shows under its title, when it is not the start of `text`
    key: str = ""  # words that name the record itself (KEY_WEIGHT)
    context: str = ""  # a unit's province names (CONTEXT_WEIGHT)
    reports: str = ""  # the documents and themes a unit reports under, one a line (REPORT_WEIGHT)
    labels: str = ""  # what the record is, as a reader calls it: 'Mô hình', 'Đơn vị\nTrường học' (KIND_WEIGHT)


def documents(corpus: Corpus) -> list[Document]:
    """One search document per unit, model, lesson, theme and directive (corpus order, not index order)."""
    return [make() for _, make in document_sources(corpus)]


def document_sources(corpus: Corpus):
    """(kind, title, url, make) per search document, `make()` building the Document with its text: the index
    sorts the light heads first and makes each document only when it indexes it, so a corpus's texts are
    never all held at once."""
    ensure(corpus)
    for unit in corpus.sorted_units():
        yield (UNIT_KIND, unit.name, paths.url_of(paths.unit(unit.id))), functools.partial(_unit_document, corpus, unit)
        for model in unit.models:
            yield ((MODEL_KIND, model.title, paths.url_of(paths.model(unit.id, model.id))),
                   functools.partial(_model_document, corpus, unit, model))
        for lesson in unit.lessons:
            yield ((LESSON_KIND, lesson_label(lesson), paths.url_of(paths.unit(unit.id)) + "#" + paths.lesson_anchor(lesson.id)),
                   functools.partial(_lesson_document, corpus, unit, lesson))
    for theme in sorted(corpus.themes.values(), key=lambda t: (t.year or 9999, t.id)):  # a term's theme: no year
        yield ((THEME_KIND, f"{theme_label(theme)}: {theme.title}", paths.url_of(paths.theme(theme.id))),
               functools.partial(_theme_document, theme))
    for directive in sorted(corpus.directives.values(), key=lambda d: d.id):
        yield ((DIRECTIVE_KIND, _directive_title(directive), paths.url_of(paths.directive(directive.id))),
               functools.partial(_directive_document, directive))


def _unit_context(corpus: Corpus, unit: Unit):
    """What a unit's documents share: its province, facets, years and place words."""
    province = corpus.where_name(unit)
    successor = corpus.successor(unit.province)
    province_ids = ([unit.province] if unit.province else []) + ([successor.id] if successor else [])
    base_facets = {"province": province_ids, "level": [unit.level], "unit_kind": [unit.kind],
                   "directive": list(unit.directives), "theme": list(unit.themes)}
    years = sorted({source_year(s) for s in unit.sources if source_year(s)} | {r.year for r in unit.results if r.year})
    place_words = f"{unit.name}\n{unit.place}\n{province}\n{successor.name if successor else ''}"
    return province, successor, base_facets, years, place_words


def _unit_document(corpus: Corpus, unit: Unit) -> Document:
    province, successor, base_facets, years, _ = _unit_context(corpus, unit)
    return Document(
        UNIT_KIND, unit.name, paths.url_of(paths.unit(unit.id)),
        "\n".join([plain_text(unit.body)] + [m.title for m in unit.models] + [lesson.title for lesson in unit.lessons]),
        unit.name, province, {**base_facets, "year": [str(y) for y in years]},
        key=unit.place, context=f"{province}\n{successor.name if successor else ''}",
        snippet=_unit_snippet(corpus, unit), reports="\n".join(_reported_under(corpus, unit)),
        labels=vocabulary.label("unit_kind", unit.kind))


def _reported_under(corpus: Corpus, unit: Unit) -> list[str]:
    """'Chỉ thị 05-CT/TW', 'Chuyên đề năm 2019': the documents and themes a unit's report names."""
    return ([directive_label(corpus.directives[d]) for d in unit.directives if d in corpus.directives]
            + [theme_label(corpus.themes[t]) for t in unit.themes if t in corpus.themes])


def _model_document(corpus: Corpus, unit: Unit, model) -> Document:
    province, _, base_facets, years, place_words = _unit_context(corpus, unit)
    model_years = [str(model.year)] if model.year else [str(y) for y in years]
    return Document(
        MODEL_KIND, model.title, paths.url_of(paths.model(unit.id, model.id)),
        "\n".join(plain_text(getattr(model, name) or "") for name in MODEL_READER_FIELDS if getattr(model, name)),
        unit.name, province, {**base_facets, "field": [model.field], "year": model_years}, extra=place_words)


def _lesson_document(corpus: Corpus, unit: Unit, lesson) -> Document:
    province, _, base_facets, years, place_words = _unit_context(corpus, unit)
    return Document(
        LESSON_KIND, lesson_label(lesson), paths.url_of(paths.unit(unit.id)) + "#" + paths.lesson_anchor(lesson.id),
        plain_text(lesson.text), unit.name, province,
        {**base_facets, "topic": list(lesson.topics), "year": [str(y) for y in years]}, extra=place_words)


def _theme_document(theme) -> Document:
    return Document(
        THEME_KIND, f"{theme_label(theme)}: {theme.title}", paths.url_of(paths.theme(theme.id)),
        plain_text(theme.body), facets={"year": [str(theme.year)] if theme.year else [], "theme": [theme.id],
                                        "directive": [theme.directive] if theme.directive else []})


def _directive_title(directive) -> str:
    return directive_label(directive) + (f": {directive.title}" if directive.title and directive.code else "")


def _directive_document(directive) -> Document:
    return Document(
        DIRECTIVE_KIND, _directive_title(directive), paths.url_of(paths.directive(directive.id)),
        f"{directive.issuer}\n{plain_text(directive.body)}",
        facets={"directive": [directive.id], "year": [directive.date[:4]] if directive.date else [],
                "province": [directive.province] if directive.province else []}, key=directive.code or "")


def guide_document(title: str, url: str, markdown_text: str) -> Document:
    """A page of the site's own guide (about, contributing, field and code tables) as a search document."""
    return Document(GUIDE_KIND, title, url, plain_text(markdown_text))


# Markup stripped from indexed text, in this order. Python-Markdown is not used here: at 60,000 documents
# rendering every text would double the index time, and only the words are wanted.
_FRONTMATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


_HIDDEN_HTML = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)


_TAG = re.compile(r"</?[A-Za-z][^>]*>")


_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|pre|hr)\b[^>]*>",
                        re.IGNORECASE)


_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")


_ATTRIBUTE_LIST = re.compile(r"\{[:#.][^}]*\}|\{\s*markdown\s*=[^}]*\}")


_LINE_MARKUP = re.compile(
    r"^[ \t]*(?:"
    r"(?:[-*_][ \t]*){3,}$"  # thematic break: --- *** ___
    r"|\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$"  # table separator row
    r"|[=-]{2,}[ \t]*$"  # setext underline
    r"|#{1,6}(?=[ \t]|$)"  # ATX heading marker
    r"|(?:>[ \t]?)+"  # blockquote
    r"|(?:!!!|\?\?\?\+?)[ \t]*[\w-]+"  # admonition marker (its title stays)
    r"|(?:[-+*]|\d+[.)])(?=[ \t])"  # list marker
    r"|```+[\w-]*|~~~+[\w-]*"  # code fence
    r")", re.MULTILINE)


_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


_EMPHASIS = re.compile(r"[*`~]+|(?<![^\W_])_+|_+(?![^\W_])|\s#+\s")


_BLOCKS = re.compile(r"\n[ \t]*\n")


def plain_text(markdown_text: str) -> str:
    """The words of a markdown (or HTML) text, without its markup, one block (paragraph, heading, list item,
    table cell) a line.

    'Một **mô hình** [hay](https://x)' → 'Một mô hình hay'; tables, rules and headings leave their words only.
    A line break inside a paragraph is a space; a new line ends a phrase for search (kb.generate.search.terms).
    Words joined by an underscore ('snake_case') keep it; a literal '*' is dropped.
    """
    text = _FRONTMATTER.sub("", nfc(markdown_text).replace("\r\n", "\n"))
    text = _HIDDEN_HTML.sub(" ", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    for _ in range(2):  # a link inside an image's alternative text
        text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _ATTRIBUTE_LIST.sub(" ", text)
    text = _LINE_MARKUP.sub("\n\n", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("|", "\n\n")
    text = _EMPHASIS.sub(" ", text)
    blocks = (" ".join(block.split()) for block in _BLOCKS.split(text))
    return "\n".join(block for block in blocks if block)


def snippet_source(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Plain text (documents hold plain text already, one block a line), cut at a word boundary."""
    plain = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    if len(plain) <= limit:
        return plain
    cut = plain[:limit]
    return cut[:max(cut.rfind(" "), cut.rfind("\n"))] if " " in cut or "\n" in cut else cut


def _unit_snippet(corpus: Corpus, unit: Unit) -> str:
    """The start of the summary, then what the unit offers and the documents it reports under, so that a query
    that found the unit through one of its models, lessons or documents shows that title, highlighted, under the
    unit's name."""
    start = " ".join(plain_text(unit.body).split())
    if len(start) > UNIT_SUMMARY_CHARS:
        start = start[:UNIT_SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    parts = [start]
    if unit.models:
        parts.append("Mô hình: " + "; ".join(model.title for model in unit.models) + ".")
    if unit.lessons:
        parts.append("Kinh nghiệm: " + "; ".join(lesson.title for lesson in unit.lessons) + ".")
    reports = _reported_under(corpus, unit)
    if reports:
        parts.append("Thực hiện: " + "; ".join(reports) + ".")
    return "\n".join(parts)

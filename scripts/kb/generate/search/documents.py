"""The search documents: one per unit, model, lesson, theme, directive and guide page, as plain text."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from kb.generate.groupings import ensure, source_year
from kb.generate.render.site import directive_label, lesson_label, theme_label
from kb.model import kinds, paths
from kb.model.corpus import Corpus
from kb.model.records import Unit
from kb.text.vietnamese import nfc

SNIPPET_CHARS = 600


UNIT_SUMMARY_CHARS = 240  # of a unit's summary in its snippet; its models' and lessons' titles follow


UNIT_SNIPPET_CHARS = 1200


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


def documents(corpus: Corpus) -> list[Document]:
    """One search document per unit, model, lesson, theme and directive (corpus order, not index order)."""
    return [make() for _, _, make in document_sources(corpus)]


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
    base_facets = {"province": province_ids, "level": [unit.level], "directive": list(unit.directives),
                   "theme": list(unit.themes)}
    years = sorted({source_year(s) for s in unit.sources if source_year(s)} | {r.year for r in unit.results if r.year})
    place_words = f"{unit.name} {unit.place} {province} {successor.name if successor else ''}"
    return province, successor, base_facets, years, place_words


def _unit_document(corpus: Corpus, unit: Unit) -> Document:
    province, successor, base_facets, years, _ = _unit_context(corpus, unit)
    return Document(
        UNIT_KIND, unit.name, paths.url_of(paths.unit(unit.id)),
        " ".join([plain_text(unit.body)] + [m.title for m in unit.models] + [lesson.title for lesson in unit.lessons]),
        unit.name, province, {**base_facets, "year": [str(y) for y in years]},
        key=unit.place, context=f"{province} {successor.name if successor else ''}",
        snippet=_unit_snippet(unit))


def _model_document(corpus: Corpus, unit: Unit, model) -> Document:
    province, _, base_facets, years, place_words = _unit_context(corpus, unit)
    model_years = [str(model.year)] if model.year else [str(y) for y in years]
    return Document(
        MODEL_KIND, model.title, paths.url_of(paths.model(unit.id, model.id)),
        " ".join(filter(None, [plain_text(model.summary or ""), model.owner])), unit.name, province,
        {**base_facets, "field": [model.field], "year": model_years}, extra=place_words)


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
        f"{directive.issuer} {plain_text(directive.body)}",
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


_EMPHASIS = re.compile(r"[*`~|]+|(?<![^\W_])_+|_+(?![^\W_])|\s#+\s")


def plain_text(markdown_text: str) -> str:
    """The words of a markdown (or HTML) text, without its markup, on one line.

    'Một **mô hình** [hay](https://x)' → 'Một mô hình hay'; tables, rules and headings leave their words only.
    Words joined by an underscore ('snake_case') keep it; a literal '*' or '|' in a text is dropped.
    """
    text = _FRONTMATTER.sub("", nfc(markdown_text).replace("\r\n", "\n"))
    text = _HIDDEN_HTML.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    for _ in range(2):  # a link inside an image's alternative text
        text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _ATTRIBUTE_LIST.sub(" ", text)
    text = _LINE_MARKUP.sub(" ", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub(" ", text)
    return " ".join(text.split())


def snippet_source(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Plain text (documents hold plain text already), cut at a word boundary."""
    plain = " ".join(text.split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0]


def _unit_snippet(unit: Unit) -> str:
    """The start of the summary, then what the unit offers, so that a query that found the unit through
    one of its models or lessons shows that title, highlighted, under the unit's name."""
    start = plain_text(unit.body)
    if len(start) > UNIT_SUMMARY_CHARS:
        start = start[:UNIT_SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    parts = [start]
    if unit.models:
        parts.append("Mô hình: " + "; ".join(model.title for model in unit.models) + ".")
    if unit.lessons:
        parts.append("Kinh nghiệm: " + "; ".join(lesson.title for lesson in unit.lessons) + ".")
    return " ".join(parts)

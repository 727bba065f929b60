"""Stage 4 — render: the linked corpus → generated markdown pages.

Each page is plain markdown (no MkDocs API): every record string escaped by
`markup.text`, bodies sanitised by `markup.body_html`, links relative between
`.md` files. Lists that grow with the corpus are `Listing`s, which `layout`
splits into numbered pages and which count as relations for the
"Được nhắc đến ở" section. Output is deterministic: the same corpus
gives byte-identical pages.

One module per kind of page; `BUILDERS` maps each page kind of `kb.model.kinds`
to the function that makes its pages (the search index is `kb.generate.search`'s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from kb.generate.feed import History
from kb.generate.layout import Page, lay_out, lay_out_into
from kb.generate.render import (
    a_z,
    browse,
    catalog_pages,
    guides,
    home,
    index_pages,
    model_page,
    practices,
    record_pages,
    stats,
    updates,
)
from kb.generate.render.site import (
    DIRECTIVE_KINDS,
    LEVELS,
    MODEL_KINDS,
    PROVINCE_KINDS,
    Site,
    directive_label,
    lesson_label,
    page_meta,
    result_value,
    share,
    theme_label,
)
from kb.model.corpus import Corpus
from kb.model.records import Directive, Theme, Unit

__all__ = ["render", "BUILDERS", "DIRECTIVE_KINDS", "LEVELS", "MODEL_KINDS", "PROVINCE_KINDS", "directive_label",
           "lesson_label", "result_value", "share", "theme_label"]


class Each:
    """One page per entry, made when the layout asks for it (a national build never holds them all). The preview
    and `--reuse` make again only the pages of the entries an edit reaches (`kb.generate.incremental`)."""

    def __init__(self, builder: Callable[[Site, object], Page], entries: Callable[[Site], Iterable]) -> None:
        self.builder, self.entries = builder, entries

    def __call__(self, site: Site) -> Iterator[Page]:
        return (self.builder(site, entry) for entry in self.entries(site))


_each = Each


BUILDERS: dict[str, Callable[[Site], Iterable[Page]]] = {
    "home": lambda site: [home.home(site)],
    "unit": _each(record_pages.unit_page, lambda site: site.corpus.sorted_units()),
    "model": _each(model_page.model_page, lambda site: [m for u in site.corpus.sorted_units() for m in u.models]),
    "lesson-topic": _each(catalog_pages.topic_page, lambda site: site.catalogs.lesson_topics),
    "field": _each(catalog_pages.field_page, lambda site: site.catalogs.fields),
    "theme": _each(record_pages.theme_page, lambda site: site.corpus.themes.values()),
    "directive": _each(record_pages.directive_page, lambda site: site.corpus.directives.values()),
    "province": _each(catalog_pages.province_page, lambda site: site.catalogs.provinces),
    "year": _each(catalog_pages.year_page, lambda site: site.corpus.years),
    "indicator": _each(catalog_pages.indicator_page, lambda site: site.catalogs.indicators),
    "index": index_pages.index_pages,
    "unit-kind": browse.unit_kind_pages,
    "level": browse.level_pages,
    "letter": a_z.a_to_z_pages,
    "guide": lambda site: [guides.field_reference_page(site), guides.codes_page(site)],
    "data": lambda site: [guides.data_page(site)],
    "practice": practices.practice_pages,
    "stats": lambda site: [stats.stats_page(site)],
    "updates": lambda site: [updates.updates_page(site)],
}

SITE_DESCRIPTION = "Cơ sở dữ liệu mô hình, điển hình và bài học kinh nghiệm học tập và làm theo Bác."


def pages(corpus: Corpus, history: History | None = None) -> list[Page]:
    return list(_pages(Site(corpus, history)))


def _pages(site: Site) -> Iterator[Page]:
    return _finish(page for builder in BUILDERS.values() for page in builder(site))


def _finish(found: Iterable[Page]) -> Iterator[Page]:
    return (finished(page) for page in found)


def finished(page: Page) -> Page:
    if not page.meta:  # every page can be shared with a description
        page.meta = page_meta(page.title, f"{page.title} — {SITE_DESCRIPTION}")
    return page


# The pages made from one record, for the preview's first answer to an edit (`render_records`).
RECORD_PAGES: dict[type, Callable[[Site, object], list[Page]]] = {
    Unit: lambda site, unit: [record_pages.unit_page(site, unit)]
    + [model_page.model_page(site, model) for model in unit.models],
    Theme: lambda site, theme: [record_pages.theme_page(site, theme)],
    Directive: lambda site, directive: [record_pages.directive_page(site, directive)],
}


def render_records(corpus: Corpus, records: list, history: History | None = None) -> dict[str, str]:
    """The pages of `records` alone, laid out without backlinks (they need the whole site): what a saved
    record changes first. `render` makes every page, these included, the same way."""
    site = Site(corpus, history)
    found = [page for record in records for page in RECORD_PAGES[type(record)](site, record)]
    return lay_out(_finish(found), backlinks=False)


def render(corpus: Corpus, history: History | None = None) -> dict[str, str]:
    """All generated pages (docs-relative path → markdown text) and the Atom feed of `history`."""
    out: dict[str, str] = {}

    def append(path: str, more: str) -> None:
        out[path] += more
    render_into(corpus, history, out.__setitem__, append)
    return dict(sorted(out.items()))


def render_into(corpus: Corpus, history: History | None, write: Callable[[str, str], None],
                append: Callable[[str, str], None]) -> None:
    """`render`, each file handed to `write` as soon as it is made (`layout.lay_out_into`)."""
    site = Site(corpus, history)
    lay_out_into(_pages(site), write, append)
    write(updates.FEED_FILE, updates.atom(site))
    write(updates.FEED_SITEMAP, updates.EMPTY_SITEMAP)

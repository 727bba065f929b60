"""Everything compiled from a linked corpus: pages, search index, open data, the editor's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.generate import opendata
from kb.generate.editor import files as editor_files
from kb.generate.feed import History, read_history
from kb.generate.incremental import PageBook, render_all
from kb.generate.render import render
from kb.generate.search.documents import Document, guide_document
from kb.generate.search.index import INDEX_DIR, build_index, iter_index
from kb.model import paths
from kb.model.corpus import Corpus
from kb.text.docpage import read_page, searched
from kb.text.siteconfig import read_config, site_url


def generate(root: Path, corpus: Corpus) -> dict[str, str]:
    """Everything compiled from a linked corpus: pages, search index, open data (docs-relative path → text)."""
    pages = generate_pages(root, corpus)
    pages.update(generate_index(root, corpus, pages))
    return pages


def site_history(root: Path) -> History:
    """What changed in records/ (git), and the site's address and publisher (mkdocs.yml) the feed names."""
    found = read_history(root)
    config = read_config(root / "mkdocs.yml")
    found.site_url = site_url(root / "mkdocs.yml")
    found.publisher = str((config.get("extra") or {}).get("kb_publisher") or "")
    return found


def generate_pages(root: Path, corpus: Corpus) -> dict[str, str]:
    """The pages and open data, without the search index (the preview builds the index after the pages)."""
    pages = render(corpus, site_history(root))
    pages.update(opendata.files(corpus))
    pages.update(editor_files(root))
    return pages


def generate_into(root: Path, corpus: Corpus, write: Callable[[str, str], None],
                  append: Callable[[str, str], None], progress: Callable[[int, int], None] | None = None) -> PageBook:
    """`generate`, each file handed to `write` as soon as it is made (a national build holds no page):
    the pages (`generate_pages_into`), then the search index, which reads only the guide pages among them.
    Returns the book of what each page read (`kb build --reuse` renders again only what an edit reaches)."""
    kept, book = generate_pages_into(root, corpus, write, append, progress=progress)
    write_index(root, corpus, kept, write)
    return book


def write_index(root: Path, corpus: Corpus, guide_pages: dict[str, str], write: Callable[[str, str], None]) -> None:
    for name, text in iter_index(corpus, guides(root, guide_pages)):  # each index file written as it comes
        write(f"{INDEX_DIR}/{name}", text)


def generate_pages_into(root: Path, corpus: Corpus, write: Callable[[str, str], None],
                        append: Callable[[str, str], None], history: History | None = None,
                        progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, str], PageBook]:
    """`generate_pages`, streamed: pages (their backlinks given to `append` at the end), open data, the
    web editor. Returns the generated guide pages, the only ones the search index reads, and the book of
    what each page read (`kb.generate.incremental`)."""
    kept: dict[str, str] = {}

    def keep(path: str, text: str) -> None:
        if path in paths.GENERATED_GUIDES:
            kept[path] = text
        write(path, text)

    def keep_more(path: str, text: str) -> None:
        if path in kept:
            kept[path] += text
        append(path, text)
    history = site_history(root) if history is None else history
    book = render_all(corpus, history, keep, keep_more, progress)
    book.inputs["history"] = history
    write_whole_files(root, corpus, write)
    return kept, book


def write_whole_files(root: Path, corpus: Corpus, write: Callable[[str, str], None]) -> None:
    """What is made from the whole corpus at once, again after every edit: open data, the web editor."""
    for path, text in opendata.files(corpus).items():
        write(path, text)
    for path, text in editor_files(root).items():
        write(path, text)


def generated_guides(read: Callable[[str], str | None]) -> dict[str, str]:
    """The generated guide pages (the search index reads them), as `read` gives them (docs/ after an edit)."""
    return {path: text for path in paths.GENERATED_GUIDES if (text := read(path)) is not None}


def generate_index(root: Path, corpus: Corpus, pages: dict[str, str]) -> dict[str, str]:
    """The search index files (docs-relative), from the corpus and the guide pages among `pages`."""
    index = build_index(corpus, guides(root, pages))
    return {f"{INDEX_DIR}/{name}": text for name, text in index.items()}


def guides(root: Path, pages: dict[str, str]) -> list[Document]:
    """The site's guide pages, searchable too: the hand-written ones in docs/ and the generated tables."""
    found = []
    for path in sorted((root / "docs").glob("*.md")):
        if path.name not in paths.GENERATED_FILES and path.name not in paths.NOT_SEARCHED:
            meta, body = read_page(path.read_text(encoding="utf-8"))
            if searched(meta):
                found.append(_guide(path.relative_to(root / "docs").as_posix(), body, meta.get("title")))
    for page in paths.GENERATED_GUIDES:
        found.append(_guide(page, pages[page].split("\n---\n", 1)[-1]))
    return found


def _guide(page: str, markdown_text: str, title: str | None = None) -> Document:
    if not isinstance(title, str) or not title.strip():
        title = next((line[2:].strip() for line in markdown_text.splitlines() if line.startswith("# ")), page)
    return guide_document(title, paths.url_of(page), markdown_text)

"""The shape of a generated page: blocks, long listings split into numbered pages, backlinks.

The render stage describes each page as blocks of markdown and `Listing`s
(rows that can grow with the corpus: the units of a province, the models of
a field). This module turns them into the markdown files MkDocs reads:

- a listing longer than `PER_PAGE` rows shows its first rows on the page and
  continues on numbered pages (`tinh/tra-vinh/don-vi/trang-2.md`), so no page
  grows without bound when the corpus reaches national scale;
- each page ends with "Trang liên kết đến đây": the pages that link to it
  and that it does not already link back to, so every relation can be
  followed both ways.

Links inside a row depend on the page that shows the row (they are relative
paths), so rows and group headings are functions of that page's path.
"""

from __future__ import annotations

import json
import posixpath
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kb.model.paths import continuation_name
from kb.text.markup import frontmatter_comment, heading, link, number_vn, text
from kb.text.vietnamese import sort_key

PER_PAGE = 100
PAGER_SPAN = 2  # numbered links either side of the current page

Cell = str
RowRenderer = Callable[[str, Any], "list[Cell] | str"]
Heading = Callable[[str], str]

_LINK_TARGET = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


class PageCollision(ValueError):
    """Two pages made for one path: writing the second would lose the first without a word."""


def collision_message(out: "Output", other_title: str) -> str:
    return (f"hai trang cùng ghi vào docs/{out.path}: “{out.title}” (từ {out.origin}) và “{other_title}”; một trang "
            "sẽ mất. Đổi mã của một trong hai hồ sơ (kb check báo mã trùng tên trang bằng KB405)")


@dataclass
class Group:
    """Rows under one sub-heading (a province, a unit); `heading` renders it for a given page."""

    heading: Heading | None
    items: list


@dataclass
class Listing:
    """A list that grows with the corpus: a table (`columns`), bullets, or free blocks of markdown."""

    key: str  # URL segment of its continuation pages: 'don-vi' → tinh/tra-vinh/don-vi/trang-2.md
    heading: str  # plain text, shown as '## heading (count)'
    groups: list[Group]
    row: RowRenderer
    columns: list[str] | None = None
    style: str = "table"  # table | bullets | blocks
    relation: bool = True  # False: links that are suggestions or navigation, not references
    intro: str = ""

    @property
    def count(self) -> int:
        return sum(len(group.items) for group in self.groups)


@dataclass
class Block:
    markdown: str
    relation: bool = True


@dataclass
class Page:
    path: str
    title: str
    origin: str  # the record file (or 'records/') the page is compiled from
    sections: list = field(default_factory=list)  # str | Block | Listing
    navigation: bool = False  # index and A–Z pages: their links lead the way, they are not relations
    meta: dict[str, str] = field(default_factory=dict)  # frontmatter (description, …): values already escaped

    def add(self, *sections) -> None:
        self.sections.extend(s for s in sections if s)


@dataclass
class Output:
    """One markdown file: a page or one of its continuation pages."""

    path: str
    title: str
    origin: str
    family: str  # path of the page it continues (its own path for a page)
    blocks: list[Block] = field(default_factory=list)
    navigation: bool = False
    meta: dict[str, str] = field(default_factory=dict)

    def markdown(self) -> str:
        front = ("---\n"
                 f"# Trang sinh tự động bởi kb từ {frontmatter_comment(self.origin)} — không sửa tay.\n"
                 "search:\n  exclude: true\n"
                 + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in self.meta.items())
                 + "---\n")
        # The h1 is also the page title (Material's <title>, header, tab): heading() escapes it for both.
        body = [f"# {heading(self.title)}"] + [b.markdown for b in self.blocks if b.markdown]
        return front + "\n" + "\n\n".join(body) + "\n"


def lay_out(pages: list[Page], backlinks: bool = True) -> dict[str, str]:
    """Every markdown file of the site: docs-relative path → text. Deterministic.

    Backlinks need every page of the site; `backlinks=False` lays out a few pages without them (the
    preview's first answer to an edit, which carries each page's previous backlinks over: `carry_backlinks`).
    """
    files: dict[str, str] = {}

    def append(path: str, more: str) -> None:
        if backlinks:
            files[path] += more
    lay_out_into(pages, files.__setitem__, append)
    return dict(sorted(files.items()))


def plan(pages: list[Page]) -> list[Output]:
    """The markdown files the pages become, as objects: numbered pages added, backlinks filled in."""
    outputs: list[Output] = []
    for page in pages:
        outputs += _expand(page)
    _add_backlinks(outputs)
    return outputs


# -- listings and numbered pages -------------------------------------------------


def continuation_path(page_path: str, key: str, number: int) -> str:
    """'tinh/tra-vinh.md' → 'tinh/tra-vinh/don-vi/trang-2.md'; 'don-vi/index.md' → 'don-vi/tat-ca/trang-2.md'."""
    stem = page_path[: -len("/index.md")] if page_path.endswith("/index.md") else page_path[:-3]
    return f"{stem}/{key}/{continuation_name(number)}.md"


def _expand(page: Page) -> list[Output]:
    main = Output(page.path, page.title, page.origin, page.path, navigation=page.navigation, meta=page.meta)
    outputs = [main]
    for section in page.sections:
        if isinstance(section, Listing):
            main.blocks += _listing_blocks(section, page, 1)
            total = _page_count(section)
            for number in range(2, total + 1):
                part = Output(continuation_path(page.path, section.key, number),
                               f"{page.title} — {section.heading} (trang {number}/{total})",
                               page.origin, page.path, navigation=page.navigation)
                part.blocks.append(Block(f"← {link(text(page.title), part.path, page.path)}", relation=False))
                part.blocks += _listing_blocks(section, page, number, on=part.path)
                outputs.append(part)
        elif isinstance(section, Block):
            main.blocks.append(section)
        else:
            main.blocks.append(Block(section))
    return outputs


def _page_count(listing: Listing) -> int:
    return max(1, -(-listing.count // PER_PAGE))


def _listing_blocks(listing: Listing, page: Page, number: int, on: str | None = None) -> list[Block]:
    here = on or page.path
    start = (number - 1) * PER_PAGE
    chunk = _slice(listing.groups, start, start + PER_PAGE)
    blocks = []
    if number == 1:
        # its key is its anchor: a count elsewhere links to the listing itself (tests/site/test_counts.py)
        blocks.append(Block(f"## {text(listing.heading)} ({listing.count}) {{#{listing.key}}}", relation=False))
        if listing.intro:
            blocks.append(Block(listing.intro, relation=listing.relation))
    parts = []
    for group, items in chunk:
        if group.heading is not None:
            parts.append(f"### {group.heading(here)}")
        parts.append(_rows(listing, here, items))
    blocks.append(Block("\n\n".join(p for p in parts if p), relation=listing.relation))
    if _page_count(listing) > 1:
        blocks.append(Block(_pager(listing, page.path, here, number), relation=False))
    return blocks


def _slice(groups: list[Group], start: int, stop: int) -> list[tuple[Group, list]]:
    """The rows start..stop of the listing, with the groups they belong to."""
    chunk, position = [], 0
    for group in groups:
        end = position + len(group.items)
        if end > start and position < stop:
            chunk.append((group, group.items[max(0, start - position): stop - position]))
        position = end
    return chunk


def _rows(listing: Listing, here: str, items: list) -> str:
    rendered = [listing.row(here, item) for item in items]
    if listing.style == "table":
        lines = ["| " + " | ".join(listing.columns) + " |", "|" + "|".join(" --- " for _ in listing.columns) + "|"]
        lines += ["| " + " | ".join(cells) + " |" for cells in rendered]
        return "\n".join(lines)
    if listing.style == "bullets":
        return "\n".join(f"- {line}" for line in rendered)
    return "\n\n".join(rendered)


def _pager(listing: Listing, page_path: str, here: str, number: int) -> str:
    """'Trang: ← Trước · 1 … 4 5 **6** 7 8 … 20 · Sau →' for the listing's numbered pages."""
    total = _page_count(listing)

    def target(n: int) -> str:
        return page_path if n == 1 else continuation_path(page_path, listing.key, n)

    shown = sorted({1, total} | set(range(max(1, number - PAGER_SPAN), min(total, number + PAGER_SPAN) + 1)))
    parts, previous = [], 0
    for n in shown:
        if n - previous > 1:
            parts.append("…")
        parts.append(f"**{n}**" if n == number else link(str(n), here, target(n)))
        previous = n
    if number > 1:
        parts.insert(0, link("← Trước", here, target(number - 1)))
    if number < total:
        parts.append(link("Sau →", here, target(number + 1)))
    return f"*{text(listing.heading)}, trang:* " + " ".join(parts)


# -- backlinks -----------------------------------------------------------------


def _resolve(from_page: str, target: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_page), target))


class PathNumbers:
    """Every path numbered once, and the family (the page a continuation page belongs to) of each number."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}
        self.paths: list[str] = []
        self.family = array("i")  # path number → its family's number; -1: not a page (yet)

    def numbered(self, path: str) -> int:
        found = self.number.get(path)
        if found is None:
            found = self.number[path] = len(self.paths)
            self.paths.append(path)
            self.family.append(-1)
        return found


class _LinkBook(PathNumbers):
    """Who links to whom, kept small enough for a national site (a hundred thousand pages, millions of
    links): every path is numbered once, and each family's relation-link targets are an array of numbers
    (4 bytes a link, where a set of interned strings took some forty)."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: dict[int, array] = {}  # family number → the path numbers its relation links point to
        self.title: dict[int, str] = {}  # family number → its title

    def add(self, out: Output) -> None:
        page, family = self.numbered(out.path), self.numbered(out.family)
        if self.family[page] != -1:
            raise PageCollision(collision_message(out, self.title.get(self.family[page], out.path)))
        self.family[page] = family
        if out.path == out.family:
            self.title[family] = out.title
        if out.navigation:  # navigation pages have no relation links
            return
        found = [self.numbered(target) for target in relation_targets(out)]
        if found:
            self.targets.setdefault(family, array("i")).extend(found)

    def families(self) -> dict[int, set[int]]:
        """Family → the other families its relation links point to (the raw targets are let go as read)."""
        links: dict[int, set[int]] = {}
        while self.targets:
            family, targets = self.targets.popitem()
            pointed = {self.family[target] for target in targets}
            pointed.discard(-1)
            pointed.discard(family)
            if pointed:
                links[family] = pointed
        return links

    def relation_links(self) -> dict[str, set[str]]:
        return {self.paths[family]: {self.paths[other] for other in others}
                for family, others in self.families().items()}

    def backlinks(self) -> Iterator[tuple[str, str]]:
        """(page, its 'Được nhắc đến ở' section) in page order: who links to it without being linked back.
        Made one at a time, so that a national build never holds them all."""
        links = self.families()
        incoming: dict[int, list[int]] = defaultdict(list)
        for source, targets in links.items():
            for target in targets:
                if source not in links.get(target, ()):
                    incoming[target].append(source)
        del links
        paths, title = self.paths, self.title
        for target in sorted(incoming, key=paths.__getitem__):
            path = paths[target]
            yield path, backlinks_section(path, [(title[p], paths[p]) for p in incoming.pop(target)])


def expand(page: Page) -> list[Output]:
    """The markdown files of one page: the page and its numbered continuation pages."""
    return _expand(page)


def relation_targets(out: Output) -> list[str]:
    """The pages (docs-relative) that the relation links of a file point to, as written (repeats kept)."""
    if out.navigation:  # navigation pages have no relation links
        return []
    return [_resolve(out.path, target) for block in out.blocks if block.relation
            for target in _LINK_TARGET.findall(block.markdown)]


def backlinks_section(path: str, sources: list[tuple[str, str]]) -> str:
    """The 'Được nhắc đến ở' section of the page at `path`, from the (title, path) of the pages linking to it."""
    items = sorted(sources, key=lambda source: (sort_key(source[0]), source[1]))
    lines = [f"- {link(text(title), path, source)}" for title, source in items[:BACKLINKS_SHOWN]]
    # no page grows with the corpus (a year page of the national corpus had 7,841 lines here, every
    # record dated that year); the number left out is still said
    if len(items) > BACKLINKS_SHOWN:
        lines.append(f"- … và {number_vn(len(items) - BACKLINKS_SHOWN)} trang khác")
    return f"{BACKLINKS_HEADING}\n\n" + "\n".join(lines)


def relation_links(outputs: list[Output]) -> dict[str, set[str]]:
    """Page family → the page families its relation links point to."""
    book = _LinkBook()
    for out in outputs:
        book.add(out)
    return book.relation_links()


def lay_out_into(pages, write: Callable[[str, str], None], append: Callable[[str, str], None]) -> None:
    """`lay_out` for a national corpus: each file is written (`write(path, text)`) as soon as its page
    is made, so neither the pages nor their text are held; only each family's title and link targets
    are kept (`_LinkBook`), and the backlinks sections are appended at the end (`append(path, text)`).
    `pages` may be a generator. The files are byte for byte those of `lay_out`."""
    book = _LinkBook()
    for page in pages:
        for out in _expand(page):
            book.add(out)
            write(out.path, out.markdown())
    for path, section in book.backlinks():
        append(path, f"\n{section}\n")  # a page's text ends with "\n"; sections are joined by a blank line


BACKLINKS_HEADING = "## Được nhắc đến ở {#duoc-nhac-den-o}"
BACKLINKS_SHOWN = 100  # as many as one page of a listing


def carry_backlinks(fresh: str, previous: str | None) -> str:
    """A page laid out without backlinks, ending with the backlinks section of its previous text.

    The section is always a page's last block, and record text never starts a line with '## ' (headings
    of records are escaped, bodies are HTML), so the last occurrence of its heading is the section."""
    at = previous.rfind("\n\n" + BACKLINKS_HEADING + "\n") if previous else -1
    if at < 0:
        return fresh
    return fresh.rstrip("\n") + previous[at:]


def _add_backlinks(outputs: list[Output]) -> None:
    """'Trang liên kết đến đây' on each page: who links to it without being linked back."""
    pages = {out.path: out for out in outputs if out.path == out.family}
    book = _LinkBook()
    for out in outputs:
        book.add(out)
    for path, section in book.backlinks():
        pages[path].blocks.append(Block(section, relation=False))

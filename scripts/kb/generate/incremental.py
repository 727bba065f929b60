"""Pages made again only where an edit reaches them: what every page read, kept from one render to the next.

`render_all` writes every generated page and the feed, the same files as `kb.generate.render.render_into`
(byte for byte), and returns a `PageBook`: for each producer — one entry of a per-entry builder (a unit, a
model, a year: `render.Each`) or a whole builder (the indexes, A–Z) — the keys its pages read
(`kb.generate.depends`), the files it wrote, and for each page its title and the pages its relation links point
to, from which the "Được nhắc đến ở" sections are made. `render_changes` takes the corpus before and after an
edit, finds the keys that changed, makes again only the producers that read one (and the entries that appeared;
those that went lose their files), and rewrites the backlinks section of every page whose incoming links
changed, from its previous text. tests/generate/test_incremental.py holds the result equal to a full render
over many kinds of edit. The preview (`kb serve`) and the pull request's preview (`kb build --reuse`) use it.
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from kb.generate.changes import changed_keys
from kb.generate.depends import EVERYTHING, Reads, tracked
from kb.generate.depends import identity as depends_identity
from kb.generate.feed import History
from kb.generate.groupings import ensure
from kb.generate.layout import (
    BACKLINKS_HEADING,
    Output,
    PageCollision,
    PathNumbers,
    backlinks_section,
    collision_message,
    expand,
    relation_targets,
)
from kb.generate.render import BUILDERS, Each, finished, updates
from kb.generate.render.site import Site
from kb.model.corpus import Corpus
from kb.model.kinds import record_kind
from kb.model.records import Record

Write = Callable[[str, str], None]


@dataclass
class Made:
    """What one producer made: its reads, its files, and each page's (path, title, files, link targets)."""

    producer: tuple
    keys: frozenset
    files: tuple[str, ...]
    pages: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]


@dataclass
class Delta:
    """The changes of one `render_changes`, to apply to another copy of the book (the preview's forked child
    renders, its parent keeps the book)."""

    made: list[Made] = field(default_factory=list)
    dropped: list[tuple] = field(default_factory=list)
    entries: dict[str, list] = field(default_factory=dict)


class Links(PathNumbers):
    """Who links to whom, page by page, kept small: paths numbered once, link targets in int arrays."""

    def __init__(self) -> None:
        super().__init__()
        self.members: dict[int, array] = {}  # page → its files
        self.title: dict[int, str] = {}
        self.targets: dict[int, array] = {}  # page → the paths its relation links point to (sorted, distinct)
        self.pointing: dict[int, array] = {}  # path → the pages whose relation links point to it

    def set_page(self, path: str, title: str, files: tuple[str, ...], targets: tuple[str, ...]) -> set[int]:
        """A page as made now; the paths whose backlinks may change (its own, what it points to, before and after)."""
        page = self.numbered(path)
        before = self.drop_page(path)
        members = array("i", (self.numbered(file) for file in files))
        for member in members:
            self.family[member] = page
        self.members[page], self.title[page] = members, title
        new = array("i", sorted({self.numbered(target) for target in targets}))
        if new:
            self.targets[page] = new
        for target in new:
            self.pointing.setdefault(target, array("i")).append(page)
        return before | set(new) | {page}

    def drop_page(self, path: str) -> set[int]:
        page = self.number.get(path)
        if page is None or page not in self.members:
            return set()
        for member in self.members.pop(page):
            self.family[member] = -1
        self.title.pop(page, None)
        old = self.targets.pop(page, array("i"))
        for target in old:
            pointing = self.pointing[target]
            pointing.remove(page)
            if not pointing:
                del self.pointing[target]
        return set(old) | {page}

    def section(self, page: int) -> str | None:
        """The page's "Được nhắc đến ở" section: the pages linking to it that it does not link back to."""
        sources = {source for member in self.members.get(page, ()) for source in self.pointing.get(member, ())}
        sources.discard(page)
        if not sources:
            return None
        back = {self.family[target] for target in self.targets.get(page, ())}
        found = [(self.title[source], self.paths[source]) for source in sources if source not in back]
        return backlinks_section(self.paths[page], found) if found else None

    def pages(self) -> list[int]:
        return sorted(self.members, key=self.paths.__getitem__)


class PageBook:
    """Every producer's reads and files, and the links between pages: what `render_changes` needs."""

    def __init__(self) -> None:
        self.inputs: dict = {}  # what the pages were made from beyond the corpus (set and compared by callers)
        self.entries: dict[str, list] = {}  # per-entry kind → its entries' identities, in order
        self.links = Links()
        self._keys: dict[tuple, int] = {}
        self._made: dict[tuple, tuple[array, tuple[str, ...], tuple[str, ...]]] = {}  # reads, files, pages
        self._number: dict[tuple, int] = {}  # producer → its number (the readers' arrays hold numbers)
        self._producers: list[tuple] = []
        self._readers: dict[int, array] = {}  # key → the numbers of the producers that read it

    def __contains__(self, producer: tuple) -> bool:
        return producer in self._made

    def readers(self, keys: set[tuple]) -> set[tuple]:
        found: set[int] = set()
        for key in keys:
            number = self._keys.get(key)
            if number is not None:
                found.update(self._readers.get(number, ()))
        return {self._producers[number] for number in found}

    def apply(self, delta: Delta) -> set[int]:
        """Take in what was made and dropped; the paths whose backlinks may change."""
        touched: set[int] = set()
        for producer in delta.dropped:
            touched |= self._drop(producer)
        for made in delta.made:
            touched |= self._set(made)
        self.entries.update(delta.entries)
        return touched

    def files(self, producer: tuple) -> tuple[str, ...]:
        return self._made[producer][1] if producer in self._made else ()

    def _set(self, made: Made) -> set[int]:
        old = self._made.get(made.producer)
        touched: set[int] = set()
        if old is not None:
            for page in set(old[2]) - {page[0] for page in made.pages}:
                touched |= self.links.drop_page(page)
            self._unread(made.producer, old[0])
        numbers = array("i", sorted(self._keys.setdefault(key, len(self._keys)) for key in made.keys))
        producer = self._number.get(made.producer)
        if producer is None:
            producer = self._number[made.producer] = len(self._producers)
            self._producers.append(made.producer)
        for number in numbers:
            self._readers.setdefault(number, array("i")).append(producer)
        self._made[made.producer] = (numbers, made.files, tuple(page[0] for page in made.pages))
        for path, title, files, targets in made.pages:
            touched |= self.links.set_page(path, title, files, targets)
        return touched

    def _drop(self, producer: tuple) -> set[int]:
        old = self._made.pop(producer, None)
        if old is None:
            return set()
        self._unread(producer, old[0])
        touched: set[int] = set()
        for page in old[2]:
            touched |= self.links.drop_page(page)
        return touched

    def _unread(self, producer: tuple, numbers: array) -> None:
        mine = self._number[producer]
        for number in numbers:
            readers = self._readers.get(number)
            if readers is not None and mine in readers:
                readers.remove(mine)
                if not readers:
                    del self._readers[number]


def render_all(corpus: Corpus, history: History, write: Write, append: Write,
               progress: Callable[[int, int], None] | None = None) -> PageBook:
    """Every generated page and the feed, handed to `write` as made, the backlinks sections to `append` at the
    end (as `render_into`); the book of what each page read. `progress(done, total)` counts the producers."""
    book = PageBook()
    book.apply(_Renderer(book, corpus, history, write, progress).run(lambda producer: True, book._set))
    for page in book.links.pages():
        section = book.links.section(page)
        if section:
            append(book.links.paths[page], f"\n{section}\n")
    return book


def render_changes(book: PageBook, before: tuple[Corpus, History], after: tuple[Corpus, History],
                   previous: Callable[[str], str | None], write: Write, remove: Callable[[str], None]) -> Delta:
    """The pages an edit changed, from the corpus (and history) before and after it: only producers that read a
    changed key, and new entries, are made again; files no longer made are given to `remove`; the pages whose
    backlinks may have changed are written whole (their text from `previous` when they were not made again).
    `book` is brought up to date; the returned delta does the same to another copy of it."""
    ensure(before[0])
    ensure(after[0])
    again = book.readers(changed_keys(before[0], after[0], before[1], after[1]))
    renderer = _Renderer(book, after[0], after[1], write)
    delta = renderer.run(lambda producer: producer in again or producer not in book)
    gone = {file for producer in delta.dropped for file in book.files(producer)}
    for made in delta.made:
        gone |= set(book.files(made.producer)) - set(made.files)
    touched = book.apply(delta)
    links = book.links
    for file in sorted(gone):
        if links.number.get(file) is None or links.family[links.number[file]] < 0:
            remove(file)
    for page in sorted({links.family[path] for path in touched if links.family[path] >= 0}):
        path = links.paths[page]
        body = renderer.bodies.get(path)
        if body is None:
            body = _without_backlinks(previous(path))
            if body is None:
                continue
        section = links.section(page)
        text = body + (f"\n{section}\n" if section else "")
        if renderer.bodies.get(path) is not None or text != previous(path):
            write(path, text)
    return delta


def _without_backlinks(text: str | None) -> str | None:
    if text is None:
        return None
    at = text.rfind("\n\n" + BACKLINKS_HEADING + "\n")
    return text if at < 0 else text[:at + 1]


class _Handing(list):
    """A list that hands each item on instead of keeping it."""

    def __init__(self, take: Callable[[Made], object]) -> None:
        super().__init__()
        self.take = take

    def append(self, made: Made) -> None:
        self.take(made)


class _Renderer:
    """Makes the producers `wanted` says, noting what each read; writes every file but the first page of each
    family, whose text (`bodies`) waits for its backlinks section."""

    def __init__(self, book: PageBook, corpus: Corpus, history: History, write: Write,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.book, self.write, self.progress = book, write, progress
        self.site = Site(corpus, history)
        self.reads = Reads()
        self.view = tracked(Site(corpus, history), self.reads)
        self.bodies: dict[str, str] = {}
        self.made: dict[str, str] = {}  # path → title of every file made in this run
        self.full = not book.links.members  # the first render: first pages are written at once

    def run(self, wanted: Callable[[tuple], bool], take: Callable[[Made], object] | None = None) -> Delta:
        """The delta of the producers made; with `take`, each is handed to it at once instead (a first render:
        the book grows as pages are made, no delta of a whole site is held)."""
        delta = Delta()
        if take is not None:
            delta.made = _Handing(take)
        entries = {kind: list(producer.entries(self.site)) for kind, producer in BUILDERS.items()
                   if isinstance(producer, Each)}
        total, done = sum(len(found) for found in entries.values()) + len(BUILDERS) - len(entries), 0
        for kind, producer in BUILDERS.items():
            if isinstance(producer, Each):
                identities = []
                for entry in entries[kind]:
                    identity = depends_identity(entry)
                    identities.append(identity)
                    name = ("each", kind, identity)
                    if wanted(name):
                        delta.made.append(self.make(name, lambda entry=entry: [producer.builder(self.view, entry)],
                                                    _owner(entry)))
                    done += 1
                    if self.progress and done % 500 == 0:
                        self.progress(done, total)
                kept = set(identities)
                delta.dropped += [("each", kind, old) for old in self.book.entries.get(kind, ()) if old not in kept]
                delta.entries[kind] = identities
            else:
                if wanted(("all", kind)):
                    delta.made.append(self.make(("all", kind), lambda producer=producer: producer(self.view)))
                done += 1
        if self.progress:
            self.progress(done, total)
        if wanted(("file", updates.FEED_FILE)):
            self.reads.start()
            feed = updates.atom(self.view)
            keys = self.reads.stop()
            self.write(updates.FEED_FILE, feed)
            self.write(updates.FEED_SITEMAP, updates.EMPTY_SITEMAP)
            delta.made.append(Made(("file", updates.FEED_FILE), frozenset(keys),
                                   (updates.FEED_FILE, updates.FEED_SITEMAP), []))
        return delta

    def make(self, name: tuple, pages, owners: tuple = ()) -> Made:
        self.reads.start()
        files, made = [], []
        by_page: dict[str, list[Output]] = {}
        for page in pages():
            for out in expand(finished(page)):
                if out.path in self.made:  # as layout's link book: a second page for a path would lose the first
                    raise PageCollision(collision_message(out, self.made[out.path]))
                self.made[out.path] = out.title
                by_page.setdefault(out.family, []).append(out)
                files.append(out.path)
                text = out.markdown()
                if out.path != out.family:
                    self.write(out.path, text)
                elif self.full:
                    self.write(out.path, text)
                else:
                    self.bodies[out.path] = text
        keys = self.reads.stop() | set(owners)
        for family, outs in by_page.items():
            made.append((family, outs[0].title, tuple(out.path for out in outs),
                         tuple(target for out in outs for target in relation_targets(out))))
        return Made(name, frozenset(keys), tuple(files), made)


_CORPUS_TABLES = {f.name for f in dataclasses.fields(Corpus)}


def _owner(entry) -> tuple:
    """The key of the record an entry is part of (a model: its unit), which its page reads without a lookup."""
    if not isinstance(entry, Record):
        return ()
    table = record_kind(type(entry).schema_kind).folder
    owner = getattr(entry, "unit_id", None) or getattr(entry, "id", None)
    return ((table, owner),) if table in _CORPUS_TABLES and owner is not None else (EVERYTHING,)

"""What a page reads of the corpus, noted while it is rendered.

The page builders (`kb.generate.render`) see the corpus through `Site`. While a page is rendered, `tracked`
puts views in front of what the Site holds, and each read is noted as a key:

- a record looked up by its key (`corpus.units["cau-ngang"]`) or met in a listing (`corpus.units.values()`,
  an index's list) is a `RecordView`: each attribute read is a key — `("units@", ("cau-ngang", "name"))`, or
  `("units@", ("name",))` for "the name of any unit" — so a page naming a unit does not depend on its body;
- an index read at one key (`corpus.models_by_field["giao-duc"]`) is a `TrackedList`: which items, in which
  order (`("models_by_field", "giao-duc")`), only its length, or only its first items when the page stops early;
- a table or index read whole notes its keys (`KEYS`); `sorted_units()` the units' keys, places and names;
- "last changed" of a record file is `("last_changed", path)`; the history read whole is `("history", ALL)`.

The catalogues are not followed: a change to one renders every page again. A Site attribute or a corpus method
the views do not know makes the page depend on everything (`EVERYTHING`): slower, never wrong. What an edit
changed is said in the same keys by `kb.generate.changes`; a page is made again when one of its keys changed
(`kb.generate.incremental`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from kb.generate.feed import History
from kb.model.corpus import Corpus
from kb.model.records import Record

ALL = "*"  # the whole table or list: its members, their order and their number
KEYS = "#keys"  # which keys a table or index holds, in which order (what each holds is read through views)
EVERYTHING = ("*", ALL)  # what the views could not follow: changed by any edit

# Corpus methods and what they read; any other callable attribute is EVERYTHING (every page that calls it is made
# again on every edit: right, but slow — tests/generate/test_incremental.py notices; add the method here).
_METHOD_READS = {
    "model": lambda unit_id, model_id: [("units", unit_id)],
    "province_of": lambda unit: [],  # catalogues (the unit itself was read by the page)
    "where_name": lambda unit: [],
    "successor": lambda province_id: [],
}
UNTRACKED = {"catalogs", "district_index", "grouped"}  # catalogue data, and a flag
SITE_ATTRIBUTES = {"corpus", "catalogs", "history", "last_changed"}  # what `tracked` puts views in front of


class Reads:
    """The keys read since `start`: one page's dependencies."""

    def __init__(self) -> None:
        self.keys: set[tuple] | None = None

    def start(self) -> None:
        self.keys = set()

    def stop(self) -> set[tuple]:
        found, self.keys = self.keys or set(), None
        return found

    def add(self, name: str, key) -> None:
        if self.keys is not None:
            self.keys.add((name, key))


def prefix_bucket(count: int) -> int:
    """Reads of the first `count` items are noted by the power of two at or above it: a few keys per list."""
    return 1 << max(0, count - 1).bit_length()


RECORD_TABLES = ("units", "themes", "directives")  # tables whose records are read attribute by attribute when listed


class RecordView:
    """A record met in a listing (a whole table, an index's list): each attribute read is noted, as
    `(scope, path)` under `name` — a page listing units by name does not depend on their bodies. Records
    inside it (a unit's models) are views too, with a longer path."""

    __slots__ = ("_record", "_reads", "_name", "_scope")

    def __init__(self, record: Record, reads: Reads, name: str, scope: tuple) -> None:
        self._record, self._reads, self._name, self._scope = record, reads, name, scope

    def __getattr__(self, attribute: str):
        value = getattr(self._record, attribute)
        scope = self._scope + (attribute,)
        if callable(value) and not isinstance(value, Record):  # a method (Located.at): not followed
            self._reads.add(*EVERYTHING)
            return value
        self._reads.add(self._name, scope)
        if isinstance(value, Record):
            return RecordView(value, self._reads, self._name, scope)
        if type(value) is list and any(isinstance(item, Record) for item in value):
            return [RecordView(item, self._reads, self._name, scope) if isinstance(item, Record) else item
                    for item in value]
        return value

    def __eq__(self, other) -> bool:
        return self._record is (other._record if isinstance(other, RecordView) else other)

    def __hash__(self) -> int:
        return id(self._record)

    def __repr__(self) -> str:
        return f"RecordView({self._record!r})"


def record_of(item):
    """The record behind a view (anything else as it is)."""
    return item._record if isinstance(item, RecordView) else item


def identity(item) -> object:
    """What names a record from one corpus to the next: its type, unit and id; a tuple by its parts."""
    if isinstance(item, Record):
        return (type(item).__name__, getattr(item, "unit_id", None), getattr(item, "id", None))
    if isinstance(item, tuple):
        return tuple(identity(part) for part in item)
    return item


class TrackedList(Sequence):
    """A list of the corpus whose reads are noted: its length (`name#len`), its first items (a page that stops
    early: `#first`, by `prefix_bucket`), or all of it (`(name, key)`) — which items, in which order. The
    records in it are `RecordView`s: what a page reads of them is noted attribute by attribute (`name@`)."""

    __slots__ = ("_name", "_key", "_data", "_reads")

    def __init__(self, name: str, key, data: list, reads: Reads) -> None:
        self._name, self._key, self._data, self._reads = name, key, data, reads

    def _read(self, count: int | None = None) -> None:
        if count is None or count > len(self._data):
            self._reads.add(self._name, self._key)
        else:
            self._reads.add(f"{self._name}#first", (self._key, prefix_bucket(count)))

    def __len__(self) -> int:
        self._reads.add(f"{self._name}#len", self._key)
        return len(self._data)

    def __bool__(self) -> bool:
        return len(self) > 0

    def _view(self, item):
        return RecordView(item, self._reads, f"{self._name}@", (self._key,)) if isinstance(item, Record) else item

    def __iter__(self) -> Iterator:
        seen = 0
        try:
            for item in self._data:
                seen += 1
                yield self._view(item)
            seen = None
        finally:  # a reader that stops early (a loop with break) read only the first items
            self._read(seen)

    def __getitem__(self, index):
        if isinstance(index, slice):
            plain = (index.start or 0) >= 0 and index.stop is not None and index.stop >= 0
            self._read(index.stop if plain else None)
            return [self._view(item) for item in self._data[index]]
        self._read(index + 1 if index >= 0 else None)
        return self._view(self._data[index])

    def __contains__(self, item) -> bool:
        self._read()
        return record_of(item) in self._data

    def __reversed__(self) -> Iterator:
        self._read()
        return (self._view(item) for item in reversed(self._data))

    def __eq__(self, other) -> bool:
        self._read()
        return self._data == [record_of(item) for item in other]

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other) -> list:
        return list(self) + list(other)

    def __radd__(self, other) -> list:
        return list(other) + list(self)

    def index(self, *args) -> int:
        self._read()
        return self._data.index(record_of(args[0]), *args[1:])

    def count(self, item) -> int:
        self._read()
        return self._data.count(record_of(item))


def _view(name: str, key, value, reads: Reads):
    return TrackedList(name, key, value, reads) if type(value) is list else value


class TrackedMapping(Mapping):
    """A dict of the corpus whose reads are noted: one key, or ALL."""

    __slots__ = ("_name", "_data", "_reads")

    def __init__(self, name: str, data: dict, reads: Reads) -> None:
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, key):
        value = self._data[key]
        if self._name in RECORD_TABLES:  # one record: what the page reads of it
            return RecordView(value, self._reads, f"{self._name}@", (key,))
        if type(value) is not list:
            self._reads.add(self._name, key)
        return _view(self._name, key, value, self._reads)

    def get(self, key, default=None):
        if key not in self._data:
            self._reads.add(self._name, key)
            return default
        return self[key]

    def __contains__(self, key) -> bool:
        self._reads.add(self._name, key)
        return key in self._data

    def __iter__(self) -> Iterator:
        self._reads.add(self._name, KEYS)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add(self._name, KEYS)
        return len(self._data)

    def keys(self):
        self._reads.add(self._name, KEYS)
        return self._data.keys()

    def _value(self, key, value):
        """A value met while reading the whole table or index: a record or a list as a view, else noted."""
        if self._name in RECORD_TABLES:
            return RecordView(value, self._reads, f"{self._name}@", ())
        if type(value) is not list:
            self._reads.add(self._name, key)
        return _view(self._name, key, value, self._reads)

    def values(self):
        self._reads.add(self._name, KEYS)
        return [self._value(key, value) for key, value in self._data.items()]

    def items(self):
        self._reads.add(self._name, KEYS)
        return [(key, self._value(key, value)) for key, value in self._data.items()]

    def __bool__(self) -> bool:
        self._reads.add(self._name, KEYS)
        return bool(self._data)


class CorpusView:
    """The corpus as page builders see it while they are tracked."""

    def __init__(self, corpus: Corpus, reads: Reads) -> None:
        self._corpus, self._reads = corpus, reads
        self._views: dict[str, TrackedMapping] = {}

    def __getattr__(self, name: str):
        value = getattr(self._corpus, name)
        if name in UNTRACKED:
            return value
        if isinstance(value, dict):
            view = self._views.get(name)
            if view is None or view._data is not value:
                view = self._views[name] = TrackedMapping(name, value, self._reads)
            return view
        if name == "sorted_units":
            return self._sorted_units
        if callable(value):
            reads = _METHOD_READS.get(name)

            def call(*args, **kwargs):
                for key in (reads(*args, **kwargs) if reads else [EVERYTHING]):
                    self._reads.add(*key)
                return value(*args, **kwargs)
            return call
        if type(value) is list:  # years, newest
            return TrackedList(name, ALL, value, self._reads)
        self._reads.add(name, ALL)  # anything else: read whole
        return value


    def _sorted_units(self, units=None) -> list:
        """Units in the site's order (Corpus.sorted_units: place, then name, then id). Given units were read
        already; all of them are the table's keys and each unit's place and name, and views."""
        if units is not None:
            return self._corpus.sorted_units(units)
        for key in (("units", KEYS), ("units@", ("place",)), ("units@", ("name",))):
            self._reads.add(*key)
        return [RecordView(unit, self._reads, "units@", ()) for unit in self._corpus.sorted_units()]


class HistoryView:
    """The history read whole (the updates page, the feed)."""

    def __init__(self, history: History, reads: Reads) -> None:
        self._history, self._reads = history, reads

    def __getattr__(self, name: str):
        self._reads.add("history", ALL)
        return getattr(self._history, name)


def tracked(site, reads: Reads):
    """`site` with views in front of what it holds: its pages' reads go to `reads`. An attribute the views do not
    know (added to Site later) makes every read EVERYTHING until it is added to SITE_ATTRIBUTES and given a view."""
    unknown = set(vars(site)) - SITE_ATTRIBUTES
    site.corpus = CorpusView(site.corpus, reads)
    site.history = HistoryView(site.history, reads)
    site.last_changed = TrackedMapping("last_changed", site.last_changed, reads)
    if unknown:
        original = reads.add
        reads.add = lambda name, key: original(*EVERYTHING)  # type: ignore[method-assign]
    return site

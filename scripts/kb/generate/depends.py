"""What a page reads of the corpus, recorded while it is rendered, and what an edit changed of it.

The page builders (`kb.generate.render`) see the corpus through `Site`. While a page is rendered, `tracked`
puts views in front of what the Site holds, and each read is noted as a key:

- a table or an index of the corpus read at one key — `corpus.units["cau-ngang"]`, `.get(...)`, `in` —
  is `("units", "cau-ngang")`; read whole (iterated, counted, `.values()`) it is `("units", ALL)`;
- a list of the corpus (`years`, `newest`) is read whole; so are the history's changes;
- "last changed" of a record file is `("last_changed", path)`.

The catalogues are not followed: a change to one renders every page again. A Site attribute or a corpus method
the views do not know makes the page depend on everything (`EVERYTHING`): slower, never wrong.

`changed_keys(before, after)` compares two corpora (and their histories) table by table: a key changed when its
value is not the same — records compared by identity (the checker hands the same object for a file that did not
change, a new one for a file that did), lists and dicts element by element, anything else by equality. So a page
that lists the models of a field depends on the field's key, which changes when one of those models' record is
edited, joins or leaves. A page is rendered again when one of its keys changed (`kb.generate.incremental`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

from kb.generate.feed import History
from kb.model.corpus import Corpus

ALL = "*"  # the whole table or list: its members, their order and their number
EVERYTHING = ("*", ALL)  # what the views could not follow: changed by any edit

# Corpus methods and what they read; any other callable attribute is EVERYTHING.
_METHOD_READS = {
    "sorted_units": lambda units=None: [("units", ALL)] if units is None else [],  # given units: already read
    "model": lambda unit_id, model_id: [("units", unit_id)],
    "province_of": lambda unit: [],  # catalogues
    "successor": lambda province_id: [],
}
_UNTRACKED = {"catalogs", "district_index", "grouped"}  # catalogue data, and a flag
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


class TrackedList(Sequence):
    """A list of the corpus whose reads are noted: its length (`name#len`), its first items (a page that stops
    early: `#first`, by `prefix_bucket`), or all of it (`(name, key)`)."""

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

    def __iter__(self) -> Iterator:
        seen = 0
        try:
            for item in self._data:
                seen += 1
                yield item
            seen = None
        finally:  # a reader that stops early (a loop with break) read only the first items
            self._read(seen)

    def __getitem__(self, index):
        if isinstance(index, slice):
            plain = (index.start or 0) >= 0 and index.stop is not None and index.stop >= 0
            self._read(index.stop if plain else None)
        else:
            self._read(index + 1 if index >= 0 else None)
        return self._data[index]

    def __contains__(self, item) -> bool:
        self._read()
        return item in self._data

    def __reversed__(self) -> Iterator:
        self._read()
        return reversed(self._data)

    def __eq__(self, other) -> bool:
        self._read()
        return self._data == (other._data if isinstance(other, TrackedList) else other)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other) -> list:
        self._read()
        return self._data + list(other)

    def __radd__(self, other) -> list:
        self._read()
        return list(other) + self._data

    def index(self, *args) -> int:
        self._read()
        return self._data.index(*args)

    def count(self, item) -> int:
        self._read()
        return self._data.count(item)


def _view(name: str, key, value, reads: Reads):
    return TrackedList(name, key, value, reads) if type(value) is list else value


class TrackedMapping(Mapping):
    """A dict of the corpus whose reads are noted: one key, or ALL."""

    __slots__ = ("_name", "_data", "_reads")

    def __init__(self, name: str, data: dict, reads: Reads) -> None:
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, key):
        value = self._data[key]
        if type(value) is not list:
            self._reads.add(self._name, key)
        return _view(self._name, key, value, self._reads)

    def get(self, key, default=None):
        value = self._data.get(key, default)
        if type(value) is not list or key not in self._data:
            self._reads.add(self._name, key)
        return _view(self._name, key, value, self._reads)

    def __contains__(self, key) -> bool:
        self._reads.add(self._name, key)
        return key in self._data

    def __iter__(self) -> Iterator:
        self._reads.add(self._name, ALL)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add(self._name, ALL)
        return len(self._data)

    def keys(self):
        self._reads.add(self._name, ALL)
        return self._data.keys()

    def values(self):
        self._reads.add(self._name, ALL)
        return self._data.values()

    def items(self):
        self._reads.add(self._name, ALL)
        return self._data.items()

    def __bool__(self) -> bool:
        self._reads.add(self._name, ALL)
        return bool(self._data)


class CorpusView:
    """The corpus as page builders see it while they are tracked."""

    def __init__(self, corpus: Corpus, reads: Reads) -> None:
        self._corpus, self._reads = corpus, reads
        self._views: dict[str, TrackedMapping] = {}

    def __getattr__(self, name: str):
        value = getattr(self._corpus, name)
        if name in _UNTRACKED:
            return value
        if isinstance(value, dict):
            view = self._views.get(name)
            if view is None or view._data is not value:
                view = self._views[name] = TrackedMapping(name, value, self._reads)
            return view
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


def changed_keys(before: Corpus, after: Corpus, history_before: History, history_after: History) -> set[tuple]:
    """Every key (as `CorpusView` notes them) whose value differs between the two corpora; EVERYTHING always."""
    changed = {EVERYTHING}
    for field in dataclasses.fields(Corpus):
        name = field.name
        if name in _UNTRACKED or name.startswith("_"):
            continue
        old, new = getattr(before, name), getattr(after, name)
        if isinstance(old, dict) and isinstance(new, dict):
            keys = _changed_in(name, old, new)
            changed |= keys
            if keys or list(old) != list(new):
                changed.add((name, ALL))
        elif not same(old, new):
            changed.add((name, ALL))
            changed |= _list_changes(name, ALL, old, new)
    old_last, new_last = history_before.last_changed(), history_after.last_changed()
    changed.update(("last_changed", path) for path in set(old_last) | set(new_last)
                   if old_last.get(path) != new_last.get(path))
    if history_before.changes != history_after.changes:
        changed.add(("history", ALL))
    return changed


def _changed_in(name: str, old: dict, new: dict) -> set[tuple]:
    """The keys of a table or index whose value differs, as `TrackedMapping` and `TrackedList` note reads."""
    found: set[tuple] = set()
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if key in old and key in new and same(before, after):
            continue
        found.add((name, key))
        found |= _list_changes(name, key, before, after)
    return found


def _list_changes(name: str, key, before, after) -> set[tuple]:
    """For a list that changed (or appeared, or went): its length, and the first-items reads it reaches."""
    before = before if type(before) is list else []
    after = after if type(after) is list else []
    found = {(f"{name}#len", key)} if len(before) != len(after) else set()
    first = next((index for index, (a, b) in enumerate(zip(before, after)) if not same(a, b)),
                 min(len(before), len(after)))
    bucket = prefix_bucket(first + 1)
    while bucket <= 2 * max(len(before), len(after), 1):
        found.add((f"{name}#first", (key, bucket)))
        bucket <<= 1
    return found


def same(a, b) -> bool:
    """The same value for a page: records (and anything else with attributes) by identity, containers element
    by element, plain values by equality."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(value, b[key]) for key, value in a.items())
    if isinstance(a, (str, int, float, bool, type(None))):
        return a == b
    return False  # a record or another object that is not the very same one

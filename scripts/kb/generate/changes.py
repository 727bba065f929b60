"""What an edit changed of the corpus, in the keys `kb.generate.depends` notes when pages read it.

`changed_keys(before, after)` compares two corpora (and their histories) table by table: records by identity
(the checker hands the same object for a file that did not change, a new one for a file that did), and for a
record that is still there, attribute by attribute (`attribute_changes`); a list by which items it holds and in
which order (its length, the first items it reaches), and for a record still at its place, by the attributes
that changed; anything else by equality.
"""

from __future__ import annotations

import dataclasses

from kb.generate.depends import ALL, EVERYTHING, KEYS, RECORD_TABLES, UNTRACKED, identity, prefix_bucket
from kb.generate.feed import History
from kb.model.corpus import Corpus
from kb.model.records import Record


def changed_keys(before: Corpus, after: Corpus, history_before: History, history_after: History) -> set[tuple]:
    """Every key (as `CorpusView` notes them) whose value differs between the two corpora; EVERYTHING always."""
    changed = {EVERYTHING}
    for field in dataclasses.fields(Corpus):
        name = field.name
        if name in UNTRACKED or name.startswith("_"):
            continue
        old, new = getattr(before, name), getattr(after, name)
        if isinstance(old, dict) and isinstance(new, dict):
            keys = _changed_in(name, old, new)
            changed |= keys
            if keys or list(old) != list(new):
                changed.add((name, ALL))
            if list(old) != list(new):
                changed.add((name, KEYS))
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
    """The keys of a table or index whose value differs, as `TrackedMapping`, `TrackedList` and `RecordView`
    note reads: a record of a table by identity, its attributes for the views; a list by which items it holds
    (and their order), and for a record it still holds at the same place, by the attributes that changed."""
    found: set[tuple] = set()
    table = name in RECORD_TABLES
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if key in old and key in new and same(before, after):
            continue
        if type(before) is list or type(after) is list:
            found |= _list_changes(name, key, before, after)  # (name, key) only when other items or order
            continue
        found.add((name, key))
        if table and isinstance(before, Record) and isinstance(after, Record):
            for path in attribute_changes(before, after):  # read from a listing of the table, and by its key
                found |= {(f"{name}@", path), (f"{name}@", (key, *path))}
        elif table:  # a record that came or went: whoever looked it up by its key
            found |= {(f"{name}@", (key, *path)) for path in _all_paths(before if after is None else after)}
    return found


def _all_paths(record) -> set[tuple]:
    """Every attribute path of a record (and of the records in it), as views note them."""
    found: set[tuple] = set()
    if not isinstance(record, Record):
        return found
    for name, value in vars(record).items():
        found.add((name,))
        items = value if type(value) is list else [value]
        for item in items:
            found |= {(name, *path) for path in _all_paths(item)}
    return found


def _members(items: list) -> list:
    return [identity(item) for item in items]


def _list_changes(name: str, key, before, after) -> set[tuple]:
    """For a list that changed (or appeared, or went): its length, the first-items reads it reaches, and for a
    record still at its place the attributes that changed (`name@`, under the key)."""
    before = before if type(before) is list else []
    after = after if type(after) is list else []
    found = {(f"{name}#len", key)} if len(before) != len(after) else set()
    first = None
    for index, (a, b) in enumerate(zip(before, after)):
        if a is b:
            continue
        if isinstance(a, Record) and isinstance(b, Record) and identity(a) == identity(b):
            found |= {(f"{name}@", (key, *path)) for path in attribute_changes(a, b)}
        elif not same(a, b):
            first = index
            break
    if first is None and len(before) == len(after):
        return found
    first = min(len(before), len(after)) if first is None else first
    bucket = prefix_bucket(first + 1)
    while bucket <= 2 * max(len(before), len(after), 1):
        found.add((f"{name}#first", (key, bucket)))
        bucket <<= 1
    return found | {(name, key)}


def attribute_changes(before: Record, after: Record, prefix: tuple = ()) -> set[tuple]:
    """The attribute paths whose values differ between two versions of a record (a unit's models compared item
    by item when they are the same models)."""
    found: set[tuple] = set()
    names = set(vars(before)) | set(vars(after)) | {name for name in dir(type(before))
                                                    if isinstance(getattr(type(before), name, None), property)}
    for name in names:
        a, b = getattr(before, name, None), getattr(after, name, None)
        path = prefix + (name,)
        if (type(a) is list and type(b) is list and len(a) == len(b) and a and isinstance(a[0], Record)
                and _members(a) == _members(b)):
            for x, y in zip(a, b):
                if x is not y:
                    found |= attribute_changes(x, y, path)
        elif isinstance(a, Record) and isinstance(b, Record) and identity(a) == identity(b):
            found |= attribute_changes(a, b, path)
        elif a is not b and a != b:
            found.add(path)
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

"""The checker's entry point and its cache: load, validate and link every record, reusing what did not change."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import multiprocessing
import os
import pickle
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.catalogs import validate_catalogs
from kb.check.crosscheck import Facts, check_facts, facts_of
from kb.check.docsfiles import docs_diagnostics
from kb.check.link import link
from kb.check.load import CATALOG_FILES, RECORD_KINDS, load_tree, read_record
from kb.check.validate import validate_until
from kb.model.corpus import Corpus
from kb.model.diagnostics import Diagnostic

STATE_DIR = ".kb"
Progress = Callable[[int, int], None]  # (files done, files to do): long work says how far it is


CHECK_CACHE = "check-cache.pickle"


CHECK_INDEX = "check-index.pickle"  # the per-file summaries alone (IncrementalCheck with records=False)


@dataclass
class Checked:
    corpus: Corpus | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def check(root: Path, only: list[Path] | None = None, today: dt.date | None = None,
          cache: bool = True, corpus: bool = True, progress: Progress | None = None) -> Checked:
    """Load, validate and link every record; collect every problem.

    The whole corpus is always linked, so that a file checked alone gets exactly the diagnostics the
    whole check gives it; `only` filters what is reported. Each file's own result (reading and
    validation, which do not depend on other files) is kept in .kb/check-cache.pickle, keyed by the
    file's bytes and the checker's own code, with the days it holds for (a date "in the future" stops
    being so: `validate_until`), so a second run, even days later, validates only what changed.
    With `corpus=False` (`kb check`) no Corpus is made: the cross-record checks run on each record's
    summary (`crosscheck.facts_of`, kept in the lighter .kb/check-index.pickle), and with `only` the
    references of only those files' records are checked — who keeps an id is still decided on every file.
    """
    root = Path(root)
    store = root / STATE_DIR / CHECK_CACHE if cache else None
    wanted = None if only is None else {Path(p).resolve() for p in only}
    checker = IncrementalCheck(root, store, records=corpus)
    checked, _ = checker.run(today, wanted, progress)
    checker.save()
    if wanted is None:
        return checked
    # report on the files asked for; catalogue problems concern every file
    return Checked(checked.corpus, [d for d in checked.diagnostics
                                    if (root / d.path).resolve() in wanted or d.path.endswith(".yml")])


def cache_key() -> tuple[str, int]:
    """What a check cache must have been made with to be read: this code and this form of entry."""
    return _code_fingerprint(), 7


def _code_fingerprint() -> str:
    """A digest of the checker's own code and schemas, and of the stages below it (kb.text, kb.model): a cache
    made by other code is never used."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for stage in CHECKER_STAGES for p in (package / stage).rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


CHECKER_STAGES = ("text", "model", "check")  # the packages whose code decides a check's answer
_NOTHING = ".kb-none"  # a path that is never a record: load_tree(only=[it]) reads only the catalogues


class IncrementalCheck:
    """`check` with a memory: a file whose bytes did not change is not read or validated again.

    Used in memory by the preview, and through files under .kb/ by `kb check`. The cross-record
    checks (link) always run on the whole corpus. With `records=False` the records are not kept, only
    their summaries (`facts_of`): `run` then gives no corpus, and reads and writes only the index file
    beside `store` (a few MB where the records take about 90 MB at 10,000 units).
    """

    def __init__(self, root: Path, store: Path | None = None, records: bool = True, jobs: int | None = None) -> None:
        self.root = Path(root)
        self.store = store
        self.records = records
        self.jobs = default_jobs() if jobs is None else max(1, jobs)
        self.previous: dict[str, tuple | None] = {}  # the cache entries the last run replaced or removed
        self.shared_changed = False  # the last run found the catalogues (or stray files) changed
        self.index = store.with_name(CHECK_INDEX) if store is not None else None
        # relative path → (stamp, digest, problems of reading and validating, record or None, its facts or None,
        # (the day it was validated, the first day its diagnostics may differ or None))
        self._cache: dict[str, tuple[tuple[int, int], str, list[Diagnostic], object | None, Facts | None,
                                     tuple[dt.date, dt.date | None]]] = {}
        self._links: set[str] = set()  # record files that are symbolic links
        self._key = None
        # what does not belong to one record: (key of the catalogues and stray files, their diagnostics, catalogues)
        self._shared: tuple | None = None
        self._dirty = True  # something to save
        if store is not None:
            self._key = cache_key()
            # the summaries alone when they are enough; the full cache holds them too
            for source in ([store] if records else [self.index, store]):
                loaded = self._load(source)
                if loaded is not None:
                    self._cache, self._shared = loaded
                    self._dirty = not records and source == store  # the index is missing: write it
                    break

    def _load(self, source: Path) -> tuple[dict, tuple | None] | None:
        """The entries and shared part of a cache file made by this code, or None (no cache, or a
        broken or foreign one: start afresh)."""
        try:
            key, entries, shared = read_cache_file(source, self._key)
            if (key == self._key and type(entries) is dict and (shared is None or type(shared) is tuple)
                    and all(type(entry) is tuple and len(entry) == 6 for entry in entries.values())):
                return entries, shared
        except Exception:
            pass
        return None

    def save(self) -> None:
        if self.store is None or not self._dirty:
            return
        if self.records:
            self._dump(self.store, self._cache)
        self._dump(self.index, {path: (*entry[:3], None, *entry[4:]) for path, entry in self._cache.items()})

    def _dump(self, target: Path, entries: dict) -> None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            # one pickle per file's entry: the pickler's memo (an entry for every object it has seen) then
            # stays as small as one record instead of growing to the whole corpus (a third of the peak
            # memory of `kb build` at 33,000 units)
            with open(temporary, "wb") as handle, _no_gc():
                pickle.dump((self._key, len(entries), self._shared), handle, protocol=pickle.HIGHEST_PROTOCOL)
                for item in entries.items():
                    pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        except Exception:  # a cache that cannot be written only costs time
            pass

    def record_files(self) -> dict[str, tuple[int, int]]:
        return self._walk()[0]

    def _walk(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        """Stamps of the files in the record folders, and of every other file under records/."""
        found, other = {}, {}
        self._links = set()
        start = len(str(self.root)) + 1
        # os.path.join keeps a root of "." as "./records" (pathlib would drop it), so `start` cuts right
        for folder, subfolders, files in os.walk(os.path.join(str(self.root), "records")):
            linked = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
            subfolders[:] = [name for name in subfolders if name not in linked]
            for name in files + linked:  # a linked folder is a file to report, as load_tree does
                full = os.path.join(folder, name)
                relative = full[start:].replace(os.sep, "/")
                parts = relative.split("/")
                kept = found if len(parts) >= 3 and parts[1] in RECORD_KINDS else other
                status = os.lstat(full)
                kept[relative] = (status.st_mtime_ns, status.st_size)
                if stat.S_ISLNK(status.st_mode) and kept is found:
                    self._links.add(relative)
        return found, other

    def _digest(self, relative: str) -> str:
        return _file_digest(self.root, relative)

    def _unchanged(self, relative: str, stamp: tuple[int, int], today: dt.date) -> bool:
        cached = self._cache.get(relative)
        if cached is None:
            return False
        checked_on, until = cached[5]
        if not checked_on <= today < (until or dt.date.max):  # another day's answer may differ
            return False
        if cached[0] == stamp and cached[1]:
            return True
        digest = self._digest(relative)
        if digest and digest == cached[1]:
            self._cache[relative] = (stamp, *cached[1:])
            self._dirty = True
            return True
        return False

    def _reported(self, wanted: set[Path], stamps: dict[str, tuple[int, int]]) -> set[str] | None:
        """The record files whose resolved path is in `wanted`, found without resolving every path; None
        when records/ is itself a link (then every record's references are checked)."""
        root = self.root.resolve()
        if (self.root / "records").resolve() != root / "records":
            return None
        found = {_relative_to(path, root) for path in wanted} & set(stamps)
        return found | {link for link in self._links if (self.root / link).resolve() in wanted}

    def run(self, today: dt.date | None = None, wanted: set[Path] | None = None,
            progress: Progress | None = None) -> tuple[Checked, list[str]]:
        """The checked corpus, and the records whose files changed since the last run.

        The changed files are read and validated by `jobs` processes when there are many (a first check);
        `progress(done, total)` is told as they are. `previous` then holds, for each changed file, the record
        it had before (None: new, unreadable, or not kept).

        Without records (`records=False`) the corpus is None; `wanted` (resolved paths) then limits the
        references checked to those files' records, and their diagnostics are the same as in a whole run.
        """
        stamps, other = self._walk()
        self.previous = {}
        for gone in set(self._cache) - set(stamps):
            self.previous[gone] = self._cache.pop(gone)
            self._dirty = True
        today = today or dt.date.today()
        changed = sorted(p for p, stamp in stamps.items() if not self._unchanged(p, stamp, today))
        self._dirty = self._dirty or bool(changed)
        shared_key = sorted((p, self._digest(p) if Path(p).name in CATALOG_FILES else stamp)
                            for p, stamp in other.items())
        self.shared_changed = self._shared is None or self._shared[0] != shared_key
        if self.shared_changed:
            loaded = load_tree(self.root, [self.root / "records" / _NOTHING])  # catalogues and stray files
            catalogs, catalog_problems = validate_catalogs(loaded.catalogs)
            self._shared = (shared_key, loaded.diagnostics + catalog_problems, catalogs)
            self._dirty = True
        _, diagnostics, catalogs = self._shared
        diagnostics = list(diagnostics) + docs_diagnostics(self.root)  # what docs/ would publish (a few files)
        self.previous.update({path: self._cache.get(path) for path in changed})
        for path, (digest, problems, record, facts, until) in zip(
                changed, _check_files(self.root, changed, today, self.records, self.jobs, progress)):
            self._cache[path] = (stamps[path], digest, problems, record, facts, (today, until))
        report = None if wanted is None or self.records else self._reported(wanted, stamps)
        for path in sorted(self._cache, key=lambda p: p.split("/")):  # load_tree's order: sorted paths
            if report is None or path in report:
                diagnostics += self._cache[path][2]
        records, facts = self._kept(self._cache)
        corpus = None
        if catalogs is not None and self.records:
            corpus, link_problems = link(catalogs, records, facts=facts)
            diagnostics += link_problems
        elif catalogs is not None:
            diagnostics += check_facts(catalogs, facts, report)[1]
        return Checked(corpus, sorted(set(diagnostics))), changed

    @staticmethod
    def _kept(entries: dict) -> tuple[list, list]:
        """The records (and their summaries) of the entries that have one, in load_tree's order."""
        records, facts = [], []
        for path in sorted(entries, key=lambda p: p.split("/")):
            _, _, _, record, summary, _ = entries[path]
            if summary is not None:
                records.append(record)
                facts.append(summary)
        return records, facts

    def corpus_before(self) -> Corpus | None:
        """The corpus as it was before the last `run` (its changed and removed files as they were), linked again:
        what `kb build --reuse` compares the new corpus with. None when the catalogues changed too, or when some
        record was not kept (a cache made by `kb check` alone)."""
        if self.shared_changed or not self.records or self._shared is None or self._shared[2] is None:
            return None
        entries = dict(self._cache)
        for path, entry in self.previous.items():
            if entry is None:
                entries.pop(path, None)
            else:
                entries[path] = entry
        if any(entry[3] is None and entry[4] is not None for entry in entries.values()):
            return None
        return link(self._shared[2], *self._kept(entries))[0]


PARALLEL_FROM = 200  # changed files from which reading and validating is shared between processes
_CHUNK = 64  # files a worker takes at a time: enough to pay for the hand-over, few enough to report progress


def default_jobs() -> int:
    """Processes that read and validate records: one per core this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _check_files(root: Path, paths: list[str], today: dt.date, keep: bool, jobs: int,
                 progress: Progress | None) -> Iterator[tuple]:
    """(digest, problems, record or None, facts or None, until) of each file, in order. Many files are shared
    between `jobs` forked processes, each taking `_CHUNK` files at a time (a first check: 10,000 records in
    about half the time on two cores); the answer does not depend on how they are shared."""
    total = len(paths)
    if progress:
        progress(0, total)
    # A process with other threads (a server, a browser driver) is never forked: a lock one of them holds at that
    # moment stays held in the child for ever, and the check would hang.
    if (jobs < 2 or total < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods()
            or threading.active_count() > 1):
        for done, path in enumerate(paths, start=1):
            found = _check_file(root, path, today, keep)
            if progress and (done % _CHUNK == 0 or done == total):
                progress(done, total)
            yield found  # a caller zipping the answers with `paths` stops asking after the last: report first
        return
    chunks = [paths[start:start + _CHUNK] for start in range(0, total, _CHUNK)]
    done = 0
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals) as pool, _no_gc():
        for results in pool.imap(functools.partial(_check_chunk, root, today, keep), chunks):
            done += len(results)
            if progress:
                progress(done, total)
            yield from results


def _worker_signals() -> None:
    """A worker ends when the pool ends it (SIGTERM), whatever handler the parent had (kb build turns SIGTERM into
    an interruption, a test may ignore it: the pool then waited for ever); Ctrl+C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_chunk(root: Path, today: dt.date, keep: bool, paths: list[str]) -> list[tuple]:
    return [_check_file(root, path, today, keep) for path in paths]


def _check_file(root: Path, path: str, today: dt.date, keep: bool) -> tuple:
    """One record file read and validated on its own: what the cache keeps of it."""
    problems: list[Diagnostic] = []
    source = read_record(root, root / path, RECORD_KINDS[Path(path).parts[1]], problems)
    record = facts = until = None
    if source is not None:
        record, more, until = validate_until(source, today)
        problems += more
        facts = facts_of(record) if record is not None else None
    return _file_digest(root, path), problems, record if keep else None, facts, until


def _file_digest(root: Path, relative: str) -> str:
    path = root / relative
    if path.is_symlink():
        return ""  # never reused: its problem (KB117) is found on every run
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_cache_file(source: Path, key=None) -> tuple[object, dict | None, object]:
    """(key, entries, shared part) of a file written by `IncrementalCheck._dump`: a header pickle
    (key, number of entries, shared part), then one pickle per entry. Given `key`, a file made for
    another key stops at its header (entries None). Raises on a broken file."""
    with open(source, "rb") as handle, _no_gc():
        found, count, shared = pickle.load(handle)
        if (key is not None and found != key) or type(count) is not int:
            return found, None, shared
        entries = dict(pickle.load(handle) for _ in range(count))
        gc.freeze()  # the cycle collector would walk the loaded records again and again, for nothing
    return found, entries, shared


def _relative_to(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return ""


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pickling a large object graph runs many times faster without the cycle collector watching."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

"""The pipeline: load → validate → link → render → write → site generator.

Nothing here prints or exits; the CLI does. A build that fails at any step
leaves the previous generated pages and the previous site/ untouched: pages
are written to a staging folder and swapped in, the site generator writes to
a fresh folder that replaces site/ only when it succeeds.

`build(offline=True)` makes the copy of the site that opens from a folder or a
zip without a web server (`site-offline/`, `site-offline.zip`): file names
instead of directory URLs, and each search index file doubled as a script,
because browsers refuse fetch() on file:// pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import hashlib
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import markup, opendata, paths
from .diagnostics import Diagnostic
from .feed import read_history
from .crosscheck import Facts, check_facts, facts_of
from .link import Corpus, link
from .load import CATALOG_FILES, RECORD_KINDS, load_tree, read_record
from .render import render, render_into
from .search import INDEX_DIR, Document, build_index, guide_document, iter_index
from .validate import validate_catalogs, validate_until
from .yamlsource import Positions

STATE_DIR = ".kb"
LOCK_FILE = "build.lock"
CHECK_CACHE = "check-cache.pickle"
CHECK_INDEX = "check-index.pickle"  # the per-file summaries alone (IncrementalCheck with records=False)
OFFLINE_DIR = "site-offline"
ZIP_TIMESTAMP = (2000, 1, 1, 0, 0, 0)  # fixed, so that the same site gives the same zip


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


class BuildFailed(Exception):
    def __init__(self, message: str, checked: Checked | None = None) -> None:
        super().__init__(message)
        self.checked = checked


class BuildBusy(BuildFailed):
    """Another build holds the tree's lock and the caller chose not to wait."""


@contextlib.contextmanager
def build_lock(root: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold .kb/build.lock (fcntl) while docs/ and site/ are written: two builds of one tree never interleave.

    When the lock is taken, `on_wait` is told (in Vietnamese) and the call blocks until it is free, or
    raises BuildBusy when `wait` is false. The lock goes with the process, so a killed build never leaves
    a stale one.
    """
    state = Path(root) / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    with open(state / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            message = (f"một lần dựng khác (tiến trình {holder}) đang ghi docs/ và site/ của thư mục này")
            if not wait:
                raise BuildBusy(message + "; chờ nó xong rồi chạy lại") from None
            if on_wait:
                on_wait(message + "; đang chờ nó xong…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check(root: Path, only: list[Path] | None = None, today: dt.date | None = None,
          cache: bool = True, corpus: bool = True) -> Checked:
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
    checked, _ = checker.run(today, wanted)
    checker.save()
    if wanted is None:
        return checked
    # report on the files asked for; catalogue problems concern every file
    return Checked(checked.corpus, [d for d in checked.diagnostics
                                    if (root / d.path).resolve() in wanted or d.path.endswith(".yml")])


def file_stamp(path: Path) -> tuple[int, int]:
    status = path.lstat()
    return status.st_mtime_ns, status.st_size


def cache_key() -> tuple[str, int]:
    """What a check cache must have been made with to be read: this code and this form of entry."""
    return _code_fingerprint(), 6


def _code_fingerprint() -> str:
    """A digest of the checker's own code and schemas: a cache made by other code is never used."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_NOTHING = ".kb-none"  # a path that is never a record: load_tree(only=[it]) reads only the catalogues


class IncrementalCheck:
    """`check` with a memory: a file whose bytes did not change is not read or validated again.

    Used in memory by the preview, and through files under .kb/ by `kb check`. The cross-record
    checks (link) always run on the whole corpus. With `records=False` the records are not kept, only
    their summaries (`facts_of`): `run` then gives no corpus, and reads and writes only the index file
    beside `store` (a few MB where the records take about 90 MB at 10,000 units).
    """

    def __init__(self, root: Path, store: Path | None = None, records: bool = True) -> None:
        self.root = Path(root)
        self.store = store
        self.records = records
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
        path = self.root / relative
        if path.is_symlink():
            return ""  # never reused: its problem (KB117) is found on every run
        return hashlib.sha256(path.read_bytes()).hexdigest()

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

    def run(self, today: dt.date | None = None, wanted: set[Path] | None = None) -> tuple[Checked, list[str]]:
        """The checked corpus, and the records whose files changed since the last run.

        Without records (`records=False`) the corpus is None; `wanted` (resolved paths) then limits the
        references checked to those files' records, and their diagnostics are the same as in a whole run.
        """
        stamps, other = self._walk()
        for gone in set(self._cache) - set(stamps):
            del self._cache[gone]
            self._dirty = True
        today = today or dt.date.today()
        changed = sorted(p for p, stamp in stamps.items() if not self._unchanged(p, stamp, today))
        self._dirty = self._dirty or bool(changed)
        shared_key = sorted((p, self._digest(p) if Path(p).name in CATALOG_FILES else stamp)
                            for p, stamp in other.items())
        if self._shared is None or self._shared[0] != shared_key:
            loaded = load_tree(self.root, [self.root / "records" / _NOTHING])  # catalogues and stray files
            catalogs, catalog_problems = validate_catalogs(loaded.catalogs)
            self._shared = (shared_key, loaded.diagnostics + catalog_problems, catalogs)
            self._dirty = True
        _, diagnostics, catalogs = self._shared
        diagnostics = list(diagnostics)
        for path in changed:
            problems: list[Diagnostic] = []
            source = read_record(self.root, self.root / path, RECORD_KINDS[Path(path).parts[1]], problems)
            record = facts = until = None
            if source is not None:
                record, more, until = validate_until(source, today)
                problems += more
                facts = facts_of(record) if record is not None else None
            self._cache[path] = (stamps[path], self._digest(path), problems, record if self.records else None, facts,
                                 (today, until))
        report = None if wanted is None or self.records else self._reported(wanted, stamps)
        records, facts = [], []
        for path in sorted(self._cache, key=lambda p: p.split("/")):  # load_tree's order: sorted paths
            _, _, problems, record, summary, _ = self._cache[path]
            if report is None or path in report:
                diagnostics += problems
            if summary is not None:
                records.append(record)
                facts.append(summary)
        corpus = None
        if catalogs is not None and self.records:
            corpus, link_problems = link(catalogs, records, facts=facts)
            diagnostics += link_problems
        elif catalogs is not None:
            diagnostics += check_facts(catalogs, facts, report)[1]
        return Checked(corpus, sorted(set(diagnostics))), changed


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


def compile_pages(root: Path) -> tuple[dict[str, str], Checked]:
    """Generated pages and search index files (docs-relative path → text)."""
    checked = check(root)
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    return generate(root, checked.corpus), checked


def generate(root: Path, corpus: Corpus) -> dict[str, str]:
    """Everything compiled from a linked corpus: pages, search index, open data (docs-relative path → text)."""
    pages = generate_pages(root, corpus)
    pages.update(generate_index(root, corpus, pages))
    return pages


def generate_pages(root: Path, corpus: Corpus) -> dict[str, str]:
    """The pages and open data, without the search index (the preview builds the index after the pages)."""
    pages = render(corpus, read_history(root))
    pages.update(opendata.files(corpus))
    from .cms import files as editor_files  # the web editor at /quan-tri/, configured from the schemas
    pages.update(editor_files(root))
    return pages


def generate_into(root: Path, corpus: Corpus, write: Callable[[str, str], None],
                  append: Callable[[str, str], None]) -> None:
    """`generate`, each file handed to `write` as soon as it is made (a national build holds no page):
    the pages (`generate_pages_into`), then the search index, which reads only the guide pages among them."""
    kept = generate_pages_into(root, corpus, write, append)
    for name, text in iter_index(corpus, guides(root, kept)):  # each index file written as it comes
        write(f"{INDEX_DIR}/{name}", text)


def generate_pages_into(root: Path, corpus: Corpus, write: Callable[[str, str], None],
                        append: Callable[[str, str], None]) -> dict[str, str]:
    """`generate_pages`, streamed: pages (their backlinks given to `append` at the end), open data, the
    web editor. Returns the generated guide pages, the only ones the search index reads."""
    kept: dict[str, str] = {}

    def keep(path: str, text: str) -> None:
        if path in paths.GENERATED_GUIDES:
            kept[path] = text
        write(path, text)

    def keep_more(path: str, text: str) -> None:
        if path in kept:
            kept[path] += text
        append(path, text)
    render_into(corpus, read_history(root), keep, keep_more)
    for path, text in opendata.files(corpus).items():
        write(path, text)
    from .cms import files as editor_files
    for path, text in editor_files(root).items():
        write(path, text)
    return kept


def generate_index(root: Path, corpus: Corpus, pages: dict[str, str]) -> dict[str, str]:
    """The search index files (docs-relative), from the corpus and the guide pages among `pages`."""
    index = build_index(corpus, guides(root, pages))
    return {f"{INDEX_DIR}/{name}": text for name, text in index.items()}


def guides(root: Path, pages: dict[str, str]) -> list[Document]:
    """The site's guide pages, searchable too: the hand-written ones in docs/ and the generated tables."""
    found = []
    for path in sorted((root / "docs").glob("*.md")):
        if path.name not in paths.GENERATED_FILES and path.name not in paths.NOT_SEARCHED:
            found.append(_guide(path.relative_to(root / "docs").as_posix(), path.read_text(encoding="utf-8")))
    for page in paths.GENERATED_GUIDES:
        found.append(_guide(page, pages[page].split("\n---\n", 1)[-1]))
    return found


def _guide(page: str, markdown_text: str) -> Document:
    title = next((line[2:].strip() for line in markdown_text.splitlines() if line.startswith("# ")), page)
    return guide_document(title, paths.url_of(page), markdown_text)


class Staging:
    """The generated part of docs/, written file by file into .kb/staging/ and swapped in whole.

    A file written with the same bytes as the one in docs/ keeps that file's mtime, so a later dirty
    build (kb serve, --reuse) skips it. Until `commit`, docs/ is not touched; `abort` forgets everything.
    """

    def __init__(self, root: Path) -> None:
        self.docs = Path(root) / "docs"
        self.state = Path(root) / STATE_DIR
        self.folder = self.state / "staging"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.written: list[str] = []

    def write(self, relative: str, content: str) -> None:
        _check_owned(relative)
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)
        self.written.append(relative)

    def append(self, relative: str, content: str) -> None:
        with open(self.folder / relative, "ab") as handle:
            handle.write(content.encode("utf-8"))

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self) -> None:
        try:
            for relative in self.written:
                _keep_mtime(self.docs / relative, self.folder / relative)
        except BaseException:
            self.abort()
            raise
        previous = self.state / "previous"
        shutil.rmtree(previous, ignore_errors=True)
        previous.mkdir(parents=True)
        for name in paths.GENERATED_DIRS + paths.GENERATED_FILES:
            current, fresh = self.docs / name, self.folder / name
            if current.exists():
                current.rename(previous / name)
            if fresh.exists():
                fresh.rename(current)
        self.abort()


def write_pages(root: Path, pages: dict[str, str]) -> None:
    """Replace the generated part of docs/ with `pages`, atomically per folder."""
    stage = Staging(root)
    try:
        for relative, content in pages.items():
            stage.write(relative, content)
    except BaseException:  # a failure or a signal (KeyboardInterrupt) while staging: docs/ was not touched
        stage.abort()
        raise
    stage.commit()


def restore_previous_pages(root: Path) -> None:
    docs, previous = root / "docs", root / STATE_DIR / "previous"
    if not previous.exists():
        return
    for name in paths.GENERATED_DIRS + paths.GENERATED_FILES:
        saved = previous / name
        if saved.exists():
            current = docs / name
            if current.is_dir():
                shutil.rmtree(current)
            elif current.exists():
                current.unlink()
            saved.rename(current)


def _check_owned(relative: str) -> None:
    top = relative.split("/", 1)[0]
    if top not in paths.GENERATED_DIRS and relative not in paths.GENERATED_FILES:
        raise BuildFailed(f"trang sinh ra nằm ngoài các thư mục được quản lý: {relative}")


def _keep_mtime(current: Path, fresh: Path) -> None:
    """A page written with the same bytes keeps its old mtime, so a later dirty build (kb serve, --reuse) skips it."""
    try:
        if current.stat().st_size == fresh.stat().st_size and current.read_bytes() == fresh.read_bytes():
            status = current.stat()
            os.utime(fresh, ns=(status.st_atime_ns, status.st_mtime_ns))
    except OSError:
        pass


def _write(target: Path, content: str) -> None:
    target.write_bytes(content.encode("utf-8"))


def run_site_generator(root: Path, site_dir: Path, strict: bool = True, config: str = "mkdocs.yml",
                       directory_urls: bool = True, dirty: bool = False, jobs: int = 0) -> subprocess.CompletedProcess:
    """MkDocs in a child process. A dirty build goes through kb.sitegen, which lets it be strict too;
    `jobs` ≥ 1 builds page by page in that many processes (kb.pagewise: same bytes, flat memory)."""
    if dirty:
        program = ["-m", "kb.sitegen", "build", "--dirty"]
    elif jobs:
        program = ["-m", "kb.pagewise", "--jobs", str(jobs)]
    else:
        program = ["-m", "mkdocs", "build", "--clean"]
    command = [sys.executable, *program, "-f", str(root / config), "-d", str(site_dir)]
    # Both ways said out loud: mkdocs.yml has `strict: true`, which a missing flag would leave in force.
    command.append("--strict" if strict else "--no-strict")
    if not directory_urls:
        command.append("--no-directory-urls")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return run_child(command, root, env)


def run_child(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """subprocess.run that ends the child when this process is interrupted (SIGINT, or SIGTERM made an exception)."""
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            stdout, stderr = process.communicate()
        except BaseException:
            stop_child(process)
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def stop_child(process: subprocess.Popen, grace: float = 5.0) -> None:
    """Terminate, then kill after `grace` seconds; always reap, so nothing is left holding files or a port."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def default_jobs() -> int:
    """Processes for the site build: one per core, at most 4 (kb.pagewise; 10,000 units on 2 cores: 155 s and
    300 MB per process, where mkdocs build takes 312 s and 1.6 GB, for the same bytes)."""
    return max(1, min(os.cpu_count() or 1, 4))


def build(root: Path, strict: bool = True, site: bool = True, offline: bool = False, wait: bool = True,
          on_wait: Callable[[str], None] | None = None, reuse: bool = False, jobs: int | None = None) -> Checked:
    """The whole build. Raises BuildFailed (and keeps previous outputs) on any error.

    With `offline`, the site goes to site-offline/ (and site-offline.zip) instead of site/. The tree's
    build lock is held throughout (see build_lock); an interruption (KeyboardInterrupt, which the CLI also
    raises on SIGTERM) ends the mkdocs child, removes the staging folders and puts the previous pages back.
    """
    root = Path(root)
    jobs = default_jobs() if jobs is None else jobs
    with build_lock(root, wait, on_wait):
        if reuse and site and not offline and (root / "site").is_dir():
            from .reuse import build_reusing
            return build_reusing(root, strict)
        return _build_locked(root, strict, site, offline, jobs)


def forget_positions(corpus: Corpus) -> None:
    """Drop each record's line and column of every field (a third of the corpus in memory): only the
    checker's diagnostics need them, and they are all made before the pages."""
    for table in (corpus.units, corpus.themes, corpus.directives):
        for record in table.values():
            record.positions = Positions()


def _build_locked(root: Path, strict: bool, site: bool, offline: bool, jobs: int = 0) -> Checked:
    checked = check(root)
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    forget_positions(checked.corpus)
    stage = Staging(root)
    try:
        with markup.remembering(False):  # one pass: each string is escaped once, a cache only costs memory
            generate_into(root, checked.corpus, stage.write, stage.append)
    except BaseException:  # a failure or a signal (KeyboardInterrupt) while staging: docs/ was not touched
        stage.abort()
        raise
    stage.commit()
    if not site:
        return checked
    fresh = root / STATE_DIR / "site-new"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        process = run_site_generator(root, fresh, strict, directory_urls=not offline, jobs=jobs)
    except BaseException:
        restore_previous_pages(root)
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if process.returncode != 0:
        restore_previous_pages(root)
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildFailed("mkdocs build thất bại:\n" + (process.stderr or process.stdout)[-4000:], checked)
    if offline:
        add_script_twins(fresh / INDEX_DIR)
        write_zip(fresh, root / STATE_DIR / "site-offline.zip")
        (root / STATE_DIR / "site-offline.zip").replace(root / f"{OFFLINE_DIR}.zip")
    _swap_site(root, fresh, root / (OFFLINE_DIR if offline else "site"))
    if not offline:  # what a later `kb build --reuse` compares with (kb.reuse)
        from .reuse import record_site_settings
        record_site_settings(root)
    return checked


def add_script_twins(index_dir: Path) -> None:
    """Beside each index file t/heo.json, t/heo.js: `window.__kbSearchRegister("t/heo.json", {...});`.

    A page opened from disk may load scripts from its folder but may not fetch() files.
    """
    for path in sorted(index_dir.rglob("*.json")):
        name = path.relative_to(index_dir).as_posix()
        data = path.read_text(encoding="utf-8")
        path.with_suffix(".js").write_text(f"window.__kbSearchRegister({json.dumps(name)},{data});\n",
                                           encoding="utf-8")


def write_zip(folder: Path, target: Path) -> None:
    """A zip of the folder, files in name order with a fixed timestamp: the same site gives the same bytes."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{OFFLINE_DIR}/{path.relative_to(folder).as_posix()}", ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def _swap_site(root: Path, fresh: Path, site: Path) -> None:
    old = root / STATE_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)

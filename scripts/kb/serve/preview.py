"""`kb serve`: a preview that rebuilds only what a saved record changes.

One long-lived process keeps what a full build throws away:
- every record's validation result, keyed by its file's size and mtime, so a save re-validates one file
  (the whole corpus is still linked, so cross-record checks stay right);
- a digest of every generated page, so only pages whose bytes changed are written (the others keep their
  mtime); full sets of pages are streamed through a folder on disk, never held in memory;
- MkDocs itself runs in this process (no start-up cost per edit) with `dirty=True` into a persistent
  folder, .kb/preview-site/, which a restarted `kb serve` reuses.

The site is served by a small HTTP server of our own on 127.0.0.1, not `mkdocs serve`: there is no child
process to leave behind holding the port, start-up reuses the last preview, and the server answers
/__kb/status.json (build generation and the current record errors). Every HTML page served gets one
same-origin script, /__kb/preview.js, that reloads the page after a rebuild and, while the records have
errors, shows them in a Vietnamese banner (file, line, message, remedy) above the last good pages.
"""

from __future__ import annotations

import functools
import os
import pickle
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kb.build.state import BuildFailed, build_lock, file_stamp
from kb.check.runner import CHECK_CACHE, STATE_DIR, Checked, IncrementalCheck
from kb.generate.feed import History
from kb.generate.incremental import PageBook, render_changes
from kb.generate.layout import carry_backlinks
from kb.generate.pages import generate_pages_into, generated_guides, guides, site_history, write_whole_files
from kb.generate.render import render_records
from kb.generate.search.index import INDEX_DIR, iter_index
from kb.model import paths
from kb.model.corpus import Corpus
from kb.model.diagnostics import Diagnostic
from kb.serve.live import LiveSite
from kb.serve.server import PreviewHandler, QuietServer
from kb.serve.writer import PageWriter
from kb.text import markup

PREVIEW_DIR = "preview-site"

_WATCHED_EXTRA = ("overrides", "mkdocs.yml")  # besides records/ and the hand-written part of docs/


class Preview:
    def __init__(self, root: Path, address: str = "127.0.0.1:8000",
                 log: Callable[[str], None] = lambda message: None) -> None:
        self.root = Path(root)
        host, _, port = address.rpartition(":")
        self.host, self.port = host or "127.0.0.1", int(port)
        self.log = log
        self.site = self.root / STATE_DIR / PREVIEW_DIR
        # kb check's cache: a restarted preview validates only the files changed since the last check
        self.checker = IncrementalCheck(self.root, self.root / STATE_DIR / CHECK_CACHE)
        page_folders = tuple(name for name in paths.GENERATED_DIRS if name != INDEX_DIR)
        self.writer = PageWriter(self.root, page_folders, paths.GENERATED_FILES)
        self._indexer: int | None = None  # pid of the forked process writing the search index
        self.book: PageBook | None = None  # what each page read (kb.generate.incremental)
        self.rendered: tuple[Corpus, History] | None = None  # the corpus and history the pages were made from
        self._sent: tuple[Corpus, History] | None = None  # ... and those the child is making them from
        self._files_sent: Path | None = None  # where the child leaves open data and the editor's files
        self.live = LiveSite(self.root, self.site, f"http://{self.host}:{self.port}/")
        self.generation = 0
        self.pending = False  # the child has yet to send the pages an edit changed beyond its own
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []  # of the last check that had no error (the review marks among them)
        self._lock = threading.Lock()
        self._server: QuietServer | None = None
        self._stop = threading.Event()
        self._serving: threading.Thread | None = None

    def status(self) -> dict:
        with self._lock:
            return {"generation": self.generation, "pending": self.pending,
                    "errors": [{"path": d.path, "line": d.line, "column": d.column, "code": d.code,
                                "message": d.message, "hint": d.hint} for d in self.errors],
                    "marks": len(self.marks())}

    def marks(self) -> list[Diagnostic]:
        """The '# CẦN XEM LẠI' marks the drafts still carry (KB130), for the review page."""
        return [d for d in self.warnings if d.code == "KB130"]

    def start(self) -> list[Diagnostic]:
        """First build (reusing the last preview when there is one), then open the port. Returns warnings."""
        handler = functools.partial(type("Handler", (PreviewHandler,), {"preview": self}), directory=str(self.site))
        self._server = QuietServer((self.host, self.port), handler)
        checked = self.rebuild(first=True)
        if checked.errors:
            self.stop()
            raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ:\n"
                              + "\n".join(d.format() for d in checked.errors[:50]), checked)
        self._serving = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._serving.start()
        return checked.warnings

    def rebuild(self, first: bool = False, theme_changed: bool = False) -> Checked:
        """Check incrementally; on success write changed pages and rebuild them. Errors keep the last site.

        An edit to records is answered in two steps. First, only the saved records' own pages are rendered
        (with the backlinks they had), written and rebuilt, so the page being edited is served in seconds
        whatever the size of the corpus. Then a forked process (the other core) renders the pages the edit
        reached — those that read a changed part of the corpus, by the book of what each page read
        (`kb.generate.incremental`), and those whose backlinks changed — and sends what differs (the lists,
        counts and links elsewhere, pages of deleted records) with the book's changes, which `collect` writes,
        rebuilds and takes in; it goes on to the search index, which no page depends on and which is served
        straight from docs/kb-search/. A newer edit replaces a child still at work (the next one starts from
        the pages last taken in). A change to anything but record files (catalogues, hand-written pages, the
        theme) is rebuilt whole.
        """
        self.reap(kill=True)  # work for the previous state would only compete for the CPU
        checked, changed_files = self.checker.run()
        with self._lock:
            self.errors = checked.errors
            if not checked.errors:
                self.warnings = checked.warnings
        if checked.errors or checked.corpus is None:
            return checked
        history = site_history(self.root)
        whole = (first or theme_changed or self.book is None or self.rendered is None or self.checker.shared_changed
                 or self.rendered[0].catalogs is not checked.corpus.catalogs)
        records = None if whole else self._records_in(checked.corpus, changed_files)
        guide_pages = None
        changed: list[str] = []
        removed: list[str] = []
        if records:  # the saved records' own pages first, with the backlinks they had
            fresh = render_records(checked.corpus, records, history)
            update = {path: carry_backlinks(text, self.writer.previous(path)) for path, text in fresh.items()}
            with build_lock(self.root, on_wait=self.log):
                changed, removed = self.writer.write(update, partial=True)
                self.live.changed(changed, removed)
        elif whole:
            folder = self.root / STATE_DIR / "preview-staging"
            staged = self.writer.stage(folder, self._pages_of(checked.corpus, history))
            guide_pages, self.book = staged[3]
            self.rendered = (checked.corpus, history)
            with build_lock(self.root, on_wait=self.log):
                changed, removed = self.writer.adopt(folder, *staged[:3])
                if first or theme_changed:
                    self.live.prepare()
                else:
                    self.live.changed(changed, removed)
        with self._lock:
            self.generation += 1
            self.pending = not whole
        if first:
            self.checker.save()  # once: at 10,000 units the cache takes seconds to write
        else:
            self.log(f"đã dựng lại {len(changed)} trang đổi, xoá {len(removed)} trang"
                     + (" (các trang khác theo sau)" if not whole else ""))
        self.later(checked.corpus, guide_pages, None if whole else (self.rendered, (checked.corpus, history)))
        return checked

    def _pages_of(self, corpus: Corpus, history: History):
        def produce(write, append):
            with markup.remembering(False):
                return generate_pages_into(self.root, corpus, write, append, history)
        return produce

    def _changes_of(self, before: tuple[Corpus, History], after: tuple[Corpus, History]):
        """The pages an edit reached (`kb.generate.incremental.render_changes`)."""
        def produce(write, remove):
            return render_changes(self.book, before, after, self.writer.previous, write, remove)
        return produce

    def _records_in(self, corpus: Corpus, files: list[str]) -> list | None:
        """The records of the changed record files; None when some change is not one (a deleted file)."""
        if not files:
            return None
        wanted = set(files)
        found = [record for table in (corpus.units, corpus.themes, corpus.directives)
                 for record in table.values() if record.loc.path in wanted]
        return found if len(found) == len(wanted) else None

    def write_index(self, corpus: Corpus, guide_pages: dict[str, str]) -> None:
        """The search index into docs/kb-search/, streamed (only its files whose bytes changed are replaced)."""
        writer = PageWriter(self.root, (INDEX_DIR,))
        folder = self.root / STATE_DIR / "preview-index"

        def produce(write, append) -> None:
            for name, text in iter_index(corpus, guides(self.root, guide_pages)):
                write(f"{INDEX_DIR}/{name}", text)
        writer.adopt(folder, *writer.stage(folder, produce)[:3])

    def _pending_file(self, generation: int) -> Path:
        return self.root / STATE_DIR / f"preview-pending-{generation}.pickle"

    def later(self, corpus: Corpus, guide_pages: dict[str, str] | None,
              change: tuple[tuple[Corpus, History], tuple[Corpus, History]] | None) -> None:
        """In a child process: with `change` (the corpus the pages were last made from, and the new one), the
        pages the edit reached (left in a folder and listed, with the book's changes, in a file that `collect`
        reads), then the search index."""
        self.reap(kill=True)
        for stale in [*(self.root / STATE_DIR).glob("preview-pending-*"), *(self.root / STATE_DIR).glob("preview-files-*")]:
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        target = self._pending_file(self.generation)
        files = self._files_file(self.generation)
        self._sent = change[1] if change else None
        self._files_sent = files if change else None
        pid = os.fork()
        if pid == 0:  # the child: compute, write, leave without clean-up handlers
            code = 1
            try:
                if change is not None:
                    folder = target.with_suffix("")
                    changed, removed, fresh, delta = self.writer.stage_some(folder, self._changes_of(*change))
                    temporary = target.with_name(target.name + ".tmp")
                    with open(temporary, "wb") as handle:
                        pickle.dump((changed, removed, fresh, delta), handle, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(temporary, target)
                    guide_pages = generated_guides(
                        lambda page: (folder / page).read_text(encoding="utf-8") if (folder / page).exists()
                        else self.writer.previous(page))
                    # then open data and the editor's files, made from the whole corpus: after the pages
                    staged = self.writer.stage_some(files.with_suffix(""), lambda write, remove: write_whole_files(
                        self.root, corpus, write))
                    with open(files.with_name(files.name + ".tmp"), "wb") as handle:
                        pickle.dump(staged[:3], handle, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(files.with_name(files.name + ".tmp"), files)
                self.write_index(corpus, guide_pages)
                code = 0
            finally:
                os._exit(code)
        self._indexer = pid

    def _files_file(self, generation: int) -> Path:
        return self.root / STATE_DIR / f"preview-files-{generation}.pickle"

    def collect_files(self) -> None:
        """Open data and the editor's files the child made after the pages, when they are there."""
        target = self._files_sent
        if target is None or self.pending or not target.exists():
            return
        with open(target, "rb") as handle:
            changed, removed, fresh = pickle.load(handle)
        target.unlink(missing_ok=True)
        self._files_sent = None
        with build_lock(self.root, on_wait=self.log):
            written, removed = self.writer.adopt(target.with_suffix(""), changed, removed, fresh)
            self.live.changed(written, removed)

    def collect(self) -> bool:
        """Write and rebuild what the child found changed beyond the saved records' pages. True when done."""
        self.collect_files()
        with self._lock:
            if not self.pending:
                return False
            target = self._pending_file(self.generation)
        try:
            with open(target, "rb") as handle:
                changed, removed, fresh, delta = pickle.load(handle)
        except FileNotFoundError:
            return False
        target.unlink(missing_ok=True)
        with build_lock(self.root, on_wait=self.log):
            written, removed = self.writer.adopt(target.with_suffix(""), changed, removed, fresh)
            self.live.changed(written, removed)
        self.book.apply(delta)  # the book now describes the pages the child made
        self.rendered = self._sent
        with self._lock:
            self.pending = False
            if written or removed:
                self.generation += 1
        if written or removed:
            self.log(f"đã dựng lại thêm {len(written)} trang liên quan, xoá {len(removed)} trang")
        return True

    def settle(self, timeout: float = 600) -> None:
        """Wait until the pages of the last edit are all written, then open data and the editor's files (tests)."""
        wait_for(lambda: self.collect() or not self.pending, timeout)

        def files_done() -> bool:
            self.collect_files()
            if self._files_sent is not None and self._indexer is None and not self._files_sent.exists():
                self._files_sent = None  # the child is gone without them: nothing more will come
            elif self._indexer is not None:
                self.reap()
            return self._files_sent is None
        wait_for(files_done, timeout)

    def reap(self, kill: bool = False, wait: bool = False) -> None:
        if self._indexer is None:
            return
        if kill:
            try:
                os.kill(self._indexer, 9)
            except ProcessLookupError:
                pass
        done, status = os.waitpid(self._indexer, 0 if (kill or wait) else os.WNOHANG)
        if not done:
            return
        self._indexer = None
        if kill or status:  # stopped, or failed: the pages it was to send will not come
            with self._lock:
                sent = self._pending_file(self.generation).exists()
                if self.pending and not sent:
                    self.pending = False
                    if not kill:
                        self.log("không dựng lại được các trang liên quan đến lần sửa này; lưu tệp lần nữa "
                                 "để thử lại")

    def snapshot(self) -> tuple[dict, dict]:
        """(records, theme and config) stamps; the hand-written docs count as records (they feed search)."""
        records = dict(self.checker.record_files())
        generated = set(paths.GENERATED_DIRS) | set(paths.GENERATED_FILES)
        docs = self.root / "docs"
        # the hand-written part only: the generated folders hold every page (tens of thousands)
        for top in (docs.iterdir() if docs.is_dir() else ()):
            if top.name in generated:
                continue
            for path in ([top] if top.is_file() else top.rglob("*")):
                if path.is_file() and not path.name.endswith(".kb-tmp"):
                    records["docs/" + path.relative_to(docs).as_posix()] = file_stamp(path)
        for path in (self.root / "records").glob("*.yml"):
            records[path.name] = file_stamp(path)
        theme = {}
        for name in _WATCHED_EXTRA:
            target = self.root / name
            for path in ([target] if target.is_file() else target.rglob("*") if target.is_dir() else []):
                if path.is_file():
                    theme[path.as_posix()] = file_stamp(path)
        return records, theme

    def watch(self, report: Callable[[list[Diagnostic]], None], interval: float = 0.25) -> None:
        before = self.snapshot()
        while not self._stop.wait(interval):
            now = self.snapshot()
            self.reap()
            try:
                self.collect()
            except Exception as error:  # noqa: BLE001 — the preview keeps running; no traceback for a contributor
                self.log(f"không dựng lại được các trang liên quan ({error}); lưu tệp lần nữa để thử lại")
                with self._lock:
                    self.pending = False
            if now == before:
                continue
            # the theme, mkdocs.yml or a hand-written page: MkDocs is set up again (its file list and nav)
            theme_changed = now[1] != before[1] or ({k: v for k, v in now[0].items() if k.startswith("docs/")}
                                                    != {k: v for k, v in before[0].items() if k.startswith("docs/")})
            before = now
            try:
                checked = self.rebuild(theme_changed=theme_changed)
            except BuildFailed as failure:
                self.log(f"{failure}; giữ nguyên trang đang xem")
                continue
            except Exception as error:  # noqa: BLE001 — the preview keeps running; no traceback for a contributor
                self.log(f"không dựng lại được ({type(error).__name__}: {error}); giữ nguyên trang đang xem, "
                         "lưu tệp lần nữa để thử lại")
                continue
            if checked.errors:
                report(checked.errors)
                self.log("hồ sơ có lỗi: giữ nguyên trang đang xem; lỗi cũng hiện trên trình duyệt")

    def stop(self) -> None:
        self._stop.set()
        self.reap(kill=True)
        if self._server is not None:
            if self._serving is not None:
                self._server.shutdown()
            self._server.server_close()
            self._server = None


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    """Poll `condition` until true or `timeout` seconds pass (bench and tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()

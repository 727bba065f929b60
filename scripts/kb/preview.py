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
import hashlib
import http.server
import json
import logging
import os
import pickle
import shutil
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from . import paths
from .search import INDEX_DIR, iter_index
from .build import (CHECK_CACHE, STATE_DIR, BuildFailed, Checked, IncrementalCheck, build_lock, file_stamp,
                    generate_pages_into, guides)
from .diagnostics import Diagnostic
from .feed import read_history
from .layout import carry_backlinks
from .link import Corpus
from .render import render_records

PREVIEW_DIR = "preview-site"
STATUS_PATH = "/__kb/status.json"
SCRIPT_PATH = "/__kb/preview.js"

_WATCHED_EXTRA = ("overrides", "mkdocs.yml")  # besides records/ and the hand-written part of docs/


class PageWriter:
    """Writes generated files into docs/, touching only files whose bytes changed.

    `folders` are the generated folders this writer owns (the pages, or the search index): a page of
    another writer is never removed. It remembers a digest of each file it owns, not its text (the
    pages of 10,000 units take about a gigabyte as text); `stage` streams a whole set of files through
    a folder on disk, so that a full set is never held in memory either.
    """

    def __init__(self, root: Path, folders: tuple[str, ...], files: tuple[str, ...] = ()) -> None:
        self.docs = Path(root) / "docs"
        self.folders, self.files = folders, files
        self._digests: dict[str, bytes] | None = None

    def existing(self) -> set[str]:
        found = set()
        for name in self.folders:
            folder = self.docs / name
            if folder.is_dir():
                found.update(p.relative_to(self.docs).as_posix() for p in folder.rglob("*")
                             if p.is_file() and not p.name.endswith(".kb-tmp"))
        found.update(name for name in self.files if (self.docs / name).is_file())
        return found

    def digests(self) -> dict[str, bytes]:
        """The digest of every file this writer owns, as last written (read from disk the first time: a
        restarted preview)."""
        if self._digests is None:
            self._digests = {}
            for relative in self.existing():
                try:
                    self._digests[relative] = _digest((self.docs / relative).read_bytes())
                except OSError:
                    pass
        return self._digests

    def previous(self, relative: str) -> str | None:
        """The text of a file as last written, or None."""
        if relative not in self.digests():
            return None
        try:
            return (self.docs / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def diff(self, pages: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        """What writing the whole set `pages` would change: (changed pages and their text, removed pages)."""
        digests = self.digests()
        changed = {p: text for p, text in pages.items() if digests.get(p) != _digest(text.encode("utf-8"))}
        return changed, sorted(set(digests) - set(pages))

    def write(self, pages: dict[str, str], partial: bool = False) -> tuple[list[str], list[str]]:
        """(changed pages, removed pages), docs-relative. `partial`: `pages` are some of the pages, the
        others stay as they are."""
        changed, removed = self.diff(pages)
        return self.apply(changed, [] if partial else removed)

    def apply(self, changed: dict[str, str], removed: list[str]) -> tuple[list[str], list[str]]:
        digests = self.digests()
        for relative, text in changed.items():
            target = self.docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.kb-tmp")
            data = text.encode("utf-8")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            digests[relative] = _digest(data)
        return sorted(changed), self._remove(removed)

    def stage(self, folder: Path, produce: Callable[[Callable[[str, str], None], Callable[[str, str], None]], object]
              ) -> tuple[list[str], list[str], dict[str, bytes], object]:
        """Every file that `produce(write, append)` makes, written into `folder` as it comes, then compared
        with docs/: (changed files, left in `folder` for `adopt`; removed files; the changed files'
        digests; what `produce` returned). A file written with the bytes docs/ already has is not staged
        at all (unless something is appended to it: then it starts as a copy of docs/'s file), and one
        that ends up unchanged is deleted from `folder`; docs/ is not touched (a forked process may
        stage while the preview serves)."""
        shutil.rmtree(folder, ignore_errors=True)
        digests = self.digests()
        made: dict[str, None] = {}
        same: set[str] = set()  # written with the bytes docs/ has: not staged unless something is appended

        def write(relative: str, text: str) -> None:
            data = text.encode("utf-8")
            made[relative] = None
            if digests.get(relative) == _digest(data):
                same.add(relative)
                return
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

        def append(relative: str, text: str) -> None:
            staged = folder / relative
            if relative in same:  # docs/ holds the same bytes as were written: start from them
                same.discard(relative)
                staged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.docs / relative, staged)
            with open(staged, "ab") as handle:
                handle.write(text.encode("utf-8"))
        result = produce(write, append)
        changed, fresh = [], {}
        for relative in made:
            if relative in same:
                continue
            staged = folder / relative
            digest = _digest(staged.read_bytes())
            if digests.get(relative) == digest:
                staged.unlink()
            else:
                changed.append(relative)
                fresh[relative] = digest
        return sorted(changed), sorted(set(digests) - set(made)), fresh, result

    def adopt(self, folder: Path, changed: list[str], removed: list[str], fresh: dict[str, bytes]
              ) -> tuple[list[str], list[str]]:
        """Move what `stage` left in `folder` into docs/ and remove what it found gone."""
        digests = self.digests()
        for relative in changed:
            target = self.docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(folder / relative, target)
            except OSError:  # another file system (a linked .kb/): copy through a temporary file
                temporary = target.with_name(f".{target.name}.kb-tmp")
                shutil.copyfile(folder / relative, temporary)
                os.replace(temporary, target)
            digests[relative] = fresh[relative]
        shutil.rmtree(folder, ignore_errors=True)
        return list(changed), self._remove(removed)

    def _remove(self, removed: list[str]) -> list[str]:
        digests = self.digests()
        for relative in removed:
            (self.docs / relative).unlink(missing_ok=True)
            digests.pop(relative, None)
        return removed


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def site_path(site: Path, page: str) -> Path:
    """Where MkDocs writes a docs-relative page (directory URLs) or copies a static file."""
    if not page.endswith(".md"):
        return site / page
    return site / paths.url_of(page).strip("/") / "index.html"


class SiteBuilder:
    """A built site folder: mkdocs.yml read for it (with its address), and the built form of pages
    marked out of date or removed (the pull-request preview's dirty build, `kb.reuse`)."""

    def __init__(self, root: Path, site: Path, site_url: str) -> None:
        self.root, self.site, self.site_url = Path(root), Path(site), site_url

    def config(self, load_config):
        """mkdocs.yml read with site_url set to the preview's address (the variable is put back after)."""
        saved = os.environ.get("KB_SITE_URL")
        if self.site_url:
            os.environ["KB_SITE_URL"] = self.site_url
        try:
            return load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site), strict=False)
        finally:
            if saved is None:
                os.environ.pop("KB_SITE_URL", None)
            else:
                os.environ["KB_SITE_URL"] = saved

    def outdate(self, pages: list[str]) -> None:
        """Mark the built form of changed pages as older than any source: MkDocs compares mtimes, and a
        page saved within the same clock tick as its last build would otherwise look up to date."""
        for page in pages:
            built = site_path(self.site, page)
            if built.exists():
                os.utime(built, (0, 0))

    def forget(self, pages: list[str]) -> None:
        """Remove the built form of removed pages (a dirty build never deletes)."""
        for page in pages:
            built = site_path(self.site, page)
            if built.name == "index.html" and built.parent != self.site:
                shutil.rmtree(built.parent, ignore_errors=True)
            else:
                built.unlink(missing_ok=True)


class LiveSite:
    """MkDocs set up once (configuration, file list, navigation, theme), then each page built when a
    browser asks for it and it is out of date: an edit costs the pages it changed, not the site.

    `prepare` does what `mkdocs build` does before it writes pages (plugins' config, files, nav and env
    events, the theme's static templates); `ensure` then builds one page or copies one static file with
    MkDocs' own per-page steps, into the persistent preview folder. Nothing is built ahead: at start-up
    no page is fresh, and each is built (some tens of milliseconds) the first time it is opened.
    The steps are MkDocs' internal functions (`mkdocs.commands.build`, pinned to mkdocs 1.6 in
    pyproject.toml; tests/test_preview.py serves every kind of page through them).
    Material's own search index (guide pages only) is not made in the preview: the site's search is
    served from docs/kb-search/.
    """

    def __init__(self, root: Path, site: Path, site_url: str) -> None:
        self.root, self.site = Path(root), Path(site)
        self.options = SiteBuilder(root, site, site_url)  # reads mkdocs.yml with the preview's address
        self._lock = threading.RLock()  # MkDocs keeps the page being built in its config: one at a time
        self.config = None
        self.fresh: set[str] = set()  # dest_uri of the files built by this process since they last changed

    def prepare(self) -> None:
        from mkdocs.commands import build as steps
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
        from mkdocs.structure.files import set_exclusions
        from mkdocs.structure.pages import Page

        from .pagewise import prepare

        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        with self._lock:
            try:
                config = self.options.config(load_config)
                config.theme.static_templates.discard("sitemap.xml")  # every page's URL: not for a preview
                config, files, nav, env, doc_files = prepare(config, "serve")
                self.site.mkdir(parents=True, exist_ok=True)
                for template in config.theme.static_templates:
                    steps._build_theme_template(template, env, files, config, nav)
            except (MkDocsException, OSError, SystemExit) as error:
                raise BuildFailed(f"mkdocs không dựng được trang xem trước: {error}") from error
            self.config, self.files, self.nav, self.env = config, files, nav, env
            self.doc_files = doc_files
            self.by_src = {file.src_uri: file for file in files}
            self.by_dest = {file.dest_uri: file for file in files}
            self.fresh = set()
            self._steps, self._page_type, self._set_exclusions = steps, Page, set_exclusions

    def changed(self, pages: list[str], removed: list[str]) -> None:
        """Docs-relative files written or removed: their built form is out of date (or gone)."""
        from mkdocs.structure.files import File, Files

        with self._lock:
            for src in removed:
                file = self.by_src.pop(src, None)
                if file is None:
                    continue
                self.files.remove(file)
                self.by_dest.pop(file.dest_uri, None)
                self.fresh.discard(file.dest_uri)
                built = self.site / file.dest_uri
                built.unlink(missing_ok=True)
                if built.name == "index.html" and built.parent != self.site:
                    shutil.rmtree(built.parent, ignore_errors=True)
            added = False
            for src in pages:
                file = self.by_src.get(src)
                if file is None:  # a new page or file: known from now on, built when asked for
                    file = File(src, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls)
                    self._set_exclusions(Files([file]), self.config)
                    self.files.append(file)
                    if file.is_documentation_page():
                        self._page_type(None, file, self.config)
                    self.by_src[src], self.by_dest[file.dest_uri] = file, file
                    added = True
                self.fresh.discard(file.dest_uri)
            if added or removed:
                from mkdocs.structure.files import InclusionLevel
                self.doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)

    def ensure(self, dest: str) -> bool:
        """Build the page (or copy the file) served at site-relative `dest` if it is out of date.
        False when no source makes it (the caller answers from the folder, or 404)."""
        with self._lock:
            file = self.by_dest.get(dest)
            if file is None:
                return False
            if dest in self.fresh and (self.site / dest).exists():
                return True
            if file.is_documentation_page():
                self._steps._populate_page(file.page, self.config, self.files)
                self._steps._build_page(file.page, self.config, self.doc_files, self.nav, self.env)
                file.page.content = file.page.markdown = None  # a long session keeps no page text
            else:
                file.copy_file(dirty=False)
            self.fresh.add(dest)
            return True


_SCRIPT = """(function () {
  "use strict";
  var seen = null;
  function banner(errors) {
    var old = document.getElementById("kb-preview-errors");
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "kb-preview-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:1000;left:0;right:0;top:0;max-height:50vh;overflow:auto;" +
      "background:#fff3f3;color:#600;border-bottom:3px solid #c00;padding:.8em 1.2em;font:14px/1.5 sans-serif";
    var title = document.createElement("strong");
    title.textContent = "Hồ sơ có " + errors.length + " lỗi — trang đang xem là bản dựng tốt gần nhất. " +
      "Sửa rồi lưu tệp, trang sẽ tự tải lại.";
    box.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = e.path + ":" + e.line + ":" + e.column;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + e.code + " " + e.message + (e.hint ? " — " + e.hint : "")));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.generation !== seen) { location.reload(); return; }
      seen = s.generation;
      banner(s.errors);
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
""" % STATUS_PATH


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: "Preview"

    def log_message(self, format, *args) -> None:  # noqa: A002 — quiet: the terminal is for diagnostics
        pass

    def do_GET(self) -> None:
        route = self.path.split("?", 1)[0]
        if route == STATUS_PATH:
            self._send(200, "application/json; charset=utf-8", json.dumps(self.preview.status()).encode())
        elif route == SCRIPT_PATH:
            self._send(200, "text/javascript; charset=utf-8", _SCRIPT.encode())
        elif route.startswith(f"/{INDEX_DIR}/"):
            self.directory = str(self.preview.root / "docs")
            super().do_GET()
        else:
            dest = urllib.parse.unquote(route).lstrip("/")
            if not dest or dest.endswith("/"):
                dest += "index.html"
            elif self.preview.live.ensure(dest + "/index.html"):
                self.send_response(301)
                self.send_header("Location", route + "/")
                self.end_headers()
                return
            try:
                self.preview.live.ensure(dest)
            except Exception as error:  # noqa: BLE001 — a page MkDocs cannot build: say so, keep serving
                self._send(500, "text/plain; charset=utf-8", f"Không dựng được trang này: {error}".encode())
                return
            target = Path(self.translate_path(route))
            if target.is_dir():
                if not route.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", route + "/")
                    self.end_headers()
                    return
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                self._send(200, "text/html; charset=utf-8", self._inject(target.read_bytes()))
            elif target.is_file():
                super().do_GET()
            else:
                missing = Path(self.directory) / "404.html"
                body = missing.read_bytes() if missing.is_file() else "Không có trang này.".encode()
                self._send(404, "text/html; charset=utf-8", self._inject(body))

    @staticmethod
    def _inject(html: bytes) -> bytes:
        tag = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
        at = html.rfind(b"</body>")
        return html[:at] + tag + html[at:] if at >= 0 else html + tag

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a connection early is not an error worth a traceback in the terminal."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


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
        self.live = LiveSite(self.root, self.site, f"http://{self.host}:{self.port}/")
        self.generation = 0
        self.pending = False  # the child has yet to send the pages an edit changed beyond its own
        self.errors: list[Diagnostic] = []
        self._lock = threading.Lock()
        self._server: _QuietServer | None = None
        self._stop = threading.Event()
        self._serving: threading.Thread | None = None

    def status(self) -> dict:
        with self._lock:
            return {"generation": self.generation, "pending": self.pending,
                    "errors": [{"path": d.path, "line": d.line, "column": d.column, "code": d.code,
                                "message": d.message, "hint": d.hint} for d in self.errors]}

    def start(self) -> list[Diagnostic]:
        """First build (reusing the last preview when there is one), then open the port. Returns warnings."""
        handler = functools.partial(type("Handler", (_Handler,), {"preview": self}), directory=str(self.site))
        self._server = _QuietServer((self.host, self.port), handler)
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
        whatever the size of the corpus. Then a forked process (the other core) renders every page and
        sends what differs (the lists, counts and links elsewhere that the edit changed, pages of deleted
        records), which `collect` writes and rebuilds; it goes on to the search index, which no page depends
        on and which is served straight from docs/kb-search/. A newer edit replaces a child still at work.
        A change to anything but record files (catalogues, hand-written pages, the theme) is rebuilt whole.
        """
        self.reap(kill=True)  # work for the previous state would only compete for the CPU
        checked, changed_files = self.checker.run()
        with self._lock:
            self.errors = checked.errors
        if checked.errors or checked.corpus is None:
            return checked
        records = None if first or theme_changed else self._records_in(checked.corpus, changed_files)
        guide_pages = None
        if records:
            fresh = render_records(checked.corpus, records, read_history(self.root))
            update = {path: carry_backlinks(text, self.writer.previous(path)) for path, text in fresh.items()}
            with build_lock(self.root, on_wait=self.log):
                changed, removed = self.writer.write(update, partial=True)
                self.live.changed(changed, removed)
        else:
            folder = self.root / STATE_DIR / "preview-staging"
            staged = self.writer.stage(folder, self._pages_of(checked.corpus))
            guide_pages = staged[3]
            with build_lock(self.root, on_wait=self.log):
                changed, removed = self.writer.adopt(folder, *staged[:3])
                if first or theme_changed:
                    self.live.prepare()
                else:
                    self.live.changed(changed, removed)
        with self._lock:
            self.generation += 1
            self.pending = bool(records)
        if first:
            self.checker.save()  # once: at 10,000 units the cache takes seconds to write
        else:
            self.log(f"đã dựng lại {len(changed)} trang đổi, xoá {len(removed)} trang"
                     + (" (các trang khác theo sau)" if records else ""))
        self.later(checked.corpus, guide_pages)
        return checked

    def _pages_of(self, corpus: Corpus):
        return lambda write, append: generate_pages_into(self.root, corpus, write, append)

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

    def later(self, corpus: Corpus, guide_pages: dict[str, str] | None) -> None:
        """In a child process: every page, when `guide_pages` is None (the pages that differ are left in
        a folder and listed in a file, which `collect` reads), then the search index."""
        self.reap(kill=True)
        for stale in (self.root / STATE_DIR).glob("preview-pending-*"):
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        target = self._pending_file(self.generation)
        pid = os.fork()
        if pid == 0:  # the child: compute, write, leave without clean-up handlers
            code = 1
            try:
                if guide_pages is None:
                    changed, removed, fresh, guide_pages = self.writer.stage(target.with_suffix(""),
                                                                             self._pages_of(corpus))
                    temporary = target.with_name(target.name + ".tmp")
                    with open(temporary, "wb") as handle:
                        pickle.dump((changed, removed, fresh), handle, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(temporary, target)
                self.write_index(corpus, guide_pages)
                code = 0
            finally:
                os._exit(code)
        self._indexer = pid

    def collect(self) -> bool:
        """Write and rebuild what the child found changed beyond the saved records' pages. True when done."""
        with self._lock:
            if not self.pending:
                return False
            target = self._pending_file(self.generation)
        try:
            with open(target, "rb") as handle:
                changed, removed, fresh = pickle.load(handle)
        except FileNotFoundError:
            return False
        target.unlink(missing_ok=True)
        with build_lock(self.root, on_wait=self.log):
            written, removed = self.writer.adopt(target.with_suffix(""), changed, removed, fresh)
            self.live.changed(written, removed)
        with self._lock:
            self.pending = False
            if written or removed:
                self.generation += 1
        if written or removed:
            self.log(f"đã dựng lại thêm {len(written)} trang liên quan, xoá {len(removed)} trang")
        return True

    def settle(self, timeout: float = 600) -> None:
        """Wait until the pages of the last edit are all written (tests and the benchmark)."""
        wait_for(lambda: self.collect() or not self.pending, timeout)

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

"""`kb serve`: a preview that rebuilds only what a saved record changes.

One long-lived process keeps what a full build throws away:
- every record's validation result, keyed by its file's size and mtime, so a save re-validates one file
  (the whole corpus is still linked, so cross-record checks stay right);
- the text of every generated page, so only pages whose bytes changed are written (the others keep their
  mtime, and MkDocs' dirty build skips them);
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
import http.server
import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from . import paths
from .search import INDEX_DIR
from .build import (CHECK_CACHE, STATE_DIR, BuildFailed, Checked, IncrementalCheck, build_lock, file_stamp,
                    generate_index, generate_pages)
from .diagnostics import Diagnostic
from .link import Corpus

PREVIEW_DIR = "preview-site"
STATUS_PATH = "/__kb/status.json"
SCRIPT_PATH = "/__kb/preview.js"

_WATCHED_EXTRA = ("overrides", "mkdocs.yml")  # besides records/ and the hand-written part of docs/


class PageWriter:
    """Writes generated pages into docs/, touching only files whose bytes changed.

    `folders` are the generated folders this writer owns (the pages, or the search index): a page of
    another writer is never removed.
    """

    def __init__(self, root: Path, folders: tuple[str, ...], files: tuple[str, ...] = ()) -> None:
        self.docs = Path(root) / "docs"
        self.folders, self.files = folders, files
        self._written: dict[str, str] | None = None

    def existing(self) -> set[str]:
        found = set()
        for name in self.folders:
            folder = self.docs / name
            if folder.is_dir():
                found.update(p.relative_to(self.docs).as_posix() for p in folder.rglob("*")
                             if p.is_file() and not p.name.endswith(".kb-tmp"))
        found.update(name for name in self.files if (self.docs / name).is_file())
        return found

    def write(self, pages: dict[str, str]) -> tuple[list[str], list[str]]:
        """(changed pages, removed pages), docs-relative."""
        if self._written is None:  # first run: compare with what is on disk (a restarted preview)
            self._written = {}
            for relative in self.existing():
                try:
                    self._written[relative] = (self.docs / relative).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    pass
        changed = [p for p, text in pages.items() if self._written.get(p) != text]
        removed = sorted(set(self._written) - set(pages))
        for relative in changed:
            target = self.docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.kb-tmp")
            temporary.write_bytes(pages[relative].encode("utf-8"))
            os.replace(temporary, target)
        for relative in removed:
            (self.docs / relative).unlink(missing_ok=True)
        self._written = dict(pages)
        return sorted(changed), removed


def site_path(site: Path, page: str) -> Path:
    """Where MkDocs writes a docs-relative page (directory URLs) or copies a static file."""
    if not page.endswith(".md"):
        return site / page
    return site / paths.url_of(page).strip("/") / "index.html"


class SiteBuilder:
    """MkDocs in this process, into a persistent folder, dirty when it can be."""

    def __init__(self, root: Path, site: Path, site_url: str) -> None:
        self.root, self.site, self.site_url = Path(root), Path(site), site_url
        self._env = None  # the theme's Jinja environment, kept between dirty builds (templates compiled once)

    def build(self, dirty: bool, sitemap: bool = False) -> None:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # a dirty build warns about itself each time
        try:
            config = self._config(load_config)
            if not sitemap:  # every page's URL, at each build: not needed by a preview
                config.theme.static_templates.discard("sitemap.xml")
            if self._env is None or not dirty:
                self._env = config.theme.get_env()
            env = self._env
            config.theme.get_env = lambda: env
            config.plugins.on_startup(command="build", dirty=dirty)
            try:
                mkdocs_build(config, dirty=dirty and self.site.is_dir())
            finally:
                config.plugins.on_shutdown()
        except (MkDocsException, OSError, SystemExit) as error:
            raise BuildFailed(f"mkdocs không dựng được trang xem trước: {error}") from error

    def _config(self, load_config):
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
        self.builder = SiteBuilder(self.root, self.site, f"http://{self.host}:{self.port}/")
        self.generation = 0
        self.errors: list[Diagnostic] = []
        self._lock = threading.Lock()
        self._server: _QuietServer | None = None
        self._stop = threading.Event()
        self._serving: threading.Thread | None = None

    def status(self) -> dict:
        with self._lock:
            return {"generation": self.generation,
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

        The search index is the slowest part of a compile and no page depends on it: it is made after the
        pages are served, in a forked process (the other core), and served straight from docs/kb-search/.
        """
        self.reap(kill=True)  # an index being made for the previous state would only compete for the CPU
        checked, _ = self.checker.run()
        with self._lock:
            self.errors = checked.errors
        if checked.errors or checked.corpus is None:
            return checked
        pages = generate_pages(self.root, checked.corpus)
        with build_lock(self.root, on_wait=self.log):
            changed, removed = self.writer.write(pages)
            if changed or removed or first or theme_changed:
                self.builder.forget(removed)
                self.builder.outdate(changed)
                self.builder.build(dirty=not theme_changed)
        with self._lock:
            self.generation += 1
        if first:
            self.checker.save()  # once: at 10,000 units the cache takes seconds to write
        else:
            self.log(f"đã dựng lại {len(changed)} trang đổi, xoá {len(removed)} trang")
        self.index_later(checked.corpus, pages)
        return checked

    def write_index(self, corpus: Corpus, pages: dict[str, str]) -> None:
        PageWriter(self.root, (INDEX_DIR,)).write(generate_index(self.root, corpus, pages))

    def index_later(self, corpus: Corpus, pages: dict[str, str]) -> None:
        """Rebuild the search index in a child process; a newer edit replaces a child still at work."""
        self.reap(kill=True)
        pid = os.fork()
        if pid == 0:  # the child: compute, write the changed index files, leave without clean-up handlers
            code = 1
            try:
                self.write_index(corpus, pages)
                code = 0
            finally:
                os._exit(code)
        self._indexer = pid

    def reap(self, kill: bool = False, wait: bool = False) -> None:
        if self._indexer is None:
            return
        if kill:
            try:
                os.kill(self._indexer, 9)
            except ProcessLookupError:
                pass
        done, _ = os.waitpid(self._indexer, 0 if (kill or wait) else os.WNOHANG)
        if done:
            self._indexer = None

    def snapshot(self) -> tuple[dict, dict]:
        """(records, theme and config) stamps; the hand-written docs count as records (they feed search)."""
        records = dict(self.checker.record_files())
        generated = set(paths.GENERATED_DIRS) | set(paths.GENERATED_FILES)
        docs = self.root / "docs"
        for path in docs.rglob("*"):
            relative = path.relative_to(docs)
            if relative.parts[0] not in generated and path.is_file() and not path.name.endswith(".kb-tmp"):
                records["docs/" + relative.as_posix()] = file_stamp(path)
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
            if now == before:
                continue
            theme_changed = now[1] != before[1]
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

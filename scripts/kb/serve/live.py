"""MkDocs set up once, then each page built when a browser asks for it."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from mkdocs.commands import build as steps
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page

from kb.build.pagewise import prepare
from kb.build.site import SiteBuilder
from kb.build.state import BuildFailed


class LiveSite:
    """MkDocs set up once (configuration, file list, navigation, theme), then each page built when a
    browser asks for it and it is out of date: an edit costs the pages it changed, not the site.

    `prepare` does what `mkdocs build` does before it writes pages (plugins' config, files, nav and env
    events, the theme's static templates); `ensure` then builds one page or copies one static file with
    MkDocs' own per-page steps, into the persistent preview folder. Nothing is built ahead: at start-up
    no page is fresh, and each is built (some tens of milliseconds) the first time it is opened.
    The steps are MkDocs' internal functions (`mkdocs.commands.build`, pinned to mkdocs 1.6 in
    pyproject.toml; tests/serve/test_preview.py serves every kind of page through them).
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

"""`kb build --reuse`: rebuild only what changed, over the previous docs/ and site/.

The pull-request workflow restores main's last build (generated docs/, site/, .kb/check-cache.pickle and
.kb/site-settings.json, saved by deploy.yml) and runs this instead of the full build. The result equals a
full build of the same commit (tests/build/test_reuse.py) and is as strict.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import threading
from pathlib import Path

from kb.build.book import forget_book, load_book, save_book
from kb.build.child import run_site_generator
from kb.build.full import Stages, build_locked
from kb.build.settings import (
    SITE_SETTINGS,
    hand_written_pages,
    read_settings,
    record_site_settings,
    site_settings,
)
from kb.build.site import SiteBuilder, site_path
from kb.build.state import BuildFailed, file_stamp
from kb.check.runner import CHECK_CACHE, STATE_DIR, Checked, IncrementalCheck
from kb.generate.incremental import render_changes
from kb.generate.pages import generated_guides, site_history, write_index, write_whole_files
from kb.generate.search.index import INDEX_DIR
from kb.model import paths
from kb.text import markup


def build_reusing(root: Path, strict: bool, progress: Stages | None = None) -> Checked:
    """Rebuild only what changed, over the previous docs/ and site/ (a pull-request preview's cache).

    The pages are written as by the full build (one at a time, file by file, no page held): those whose
    bytes did not change keep their mtime, so MkDocs' dirty build skips them; pages gone from the corpus
    lose their built form. MkDocs runs dirty and, with `strict`, strict (kb.build.sitegen): it checks the links of
    every page it renders, and it is made to render, besides the changed pages, every hand-written page and
    every unchanged page whose links a change could break (see _pages_to_recheck). When the theme,
    mkdocs.yml, the site generator's packages or the variables mkdocs.yml reads differ from those of the
    previous site (.kb/site-settings.json), every page would change: the full build runs instead. Builds in
    place: on failure, site/ may be half updated, the settings record is removed (the next --reuse builds
    afresh) and the message says to build again.
    """
    settings = site_settings(root)
    if read_settings(root) != settings:
        return build_locked(root, strict, site=True, offline=False, progress=progress)
    before = generated_stamps(root)
    again = render_again(root, progress)
    if again is None:  # no book of the last build, or the catalogues changed: every page is made
        checked, index = build_locked(root, strict, site=False, offline=False, progress=progress), None
    else:
        checked, index = again
    try:
        after = generated_stamps(root)
        changed = sorted(page for page, stamp in after.items() if before.get(page) != stamp)
        removed = sorted(set(before) - set(after))
        site = root / "site"
        builder = SiteBuilder(root, site, "")
        builder.forget(removed)
        _prune_empty_parents(site, [site_path(site, page) for page in removed])
        builder.outdate(changed + _pages_to_recheck(root, sorted(after), changed) + hand_written_pages(root))
        (root / STATE_DIR / SITE_SETTINGS).unlink(missing_ok=True)
        process = run_site_generator(root, site, strict, dirty=True)
    finally:
        made = index.wait() if index is not None else True
    if process.returncode != 0:
        raise BuildFailed("mkdocs build thất bại:\n" + (process.stderr or process.stdout)[-4000:]
                          + "\nsite/ có thể đã đổi một phần, chạy lại 'kb build' không có --reuse", checked)
    if not made:
        raise BuildFailed("không dựng được chỉ mục tìm kiếm; chạy lại 'kb build' không có --reuse", checked)
    if index is not None:
        index.adopt()
    record_site_settings(root, settings)
    return checked


class _Index:
    """Open data, the editor's files and the search index (static files, made from the whole corpus), made by a
    forked process while MkDocs builds the changed pages (the other core), into a folder of its own; then the
    files that changed are put in docs/ and in site/ (as MkDocs would copy them), and index files that went are
    removed from both."""

    def __init__(self, root: Path, corpus, guide_pages: dict[str, str]) -> None:
        self.root = root
        self.folder = root / STATE_DIR / "reuse-index"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.pid = None
        if threading.active_count() > 1:  # never fork a process with other threads (a lock held stays held)
            self._write(corpus, guide_pages)
            return
        self.pid = os.fork()
        if self.pid == 0:  # the child: write every index file, leave without clean-up handlers
            code = 1
            try:
                self._write(corpus, guide_pages)
                code = 0
            finally:
                os._exit(code)

    def _write(self, corpus, guide_pages: dict[str, str]) -> None:
        def write(relative: str, text: str) -> None:
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        with markup.remembering(False):
            write_whole_files(self.root, corpus, write)
            write_index(self.root, corpus, guide_pages, write)

    def wait(self) -> bool:
        if self.pid is None:  # written in this process
            return True
        _, status = os.waitpid(self.pid, 0)
        return status == 0

    def adopt(self) -> None:
        made = _files_under(self.folder)
        index = {name[len(INDEX_DIR) + 1:] for name in made if name.startswith(INDEX_DIR + "/")}
        for base in (self.root / "docs", self.root / "site"):
            for name in made:
                _write_if_changed(base / name, (self.folder / name).read_bytes())
            stale = [base / INDEX_DIR / name for name in set(_files_under(base / INDEX_DIR)) - index]
            for path in stale:
                path.unlink()
            _prune_empty_parents(base / INDEX_DIR, stale)
        shutil.rmtree(self.folder, ignore_errors=True)


def render_again(root: Path, progress: Stages | None = None) -> tuple[Checked, _Index] | None:
    """Only the pages an edit reaches, from the book the last full build left (`kb.build.book`), written into
    docs/ in place (a file keeps its mtime when its bytes do not change); open data, the editor's files and the
    search index are made again whole by a forked process (`_Index`). None, with docs/ untouched, when
    there is no book to start from (then every page is made)."""
    book = load_book(root)
    if book is None:
        return None
    checker = IncrementalCheck(root, root / STATE_DIR / CHECK_CACHE)
    checked, _ = checker.run(progress=(lambda done, total: progress("check", done, total)) if progress else None)
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    before = checker.corpus_before()
    if before is None or "history" not in book.inputs:
        return None
    checker.save()
    docs = root / "docs"
    forget_book(root)  # from here docs/ changes: a failure must not leave a book describing other pages
    history = site_history(root)

    def read(relative: str) -> str | None:
        try:
            return (docs / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def write(relative: str, text: str) -> None:
        _write_if_changed(docs / relative, text)

    def remove(relative: str) -> None:
        (docs / relative).unlink(missing_ok=True)
    with markup.remembering(False):
        render_changes(book, (before, book.inputs["history"]), (checked.corpus, history), read, write, remove)
    index = _Index(root, checked.corpus, generated_guides(read))
    book.inputs["history"] = history
    save_book(root, book)
    return checked, index


def _write_if_changed(target: Path, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.kb-tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _files_under(folder: Path) -> list[str]:
    return [os.path.relpath(os.path.join(top, name), folder).replace(os.sep, "/")
            for top, _, names in os.walk(folder) for name in names]


def generated_stamps(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file in the generated part of docs/ (docs-relative)."""
    docs = root / "docs"
    found = {name: file_stamp(docs / name) for name in paths.GENERATED_FILES if (docs / name).is_file()}
    for name in paths.GENERATED_DIRS:
        for folder, _, files in os.walk(docs / name):
            for file in files:
                full = os.path.join(folder, file)
                found[os.path.relpath(full, docs).replace(os.sep, "/")] = file_stamp(Path(full))
    return found


_LINK = re.compile(r"\]\(([^()\s#]+\.md)(#[^()\s]*)?\)")


def _pages_to_recheck(root: Path, generated: list[str], changed: list[str]) -> list[str]:
    """Unchanged generated pages whose links a change may have broken: a link to a page that is no longer
    there, or to an anchor of a changed page. MkDocs checks links only on the pages it renders."""
    docs = root / "docs"
    known = set(generated) | set(hand_written_pages(root))
    moved = set(changed)
    found = []
    for page in generated:
        if page in moved or not page.endswith(".md"):
            continue
        text = (docs / page).read_text(encoding="utf-8")
        folder = posixpath.dirname(page)
        for match in _LINK.finditer(text):
            target = posixpath.normpath(posixpath.join(folder, match.group(1)))
            if target not in known or (match.group(2) and target in moved):
                found.append(page)
                break
    return found


def _prune_empty_parents(site: Path, built: list[Path]) -> None:
    """Folders left empty by removed pages go too, as a full build would not make them."""
    for path in built:
        folder = path.parent
        while folder != site and site in folder.parents:
            try:
                folder.rmdir()
            except OSError:  # not empty, or already gone
                if folder.exists():
                    break
            folder = folder.parent

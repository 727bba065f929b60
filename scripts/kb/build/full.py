"""The full build: check → generate pages into a staging folder → swap → site generator → swap.

Nothing here prints or exits; the CLI does. A build that fails at any step
leaves the previous generated pages and the previous site/ untouched: pages
are written to a staging folder and swapped in, the site generator writes to
a fresh folder that replaces site/ only when it succeeds.

`build_locked(offline=True)` makes the copy of the site that opens from a folder or a
zip without a web server (`site-offline/`, `site-offline.zip`): file names
instead of directory URLs, and each search index file doubled as a script,
because browsers refuse fetch() on file:// pages.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from kb.build.book import forget_book, save_book
from kb.build.child import run_site_generator
from kb.build.offline import OFFLINE_DIR, add_script_twins, write_zip
from kb.build.settings import record_site_settings
from kb.build.staging import Staging, restore_previous_pages, swap_site
from kb.build.state import BuildFailed
from kb.check.runner import STATE_DIR, Checked, check
from kb.generate.layout import PageCollision
from kb.generate.pages import generate, generate_into
from kb.generate.search.index import INDEX_DIR
from kb.model.corpus import Corpus
from kb.text import markup
from kb.text.yamlsource import Positions


def compile_pages(root: Path) -> tuple[dict[str, str], Checked]:
    """Generated pages and search index files (docs-relative path → text)."""
    checked = check(root)
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    try:
        return generate(root, checked.corpus), checked
    except PageCollision as collision:
        raise BuildFailed(str(collision), checked) from None


def forget_positions(corpus: Corpus) -> None:
    """Drop each record's line and column of every field (a third of the corpus in memory): only the
    checker's diagnostics need them, and they are all made before the pages."""
    for table in (corpus.units, corpus.themes, corpus.directives):
        for record in table.values():
            record.positions = Positions()


Stages = Callable[[str, int, int], None]  # (stage: check, pages or site; done; total): how far long work is


def build_locked(root: Path, strict: bool, site: bool, offline: bool, jobs: int = 0,
                 progress: Stages | None = None) -> Checked:
    def stage(name: str):
        return (lambda done, total: progress(name, done, total)) if progress else None
    checked = check(root, progress=stage("check"))
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    forget_positions(checked.corpus)
    staging = Staging(root)
    forget_book(root)
    try:
        with markup.remembering(False):  # one pass: each string is escaped once, a cache only costs memory
            book = generate_into(root, checked.corpus, staging.write, staging.append, stage("pages"))
    except PageCollision as collision:
        staging.abort()
        raise BuildFailed(str(collision), checked) from None
    except BaseException:  # a failure or a signal (KeyboardInterrupt) while staging: docs/ was not touched
        staging.abort()
        raise
    staging.commit()
    save_book(root, book)  # what each page read: `kb build --reuse` renders again only what an edit reaches
    del book
    if not site:
        return checked
    fresh = root / STATE_DIR / "site-new"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        process = run_site_generator(root, fresh, strict, directory_urls=not offline, jobs=jobs,
                                     progress=stage("site"))
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
    swap_site(root, fresh, root / (OFFLINE_DIR if offline else "site"))
    if not offline:  # what a later `kb build --reuse` compares with (kb.build.reuse)
        record_site_settings(root)
    return checked



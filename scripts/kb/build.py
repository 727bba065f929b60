"""The pipeline: load → validate → link → render → write → site generator.

Nothing here prints or exits; the CLI does. A build that fails at any step
leaves the previous generated pages and the previous site/ untouched: pages
are written to a staging folder and swapped in, the site generator writes to
a fresh folder that replaces site/ only when it succeeds.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .diagnostics import Diagnostic
from .link import Corpus, link
from .load import load_tree
from .render import render
from .search import INDEX_DIR, build_index
from .validate import validate, validate_catalogs

STATE_DIR = ".kb"


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


def check(root: Path, only: list[Path] | None = None, today: dt.date | None = None) -> Checked:
    """Load, validate and link every record; collect every problem."""
    loaded = load_tree(root, only)
    diagnostics = list(loaded.diagnostics)
    catalogs, catalog_problems = validate_catalogs(loaded.catalogs)
    diagnostics += catalog_problems
    records = []
    for source in loaded.records:
        record, problems = validate(source, today)
        diagnostics += problems
        if record is not None:
            records.append(record)
    corpus = None
    if catalogs is not None:
        corpus, link_problems = link(catalogs, records)
        if only is None:
            diagnostics += link_problems
        else:
            wanted = {Path(p).resolve() for p in only}
            diagnostics += [d for d in link_problems if (root / d.path).resolve() in wanted]
    return Checked(corpus, sorted(set(diagnostics)))


def compile_pages(root: Path) -> tuple[dict[str, str], Checked]:
    """Generated pages and search index files (docs-relative path → text)."""
    checked = check(root)
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    pages = render(checked.corpus)
    pages.update({f"{INDEX_DIR}/{name}": text for name, text in build_index(checked.corpus).items()})
    return pages, checked


def write_pages(root: Path, pages: dict[str, str]) -> None:
    """Replace the generated part of docs/ with `pages`, atomically per folder."""
    docs = root / "docs"
    state = root / STATE_DIR
    staging = state / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    for relative, content in pages.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_if_changed(target, content)
    _check_owned(pages)
    previous = state / "previous"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir(parents=True)
    for name in paths.GENERATED_DIRS + paths.GENERATED_FILES:
        current, fresh = docs / name, staging / name
        if current.exists():
            current.rename(previous / name)
        if fresh.exists():
            fresh.rename(current)
    shutil.rmtree(staging, ignore_errors=True)


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


def _check_owned(pages: dict[str, str]) -> None:
    owned = set(paths.GENERATED_DIRS)
    for relative in pages:
        top = relative.split("/", 1)[0]
        if top not in owned and relative not in paths.GENERATED_FILES:
            raise BuildFailed(f"trang sinh ra nằm ngoài các thư mục được quản lý: {relative}")


def _write_if_changed(target: Path, content: str) -> None:
    data = content.encode("utf-8")
    target.write_bytes(data)


def run_site_generator(root: Path, site_dir: Path, strict: bool = True, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(root / config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def build(root: Path, strict: bool = True, site: bool = True) -> Checked:
    """The whole build. Raises BuildFailed (and keeps previous outputs) on any error."""
    root = Path(root)
    pages, checked = compile_pages(root)
    write_pages(root, pages)
    if not site:
        return checked
    fresh = root / STATE_DIR / "site-new"
    shutil.rmtree(fresh, ignore_errors=True)
    process = run_site_generator(root, fresh, strict)
    if process.returncode != 0:
        restore_previous_pages(root)
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildFailed("mkdocs build thất bại:\n" + (process.stderr or process.stdout)[-4000:], checked)
    _swap_site(root, fresh)
    return checked


def _swap_site(root: Path, fresh: Path) -> None:
    site = root / "site"
    old = root / STATE_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)

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

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import opendata, paths
from .diagnostics import Diagnostic
from .feed import read_history
from .link import Corpus, link
from .load import load_tree
from .render import render
from .search import INDEX_DIR, Document, build_index, guide_document
from .validate import validate, validate_catalogs

STATE_DIR = ".kb"
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


def check(root: Path, only: list[Path] | None = None, today: dt.date | None = None) -> Checked:
    """Load, validate and link every record; collect every problem."""
    loaded = load_tree(root)  # always the whole corpus: references and duplicates need every record
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
        diagnostics += link_problems
    if only is not None:  # report on the files asked for; catalogue problems concern every file
        wanted = {Path(p).resolve() for p in only}
        diagnostics = [d for d in diagnostics if (root / d.path).resolve() in wanted or d.path.endswith(".yml")]
    return Checked(corpus, sorted(set(diagnostics)))


def compile_pages(root: Path) -> tuple[dict[str, str], Checked]:
    """Generated pages and search index files (docs-relative path → text)."""
    checked = check(root)
    if checked.errors or checked.corpus is None:
        raise BuildFailed(f"{len(checked.errors)} lỗi trong hồ sơ", checked)
    return generate(root, checked.corpus), checked


def generate(root: Path, corpus: Corpus) -> dict[str, str]:
    """Everything compiled from a linked corpus: pages, search index, open data (docs-relative path → text)."""
    pages = render(corpus, read_history(root))
    index = build_index(corpus, guides(root, pages))
    pages.update({f"{INDEX_DIR}/{name}": text for name, text in index.items()})
    pages.update(opendata.files(corpus))
    return pages


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


def write_pages(root: Path, pages: dict[str, str]) -> None:
    """Replace the generated part of docs/ with `pages`, atomically per folder."""
    docs = root / "docs"
    state = root / STATE_DIR
    staging = state / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    for relative, content in pages.items():
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)
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


def _write(target: Path, content: str) -> None:
    target.write_bytes(content.encode("utf-8"))


def run_site_generator(root: Path, site_dir: Path, strict: bool = True, config: str = "mkdocs.yml",
                       directory_urls: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(root / config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    if not directory_urls:
        command.append("--no-directory-urls")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def build(root: Path, strict: bool = True, site: bool = True, offline: bool = False) -> Checked:
    """The whole build. Raises BuildFailed (and keeps previous outputs) on any error.

    With `offline`, the site goes to site-offline/ (and site-offline.zip) instead of site/.
    """
    root = Path(root)
    pages, checked = compile_pages(root)
    write_pages(root, pages)
    if not site:
        return checked
    fresh = root / STATE_DIR / "site-new"
    shutil.rmtree(fresh, ignore_errors=True)
    process = run_site_generator(root, fresh, strict, directory_urls=not offline)
    if process.returncode != 0:
        restore_previous_pages(root)
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildFailed("mkdocs build thất bại:\n" + (process.stderr or process.stdout)[-4000:], checked)
    if offline:
        add_script_twins(fresh / INDEX_DIR)
        write_zip(fresh, root / STATE_DIR / "site-offline.zip")
        (root / STATE_DIR / "site-offline.zip").replace(root / f"{OFFLINE_DIR}.zip")
    _swap_site(root, fresh, root / (OFFLINE_DIR if offline else "site"))
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

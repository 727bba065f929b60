"""`kb build --reuse`: rebuild only what changed, over the previous docs/ and site/.

The pull-request workflow restores main's last build (generated docs/, site/, .kb/check-cache.pickle and
.kb/site-settings.json, saved by deploy.yml) and runs this instead of the full build. The result equals a
full build of the same commit (tests/test_reuse.py) and is as strict.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from pathlib import Path

from . import paths
from .build import STATE_DIR, BuildFailed, Checked, _build_locked, file_stamp, run_site_generator


def build_reusing(root: Path, strict: bool) -> Checked:
    """Rebuild only what changed, over the previous docs/ and site/ (a pull-request preview's cache).

    The pages are written as by the full build (one at a time, file by file, no page held): those whose
    bytes did not change keep their mtime, so MkDocs' dirty build skips them; pages gone from the corpus
    lose their built form. MkDocs runs dirty and, with `strict`, strict (kb.sitegen): it checks the links of
    every page it renders, and it is made to render, besides the changed pages, every hand-written page and
    every unchanged page whose links a change could break (see _pages_to_recheck). When the theme,
    mkdocs.yml, the site generator's packages or the variables mkdocs.yml reads differ from those of the
    previous site (.kb/site-settings.json), every page would change: the full build runs instead. Builds in
    place: on failure, site/ may be half updated, the settings record is removed (the next --reuse builds
    afresh) and the message says to build again.
    """
    from .preview import SiteBuilder, site_path

    settings = site_settings(root)
    if _read_settings(root) != settings:
        return _build_locked(root, strict, site=True, offline=False)
    before = generated_stamps(root)
    checked = _build_locked(root, strict, site=False, offline=False)
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
    if process.returncode != 0:
        raise BuildFailed("mkdocs build thất bại:\n" + (process.stderr or process.stdout)[-4000:]
                          + "\nsite/ có thể đã đổi một phần, chạy lại 'kb build' không có --reuse", checked)
    record_site_settings(root, settings)
    return checked


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


SITE_SETTINGS = "site-settings.json"
_SITE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "babel")
_LINK = re.compile(r"\]\(([^()\s#]+\.md)(#[^()\s]*)?\)")


def site_settings(root: Path) -> dict:
    """What every page's HTML depends on besides its own markdown: mkdocs.yml, the theme overrides, the
    versions of the site generator's packages and the variables mkdocs.yml reads (!ENV); and the names of
    the hand-written files of docs/ (a dirty build never deletes the built form of one that is gone)."""
    from importlib import metadata

    digest = hashlib.sha256()
    config = root / "mkdocs.yml"
    theme = sorted(p for p in (root / "overrides").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in [config, *theme]:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = {}
    for name in _SITE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    variables = sorted(set(re.findall(r"!ENV\s*\[\s*([A-Z0-9_]+)", config.read_text(encoding="utf-8"))))
    return {"files": digest.hexdigest(), "packages": versions, "hand_written": hand_written_files(root),
            "environment": {name: os.environ.get(name) for name in variables}}


def _read_settings(root: Path) -> dict | None:
    try:
        return json.loads((root / STATE_DIR / SITE_SETTINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def record_site_settings(root: Path, settings: dict | None = None) -> None:
    """Write down what the site just built depends on (see site_settings)."""
    settings = settings or site_settings(root)
    target = root / STATE_DIR / SITE_SETTINGS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(settings, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def hand_written_files(root: Path) -> list[str]:
    """Every hand-written file of docs/ (docs-relative): what kb does not generate."""
    docs = root / "docs"
    generated = set(paths.GENERATED_DIRS) | set(paths.GENERATED_FILES)
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")
                  if p.is_file() and p.relative_to(docs).parts[0] not in generated)


def hand_written_pages(root: Path) -> list[str]:
    """The markdown pages of docs/ that kb does not generate (docs-relative)."""
    return [page for page in hand_written_files(root) if page.endswith(".md")]


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

"""What every built page depends on besides its own markdown, written down after a full build (.kb/site-settings.json) for `kb build --reuse` to compare."""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path

from kb.check.runner import STATE_DIR
from kb.model import paths

SITE_SETTINGS = "site-settings.json"


_SITE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "babel")


def site_settings(root: Path) -> dict:
    """What every page's HTML depends on besides its own markdown: mkdocs.yml, the theme overrides, the
    versions of the site generator's packages and the variables mkdocs.yml reads (!ENV); and the names of
    the hand-written files of docs/ (a dirty build never deletes the built form of one that is gone)."""

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


def read_settings(root: Path) -> dict | None:
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

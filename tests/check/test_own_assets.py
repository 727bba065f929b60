"""The project's own scripts and styles under docs/ are named in one list the checker reads (OWN_ASSETS) and
allowed by the publishing hook: a script added to docs/assets/ without both is refused by `kb check` and by the
build (KB506), so the two lists are held to the folder here, without a build."""

import importlib.util
from pathlib import Path

from kb.check.docsfiles import OWN_ASSETS

REPO = Path(__file__).resolve().parents[2]


def _hooks():
    spec = importlib.util.spec_from_file_location("kb_site_hooks_assets", REPO / "overrides/hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_script_and_style_in_docs_assets_is_the_projects_own_and_published():
    hooks = _hooks()
    active = {path.relative_to(REPO / "docs").as_posix() for path in (REPO / "docs/assets").rglob("*")
              if path.suffix.lower() in hooks.ACTIVE_SUFFIXES}
    assert active == set(OWN_ASSETS)
    assert set(OWN_ASSETS) <= hooks.KB_ACTIVE_FILES

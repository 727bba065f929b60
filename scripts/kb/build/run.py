"""`kb build`: the tree's lock, then the full build or the one that reuses the previous output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.build.child import default_jobs
from kb.build.full import Stages, build_locked
from kb.build.reuse import build_reusing
from kb.build.state import build_lock
from kb.check.runner import Checked


def build(root: Path, strict: bool = True, site: bool = True, offline: bool = False, wait: bool = True,
          on_wait: Callable[[str], None] | None = None, reuse: bool = False, jobs: int | None = None,
          progress: Stages | None = None) -> Checked:
    """The whole build. Raises BuildFailed (and keeps previous outputs) on any error.

    With `offline`, the site goes to site-offline/ (and site-offline.zip) instead of site/. The tree's
    build lock is held throughout (see build_lock); an interruption (KeyboardInterrupt, which the CLI also
    raises on SIGTERM) ends the mkdocs child, removes the staging folders and puts the previous pages back.
    """
    root = Path(root)
    jobs = default_jobs() if jobs is None else jobs
    with build_lock(root, wait, on_wait):
        if reuse and site and not offline and (root / "site").is_dir():
            return build_reusing(root, strict, progress)
        return build_locked(root, strict, site, offline, jobs, progress)

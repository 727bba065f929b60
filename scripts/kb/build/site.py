"""A built site folder: where MkDocs writes each page, and the built form of pages marked out of date or removed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kb.model import paths


def site_path(site: Path, page: str) -> Path:
    """Where MkDocs writes a docs-relative page (directory URLs) or copies a static file."""
    if not page.endswith(".md"):
        return site / page
    return site / paths.url_of(page).strip("/") / "index.html"


class SiteBuilder:
    """A built site folder: mkdocs.yml read for it (with its address), and the built form of pages
    marked out of date or removed (the pull-request preview's dirty build, `kb.build.reuse`)."""

    def __init__(self, root: Path, site: Path, site_url: str) -> None:
        self.root, self.site, self.site_url = Path(root), Path(site), site_url

    def config(self, load_config):
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

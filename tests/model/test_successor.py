"""The compiler does not depend on MkDocs: ProperDocs (the maintained continuation of MkDocs 1.x)
builds the same pages from the same generated markdown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from kb.build.child import run_site_generator
from kb.build.run import build

pytest.importorskip("properdocs", reason="cần gói properdocs (có trong phần [test] của pyproject.toml)")

_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def articles(site: Path) -> dict[str, str]:
    """Each built page's <article>: the part of the page the compiler's markdown becomes."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        match = _ARTICLE.search(page.read_text(encoding="utf-8"))
        if match:
            found[page.relative_to(site).as_posix()] = match.group(0)
    return found


def test_properdocs_builds_the_same_site(mini_project):
    build(mini_project, site=False)
    mkdocs_site = mini_project / "site-mkdocs"
    process = run_site_generator(mini_project, mkdocs_site, strict=True)
    assert process.returncode == 0, process.stderr
    properdocs_site = mini_project / "site-properdocs"
    process = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(mini_project / "mkdocs.yml"),
         "-d", str(properdocs_site)], cwd=mini_project, capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    expected, actual = articles(mkdocs_site), articles(properdocs_site)
    assert len(expected) > 20
    assert actual.keys() == expected.keys()
    different = [page for page in expected if actual[page] != expected[page]]
    assert different == [], different[:5]
    assert (properdocs_site / "kb-search" / "meta.json").read_bytes() == \
        (mkdocs_site / "kb-search" / "meta.json").read_bytes()

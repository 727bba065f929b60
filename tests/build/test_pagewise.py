"""kb.pagewise builds the site page by page, in forked processes: the same bytes as `mkdocs build`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kb.build.run import build

SKIP = ("sitemap.xml.gz",)  # gzip writes the time of compression in its header


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in SKIP}


def _pagewise(project: Path, site: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kb.build.pagewise", "-f", str(project / "mkdocs.yml"), "-d", str(site),
                           *options], cwd=project, capture_output=True, text=True, env={"PYTHONHASHSEED": "0",
                                                                                          "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_site_built_page_by_page_is_mkdocs_builds(mini_project, jobs):
    build(mini_project)  # pages, then mkdocs build into site/
    done = _pagewise(mini_project, mini_project / "pagewise", "--strict", "--jobs", jobs)
    assert done.returncode == 0, done.stderr
    expected, got = _tree(mini_project / "site"), _tree(mini_project / "pagewise")
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []
    assert "search/search_index.json" in got  # Material's own index holds guide pages, never a record's page
    locations = [doc["location"] for doc in json.loads(got["search/search_index.json"])["docs"]]
    assert locations and not [place for place in locations if place.startswith(("don-vi/", "mo-hinh/"))]


def test_page_by_page_keeps_strict_mode_for_links_and_anchors(mini_project):
    build(mini_project, site=False)
    page = mini_project / "docs" / "gioi-thieu.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\n[mất](khong-co-trang-nay.md)\n", encoding="utf-8")
    broken = _pagewise(mini_project, mini_project / "p1", "--strict", "--jobs", "2")
    assert broken.returncode == 1 and "khong-co-trang-nay.md" in broken.stderr
    assert "Aborted with 1 warnings in strict mode!" in broken.stderr
    page.write_text(original + "\n[neo](don-vi/cau-ngang.md#khong-co-neo)\n", encoding="utf-8")
    anchor = _pagewise(mini_project, mini_project / "p2", "--strict", "--jobs", "2")
    assert anchor.returncode == 1 and "does not contain an anchor '#khong-co-neo'" in anchor.stderr
    assert _pagewise(mini_project, mini_project / "p3", "--no-strict", "--jobs", "2").returncode == 0


def test_kb_build_by_default_builds_the_site_mkdocs_build_makes(mini_project, capsys):
    from kb.cli import main
    build(mini_project)
    expected = _tree(mini_project / "site")
    assert main(["--root", str(mini_project), "build", "--jobs", "0"]) == 0  # plain mkdocs build
    assert _tree(mini_project / "site") == expected

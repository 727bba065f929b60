"""`kb build --reuse` as the pull-request workflow runs it, end to end on the small corpus.

The main build is "cached" (its generated docs/, site/ and .kb/ state copied with their mtimes, as
actions/cache's tar keeps them); the pull request is a fresh clone (every tracked file gets a new mtime, as
actions/checkout gives them), the cache is restored over it, the change is committed, and `kb build --reuse`
runs. Its site/ must equal a full build of the same commit in another clone, having rebuilt only what changed.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, git, make_project
from kb.build.book import PAGE_BOOK
from kb.build.run import build
from kb.build.settings import SITE_SETTINGS
from kb.build.state import BuildFailed
from kb.check.runner import CHECK_CACHE, STATE_DIR
from kb.model import paths

CACHED = ([f"docs/{name}" for name in paths.GENERATED_DIRS + paths.GENERATED_FILES]
          + ["site", f"{STATE_DIR}/{CHECK_CACHE}", f"{STATE_DIR}/{SITE_SETTINGS}", f"{STATE_DIR}/{PAGE_BOOK}"])
UNIT = "records/units/tra-vinh/cau-ngang.md"


def commit(root: Path, message: str) -> None:
    git("add", "-A", cwd=root)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message, cwd=root)


@pytest.fixture(scope="module")
def main_build(tmp_path_factory) -> Path:
    """main, committed and built in full: what deploy.yml's preview-cache job saves."""
    main = make_project(tmp_path_factory.mktemp("main") / "main", FIXTURES / "mini" / "records")
    (main / ".gitignore").write_text("".join(f"/{p}\n" for p in CACHED) + "/.kb/\n", encoding="utf-8")
    git("init", "-q", "-b", "main", cwd=main)
    commit(main, "main")
    build(main)
    return main


def pull_request(main: Path, target: Path, change) -> tuple[Path, float]:
    """A fresh clone of main with the cache restored over it and `change` committed; and when it was restored."""
    git("clone", "-q", str(main), str(target), cwd=main.parent)
    restored_at = max(os.stat(main / p).st_mtime for p in CACHED if (main / p).exists())
    for relative in CACHED:
        source = main / relative
        if source.is_dir():
            shutil.copytree(source, target / relative, copy_function=shutil.copy2)
        elif source.exists():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    change(target)
    commit(target, "pull request")
    return target, restored_at


def fresh_clone(project: Path, target: Path) -> Path:
    git("clone", "-q", str(project), str(target), cwd=project.parent)
    return target


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two site trees. sitemap.xml's <lastmod> is the day of the build (a run
    across midnight would differ there only); the gzipped copy is compared through it."""
    found = []
    names = {p.relative_to(left).as_posix() for p in left.rglob("*")} | {p.relative_to(right).as_posix()
                                                                          for p in right.rglob("*")}
    for name in sorted(names):
        a, b = left / name, right / name
        if name == "sitemap.xml.gz" or (a.is_dir() and b.is_dir()):
            continue
        if not (a.is_file() and b.is_file()):
            found.append(f"{name}: only in {'the full build' if a.exists() else 'the reused build'}")
        elif name == "sitemap.xml":
            strip = re.compile(r"<lastmod>[^<]*</lastmod>")
            if strip.sub("", a.read_text(encoding="utf-8")) != strip.sub("", b.read_text(encoding="utf-8")):
                found.append(name)
        elif not filecmp.cmp(a, b, shallow=False):
            found.append(name)
    return found


def rebuilt(site: Path, since: float) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.stat().st_mtime > since}


def edit_text(root: Path) -> None:
    record = root / UNIT
    record.write_text(record.read_text(encoding="utf-8").replace("tổng kết 3 năm", "tổng kết ba năm"),
                      encoding="utf-8")


def remove_unit(root: Path) -> None:
    (root / UNIT).unlink()


def edit_guide(root: Path) -> None:
    page = root / "docs" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nĐoạn mới trong trang giới thiệu.\n", encoding="utf-8")


def edit_theme(root: Path) -> None:
    page = root / "overrides" / "main.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        '<meta name="referrer" content="strict-origin-when-cross-origin">',
        '<meta name="referrer" content="strict-origin-when-cross-origin"><meta name="kb:thu" content="1">'),
        encoding="utf-8")


def add_page(root: Path) -> None:
    (root / "docs" / "trang-moi.md").write_text("# Trang mới\n\nViết tay, ngoài điều hướng.\n", encoding="utf-8")


@pytest.mark.parametrize("change", [edit_text, remove_unit, edit_guide, edit_theme, add_page])
def test_reuse_over_the_main_cache_equals_a_full_build(main_build, tmp_path, change):
    pr, restored_at = pull_request(main_build, tmp_path / "pr", change)
    full = fresh_clone(pr, tmp_path / "full")
    build(pr, reuse=True)
    build(full)
    assert differences(full / "site", pr / "site") == []
    again = rebuilt(pr / "site", restored_at)
    hand_written = {f"{p[:-3]}/index.html" for p in ("dong-gop.md", "gioi-thieu.md", "tim-kiem.md", "ve-tim-kiem.md")}
    assert hand_written <= again  # always rendered: their links are checked, Material's search lists them
    if change in (edit_theme, add_page):  # every page's HTML may change (theme; a hand-written file added or
        # removed, whose old built form a dirty build would leave): the full build ran
        assert again == {p.relative_to(pr / "site").as_posix() for p in (pr / "site").rglob("*.html")}
    else:
        assert "don-vi/go-vap/index.html" not in again  # a page that did not change was not rebuilt
    if change is edit_text:
        assert "don-vi/cau-ngang/index.html" in again
    if change is remove_unit:
        assert not (pr / "site" / "don-vi" / "cau-ngang").exists()
        assert not (pr / "site" / "mo-hinh" / "cau-ngang").exists()  # no empty folder left behind


def add_unit(root: Path) -> None:
    source = root / UNIT
    source.with_name("cau-ngang-moi.md").write_text(
        source.read_text(encoding="utf-8").replace("id: cau-ngang", "id: cau-ngang-moi")
        .replace('name: "Huyện ủy Cầu Ngang"', 'name: "Huyện ủy Cầu Ngang Mới"'), encoding="utf-8")


@pytest.mark.parametrize("change", [edit_text, remove_unit, add_unit])
def test_reuse_renders_only_the_pages_an_edit_reaches(main_build, tmp_path, change, monkeypatch):
    """With main's book of what each page read, no page is made that the edit does not reach: the full
    compile is never called, and the result is still the full build's."""
    import kb.build.reuse
    pr, _ = pull_request(main_build, tmp_path / "pr", change)
    full = fresh_clone(pr, tmp_path / "full")
    build(full)

    def refused(*args, **kwargs):
        raise AssertionError("every page was made again")
    monkeypatch.setattr(kb.build.reuse, "build_locked", refused)
    build(pr, reuse=True)
    assert differences(full / "site", pr / "site") == []
    assert (pr / STATE_DIR / PAGE_BOOK).exists()  # for the next --reuse


def test_reuse_is_strict_a_broken_link_fails_and_the_next_reuse_builds_afresh(main_build, tmp_path):
    def broken(root: Path) -> None:
        page = root / "docs" / "gioi-thieu.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n[mất](khong-co-trang-nay.md)\n", encoding="utf-8")
    pr, _ = pull_request(main_build, tmp_path / "pr", broken)
    with pytest.raises(BuildFailed, match="khong-co-trang-nay"):
        build(pr, reuse=True)
    assert not (pr / STATE_DIR / SITE_SETTINGS).exists()  # a half-updated site/ is never reused as it is
    with pytest.raises(BuildFailed, match="khong-co-trang-nay"):
        build(pr, reuse=True)  # the full build runs, and fails the same
    build(pr, reuse=True, strict=False)


def test_pages_whose_links_a_change_may_break_are_rendered_again(tmp_path):
    """MkDocs checks links only on the pages it renders: an unchanged page linking to a page now missing,
    or to an anchor of a changed page, is rendered again (and so checked); other unchanged pages are not."""
    from kb.build.reuse import _pages_to_recheck
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    pages = {
        "don-vi/a.md": "[b](b.md) [giới thiệu](../gioi-thieu.md)",
        "don-vi/b.md": "# B\n",
        "don-vi/to-gone.md": "[đã xoá](c.md)",
        "mo-hinh/a/x.md": "[mục của b](../../don-vi/b.md#kn-mot)",
        "mo-hinh/a/y.md": "[trang a](../../don-vi/a.md#kn-hai)",
        "kb-search/d/0.json": "](c.md)",
    }
    for page, text in pages.items():
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text(text, encoding="utf-8")
    assert _pages_to_recheck(tmp_path, sorted(pages), ["don-vi/b.md"]) == ["don-vi/to-gone.md", "mo-hinh/a/x.md"]


def test_reuse_runs_the_full_build_without_a_previous_site_record(main_build, tmp_path):
    pr, restored_at = pull_request(main_build, tmp_path / "pr", edit_text)
    (pr / STATE_DIR / SITE_SETTINGS).unlink()  # a cache saved before this code, or a local site/
    build(pr, reuse=True)
    assert "don-vi/go-vap/index.html" in rebuilt(pr / "site", restored_at)
    assert (pr / STATE_DIR / SITE_SETTINGS).exists()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=pr, capture_output=True, text=True).stdout == ""

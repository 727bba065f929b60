"""kb serve's incremental preview: same pages as a full build, only changed pages rewritten, errors in the browser."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from kb.check.runner import IncrementalCheck, check
from kb.generate.pages import generate
from kb.serve.preview import Preview
from kb.serve.server import SCRIPT_PATH, STATUS_PATH

UNIT = "records/units/tra-vinh/cau-ngang.md"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_incremental_check_gives_the_full_build_pages_after_edits(mini_project):
    checker = IncrementalCheck(mini_project)
    first, changed = checker.run()
    assert UNIT in changed and not first.errors
    path = mini_project / UNIT
    path.write_text(path.read_text(encoding="utf-8").replace('name: "Huyện ủy Cầu Ngang"',
                                                             'name: "Huyện ủy Cầu Ngang mới"'), encoding="utf-8")
    again, changed = checker.run()
    assert changed == [UNIT]  # only the saved file is read and validated again
    assert generate(mini_project, again.corpus) == generate(mini_project, check(mini_project).corpus)
    assert again.diagnostics == check(mini_project).diagnostics


def test_incremental_check_reports_link_errors_of_unchanged_files(mini_project):
    checker = IncrementalCheck(mini_project)
    checker.run()
    (mini_project / "records" / "directives" / "05-ct-tw.md").unlink()  # cau-ngang cites it
    checked, _ = checker.run()
    assert [d.code for d in checked.errors if d.path == UNIT] == [d.code for d in check(mini_project).errors
                                                                  if d.path == UNIT] != []


@pytest.fixture
def preview(mini_project):
    port = _free_port()
    running = Preview(mini_project, f"127.0.0.1:{port}")
    running.start()
    yield running, port
    running.stop()


def test_preview_rebuilds_only_what_changed_and_serves_it(preview, mini_project):
    running, port = preview
    status, html = _get(port, "/don-vi/cau-ngang/")
    assert status == 200 and "Huyện ủy Cầu Ngang" in html and SCRIPT_PATH in html
    docs = mini_project / "docs"
    untouched = docs / "don-vi" / "go-vap.md"
    before = untouched.stat().st_mtime_ns
    path = mini_project / UNIT
    path.write_text(path.read_text(encoding="utf-8").replace("tổng kết 3 năm thực hiện",
                                                             "vừa tổng kết 3 năm thực hiện"),
                    encoding="utf-8")
    running.rebuild()
    assert "vừa tổng kết" in _get(port, "/don-vi/cau-ngang/")[1]
    assert untouched.stat().st_mtime_ns == before  # byte-identical pages are not rewritten
    assert json.loads(_get(port, STATUS_PATH)[1])["generation"] == 2
    running.reap(wait=True)  # the search index follows, written by a forked process
    expected = {name: text for name, text in generate(mini_project, check(mini_project).corpus).items()
                if name.startswith("kb-search/")}
    assert {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in (docs / "kb-search").rglob("*") if p.is_file()} == expected
    assert _get(port, "/kb-search/meta.json")[1] == expected["kb-search/meta.json"]


def test_preview_shows_record_errors_in_the_browser_and_keeps_the_last_good_page(preview, mini_project):
    running, port = preview
    path = mini_project / UNIT
    path.write_text(path.read_text(encoding="utf-8").replace("level: huyen", "level: huyện"), encoding="utf-8")
    running.rebuild()
    status = json.loads(_get(port, STATUS_PATH)[1])
    assert status["generation"] == 1  # nothing rebuilt
    [error] = [e for e in status["errors"] if e["code"] == "KB113"]
    assert error["path"] == UNIT and error["line"] == 5 and "huyen" in error["message"]
    assert "Huyện ủy Cầu Ngang" in _get(port, "/don-vi/cau-ngang/")[1]
    script = _get(port, SCRIPT_PATH)[1]
    assert "Hồ sơ có" in script and "bản dựng tốt gần nhất" in script and "textContent" in script
    assert "innerHTML" not in script  # record text never becomes markup in the banner
    path.write_text(path.read_text(encoding="utf-8").replace("level: huyện", "level: huyen"), encoding="utf-8")
    running.rebuild()
    assert json.loads(_get(port, STATUS_PATH)[1])["errors"] == []


def test_preview_serves_the_theme_404_for_a_missing_page(preview):
    _, port = preview
    status, html = _get(port, "/khong-co/")
    assert status == 404 and SCRIPT_PATH in html


def test_preview_leaves_the_environment_as_it_found_it(preview, monkeypatch):
    import os
    running, _ = preview
    monkeypatch.delenv("KB_SITE_URL", raising=False)
    running.live.prepare()
    assert "KB_SITE_URL" not in os.environ


@pytest.mark.browser
def test_the_banner_lists_record_errors_in_a_real_browser(preview, mini_project):
    import os

    from kb.tools.relevance import chromium_path
    if not os.path.exists(chromium_path()):
        pytest.skip("cần Chromium của Debian (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    running, port = preview
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/don-vi/cau-ngang/")
        path = mini_project / UNIT
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("level: huyen", "level: huyện"), encoding="utf-8")
        running.rebuild()
        banner = page.wait_for_selector("#kb-preview-errors", timeout=10000)
        shown = banner.inner_text()
        assert "Hồ sơ có 1 lỗi" in shown and f"{UNIT}:5:1" in shown and "KB113" in shown
        assert "Huyện ủy Cầu Ngang" in page.inner_text("h1")  # the last good page stays
        path.write_text(good.replace("tổng kết 3 năm", "tổng kết ba năm"), encoding="utf-8")
        running.rebuild()
        page.get_by_text("tổng kết ba năm", exact=False).first.wait_for(timeout=10000)  # no eval: the page has a CSP
        assert page.query_selector("#kb-preview-errors") is None  # reloaded after the fix, no banner
        browser.close()


@pytest.mark.browser
def test_on_the_web_editor_the_errors_are_a_small_closed_panel_and_the_page_is_never_reloaded(preview, mini_project):
    """Issue 19: with a broken record in records/, the banner covered half of /quan-tri/, and each rebuild reloaded
    the editor under the person typing. There it is a closed panel in the bottom corner, opened on a click."""
    import os

    from kb.generate.editor import find_package
    from kb.tools.relevance import chromium_path
    if not os.path.exists(chromium_path()) or find_package(Path(__file__).resolve().parents[2]) is None:
        pytest.skip("cần Chromium của Debian và 'npm ci' (trình soạn @sveltia/cms)")
    from playwright.sync_api import sync_playwright
    running, port = preview
    assert 'data-kb-editor' in _get(port, "/quan-tri/")[1] and 'data-kb-editor' not in _get(port, "/don-vi/cau-ngang/")[1]
    path = mini_project / UNIT
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        loads = []
        page.on("load", lambda _: loads.append(1))
        page.goto(f"http://127.0.0.1:{port}/quan-tri/")
        path.write_text(path.read_text(encoding="utf-8").replace("level: huyen", "level: huyện"), encoding="utf-8")
        running.rebuild()
        panel = page.wait_for_selector("#kb-preview-errors", timeout=10000)
        closed = panel.bounding_box()
        assert panel.get_attribute("open") is None and "Hồ sơ trong records/ có 1 lỗi" in panel.inner_text()
        assert closed["height"] < 60 and closed["x"] < 20 and closed["y"] + closed["height"] > 780  # bottom corner
        panel.click()
        assert f"{UNIT}:5:1" in panel.inner_text() and panel.bounding_box()["height"] <= 800 * 0.4 + 10
        path.write_text(path.read_text(encoding="utf-8").replace("level: huyện", "level: huyen"), encoding="utf-8")
        running.rebuild()
        page.wait_for_selector("#kb-preview-errors", state="detached", timeout=10000)
        assert len(loads) == 1  # rebuilt twice, never reloaded
        browser.close()


def test_pages_of_one_record_with_their_backlinks_carried_over_are_the_full_build_pages(mini_project):
    """The preview's first answer to an edit renders only the saved record's pages and keeps their previous
    backlinks: for an unchanged corpus this must be byte for byte the full render, for every record."""
    from kb.generate.feed import read_history
    from kb.generate.layout import BACKLINKS_HEADING, carry_backlinks
    from kb.generate.render import render, render_records
    corpus = check(mini_project).corpus
    full = render(corpus, read_history(mini_project))
    records = [*corpus.units.values(), *corpus.themes.values(), *corpus.directives.values()]
    carried = 0
    for record in records:
        alone = render_records(corpus, [record], read_history(mini_project))
        assert alone
        for path, text in alone.items():
            assert carry_backlinks(text, full[path]) == full[path], path
            carried += BACKLINKS_HEADING in full[path]
    assert carried  # some of these pages have backlinks, and they came through


def test_an_edit_serves_its_own_pages_first_and_every_affected_page_after(preview, mini_project):
    """Renaming a unit: its page changes at once; the lists that name it (province, index, A–Z) follow from
    the forked child; in the end docs/ holds exactly the full build's pages, removed model included."""
    running, port = preview
    docs = mini_project / "docs"
    path = mini_project / UNIT
    source = path.read_text(encoding="utf-8")
    models = [line for line in source.splitlines() if line.startswith("  - title:")]
    assert len(models) >= 2
    edited = source.replace('name: "Huyện ủy Cầu Ngang"', 'name: "Huyện ủy Cầu Ngang Đổi Tên"')
    path.write_text(edited, encoding="utf-8")
    province_before = (docs / "tinh" / "tra-vinh.md").read_text(encoding="utf-8")
    running.rebuild()
    assert running.status()["pending"]
    assert "Cầu Ngang Đổi Tên" in _get(port, "/don-vi/cau-ngang/")[1]
    assert (docs / "tinh" / "tra-vinh.md").read_text(encoding="utf-8") == province_before  # not yet
    generation = running.status()["generation"]
    running.settle(60)
    assert not running.status()["pending"] and running.status()["generation"] == generation + 1
    assert "Cầu Ngang Đổi Tên" in _get(port, "/tinh/tra-vinh/")[1]
    expected = {name: text for name, text in generate(mini_project, check(mini_project).corpus).items()
                if not name.startswith("kb-search/")}
    on_disk = {name: (docs / name).read_bytes().decode("utf-8") for name in running.writer.existing()}
    assert on_disk == expected


def test_a_newer_edit_replaces_the_pages_still_being_made_for_the_last(preview, mini_project):
    running, port = preview
    path = mini_project / UNIT
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace('name: "Huyện ủy Cầu Ngang"', 'name: "Huyện ủy Cầu Ngang Một"'), encoding="utf-8")
    running.rebuild()
    path.write_text(source.replace('name: "Huyện ủy Cầu Ngang"', 'name: "Huyện ủy Cầu Ngang Hai"'), encoding="utf-8")
    running.rebuild()
    running.settle(60)
    province = _get(port, "/tinh/tra-vinh/")[1]
    assert "Cầu Ngang Hai" in province and "Cầu Ngang Một" not in province
    assert not list((mini_project / ".kb").glob("preview-pending-*"))


def test_every_page_served_by_the_live_site_is_the_built_sites_page(preview, mini_project, monkeypatch):
    """Pages built one at a time, when asked for, are byte for byte what `kb build` writes (same address),
    apart from the preview's script: navigation, theme, CSP and links all come through."""
    from kb.build.run import build
    from kb.build.site import site_path
    running, port = preview
    monkeypatch.setenv("KB_SITE_URL", f"http://127.0.0.1:{port}/")
    build(mini_project, strict=False)
    built = mini_project / "site"
    docs = mini_project / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert len(pages) > 40
    tag = f'<script src="{SCRIPT_PATH}" defer></script>'
    for page in pages:
        url = "/" + site_path(Path(""), page).as_posix().removesuffix("index.html")
        status, html = _get(port, url)
        assert status == 200, url
        assert html.replace(tag, "") == site_path(built, page).read_text(encoding="utf-8"), url
    for static in ("assets/kb.css", "du-lieu/don-vi.csv", "cap-nhat/atom.xml"):
        assert _get(port, "/" + static)[1] == (built / static).read_bytes().decode("utf-8"), static


def test_a_new_record_gets_its_page_and_a_deleted_one_loses_it(preview, mini_project):
    running, port = preview
    source = mini_project / UNIT
    copy = source.with_name("cau-ngang-moi.md")
    copy.write_text(source.read_text(encoding="utf-8").replace("id: cau-ngang", "id: cau-ngang-moi")
                    .replace('name: "Huyện ủy Cầu Ngang"', 'name: "Huyện ủy Cầu Ngang Mới"'), encoding="utf-8")
    running.rebuild()
    running.settle(60)
    status, html = _get(port, "/don-vi/cau-ngang-moi/")
    assert status == 200 and "Cầu Ngang Mới" in html
    assert _get(port, "/don-vi/cau-ngang-moi")[0] == 200  # redirected to the folder URL
    copy.unlink()
    running.rebuild()
    running.settle(60)
    assert _get(port, "/don-vi/cau-ngang-moi/")[0] == 404
    assert "Cầu Ngang Mới" not in _get(port, "/tinh/tra-vinh/")[1]


def test_the_writer_stages_only_what_differs_and_an_appended_page_starts_from_docs(tmp_path):
    from kb.serve.writer import PageWriter
    docs = tmp_path / "docs" / "don-vi"
    docs.mkdir(parents=True)
    for name, text in (("a.md", "A\n"), ("b.md", "B\n"), ("d.md", "D\nold\n"), ("gone.md", "x\n")):
        (docs / name).write_text(text, encoding="utf-8")
    kept = (docs / "b.md").stat().st_mtime_ns
    writer = PageWriter(tmp_path, ("don-vi",))
    stage = tmp_path / "stage"

    def produce(write, append):
        for name, text in (("a.md", "A\n"), ("b.md", "B\n"), ("c.md", "C\n"), ("d.md", "D\n")):
            write(f"don-vi/{name}", text)
        append("don-vi/a.md", "thêm\n")  # written as docs/ has it, then grown: changed
        append("don-vi/d.md", "old\n")  # written otherwise, then grown back to docs/'s bytes: unchanged
        return "xong"
    changed, removed, fresh, result = writer.stage(stage, produce)
    assert (changed, removed, result) == (["don-vi/a.md", "don-vi/c.md"], ["don-vi/gone.md"], "xong")
    assert sorted(p.name for p in (stage / "don-vi").iterdir()) == ["a.md", "c.md"]
    assert (docs / "a.md").read_text(encoding="utf-8") == "A\n"  # docs/ untouched until adopt
    writer.adopt(stage, changed, removed, fresh)
    assert {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir()} == {
        "a.md": "A\nthêm\n", "b.md": "B\n", "c.md": "C\n", "d.md": "D\nold\n"}
    assert (docs / "b.md").stat().st_mtime_ns == kept and not stage.exists()
    assert writer.stage(stage, produce)[:2] == ([], [])  # the same set again: nothing to do

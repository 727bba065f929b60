"""The preview's review page: each '# CẦN XEM LẠI' mark of a draft beside the sentence of the page it came from."""

from __future__ import annotations

import os
import socket
import urllib.request

import pytest
from kb.check.imported import keep_page, kept_pages, kept_path, passage
from kb.check.runner import check
from kb.cli import main
from kb.serve.preview import Preview
from kb.serve.review import POLICY, REVIEW_PATH, review_page

# A page in the project's own words: a commune of Càng Long (Trà Vinh) named with its district, no province.
PAGE = """Càng Long lan tỏa việc làm theo gương Bác

Thứ Ba, 14/07/2020 - 08:45

Những năm qua, Đảng ủy xã An Trường, huyện Càng Long lãnh đạo các chi bộ đưa việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh thành việc làm thường xuyên, gắn với phát triển kinh tế của địa phương.
Xã đã nhân rộng các mô hình: “Tổ tự quản đường làng” của ấp An Bình; “Bữa cơm nghĩa tình” của Hội Chữ thập đỏ xã. Năm 2019, có 95% đảng viên hoàn thành tốt nhiệm vụ.

Ngọc Hân
"""


def _import(root, tmp_path) -> str:
    source = tmp_path / "bai.txt"
    source.write_text(PAGE, encoding="utf-8")
    assert main(["--root", str(root), "import", str(source)]) == 0
    drafts = [p for p in (root / "records" / "units").rglob("*.md") if p.stem not in ("cau-ngang", "go-vap")]
    assert len(drafts) == 1
    return drafts[0].stem


def test_each_mark_is_shown_beside_the_sentence_of_the_page(mini_project, tmp_path):
    unit_id = _import(mini_project, tmp_path)
    assert kept_path(mini_project, unit_id).is_file() and kept_pages(mini_project, unit_id)[0]["origin"].endswith(
        "bai.txt")
    marks = [d for d in check(mini_project).warnings if d.code == "KB130"]
    assert marks
    page = review_page(mini_project, marks).decode("utf-8")
    assert page.startswith('<!doctype html><html lang="vi"><head><meta http-equiv="Content-Security-Policy"')
    assert f"{len(marks)} chỗ trong 1 tệp" in page
    # the province the importer read from the district: its passage is the sentence naming the district
    assert "huyện <mark>Càng Long</mark> lãnh đạo" in page or "<mark>Càng Long</mark>" in page
    # the models' machine-suggested fields are shown beside their model's sentence
    assert "<mark>Tổ tự quản đường làng</mark>" in page
    rows = page.count("<tr><td data-label=")
    assert rows == len(marks)


def test_without_the_kept_page_the_review_says_so_and_a_value_the_page_lacks_is_said_missing(mini_project, tmp_path):
    unit_id = _import(mini_project, tmp_path)
    marks = [d for d in check(mini_project).warnings if d.code == "KB130"]
    kept_path(mini_project, unit_id).unlink()
    page = review_page(mini_project, marks).decode("utf-8")
    assert "Máy này không giữ bài của bản nháp" in page and "<mark>" not in page
    keep_page(mini_project, unit_id, {"origin": "khac.txt", "title": "Một trang khác", "paragraphs": ["Không liên quan."]})
    page = review_page(mini_project, marks).decode("utf-8")
    assert "không thấy trong bài" in page


def test_a_hostile_value_or_page_is_shown_as_text(mini_project, tmp_path):
    unit_id = _import(mini_project, tmp_path)
    draft = next(p for p in (mini_project / "records" / "units").rglob(f"{unit_id}.md"))
    text = draft.read_text(encoding="utf-8")
    name_line = next(line for line in text.split("\n") if line.startswith("name: "))
    draft.write_text(text.replace(name_line, 'name: "<script>alert(1)</script>"  # CẦN XEM LẠI: “<img src=x '
                                             'onerror=alert(2)>”'), encoding="utf-8")
    keep_page(mini_project, unit_id, {"origin": "x", "url": "javascript:alert(3)", "title": "<b>t</b>",
                                      "paragraphs": ["<script>alert(1)</script> làm theo."]})
    marks = [d for d in check(mini_project).warnings if d.code == "KB130"]
    page = review_page(mini_project, marks).decode("utf-8")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and 'href="javascript' not in page


def test_the_kept_pages_stay_in_the_state_folder_and_a_strange_id_keeps_nothing(tmp_path):
    keep_page(tmp_path, "../../etc", {"origin": "a"})
    keep_page(tmp_path, "x/y", {"origin": "a"})
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    keep_page(tmp_path, "an-truong", {"origin": "a", "paragraphs": ["Ngày 14/07/2020, xã họp."]})
    keep_page(tmp_path, "an-truong", {"origin": "a", "paragraphs": ["Ngày 15/07/2020, xã họp."]})  # replaces
    pages = kept_pages(tmp_path, "an-truong")
    assert len(pages) == 1 and passage(["2020-07-15"], pages)[1] == "15/07/2020"
    kept_path(tmp_path, "an-truong").write_text("{không phải json", encoding="utf-8")
    assert kept_pages(tmp_path, "an-truong") == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.browser
def test_the_preview_links_to_the_review_page_and_a_reader_settles_a_mark(mini_project, tmp_path):
    from kb.tools.relevance import chromium_path
    if not os.path.exists(chromium_path()):
        pytest.skip("cần Chromium của Debian (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright
    unit_id = _import(mini_project, tmp_path)
    port = _free_port()
    running = Preview(mini_project, f"127.0.0.1:{port}")
    running.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{REVIEW_PATH}") as response:
            assert response.status == 200 and POLICY in response.read().decode("utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                errors: list[str] = []
                page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
                page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
                page.goto(f"http://127.0.0.1:{port}/don-vi/{unit_id}/")
                link = page.wait_for_selector("#kb-preview-review", timeout=10000)
                count = int(link.inner_text().split()[0])
                link.click()
                page.wait_for_selector("h1:has-text('Bản nháp cần xem lại')")
                assert page.locator("tbody tr").count() == count and page.locator("mark").count() > 0
                page.screenshot(path=str(tmp_path / f"xem-lai-{width}.png"), full_page=True)
                assert errors == [], errors  # no CSP violation, no script error
                page.close()
            # the reviewer removes one mark and saves: the page reloads with one row fewer
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}{REVIEW_PATH}")
            before = page.locator("tbody tr").count()
            draft = next((mini_project / "records" / "units").rglob(f"{unit_id}.md"))
            lines = draft.read_text(encoding="utf-8").split("\n")
            at = next(i for i, line in enumerate(lines) if "# CẦN XEM LẠI" in line)
            lines[at] = lines[at].split("  # CẦN XEM LẠI")[0]
            draft.write_text("\n".join(lines), encoding="utf-8")
            running.rebuild()
            expect(page.locator("tbody tr")).to_have_count(before - 1, timeout=10000)  # no eval: the page has a CSP
            browser.close()
    finally:
        running.stop()

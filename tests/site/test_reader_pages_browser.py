"""What a cadre does with the pages of issue 20, in Chromium: cite (copy button, access date), search from the home
page, move by keyboard (Tab out of the header search, the search page's own box first), read a model page whose
unit figures are folded, glance at the province grid on a phone; axe-core on the new kinds of page."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from kb.tools.relevance import chromium_path, serve

pytestmark = pytest.mark.skipif(not os.path.exists(chromium_path()) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian (apt-get install chromium); CI luôn cài")

NEW_KINDS = {  # on the reader's fixture: stable addresses, every section filled
    "model": "/mo-hinh/phuong-mot/so-tay-dang-vien/",
    "model-named-only": "/mo-hinh/truong-ba/goc-hoc-tap-lam-theo-bac/",
    "practice": "/nhan-rong/so-tay-dang-vien/",
    "practices": "/nhan-rong/",
    "unit-kind": "/loai-don-vi/",
    "unit-kind-page": "/loai-don-vi/dia-phuong/",
    "level-page": "/cap/xa/",
    "national-unit": "/don-vi/khoi-bon/",
    "theme-term": "/chuyen-de/2021-2026/",
    "directive": "/van-ban/05-ct-tw/",
    "provinces": "/tinh/",
    "stats": "/thong-ke/",
    "home": "/",
    "about": "/gioi-thieu/",
}


@pytest.fixture(scope="module")
def base(reader_site):
    with serve(reader_site) as base_url:
        yield base_url.rstrip("/")


@pytest.fixture(scope="module")
def real(real_site):
    with serve(real_site / "site") as base_url:
        yield base_url.rstrip("/")


def test_axe_finds_no_serious_violation_on_the_new_kinds_of_page(base, browser):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    found = {}
    for width in (1280, 390):
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
        page = context.new_page()
        for kind, url in NEW_KINDS.items():
            page.goto(base + url)
            page.wait_for_load_state("networkidle")  # a busy machine: the page laid out and styled before axe reads it
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check inside too
            page.evaluate("document.fonts.ready.then(() => new Promise(requestAnimationFrame))")
            bad = [(v["id"], len(v["nodes"])) for v in axe.run(page).response["violations"]
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[f"{kind}@{width}"] = bad
        context.close()
    assert found == {}


def test_the_citation_has_the_access_date_and_a_button_that_copies_it(base, browser):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 9, 30))
    page.goto(base + NEW_KINDS["model"])
    cite = page.locator("#kb-cite")
    said = " ".join(cite.inner_text().split())
    assert said.endswith(", truy cập ngày 24/11/2026.")
    assert "Nhóm biên tập Cơ sở dữ liệu điển hình học tập và làm theo Bác biên soạn" in said
    assert "Trang “Sổ tay đảng viên”" in said and "“Phường Một: sổ tay giúp đảng viên ‘làm theo’ mỗi tháng”" in said
    button = page.get_by_role("button", name="Chép trích dẫn")
    assert button.is_visible()
    button.click()
    page.locator(".kb-cite__status", has_text="Đã chép trích dẫn.").wait_for()  # said once the copy is done
    assert page.evaluate("navigator.clipboard.readText()") == said
    context.close()


def test_the_footer_names_the_publisher_and_leads_to_the_editorial_policy(base, browser):
    page = browser.new_page()
    page.goto(base + "/thong-ke/")
    footer = page.locator(".md-footer .kb-publisher")
    assert "Nhóm biên tập Cơ sở dữ liệu điển hình học tập và làm theo Bác biên soạn" in footer.inner_text()
    footer.get_by_role("link").click()
    page.wait_for_url("**/gioi-thieu/")
    headings = page.locator("article h2").all_inner_texts()
    assert {"Ai biên soạn, để làm gì", "Chính sách biên tập", "Báo lỗi, góp ý", "Cách trích dẫn"} <= {
        h.strip("¶ ") for h in headings}


def test_the_home_search_box_opens_the_search_page_with_the_words(base, browser):
    page = browser.new_page()
    page.goto(base + "/")
    box = page.get_by_label("Tìm đơn vị, mô hình, bài học kinh nghiệm")
    assert box.bounding_box()["y"] < page.locator("article h2").first.bounding_box()["y"]
    box.fill("heo đất")
    box.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=heo*")
    page.wait_for_selector("[data-kb-search] .kb-result")
    assert "heo" in page.locator("[data-kb-search] input[name=q]").input_value()


def test_tab_past_the_header_search_closes_its_overlay(base, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/")
    page.keyboard.press("/")
    page.keyboard.type("heo")
    page.wait_for_selector("[data-kb-header-results] a")
    assert page.evaluate("document.getElementById('__search').checked")
    for _ in range(20):
        page.keyboard.press("Tab")
        if not page.evaluate("document.querySelector('[data-kb-header-search]').contains(document.activeElement)"):
            break
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.locator(".md-search__output").is_hidden() or page.evaluate(
        "getComputedStyle(document.querySelector('.md-search__output')).opacity") == "0"


def test_the_search_pages_own_box_is_the_first_stop(base, browser):
    page = browser.new_page()
    page.goto(base + "/tim-kiem/")
    page.wait_for_selector("[data-kb-search][data-kb-ready]")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    assert first == "Đến ô tìm kiếm của trang"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.matches('[data-kb-search] input[name=q]')")


def test_a_model_page_shows_its_own_results_and_folds_its_units(base, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + NEW_KINDS["model"])
    own = page.locator("#ket-qua + *")
    assert "96%" in own.inner_text()
    unit_figures = page.locator("details", has_text="Số liệu chung của Đảng ủy Phường Một")
    assert unit_figures.get_attribute("open") is None
    assert not page.get_by_text("Quần chúng được kết nạp đảng").is_visible()
    unit_figures.locator("summary").click()
    assert page.get_by_text("Quần chúng được kết nạp đảng").is_visible()
    notes = page.locator("details", has_text="Ghi chú của người biên tập")
    assert notes.get_attribute("open") is None


def test_the_province_grid_is_compact_on_a_phone_and_empty_provinces_are_muted(real, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(real + "/tinh/")
    grid = page.locator("ul.kb-tiles")
    box = grid.bounding_box()
    assert box["height"] < 1300, box  # 34 tiles; the list of tiles took 3,300 px before
    columns = page.evaluate("getComputedStyle(document.querySelector('ul.kb-tiles')).gridTemplateColumns.split(' ').length")
    assert columns >= 3
    style = page.evaluate("""() => {
      const look = s => { const a = document.querySelector(s + ' a'); const c = getComputedStyle(a);
        return { border: c.borderTopStyle, colour: c.color }; };
      return { empty: look('li.kb-tile--empty'), full: look('li.kb-tile:not(.kb-tile--empty)') };
    }""")
    assert style["empty"]["border"] == "dashed" and style["full"]["border"] == "solid"
    vinh_long = page.locator("li.kb-tile", has_text="Vĩnh Long").inner_text()
    assert "gồm" in vinh_long and "Trà Vinh" in vinh_long and "Bến Tre" in vinh_long

"""The search page as a reader uses it, on the real records in Chromium: records first, guide pages on a tab of
their own, plain snippets, filters with counts and a way to clear them, state in the address, and the client
working under Content-Security-Policy script-src 'self'."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
from kb.tools import relevance

pytestmark = pytest.mark.skipif(not os.path.exists(relevance.chromium_path()) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian; CI luôn cài")

CSP = "script-src 'self'; object-src 'none'; base-uri 'self'"
# markup a reader would see as noise; a quoted '---' in the error-code guide is text about the format
RAW_MARKUP = re.compile(r"(?<!')---(?!')|\||\*|\]\(|<[a-z/!]|(^|\s)#{1,6}\s|\{:|!!!")
CSP_WATCH = """document.addEventListener("securitypolicyviolation", e =>
  (window.__csp = window.__csp || []).push([e.sourceFile, e.violatedDirective, e.blockedURI].join(" ")));"""


@pytest.fixture(scope="module")
def page(real_site):
    from playwright.sync_api import sync_playwright
    with relevance.serve(real_site / "site", {"Content-Security-Policy": CSP}) as base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=relevance.chromium_path(), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            tab = browser.new_page(viewport={"width": 1200, "height": 900})
            tab.add_init_script(CSP_WATCH)
            tab.base = base.rstrip("/")
            yield tab
        finally:
            browser.close()


def open_search(page, query: str = "", extra: str = ""):
    page.goto(page.base + "/tim-kiem/?q=" + quote(query) + extra)
    page.wait_for_selector("[data-kb-search][data-search-state=done]")


def done_after(page, action):
    page.evaluate("document.querySelector('[data-kb-search]').removeAttribute('data-search-state')")
    action()
    page.wait_for_selector("[data-kb-search][data-search-state=done]")


def kinds(page) -> list[str]:
    return page.locator("[data-search-results] .kb-result__kind").all_inner_texts()


def address(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_heo_dat_shows_records_and_keeps_guide_pages_on_their_tab(page):
    open_search(page, "heo dat")
    shown = kinds(page)
    assert shown and all(kind.lower() != "hướng dẫn" for kind in shown), shown
    assert "Nuôi heo đất tiết kiệm khuyến học, khuyến tài" in page.locator("[data-search-results] a").first.inner_text()
    records, guides = page.locator("[data-kb-tab=ho-so]"), page.locator("[data-kb-tab=huong-dan]")
    assert records.get_attribute("aria-current") == "page"
    assert re.fullmatch(r"Hồ sơ \(\d+\)", records.inner_text()) and re.fullmatch(r"Trang hướng dẫn \([1-9]\d*\)", guides.inner_text())
    assert int(re.search(r"\d+", records.inner_text()).group()) == len(shown)
    done_after(page, guides.click)
    assert address(page)["loai"] == ["huong-dan"] and address(page)["q"] == ["heo dat"]
    assert set(k.lower() for k in kinds(page)) == {"hướng dẫn"}
    assert not page.locator("[data-search-filters] select").first.is_visible()  # guide pages have no filters
    done_after(page, lambda: page.locator("[data-kb-tab=ho-so]").click())
    assert "loai" not in address(page) and kinds(page) == shown


@pytest.mark.parametrize("query", ["heo dat", "dong gop ho so", "ma loi", "truong du lieu", "tim kiem"])
def test_snippets_never_show_raw_markup(page, query):
    for extra in ("", "&loai=huong-dan"):
        open_search(page, query, extra)
        for text in page.locator("[data-search-results] li").all_inner_texts():
            assert not RAW_MARKUP.search(text), (query, extra, text)


def test_filters_show_counts_of_values_that_occur_and_can_be_cleared(page):
    open_search(page, "tuyen truyen")
    total = page.locator("[data-search-results] > li").count()
    options = page.locator("select[name=province] option")
    labels = options.all_inner_texts()
    assert labels[0] == f"Tất cả ({total})"
    values = {}
    for index in range(1, options.count()):
        label = labels[index]
        match = re.fullmatch(r"(.+) \((\d+)\)", label)
        assert match and int(match.group(2)) > 0, label  # only values that occur, each with its count
        values[options.nth(index).get_attribute("value")] = int(match.group(2))
    assert values and "quang-nam" not in values or values.get("quang-nam", 0) > 0
    value, count = next(iter(values.items()))
    assert page.locator("a.kb-search__clear").is_hidden()
    done_after(page, lambda: page.select_option("select[name=province]", value))
    assert address(page)["tinh"] == [value] and address(page)["q"] == ["tuyen truyen"]
    assert page.locator("[data-search-results] > li").count() == count
    assert page.locator("[data-kb-tab=ho-so]").inner_text() == f"Hồ sơ ({count})"  # the tab counts what it shows
    assert page.locator("select[name=province]").input_value() == value
    kind_counts = [int(re.search(r"\((\d+)\)$", t).group(1)) for t in page.locator("select[name=kind] option").all_inner_texts()]
    assert kind_counts[0] == count == sum(kind_counts[1:])  # counted within the chosen province
    clear = page.locator("a.kb-search__clear")
    assert clear.is_visible() and clear.inner_text() == "Xoá bộ lọc"
    done_after(page, clear.click)
    assert address(page) == {"q": ["tuyen truyen"]}
    assert page.locator("[data-search-results] > li").count() == total


def test_address_is_the_state_old_english_names_still_work(page):
    open_search(page, "", "&province=tra-vinh&kind=kinh-nghiem")
    assert page.locator("[data-search-results] > li").count() == 4
    assert address(page) == {"tinh": ["tra-vinh"], "loai": ["kinh-nghiem"]}  # rewritten with Vietnamese names
    open_search(page, "", "&tinh=tra-vinh&loai=kinh-nghiem")
    assert page.locator("[data-search-results] > li").count() == 4
    assert page.locator("select[name=kind]").input_value() == "kinh-nghiem"


def test_full_matches_come_before_partial_ones(page):
    open_search(page)
    flags = page.evaluate("async () => (await window.kbSearch.search('heo đất tranh nhôm', {})).map(r => r.full)")
    assert True in flags and False in flags
    assert flags == sorted(flags, reverse=True)


def test_search_runs_under_a_strict_content_security_policy(page):
    open_search(page, "người đứng đầu")
    assert page.locator("[data-search-results] > li").count() > 0
    page.locator("input.md-search__input").fill("heo dat")
    page.locator("[data-kb-header-results] li a").first.wait_for()
    mine = [v for v in page.evaluate("window.__csp || []") if "kb-search" in v or "eval" in v]
    assert mine == [], mine
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__inline = 1";
                             document.head.appendChild(s); }""")
    assert page.evaluate("window.__inline") is None  # the policy is in force: inline script does not run

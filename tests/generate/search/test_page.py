"""The search page as a reader uses it, on the real records in Chromium: results first on a phone (filters folded,
their counts fetched after the first result in one file), a line where partial matches start, absent phrases
said, exact forms highlighted first, records first and guide pages on a tab of their own, plain snippets from
reader text only, filters with counts (provinces saying which overlap, the kind of unit) and a way to clear them,
state in the address, and the client working under Content-Security-Policy script-src 'self'."""

from __future__ import annotations

import datetime as dt
import os
import re
from urllib.parse import parse_qs, quote, urlparse

import pytest
from kb.check.runner import check
from kb.generate.search.terms import phrases
from kb.tools import relevance
from kb.text.vietnamese import fold

pytestmark = pytest.mark.skipif(not os.path.exists(relevance.chromium_path()) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian; CI luôn cài")

CSP = "script-src 'self'; object-src 'none'; base-uri 'self'"
# markup a reader would see as noise; a quoted '---' in the error-code guide and "dòng ---" in the contributing
# guide are text about the format
RAW_MARKUP = re.compile(r"(?<!')(?<!dòng )---(?!')|\||\*|\]\(|<[a-z/!]|(^|\s)#{1,6}\s|\{:|!!!")
CSP_WATCH = """document.addEventListener("securitypolicyviolation", e =>
  (window.__csp = window.__csp || []).push([e.sourceFile, e.violatedDirective, e.blockedURI].join(" ")));"""
RESULTS = "[data-search-results] li.kb-result"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser_and_base(real_site):
    from playwright.sync_api import sync_playwright
    with relevance.serve(real_site / "site", {"Content-Security-Policy": CSP}) as base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=relevance.chromium_path(), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            yield browser, base.rstrip("/")
        finally:
            browser.close()


@pytest.fixture(scope="module")
def page(browser_and_base):
    browser, base = browser_and_base
    tab = browser.new_page(viewport={"width": 1200, "height": 900})
    tab.add_init_script(CSP_WATCH)
    tab.base = base
    yield tab
    tab.close()


def open_search(page, query: str = "", extra: str = ""):
    page.goto(page.base + "/tim-kiem/?q=" + quote(query) + extra)
    page.wait_for_selector("[data-kb-search][data-search-state=done]")


def done_after(page, action):
    page.evaluate("document.querySelector('[data-kb-search]').removeAttribute('data-search-state')")
    action()
    page.wait_for_selector("[data-kb-search][data-search-state=done]")


def show_all(page) -> None:
    """Click "Xem thêm" until every result is on the page."""
    more = page.locator("[data-search-more]")
    while more.is_visible():
        shown = page.locator(RESULTS).count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('{RESULTS}').length > {shown}")


def kinds(page) -> list[str]:
    return page.locator(f"{RESULTS} .kb-result__kind").all_inner_texts()


def address(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def status(page) -> str:
    return page.locator("[data-search-status]").inner_text()


def tab_count(page, tab: str) -> int:
    return int(re.search(r"\((\d+)\)", page.locator(f"[data-kb-tab={tab}]").inner_text()).group(1))


def index_requests(requests: list[str]) -> list[str]:
    return [url.split("/kb-search/", 1)[1] for url in requests if "/kb-search/" in url]


def test_a_phone_shows_results_first_and_fetches_filter_counts_only_when_asked(browser_and_base):
    browser, base = browser_and_base
    phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(base + "/tim-kiem/?q=heo+dat")
    phone.wait_for_selector("[data-kb-search][data-search-state=done]")
    first = phone.locator(RESULTS).first.bounding_box()
    assert first["y"] + 40 < PHONE["height"], first  # the first result's title is on the first screen
    panel = phone.locator("details[data-search-filters]")
    assert panel.get_attribute("open") is None and not phone.locator("select[name=province]").is_visible()
    fetched = index_requests(requests)
    assert not [name for name in fetched if name.startswith("f")], fetched  # no filter data before it is asked for
    assert len(fetched) <= 8, fetched  # meta.json, a file a word, the details of the first results (not 96)
    phone.locator("details[data-search-filters] > summary").click()
    # a locator, not wait_for_function: the page's policy (script-src 'self') refuses the evaluated string
    phone.locator("select[name=province] option", has_text="(").first.wait_for(state="attached")
    assert index_requests(requests).count("f.json") == index_requests(requests).count("facets.json") == 1
    assert [name for name in index_requests(requests) if name.startswith("f/")] == []
    phone.close()


def test_a_wide_screen_counts_its_filters_after_the_first_results_in_one_request(browser_and_base):
    browser, base = browser_and_base
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    wide.on("request", lambda request: requests.append(request.url))
    wide.goto(base + "/tim-kiem/?q=tuyen+truyen")
    wide.wait_for_selector("[data-kb-search][data-search-state=done]")
    assert wide.locator("details[data-search-filters]").get_attribute("open") is not None
    fetched = index_requests(requests)
    assert fetched.count("f.json") == 1 and not [name for name in fetched if name.startswith("f/")]
    first_details = min(i for i, name in enumerate(fetched) if name.startswith("d/"))
    assert fetched.index("f.json") > first_details, fetched  # counts come after the results
    assert len(fetched) <= 12, fetched
    wide.close()


def test_heo_dat_shows_records_and_keeps_guide_pages_on_their_tab(page):
    open_search(page, "heo dat")
    show_all(page)
    shown = kinds(page)
    assert shown and all(kind.lower() != "hướng dẫn" for kind in shown), shown
    assert "heo đất" in page.locator(f"{RESULTS} a").first.inner_text().lower()
    records, guides = page.locator("[data-kb-tab=ho-so]"), page.locator("[data-kb-tab=huong-dan]")
    assert records.get_attribute("aria-current") == "page"
    assert re.fullmatch(r"Hồ sơ \(\d+\)", records.inner_text()) and re.fullmatch(r"Trang hướng dẫn \([1-9]\d*\)", guides.inner_text())
    assert tab_count(page, "ho-so") == len(shown)
    done_after(page, guides.click)
    assert address(page)["loai"] == ["huong-dan"] and address(page)["q"] == ["heo dat"]
    assert set(k.lower() for k in kinds(page)) == {"hướng dẫn"}
    assert not page.locator("[data-search-filters] select").first.is_visible()  # guide pages have no filters
    done_after(page, lambda: page.locator("[data-kb-tab=ho-so]").click())
    show_all(page)
    assert "loai" not in address(page) and kinds(page) == shown


def test_partial_matches_come_after_a_line_that_says_so(page):
    open_search(page, "heo đất tranh nhôm")
    items = page.locator("[data-search-results] > li")
    classes = [items.nth(i).get_attribute("class") for i in range(items.count())]
    assert classes.count("kb-search__divider") == 1
    line = classes.index("kb-search__divider")
    full = int(re.search(r"(\d+) kết quả có đủ các chữ", status(page)).group(1))
    assert line == full >= 1  # every result before the line has all the words, the line comes right after
    assert "chỉ có một phần" in page.locator(".kb-search__divider").inner_text()
    partial = int(re.search(r"(\d+) kết quả chỉ có một phần", status(page)).group(1))
    assert tab_count(page, "ho-so") == full + partial


def test_a_phrase_nowhere_in_the_records_is_said_to_be(page):
    open_search(page, "xây dựng nông thôn mới tổ chức")
    assert "Không hồ sơ nào có cụm “xây dựng nông thôn mới tổ chức” với các chữ đi liền nhau." in status(page)
    open_search(page, "xây dựng nông thôn mới")
    said = status(page)
    assert re.match(r"Tìm thấy \d+ kết quả có “xây dựng nông thôn mới” như đã gõ\.", said), said
    assert "Không hồ sơ nào" not in said


def test_counts_narrow_to_the_words_as_typed(page):
    open_search(page, "chi bộ")
    said = status(page)
    whole = int(re.match(r"Tìm thấy (\d+) kết quả có “chi bộ” như đã gõ\.", said).group(1))
    assert 0 < whole < tab_count(page, "ho-so")  # which ones: test_relevance.py checks it on the records' text
    marks = page.locator(f"{RESULTS} mark").all_inner_texts()
    assert marks and all(fold(mark) in ("chi bo", "chi", "bo") for mark in marks)


def test_exact_forms_are_highlighted_first(page):
    open_search(page, "mỗi")
    first = page.locator(RESULTS).first
    marks = first.locator("mark").all_inner_texts()
    assert marks and all(mark.lower() == "mỗi" for mark in marks), marks
    open_search(page, "trung học cơ sở")
    assert "THCS" in page.locator(f"{RESULTS} mark").all_inner_texts()  # the abbreviation, highlighted too


@pytest.mark.parametrize("query", ["heo dat", "dong gop ho so", "ma loi", "truong du lieu", "tim kiem"])
def test_snippets_never_show_raw_markup(page, query):
    for extra in ("", "&loai=huong-dan"):
        open_search(page, query, extra)
        for text in page.locator(f"{RESULTS}").all_inner_texts():
            assert not RAW_MARKUP.search(text), (query, extra, text)


def test_words_only_an_editor_note_has_find_nothing(page, real_site):
    """A source's or a model's `note` is the editor's: its words are neither searched nor shown."""
    corpus = check(real_site, today=dt.date(2026, 12, 7)).corpus
    notes, read = set(), set()
    for unit in corpus.units.values():
        for item in [*unit.sources, *unit.models]:
            notes |= {fold(word) for phrase in phrases(item.note or "") for word in phrase}
    from kb.generate.search.documents import documents
    for doc in documents(corpus):
        for text in (doc.title, doc.key, doc.text, doc.extra, doc.context, doc.reports):
            read |= {fold(word) for phrase in phrases(text) for word in phrase}
    only_notes = sorted(word for word in notes - read if len(word) > 3 and word.isalpha())[:5]
    assert only_notes, "mọi chữ của ghi chú cũng có ở chữ người đọc thấy"
    for word in only_notes:
        open_search(page, word)
        assert page.locator(RESULTS).count() == 0, word


def test_filters_show_counts_of_values_that_occur_and_can_be_cleared(page):
    open_search(page, "heo dat")
    total = tab_count(page, "ho-so")
    options = page.locator("select[name=province] option")
    labels = options.all_inner_texts()
    assert labels[0] == f"Tất cả ({total})"
    values = {}
    for index in range(1, options.count()):
        match = re.fullmatch(r"(.+) \((\d+)\)", labels[index])
        assert match and int(match.group(2)) > 0, labels[index]  # only values that occur, each with its count
        values[options.nth(index).get_attribute("value")] = int(match.group(2))
    value, count = next(iter(values.items()))
    assert page.locator("a.kb-search__clear").is_hidden()
    done_after(page, lambda: page.select_option("select[name=province]", value))
    assert address(page)["tinh"] == [value] and address(page)["q"] == ["heo dat"]
    assert page.locator(RESULTS).count() == count == tab_count(page, "ho-so")  # the tab counts what it shows
    assert page.locator("select[name=province]").input_value() == value
    kind_counts = [int(re.search(r"\((\d+)\)$", t).group(1)) for t in page.locator("select[name=kind] option").all_inner_texts()]
    assert kind_counts[0] == count == sum(kind_counts[1:])  # counted within the chosen province
    assert "1 đang chọn" in page.locator("details[data-search-filters] > summary").inner_text()
    clear = page.locator("a.kb-search__clear")
    assert clear.is_visible() and clear.inner_text() == "Xoá bộ lọc"
    done_after(page, clear.click)
    assert address(page) == {"q": ["heo dat"]}
    assert tab_count(page, "ho-so") == total


def test_the_province_filter_says_which_provinces_overlap(page):
    open_search(page)
    groups = page.locator("select[name=province] optgroup")
    assert [groups.nth(i).get_attribute("label") for i in range(groups.count())] == [
        "Tỉnh, thành phố hiện nay", "Tỉnh, thành phố cũ (đã nhập vào tỉnh khác)"]
    now, old = groups.nth(0).locator("option").all_inner_texts(), groups.nth(1).locator("option").all_inner_texts()
    assert any(re.fullmatch(r"Vĩnh Long \(gồm cả Bến Tre, Trà Vinh\) \(\d+\)", label) for label in now), now
    assert any(re.fullmatch(r"Trà Vinh \(nay thuộc Vĩnh Long\) \(\d+\)", label) for label in old), old


def test_the_kind_of_unit_and_the_new_levels_filter_results(page):
    open_search(page)
    labels = page.locator("select[name=unit_kind] option").all_inner_texts()
    assert any(label.startswith("Trường học (") for label in labels), labels
    assert any(label.startswith("Trung ương (") for label in page.locator("select[name=level] option").all_inner_texts())
    done_after(page, lambda: page.select_option("select[name=unit_kind]", "truong-hoc"))
    assert address(page) == {"loai-don-vi": ["truong-hoc"]}
    units = [t for k, t in zip(kinds(page), page.locator(f"{RESULTS} .kb-result__title").all_inner_texts())
             if k.lower() == "đơn vị"]
    assert units and all(title.startswith("Trường") for title in units), units


def test_a_year_finds_what_its_filter_counts(page):
    open_search(page)
    option = page.locator("select[name=year] option[value='2019']")
    listed = int(re.search(r"\((\d+)\)$", option.inner_text()).group(1))
    open_search(page, "2019")
    assert tab_count(page, "ho-so") >= listed
    done_after(page, lambda: page.select_option("select[name=year]", "2019"))
    assert tab_count(page, "ho-so") == listed  # the filter and the query agree on the records of 2019


def test_address_is_the_state_old_english_names_still_work(page):
    open_search(page, "", "&province=ho-chi-minh&kind=kinh-nghiem")
    count = page.locator(RESULTS).count()
    assert count >= 3
    assert address(page) == {"tinh": ["ho-chi-minh"], "loai": ["kinh-nghiem"]}  # rewritten with Vietnamese names
    open_search(page, "", "&tinh=ho-chi-minh&loai=kinh-nghiem")
    assert page.locator(RESULTS).count() == count
    assert page.locator("select[name=kind]").input_value() == "kinh-nghiem"


def test_full_matches_come_before_partial_ones(page):
    open_search(page)
    flags = page.evaluate("async () => (await window.kbSearch.search('heo đất tranh nhôm', {})).map(r => r.full)")
    assert True in flags and False in flags
    assert flags == sorted(flags, reverse=True)


def test_search_runs_under_a_strict_content_security_policy(page):
    open_search(page, "người đứng đầu")
    assert page.locator(RESULTS).count() > 0
    page.locator("input.md-search__input").fill("heo dat")
    page.locator("[data-kb-header-results] li a").first.wait_for()
    mine = [v for v in page.evaluate("window.__csp || []") if "kb-search" in v or "eval" in v]
    assert mine == [], mine
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__inline = 1";
                             document.head.appendChild(s); }""")
    assert page.evaluate("window.__inline") is None  # the policy is in force: inline script does not run

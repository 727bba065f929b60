"""What a reader's browser does with the built site (Debian Chromium driven by Playwright)."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

import pytest
from conftest import build_without_check
from kb.tools.relevance import chromium_path, serve

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian (apt-get install chromium); CI luôn cài")

HOSTILE_BODY = """Tóm tắt độc hại.

<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<iframe src="javascript:window.parent.__pwned='iframe'"></iframe>
[bấm vào đây](javascript:window.__pwned='link')
<a href="data:text/html,<script>alert(1)</script>">dữ liệu</a>
<svg onload="window.__pwned='svg'"></svg>
"""


@pytest.fixture(scope="module")
def real_base(real_site):
    """The real records' site, served on 127.0.0.1 for the whole module: its base URL, no trailing slash."""
    with serve(real_site / "site") as base_url:
        yield base_url.rstrip("/")


def heading_text(page) -> str:
    """The page's h1 as a reader reads it, without the '¶' permalink the toc extension appends."""
    return page.evaluate("""() => {
      const h1 = document.querySelector("article h1").cloneNode(true);
      h1.querySelectorAll(".headerlink").forEach(link => link.remove());
      return h1.textContent.trim();
    }""")


def test_hostile_record_runs_no_script(mini_project, browser, monkeypatch):
    record = mini_project / "records/units/tra-vinh/cau-ngang.md"
    text = record.read_text(encoding="utf-8")
    head, _, _ = text.rpartition("---\n")
    hostile = head.replace('name: "Huyện ủy Cầu Ngang"', 'name: "Huyện ủy <script>window.__pwned=\'name\'</script>"')
    hostile = hostile.replace('owner: "Hội Khuyến học huyện"', 'owner: "<img src=x onerror=window.__pwned=1>"')
    record.write_text(hostile + "---\n" + HOSTILE_BODY, encoding="utf-8")
    # The checker would refuse it; the renderer must still make it harmless.
    monkeypatch.setattr("kb.check.textcheck.text_diagnostics", lambda source: [])
    build_without_check(mini_project)
    with serve(mini_project / "site") as base_url:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        base = base_url.rstrip("/")
        for url in ("/don-vi/cau-ngang/", "/mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai/",
                    "/tinh/tra-vinh/", "/a-z/c/"):
            page.goto(base + url)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, url
        page.goto(base + "/don-vi/cau-ngang/")
        for anchor in page.locator(".kb-body a").all():
            assert not (anchor.get_attribute("href") or "").startswith(("javascript:", "data:"))
        assert page.locator("script", has_text="__pwned").count() == 0
        assert "Huyện ủy <script>" in heading_text(page)  # shown as text, not run
        page.goto(base + "/tim-kiem/?q=" + quote("Huyện ủy script onerror"))  # search results show record text too
        page.wait_for_selector("[data-kb-search][data-search-state=done]")
        assert "<script>" in page.locator("[data-search-results]").inner_text()
        page.locator("input.md-search__input").fill("onerror")  # the header's search-as-you-type
        page.wait_for_timeout(500)
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []


def test_reader_follows_a_lesson_topic_to_every_unit(real_base, browser):
    page = browser.new_page()
    base = real_base
    page.goto(base + "/kinh-nghiem/")
    topics = page.locator("article table a")
    assert topics.count() > 0
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + "/don-vi/cau-ngang/")
    page.get_by_role("link", name="Nuôi heo đất tiết kiệm khuyến học, khuyến tài").first.click()
    page.wait_for_url("**/mo-hinh/cau-ngang/**")
    assert heading_text(page) == "Nuôi heo đất tiết kiệm khuyến học, khuyến tài"
    page.get_by_role("link", name="Huyện ủy Cầu Ngang").first.click()
    page.wait_for_url("**/don-vi/cau-ngang/")
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)]


def test_header_search_finds_as_the_reader_types(real_base, browser):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    base = real_base
    page.goto(base + "/don-vi/go-vap/")
    page.keyboard.press("/")  # the shortcut readers of Material sites know
    page.keyboard.type("heo dat khuyen")
    first = page.locator("[data-kb-header-results] li a").first
    first.wait_for()
    page.wait_for_function("document.querySelector('[data-kb-header-results] li a h1').textContent.includes('khuyến tài')")
    assert "Nuôi heo đất tiết kiệm khuyến học, khuyến tài" in first.inner_text()
    # the typed words, highlighted: the two side by side as one, the word being typed wherever it starts a word
    assert first.locator("h1 mark").all_inner_texts() == ["heo đất", "khuyến", "khuyến"]
    first.click()
    page.wait_for_url("**/mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai/")
    page.locator("input.md-search__input").fill("uỷ viên")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    page.wait_for_selector("[data-kb-search][data-search-state=done]")
    assert page.locator("input.kb-search__input").input_value() == "uỷ viên"
    assert not [url for url in requests if "search_index.json" in url or "/workers/" in url], \
        "chỉ mục một tệp của Material không được tải"


def test_search_page_combines_query_and_filters(real_base, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    base = real_base
    page.goto(base + "/tim-kiem/?province=tra-vinh&kind=kinh-nghiem")
    page.wait_for_selector("[data-kb-search][data-search-state=done]")
    results = page.locator("[data-search-results] li.kb-result")
    assert results.count() == 4  # filters alone: the four lessons of Cầu Ngang, and nothing else
    page.locator("input.kb-search__input").fill("tuyen truyen")
    page.keyboard.press("Enter")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === 'tuyen truyen'")
    page.wait_for_selector("[data-kb-search][data-search-state=done]")
    assert 0 < results.count() < 4
    assert "Hai là: Đổi mới tuyên truyền" in results.first.inner_text()
    for index in range(results.count()):
        item = results.nth(index)
        assert item.locator(".kb-result__kind").inner_text().lower() == "kinh nghiệm"
        assert "Trà Vinh" in item.locator(".kb-result__where").inner_text()
        assert "/don-vi/cau-ngang/#kn-" in item.locator("a").get_attribute("href")
    assert page.locator("select[name=province]").input_value() == "tra-vinh"
    narrowed = results.count()
    page.select_option("select[name=kind]", "")  # widen the search: the URL follows
    page.wait_for_function("new URLSearchParams(location.search).get('kind') === null")
    page.wait_for_selector("[data-kb-search][data-search-state=done]")
    assert results.count() > narrowed
    page.screenshot(path=str(tmp_path / "tim-kiem.png"), full_page=True)


WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", re.IGNORECASE)


def test_offline_copy_reads_navigates_and_searches_from_disk(mini_project, browser):
    import zipfile

    from kb.build.run import build
    unit = mini_project / "records" / "units" / "tra-vinh" / "cau-ngang.md"
    unit.write_text(unit.read_text(encoding="utf-8") + "Con đường về xã được mở rộng.\n", encoding="utf-8")
    build(mini_project, offline=True)
    folder = mini_project / "site-offline"
    assert (mini_project / "site-offline.zip").exists()
    # the zip opens on Windows: no name it reserves ('con' is a syllable), no two names equal but for case
    names = zipfile.ZipFile(mini_project / "site-offline.zip").namelist()
    assert not [name for name in names if any(WINDOWS_RESERVED.fullmatch(part.split(".")[0])
                                              for part in name.split("/"))]
    assert len({name.lower() for name in names}) == len(names)
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((folder / "index.html").as_uri())
    # the home page's own search box sends to the search page's file (kb-reader.js): no folder on disk
    assert page.locator("form.kb-home-search").get_attribute("action") == "tim-kiem.html"
    page.get_by_role("link", name="Đơn vị").first.click()
    page.wait_for_url("**/don-vi/index.html")
    page.get_by_role("link", name="Huyện ủy Cầu Ngang").first.click()
    page.wait_for_url("**/don-vi/cau-ngang.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("heo dat")
    first = page.locator("[data-kb-header-results] li a").first
    first.wait_for()
    assert first.get_attribute("href").endswith("mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.html")
    first.click()
    page.wait_for_url("**/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.html")
    assert heading_text(page) == "Nuôi heo đất tiết kiệm khuyến học, khuyến tài"
    page.goto((folder / "tim-kiem.html").as_uri() + "?q=nguoi+dung+dau")
    page.wait_for_selector("[data-kb-search][data-search-state=done]")
    assert page.locator("[data-search-results] li.kb-result").count() >= 2
    page.goto((folder / "tim-kiem.html").as_uri() + "?q=con+duong")  # the syllable whose file Windows would refuse
    page.wait_for_selector("[data-kb-search][data-search-state=done]")
    assert page.locator("[data-search-results] li.kb-result").first.locator("mark").all_inner_texts() == ["Con đường"]
    assert all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file://")]


@pytest.mark.parametrize("path", ["/", "/don-vi/cau-ngang/", "/thong-ke/", "/du-lieu/"])
def test_no_request_of_a_page_fails(browser, real_base, path):
    """Every file a page asks for exists (the theme fetches a sitemap beside each <link rel=alternate>)."""
    page = browser.new_page()
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(real_base + path)
    page.wait_for_load_state("networkidle")
    page.close()
    assert failed == []

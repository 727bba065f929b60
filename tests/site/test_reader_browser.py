"""The reader's site in Chromium: axe-core on every kind of page, phones (390 px) and desktops (1280 px),
sharing tags, the printed page (A4 PDF). Screenshots go to KB_SCREENSHOTS (or a temporary folder), never
into the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build_without_check
from kb.tools.relevance import chromium_path, serve

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian (apt-get install chromium); CI luôn cài")

# One page of every kind the site has (kb.kinds), and the hand-written ones.
EVERY_KIND = {
    "home": "/",
    "unit": "/don-vi/cau-ngang/",
    "model": "/mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai/",
    "lesson-topic": "/kinh-nghiem/vai-tro-nguoi-dung-dau/",
    "field": "/linh-vuc/giao-duc/",
    "theme": "/chuyen-de/2018/",
    "directive": "/van-ban/05-ct-tw/",
    "province": "/tinh/tra-vinh/",
    "year": "/nam/2019/",
    "indicator": "/chi-tieu/",
    "index": "/mo-hinh/",
    "provinces": "/tinh/",
    "timeline": "/nam/",
    "letter": "/a-z/",
    "letter-page": "/a-z/c/",
    "practice": "/nhan-rong/",
    "unit-kind": "/loai-don-vi/dia-phuong/",
    "level": "/cap/huyen/",
    "model-with-sections": "/mo-hinh/hai-duong/so-ghi-nguoi-tot-viec-tot/",
    "stats": "/thong-ke/",
    "updates": "/cap-nhat/",
    "data": "/du-lieu/",
    "guide": "/huong-dan/truong-du-lieu/",
    "about": "/gioi-thieu/",
    "search": "/tim-kiem/?q=heo+dat",
}


@pytest.fixture(scope="module")
def base(real_site):
    with serve(real_site / "site") as base_url:
        yield base_url.rstrip("/")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("KB_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_axe_finds_no_serious_violation_on_any_kind_of_page(base, browser):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    context = browser.new_context(bypass_csp=True)  # axe is injected by the test, not by the site
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for kind, url in EVERY_KIND.items():
        page.goto(base + url)
        page.wait_for_load_state("load")
        if page.locator("[data-kb-search]").count():  # the search page: its results, divider included, are in
            page.wait_for_selector("[data-kb-search][data-search-state=done]")
        results = axe.run(page)
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            found[kind] = bad
    context.close()
    assert found == {}, found
    assert errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_every_kind_of_page_fits_the_screen(base, browser, shots, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    overflowing = {}
    for kind, url in EVERY_KIND.items():
        page.goto(base + url)
        page.wait_for_load_state("load")
        page.screenshot(path=str(shots / f"{kind}-{width}.png"), full_page=True)
        wide = page.evaluate("""(width) => {
          const out = [];
          if (document.documentElement.scrollWidth > width) out.push('page ' + document.documentElement.scrollWidth);
          for (const cell of document.querySelectorAll('article td, article th, article svg')) {
            const box = cell.getBoundingClientRect();
            if (box.right > width + 1) out.push(cell.tagName + ' ' + Math.round(box.right));
          }
          return out.slice(0, 5);
        }""", width)
        if wide:
            overflowing[kind] = wide
    assert overflowing == {}


def test_on_a_phone_table_rows_stack_and_no_title_is_one_word_per_line(base, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "/don-vi/cau-ngang/")
    title = page.get_by_role("link", name="Nuôi heo đất tiết kiệm khuyến học, khuyến tài").first
    box = title.bounding_box()
    assert box["width"] > 200  # a table cell one word wide would be about 60 px
    field = page.locator("article table").first.get_by_role("link", name="Giáo dục, khuyến học")
    assert field.is_visible() and field.bounding_box()["x"] + field.bounding_box()["width"] <= 390


def test_contrast_of_links_and_headings_meets_wcag_aa(base, browser):
    page = browser.new_page()
    page.goto(base + "/don-vi/cau-ngang/")
    ratios = page.evaluate("""() => {
      const rgb = c => c.match(/[\\d.]+/g).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                 .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const ratio = el => { const s = getComputedStyle(el); const c = rgb(s.color);
        const a = c.length > 3 ? c[3] : 1; const mixed = c.slice(0, 3).map(v => v * a + 255 * (1 - a));
        return (1.05) / (lum(mixed) + 0.05); };
      return { link: ratio(document.querySelector('article a[href*="tinh"]')),
               h1: ratio(document.querySelector('article h1')), h2: ratio(document.querySelector('article h2')),
               quote: ratio(document.querySelector('article p')) };
    }""")
    assert all(value >= 4.5 for value in ratios.values()), ratios


def test_sharing_tags_and_feed_link_on_every_page(base, browser):
    page = browser.new_page()
    page.goto(base + "/mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai/")
    meta = lambda selector: page.locator(selector).get_attribute("content")  # noqa: E731
    assert meta('meta[property="og:title"]') == "Nuôi heo đất tiết kiệm khuyến học, khuyến tài"
    assert meta('meta[name="description"]').startswith("Mô hình “Nuôi heo đất")
    assert meta('meta[property="og:description"]') == meta('meta[name="description"]')
    assert meta('meta[property="og:url"]').endswith("/mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai/")
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert feed.count() == 1
    response = page.request.get(base + "/mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai/"
                                + feed.get_attribute("href"))
    assert response.ok and b"<feed" in response.body()
    cite = page.locator(".kb-cite").inner_text()
    assert "Hội Khuyến học huyện" in cite and "22/01/2019" in cite and "/mo-hinh/cau-ngang/" in cite
    edit = page.locator(".kb-provenance")
    assert "records/units/tra-vinh/cau-ngang.md" in edit.inner_text()  # repo_url not set: the file is named
    edit.get_by_role("link", name="cách đóng góp, sửa hồ sơ").click()
    page.wait_for_url("**/dong-gop/")


def test_printed_unit_page_says_where_it_came_from(base, browser, shots):
    page = browser.new_page()
    page.goto(base + "/don-vi/cau-ngang/")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ({
      header: getComputedStyle(document.querySelector('.md-header')).display,
      tabs: getComputedStyle(document.querySelector('.md-tabs') || document.body).display,
      printHeader: getComputedStyle(document.querySelector('.kb-print-header')).display,
      relations: getComputedStyle(document.querySelector('#duoc-nhac-den-o')).display,
      link: getComputedStyle(document.querySelector('article a[href*="tinh"]')).color,
      h2After: getComputedStyle(document.querySelector('article h2')).breakAfter,
    })""")
    assert shown["header"] == "none" and shown["printHeader"] == "block" and shown["relations"] == "none"
    assert shown["link"] == "rgb(0, 0, 0)" and shown["h2After"] == "avoid"
    pdf = shots / "don-vi-cau-ngang.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Học tập và làm theo Bác" in text and "/don-vi/cau-ngang/" in text
        assert "Trích dẫn" in text and "Được nhắc đến ở" not in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(shots / "don-vi-cau-ngang-pdf")], check=True)
        assert list(shots.glob("don-vi-cau-ngang-pdf*.png"))


def test_hostile_record_strings_stay_text_in_sharing_tags_citation_and_charts(mini_project, browser, monkeypatch):
    hostile = '"><img src=x onerror=window.__pwned=1></title><script>window.__pwned=2</script>'
    record = mini_project / "records/units/tra-vinh/cau-ngang.md"
    text = record.read_text(encoding="utf-8")
    text = text.replace('title: "Nuôi heo đất tiết kiệm khuyến học, khuyến tài"',
                        "title: 'Nuôi heo đất " + hostile.replace("'", "") + "'")
    text = text.replace('owner: "Hội Khuyến học huyện"', "owner: '" + hostile + "'")
    record.write_text(text, encoding="utf-8")
    monkeypatch.setattr("kb.check.textcheck.text_diagnostics", lambda source: [])
    build_without_check(mini_project)
    model_dir = next((mini_project / "site/mo-hinh/cau-ngang").glob("nuoi-heo-dat*"))
    # Material writes page.title raw into <title>; that block is overridden by the hostile-records work
    # (issue 7, not merged here). Every other occurrence on the page — sharing tags, description, citation,
    # headings, charts — must be text: outside <title> no raw tag of the record survives.
    built = (model_dir / "index.html").read_text(encoding="utf-8")
    outside_title = re.sub(r"<title>.*?</title>(?:<script>[^<]*</script>[^<]*</title>)?", "", built, count=1)
    assert "<script>window.__pwned" not in outside_title and "<img src=x" not in outside_title
    with serve(mini_project / "site") as base_url:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for url in ("/thong-ke/", "/mo-hinh/", "/a-z/", "/don-vi/cau-ngang/", "/linh-vuc/giao-duc/"):
            page.goto(base_url.rstrip("/") + url)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, url
        page.goto(base_url.rstrip("/") + f"/mo-hinh/cau-ngang/{model_dir.name}/")
        assert page.locator('meta[property="og:title"]').get_attribute("content") == "Nuôi heo đất " + hostile
        assert hostile in page.locator('meta[name="description"]').get_attribute("content")
        assert hostile in page.locator(".kb-cite").inner_text()
        assert page.locator("article img, article script").count() == 0
        assert dialogs == []

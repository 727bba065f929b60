"""Benchmark: building and querying the search index at national scale.

    .venv/bin/python bench/search_bench.py 1000 10000 [--no-throttled]

(prints a markdown section per size; copy it into bench/RESULTS.md with a note on the machine's load)

For each corpus size it generates a synthetic corpus (kb.tools.synthetic), then
measures: check+link time, index build time, index size on disk, and — in
Debian's Chromium — for a set of queries the bytes fetched until the first
results are shown (each file gzip-compressed as a static host would serve
it) and the time to that first result.

Then, on a phone's link: the real search page (the repository's records built with `kb build`, its
kb-search/ replaced by the synthetic index) is opened at /tim-kiem/?q=… in a 390 px wide window with
Chromium's network emulation (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; a fresh browser context
each time, nothing cached), served gzip-compressed over kept-alive HTTP/1.1 connections. It reports the
time from navigation to the first result on screen, where that result is (px from the top), and the
requests made before it and in all (facet data included).

The memory of the whole compile, index included, is measured by bench/build_bench.py. Numbers are written
down, never asserted in tests.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, make_project  # noqa: E402
from kb.build.run import build
from kb.check.runner import check
from kb.generate.search.index import INDEX_DIR
from kb.tools import relevance
from kb.tools.synthetic import write_corpus, write_search_site

QUERIES = ["heo dat", "đảng viên gương mẫu", "lam theo", "người đứng đầu", "hòa giải", "cu the hoa nghi quyet"]
THROTTLED_QUERIES = ["heo dat", "người đứng đầu", "cu the hoa nghi quyet"]
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PHONE = {"width": 390, "height": 844}
RUNS = 3
_FIRST_RESULT = """(() => {
  window.__kbFirst = null;
  new MutationObserver((_, observer) => {
    const first = document.querySelector("[data-search-results] li.kb-result");
    if (first && window.__kbFirst === null) {
      window.__kbFirst = performance.now();
      window.__kbFirstTop = first.getBoundingClientRect().top + window.scrollY;
      observer.disconnect();
    }
  }).observe(document, {childList: true, subtree: true});
})();"""
_REQUESTS = """() => {
  const before = performance.getEntriesByType("resource").filter(e => e.startTime < window.__kbFirst).length;
  return [window.__kbFirst, window.__kbFirstTop, before + 1, performance.getEntriesByType("resource").length + 1];
}"""

_MEASURE = """async (query) => {
  const start = performance.now();
  const results = await window.kbSearch.search(query, {});
  await window.kbSearch.details(results.slice(0, 20).map(r => r.doc));
  return [performance.now() - start, results.length];
}"""


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


PARTS = ("trang, mã", "meta.json", "t/", "d/", "v/")


def _part(name: str) -> str:
    """Which part of what a query fetches a file is: the page and its script, or a kind of index file."""
    inner = name.split(f"{INDEX_DIR}/", 1)[1] if f"{INDEX_DIR}/" in name else ""
    return next((part for part in PARTS[1:] if inner.startswith(part)), PARTS[0])


def measure_queries(site: Path) -> list[dict]:
    rows = []
    with relevance.serve(site) as base_url:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=relevance.chromium_path(),
                                                 args=relevance.CHROMIUM_ARGS)
            for query in QUERIES:
                page = browser.new_page()  # a fresh page: nothing cached
                fetched: list[str] = []
                page.on("requestfinished", lambda request, fetched=fetched: fetched.append(request.url))
                page.goto(base_url + "tim-kiem/")
                page.wait_for_function("window.kbSearch !== undefined")
                before = len(fetched)
                elapsed, count = page.evaluate(_MEASURE, query)
                files = [url[len(base_url):] for url in fetched]
                search_files = files[before:]
                sizes = {f: gzip_size(site / f) for f in files if (site / f).is_file()}
                parts = {part: sum(size for f, size in sizes.items() if _part(f) == part) for part in PARTS}
                rows.append({"query": query, "results": count, "ms": elapsed, "files": len(search_files),
                             "bytes_gz": sum(sizes.values()), "parts": parts})
                page.close()
            browser.close()
    return rows


def real_search_page(folder: Path) -> Path:
    """The repository's records built with `kb build` in a scratch project: a real /tim-kiem/ page."""
    project = make_project(folder, ROOT / "records")
    build(project, strict=True)
    return project / "site"


def measure_throttled(site: Path, queries: list[str] = THROTTLED_QUERIES) -> list[dict]:
    """Time to the first result of /tim-kiem/?q=… on a throttled phone link (median of RUNS fresh contexts)."""
    from urllib.parse import quote_plus

    from playwright.sync_api import sync_playwright
    rows = []
    with relevance.serve(site, compress=True) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=relevance.chromium_path(), args=relevance.CHROMIUM_ARGS)
        for query in queries:
            runs = []
            for _ in range(RUNS):
                context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                              bypass_csp=True)  # Playwright waits by evaluating strings
                page = context.new_page()
                page.add_init_script(_FIRST_RESULT)
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", THROTTLE)
                page.goto(base_url + "tim-kiem/?q=" + quote_plus(query), wait_until="commit")
                page.wait_for_function("window.__kbFirst !== null", timeout=60_000)
                page.wait_for_selector("[data-kb-search][data-search-state=done]", timeout=60_000)
                page.wait_for_load_state("networkidle", timeout=60_000)
                first, top, before, total = page.evaluate(_REQUESTS)
                runs.append({"ms": first, "top": top, "before": before, "total": total})
                context.close()
            median = sorted(runs, key=lambda r: r["ms"])[len(runs) // 2]
            rows.append({"query": query, **median})
        browser.close()
    return rows


def throttled_table(rows: list[dict]) -> list[str]:
    lines = ["", "Điện thoại, mạng chậm (Chromium giả lập 150 ms, 1,6 Mbit/s; trang /tim-kiem/ thật, rộng 390 px; "
             f"trung vị {RUNS} lần, mỗi lần không có bộ nhớ đệm):", "",
             "| Truy vấn | Đến kết quả đầu tiên | Kết quả đầu cách đỉnh trang | Yêu cầu trước kết quả đầu | Yêu cầu tất cả |",
             "| --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {row['query']} | {row['ms'] / 1000:.2f} s | {row['top']:.0f} px | {row['before']} | "
                     f"{row['total']} |")
    lines.append(f"\nTrung vị: {statistics.median(r['ms'] for r in rows) / 1000:.2f} s đến kết quả đầu tiên.\n")
    return lines


def run(units: int, page: Path | None = None) -> str:
    with tempfile.TemporaryDirectory() as temp:
        temp_path = Path(temp)
        project = make_project(temp_path / "project", FIXTURES / "mini" / "records")
        shutil.rmtree(project / "records" / "units")
        write_corpus(project, units=units)
        started = time.perf_counter()
        checked = check(project)
        check_seconds = time.perf_counter() - started
        started = time.perf_counter()
        site = temp_path / "site"
        files = write_search_site(checked.corpus, site, ROOT / "docs" / "assets" / "kb-search.js")
        index_seconds = time.perf_counter() - started
        index_bytes = sum(len(text.encode("utf-8")) for text in files.values())
        documents = sum(1 + len(u.models) + len(u.lessons) for u in checked.corpus.units.values())
        rows = measure_queries(site)
        throttled = []
        if page is not None:
            phone = temp_path / "phone"
            shutil.copytree(page, phone)
            shutil.rmtree(phone / INDEX_DIR)
            shutil.copytree(site / INDEX_DIR, phone / INDEX_DIR)
            throttled = measure_throttled(phone)
    lines = [f"### {thousands(units)} đơn vị ({thousands(documents)} tài liệu tìm kiếm)", "",
             f"- Kiểm tra + liên kết: {check_seconds:.1f} s; dựng và ghi chỉ mục: {index_seconds:.1f} s",
             f"- Chỉ mục: {thousands(len(files))} tệp, {index_bytes / 2**20:.1f} MiB chưa nén", "",
             "| Truy vấn | Kết quả | Tệp chỉ mục tải | Tổng byte tải (gzip, cả trang) | Thời gian đến kết quả đầu |",
             "| --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {row['query']} | {row['results']} | {row['files']} | {row['bytes_gz'] / 1024:.0f} KiB | "
                     f"{row['ms']:.0f} ms |")
    lines.append(f"\nTrung vị: {statistics.median(r['bytes_gz'] for r in rows) / 1024:.0f} KiB, "
                 f"{statistics.median(r['ms'] for r in rows):.0f} ms. Trung vị theo phần: " +
                 ", ".join(f"{part} {statistics.median(r['parts'][part] for r in rows) / 1024:.1f} KiB"
                           for part in PARTS) + ".\n")
    if throttled:
        lines += throttled_table(throttled)
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv if not a.startswith("--")] or [1000, 10000]
    print("## Đo tìm kiếm\n")
    print("Máy: 2 lõi, Chromium của Debian chạy không giao diện, máy chủ tĩnh trên 127.0.0.1 "
          "(không tính độ trễ mạng). Byte tải tính theo gzip như máy chủ tĩnh nén khi gửi.\n")
    with tempfile.TemporaryDirectory() as temp:
        page = None if "--no-throttled" in argv else real_search_page(Path(temp) / "real")
        for units in sizes:
            print(run(units, page))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark: building and querying the search index at national scale.

    .venv/bin/python bench/search_bench.py 1000 10000

(prints a markdown section per size; copy it into bench/RESULTS.md with a note on the machine's load)

For each corpus size it generates a synthetic corpus (kb.tools.synthetic), then
measures: check+link time, index build time, index size on disk, and — in
Debian's Chromium — for a set of queries the bytes fetched until the first
results are shown (each file gzip-compressed as a static host would serve
it) and the time to that first result. The memory of the whole compile,
index included, is measured by bench/build_bench.py. Numbers are written
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
from kb.check.runner import check
from kb.tools import relevance
from kb.tools.synthetic import write_corpus, write_search_site

QUERIES = ["heo dat", "đảng viên gương mẫu", "lam theo", "người đứng đầu", "hòa giải", "cu the hoa nghi quyet"]

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
                gz = sum(gzip_size(site / f) for f in files if (site / f).is_file())
                rows.append({"query": query, "results": count, "ms": elapsed, "files": len(search_files),
                             "bytes_gz": gz})
                page.close()
            browser.close()
    return rows


def run(units: int) -> str:
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
    lines = [f"### {thousands(units)} đơn vị ({thousands(documents)} tài liệu tìm kiếm)", "",
             f"- Kiểm tra + liên kết: {check_seconds:.1f} s; dựng và ghi chỉ mục: {index_seconds:.1f} s",
             f"- Chỉ mục: {thousands(len(files))} tệp, {index_bytes / 2**20:.1f} MiB chưa nén", "",
             "| Truy vấn | Kết quả | Tệp chỉ mục tải | Tổng byte tải (gzip, cả trang) | Thời gian đến kết quả đầu |",
             "| --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {row['query']} | {row['results']} | {row['files']} | {row['bytes_gz'] / 1024:.0f} KiB | "
                     f"{row['ms']:.0f} ms |")
    lines.append(f"\nTrung vị: {statistics.median(r['bytes_gz'] for r in rows) / 1024:.0f} KiB, "
                 f"{statistics.median(r['ms'] for r in rows):.0f} ms.\n")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000]
    print("## Đo tìm kiếm\n")
    print("Máy: 2 lõi, Chromium của Debian chạy không giao diện, máy chủ tĩnh trên 127.0.0.1 "
          "(không tính độ trễ mạng). Byte tải tính theo gzip như máy chủ tĩnh nén khi gửi.\n")
    for units in sizes:
        print(run(units))


if __name__ == "__main__":
    main(sys.argv[1:])

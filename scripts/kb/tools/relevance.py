"""Search relevance, measured as a reader sees it: the built site in a real browser.

    python -m kb.tools.relevance site/ tests/generate/search/queries.yaml

Serves `site/` on 127.0.0.1, opens it in Debian's Chromium (Playwright,
`executable_path`), runs every query through the same client the search page
uses (`window.kbSearch`), and prints Recall@5 and MRR. Exit code 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET_RECALL = 0.98
TARGET_MRR = 0.95


@dataclass
class Outcome:
    query: str
    expected: list[str]
    found: list[str]

    @property
    def recall_at_5(self) -> float:
        return len(set(self.expected) & set(self.found[:5])) / min(len(self.expected), 5)

    @property
    def reciprocal_rank(self) -> float:
        for rank, url in enumerate(self.found, start=1):
            if url in self.expected:
                return 1 / rank
        return 0.0


def chromium_path() -> str:
    """Debian's Chromium; KB_CHROMIUM names another Chromium-based browser (GitHub's runners ship Chrome)."""
    return os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}
    compress = False

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        """With `compress`, files go out gzip-compressed over a kept-alive connection, as a static host sends them."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not self.compress or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path, headers: dict[str, str] | None = None, compress: bool = False):
    """A static server of `folder` on 127.0.0.1; `headers` are sent with every response (e.g. a CSP).
    `compress`: HTTP/1.1 with keep-alive and gzip, as a static host (the throttled benchmark needs both)."""
    handler_class = type("PreviewHandler", (_QuietHandler,), {
        "headers_to_send": dict(headers or {}), "compress": compress,
        "protocol_version": "HTTP/1.1" if compress else "HTTP/1.0"})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_page(base_url: str, ranking: dict | None = None):
    """The search page, with the client loaded; `ranking` replaces meta.json's (to show a rule is needed)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            if ranking is not None:
                page.route("**/kb-search/meta.json", functools.partial(_with_ranking, ranking))
            page.goto(base_url + "tim-kiem/")
            page.wait_for_function("window.kbSearch !== undefined")
            yield page
        finally:
            browser.close()


_RUN = """async ([query, filters, limit]) => {
  const results = await window.kbSearch.search(query, filters || {});
  const top = results.slice(0, limit);
  const items = await window.kbSearch.details(top.map(r => r.doc));
  return items.map(item => item ? item.u : null);
}"""


def run_queries(page, cases: list[dict], limit: int = 10) -> list[Outcome]:
    outcomes = []
    for case in cases:
        found = page.evaluate(_RUN, [case["q"], case.get("filters") or {}, limit])
        outcomes.append(Outcome(case["q"], list(case["expect"]), found))
    return outcomes


_TITLES = """async ([query, limit]) => {
  const results = await window.kbSearch.search(query, {});
  const items = await window.kbSearch.details(results.slice(0, limit).map(r => r.doc));
  return items.map(item => item ? item.t : null);
}"""


def top_titles(site: Path, queries: list[str], limit: int = 10) -> dict[str, list[str]]:
    """The titles a reader sees first for each query."""
    with serve(site) as base_url, browser_page(base_url) as page:
        return {query: page.evaluate(_TITLES, [query, limit]) for query in queries}


def _with_ranking(ranking: dict, route) -> None:
    meta = json.loads(route.fetch().text())
    route.fulfill(json={**meta, "ranking": ranking})


def evaluate(site: Path, cases: list[dict], ranking: dict | None = None) -> list[Outcome]:
    with serve(site) as base_url, browser_page(base_url, ranking) as page:
        return run_queries(page, cases)


def summary(outcomes: list[Outcome]) -> tuple[float, float]:
    recall = sum(o.recall_at_5 for o in outcomes) / len(outcomes)
    mrr = sum(o.reciprocal_rank for o in outcomes) / len(outcomes)
    return recall, mrr


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for outcome in outcomes:
        mark = "ok " if outcome.reciprocal_rank == 1 and outcome.recall_at_5 == 1 else "-- "
        lines.append(f"{mark} R@5={outcome.recall_at_5:.2f} RR={outcome.reciprocal_rank:.2f}  {outcome.query!r}"
                     + ("" if mark == "ok " else f"  mong đợi {outcome.expected}, được {outcome.found[:5]}"))
    recall, mrr = summary(outcomes)
    lines.append(f"{len(outcomes)} truy vấn: Recall@5 = {recall:.3f}, MRR = {mrr:.3f}"
                 f" (mục tiêu ≥ {TARGET_RECALL}, ≥ {TARGET_MRR})")
    return "\n".join(lines)


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo Recall@5 và MRR của tìm kiếm trên trang đã dựng.")
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", type=Path)
    args = parser.parse_args(argv)
    outcomes = evaluate(args.site, load_cases(args.queries))
    print(report(outcomes))
    recall, mrr = summary(outcomes)
    return 0 if recall >= TARGET_RECALL and mrr >= TARGET_MRR else 1


if __name__ == "__main__":
    sys.exit(main())

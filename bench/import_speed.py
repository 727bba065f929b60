"""Speed of `kb import` (measured, not asserted): one article after start-up, and 100 articles.

    python bench/import_speed.py [--articles DIR] [--count 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "bench"))

from import_accuracy import ARTICLES, seed_project  # noqa: E402
from kb.intake.article.command import plan
from kb.intake.article.read import read_bytes
from variants import as_html  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args(argv)
    texts = [p.read_bytes() for p in sorted(args.articles.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as folder:
        root = seed_project(Path(folder))
        started = time.perf_counter()
        plan(root, read_bytes(texts[0], "warm-up", "a.txt"))  # start-up: gazetteer, schema, imports
        startup = time.perf_counter() - started
        singles = []
        for raw in texts:
            t0 = time.perf_counter()
            plan(root, read_bytes(raw, "one", "a.txt"))
            singles.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for index in range(args.count):
            plan(root, read_bytes(texts[index % len(texts)], f"n{index}", "a.txt"))
        batch = time.perf_counter() - t0
        pages = [as_html(raw.decode("utf-8")).encode("utf-8") for raw in texts]
        t0 = time.perf_counter()
        for index in range(args.count):
            plan(root, read_bytes(pages[index % len(pages)], f"h{index}", "a.html", html=True))
        batch_html = time.perf_counter() - t0
    print(f"| Lần đầu (nạp danh mục, lược đồ) | {startup:.2f} s |")
    print(f"| Một bài sau khởi động (chậm nhất trong {len(texts)} bài) | {max(singles):.3f} s |")
    print(f"| {args.count} bài (.txt) | {batch:.2f} s |")
    print(f"| {args.count} trang (.html, có trafilatura) | {batch_html:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

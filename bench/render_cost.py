"""What rendering the pages costs, against another checkout of the project on the same corpus.

    .venv/bin/python bench/render_cost.py 1000 --base /tmp/kb-main     # /tmp/kb-main: e.g. `git archive main`

Writes one dense synthetic corpus (bench/corpus.py), then, in a fresh process per checkout and per turn, checks
it and renders every page (`kb.generate.render.render`, without the preview's caches), and prints the processor
time (best of `--turns`, less sensitive to a busy machine than the wall clock), the pages and their bytes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE_RUN = """
import json, sys, time
sys.path[:0] = [sys.argv[1] + "/scripts"]
from pathlib import Path
from kb.check.runner import check
from kb.generate.render import render
from kb.text.markup import remembering
corpus = check(Path(sys.argv[2])).corpus
started = time.process_time()
with remembering(False):
    pages = render(corpus)
print(json.dumps({"cpu": time.process_time() - started, "pages": len(pages),
                  "bytes": sum(len(t.encode()) for t in pages.values())}))
"""


def measure(checkout: Path, project: Path, turns: int) -> dict:
    runs = [json.loads(subprocess.run([sys.executable, "-c", _ONE_RUN, str(checkout), str(project)], check=True,
                                      capture_output=True, text=True).stdout) for _ in range(turns)]
    return {**min(runs, key=lambda r: r["cpu"]), "turns": turns}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", type=int)
    parser.add_argument("--base", type=Path, required=True, help="thư mục của bản mã để so (có scripts/kb)")
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "scripts"), str(ROOT / "tests")]
    from corpus import dense_project
    with tempfile.TemporaryDirectory() as folder:
        project, counts = dense_project(Path(folder) / "project", args.units)
        rows = []
        for name, checkout in (("so sánh (--base)", args.base), ("bản này", ROOT)):
            found = measure(checkout, project, args.turns)
            rows.append((name, found))
    base = rows[0][1]
    print(f"| {counts['units']:,} đơn vị | CPU (tốt nhất {args.turns} lần) | Trang | MB | Tỉ lệ CPU | Tỉ lệ byte |"
          .replace(",", "."))
    print("|---|---|---|---|---|---|")
    for name, found in rows:
        print(f"| {name} | {found['cpu']:.2f} s | {found['pages']:,} | {found['bytes'] / 1e6:.1f} | "
              f"{found['cpu'] / base['cpu']:.2f} | {found['bytes'] / base['bytes']:.2f} |".replace(",", "."))


if __name__ == "__main__":
    main()

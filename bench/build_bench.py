"""Benchmark: the whole build at national scale, on this machine.

    .venv/bin/python bench/build_bench.py 1000 5000 > bench/BUILD-RESULTS.md

For each corpus size it writes a synthetic corpus (kb.synthetic: units with
3–4 models and 2 lessons each, clearly not real data) into a temporary
project, then runs, each in its own process so that its peak memory is its
own: `kb build --pages-only` (load, validate, link, render, search index,
write) and `mkdocs build`. It reports wall time, peak resident memory, the
number of pages and the largest page. Numbers are written down, never
asserted in tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, make_project  # noqa: E402
from kb.synthetic import write_corpus  # noqa: E402


def thousands(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


# Runs one command and prints the peak memory of that command alone (its only child) on the last line.
_WRAPPER = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of one command."""
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-c", _WRAPPER, *command], cwd=cwd, capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": "0"})
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} thất bại:\n{process.stderr[-3000:]}")
    return elapsed, int(process.stderr.strip().splitlines()[-1]) // 1024


def run(units: int) -> list[str]:
    with tempfile.TemporaryDirectory() as temp:
        project = make_project(Path(temp) / "project", FIXTURES / "mini" / "records")
        shutil.rmtree(project / "records" / "units")
        write_corpus(project, units=units)
        kb = [sys.executable, "-m", "kb.cli", "--root", str(project), "build", "--pages-only"]
        compile_seconds, compile_mib = timed(kb, project)
        pages = sorted((project / "docs").rglob("*.md"))
        index_files = list((project / "docs" / "kb-search").rglob("*.json"))
        largest = max(p.stat().st_size for p in pages)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                  "-d", str(project / "site")]
        site_seconds, site_mib = timed(mkdocs, project)
        site_bytes = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
        models = sum(1 for p in (project / "docs" / "mo-hinh").rglob("*.md") if p.name != "index.md")
    return [f"| {thousands(units)} | {thousands(models)} | {thousands(len(pages))} | "
            f"{compile_seconds:.1f} s, {compile_mib} MiB | {site_seconds:.1f} s, {site_mib} MiB | "
            f"{thousands(len(index_files))} | {largest / 1024:.0f} KiB | "
            f"{site_bytes / 2**20:.0f} MiB |"]


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000]
    print("## Đo toàn bộ quá trình dựng\n")
    print(f"Máy: {os.cpu_count()} lõi. Mỗi bước chạy trong một tiến trình riêng; bộ nhớ là bộ nhớ thường trú "
          "cao nhất (maxrss) của tiến trình đó. Hồ sơ tổng hợp: mỗi đơn vị 3–4 mô hình, 2 bài học.\n")
    print("| Đơn vị | Mô hình | Trang markdown | kb build --pages-only | mkdocs build | Tệp chỉ mục tìm kiếm "
          "| Trang lớn nhất | site/ |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for units in sizes:
        print("\n".join(run(units)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark: the whole build, the checker and the preview at national scale, on this machine.

    .venv/bin/python bench/build_bench.py 1000 10000 > bench/BUILD-RESULTS.md

For each corpus size it writes a dense synthetic corpus (bench/corpus.py, kb.tools.synthetic.write_dense_corpus:
the density of real records, clearly not real data) into a temporary project and measures, each command in
its own process so that its peak memory is its own:
- `kb build --pages-only` (compile: load, validate, link, render, search index, open data, write);
- `mkdocs build` of those pages (our site: fixed navigation, Material's search index only for guides);
- the baseline: plain mkdocs-material building the same pages with its default search plugin indexing
  every page (same fixed navigation; with `--auto-nav`, also Material's default navigation listing every
  page, bounded by a time limit);
- `kb check` of the whole corpus and `kb check FILE` of one unit;
- `kb serve`: start-up (cold, then warm reusing .kb/preview-site) to the first page served over
  http://127.0.0.1, and edit-to-preview (from saving a record to the served page carrying the change);
  `--no-serve` skips it (the national size), leaving "—" in its cells;
- the pull-request preview: over the full build (`mkdocs build` of the pages above, the site a pull request
  restores from main's cache), one record edited, then `kb build --reuse` (and how many pages it rebuilt).
`--serve-only` measures kb serve alone (its own short table); `--check-only` a first `kb check` beside a bare
libyaml parse of the same frontmatter; `--reuse-only` main's full `kb build` then `kb build --reuse` after one edit. `--no-single` and `--no-reuse` skip the one-process `mkdocs build` and the reuse (the national size, where
the page-by-page build in two processes is the one measured against plain Material). A preview that does
not answer writes "lỗi: …" in its cell, with the path of kb serve's log, and the run goes on.
Numbers are written down, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from corpus import dense_project  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from kb.model.paths import GENERATED_DIRS, GENERATED_FILES

GENERATED = GENERATED_DIRS + GENERATED_FILES
KB = [sys.executable, "-m", "kb.cli"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def thousands(number: float) -> str:
    return f"{number:,.0f}".replace(",", ".")


# Runs one command and prints the peak memory of that command alone (its only child) on the last line.
_WRAPPER = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[2:], timeout=float(sys.argv[1]) or None)"
            ".returncode; print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(code)")


def timed(command: list[str], cwd: Path, limit: float = 0, ok=(0,)) -> tuple[float, int] | None:
    """Wall seconds and peak resident memory (MiB) of one command; None when it ran past `limit` seconds."""
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-c", _WRAPPER, str(limit), *command], cwd=cwd, capture_output=True,
                             text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    elapsed = time.perf_counter() - started
    if "TimeoutExpired" in process.stderr:
        return None
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} thất bại:\n{process.stderr[-3000:]}")
    return elapsed, int(process.stderr.strip().splitlines()[-1]) // 1024


# A bare libyaml parse of every record's frontmatter: read the file, cut the block between the '---' lines, parse it
# with PyYAML's C loader; nothing is checked. What a checker cannot beat: the ratio of `kb check` to it.
_BARE_PARSE = """
import os, sys, yaml
for folder, _, names in os.walk(os.path.join(sys.argv[1], "records")):
    for name in names:
        if name.endswith(".md") and os.path.basename(os.path.dirname(os.path.join(folder, name))) != "records":
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            if text.startswith("---\\n"):
                yaml.load(text[4:].split("\\n---\\n", 1)[0], Loader=yaml.CSafeLoader)
"""


def cold_check(project: Path) -> tuple[float, float, int]:
    """A first `kb check` (no cache) and a bare libyaml parse of the same frontmatter, one after the other:
    (check seconds, parse seconds, check MiB)."""
    shutil.rmtree(project / ".kb", ignore_errors=True)
    check_s, check_mib = timed([*KB, "--root", str(project), "check"], project, ok=(0, 1))
    parse_s, _ = timed([sys.executable, "-c", _BARE_PARSE, str(project)], project)
    return check_s, parse_s, check_mib


def baseline_project(project: Path, target: Path, auto_nav: bool) -> Path:
    """The same pages for plain Material: no overrides, no kb script, search indexing every page."""
    shutil.copytree(project / "docs", target / "docs")
    for page in (target / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n") and "search:" in text.split("\n---\n", 1)[0]:
            head, body = text[4:].split("\n---\n", 1)
            head = re.sub(r"^search:\n(?:  .*\n?)*", "", head + "\n", flags=re.M).strip()
            page.write_text((f"---\n{head}\n---\n" if head else "") + body, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  custom_dir: overrides\n", "")
    config = re.sub(r"\nextra_javascript:\n(  - .*\n)+", "\n", config)
    config = re.sub(r"\nplugins:\n(  .*\n)+", "\nplugins:\n  - search\n", config)
    config = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config)  # the project's own hooks (CSP) are not plain Material
    if auto_nav:
        config = re.sub(r"\nnav:\n(  .*\n)+", "\n", config)
        config = re.sub(r"\nnot_in_nav: \|\n(  .*\n)+", "\n", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _status(base: str) -> dict:
    text = _get(base + "/__kb/status.json")
    return json.loads(text) if text else {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _peak_mib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


class PreviewFailed(Exception):
    """kb serve did not answer as it should: the row says so instead of the run stopping."""


def serve(project: Path, edits: int = 3, limit: float = 3600, edit_limit: float = 300) -> dict:
    """Start-up (cold, warm) and edit-to-preview of kb serve, fetched over http://127.0.0.1.

    kb serve's own messages go to a log next to the temporary project's folder (its path is printed
    when something fails), so a failure can be read after the run."""
    result: dict = {}
    log_path = Path(tempfile.gettempdir()) / f"kb-bench-serve-{os.getpid()}.log"
    log = log_path.open("w", encoding="utf-8")
    for start in ("cold", "warm"):
        if start == "cold":  # as after a fresh clone: no preview site, no check cache, no generated pages
            shutil.rmtree(project / ".kb", ignore_errors=True)
            for name in GENERATED:
                target = project / "docs" / name
                shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        process = subprocess.Popen([*KB, "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                   stdout=log, stderr=log)
        try:
            while _get(base + "/") is None:
                if process.poll() is not None or time.perf_counter() - started > limit:
                    raise PreviewFailed(f"kb serve không chạy được (xem {log_path})")
                time.sleep(0.1)
            result[start] = time.perf_counter() - started
            if start == "warm":
                units = sorted((project / "records" / "units").rglob("*.md"))
                timings, settled = [], []
                for number in range(edits):
                    record = units[(number * 7919) % len(units)]
                    page = f"{base}/don-vi/{record.stem}/"
                    marker = f"Sửa lần {number} để đo xem trước ({time.time_ns()})"
                    text = record.read_text(encoding="utf-8")
                    saved = time.perf_counter()
                    record.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
                    while marker not in (_get(page) or ""):
                        if time.perf_counter() - saved > edit_limit:
                            served = _get(page) or ""
                            raise PreviewFailed(f"{page} không đổi {edit_limit:.0f} s sau khi sửa {record} "
                                                f"(trạng thái {_status(base)}; trang dài {len(served)} ký tự; "
                                                f"xem {log_path})")
                        time.sleep(0.05)
                    timings.append(time.perf_counter() - saved)
                    # then every other page the edit changed (lists, counts), sent by the preview's child
                    while _status(base).get("pending", True):
                        if time.perf_counter() - saved > edit_limit:
                            raise PreviewFailed(f"các trang liên quan không được dựng lại (xem {log_path})")
                        time.sleep(0.05)
                    settled.append(time.perf_counter() - saved)
                result["edit"] = statistics.median(timings)
                result["edit_max"] = max(timings)
                result["settled"] = statistics.median(settled)
                result["memory"] = _peak_mib(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(60)
    log.close()
    return result


def note(label: str, value) -> None:
    """Each number as soon as it is measured (stderr): a long run that is stopped still tells something."""
    print(f"{label}: {value} (tải máy {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)


def reuse(project: Path) -> tuple[float, int, int]:
    """The pull request's preview over the previous site/: one record edited, `kb build --reuse` timed."""
    from kb.build.settings import record_site_settings
    record_site_settings(project)  # what `kb build` records after the full build above
    record = sorted((project / "records" / "units").rglob("*.md"))[1]
    record.write_text(record.read_text(encoding="utf-8").rstrip("\n") + "\n\nSửa để đo bản xem trước.\n",
                      encoding="utf-8")
    started = time.time()
    seconds, mib = timed([*KB, "--root", str(project), "build", "--reuse"], project)
    return seconds, mib, sum(1 for page in (project / "site").rglob("*.html") if page.stat().st_mtime > started)


def run(units: int, auto_nav: bool, limit: float, with_serve: bool = True, with_single: bool = True,
        with_reuse: bool = True) -> str:
    loads = []
    with tempfile.TemporaryDirectory() as temp:
        project, counts = dense_project(Path(temp) / "project", units)
        note("hồ sơ", counts)
        check_s, parse_s, check_mib = cold_check(project)
        note("kb check (lần đầu); đọc YAML trần", f"{check_s:.1f} s, {check_mib} MiB; {parse_s:.1f} s")
        warm_s, _ = timed([*KB, "--root", str(project), "check"], project, ok=(0, 1))
        note("kb check (lần sau)", f"{warm_s:.1f} s")
        one = sorted((project / "records" / "units").rglob("*.md"))[units // 2]
        one.write_text(one.read_text(encoding="utf-8") + "\nĐoạn sửa để đo.\n", encoding="utf-8")
        one_s, _ = timed([*KB, "--root", str(project), "check", str(one)], project, ok=(0, 1))
        note("kb check TỆP (một tệp vừa sửa)", f"{one_s:.1f} s")
        compile_s, compile_mib = timed([*KB, "--root", str(project), "build", "--pages-only"], project)
        note("biên dịch", f"{compile_s:.1f} s, {compile_mib} MiB")
        loads.append(os.getloadavg()[0])
        pages = sorted((project / "docs").rglob("*.md"))
        failed = None
        try:
            preview = serve(project) if with_serve else None
        except PreviewFailed as error:
            preview, failed = None, str(error)
        note("kb serve", failed or preview or "bỏ qua (--no-serve)")
        if with_serve:  # the preview started from a bare tree and was stopped: the pages as a build makes them
            timed([*KB, "--root", str(project), "build", "--pages-only"], project)
        loads.append(os.getloadavg()[0])
        site_s = site_mib = None
        if with_single or with_reuse:  # the pull request's preview reuses this site/
            site_s, site_mib = timed([*MKDOCS, "build", "-q", "-f", str(project / "mkdocs.yml"),
                                      "-d", str(project / "site")], project)
            note("mkdocs build", f"{site_s:.1f} s, {site_mib} MiB")
        paged_s, paged_mib = timed([sys.executable, "-m", "kb.build.pagewise", "--jobs", "2", "-f",
                                    str(project / "mkdocs.yml"), "-d", str(project / "site-paged")], project)
        note("kb.build.pagewise --jobs 2", f"{paged_s:.1f} s, {paged_mib} MiB mỗi tiến trình")
        shutil.rmtree(project / "site-paged", ignore_errors=True)
        reused = "—"
        if with_reuse:
            reuse_s, reuse_mib, rebuilt = reuse(project)
            reused = f"{reuse_s:.1f} s, {reuse_mib} MiB ({thousands(rebuilt)} trang)"
            note("kb build --reuse (một hồ sơ sửa)", reused)
        shutil.rmtree(project / "site", ignore_errors=True)
        base = baseline_project(project, Path(temp) / "baseline", auto_nav=False)
        base_s, base_mib = timed([*MKDOCS, "build", "-q", "-f", str(base / "mkdocs.yml"), "-d", str(base / "site")],
                                 base)
        note("Material thuần", f"{base_s:.1f} s, {base_mib} MiB")
        loads.append(os.getloadavg()[0])
        auto = "—"
        if auto_nav:
            auto_base = baseline_project(project, Path(temp) / "baseline-auto", auto_nav=True)
            measured = timed([*MKDOCS, "build", "-q", "-f", str(auto_base / "mkdocs.yml"), "-d",
                              str(auto_base / "site")], auto_base, limit=limit)
            auto = f"> {limit:.0f} s (dừng)" if measured is None else f"{measured[0]:.0f} s, {measured[1]} MiB"
            shutil.rmtree(auto_base, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)
    single, ratio = ((f"{site_s:.1f} s, {site_mib} MiB", f"{(compile_s + site_s) / base_s:.2f}")
                     if site_s is not None else ("—", "—"))
    served = (f"{preview['cold']:.1f} s / {preview['warm']:.1f} s | {preview['edit']:.1f} s (tối đa "
              f"{preview['edit_max']:.1f} s) | {preview['settled']:.1f} s | {preview['memory']} MiB" if preview
              else f"{'lỗi: ' + failed if failed else '—'} | — | — | —")
    return (f"| {thousands(units)} | {thousands(counts['models'])} | {thousands(counts['results'])} | "
            f"{thousands(len(pages))} | {compile_s:.1f} s, {compile_mib} MiB | {single} | "
            f"{base_s:.1f} s, {base_mib} MiB | {ratio} | {paged_s:.1f} s, {paged_mib} MiB | "
            f"{(compile_s + paged_s) / base_s:.2f} | {auto} | {check_s:.1f} s / {warm_s:.1f} s, "
            f"{check_mib} MiB | {parse_s:.1f} s | {check_s / parse_s:.1f} | {one_s:.1f} s | {served} | {reused} | "
            f"{statistics.mean(loads):.1f} |")


CHECK_HEADER = ("| Đơn vị | `kb check` lần đầu (không bộ nhớ đệm) | Đọc YAML trần (libyaml), cùng phần đầu | Tỉ lệ | "
                "Bộ nhớ `kb check` | Tải máy |\n" + "|" + " --- |" * 6)


def check_row(units: int) -> str:
    """`--check-only`: a first check and the bare parse of the same frontmatter, one after the other."""
    with tempfile.TemporaryDirectory() as temp:
        project, _ = dense_project(Path(temp) / "project", units)
        check_s, parse_s, check_mib = cold_check(project)
    note(f"kb check lần đầu / đọc YAML trần, {units}", f"{check_s:.1f} s / {parse_s:.1f} s")
    return (f"| {thousands(units)} | {check_s:.1f} s | {parse_s:.1f} s | {check_s / parse_s:.1f} | {check_mib} MiB | "
            f"{os.getloadavg()[0]:.1f} |")


REUSE_HEADER = ("| Đơn vị | `kb build` đủ (lần dựng của main: kiểm tra, sinh trang, sổ, dựng từng trang) | Bản xem trước "
                "của pull request (`kb build --reuse`, một hồ sơ sửa) | Tải máy |\n" + "|" + " --- |" * 4)


def reuse_row(units: int) -> str:
    """`--reuse-only`: main's full build (what deploy.yml caches), then one record edited and `kb build --reuse`."""
    with tempfile.TemporaryDirectory() as temp:
        project, _ = dense_project(Path(temp) / "project", units)
        build_s, build_mib = timed([*KB, "--root", str(project), "build"], project)
        note(f"kb build đủ, {units}", f"{build_s:.1f} s, {build_mib} MiB")
        reuse_s, reuse_mib, rebuilt = reuse(project)
        note(f"kb build --reuse, {units}", f"{reuse_s:.1f} s, {reuse_mib} MiB ({rebuilt} trang)")
    return (f"| {thousands(units)} | {build_s:.1f} s, {build_mib} MiB | {reuse_s:.1f} s, {reuse_mib} MiB "
            f"({thousands(rebuilt)} trang) | {os.getloadavg()[0]:.1f} |")


SERVE_HEADER = ("| Đơn vị | `kb serve` khởi động (lần đầu / lần sau) | Sửa → xem trước (trung vị 3 lần) | "
                "Sửa → mọi trang liên quan | Bộ nhớ `kb serve` | Tải máy |\n" + "|" + " --- |" * 6)


def serve_row(units: int) -> str:
    """`--serve-only`: the preview's numbers alone, on the same corpus (a quicker run after a change to it)."""
    with tempfile.TemporaryDirectory() as temp:
        project, _ = dense_project(Path(temp) / "project", units)
        try:
            found = serve(project)
        except PreviewFailed as error:
            return f"| {thousands(units)} | lỗi: {error} | — | — | — | {os.getloadavg()[0]:.1f} |"
    return (f"| {thousands(units)} | {found['cold']:.1f} s / {found['warm']:.1f} s | {found['edit']:.1f} s (tối đa "
            f"{found['edit_max']:.1f} s) | {found['settled']:.1f} s | {found['memory']} MiB | "
            f"{os.getloadavg()[0]:.1f} |")


HEADER = ("| Đơn vị | Mô hình | Số liệu | Trang markdown | Biên dịch (`kb build --pages-only`) | `mkdocs build` "
          "| Material thuần, cùng trang | Tỉ lệ dựng (biên dịch + mkdocs) / Material thuần | `kb build --jobs 2` "
          "(từng trang, 2 tiến trình; bộ nhớ mỗi tiến trình) | Tỉ lệ (biên dịch + từng trang) / Material thuần "
          "| Material thuần, "
          "điều hướng tự động | `kb check` (lần đầu / lần sau) | Đọc YAML trần (libyaml) | Tỉ lệ `kb check` lần đầu / "
          "đọc YAML trần | `kb check TỆP` | `kb serve` khởi động (lần đầu / "
          "lần sau; lần đầu như bản sao mới) | Sửa → xem trước (trung vị 3 lần) | Sửa → mọi trang liên quan | "
          "Bộ nhớ `kb serve` | Bản xem trước của pull request (`kb build --reuse`, một hồ sơ sửa) | Tải máy "
          "(trung bình 1 phút) |\n"
          "|" + " --- |" * 21)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--auto-nav", action="store_true", help="đo thêm Material với điều hướng tự động")
    parser.add_argument("--limit", type=float, default=900, help="giới hạn giây cho phép đo điều hướng tự động")
    parser.add_argument("--no-header", action="store_true")
    parser.add_argument("--no-serve", action="store_true", help="không đo kb serve (ô của nó ghi —)")
    parser.add_argument("--no-single", action="store_true",
                        help="không đo mkdocs build một tiến trình (trừ khi cần cho --reuse)")
    parser.add_argument("--no-reuse", action="store_true", help="không đo kb build --reuse")
    parser.add_argument("--serve-only", action="store_true", help="chỉ đo kb serve (bảng riêng, ngắn)")
    parser.add_argument("--check-only", action="store_true",
                        help="chỉ đo kb check lần đầu và đọc YAML trần (bảng riêng, ngắn)")
    parser.add_argument("--reuse-only", action="store_true",
                        help="chỉ đo kb build đủ rồi kb build --reuse sau một lần sửa (bảng riêng, ngắn)")
    args = parser.parse_args(argv)
    for flag, header, row in ((args.check_only, CHECK_HEADER, check_row), (args.reuse_only, REUSE_HEADER, reuse_row)):
        if flag:
            if not args.no_header:
                print(header, flush=True)
            for units in args.sizes:
                print(row(units), flush=True)
            return
    if args.serve_only:
        if not args.no_header:
            print(SERVE_HEADER, flush=True)
        for units in args.sizes:
            print(serve_row(units), flush=True)
        return
    if not args.no_header:
        print(HEADER, flush=True)
    for units in args.sizes:
        print(run(units, args.auto_nav, args.limit, with_serve=not args.no_serve, with_single=not args.no_single,
                  with_reuse=not args.no_reuse), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

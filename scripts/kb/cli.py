"""The `kb` command: the only module that reads arguments, prints and sets exit codes."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from .build import BuildFailed, Checked, build, check, compile_pages, write_pages
from .diagnostics import Diagnostic


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder with mkdocs.yml and records/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "records").is_dir():
            return folder
    return here


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb", description="Kiểm tra và biên dịch cơ sở dữ liệu điển hình, kinh nghiệm.")
    parser.add_argument("--root", type=Path, default=None, help="thư mục dự án (mặc định: tự tìm)")
    commands = parser.add_subparsers(dest="command", required=True)

    check_parser = commands.add_parser("check", help="kiểm tra hồ sơ, báo mọi lỗi một lần")
    check_parser.add_argument("files", nargs="*", type=Path, help="chỉ kiểm tra các tệp này")
    check_parser.add_argument("--format", choices=["text", "github", "json"], default="text")

    build_parser = commands.add_parser("build", help="kiểm tra, sinh trang và dựng trang web vào site/")
    build_parser.add_argument("--pages-only", action="store_true", help="chỉ sinh trang markdown, không chạy mkdocs")
    build_parser.add_argument("--no-strict", action="store_true", help="không coi cảnh báo của mkdocs là lỗi")

    serve_parser = commands.add_parser("serve", help="xem trước trang web, tự biên dịch lại khi hồ sơ thay đổi")
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")

    args = parser.parse_args(argv)
    root = (args.root or find_root()).resolve()
    handler = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve}[args.command]
    return handler(root, args)


def cmd_check(root: Path, args) -> int:
    only = [f.resolve() for f in args.files] or None
    checked = check(root, only)
    print_diagnostics(checked.diagnostics, args.format)
    if args.format == "text":
        print(summary(checked), file=sys.stderr)
    return 1 if checked.errors else 0


def print_diagnostics(diagnostics: list[Diagnostic], output_format: str = "text") -> None:
    if output_format == "json":
        print(json.dumps([{"path": d.path, "line": d.line, "column": d.column, "code": d.code,
                           "severity": d.severity, "message": d.message, "hint": d.hint}
                          for d in diagnostics], ensure_ascii=False, indent=2))
        return
    for item in diagnostics:
        if output_format == "github":
            level = "error" if item.is_error else "warning"
            message = f"{item.code} {item.message} — {item.hint}".replace("%", "%25").replace("\n", "%0A")
            print(f"::{level} file={item.path},line={item.line},col={item.column},title={item.code}::{message}")
        else:
            print(item.format())


def summary(checked: Checked) -> str:
    errors, warnings = len(checked.errors), len(checked.warnings)
    if not errors and not warnings:
        return "Không có lỗi."
    return f"{errors} lỗi, {warnings} cảnh báo."


def cmd_build(root: Path, args) -> int:
    try:
        checked = build(root, strict=not args.no_strict, site=not args.pages_only)
    except BuildFailed as failure:
        if failure.checked:
            print_diagnostics(failure.checked.diagnostics)
        print(f"Dựng trang thất bại: {failure}. Trang cũ được giữ nguyên.", file=sys.stderr)
        return 1
    print_diagnostics(checked.warnings)
    corpus = checked.corpus
    target = "docs/" if args.pages_only else "site/"
    print(f"Đã dựng {len(corpus.units)} đơn vị, {sum(len(u.models) for u in corpus.units.values())} mô hình "
          f"vào {target}", file=sys.stderr)
    return 0


def cmd_serve(root: Path, args) -> int:
    """Compile once, then let mkdocs serve docs/ while a watcher recompiles records on change."""
    try:
        pages, checked = compile_pages(root)
    except BuildFailed as failure:
        if failure.checked:
            print_diagnostics(failure.checked.diagnostics)
        print(f"Không biên dịch được: {failure}", file=sys.stderr)
        return 1
    write_pages(root, pages)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_records, args=(root, stop), daemon=True)
    watcher.start()
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", args.dev_addr]
    try:
        return subprocess.call(command, cwd=root, env={**os.environ})
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()


def _snapshot(records: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in records.rglob("*") if p.is_file()}


def _watch_records(root: Path, stop: threading.Event, interval: float = 1.0) -> None:
    records = root / "records"
    before = _snapshot(records)
    while not stop.wait(interval):
        now = _snapshot(records)
        if now == before:
            continue
        before = now
        try:
            pages, _ = compile_pages(root)
        except BuildFailed as failure:
            if failure.checked:
                print_diagnostics(failure.checked.errors)
            print("Hồ sơ có lỗi: giữ nguyên trang đang xem.", file=sys.stderr)
            continue
        write_pages(root, pages)
        print(f"Đã biên dịch lại {len(pages)} trang.", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())

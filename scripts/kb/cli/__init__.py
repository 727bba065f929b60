"""The `kb` command: the only package that reads arguments (kb.cli.arguments), prints and sets exit codes."""

from __future__ import annotations

import json
import signal
import sys
from datetime import date
from pathlib import Path

from kb.build.run import build
from kb.build.state import BuildFailed
from kb.check import load
from kb.check.fix import NotText, fix_text, record_files
from kb.check.load import RECORD_KINDS
from kb.check.runner import Checked, check
from kb.cli import arguments
from kb.cli.progress import Progress
from kb.generate.fieldref import refresh_sections
from kb.intake import names, templates
from kb.model.diagnostics import Diagnostic, github_annotation
from kb.model.ids import free_unit_id
from kb.text.suggest import did_you_mean
from kb.text.vietnamese import unmarked


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder with mkdocs.yml and records/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "records").is_dir():
            return folder
    return here


def main(argv: list[str] | None = None) -> int:
    args = arguments.parser().parse_args(argv)
    root = (args.root or find_root()).resolve()
    handler = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve, "fix": cmd_fix,
               "new": cmd_new, "docs": cmd_docs, "import": cmd_import,
               "from-issue": cmd_from_issue}[args.command]
    return handler(root, args)


def _named(root: Path, files: list[Path], command: str) -> list[Path] | None:
    """The files named on the command line; None (after saying why) when one of them cannot be checked."""
    found, problems = load.named_files(root, files)
    for problem in problems:
        print(f"kb {command}: {problem}", file=sys.stderr)
    return None if problems else found


def cmd_check(root: Path, args) -> int:
    only = _named(root, args.files, "check") if args.files else None
    if args.files and only is None:
        return 2
    progress = Progress() if args.format == "text" else None
    checked = check(root, only, corpus=False,  # no Corpus: the checks on per-file summaries
                    progress=(lambda done, total: progress("check", done, total)) if progress else None)
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
            print(github_annotation(item))
        else:
            print(item.format())


def summary(checked: Checked) -> str:
    errors, warnings = len(checked.errors), len(checked.warnings)
    if not errors and not warnings:
        return "Không có lỗi."
    return f"{errors} lỗi, {warnings} cảnh báo."


def cmd_fix(root: Path, args) -> int:
    files = _named(root, args.files, "fix") if args.files else record_files(root)
    if files is None:
        return 2
    changed, left = 0, 0
    for path in files:
        if path.is_symlink() or not path.is_file():
            if args.files:  # a file asked for by name is never passed over without a word
                print(f"{_shown_path(root, path)}: không có tệp này (hoặc là liên kết tượng trưng), không sửa gì",
                      file=sys.stderr)
                left += 1
            continue
        kind = RECORD_KINDS.get(path.relative_to(root / "records").parts[0]) if (root / "records") in path.parents else None
        try:
            fixed = fix_text(path.read_bytes(), kind or "", legacy=args.legacy, path=_shown_path(root, path))
        except NotText as error:
            print(error.problem.format(), file=sys.stderr)
            left += 1
            continue
        for note in fixed.unresolved:
            print(f"{_shown_path(root, path)}: {note}", file=sys.stderr)
        left += len(fixed.unresolved)
        if not fixed.changes:
            continue
        changed += 1
        print(f"{_shown_path(root, path)}: {'; '.join(fixed.changes)}")
        if not args.check:
            path.write_text(fixed.text, encoding="utf-8", newline="\n")
    print(_fix_summary(changed, left, args.check), file=sys.stderr)
    return 1 if left or (args.check and changed) else 0


def _fix_summary(changed: int, left: int, only_check: bool) -> str:
    """One closing line that agrees with what was printed above it: never "nothing to fix" after "fix by hand"."""
    done = (f"{changed} tệp cần sửa (chạy 'kb fix')." if only_check else f"Đã sửa {changed} tệp.") if changed else ""
    if left:
        return f"{done} Còn {left} chỗ máy không tự sửa được: sửa tay theo các dòng ở trên, rồi chạy 'kb check'.".strip()
    return done or "Không có gì cần sửa."


def _shown_path(root: Path, path: Path) -> str:
    """A file as the checker names it (relative to the project), or as given when it lies outside."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _ask(value, prompt: str) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        raise SystemExit(f"thiếu {prompt} (thêm tham số, hoặc chạy trong cửa sổ dòng lệnh để được hỏi)")
    try:
        return input(f"{prompt}: ").strip()
    except (EOFError, KeyboardInterrupt):
        raise SystemExit("\nĐã dừng: chưa tạo tệp nào.") from None


def _ask_year(value, prompt: str) -> int:
    """A year from the argument or the prompt; a wrong answer is asked again, never a traceback."""
    while True:
        answer = str(_ask(value, prompt)).strip()
        if answer.isdigit() and 1900 <= int(answer) <= 2100:
            return int(answer)
        message = f"'{answer}' không phải một năm: viết bằng chữ số, ví dụ 2019."
        if value is not None or not sys.stdin.isatty():
            raise SystemExit(message)
        print(message, file=sys.stderr)


def _province_of_district(root: Path, place: str, level: str, unit_kind: str) -> str | None:
    """Without --province, a district-level place names its province when only one province has it."""
    candidates = names.provinces_with_district(root, place) if level == "huyen" and unit_kind == "dia-phuong" else []
    if len(candidates) == 1:
        print(f"Tỉnh: {candidates[0]} (theo danh mục quận, huyện; nếu sai, thêm --province).", file=sys.stderr)
        return candidates[0]
    if len(candidates) > 1:
        print(f"'{place}' có ở nhiều tỉnh: {', '.join(candidates)}. Thêm --province <mã tỉnh> tại thời điểm báo cáo.",
              file=sys.stderr)
        return None
    return _ask(None, "Mã tỉnh (ví dụ: tra-vinh)")


def cmd_new(root: Path, args) -> int:
    today = date.today().isoformat()
    if args.kind == "unit":
        name = _ask(args.name, "Tên đơn vị (ví dụ: Huyện ủy Cầu Ngang)")
        place = args.place or names.place_of(name)
        unit_kind = args.unit_kind or names.kind_of(name)
        level = args.level or names.level_of(name, unit_kind, load.province_names(root))
        national = level in ("trung-uong", "khu-vuc")
        province = args.province or (None if national else _province_of_district(root, place, level, unit_kind))
        if province is None and not national:
            return 1
        provinces = load.known_provinces(root)
        if province is not None and province not in provinces:
            named = names.province_id(root, province)
            print(f"Mã tỉnh '{province}' không có trong records/provinces.yml"
                  + (f" — '{province}' là tỉnh có mã '{named}': chạy lại với --province {named}" if named
                     else did_you_mean(province, provinces)), file=sys.stderr)
            return 1
        existing = names.same_unit(root, name, place, province)
        if existing:
            print(f"Đơn vị này đã có hồ sơ: {existing[0]} ('{existing[1]}'). Thêm bài mới vào hồ sơ đó (một nguồn "
                  "mới trong sources, các mục ghi source), đừng tạo hồ sơ thứ hai.", file=sys.stderr)
            return 1
        if unmarked(name):
            print(f"Chú ý: tên '{name}' không có dấu. Nên gõ lại tên có dấu như đơn vị tự gọi (--name \"Huyện ủy "
                  "…\"): kb check sẽ cảnh báo (KB306).", file=sys.stderr)
        unit_id = free_unit_id(name, place, province, level, load.existing_units(root), unit_kind)
        target = load.record_path(root, "unit", unit_id, province)
        content = templates.unit_template(unit_id, name, place, level, province, today, unit_kind)
    elif args.kind == "theme":
        year = _ask_year(args.year, "Năm của chuyên đề")
        title = _ask(args.title, "Tên chuyên đề")
        target = load.record_path(root, "theme", str(year))
        content = templates.theme_template(str(year), year, title, today)
    else:
        code = _ask(args.code, "Số hiệu (ví dụ: 05-CT/TW)")
        issuer = _ask(args.issuer, "Cơ quan ban hành")
        directive_id = templates.directive_id_for(code, args.issuer_unit)
        target = load.record_path(root, "directive", directive_id)
        content = templates.directive_template(directive_id, code, templates.kind_of_code(code), issuer)
    if target.exists():
        print(f"{target.relative_to(root)} đã có. Sửa tệp đó, hoặc chọn tên khác.", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    print(f"Đã tạo {target.relative_to(root)}. Sửa các chỗ ghi 'SỬA', rồi chạy 'kb check'.")
    return 0


def cmd_import(root: Path, args) -> int:
    from kb.intake.article.command import batch_table, import_all
    progress, done = Progress(), []
    for number, source in enumerate(args.sources, start=1):  # one at a time: each result shows as it comes
        for item in import_all(root, [source], unit=args.unit, name=args.name, province=args.province, out=args.out,
                               dry_run=args.dry_run, force=args.force, url=args.url):
            for line in item.lines:
                progress.say(line)
            if item.problem:
                progress.say(f"Lỗi: {item.problem}", sys.stderr)
            done.append(item)
        progress("import", number, len(args.sources))
    if len(done) > 1:
        failed = sum(1 for item in done if item.problem)
        print(f"\nĐã nhập {len(done) - failed}/{len(done)} bài:")
        for line in batch_table(done):
            print(line)
    return 1 if any(item.problem for item in done) else 0


def cmd_docs(root: Path, args) -> int:
    from kb.intake.issueforms import forms
    for relative, text in forms(root).items():  # the issue forms, generated from kb.intake.fromissue and the schema
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    guide = root / "CONTRIBUTING.md"
    before = guide.read_text(encoding="utf-8")
    after = refresh_sections(before)
    if after != before:
        guide.write_text(after, encoding="utf-8")
        print("Đã cập nhật CONTRIBUTING.md.", file=sys.stderr)
    else:
        print("CONTRIBUTING.md đã cập nhật.", file=sys.stderr)
    return 0


def cmd_from_issue(root: Path, args) -> int:
    from kb.intake.fromissue import run
    try:
        body = args.body.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        print(f"Không đọc được tệp {args.body}: {error.strerror}", file=sys.stderr)
        return 2
    outcome = run(root, body, args.form, write=not args.dry_run)
    if args.comment:
        args.comment.write_text(outcome.comment, encoding="utf-8")
    for path in outcome.written:
        print(path)
    print(outcome.comment, file=sys.stderr)
    return outcome.code


def _interrupt_on_sigterm() -> None:
    """SIGTERM behaves like Ctrl+C: the build's clean-up (end the mkdocs child, remove staging) runs."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)


def _say(message: str) -> None:
    print(message[:1].upper() + message[1:], file=sys.stderr, flush=True)


def cmd_build(root: Path, args) -> int:
    _interrupt_on_sigterm()
    progress = Progress()
    try:
        checked = build(root, strict=not args.no_strict, site=not args.pages_only, offline=args.offline,
                        on_wait=_say, reuse=args.reuse, progress=progress,
                        jobs=None if args.jobs is None else max(0, args.jobs))
    except BuildFailed as failure:
        progress.close()
        if failure.checked:
            print_diagnostics(failure.checked.diagnostics)
        print(f"Dựng trang thất bại: {failure}. Trang cũ được giữ nguyên.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        progress.close()
        print("Đã dừng dựng trang giữa chừng; trang cũ được giữ nguyên, thư mục tạm đã xoá.", file=sys.stderr)
        return 130
    print_diagnostics(checked.warnings)
    corpus = checked.corpus
    target = "docs/" if args.pages_only else ("site-offline/ và site-offline.zip" if args.offline else "site/")
    print(f"Đã dựng {len(corpus.units)} đơn vị, {sum(len(u.models) for u in corpus.units.values())} mô hình "
          f"vào {target}", file=sys.stderr)
    return 0


def cmd_serve(root: Path, args) -> int:
    """Preview with incremental rebuilds (kb.serve.preview): only what a saved record changes is rebuilt."""
    from kb.serve.preview import Preview
    _interrupt_on_sigterm()
    preview = Preview(root, args.dev_addr, log=_say)
    try:
        problems = preview.start()
    except OSError as error:
        print(f"Không mở được địa chỉ {args.dev_addr}: {error.strerror}. Chọn cổng khác: kb serve --dev-addr "
              "127.0.0.1:8001", file=sys.stderr)
        return 1
    except BuildFailed as failure:
        print(f"Không dựng được trang xem trước: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        preview.stop()
        return 0
    if problems:
        print(f"{len(problems)} cảnh báo (xem bằng 'kb check').", file=sys.stderr)
    print(f"Xem trước tại http://{args.dev_addr}/ (Ctrl+C để dừng).", file=sys.stderr, flush=True)
    marks = len(preview.marks())
    if marks:
        print(f"Bản nháp còn {marks} chỗ '# CẦN XEM LẠI': xem cạnh câu của bài tại "
              f"http://{args.dev_addr}/__kb/xem-lai", file=sys.stderr, flush=True)
    try:
        preview.watch(report=print_diagnostics)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
    print("Đã dừng xem trước.", file=sys.stderr)
    return 0


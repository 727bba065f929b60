"""The `kb` command: the only module that reads arguments, prints and sets exit codes."""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import time
from datetime import date
from pathlib import Path

from tqdm import tqdm

from kb.build.run import build
from kb.build.state import BuildFailed
from kb.check import load
from kb.check.fix import NotText, fix_text, record_files
from kb.check.load import RECORD_KINDS
from kb.check.runner import Checked, check
from kb.generate.fieldref import refresh_sections
from kb.intake import names, templates
from kb.model import vocabulary
from kb.model.diagnostics import Diagnostic, github_annotation
from kb.model.ids import free_unit_id
from kb.text.dates import duration_vn
from kb.text.markup import number_vn
from kb.text.suggest import did_you_mean


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
    build_parser.add_argument("--jobs", type=int, default=None, metavar="N",
                              help="số tiến trình dựng trang web, từng trang một (kb.build.pagewise: cùng kết quả với mkdocs "
                                   "build, ít bộ nhớ hơn); mặc định: mỗi lõi một tiến trình, tối đa 4; 0: mkdocs build")
    build_parser.add_argument("--reuse", action="store_true",
                              help="dùng lại docs/ và site/ của lần dựng trước (ví dụ từ bộ nhớ đệm của CI), chỉ dựng "
                                   "lại trang đổi")
    build_parser.add_argument("--offline", action="store_true",
                              help="dựng bản mở được từ ổ đĩa, không cần máy chủ, vào site-offline/ và site-offline.zip")

    serve_parser = commands.add_parser("serve", help="xem trước trang web, tự biên dịch lại khi hồ sơ thay đổi")
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")

    fix_parser = commands.add_parser("fix", help="sửa tự động các lỗi máy móc (NFC, xuống dòng, thứ tự trường)")
    fix_parser.add_argument("files", nargs="*", type=Path, help="chỉ sửa các tệp này")
    fix_parser.add_argument("--check", action="store_true", help="chỉ báo tệp cần sửa, không ghi (mã thoát 1 nếu có)")
    fix_parser.add_argument("--legacy", action="store_true",
                            help="chuyển chữ gõ bằng phông cũ TCVN3 (ABC), VNI sang Unicode; đọc tệp không phải UTF-8 "
                                 "(xem lại từng dòng được chuyển)")

    new_parser = commands.add_parser("new", help="tạo hồ sơ mới từ mẫu có chú thích")
    new_kinds = new_parser.add_subparsers(dest="kind", required=True)
    new_unit = new_kinds.add_parser("unit", help="đơn vị")
    new_unit.add_argument("--name", help="tên đơn vị, ví dụ \"Huyện ủy Cầu Ngang\"")
    new_unit.add_argument("--province", help="mã tỉnh tại thời điểm báo cáo, ví dụ tra-vinh")
    new_unit.add_argument("--level", choices=vocabulary.values("level"), help="cấp (mặc định: đoán từ tên)")
    new_unit.add_argument("--kind", dest="unit_kind", choices=vocabulary.values("unit_kind"),
                          help="loại đơn vị (mặc định: đoán từ tên)")
    new_unit.add_argument("--place", help="địa danh (mặc định: tên bỏ phần tên cơ quan)")
    new_theme = new_kinds.add_parser("theme", help="chuyên đề")
    new_theme.add_argument("--year", help="năm của chuyên đề, ví dụ 2019")
    new_theme.add_argument("--title")
    new_directive = new_kinds.add_parser("directive", help="văn bản")
    new_directive.add_argument("--code", help="số hiệu, ví dụ 05-CT/TW")
    new_directive.add_argument("--issuer", help="cơ quan ban hành")
    new_directive.add_argument("--issuer-unit", help="mã đơn vị ban hành (văn bản địa phương)")

    commands.add_parser("docs", help="cập nhật các bảng sinh tự động trong CONTRIBUTING.md")

    import_parser = commands.add_parser("import", help="nhập bài báo thành bản nháp hồ sơ để rà soát")
    import_parser.add_argument("sources", nargs="+", help="tệp .txt/.html, '-' (đầu vào chuẩn) hoặc địa chỉ http(s)")
    import_parser.add_argument("--unit", help="mã đơn vị đã có, khi bài không nêu đơn vị hoặc để ghi vào đơn vị đó")
    import_parser.add_argument("--name", help="tên đơn vị mới khi bài không nêu, ví dụ \"Huyện ủy Cầu Ngang\"")
    import_parser.add_argument("--province", help="mã tỉnh của đơn vị (khi dùng --name)")
    import_parser.add_argument("--url", help="địa chỉ trang của bài (khi nhập từ tệp đã lưu): tên miền và đường dẫn "
                                             "thường cho biết tỉnh và ngày đăng")
    import_parser.add_argument("--out", type=Path, help="ghi bản nháp vào thư mục này thay vì records/")
    import_parser.add_argument("--dry-run", action="store_true", help="chỉ in những gì tìm được, không ghi tệp")
    import_parser.add_argument("--force", action="store_true",
                               help="nhập cả bài không thuộc chủ đề, hoặc nhập lại bài đã có (thay các mục cũ của bài đó)")

    issue_parser = commands.add_parser("from-issue", help="đọc nội dung một issue tạo bằng biểu mẫu, viết hồ sơ")
    issue_parser.add_argument("body", type=Path, help="tệp chứa nội dung issue (markdown GitHub sinh ra từ biểu mẫu)")
    issue_parser.add_argument("--form", choices=["de-xuat", "bai-bao"], help="biểu mẫu (mặc định: tự nhận ra)")
    issue_parser.add_argument("--comment", type=Path, help="ghi lời nhắn (tiếng Việt) cho issue vào tệp này")
    issue_parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không giữ hồ sơ đã viết")

    args = parser.parse_args(argv)
    root = (args.root or find_root()).resolve()
    handler = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve, "fix": cmd_fix,
               "new": cmd_new, "docs": cmd_docs, "import": cmd_import,
               "from-issue": cmd_from_issue}[args.command]
    return handler(root, args)


class Progress:
    """How far long work is, on stderr: a tqdm bar on a terminal (count, rate, time left), a plain line at each
    tenth otherwise; never for the machine formats (they get no Progress). The stages only call it:
    `progress(stage, done, total)`. Work of fewer than `least` items shows nothing."""

    STAGES = {"check": ("Kiểm tra hồ sơ", "tệp", 100), "pages": ("Sinh trang", "mục", 100),
              "site": ("Dựng trang web", "trang", 100), "import": ("Nhập bài", "bài", 3)}

    def __init__(self, stream=None, clock=time.monotonic) -> None:
        self.stream, self.clock = stream or sys.stderr, clock
        self.stage, self.bar, self.started, self.tenth = None, None, 0.0, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        label, unit, least = self.STAGES[stage]
        if stage != self.stage:
            self.close()
            if total < least:
                return
            self.stage, self.started, self.tenth = stage, self.clock(), 0
            if self.stream.isatty():  # a terminal that does not say its size (0 × 0) is taken as 80 × 24
                size = shutil.get_terminal_size()
                self.bar = tqdm(total=total, desc=label, unit=unit, file=self.stream, leave=False,
                                ncols=size.columns or 80, nrows=size.lines or 24,
                                bar_format="{desc}: {percentage:3.0f}% |{bar}| {n_fmt}/{total_fmt} {unit} · còn {remaining}")
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
        elif done * 10 // max(total, 1) > self.tenth or done == total:
            self.tenth = done * 10 // max(total, 1)
            elapsed = self.clock() - self.started
            left = elapsed / done * (total - done) if done else None
            print(f"{label}: {number_vn(done)}/{number_vn(total)} {unit} ({done * 100 // max(total, 1)}%)"
                  + (f", còn khoảng {duration_vn(left)}" if left and left >= 1 else ""), file=self.stream, flush=True)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.stage, self.bar = None, None

    def say(self, line: str, stream=None) -> None:
        """A line of output that does not break the bar."""
        (self.bar.write if self.bar is not None else tqdm.write)(line, file=stream or sys.stdout)


def cmd_check(root: Path, args) -> int:
    only = [f.resolve() for f in args.files] or None
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
    files = [f.resolve() for f in args.files] or record_files(root)
    changed = failed = 0
    for path in files:
        if path.is_symlink() or not path.is_file():
            if args.files:  # a file asked for by name is never passed over without a word
                print(f"{_shown_path(root, path)}: không có tệp này (hoặc là liên kết tượng trưng), không sửa gì",
                      file=sys.stderr)
                failed += 1
            continue
        kind = RECORD_KINDS.get(path.relative_to(root / "records").parts[0]) if (root / "records") in path.parents else None
        try:
            fixed = fix_text(path.read_bytes(), kind or "", legacy=args.legacy, path=_shown_path(root, path))
        except NotText as error:
            print(error.problem.format(), file=sys.stderr)
            failed += 1
            continue
        for note in fixed.unresolved:
            print(f"{_shown_path(root, path)}: {note}", file=sys.stderr)
        if not fixed.changes:
            continue
        changed += 1
        print(f"{_shown_path(root, path)}: {'; '.join(fixed.changes)}")
        if not args.check:
            path.write_text(fixed.text, encoding="utf-8", newline="\n")
    if args.check:
        print(f"{changed} tệp cần sửa (chạy 'kb fix')." if changed else "Không có gì cần sửa.", file=sys.stderr)
        return 1 if changed or failed else 0
    print(f"Đã sửa {changed} tệp." if changed else "Không có gì cần sửa.", file=sys.stderr)
    if failed:
        print(f"{failed} tệp không sửa được tự động (xem thông báo ở trên).", file=sys.stderr)
    return 1 if failed else 0


def _shown_path(root: Path, path: Path) -> str:
    """A file as the checker names it (relative to the project), or as given when it lies outside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


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
            print(f"Mã tỉnh '{province}' không có trong records/provinces.yml{did_you_mean(province, provinces)}",
                  file=sys.stderr)
            return 1
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


if __name__ == "__main__":
    raise SystemExit(main())

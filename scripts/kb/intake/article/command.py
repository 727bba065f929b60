"""`kb import`: read each source, extract, and write (or merge) its draft — or say, in Vietnamese, why not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from kb.check.imported import keep_page
from kb.check.load import (
    existing_units,
    read_meta,
    record_ids,
    record_path,
    unit_summaries,
)
from kb.intake.article import assemble
from kb.intake.article.draft import Draft, merge
from kb.intake.article.extract import (
    Extraction,
    extract,
    unit_for,
)
from kb.intake.article.read import ImportProblem, read_source
from kb.intake.article.summary import summary_lines
from kb.intake.names import kind_of, level_of, place_of
from kb.model.kinds import NATIONAL_FOLDER
from kb.model.writer import REVIEW, record_text
from kb.text.yamlsource import read_yaml

UNKNOWN_UNIT = "Đơn vị chưa rõ"
NATIONAL_LEVELS = ("trung-uong", "khu-vuc")

@dataclass
class Imported:
    """What importing one source gave: the lines of its summary, or the problem that stopped it."""
    source: str
    lines: list[str] = field(default_factory=list)
    problem: str | None = None
    row: dict = field(default_factory=dict)  # the line of the table a batch import ends with


def batch_table(done: list[Imported]) -> list[str]:
    """The table a batch import ends with: page → unit, province, date, models, marks left (or the problem)."""
    lines = ["| Bài | Đơn vị | Tỉnh | Ngày | Mô hình | Chỗ cần xem lại | Tệp |", "|---|---|---|---|---|---|---|"]
    for item in done:
        if item.problem:
            lines.append(f"| {_cell(item.source)} | không nhập được: {_cell(item.problem.split(': ', 1)[-1][:120])} "
                         "| | | | | |")
            continue
        r = item.row
        lines.append(f"| {_cell(item.source)} | {_cell(r.get('unit', ''))} | {_cell(r.get('province') or '—')} | "
                     f"{_cell(r.get('date') or 'không rõ')} | {r.get('models', 0)} | {r.get('marks', 0)} | "
                     f"{_cell(r.get('file', ''))} |")
    return lines


def _cell(text: object) -> str:
    return str(text).replace("|", "/").replace("\n", " ")


def import_all(root: Path, sources: list[str], unit: str | None = None, name: str | None = None,
               province: str | None = None, out: Path | None = None, dry_run: bool = False, force: bool = False,
               today: dt.date | None = None, stdin=None, url: str | None = None) -> list[Imported]:
    """Import each source in turn; a source that fails says why and the others go on (never a traceback)."""
    done = []
    for spec in sources:
        try:
            row: dict = {}
            lines = import_one(root, spec, unit, name, province, out, dry_run, force, today, stdin, url, row)
            done.append(Imported(spec, lines, row=row))
        except ImportProblem as problem:
            done.append(Imported(spec, problem=str(problem)))
        except Exception as error:  # never a traceback: say what failed, write nothing more for this source
            done.append(Imported(spec, problem=f"{spec}: không nhập được bài do lỗi của chương trình "
                                               f"({type(error).__name__}: {error}). Không ghi gì cho bài này; hãy "
                                               "báo lỗi kèm tệp bài để người bảo trì sửa."))
    return done


def import_one(root: Path, spec: str, unit_id: str | None, name: str | None, province: str | None,
               out: Path | None, dry_run: bool, force: bool, today: dt.date | None, stdin=None,
               url: str | None = None, row: dict | None = None) -> list[str]:
    """Imports one page; `row` (when given) is filled with the page's line of the batch table."""
    row = {} if row is None else row
    fetched = read_source(spec, stdin=stdin, url=url)
    ex = extract(fetched, root, today)
    if not ex.about_campaign and not force:
        raise ImportProblem(f"{spec}: bài không nói về việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
                            "Minh (không thấy “làm theo”, Chỉ thị 03, 05, 06 hay tên Bác). Không ghi gì; nếu chắc bài "
                            "thuộc chủ đề này, chạy lại với --force.")
    units = unit_summaries(root)
    target_unit = _choose_unit(root, ex, units, unit_id, name, province)
    uid, uname, uplace, ulevel, uprovince = target_unit
    drafts_extra: list[tuple[Path, Draft]] = []
    directive_ids = []
    draft_source = assemble.source_entry(ex, {})
    skipped = []
    for cited in ex.documents:
        if cited.code is None and cited.id not in record_ids(root, "directive"):
            skipped.append(cited.title)  # no draft until search and pages take documents without a number
            continue
        directive_ids.append(cited.id)
        path = record_path(root, "directive", cited.id)
        if not path.exists():
            drafts_extra.append((path, assemble.directive_draft(cited, draft_source, uprovince, uid)))
    theme_ids = []
    for theme in ex.themes:
        tid = assemble.theme_id(theme)
        if not tid or (not theme.year and tid not in record_ids(root, "theme")):
            continue  # a theme for a term is referenced when its record exists (pages for it: see the report)
        theme_ids.append(tid)
        path = record_path(root, "theme", tid)
        if not path.exists():
            drafts_extra.append((path, assemble.theme_draft(theme, draft_source)))
    draft = assemble.unit_draft(ex, root, uid, uname, uplace, ulevel, uprovince, directive_ids, theme_ids)
    existing_path = _existing_path(root, uid, uprovince)
    if existing_path is not None:
        text = existing_path.read_text(encoding="utf-8-sig")
        meta = read_meta(root, existing_path)
        if meta is None:
            raise ImportProblem(f"{existing_path.relative_to(root)}: hồ sơ đang có không đọc được (chạy 'kb check'); "
                                "sửa hồ sơ đó trước khi nhập thêm bài.")
        head = text.split("\n---", 1)[0]
        kept = kept_markers(head)
        other_comments = [line for line in head.split("\n")[1:]
                          if (line.lstrip().startswith("#") or " # " in line) and REVIEW not in line]
        if other_comments and not force:
            raise ImportProblem(f"{existing_path.relative_to(root)}: hồ sơ có chú thích '#'; ghi lại hồ sơ sẽ làm mất "
                                "chú thích. Xoá hoặc chép chú thích ra 'note', hoặc chạy lại với --force.")
        merged = merge(meta, draft.meta, draft.markers, force)
        if merged is not None:
            merged.markers = {**kept, **merged.markers}
        if merged is None:
            row.update(unit=uname, province=uprovince, date=ex.date.value or ex.date.year, models=0, marks=0,
                       file=f"{existing_path.relative_to(root)} (đã có bài này)")
            return summary_lines(ex, str(existing_path.relative_to(root)), {},
                                 "Bài này đã có trong hồ sơ, không ghi gì (dùng --force để nhập lại)")
        for key, title_key in (("models", "title"), ("lessons", "title"), ("results", "label")):
            assemble.unique_ids(merged.meta.get(key, []), title_key)
        body = text.split("\n---\n", 1)[1] if "\n---\n" in text else "\n"
        result_text = record_text("unit", merged.meta, body, merged.markers)
        target = (out / existing_path.name) if out else existing_path
        action = "Thêm nguồn mới vào hồ sơ đang có" + (f" ({'; '.join(merged.notes)})" if merged.notes else "")
        added = ", ".join(f"{k}: {v}" for k, v in merged.added.items() if v)
        lines = summary_lines(ex, _shown(root, target), merged.markers, action)
        row.update(marks=len(merged.markers))
        lines.insert(-1, f"  Mục mới thêm: {added or 'không có'} (mục trùng với hồ sơ không thêm lại)")
        writes = [(target, result_text)]
    else:
        target = (out / f"{uid}.md") if out else record_path(root, "unit", uid, uprovince)
        writes = [(target, draft.text())]
        row.update(marks=len(draft.markers))
        lines = summary_lines(ex, _shown(root, target), draft.markers,
                              "Đã ghi bản nháp" if not dry_run else "Sẽ ghi (--dry-run)")
    for path, extra in drafts_extra:
        extra_target = (out / path.parent.name / path.name) if out else path
        writes.append((extra_target, extra.text()))
        lines.append(f"Bản nháp {'văn bản' if extra.kind == 'directive' else 'chuyên đề'}: {_shown(root, extra_target)} "
                     f"({len(extra.markers)} chỗ cần xem lại)")
    if skipped:
        lines.append(f"Văn bản không có số hiệu, chưa có hồ sơ nên không ghi vào đơn vị: {'; '.join(skipped)} — tạo hồ "
                     "sơ văn bản (code bỏ trống, có title) bằng tay nếu cần.")
    for target_path, content in writes:  # every text is ready before the first file is written
        _write(target_path, content, dry_run)
    if not dry_run:  # the page as read, on this machine only, for the preview's review page
        keep_page(root, uid, {"origin": ex.fetched.origin, "url": ex.fetched.url, "title": ex.title,
                              "header": ex.article.header, "paragraphs": ex.article.paragraphs})
    if dry_run:
        lines.append("--dry-run: không ghi tệp nào.")
    row.update(unit=uname, province=uprovince, date=ex.date.value or ex.date.year, models=len(ex.models),
               file=_shown(root, target))
    return lines


def kept_markers(head: str) -> dict[tuple, str]:
    """The review markers already in a record's frontmatter, by the path of the value they stand beside."""
    lines = head.split("\n")
    located = read_yaml("\n".join(lines[1:]), first_line=2)
    by_line: dict[int, tuple] = {}
    for path, (line, _) in located.positions.items():
        if path and (line not in by_line or len(path) > len(by_line[line])):
            by_line[line] = path
    kept = {}
    for number, line in enumerate(lines, start=1):
        if f"# {REVIEW}:" in line and number in by_line:
            kept[by_line[number]] = line.split(f"# {REVIEW}:", 1)[1].strip()
    return kept


def _choose_unit(root, ex: Extraction, units, unit_id, name, province) -> tuple[str, str, str, str, str | None]:
    """The unit the draft is for: the one asked for (--unit, --name), else the one the article reports. Never a
    refusal for want of a unit or a province: what is not found is written as found and marked for review."""
    if unit_id:
        if unit_id not in units:
            raise ImportProblem(f"không có đơn vị '{unit_id}' trong records/units/. Dùng mã của một hồ sơ đang có, "
                                "hoặc --name \"…\" để tạo đơn vị mới.")
        p, n, pl, lv = units[unit_id]
        return unit_id, n, pl, lv, None if p == NATIONAL_FOLDER else p
    if name:
        kind = kind_of(name)
        level = level_of(name, kind)
        prov = province or ex.unit.province
        if not prov and level not in NATIONAL_LEVELS:
            raise ImportProblem(f"không biết tỉnh của “{name}”: thêm --province <mã tỉnh trong records/provinces.yml>.")
        ex.unit = replace(ex.unit, name=name, place=place_of(name), level=level, kind=kind, province=prov,
                          name_confidence=1.0, province_confidence=1.0 if province else ex.unit.province_confidence)
        return unit_for(units, name, place_of(name), level, prov, kind)
    guess = ex.unit
    if not guess.name:
        guess = replace(guess, name=UNKNOWN_UNIT, place=UNKNOWN_UNIT, level=guess.level or "tinh",
                        kind="dia-phuong", name_confidence=0.0)
    if not guess.province and guess.level not in NATIONAL_LEVELS:
        guess.notes.append("Không thấy tỉnh của đơn vị trong bài, ký hiệu báo hay địa chỉ trang: cấp ghi tạm là trung "
                           "ương; nếu đơn vị thuộc một tỉnh, ghi province và sửa level.")
        guess = replace(guess, level="trung-uong", province_confidence=0.0)
    ex.unit = guess
    return unit_for(units, guess.name, guess.place or guess.name, guess.level, province or guess.province,
                    guess.kind or kind_of(guess.name))


def _existing_path(root: Path, unit_id: str, province: str) -> Path | None:
    folder = existing_units(root).get(unit_id)  # ids are unique across provinces: the unit may be filed elsewhere
    if folder is None:
        return None
    return record_path(root, "unit", unit_id, None if folder == NATIONAL_FOLDER else folder)


def _write(target: Path, text: str, dry_run: bool) -> None:
    if dry_run:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")


def _shown(root: Path, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def plan(root: Path, fetched, today: dt.date | None = None) -> tuple[Extraction, Draft]:
    """The extraction and the unit draft an import would write, without writing anything (tests, benchmarks)."""
    ex = extract(fetched, root, today)
    uid, uname, uplace, ulevel, uprovince = _choose_unit(root, ex, unit_summaries(root), None, None, None)
    directive_ids = [c.id for c in ex.documents
                     if c.code or c.id in record_ids(root, "directive")]
    theme_ids = [t for t in (assemble.theme_id(t) for t in ex.themes) if t]
    return ex, assemble.unit_draft(ex, root, uid, uname, uplace, ulevel, uprovince, directive_ids, theme_ids)

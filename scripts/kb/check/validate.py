"""Stage 2 — validate: one SourceFile at a time → typed record + diagnostics.

Checks here need nothing but the file itself: the schema, dates, text
encoding and normalisation, unsafe HTML, the id against the file name, and
ids unique within the record. Cross-file checks belong to the link stage.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kb.check import textcheck
from kb.check.drafts import REVIEW_MARK, draft_problems
from kb.check.load import SourceFile
from kb.check.schemacheck import schema_diagnostics
from kb.check.textcheck import walk as _walk
from kb.model import records
from kb.model.paths import reserved_name
from kb.model.diagnostics import Diagnostic, diagnostic
from kb.model.records import Loc
from kb.text.suggest import did_you_mean
from kb.text.vietnamese import slugify, unmarked



def reserved_message(record_id: str, made: bool = False) -> str:
    what = "trang mục lục" if record_id.lower() == "index" else "trang tiếp theo của một danh sách dài"
    origin = " (tạo từ tên của mục; đặt 'id' cho mục này)" if made else ""
    return f"mã '{record_id}'{origin} là tên dành cho {what}"


def validate(source: SourceFile, today: dt.date | None = None) -> tuple[Any, list[Diagnostic]]:
    """Return (typed record or None, diagnostics) for one record file."""
    record, diagnostics, _ = validate_until(source, today)
    return record, diagnostics


def validate_until(source: SourceFile, today: dt.date | None = None) -> tuple[Any, list[Diagnostic], dt.date | None]:
    """`validate`, and the first day on which the same file could get other diagnostics (None: never).

    Only "in the future" depends on the day: a date found in the future stops being so on that date;
    a date already past stays past. So a result can be kept from one day to the next (the check cache)."""
    checker = _Checker(source, today or dt.date.today())
    record = checker.run()
    return record, checker.diagnostics, checker.until


class _Checker:
    def __init__(self, source: SourceFile, today: dt.date) -> None:
        self.source = source
        self.today = today
        self.until: dt.date | None = None  # the earliest future date compared with today
        self.diagnostics: list[Diagnostic] = []

    def report(self, path: tuple, code: str, message: str, hint: str | None = None) -> None:
        line, column = self.source.yaml.where(path)
        self.diagnostics.append(diagnostic(self.source.path, line, column, code, message, hint))

    def loc(self, path: tuple) -> Loc:
        line, column = self.source.yaml.where(path)
        return Loc(self.source.path, line, column)

    def run(self) -> Any:
        """The typed record whenever its shape is right, so that the link stage can still report
        reference problems in a record whose text has errors: every problem shows at once."""
        source = self.source
        shape = schema_diagnostics(source, source.kind)
        self.diagnostics += shape
        self.diagnostics += textcheck.text_diagnostics(source)
        self.diagnostics += draft_problems(source)
        self.check_id()
        self.check_dates()
        self.check_optional_fields()
        self.check_review_markers()
        self.check_unit_name()
        if any(d.is_error for d in shape):
            return None
        before = len(self.diagnostics)
        record = self.build_record()
        if any(d.is_error for d in self.diagnostics[before:]):
            return None
        return record

    # -- checks -----------------------------------------------------------

    def check_id(self) -> None:
        meta = self.source.meta
        stem = self.source.stem
        record_id = meta.get("id", stem)
        if isinstance(record_id, int):
            record_id = str(record_id)
        if isinstance(record_id, str) and record_id != stem:
            self.report(("id",), "KB114",
                        f"id '{record_id}' khác tên tệp '{stem}.md'",
                        f"Đổi tên tệp thành '{record_id}.md', hoặc sửa id thành '{stem}'.")
        if isinstance(record_id, str) and reserved_name(record_id):  # a list or table id is the schema's KB112
            self.report(("id",), "KB405", reserved_message(record_id))

    def check_dates(self) -> None:
        for path, value in _walk(self.source.meta):
            if path and path[-1] == "date" and isinstance(value, str):
                self.check_date(path, value)
            if len(path) >= 2 and path[-2] == "sources" and isinstance(value, dict):
                self.check_source_year(path, value)

    def check_date(self, path: tuple, value: str) -> None:
        """A full date, or a partial one ("2019", "2019-05"): a real day, month or year, never in the future."""
        if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
            return  # not written as a date at all: the schema's pattern error says how to write it
        parts = value.split("-")
        try:
            if len(parts) > 3 or not all(part.strip().isdigit() for part in parts):
                raise ValueError(value)
            if len(parts) == 3:
                day = dt.date.fromisoformat(value)
            else:
                day = dt.date(int(parts[0]), int(parts[1]) if len(parts) == 2 else 1, 1)
        except ValueError:
            self.report(path, "KB118", f"'{value}' không phải là một ngày có thật")
            return
        shown = {3: f"ngày {day:%d/%m/%Y}", 2: f"tháng {day:%m/%Y}", 1: f"năm {day:%Y}"}[len(parts)]
        if day > self.today:
            self.report(path, "KB118", f"{shown} ở tương lai")
            self._changes_on(day)

    def check_source_year(self, path: tuple, source: dict) -> None:
        """A source without a full date says which year the text supports, and how that is known."""
        date = source.get("date")
        full = isinstance(date, str) and len(date.split("-")) == 3
        year = source.get("year")
        reference_page = self.source.kind == "directive" and not date  # a directive's undated reference page
        malformed = isinstance(date, str) and not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", date)
        told = source.get("year_source")
        if not full and not reference_page and not malformed:
            what = "không có ngày" if not date else f"chỉ ghi '{date}'"
            if told is None:
                self.report(path, "KB132", f"nguồn {what}: thiếu year_source (ngày, năm biết từ đâu)")
            elif told == "none" and (date or year is not None):
                self.report(path + ("year_source",), "KB132", "year_source là none (không rõ năm) nhưng nguồn có "
                                                              f"{'date' if date else 'year'}")
            elif told != "none" and not date and not isinstance(year, int):
                self.report(path, "KB132", f"nguồn {what}: thiếu year (năm bài cho biết)")
        if isinstance(year, int) and not isinstance(year, bool):
            if isinstance(date, str) and date[:4].isdigit() and int(date[:4]) != year:
                self.report(path + ("year",), "KB133", f"year {year} khác năm của date '{date}'")
            elif year > self.today.year:
                self.report(path + ("year",), "KB133", f"năm {year} ở tương lai")
                self._changes_on(dt.date(min(year, dt.MAXYEAR), 1, 1))

    def _changes_on(self, day: dt.date) -> None:
        """From `day` on, the check that compared a date with today answers otherwise."""
        self.until = day if self.until is None else min(self.until, day)

    def check_optional_fields(self) -> None:
        """What may be left out only with a word saying why: a source's title, a model's owner;
        a theme needs a year or a period; a document without a number needs its title."""
        meta = self.source.meta
        sources = meta.get("sources") if isinstance(meta.get("sources"), list) else []
        for index, source in enumerate(sources):
            if isinstance(source, dict) and "title" not in source and "tiêu đề" not in str(source.get("note", "")).lower():
                self.report(("sources", index), "KB131", "nguồn không có 'title' và 'note' không nói trang không có tiêu đề")
        source_notes = " ".join(str(s.get("note", "")) for s in sources if isinstance(s, dict)).lower()
        for index, model in enumerate(meta.get("models") or []):
            if isinstance(model, dict) and "owner" not in model and not model.get("note") and "chủ thể" not in source_notes:
                self.report(("models", index), "KB134", f"mô hình '{model.get('title', '')}' không có 'owner' và không có 'note'")
        if self.source.kind == "theme":
            if "year" not in meta and "period" not in meta:
                self.report((), "KB110", "chuyên đề phải có 'year' (chuyên đề hằng năm) hoặc 'period' (ví dụ \"2020–2025\")")
            if meta.get("scope") == "tinh" and "province" not in meta:
                self.report(("scope",), "KB110", "chuyên đề của một tỉnh (scope: tinh) phải có 'province'")
        if self.source.kind == "directive" and "code" not in meta and "title" not in meta:
            self.report((), "KB110", "văn bản không có 'code' (số hiệu) thì phải có 'title' (tên văn bản như bài gọi)")

    def check_unit_name(self) -> None:
        """KB306: a unit's name typed without its Vietnamese marks ('Huyen uy Mo Cay Nam'): hard to find, and the
        way a second record of a unit that exists is made without anyone noticing (KB406 then names the first)."""
        name = self.source.meta.get("name") if self.source.kind == "unit" else None
        if isinstance(name, str) and unmarked(name):
            self.report(("name",), "KB306", f"tên đơn vị '{name}' không có dấu tiếng Việt")

    def check_review_markers(self) -> None:
        """Each '# CẦN XEM LẠI: …' comment the importer (or a reviewer) left: a warning until a person removes it."""
        for number, line in enumerate(self.source.text.split("\n"), start=1):
            found = REVIEW_MARK.search(line)
            if found and line[:found.start()].replace('\\"', "").count('"') % 2 == 0:  # a comment, not quoted text
                why = line[found.end():].strip(" :–-") or "không ghi lý do"
                self.diagnostics.append(diagnostic(self.source.path, number, found.start() + 1, "KB130",
                                                   f"cần xem lại: {why}"))

    # -- typed records ---------------------------------------------------------

    def source_ids(self, items: list[dict], path: tuple, require_ids: bool = False) -> list[str]:
        """Every source has an id ('nguon-1' by default); in a unit, items name their source by id
        when there are several."""
        if require_ids and len(items) > 1:
            for index, item in enumerate(items):
                if "id" not in item:
                    self.report(path + (index,), "KB110",
                                "đơn vị có nhiều nguồn: mỗi nguồn phải có 'id'")
        return [item.get("id") or f"nguon-{index + 1}" for index, item in enumerate(items)]

    def item_ids(self, items: list[dict], title_key: str, path: tuple) -> list[str]:
        ids: list[str] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            item_id = item.get("id") or slugify(item.get(title_key) or "", max_length=60)
            if not item_id:
                self.report(path + (index, title_key), "KB113",
                            f"không tạo được id từ {title_key}", "Đặt 'id' cho mục này.")
            elif reserved_name(item_id):
                self.report(path + (index,), "KB405", reserved_message(item_id, made=not item.get("id")))
            if item_id in seen:
                line, _ = self.source.yaml.where(path + (seen[item_id],))
                self.report(path + (index,), "KB402",
                            f"id '{item_id}' trùng với mục ở dòng {line}")
            seen.setdefault(item_id, index)
            ids.append(item_id)
        return ids

    def check_source_refs(self, items: list[dict], path: tuple, source_ids: list[str]) -> None:
        for index, item in enumerate(items):
            ref = item.get("source")
            if ref is None and len(source_ids) > 1:
                self.report(path + (index,), "KB207",
                            "đơn vị có nhiều nguồn nhưng mục này không ghi 'source'",
                            f"Thêm 'source: <mã>' với một trong: {', '.join(source_ids)}.")
            elif ref is not None and ref not in source_ids:
                self.report(path + (index, "source"), "KB207",
                            f"nguồn '{ref}' không có trong sources{did_you_mean(ref, source_ids)}")

    def check_model_refs(self, results: list, model_ids: list[str]) -> None:
        """KB209: a figure said to be a model's own result names a model of this unit."""
        for index, item in enumerate(results):
            ref = item.get("model") if isinstance(item, dict) else None
            if isinstance(ref, str) and ref not in model_ids:
                self.report(("results", index, "model"), "KB209",
                            f"mô hình '{ref}' không có trong models của đơn vị{did_you_mean(ref, model_ids)}")

    def build_record(self) -> Any:
        """The typed record, built generically from the schema: every property of the record and of
        its list items becomes an attribute (records.Record). What is computed here: the record's id
        (the file name when not written), item ids (from the title or label named by the schema's
        `x-id-from`), source ids, the unit an item belongs to, and where each part was read."""
        meta = self.source.meta
        kind = self.source.kind
        record_type = records.record_type(kind)
        record_id = str(meta.get("id", self.source.stem))
        sources = meta.get("sources", [])
        source_ids = self.source_ids(sources, ("sources",), require_ids=(kind == "unit"))
        derived: dict[str, Any] = {
            "sources": lambda index, item: {"id": source_ids[index]},
        }
        model_ids: list[str] = []
        for name in record_type.fields():
            item_type = record_type.item_type(name)
            if item_type is None or name == "sources":
                continue
            items = meta.get(name, [])
            if "source" in item_type.fields():
                self.check_source_refs(items, (name,), source_ids)
            id_from = item_type.node().get("x-id-from")
            ids = self.item_ids(items, id_from, (name,)) if id_from else [None] * len(items)
            derived[name] = self._item_derived(item_type, name, ids, record_id)
            if name == "models":
                model_ids = [i for i in ids if i]
        if kind == "unit":
            self.check_model_refs(meta.get("results", []), model_ids if meta.get("models") else [])
        values = {**meta, "id": record_id}
        if kind == "unit":
            values["themes"] = [str(theme) for theme in meta.get("themes", [])]
        return record_type.build(values, **derived, body=self.source.body, loc=Loc(self.source.path, 1, 1),
                                 positions=self.source.yaml.positions)

    def _item_derived(self, item_type, name: str, ids: list, record_id: str):
        def derived(index: int, item: dict) -> dict:
            values: dict[str, Any] = {"loc": self.loc((name, index))}
            if ids[index] is not None:
                values["id"] = ids[index]
            if "unit_id" in item_type.derived:
                values["unit_id"] = record_id
            return values
        return derived



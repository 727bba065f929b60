"""From an Extraction to record data: the unit draft and drafts of documents and themes it cites
that the knowledge base does not have yet. Uncertain values get a review marker."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kb.check.drafts import IMPORT_PLACEHOLDER_BODY as PLACEHOLDER_BODY
from kb.intake.article.draft import Draft
from kb.intake.article.extract import Extraction
from kb.intake.article.topics import suggest_field, suggest_topics
from kb.intake.names import kind_of
from kb.text.vietnamese import fold, slugify

QUALIFIERS = {"trên": "trên", "hơn": "hơn", "khoảng": "khoảng", "khoảng hơn": "khoảng hơn", "gần": "gần",
              "gần như": "gần", "xấp xỉ": "khoảng"}


def catalog_ids(root: Path) -> tuple[set[str], set[str]]:
    data = yaml.safe_load((root / "records" / "topics.yml").read_text(encoding="utf-8"))
    return {f["id"] for f in data["fields"]}, {t["id"] for t in data["lesson_topics"]}


def source_entry(ex: Extraction, markers: dict, base: tuple = ("sources", 0)) -> dict:
    source: dict = {}
    notes = list(ex.unit.notes)
    if ex.title:
        source["title"] = ex.title
        if ex.title_confidence < 0.8:
            markers[base + ("title",)] = "tiêu đề đoán từ dòng đầu trang"
    else:
        notes.append("Trang lưu lại không có tiêu đề.")
    if ex.byline.publisher:
        source["publisher"] = ex.byline.publisher
        if ex.byline.publisher_confidence < 0.7:
            markers[base + ("publisher",)] = "ký hiệu báo chưa rõ là của báo nào"
    if ex.byline.sign and ex.byline.publisher_province:
        notes.append(f"Ký hiệu {ex.byline.sign} ở đầu bài là của {ex.byline.publisher.split('(')[-1].rstrip(')')} (suy ra).")
    if ex.date.value:
        source["date"] = ex.date.value
        if ex.date.confidence < 0.8:
            markers[base + ("date",)] = "; ".join(ex.date.warnings) or "ngày đăng chưa chắc"
        if ex.date.written:
            notes.append(f"Trang ghi “{ex.date.written}”.")
    if len((ex.date.value or "").split("-")) < 3:  # not a full date: say how what there is is known
        if ex.date.year and not ex.date.value:
            source["year"] = ex.date.year
        source["year_source"] = ex.date.year_source or ("text" if ex.date.value else "none")
        if not ex.date.value:
            notes.append("Trang không ghi ngày đăng.")
        if base + ("date",) not in markers:  # one mark for one decision: the date line says it already
            markers[base + ("year_source",)] = "; ".join(ex.date.warnings) or "năm suy ra"
    elif ex.date.confidence < 0.8 and ex.date.warnings:
        notes.append(f"Ngày đăng: {'; '.join(ex.date.warnings)}.")
    for warning in ex.date.warnings:
        if "muộn hơn" in warning:
            notes.append(f"Ngày trên trang muộn hơn các sự việc bài kể: {warning.split(': ', 1)[-1]}.")
    if ex.byline.author:
        source["author"] = ex.byline.author
        if ex.byline.author_confidence < 0.7:
            markers[base + ("author",)] = "tác giả đoán từ dòng cuối bài"
    if ex.fetched.url:
        source["url"] = ex.fetched.url
    if any(not m.owner for m in ex.models):
        notes.append("Bài không nêu chủ thể của một số mô hình.")
    notes.append("Nhập bằng kb import; người rà soát đối chiếu từng mục với bài.")
    source["note"] = " ".join(notes)
    if ex.fetched.file_name and re.match(r"^[A-Za-z0-9_.-]+$", ex.fetched.file_name):
        source["file"] = ex.fetched.file_name
    return source


def unit_draft(ex: Extraction, root: Path, unit_id: str, name: str, place: str, level: str, province: str,
               directive_ids: list[str], theme_ids: list[str]) -> Draft:
    fields, topics = catalog_ids(root)
    markers: dict[tuple, str] = {}
    meta: dict = {"id": unit_id, "name": name, "place": place, "level": level, "kind": ex.unit.kind or kind_of(name)}
    if province:
        meta["province"] = province
    if ex.unit.name_confidence < 0.8:
        markers[("name",)] = unit_evidence(ex.unit)
        markers[("level",)] = "cấp và loại đơn vị đoán theo tên"
    if ex.unit.province_confidence < 0.8:
        markers[("province",) if province else ("level",)] = province_evidence(ex.unit)
    if directive_ids:
        meta["directives"] = directive_ids
    if theme_ids:
        meta["themes"] = theme_ids
    meta["sources"] = [source_entry(ex, markers)]
    # the body is the importer's placeholder: a warning while a mark is left, an error after (kb.check.drafts)
    markers[("sources", 0, "note")] = "viết tóm tắt của bài ở phần thân (thay câu mẫu của kb import), rồi xoá dấu này"
    models = []
    for index, model in enumerate(ex.models):
        item: dict = {"title": model.title}
        if model.owner:
            item["owner"] = model.owner
        item["kind"] = model.kind
        item["field"] = suggest_field(f"{model.title} {model.owner or ''}", fields)
        markers[("models", index, "field")] = "lĩnh vực do máy gợi ý"
        if model.year:
            item["year"] = model.year
        item["excerpt"] = model.sentence
        if not model.owner:
            item["note"] = "Bài không nêu chủ thể của mô hình."
        if model.confidence < 0.8:
            markers[("models", index, "title")] = "bài không gọi rõ đây là mô hình; xem có đúng là cách làm có thể nhân rộng"
        models.append(item)
    if models:
        meta["models"] = models
    lessons = []
    for index, lesson in enumerate(ex.lessons):
        lessons.append({"title": short_title(lesson.text), "order": lesson.order, "text": lesson.text,
                        "excerpt": lesson.sentence, "topics": suggest_topics(lesson.text, topics)})
        markers[("lessons", index, "title")] = "tên ngắn do máy đặt"
        markers[("lessons", index, "topics")] = "chủ đề do máy gợi ý"
    if lessons:
        meta["lessons"] = lessons
    results = []
    for index, figure in enumerate(ex.figures):
        item = {"label": figure.label, "value": figure.value}
        if figure.denominator:
            item["denominator"] = figure.denominator
        item["unit"] = figure.unit
        if figure.qualifier in QUALIFIERS:
            item["qualifier"] = QUALIFIERS[figure.qualifier]
        if figure.year:
            item["year"] = figure.year
        if figure.period:
            item["period"] = figure.period
        item["excerpt"] = figure.sentence
        markers[("results", index, "label")] = "nhãn do máy đặt; năm chỉ ghi khi câu nêu năm"
        results.append(item)
    if results:
        meta["results"] = results
    if ex.limitations:
        meta["limitations"] = [{"text": text, "excerpt": sentence} for text, sentence in ex.limitations]
    for key, title_key in (("models", "title"), ("lessons", "title"), ("results", "label")):
        unique_ids(meta.get(key, []), title_key)
    link_figures(meta, ex.figures, ex.models, markers)
    return Draft("unit", meta, PLACEHOLDER_BODY, markers)


def link_figures(meta: dict, figures, models, markers: dict) -> None:
    """A figure said in the clause that names one model is that model's result ('mô hình “X” … với 25 hộ tham
    gia'): the draft links it (`model:`) and marks the link for the reviewer."""
    items = meta.get("models", [])
    if not items:
        return
    for index, (figure, result) in enumerate(zip(figures, meta.get("results", []))):
        clause = fold(figure.sentence).lower()
        named = [(item, found) for item, found in zip(items, models)
                 if fold(item["title"]).lower() in clause and (not found.segment or _said_in(figure, found.segment))]
        if len(named) == 1:
            item = named[0][0]
            result["model"] = item.get("id") or slugify(item["title"], max_length=60)
            markers[("results", index, "model")] = "số liệu gắn với mô hình nêu trong cùng câu; xem có đúng là kết quả của mô hình"


def _said_in(figure, segment: str) -> bool:
    """Whether the figure's number is written in the model's own clause (not in another item of the list)."""
    number = f"{figure.value:g}".replace(".", ",")
    return number in segment or str(figure.value) in segment


def unit_evidence(unit) -> str:
    """Why the unit's name is marked: the passage it was read from, or that the article names none."""
    if not unit.name_evidence:
        return "không thấy tên đơn vị trong bài: ghi tên đúng, hoặc nhập lại với --name và --province"
    passage = unit.name_evidence if len(unit.name_evidence) <= 80 else unit.name_evidence[:77] + "…"
    return f"đọc từ “{passage}”; xem có đúng là đơn vị báo cáo"


def province_evidence(unit) -> str:
    if unit.province is None:
        return "không thấy tỉnh trong bài, ký hiệu báo hay địa chỉ trang"
    return {"theo địa chỉ trang": "tỉnh theo địa chỉ trang, bài không viết tên tỉnh",
            "theo tên báo": "tỉnh theo ký hiệu hoặc tên báo, bài không viết tên tỉnh"}.get(
        unit.province_evidence, f"tỉnh {unit.province_evidence}" if unit.province_evidence.startswith("suy ra")
        else "tỉnh suy ra từ địa danh trong bài")


def unique_ids(items: list[dict], title_key: str) -> None:
    """Items whose titles give the same id (the checker's KB402) get an explicit numbered id."""
    seen: dict[str, int] = {}
    for item in items:
        base = item.get("id") or slugify(item[title_key], max_length=60)
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            item["id"] = f"{base}-{seen[base]}"


def short_title(text: str, limit: int = 14) -> str:
    """A lesson's short name for the reviewer to rework: its first clause, cut at a comma when it is long."""
    first = re.split(r"[;:.]", text, maxsplit=1)[0].strip()
    words = first.split()
    if len(words) > limit:
        head = " ".join(words[:limit])
        cut = head.rfind(",")
        first = head[:cut] if cut > len(head) // 3 else head + "…"
    title = first.rstrip(", ")
    return title[:1].upper() + title[1:]


def directive_draft(cited, source: dict, province: str | None, unit_id: str | None) -> Draft:
    markers: dict[tuple, str] = {}
    meta: dict = {"id": cited.id}
    if cited.code:
        meta["code"] = cited.code
    meta["kind"] = cited.kind
    meta["issuer"] = cited.issuer or ("Bộ Chính trị" if not cited.local else "chưa rõ")
    if not cited.issuer:
        markers[("issuer",)] = "bài không nêu cơ quan ban hành"
    if cited.local and unit_id:
        if province:
            meta["province"] = province
    if cited.date:
        meta["date"] = cited.date
    if cited.title:
        meta["title"] = cited.title
    entry = {k: v for k, v in source.items() if k in ("title", "publisher", "date", "year", "year_source", "author",
                                                        "url", "file")}
    entry["note"] = f"Bài ghi: “{cited.sentence}”" + ("" if "title" in entry else " Trang lưu lại không có tiêu đề.")
    meta["sources"] = [entry]
    return Draft("directive", meta, "Văn bản được bài nhắc tới; nhập bằng kb import, cần đối chiếu với văn bản gốc.",
                 markers)


def theme_draft(theme, source: dict) -> Draft:
    """A theme the knowledge base does not have: annual (id = year) or for a term (id = "2021-2025")."""
    entry = {k: v for k, v in source.items() if k in ("title", "publisher", "date", "year", "year_source", "author",
                                                        "url", "file")}
    entry["note"] = (f"Tên chuyên đề lấy nguyên văn từ bài: “{theme.sentence}”"
                     + ("" if "title" in entry else " Trang lưu lại không có tiêu đề."))
    when = {"year": theme.year} if theme.year else {"period": theme.period}
    meta = {"id": theme_id(theme), **when, "title": theme.title, "sources": [entry]}
    said = f"năm {theme.year}" if theme.year else f"thời kỳ {theme.period}"
    return Draft("theme", meta, f"Chuyên đề học tập {said}.", {("title",): "tên chuyên đề lấy từ một bài"})


def theme_id(theme) -> str | None:
    if theme.year:
        return str(theme.year)
    return theme.period.replace("–", "-") if theme.period else None


def slug(text: str) -> str:
    return slugify(text)

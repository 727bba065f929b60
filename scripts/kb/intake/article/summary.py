"""Stage 5 — the summary printed after an import, in Vietnamese, with a confidence per field."""

from __future__ import annotations

from kb.intake.article.extract import Extraction

LEVELS = {"trung-uong": "trung ương", "khu-vuc": "khu vực, nhiều tỉnh", "tinh": "tỉnh", "huyen": "huyện", "xa": "xã",
          "co-so": "cơ sở"}
# The field a review mark stands beside, as a reviewer reads it.
FIELDS = {"name": "tên đơn vị", "place": "địa danh", "level": "cấp, loại đơn vị", "kind": "loại đơn vị",
          "province": "tỉnh", "date": "ngày đăng", "year": "năm", "year_source": "ngày, năm", "title": "tiêu đề",
          "author": "tác giả", "publisher": "cơ quan đăng", "field": "lĩnh vực", "owner": "chủ thể", "value": "số",
          "label": "nhãn số liệu", "model": "mô hình của số liệu", "url": "địa chỉ bài"}
LISTS = {"models": "mô hình", "lessons": "bài học", "results": "số liệu", "limitations": "hạn chế",
         "sources": "nguồn", "directives": "văn bản", "themes": "chuyên đề"}


def level_word(confidence: float) -> str:
    return "cao" if confidence >= 0.8 else "vừa" if confidence >= 0.5 else "thấp"


def mark_place(path: tuple) -> str:
    """('models', 2, 'field') → 'mô hình 3: lĩnh vực'."""
    words = []
    for index, part in enumerate(path):
        if isinstance(part, int):
            continue
        following = path[index + 1] if index + 1 < len(path) else None
        if part in LISTS:
            words.append(LISTS[part] + (f" {following + 1}" if isinstance(following, int) else ""))
        else:
            words.append(FIELDS.get(part, part))
    return ": ".join(words)


def summary_lines(ex: Extraction, target: str, markers: dict[tuple, str], action: str) -> list[str]:
    unit = ex.unit
    date = ex.date.value or (f"không rõ ngày đăng (năm {ex.date.year}, {ex.date.year_source})" if ex.date.year
                             else "không rõ ngày đăng")
    models_conf = min((m.confidence for m in ex.models), default=1.0)
    rows = [
        f"Bài: {ex.fetched.origin}",
        f"  Tiêu đề: {ex.title or '(trang không có tiêu đề)'} — độ tin cậy {level_word(ex.title_confidence)}",
        f"  Ngày đăng: {date} — độ tin cậy {level_word(ex.date.confidence)}",
        f"  Tác giả: {ex.byline.author or '(không thấy)'} — độ tin cậy {level_word(ex.byline.author_confidence)}",
        f"  Cơ quan đăng: {ex.byline.publisher or '(không thấy)'} — độ tin cậy "
        f"{level_word(ex.byline.publisher_confidence)}",
        f"  Đơn vị: {unit.name} (cấp {LEVELS.get(unit.level, unit.level)}) — độ tin cậy {level_word(unit.name_confidence)}",
        f"  Tỉnh: {unit.province or 'không thấy'} — độ tin cậy {level_word(unit.province_confidence)}",
        f"  Văn bản: {', '.join(d.id for d in ex.documents) or 'không có'}",
        f"  Chuyên đề: {', '.join(str(t.year) for t in ex.themes if t.year) or 'không có'}",
        f"  Mô hình: {len(ex.models)} — độ tin cậy {level_word(models_conf) if ex.models else '—'}",
        f"  Bài học: {len(ex.lessons)}",
        f"  Số liệu: {len(ex.figures)}",
        f"  Hạn chế: {len(ex.limitations)}",
        f"  Chú thích ảnh để riêng: {len(ex.article.captions)}; dòng của trang bị bỏ: {len(ex.article.dropped)}",
    ]
    rows += [f"  Lưu ý: {w}" for w in ex.warnings]
    rows.append(f"{action}: {target} ({len(markers)} chỗ ghi '# CẦN XEM LẠI' — 'kb check' báo từng chỗ cho tới khi "
                "người rà soát xoá).")
    if markers:
        rows.append("  Người rà soát cần quyết định:")
        rows += [f"    - {mark_place(path)} — {why}" for path, why in markers.items()]
    return rows

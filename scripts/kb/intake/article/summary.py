"""Stage 5 — the summary printed after an import, in Vietnamese, with a confidence per field."""

from __future__ import annotations

from kb.intake.article.extract import Extraction

LEVELS = {"tinh": "tỉnh", "huyen": "huyện", "xa": "xã", "co-quan": "cơ quan", "chi-bo": "chi bộ"}


def level_word(confidence: float) -> str:
    return "cao" if confidence >= 0.8 else "vừa" if confidence >= 0.5 else "thấp"


def summary_lines(ex: Extraction, target: str, markers: int, action: str) -> list[str]:
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
        f"  Tỉnh: {unit.province} — độ tin cậy {level_word(unit.province_confidence)}",
        f"  Văn bản: {', '.join(d.id for d in ex.documents) or 'không có'}",
        f"  Chuyên đề: {', '.join(str(t.year) for t in ex.themes if t.year) or 'không có'}",
        f"  Mô hình: {len(ex.models)} — độ tin cậy {level_word(models_conf) if ex.models else '—'}",
        f"  Bài học: {len(ex.lessons)}",
        f"  Số liệu: {len(ex.figures)}",
        f"  Hạn chế: {len(ex.limitations)}",
        f"  Chú thích ảnh để riêng: {len(ex.article.captions)}; dòng của trang bị bỏ: {len(ex.article.dropped)}",
    ]
    rows += [f"  Lưu ý: {w}" for w in ex.warnings]
    rows.append(f"{action}: {target} ({markers} chỗ ghi '# CẦN XEM LẠI' — 'kb check' báo từng chỗ cho tới khi "
                "người rà soát xoá).")
    return rows

"""Run the stages in order: read → main text → fields. Returns an Extraction (no file is written here)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.check.load import unit_summaries
from kb.intake.article import byline as bylines
from kb.intake.article.dates import DateFound, page_date
from kb.intake.article.directives import Cited, cited_documents
from kb.intake.article.figures import FigureFound, find_figures
from kb.intake.article.lessons import LessonFound, find_lessons
from kb.intake.article.limitations import find_limitations
from kb.intake.article.maintext import Article, html_to_text, split_text
from kb.intake.article.models import ModelFound, find_models
from kb.intake.article.place import UnitGuess, find_unit, load_gazetteer
from kb.intake.article.read import Fetched, ImportProblem
from kb.intake.article.text import all_sentences
from kb.intake.article.themes import ThemeFound, find_themes
from kb.model.ids import free_unit_id
from kb.text.vietnamese import fold

_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)
_CAMPAIGN = re.compile(r"làm theo[^.;]{0,80}?(?:Bác|Hồ Chí Minh|Người)|tư tưởng,? đạo đức,? phong cách|tấm gương đạo đức|"
                       r"Chỉ thị (?:số )?0?[356]\b|\b0?[356]\s*-\s*CT/T|Kết luận (?:số )?0?1\b|\b01\s*-\s*KL/T", re.I)
_CITY = re.compile(r"(?:Thành phố|thành phố|TP\.?)\s*Hồ Chí Minh|TP\.?\s?HCM")


def about_the_campaign(text: str) -> bool:
    """Whether the article speaks of studying and following Hồ Chí Minh (the city's name does not count)."""
    return bool(_CAMPAIGN.search(_CITY.sub("", text)))


@dataclass
class Extraction:
    fetched: Fetched
    article: Article
    title: str | None
    title_confidence: float
    date: DateFound
    byline: bylines.Byline
    unit: UnitGuess
    documents: list[Cited]
    themes: list[ThemeFound]
    models: list[ModelFound]
    lessons: list[LessonFound]
    figures: list[FigureFound]
    limitations: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)
    about_campaign: bool = True


def extract(fetched: Fetched, root: Path, today: dt.date | None = None) -> Extraction:
    if fetched.is_html:
        text, meta = html_to_text(fetched.text)
    else:
        text, meta = fetched.text, {}
    article = split_text(text, meta)
    if meta.get("captions"):
        article.captions += meta["captions"]
    body = article.body
    if len(body) < 300 or not article.paragraphs:
        raise ImportProblem(f"{fetched.origin}: không tìm thấy nội dung bài (chỉ có tiêu đề, menu hoặc vài dòng ngắn). "
                            "Lưu đúng trang bài báo (có đủ các đoạn văn) rồi nhập lại.")
    letters = sum(ch.isalpha() for ch in body)
    if letters == 0 or len(_VIETNAMESE_LETTERS.findall(body)) / letters < 0.04:
        raise ImportProblem(f"{fetched.origin}: văn bản không phải tiếng Việt (hoặc đã mất dấu). Chỉ nhập bài báo tiếng Việt; "
                            "nếu bài gõ bằng phông cũ, lưu lại ở dạng Unicode.")
    about = about_the_campaign(" ".join(article.header) + "\n" + body)
    found = bylines.find_byline(article.header, article.paragraphs, article.trailer, article.html_title, meta.get("author"))
    date = page_date(article.header, article.trailer, body, article.html_dates, fetched.url, today, found.title)
    gazetteer = load_gazetteer(str(root))
    sign_province = found.publisher_province if found.publisher_province in gazetteer.provinces else None
    unit = find_unit(found.title, body, gazetteer, date.value or (str(date.year) if date.year else None), sign_province)
    unit_id = _unit_id_hint(root, unit)
    sentences = all_sentences(article.paragraphs)
    themes = find_themes(sentences)
    models = find_models(article.paragraphs, [t.title for t in themes], unit.place)
    return Extraction(fetched, article, found.title, found.title_confidence, date, found, unit,
                      cited_documents(sentences, unit_id, unit.province), themes, models, find_lessons(article.paragraphs),
                      find_figures(article.paragraphs), find_limitations(article.paragraphs),
                      list(date.warnings), about)


def _unit_id_hint(root: Path, unit: UnitGuess) -> str | None:
    if not unit.name or not unit.province:
        return None
    return unit_for(unit_summaries(root), unit.name, unit.place, unit.level, unit.province)[0]


def unit_for(units: dict, name: str, place: str, level: str, province: str) -> tuple[str, str, str, str, str]:
    """(id, name, place, level, province) of the unit's existing record — same province and the same name, or
    the same place at the same level — or of a new record with a free id by the design's rule."""
    for unit_id, (p, n, pl, lv) in units.items():
        if p == province and (fold(n) == fold(name) or (fold(pl) == fold(place) and lv == level)):
            return unit_id, n, pl, lv, p
    return free_unit_id(name, place, province, level, {k: v[0] for k, v in units.items()}), name, place, level, province

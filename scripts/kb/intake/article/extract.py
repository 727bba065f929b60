"""Run the stages in order: read → main text → fields. Returns an Extraction (no file is written here)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
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
from kb.intake.article.organs import Mention
from kb.intake.article.pageinfo import page_info, valid_meta_date
from kb.intake.article.places import load_places
from kb.intake.article.read import Fetched, ImportProblem
from kb.intake.article.reporting import Evidence, UnitGuess, resolve
from kb.intake.article.text import all_sentences
from kb.intake.article.themes import ThemeFound, find_themes
from kb.intake.article.units import choose
from kb.intake.names import kind_of
from kb.model.ids import free_unit_id
from kb.model.kinds import NATIONAL_FOLDER
from kb.text.vietnamese import fold

_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)
_CAMPAIGN = re.compile(r"làm theo[^.;]{0,80}?(?:Bác|Hồ Chí Minh|Người)|tư tưởng,? đạo đức,? phong cách|tấm gương đạo đức|"
                       r"Chỉ thị (?:số )?0?[356]\b|\b0?[356]\s*-\s*CT/T|Kết luận (?:số )?0?1\b|\b01\s*-\s*KL/T", re.I)
_CAMPAIGN_FOLDED = re.compile(r"lam theo[^.;]{0,80}?(?:bac|ho chi minh|nguoi)|tu tuong,? dao duc,? phong cach|"
                              r"tam guong dao duc|chi thi (?:so )?0?[356]\b|\b0?[356]\s*-\s*ct/t|ket luan (?:so )?0?1\b|"
                              r"\b01\s*-\s*kl/t|guong bac|loi bac|theo bac\b|ho chi minh")
_CITY = re.compile(r"(?:Thành phố|thành phố|TP\.?)\s*Hồ Chí Minh|TP\.?\s?HCM")


def about_the_campaign(text: str) -> bool:
    """Whether the article speaks of studying and following Hồ Chí Minh (the city's name does not count), with or
    without its marks."""
    text = _CITY.sub("", text)
    return bool(_CAMPAIGN.search(text) or _CAMPAIGN_FOLDED.search(fold(text)))


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
    meta_date: str | None = None  # the page's own date information (not printed in the article)


def extract(fetched: Fetched, root: Path, today: dt.date | None = None) -> Extraction:
    today = today or dt.date.today()
    meta: dict = {}
    if fetched.is_html:
        text, meta = html_to_text(fetched.text)
    else:
        text = fetched.text
    info = page_info(text, fetched.url or meta.get("url"))
    if info.url and not fetched.url:
        fetched.url = info.url
    article = split_text(info.text, meta)
    if meta.get("captions"):
        article.captions += meta["captions"]
    body = article.body
    if len(body) < 120 or not article.paragraphs:
        raise ImportProblem(f"{fetched.origin}: không tìm thấy nội dung bài (chỉ có tiêu đề, menu hoặc vài dòng ngắn). "
                            "Lưu đúng trang bài báo (có đủ các đoạn văn) rồi nhập lại.")
    warnings: list[str] = []
    if not _vietnamese(body):
        raise ImportProblem(f"{fetched.origin}: văn bản không phải tiếng Việt. Chỉ nhập bài báo tiếng Việt; nếu bài gõ "
                            "bằng phông cũ, chạy lại sau khi lưu ở dạng Unicode.")
    if not _marked(body):
        warnings.append("bài không có dấu tiếng Việt: tên đơn vị, địa danh đọc được kém hơn")
    about = about_the_campaign(" ".join(article.header) + "\n" + body)
    found = bylines.find_byline(article.header, article.paragraphs, article.trailer, article.html_title, meta.get("author"))
    date = page_date(article.header, article.trailer, body, article.html_dates, fetched.url, today, found.title,
                     valid_meta_date(info.meta_date))
    places = load_places(str(root))
    sign = found.publisher_province if found.publisher_province in places.provinces else None
    if sign is None and (found.publisher or meta.get("site")):
        sign = _province_of_publisher(found.publisher or meta.get("site"), places)
    when = date.value or (str(date.year) if date.year else None)
    unit = reporting_unit(found.title, article.paragraphs, places, when, Evidence(fetched.url, sign, found.publisher))
    unit_id = _unit_id_hint(root, unit)
    sentences = all_sentences(article.paragraphs)
    themes = find_themes(sentences)
    models = find_models(article.paragraphs, [t.title for t in themes], unit.place)
    return Extraction(fetched, article, found.title, found.title_confidence, date, found, unit,
                      cited_documents(sentences, unit_id, unit.province), themes, models, find_lessons(article.paragraphs),
                      find_figures(article.paragraphs), find_limitations(article.paragraphs),
                      warnings + list(date.warnings), about, info.meta_date)


def reporting_unit(title: str | None, paragraphs: list[str], places, when: str | None = None,
                   evidence: Evidence | None = None) -> UnitGuess:
    """The unit a page reports on: its organs and places weighed (kb.intake.article.units), then named, levelled and
    placed in a province of the page's time (kb.intake.article.reporting)."""
    evidence = evidence or Evidence()
    chosen, everything = choose(title, paragraphs, evidence.url, _title_place(title, places))
    return resolve(chosen, everything, places, when, evidence)


def _title_place(title: str | None, places) -> Mention | None:
    """'Hưng Yên: Trên 2.700 thí sinh…', 'Huyện Vĩnh Lợi: …': the place a title opens with, before its colon."""
    match = re.match(r"^\s*([^:]{2,40}):", title or "")
    if not match:  # a title that opens with a place: 'Cầu Ngang kết quả và kinh nghiệm…', 'Chợ Lách thực hiện…'
        words = (title or "").split()
        for size in (3, 2):
            head = " ".join(words[:size])
            if len(words) > size and all(w[:1].isupper() for w in words[:size]) and (
                    places.province_of_name(head) or places.district_options(head)):
                return _title_place(f"{head}: {' '.join(words[size:])}", places)
        for found in re.finditer(r"(?:ở|tại|của|trên|với)\s+((?:[A-ZĐÂĂÊÔƠƯ][^\s,.:;]*\s*){1,4})", title or ""):
            words = found.group(1).split()
            for size in range(min(4, len(words)), 0, -1):  # 'Hiệu quả … ở Điện Biên Đông'
                head = " ".join(words[:size])
                if places.province_of_name(head) or places.district_options(head):
                    place = _title_place(f"{head}: x", places)
                    return replace(place, start=found.start(1), subject=False) if place else None
        return None
    head = match.group(1).strip()
    for kind in ("huyện", "tỉnh", "thành phố", "thị xã", "quận", "xã", "phường", "thị trấn"):
        if head.lower().startswith(kind + " "):
            return Mention("", head, [(kind, head[len(kind) + 1:].strip())], "title", 0, subject=True)
    if places.province_of_name(head):
        return Mention("", head, [("tỉnh", head)], "title", 0, subject=True)
    options = places.district_options(head)
    if options:
        word = {"huyen": "huyện", "quan": "quận", "thi-xa": "thị xã", "thanh-pho": "thành phố"}[options[0][1]]
        return Mention("", head, [(word, head)], "title", 0, subject=True)
    return None


_FUNCTION_WORDS = re.compile(r"\b(?:va|cua|cac|nhung|trong|duoc|cho|voi|nhan dan|can bo|dang vien|hoc tap|lam theo|"
                             r"thuc hien|xay dung|phat trien|tinh|huyen)\b")


def _vietnamese(text: str) -> bool:
    """Vietnamese, with or without its marks: its letters, or its common words once folded."""
    if _marked(text):
        return True
    folded = fold(text)
    return len(_FUNCTION_WORDS.findall(folded)) >= max(5, len(folded.split()) // 40)


def _marked(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return letters > 0 and len(_VIETNAMESE_LETTERS.findall(text)) / letters >= 0.04


def _province_of_publisher(publisher: str, places) -> str | None:
    """'Báo Thanh Hóa', 'Cổng thông tin điện tử Kiên Giang' → the province a paper or portal is named for."""
    folded = fold(publisher)
    for key, province in sorted(places.by_name.items(), key=lambda item: -len(item[0])):
        if len(key) > 3 and re.search(rf"(?<![a-z]){re.escape(fold(key))}(?![a-z])", folded):
            return province
    return None


def _unit_id_hint(root: Path, unit: UnitGuess) -> str | None:
    if not unit.name:
        return None
    return unit_for(unit_summaries(root), unit.name, unit.place or unit.name, unit.level or "tinh", unit.province,
                    unit.kind or "dia-phuong")[0]


def unit_for(units: dict, name: str, place: str, level: str, province: str | None,
             kind: str = "dia-phuong") -> tuple[str, str, str, str, str | None]:
    """(id, name, place, level, province) of the unit's existing record — same province and the same name, or
    the same place at the same level and kind — or of a new record with a free id by the design's rule."""
    folder = province or NATIONAL_FOLDER
    for unit_id, (p, n, pl, lv) in units.items():
        if p == folder and (fold(n) == fold(name) or (fold(pl) == fold(place) and lv == level
                                                       and kind_of(n) == kind)):
            return unit_id, n, pl, lv, province
    taken = {k: v[0] for k, v in units.items()}
    return free_unit_id(name, place, province, level, taken, kind), name, place, level, province

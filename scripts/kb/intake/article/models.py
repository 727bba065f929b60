"""Models: what the text presents as a way of working that others can take up, with its owner.

Three shapes of Vietnamese reports: a list of quoted titles after a cue ("mô hình hiệu quả
như: “…” của Chi bộ …; “…” tại …"); one quoted practice a unit carries out ("Quận cũng triển khai
thực hiện “sổ tay đảng viên”"); a contest a committee launches and the text then praises; and an
unquoted deed in a list of activities ("Đảng ủy xã X đã phát cho mỗi đảng viên …"). Directive
titles, campaign names and theme titles are never models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.intake.article.text import UP, capitalise, sentences, year_of
from kb.text.vietnamese import comparable_title, fold

_CUE = re.compile(r"\b(?:mô hình|điển hình|cách làm|sáng kiến)\b", re.I)
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"]{6,300})[”\"]")
_OWNER = re.compile(r"^\s*(?:của|tại|ở|do)\s+(?P<owner>.+)$", re.S)
_OWNER_END = re.compile(r",\s*(?:hiện|đã|đang|được|nhằm|góp phần|mang lại|với|qua đó|từ đó)\b|\s+(?:đã|đang|được)\s")
_NOT_MODEL_BEFORE = re.compile(r"(?:chỉ thị|nghị quyết|kết luận|kế hoạch|hướng dẫn|chuyên đề|cuộc vận động|phong trào|"
                               r"khẩu hiệu|chủ đề|tinh thần|hội thi|cuộc thi|giải)(?:\s+[\w\d/\-–]+){0,4}\s*(?:về\s*)?$", re.I)
_PRACTICE = re.compile(r"(?P<subject>(?:" + UP + r"[\wÀ-ỹ]*)(?:\s+[\wÀ-ỹ]+){0,5}?)\s+(?:cũng\s+|đã\s+|còn\s+)?"
                       r"(?:triển khai(?:\s+thực hiện)?|xây dựng|duy trì|nhân rộng|áp dụng|ra mắt|thực hiện)\s+"
                       r"(?:mô hình\s+)?[“\"](?P<title>[^”\"]{6,200})[”\"]")
_CONTEST = re.compile(r"(?P<subject>(?:Ban Thường vụ\s+)?(?:Huyện (?:ủy|uỷ)|Quận (?:ủy|uỷ)|Thị (?:ủy|uỷ)|Thành (?:ủy|uỷ)|Tỉnh (?:ủy|uỷ)|Đảng (?:ủy|uỷ)|Ban Tuyên giáo"
                      r"(?:\s+" + UP + r"[\wÀ-ỹ]*)*)(?:\s+" + UP + r"[\wÀ-ỹ]*){0,3})\s+(?:đã\s+)?(?:phát động|tổ chức)\s+"
                      r"(?P<what>(?:cuộc thi|hội thi)[^“\"]{0,40}?)\s*[“\"](?P<title>[^”\"]{6,300})[”\"]")
_PRAISE = re.compile(r"(?:cuộc thi|hội thi)\s+(?:đã|này đã)\s+(?:trở thành|thu hút|lan tỏa|tạo|góp phần)", re.I)
_DEED = re.compile(r"^\s*(?P<owner>(?:Đảng (?:ủy|uỷ)|Đảng bộ|Chi bộ|Chi đoàn|Đoàn|Hội|UBND|Ủy ban nhân dân|Công an|Trường|Phòng)"
                   r"\s+(?:xã|phường|thị trấn|huyện|quận|thành phố)?\s*" + UP + r"[\wÀ-ỹ]*(?:\s+" + UP + r"[\wÀ-ỹ]*){0,3})\s+đã\s+"
                   r"(?P<title>(?:phát|xây dựng|tổ chức|thành lập|mở|duy trì|ra mắt|vận động)\s+[^;…]{10,200})")
_TAIL_CONTEXT = re.compile(r"\s+(?:trong|của)\s+(?:cuộc vận động|phong trào|thời gian qua|năm qua)\b.*$")
_PERSON = re.compile(r"^(?:anh|chị|ông|bà|cô|thầy|em|cháu|đồng chí|đ/c)\s", re.I)
_CAMPAIGN = ("hoc tap va lam theo", "lam theo", "hoc tap, lam theo", "day manh hoc tap va lam theo",
             "day manh viec hoc tap va lam theo")


@dataclass
class ModelFound:
    title: str
    owner: str | None
    kind: str
    year: int | None
    sentence: str
    confidence: float
    how: str  # list | practice | contest | deed


def find_models(paragraphs: list[str], theme_titles: list[str], place: str | None) -> list[ModelFound]:
    found: list[ModelFound] = []
    seen: set[str] = set()
    themes = {comparable_title(t) for t in theme_titles}

    def add(item: ModelFound) -> None:
        key = comparable_title(item.title)
        if key in seen or key in themes or _is_campaign(item.title) or len(item.title.split()) < 2:
            return
        seen.add(key)
        found.append(item)

    for p_index, paragraph in enumerate(paragraphs):
        for sentence in sentences(paragraph):
            cue = _CUE.search(sentence)
            if cue:
                for item in _listed(sentence, cue.end()):
                    add(item)
            for match in _PRACTICE.finditer(sentence):
                subject = _subject(match["subject"], place)
                if subject and not _NOT_MODEL_BEFORE.search(sentence[:match.start("title") - 1]):
                    add(ModelFound(capitalise(match["title"].strip()), subject, "tap-the", year_of(sentence),
                                   sentence, 0.6, "practice"))
            for match in _CONTEST.finditer(sentence):
                following = " ".join(paragraphs[p_index:p_index + 2])
                if _PRAISE.search(following):
                    title = capitalise(f"{match['what'].strip()} {match['title'].strip()}")
                    add(ModelFound(title, match["subject"].strip(), "tap-the", year_of(sentence), sentence, 0.5,
                                   "contest"))
        for segment in _list_segments(paragraph):
            match = _DEED.match(segment)
            if match:
                title = _TAIL_CONTEXT.sub("", match["title"].strip().rstrip(".…; "))
                add(ModelFound(capitalise(title), match["owner"].strip(), "tap-the", year_of(segment),
                               _sentence_with(paragraph, segment), 0.5, "deed"))
    return found


def _listed(sentence: str, start: int) -> list[ModelFound]:
    """Quoted titles listed after a cue, each with the owner named after it."""
    items = []
    segments = re.split(r";\s*", sentence[start:])
    for segment in segments:
        match = _QUOTED.search(segment)
        if not match or segment[:match.start()].strip(" :,như-–") and not segment[:match.start()].strip().endswith(
                ("như:", "như", ":", "là")):
            continue
        if _NOT_MODEL_BEFORE.search(segment[:match.start()]):
            continue
        owner_match = _OWNER.match(segment[match.end():])
        owner = None
        if owner_match:
            owner = _OWNER_END.split(owner_match["owner"])[0].strip(" ,.…;")
            owner = owner or None
        kind = "ca-nhan" if owner and _PERSON.match(owner) else "tap-the"
        items.append(ModelFound(match["title"].strip(), owner, kind, None, sentence, 0.85 if owner else 0.6, "list"))
    return items


def _subject(subject: str, place: str | None) -> str | None:
    words = subject.split()
    # keep the noun phrase that opens the clause: "Quận", "Huyện ủy Chi Lăng", "Đảng ủy xã X"
    if words and words[0] in ("Quận", "Huyện", "Xã", "Phường", "Tỉnh", "Thị xã", "Thành phố") and len(words) == 1:
        return f"{words[0]} {place}" if place else words[0]
    if words and words[0][0].isupper() and len(words) <= 6 and not re.match(r"^(?:Các|Những|Nhiều|Qua|Từ|Trong|Sau)$",
                                                                            words[0]):
        return subject
    return None


def _list_segments(paragraph: str) -> list[str]:
    """The items of a list introduced by 'như:' in a paragraph that is not about 'chuyển biến'."""
    out = []
    for match in re.finditer(r"như\s*:\s*(?P<items>[^.]+?)(?:\.|…|$)", paragraph):
        lead = paragraph[max(0, match.start() - 120):match.start()]
        if re.search(r"chuyển biến|kết quả|tiêu biểu|hạn chế", lead, re.I):
            continue
        out += [s for s in re.split(r";\s*", match["items"]) if s.strip()]
    return out


def _sentence_with(paragraph: str, segment: str) -> str:
    for sentence in sentences(paragraph):
        if segment.strip()[:60] in sentence:
            return sentence
    return segment.strip()


def _is_campaign(title: str) -> bool:
    folded = fold(title).strip(" .").lower()
    return any(folded == c or folded.startswith(c + " tu tuong") or folded.startswith(c + " tam guong")
               for c in _CAMPAIGN) or len(folded.split()) < 2

"""Models: what the text presents as a way of working that others can take up, with its owner.

General shapes of Vietnamese reports, each read with its owner when the text gives one:
- a cue noun right before a quoted name: mô hình “Tiếng kẻng an ninh”, mô hình phụ nữ “Tự học chữ…”, câu lạc bộ
  “…”, tủ sách “…”, sổ tay “…”, cách làm “…” — the quotes may be “ ”, " " or '' '', and left unclosed by a
  careless typist until the next comma or semicolon;
- a list after "như:", "tiêu biểu như:", "cụ thể như:", "là:", items split by ";" (and by "," when every item is
  quoted), each "[mô hình] <name> của|tại <owner>";
- an unquoted name after a verb of taking up: "ấp Tân Hưng đăng ký mô hình tiết kiệm nuôi heo đất;", "xây dựng
  mô hình camera an ninh ở …";
- a practice named by its owner: "cách làm của Đảng bộ xã Vân Sơn trong huy động sức dân phát triển giao thông";
- a notebook, a book or a column a unit issues: "phát hành “Sổ ghi người tốt, việc tốt…”", "Quận cũng triển
  khai thực hiện “sổ tay đảng viên”".

Never models: the campaign's own name, a directive's or an annual theme's title, a movement or a slogan named as
such ("phong trào “…”", "Người tốt - Việc tốt", "5 không, 3 sạch"), a contest or a column (unless the text
presents it as the unit's practice), a person honoured as an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.intake.article.text import capitalise, sentences, year_of
from kb.text.vietnamese import comparable_title, fold

OPEN, CLOSE = "“\"'‘«", "”\"'’»"
_QUOTED = re.compile(r"(?:''|[“\"‘«])\s*(?P<title>[^“”\"«»\n]{4,220}?)\s*(?:''|[”\"’»])")
_OPEN_ONLY = re.compile(r"(?:''|[“\"‘«])\s*(?P<title>[^“”\"«»\n;]{4,160}?)(?=\s*(?:;|\.\s|$))")
# Nouns that name a practice when a quoted or listed name follows them (folded).
CUE = (r"mo hinh(?: diem)?(?: [a-z]+){0,2}?|cach lam(?: hay)?|cau lac bo|clb|tu sach|so tay|so ghi|so|nhat ky|"
       r"cong trinh|phan viec|sang kien|de an|chuyen de diem")
_CUE_QUOTE = re.compile(r"(?<![a-z])(?P<cue>" + CUE + r")\s*[:,]?\s*$")
_LIST_HEAD = re.compile(r"(?:(?:tieu bieu|dien hinh|cu the|chang han|noi bat)(?: la| nhu)?|nhu|gom|la|"
                        r"(?:mo hinh|cach lam)(?: [a-z]+){0,6})\s*:\s*$")
_MODEL_WORD = re.compile(r"(?<![a-z])(?:mo hinh|cach lam|sang kien|phan viec|cong trinh)(?![a-z])")
_TAKE_UP = re.compile(r"(?<![\w])(?:đăng ký|đăng kí|xây dựng|thực hiện|triển khai|duy trì|nhân rộng|phát huy|ra mắt|"
                      r"thành lập|áp dụng|có|với)\s+(?:thí điểm\s+|thành công\s+|hiệu quả\s+)?mô hình\s+"
                      r"(?![“\"'‘«])", re.I)
_NAME_CHARS = re.compile(r"[^;.:“\"”()]{6,160}")
_PRACTICE_OF = re.compile(r"cách làm (?:hay |sáng tạo |hiệu quả |thiết thực )?của\s+(?P<owner>[^;.]{4,80}?),?\s+"
                          r"(?:trong|về|trong việc|ở việc|khi)\s+(?P<title>[^;.]{8,160})", re.I)
_ISSUED = re.compile(r"(?:phát hành|ra mắt|biên soạn|xây dựng|triển khai thực hiện|triển khai|duy trì|in)\s+"
                     r"(?:cuốn\s+|bộ\s+|tập\s+)?(?:sách|sổ tay|sổ|nhật ký|bản tin|tài liệu)?\s*$", re.I)
_OWNER_AFTER = re.compile(r"^\s*,?\s*(?:của|tại|ở|do)\s+(?P<owner>[^;.()“”\"]{3,90})")
_OWNER_END = re.compile(r",\s*(?:hiện|đã|đang|được|nhằm|góp phần|mang lại|với|qua đó|từ đó|giúp|thu hút|cho|tổng|"
                        r"huy động|có|trong đó|gồm)\b|\s+(?:đã|đang|được|giúp|với|cho|nhằm|góp phần|mang lại|thu hút|"
                        r"huy động|có)\s")
_TITLE_END = re.compile(r"\s+(?:của|tại(?! nguồn| chỗ| nhà| gia)|ở|do|được|đã|đang|với|nhằm|góp phần|mang lại|giúp|cho|từ|thu hút|huy động|"
                        r"trên địa bàn|tới|đến|để|vào|và đã|nay|hiện nay|hiện|rất|khá|bước đầu)\s.*$|"
                        r",\s*(?:được|đã|góp phần|mang lại|giúp|thu hút|huy động|tổng|có|qua đó|từ đó|nhằm).*$|"
                        r",\s*[^,;]{2,40}?\s(?:đăng ký|đăng kí|xây dựng|thực hiện|triển khai)\s.*$")
_OWNER_BEFORE = re.compile(r"(?:^|[;:]\s*|,\s+|\.\s+)(?P<owner>(?:[^\W\d_][^;:,.]{2,70}?))\s+"
                           r"(?:đăng ký|đăng kí|xây dựng|thực hiện|triển khai|duy trì|với|có)\s+(?:thí điểm\s+)?"
                           r"(?:mô hình|cách làm)\s*[^;:,.]{0,12}$")
_NOT_MODEL_BEFORE = re.compile(r"(?:chỉ thị|nghị quyết|kết luận|kế hoạch|hướng dẫn|chuyên đề|cuộc vận động|phong trào|"
                               r"khẩu hiệu|chủ đề|tinh thần|giải thưởng|giải|chương trình|hội thảo|tọa đàm|lễ|"
                               r"danh hiệu|cờ thi đua|bằng khen|tác phẩm|bài viết|bài hát|cuốn sách)"
                               r"(?:\s+[\w\d/\-–]+){0,4}\s*(?:về\s*)?[:,]?\s*$", re.I)
_PERSON = re.compile(r"^(?:anh|chị|ông|bà|cô|thầy|em|cháu|đồng chí|đ/c|cựu chiến binh|bác|cụ)\s", re.I)
_CAMPAIGN = ("hoc tap va lam theo", "lam theo", "hoc tap, lam theo", "day manh hoc tap va lam theo",
             "day manh viec hoc tap va lam theo", "hoc va lam theo")
SLOGANS = {"nguoi tot viec tot", "nguoi that viec that", "toan dan doan ket xay dung doi song van hoa",
           "ngay vi nguoi ngheo", "xay dung nong thon moi", "do thi van minh", "dan van kheo", "thi dua dan van kheo",
           "phat huy truyen thong cong hien tai nang xung danh bo doi cu ho", "tuoi tre song dep",
           "5 khong 3 sach", "ca nuoc chung tay vi nguoi ngheo khong de ai bi bo lai phia sau",
           "chung suc xay dung nong thon moi", "ngay thu bay tinh nguyen", "thang thanh nien"}
_MAX_TITLE_WORDS = 30


@dataclass
class ModelFound:
    title: str
    owner: str | None
    kind: str
    year: int | None
    sentence: str
    confidence: float
    how: str  # quoted | list | take-up | practice-of | issued
    segment: str = ""  # the words of the text that speak of this model (its list item, its clause)


def find_models(paragraphs: list[str], theme_titles: list[str], place: str | None) -> list[ModelFound]:
    found: list[ModelFound] = []
    seen: set[str] = set()
    themes = {comparable_title(t) for t in theme_titles}

    def add(item: ModelFound) -> None:
        title = _clean_title(item.title)
        if not title:
            return
        item.title = title
        key = comparable_title(title)
        if key in seen or key in themes or _not_a_model(title) or any(_contains(key, s) for s in seen):
            return
        seen.add(key)
        found.append(item)

    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            for item in _quoted_after_cue(sentence) + _listed(sentence) + _taken_up(sentence) + _practice_of(sentence) \
                    + _issued(sentence) + _carried_out(sentence, place):
                add(item)
    return found


def _contains(key: str, other: str) -> bool:
    return len(key) > 12 and len(other) > 12 and (key in other or other in key)


def _clean_title(title: str) -> str | None:
    title = title.strip(" ,;:.-–—…“”\"'‘’«»")
    title = re.sub(r"^(?:mô hình|Mô hình)\s+(?=[“\"'‘«]?)", "", title).strip(" “”\"'‘’«»")
    title = re.sub(r"\s+", " ", title)
    if not title or len(title.split()) < 2 or len(title.split()) > _MAX_TITLE_WORDS:
        return None
    return capitalise(title)


def _not_a_model(title: str) -> bool:
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(title)))
    if folded in SLOGANS or any(folded.startswith(c + " tu tuong") or folded.startswith(c + " tam guong") or folded == c
                                for c in _CAMPAIGN):
        return True
    if re.match(r"^(?:chi thi|nghi quyet|ket luan|quy dinh|ke hoach|huong dan)\b", folded):
        return True
    return bool(_PERSON.match(title))


def _owner_after(rest: str) -> str | None:
    match = _OWNER_AFTER.match(rest)
    if not match:
        return None
    owner = _OWNER_END.split(match["owner"])[0].strip(" ,.…;")
    return owner if 2 <= len(owner.split()) <= 14 else None


def _owner_before(head: str) -> str | None:
    match = _OWNER_BEFORE.search(head)
    if not match:
        return None
    owner = match["owner"].strip(" ,")
    if owner.lower().startswith(("các ", "nhiều ", "những ", "đã ", "đang ", "cùng ", "tiếp tục ", "đồng thời ")) or \
            len(owner.split()) > 10:
        return None
    return capitalise(owner) if owner[:1].islower() and owner.split()[0].lower() in ("ấp", "thôn", "xã", "khu", "tổ",
                                                                                      "khóm", "bản") else owner


def _kind(owner: str | None) -> str:
    return "ca-nhan" if owner and _PERSON.match(owner) else "tap-the"


def _quoted_after_cue(sentence: str) -> list[ModelFound]:
    """'mô hình “X” của Y': a cue noun right before a quoted name."""
    out = []
    folded = fold(sentence)
    for match in list(_QUOTED.finditer(sentence)) or list(_OPEN_ONLY.finditer(sentence)):
        before = folded[max(0, match.start() - 40):match.start()]
        cue = _CUE_QUOTE.search(before)
        if not cue or _NOT_MODEL_BEFORE.search(sentence[max(0, match.start() - 60):match.start()]):
            continue
        owner = _owner_after(sentence[match.end():]) or _owner_before(sentence[:match.start()])
        confidence = 0.85 if "mo hinh" in cue.group("cue") else 0.7
        out.append(ModelFound(match["title"], owner, _kind(owner), year_of(sentence), sentence, confidence, "quoted",
                              _segment(sentence, match.start(), match.end())))
    return out


def _listed(sentence: str) -> list[ModelFound]:
    """Items of a list after 'như:' / 'tiêu biểu như:' when the sentence speaks of models."""
    folded = fold(sentence)
    out = []
    for head in re.finditer(r":", sentence):
        if not _LIST_HEAD.search(folded[:head.end()]) or not _MODEL_WORD.search(folded[:head.end()]):
            continue
        if re.search(r"(?:chủ đề|chuyên đề|nội dung|khẩu hiệu|phong trào|tiêu chí)[^:]{0,25}:\s*$", sentence[:head.end()],
                     re.I):
            continue  # 'theo các chủ đề: “…”; “…”' lists themes, not models
        items = [s for s in re.split(r";\s*", sentence[head.end():]) if s.strip()]
        if len(items) == 1 and sentence[head.end():].count("“") >= 2:
            items = [s for s in re.split(r"(?<=[”\"]),\s*", sentence[head.end():]) if s.strip()]
        for item in items:
            item = item.strip()
            quoted = _QUOTED.search(item) or _OPEN_ONLY.search(item)
            if quoted:
                title, rest = quoted["title"], item[quoted.end():]
                prefix = item[:quoted.start()]
                if _NOT_MODEL_BEFORE.search(prefix):
                    continue
            else:
                match = re.match(r"^(?:(?P<owner>[^,;:]{3,60}?)\s+(?:với|có|đăng ký|đăng kí|xây dựng|thực hiện)\s+)?"
                                 r"(?:mô hình|Mô hình)\s+(?P<title>.+)$", item)
                if not match:
                    continue
                title, rest, prefix = _TITLE_END.sub("", match["title"]), match["title"][len(_TITLE_END.sub(
                    "", match["title"])):], match["owner"] or ""
            owner = _owner_after(rest) or (prefix.strip(" ,:") if 1 < len(prefix.split()) <= 10 and not
                                           _NOT_MODEL_BEFORE.search(prefix) and not prefix.strip().lower().startswith(
                                               ("mô hình", "các", "nhiều")) else None)
            out.append(ModelFound(title, owner, _kind(owner), year_of(item), sentence, 0.8 if owner else 0.65,
                                  "list", item))
    return out


def _taken_up(sentence: str) -> list[ModelFound]:
    """'ấp Tân Hưng đăng ký mô hình tiết kiệm nuôi heo đất': an unquoted name after a verb of taking up."""
    out = []
    heads = list(_TAKE_UP.finditer(sentence))
    for index, match in enumerate(heads):
        # the name runs to the next item ('…; ấp Tân Đông đăng kí mô hình camera an ninh'), whose owner is not in it
        following = heads[index + 1].start() if index + 1 < len(heads) else len(sentence)
        named = _NAME_CHARS.match(sentence, match.end(), following)
        if not named:
            continue
        raw = named.group(0)
        if following < len(sentence) and named.end() == following:
            raw = re.sub(r",\s*[^,;]{0,40}$", "", raw)
        title = _TITLE_END.sub("", raw).strip()
        after = sentence[named.end():named.end() + 2]
        if len(title.split()) < 3 or after.startswith(":") or title.lower().endswith((" như", " gồm", " là")) or \
                title.lower().startswith(("học tập và làm theo", "điểm", "mới", "này", "đó",
                                                               "hiệu quả", "kiểu mẫu", "tiêu biểu", "hay",
                                                               "điển hình", "nói trên", "trên")):
            continue
        owner = _owner_after(raw[len(title):]) or _owner_before(sentence[:match.end()])
        out.append(ModelFound(title, owner, _kind(owner), year_of(sentence), sentence, 0.6, "take-up",
                              _segment(sentence, match.start(), match.end())))
    return out


def _practice_of(sentence: str) -> list[ModelFound]:
    """'cách làm của Đảng bộ xã Vân Sơn trong huy động sức dân…': a practice named by its owner."""
    out = []
    for match in _PRACTICE_OF.finditer(sentence):
        title = _TITLE_END.sub("", match["title"]).strip()
        out.append(ModelFound(title, match["owner"].strip(), "tap-the", year_of(sentence), sentence, 0.55,
                              "practice-of", _segment(sentence, match.start(), match.end())))
    return out


def _issued(sentence: str) -> list[ModelFound]:
    """'phát hành “Sổ ghi người tốt, việc tốt…”', 'triển khai thực hiện “sổ tay đảng viên”': a notebook, a book."""
    out = []
    for match in _QUOTED.finditer(sentence):
        head = sentence[max(0, match.start() - 60):match.start()]
        if not _ISSUED.search(head) or _NOT_MODEL_BEFORE.search(re.sub(r"cuốn sách\s*$", "", head)):
            continue  # 'phát hành cuốn sách “…”' is the unit's own book; 'cuốn sách “…”' alone is read, not made
        title = match["title"]
        if not re.match(r"^(?:sổ|nhật ký|tủ sách|sách|cẩm nang)\b", title, re.I) and not re.search(
                r"(?:sổ|nhật ký|sách)\s*$", head, re.I):
            continue
        out.append(ModelFound(title, None, "tap-the", year_of(sentence), sentence, 0.6, "issued",
                              _segment(sentence, match.start(), match.end())))
    return out


_CARRY_OUT = re.compile(r"(?:triển khai thực hiện|duy trì thực hiện|duy trì|nhân rộng|triển khai|thực hiện tốt|"
                        r"tổ chức thực hiện)\s*(?:có hiệu quả\s*|hiệu quả\s*|thường xuyên\s*)?$", re.I)


def _carried_out(sentence: str, place: str | None) -> list[ModelFound]:
    """'Huyện cũng triển khai thực hiện “Ngày thứ bảy vì dân” (từ năm 2015)': a quoted practice the unit carries
    out, named without a cue noun. Its owner is the unit the article is about (the place is written down)."""
    out = []
    for match in _QUOTED.finditer(sentence):
        head = sentence[max(0, match.start() - 50):match.start()]
        if not _CARRY_OUT.search(head) or _NOT_MODEL_BEFORE.search(head) or len(match["title"].split()) > 12:
            continue
        if re.match(r"^(?:sổ|nhật ký|tủ sách|sách|cẩm nang)\b", match["title"], re.I):
            continue  # read by _issued
        subject = re.match(r"^\s*(?:[^,]{0,40},\s*)?(Huyện|Xã|Tỉnh|Thị xã|Thành phố|Quận|Phường|Thị trấn)\b", sentence)
        owner = f"{subject.group(1)} {place}" if subject and place else None
        year = year_of(sentence[match.end():match.end() + 40]) or year_of(sentence)
        out.append(ModelFound(match["title"], owner, "tap-the", year, sentence, 0.5, "carried-out",
                              _segment(sentence, match.start(), match.end())))
    return out


def _segment(sentence: str, start: int, end: int) -> str:
    """The list item or clause (between semicolons) that holds a span of a sentence."""
    left = sentence.rfind(";", 0, start)
    right = sentence.find(";", end)
    return sentence[left + 1:right if right >= 0 else len(sentence)].strip()

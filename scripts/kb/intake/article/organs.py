"""Organisations named in a text: organ words, the name written after each, the places in and after it.

The vocabulary is of Vietnamese administrative and news prose: an organ word ("Huyện ủy", "Đảng ủy", "Trường",
"Công an", "Đồn Biên phòng") followed by its place ("xã Tân Phú", "tỉnh Bến Tre") or its own name ("THCS Vân Cơ",
"Khối các cơ quan tỉnh"). kb.intake.article.units weighs the mentions to find the reporting unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.text.vietnamese import comparable_title, fold

# Organ words, folded, longest first where one starts another. A mention is an organ word followed by a name.
ORGANS = sorted({
    "ban thuong vu tinh uy", "ban thuong vu huyen uy", "ban thuong vu thanh uy", "ban thuong vu quan uy",
    "ban thuong vu thi uy", "ban thuong vu dang uy", "thuong truc tinh uy", "thuong truc huyen uy",
    "thuong truc thanh uy", "ban chap hanh dang bo", "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy",
    "dang uy khoi cac co quan", "dang bo khoi cac co quan", "dang uy khoi doanh nghiep", "dang bo khoi doanh nghiep",
    "dang uy khoi", "dang bo khoi", "dang uy", "dang bo", "chi bo", "ban tuyen giao va dan van", "ban tuyen giao",
    "ban dan van", "ban to chuc", "uy ban kiem tra", "ban noi chinh", "ban chi dao", "bo phan giup viec",
    "ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan", "uy ban mat tran to quoc viet nam",
    "uy ban mat tran to quoc", "uy ban mttq viet nam", "uy ban mttq", "mttq", "mat tran to quoc",
    "hoi cuu chien binh", "hoi ccb", "hoi nong dan", "hoi lien hiep phu nu", "hoi lhpn", "hoi phu nu",
    "hoi khuyen hoc", "hoi nguoi cao tuoi", "hoi chu thap do", "hoi luat gia", "hoi cuu giao chuc",
    "doan thanh nien cong san ho chi minh", "doan thanh nien", "tinh doan", "huyen doan", "thanh doan",
    "lien doan lao dong", "cong doan", "cong an", "bo chi huy quan su", "ban chi huy quan su", "bo chqs",
    "ban chqs", "bchqs", "bo chi huy bo doi bien phong", "bo doi bien phong", "don bien phong", "bdbp", "trung doan",
    "su doan", "lu doan", "quan khu", "bo tu lenh", "hai doan", "bo chi huy", "truong", "dai hoc", "hoc vien",
    "benh vien", "trung tam y te", "tram y te", "tong cong ty", "cong ty", "tap doan", "ngan hang",
    "chi nhanh", "hop tac xa", "lien hiep hop tac xa", "ban bi thu", "bo chinh tri", "so", "phong",
    "cuc", "chi cuc", "kho bac", "vien kiem sat", "toa an", "dai phat thanh", "trung tam chinh tri",
    "lien hiep htx", "htx",
}, key=lambda o: (-len(o), o))
# The Vietnamese spelling of organ words whose folded form is also another word ('Sở' / 'SỐ', 'Trường' / 'trưởng').
SPELLED = {"so": ("sở",), "phong": ("phòng",), "cuc": ("cục",), "truong": ("trường",), "chi bo": ("chi bộ",),
           "dang bo": ("đảng bộ",), "dang uy": ("đảng ủy", "đảng uỷ"), "cong an": ("công an",), "bo chinh tri":
           ("bộ chính trị",), "chi cuc": ("chi cục",), "cong ty": ("công ty",), "tinh uy": ("tỉnh ủy", "tỉnh uỷ"),
           "huyen uy": ("huyện ủy", "huyện uỷ"), "thanh uy": ("thành ủy", "thành uỷ"), "quan uy": ("quận ủy", "quận uỷ"),
           "thi uy": ("thị ủy", "thị uỷ"), "hoi phu nu": ("hội phụ nữ",), "hoi nong dan": ("hội nông dân",),
           "tap doan": ("tập đoàn",), "toa an": ("tòa án", "toà án"), "bo chi huy": ("bộ chỉ huy",),
           "ban to chuc": ("ban tổ chức",), "ban dan van": ("ban dân vận",)}
# Organs whose own name may start with a number ('Chi bộ 1', 'Trung đoàn 9', 'Sư đoàn 330').
NUMBERED = {"chi bo", "dang bo", "dang uy", "trung doan", "su doan", "lu doan", "quan khu", "hai doan", "don bien phong",
            "truong"}
# Organs that stand for a province's own body when no place follows: 'Bộ CHQS', 'Công an' → '… tỉnh X'.
PROVINCIAL = {"bo chi huy quan su", "bo chqs", "bchqs", "bo chi huy bo doi bien phong", "cong an", "dang bo khoi cac co quan",
              "dang uy khoi cac co quan", "dang bo khoi doanh nghiep", "dang uy khoi doanh nghiep", "hoi cuu chien binh",
              "hoi ccb", "hoi nong dan", "hoi lien hiep phu nu", "hoi lhpn", "tinh doan", "lien doan lao dong"}
DISTRICT_LEVEL = {"ban chi huy quan su", "ban chqs", "huyen doan", "trung tam chinh tri"}
TERRITORY = {"tinh uy": "tinh", "thanh uy": "tinh", "huyen uy": "huyen", "quan uy": "huyen", "thi uy": "huyen"}
ORGAN_OF_LEVEL = {"tinh": "Tỉnh ủy", "huyen": "Huyện ủy", "quan": "Quận ủy", "thi-xa": "Thị ủy",
                  "thanh-pho": "Thành ủy", "xa": "Đảng ủy xã", "phuong": "Đảng ủy phường",
                  "thi-tran": "Đảng ủy thị trấn"}
# Organs that must be followed by a name of their own to be a unit ('Sở Y tế', not the word 'sở').
NEEDS_NAME = {"so", "phong", "cuc", "truong", "cong ty", "ngan hang", "chi nhanh", "trung tam chinh tri",
              "hop tac xa", "htx", "bo chi huy", "dang uy", "dang bo", "chi bo", "cong an", "cong doan",
              "benh vien", "hoc vien", "dai hoc", "tap doan", "tong cong ty", "mttq", "vien kiem sat", "toa an"}
NATIONAL = {"ban bi thu", "bo chinh tri"}
# Written in lower case in running text too ('chi bộ Nà Thuôn', 'trường THPT Đông Hưng Hà', 'công an tỉnh').
LOWER_OK = {"chi bo", "dang bo", "dang uy", "truong", "cong an", "don bien phong", "ban chi huy quan su",
            "bo chi huy quan su"}
PLACE_KINDS = ("thị trấn", "thị xã", "thành phố", "tổ dân phố", "khu dân cư", "khu phố", "phường", "huyện", "quận",
               "tỉnh", "xã", "ấp", "thôn", "bản", "khóm", "khối", "tổ", "làng", "buôn", "TP.", "TP")
_PLACE_KIND = re.compile(r"(" + "|".join(re.escape(k) for k in PLACE_KINDS) + r")\s+", re.I)
# Words of two or more syllables inside an organisation's own name whose later syllables are written in lower case
# ('Sở Giáo dục và Đào tạo', 'Hội Cựu chiến binh', 'Trường Trung học cơ sở'). A lower-case syllable joins a name
# only as the next syllable of one of these words, so 'Huyện ủy Bắc Sơn chỉ đạo …' ends at 'Bắc Sơn'.
NAME_WORDS = (
    "các cơ quan", "doanh nghiệp", "trung học", "cơ sở", "phổ thông", "tiểu học", "mầm non", "dân tộc", "nội trú",
    "bán trú", "liên cấp", "chuyên", "đa khoa", "y tế", "quân sự", "cựu chiến binh", "phụ nữ", "nông dân",
    "thanh niên", "cộng sản", "giáo dục", "đào tạo", "văn hóa", "văn hoá", "thể thao", "du lịch", "tư pháp", "nội vụ",
    "tài chính", "kế hoạch", "đầu tư", "xây dựng", "giao thông", "vận tải", "lao động", "thương binh", "xã hội",
    "khuyến học", "khuyến nông", "lâm nghiệp", "nông nghiệp", "phát triển", "nông thôn", "thủy sản", "thuỷ sản",
    "cổ phần", "trách nhiệm hữu hạn", "một thành viên", "bộ đội", "biên phòng", "chỉ huy", "công an", "tuyên giáo",
    "dân vận", "tổ chức", "kiểm tra", "mặt trận", "tổ quốc", "liên hiệp", "kinh tế", "hàng hải", "điện lực",
    "bưu điện", "viễn thông", "chữ thập", "người cao tuổi", "dịch vụ", "thương mại", "chi nhánh", "tâm thần",
    "răng hàm mặt", "ung bướu", "chấn thương chỉnh hình", "dạy nghề", "kỹ thuật", "hướng nghiệp", "môi trường",
    "tài nguyên", "khoa học", "công nghệ", "thông tin", "truyền thông", "xuất nhập cảnh", "cảnh sát", "quản lý",
    "hành chính", "chính trị", "an ninh", "đối ngoại", "hình sự", "bảo hiểm", "xăng dầu", "nước sạch", "cao đẳng",
    "đại học", "sư phạm", "công thương", "nội chính", "luật gia", "cựu giáo chức", "ngoại vụ", "thống kê",
    "kho bạc", "thuế", "hải quan", "kiểm sát", "nhân dân", "tòa án", "toà án", "phát thanh", "truyền hình",
    "học viện", "bệnh viện", "trung tâm", "hợp tác xã", "liên đoàn", "công đoàn", "đoàn thanh niên",
    "khu kinh tế", "khu công nghiệp", "khu chế xuất", "da liễu", "nhi đồng", "phụ sản", "sản nhi", "y học cổ truyền",
    "phục hồi chức năng", "tim mạch", "nội tiết", "thanh tra", "quân đội", "quân khu", "phòng cháy chữa cháy",
    "hậu cần", "tham mưu", "cơ yếu", "dân quân tự vệ", "năng lượng", "cấp nước", "thoát nước", "đô thị",
    "công trình", "thủy lợi", "thuỷ lợi", "cao su", "khoáng sản", "dầu khí", "hóa chất", "dệt may", "xi măng",
    "lương thực", "thực phẩm", "chăn nuôi", "thú y", "bảo vệ thực vật", "kiểm lâm", "khí tượng thủy văn",
    "chính sách xã hội", "nông nghiệp và phát triển nông thôn", "văn hóa thể thao và du lịch",
    "tài nguyên và môi trường", "khoa học và công nghệ", "thông tin và truyền thông", "giao thông vận tải",
    "lao động thương binh và xã hội", "kế hoạch và đầu tư", "giáo dục và đào tạo", "giáo dục thường xuyên",
    "nghề nghiệp", "bồi dưỡng", "lý luận", "tuyên truyền", "báo chí", "xuất bản", "phát hành", "in",
)
# The ones a name may carry in lower case from their first syllable ('Khối các cơ quan', 'Công ty cổ phần').
LOWER_FIRST = ("các cơ quan", "cơ sở", "doanh nghiệp", "cổ phần", "trách nhiệm hữu hạn", "một thành viên",
               "dân tộc nội trú", "nội trú", "bán trú", "liên cấp", "đa khoa", "nhân dân")
_NEXT_SYLLABLE = {}
for _word in NAME_WORDS + LOWER_FIRST:
    _syllables = fold(_word).split()
    for _a, _b in zip(_syllables, _syllables[1:]):
        _NEXT_SYLLABLE.setdefault(_a, set()).add(_b)
_LOWER_FIRST = [fold(w).split() for w in sorted(LOWER_FIRST, key=lambda w: -len(w.split()))]
LINKERS = {"và"}  # inside a name only between two capitalised words
_ABBREVIATED = {"TP.", "Tp.", "TT.", "Q.", "P."}
_TOKEN = re.compile(r"[^\W_][\w'’\-]*\.?|\d+[\w\-]*|[(),;:.–—-]", re.U)
_TIME_LEAD = re.compile(r"^(?:(?:Sáng|Chiều|Tối|Trưa|Ngày|Hôm|Vào|Trong|Thời gian|Những năm|Năm|Từ|Qua|Sau|Với|"
                        r"Thực hiện|Để|Nhằm|Nhân|Hưởng ứng|Theo|Tại|Những|Thời)\b[^,]{0,80},\s*)+")
_ISSUER = re.compile(r"(?:chỉ thị|nghị quyết|kết luận|quy định|hướng dẫn|kế hoạch|thông báo|công văn|"
                     r"quyết định|bằng khen|giấy khen|cờ thi đua|đề án|chương trình)[^;\n]{0,90}?\b(?:của|cuả|do)\s*$", re.I)
_OFFICE = re.compile(r"(?:đồng chí|đ/c|ông|bà|thượng tá|đại tá|trung tá|thiếu tá)\s[^.;]{0,80}$"
                     r"|(?:phó|trưởng|bí thư|chủ tịch|giám đốc|hiệu trưởng|ủy viên|uỷ viên|chánh)\s*[^.;,]{0,30}$", re.I)


@dataclass
class Mention:
    organ: str  # folded organ word ('huyen uy'); '' for a place without an organ
    text: str  # as written, trimmed ('Huyện ủy Cầu Ngang')
    places: list[tuple[str, str]]  # (kind word, name) in the mention ('huyện', 'Cầu Ngang')
    where: str  # title | lead | body
    start: int
    subject: bool = False  # opens its sentence (after a time phrase)
    context: list[tuple[str, str]] = field(default_factory=list)  # places written just after it (', xã Y', '(Tỉnh)')
    counts: bool = True  # False: an issuer, a giver of an award, a guest's office
    issuer: bool = False  # named as the issuer of a document or the giver of an award


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def _name_after(text: str, at: int, limit: int = 10, numbered: bool = True) -> tuple[int, list[str], list[tuple[str, str]]]:
    """The tokens of an organisation's own name after its organ word, and the places in it.

    A place kind with no name after it ('Công an tỉnh đã …') ends the name and stays in it; an abbreviation in
    brackets ('Ban Chỉ huy Quân sự (CHQS) huyện Tân Trụ') is skipped; a second place ('Chi bộ ấp X xã Y') says
    where the first is and is not part of the name."""
    tokens = list(_TOKEN.finditer(text[at:at + 180]))
    taken: list[tuple[str, bool]] = []  # (word, soft): soft words are linking words that may not end a name
    places: list[tuple[str, str]] = []
    end = at
    index = 0

    def take(first: int, last: int, soft: bool = False) -> None:
        nonlocal end
        for token in tokens[first:last]:
            taken.append((token.group(0).rstrip("."), soft))
        end = at + tokens[last - 1].end() - (1 if tokens[last - 1].group(0).endswith(".") and
                                            tokens[last - 1].group(0) not in _ABBREVIATED else 0)

    while index < len(tokens) and len(taken) < limit:
        token = tokens[index].group(0)
        if token == "(" and index + 2 < len(tokens) and tokens[index + 2].group(0) == ")" and \
                tokens[index + 1].group(0).isupper():
            index += 3  # '(CHQS)'
            continue
        if token in "(),;:.–—":
            break
        if index == 0 and token.isdigit() and not numbered:
            break
        lower = token.lower().rstrip(".")
        following = tokens[index + 1].group(0).lower().rstrip(".") if index + 1 < len(tokens) else ""
        if lower == "trung" and following == "ương":
            take(index, index + 2)
            index += 2
            continue
        if lower in ("tỉnh", "huyện", "thành", "quận", "thị") and following in ("ủy", "uỷ"):
            take(index, index + 2)
            if tokens[index + 1].group(0).endswith("."):
                break
            index += 2
            continue
        nested = _ORGAN_RE.match(fold(text[at + tokens[index].start():at + tokens[index].start() + 60]))
        if nested and not places and (nested.group(1) not in ("so", "phong", "cuc", "truong") or token[:1].isupper()):
            size = len(nested.group(1).split())
            if index + size <= len(tokens):
                take(index, index + size)
                index += size
                continue
        kind = next((k for k in PLACE_KINDS if text[at + tokens[index].start():].lower().startswith(k.lower() + " ")),
                    None)
        if kind and places:
            break  # 'Chi bộ ấp Bưng Chụm xã Tham Đôn': the second place says where the first is
        if kind:
            size = len(kind.split())
            names = []
            j = index + size
            while j < len(tokens) and _capitalised(tokens[j].group(0)) and len(names) < 4:
                word = tokens[j].group(0)
                if len(names) >= 2 and _person_ahead(tokens, j):
                    break  # 'xã Tân Phú Nguyễn Văn A': a person's name after the place
                stop = word.endswith(".") and word not in _ABBREVIATED
                names.append(word.rstrip(".") if stop else word)
                j += 1
                if stop:
                    break
            if names:
                places.append((kind.lower().rstrip("."), " ".join(names)))
                take(index, j)
                if tokens[j - 1].group(0).endswith(".") and tokens[j - 1].group(0) not in _ABBREVIATED:
                    break
                index = j
                continue
            if kind.lower() in ("tỉnh", "huyện", "thành phố", "thị xã", "quận", "xã", "phường"):
                take(index, index + size)  # 'Công an tỉnh': the province the article is about (completed later)
            break
        if not _capitalised(token) and taken:
            size = _lower_run(tokens, index, taken[-1][0])
            if size:
                take(index, index + size, soft=lower in LINKERS)
                index += size
                continue
            break
        if _capitalised(token):
            if sum(1 for word, _ in taken if _capitalised(word)) >= 2 and _person_ahead(tokens, index):
                break  # 'Huyện ủy Thạch Hà Nguyễn Văn Thắng': the name ends before the person's
            stop = token.endswith(".") and token not in _ABBREVIATED and len(token) > 2
            take(index, index + 1)
            index += 1
            if stop:
                break
            continue
        break
    while taken and taken[-1][1]:  # no dangling 'và', 'các'
        taken.pop()
    return end, [word for word, _ in taken], places


# The commonest family names: a run of two to four capitalised words opening with one, after a unit's name, is a
# person ('Phó Bí thư Huyện ủy Thạch Hà Nguyễn Văn Thắng'), not part of the name.
SURNAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Đinh", "Đoàn", "Lương", "Trịnh", "Mai", "Cao", "Lâm", "Tạ", "Hà", "Chu", "Đào", "Vương"}


def _person_ahead(tokens, index: int) -> bool:
    if tokens[index].group(0) not in SURNAMES:
        return False
    following = [t.group(0) for t in tokens[index + 1:index + 4]]
    run = 0
    for word in following:
        if not _capitalised(word) or word in "(),;:.–—-":
            break
        run += 1
    return run >= 1 and (index + 1 + run >= len(tokens) or not _capitalised(tokens[index + 1 + run].group(0)))


def _lower_run(tokens, index: int, before: str) -> int:
    """How many lower-case tokens from index belong to the name: the next syllable of a name word begun before
    ('Giáo' → 'dục'), a name word the text writes in lower case whole ('cơ sở', 'các cơ quan'), or 'và' between
    two capitalised words. 0: the name ended."""
    words = [fold(t.group(0)).lower().rstrip(".") for t in tokens[index:index + 4]]
    if words[0] in _NEXT_SYLLABLE.get(fold(before).lower(), ()):
        return 1
    for syllables in _LOWER_FIRST:
        if words[:len(syllables)] == syllables:
            return len(syllables)
    if words[0] in LINKERS and len(tokens) > index + 1 and _capitalised(tokens[index + 1].group(0)):
        return 1
    return 0


_ORGAN_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(o) for o in ORGANS) + r")(?![a-z0-9])")


def mentions(text: str, where: str) -> list[Mention]:
    """Every organisation named in a text, and every place named without an organ."""
    folded = fold(text)
    found: list[Mention] = []
    taken_spans: list[tuple[int, int]] = []
    for match in _ORGAN_RE.finditer(folded):
        organ = match.group(1)
        start, end = match.span()
        if any(a <= start < b for a, b in taken_spans):
            continue
        if organ.startswith("thuong truc ") and re.search(r"(?:bi thu|chu tich)\s*$", folded[max(0, start - 20):start]):
            organ = organ[len("thuong truc "):]  # 'Phó Bí thư Thường trực Huyện ủy X': an office, then the committee
            start += len("thuong truc ")
        written_organ = text[start:end]
        if organ in SPELLED and comparable_title(written_organ) not in {comparable_title(w) for w in SPELLED[organ]}:
            continue
        first = text[start]
        if not first.isupper() and organ not in LOWER_OK:
            continue
        name_end, words, places = _name_after(text, end, numbered=organ in NUMBERED)
        if not first.isupper() and not places and not (words and (words[0][:1].isupper() or words[0].isdigit())):
            continue
        if organ in NEEDS_NAME and not words:
            continue
        if organ in ("so", "phong", "cuc") and (not words or not words[0][:1].isupper()):
            continue
        if organ.startswith("ban ") and organ not in ("ban thuong vu tinh uy", "ban bi thu") and \
                not re.match(r"\S+\s+[A-ZĐÂĂÊÔƠƯ]", written_organ):
            continue  # 'ban tổ chức' of an event, not the party's Ban Tổ chức
        if organ == "truong" and (re.search(r"[A-ZĐ]\w*\s*$", text[max(0, start - 12):start])
                                  or not words or fold(words[0]) in ("ban", "phong", "khoa", "doan")):
            continue  # 'Quảng trường Hồ Chí Minh', 'Trưởng ban': not a school
        written = (text[start:end] + (" " + " ".join(words) if words else "")).strip()
        written = written[:1].upper() + written[1:]
        written = re.sub(r"^(Tỉnh [ủu][yỷ]) tỉnh ", r"\1 ", written)  # 'Tỉnh ủy tỉnh Trà Vinh' → 'Tỉnh ủy Trà Vinh'
        written = re.sub(r"^(Thành [ủu][yỷ]) thành phố ", r"\1 ", written)
        mention = Mention(organ, written, places, where, start)
        mention.context = _context_places(text, name_end)
        before = text[max(0, start - 120):start]
        mention.issuer = bool(_ISSUER.search(before))
        mention.counts = not mention.issuer and not _OFFICE.search(before)
        found.append(mention)
        taken_spans.append((start, name_end))
    for match in _PLACE_KIND.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in taken_spans):
            continue
        kind = match.group(1).lower().rstrip(".")
        if kind in ("tổ", "khối", "bản", "làng") or (match.group(1)[0].isupper() and kind not in ("huyện", "tỉnh",
                                                                                                     "xã", "phường")):
            pass
        _, words, _ = _name_after(text, match.end(), limit=4)
        words = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
        if not words or kind in ("tổ", "khối", "làng"):
            continue
        place = " ".join(words)
        found.append(Mention("", f"{kind} {place}", [(kind, place)], where, start,
                             context=_context_places(text, match.end() + len(place) + 1)))
    for mention in found:
        mention.subject = _opens_sentence(text, mention.start)
    return sorted(found, key=lambda m: m.start)


def _context_places(text: str, at: int) -> list[tuple[str, str]]:
    """Places written right after a name: ', xã Thượng Lâm', ', huyện Sơn Dương (Tuyên Quang)', ' tỉnh Bình Dương'."""
    out = []
    tail = text[at:at + 120]
    for match in re.finditer(r"^\s*(?:,|\(|-|–|thuộc)?\s*(" + "|".join(re.escape(k) for k in PLACE_KINDS) + r")\s+"
                             r"((?:[^\W\d_][\w'’]*|\d+)(?:\s+(?:[^\W\d_][\w'’]*|\d+)){0,3})", tail):
        words = []
        for word in match.group(2).split():
            if not _capitalised(word):
                break
            words.append(word)
        if words:
            out.append((match.group(1).lower().rstrip("."), " ".join(words)))
            rest = tail[match.start(2) + len(" ".join(words)):]
            out += _context_places(rest, 0) if len(out) < 3 else []
    paren = re.match(r"^\s*\(([^()]{2,30})\)", tail)
    if paren:
        out.append(("", paren.group(1).strip()))
    return out[:4]


def _opens_sentence(text: str, start: int) -> bool:
    head = text[max(0, start - 200):start]
    cut = max(head.rfind(". "), head.rfind("\n"), head.rfind(": "), head.rfind("? "), head.rfind("! "))
    lead = head[cut + 1:].strip() if cut >= 0 else head.strip()
    if not lead:
        return True
    return bool(_TIME_LEAD.fullmatch(lead + " ")) or bool(re.fullmatch(r"(?:[\w/]+\s*){0,4},", lead))

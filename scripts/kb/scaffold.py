"""Templates for new records (`kb new unit|theme|directive`).

Each template is a valid record (it passes `kb check` as soon as its
references exist) whose comments explain every field in Vietnamese.
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Diagnostic, diagnostic
from .vietnamese import slugify

# What the templates below write for a person to replace: a value, a body, or a '# SỬA' comment.
PLACEHOLDER_VALUES = ("Tiêu đề bài viết nguồn", "Nguồn của tên chuyên đề", "Nguồn của các thông tin trên")
PLACEHOLDER_BODY = "SỬA:"
PLACEHOLDER_MARK = re.compile(r"(?:^|\s)#\s*SỬA\b")

ORGAN_PREFIXES = [
    "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Huyện ủy", "Ban Thường vụ Thành ủy", "Ban Thường vụ Quận ủy",
    "Đảng ủy thị trấn", "Đảng ủy phường", "Đảng ủy xã", "Đảng bộ thị trấn", "Đảng bộ phường", "Đảng bộ xã",
    "Đảng bộ huyện", "Đảng bộ quận", "Đảng bộ tỉnh", "Đảng bộ thành phố", "Đảng bộ",
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Chi bộ",
    "UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân",
]
LEVEL_WORDS = {"tỉnh ủy": "tinh", "thành ủy": "tinh", "huyện ủy": "huyen", "quận ủy": "huyen", "thị ủy": "huyen",
               "xã": "xa", "phường": "xa", "thị trấn": "xa", "chi bộ": "chi-bo"}


def place_of(name: str) -> str:
    """'Huyện ủy Cầu Ngang' → 'Cầu Ngang' (tone placement of the prefix does not matter).

    A party cell, agency or school is at the place its name gives after a kind of place
    ('Chi bộ 1, Đảng bộ Công an huyện Cầu Ngang' → 'Cầu Ngang'), else its place is its own name."""
    folded = slugify(name)
    for prefix in ORGAN_PREFIXES:
        slug = slugify(prefix)
        if folded.startswith(slug + "-") and prefix != "Chi bộ":
            words = len(prefix.split())
            rest = " ".join(name.split()[words:])
            if "," not in rest and any(ch.isalpha() for ch in rest):
                return rest
            break
    return named_place(name) or name.split(",")[0].strip()


def named_place(name: str) -> str | None:
    """The place a name gives after its first kind of place: 'Công an huyện Cầu Ngang' → 'Cầu Ngang'."""
    from .ids import PLACE_KINDS
    words = name.replace(",", " , ").split()
    lowered = [word.lower() for word in words]
    for index in range(len(words)):
        for kind in PLACE_KINDS:
            size = len(kind.split())
            if lowered[index:index + size] == kind.split() and index + size < len(words):
                rest = words[index + size:]
                rest = rest[:rest.index(",")] if "," in rest else rest
                return " ".join(rest) or None
    return None


def level_of(name: str) -> str:
    lowered = slugify(name)
    for word, level in LEVEL_WORDS.items():
        if lowered.startswith(slugify(word)) or f"-{slugify(word)}-" in f"-{lowered}-"[:40]:
            return level
    return "co-quan"


def unit_template(unit_id: str, name: str, place: str, level: str, province: str, today: str) -> str:
    return f'''---
# Hồ sơ đơn vị. Xem bảng trường dữ liệu: /huong-dan/truong-du-lieu/ trên trang web.
# Mọi thông tin phải có trong bài nguồn; điều gì suy luận thì ghi vào "note" của nguồn.
id: "{unit_id}"
name: "{_quote(name)}"          # tên đơn vị như bài viết ghi
place: "{_quote(place)}"        # địa danh, không có tên cơ quan phía trước
level: {level}                  # tinh | huyen | xa | co-quan | chi-bo
province: {province}            # mã tỉnh tại thời điểm báo cáo (records/provinces.yml)
# directives: [05-ct-tw]        # văn bản bài viết nhắc tới (records/directives/)
# themes: ["2018"]              # chuyên đề bài viết nhắc tới trong báo cáo của đơn vị (records/themes/)
sources:
  - title: "Tiêu đề bài viết nguồn"   # SỬA: tiêu đề bài như bài ghi
    date: "{today}"                   # SỬA: ngày đăng, dạng "YYYY-MM-DD" (xoá chú thích này khi đã sửa)
    # publisher: "Báo ..."            # cơ quan đăng bài
    # author: "..."                   # tác giả
    # url: "https://..."
# models:                       # mô hình, điển hình
#   - title: "Tên mô hình như trong bài"
#     owner: "Chủ thể như bài ghi"
#     kind: tap-the             # tap-the | ca-nhan
#     field: giao-duc           # mã lĩnh vực (records/topics.yml)
# lessons:                      # bài học kinh nghiệm được đánh số trong bài
#   - title: "Tên ngắn của bài học"
#     order: "Một là"
#     text: "Nguyên văn bài học"
#     topics: [vai-tro-nguoi-dung-dau]
# results:                      # số liệu: 4.800 viết 4800, 98,8% viết 98.8
#   - label: "Nội dung chỉ tiêu"
#     value: 100
#     unit: "%"
#     year: 2018
# limitations:                  # hạn chế, nguyên văn
#   - text: "..."
---
SỬA: tóm tắt bằng lời của bạn những gì bài viết kể về đơn vị (markdown, không dùng HTML).
'''


def theme_template(theme_id: str, year: int, title: str, today: str) -> str:
    return f'''---
# Chuyên đề hằng năm.
id: "{theme_id}"
year: {year}
title: "{_quote(title)}"
# directive: 05-ct-tw           # văn bản mà chuyên đề phục vụ
# guidance: []                  # văn bản hướng dẫn học tập chuyên đề
sources:
  - title: "Nguồn của tên chuyên đề"   # SỬA
    date: "{today}"                     # SỬA: ngày đăng (xoá chú thích này khi đã sửa)
---
SỬA: mô tả ngắn về chuyên đề.
'''


def directive_template(directive_id: str, code: str, kind: str, issuer: str) -> str:
    return f'''---
# Văn bản: chỉ thị, kết luận, kế hoạch, hướng dẫn.
id: {directive_id}
code: "{_quote(code)}"          # số hiệu như văn bản ghi
kind: {kind}                    # chi-thi | ket-luan | nghi-quyet | ke-hoach | huong-dan | quy-dinh
issuer: "{_quote(issuer)}"      # cơ quan ban hành
# date: "YYYY-MM-DD"            # ngày ban hành
# title: "Trích yếu"
# replaces: []                  # văn bản được thay thế
unverified: [date, title]       # bỏ các trường đã kiểm chứng khỏi danh sách này
sources:
  - title: "Nguồn của các thông tin trên"   # SỬA
---
SỬA: một đoạn mô tả văn bản.
'''


def directive_id_for(code: str, issuer_unit: str | None) -> str:
    base = slugify(code)
    local = issuer_unit and not code.upper().endswith("/TW")
    return f"{base}-{issuer_unit}" if local else base


def kind_of_code(code: str) -> str:
    upper = code.upper()
    for marker, kind in (("-CT/", "chi-thi"), ("-KL/", "ket-luan"), ("-NQ/", "nghi-quyet"),
                         ("-KH/", "ke-hoach"), ("-HD/", "huong-dan"), ("-QĐ/", "quy-dinh"), ("-QD/", "quy-dinh")):
        if marker in upper:
            return kind
    return "chi-thi"


def existing_units(root: Path) -> dict[str, str]:
    """Unit id → the province folder it is filed under."""
    return {p.stem: p.parent.name for p in (root / "records" / "units").rglob("*.md")}


def read_catalog(root: Path, name: str) -> dict:
    """A catalogue of records/ (provinces.yml, topics.yml, districts.yml...) read the checker's way
    (kb.load, kb.yamlsource: YAML 1.2 typing, no duplicate keys); {} when it is missing or unreadable,
    since `kb check` is where a broken catalogue is reported."""
    from .load import read_text
    from .yamlsource import read_yaml
    path = Path(root) / "records" / name
    if not path.is_file():
        return {}
    text = read_text(path, f"records/{name}", [])
    located = read_yaml(text) if text is not None else None
    if located is None or located.problems or not isinstance(located.data, dict):
        return {}
    return located.data


def provinces_with_district(root: Path, place: str) -> list[str]:
    """The provinces that had a district of this name on 04/01/2025 (records/districts.yml)."""
    from .districts import DistrictIndex
    from .records import District
    data = read_catalog(root, "districts.yml")
    index = DistrictIndex({province: [District(**item) for item in items]
                           for province, items in (data.get("provinces") or {}).items()})
    return sorted({province for province, _ in index.folded(place)})


def known_provinces(root: Path) -> list[str]:
    return [p["id"] for p in read_catalog(root, "provinces.yml").get("provinces", [])]


def draft_problems(source) -> list[Diagnostic]:
    """What a first draft still holds that a person must change (called by the checker):

    - KB140: a placeholder left from `kb new` — a template value such as the source title
      "Tiêu đề bài viết nguồn", a body starting "SỬA:", or a line still marked '# SỬA' (the date the
      template filled with the day the file was made);
    - KB141: a text value that ends with a straight double quote it never opened
      (`title: mỗi tuần một bài học"`), which would be published with the stray quote.
    """
    found = []
    lines = source.text.split("\n")
    closing = source.body_line - 2  # index of the closing '---'
    for index, line in enumerate(lines[1:closing], start=2):
        value = _value_of(line)
        if not line.lstrip().startswith("#") and (PLACEHOLDER_MARK.search(line) or value in PLACEHOLDER_VALUES):
            key = line.split(":", 1)[0].strip(" -")
            found.append(diagnostic(source.path, index, 1, "KB140",
                                    f"trường '{key}' vẫn là chỗ giữ chỗ của mẫu ({line.strip()[:60]})"))
        elif value is not None and _unopened_quote(line):
            found.append(diagnostic(source.path, index, line.index(":") + 3, "KB141",
                                    f"giá trị '{value}' có dấu \" ở cuối nhưng không có dấu \" ở đầu"))
    body = source.body.lstrip("\n")
    if body.startswith(PLACEHOLDER_BODY):
        line = source.body_line + len(source.body) - len(source.body.lstrip("\n"))
        found.append(diagnostic(source.path, line, 1, "KB140", "phần thân vẫn là chỗ giữ chỗ 'SỬA: …' của mẫu"))
    return found


def _value_of(line: str) -> str | None:
    """The value of a one-line 'key: value' (or '- key: value'), quotes removed; None for other lines."""
    match = re.match(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:\s+(.+?)\s*(?:\s#.*)?$", line)
    if not match:
        return None
    return match.group(1).strip().strip('"')


def _unopened_quote(line: str) -> bool:
    match = re.match(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:\s+(.+?)\s*$", line)
    if not match:
        return False
    value = match.group(1)
    return (not value.startswith(("\"", "'", "[", "{", "|", ">")) and value.endswith('"')
            and value.count('"') % 2 == 1)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')

"""The preview's review page, /__kb/xem-lai: every value a draft still marks `# CẦN XEM LẠI`, beside the sentence
of the page it came from, so that a reviewer settles a draft without opening the page and the YAML side by side.

For each mark the checker reports (KB130, with its file and line) the page shows the line's field and value,
why the importer marked it, and the passage: the sentence of the page (kept by `kb import` on this machine,
kb.check.imported) that writes the value — a date in the page's own spelling, a province by its name, a
model's field or owner by the model's name — or "không thấy trong bài" when the page does not write it. A
value the importer inferred (a province from the page's address) has no passage by nature: the mark says
where it came from. Everything shown is escaped; the page has its own Content-Security-Policy and no script
but the preview's.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import yaml

from kb.check.imported import kept_pages, passage
from kb.check.load import read_catalog
from kb.model import paths
from kb.model.diagnostics import Diagnostic
from kb.model.writer import REVIEW

REVIEW_PATH = "/__kb/xem-lai"
STYLE_PATH = "/__kb/review.css"
STYLE = (Path(__file__).with_name("review.css")).read_bytes()
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
          "base-uri 'none'; form-action 'none'")
_LINE = re.compile(r"^(?P<indent>\s*)(?P<item>-\s+)?(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*?)\s*#\s*" + REVIEW +
                   r":?\s*(?P<why>.*)$")
_PLAIN = re.compile(r"^(?P<indent>\s*)(?P<item>-\s+)?(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*?)\s*(?:#.*)?$")
# Fields whose passage is the one of the record's name (they are read from it) or of their list item's title.
FROM_NAME = {"level", "kind", "place"}
ITEM_TITLES = ("title", "text", "label", "name")
FIELD_WORDS = {"name": "tên", "place": "địa danh", "level": "cấp", "kind": "loại", "province": "tỉnh", "date": "ngày",
               "year": "năm", "year_source": "nguồn của năm", "title": "tiêu đề", "author": "tác giả",
               "publisher": "cơ quan đăng", "field": "lĩnh vực", "owner": "chủ thể", "value": "số", "label": "nhãn",
               "model": "mô hình", "url": "địa chỉ", "text": "lời", "order": "thứ tự"}


def review_page(root: Path, marks: list[Diagnostic]) -> bytes:
    """The whole page, for the marks of the last check (the warnings of code KB130)."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for mark in marks:
        if mark.code == "KB130":
            by_file[mark.path].append(mark)
    provinces = {p.get("id"): p.get("name", "") for p in read_catalog(root, "provinces.yml").get("provinces", [])}
    parts = [f'<!doctype html><html lang="vi"><head><meta http-equiv="Content-Security-Policy" content="{POLICY}">'
             '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
             f'<title>Bản nháp cần xem lại</title><link rel="icon" href="/assets/images/favicon.png">'
             f'<link rel="stylesheet" href="{STYLE_PATH}"></head><body><main>',
             "<h1>Bản nháp cần xem lại</h1>"]
    if not by_file:
        parts.append("<p>Không còn chỗ nào ghi “# CẦN XEM LẠI” trong hồ sơ. Chạy <code>kb check</code> trước khi "
                     "gửi.</p>")
    else:
        total = sum(len(v) for v in by_file.values())
        parts.append(f"<p>{total} chỗ trong {len(by_file)} tệp. Mỗi dòng: giá trị bản nháp ghi, vì sao máy đánh dấu, "
                     "và câu của bài nói ra giá trị đó. Đúng thì xoá chú thích “# CẦN XEM LẠI: …” ở dòng ấy trong tệp; "
                     "sai thì sửa giá trị rồi xoá chú thích. Trang này cập nhật sau mỗi lần lưu.</p>")
        for path in sorted(by_file):
            parts.append(_file_section(root, path, sorted(by_file[path], key=lambda d: d.line), provinces))
    parts.append("</main></body></html>")
    return "".join(parts).encode("utf-8")


def _file_section(root: Path, path: str, marks: list[Diagnostic], provinces: dict) -> str:
    try:
        lines = (Path(root) / path).read_text(encoding="utf-8-sig").split("\n")
    except OSError:
        return f"<section><h2>{_e(path)}</h2><p>Không đọc được tệp.</p></section>"
    unit_id = Path(path).stem
    is_unit = path.startswith("records/units/")
    pages = kept_pages(root, unit_id) if is_unit else []
    name = _field(lines, "name") or unit_id
    head = (f'<a href="{_e(paths.url_of(paths.unit(unit_id)))}">{_e(name)}</a>' if is_unit else _e(name))
    out = [f'<section><h2>{head}</h2><p class="kb-file">{_e(path)}</p>']
    for page in pages:
        address = str(page.get("url") or "")
        title = _e(page.get("title") or page.get("origin") or "bài")
        link = (f'<a href="{_e(address)}" rel="noopener noreferrer">{title}</a>'
                if re.match(r"^https?://", address, re.I) else title)
        out.append(f"<p>Bài đã nhập: {link}</p>")
    if not pages:
        out.append("<p>Máy này không giữ bài của bản nháp (bài nhập ở máy khác, hay tệp không phải đơn vị): mở bài "
                   "theo địa chỉ ở mục nguồn để đối chiếu.</p>")
    out.append('<table><thead><tr><th scope="col">Dòng</th><th scope="col">Giá trị</th>'
               '<th scope="col">Vì sao cần xem lại</th><th scope="col">Trong bài</th></tr></thead><tbody>')
    for mark in marks:
        out.append(_row(lines, mark, pages, provinces, name))
    out.append("</tbody></table></section>")
    return "".join(out)


def _row(lines: list[str], mark: Diagnostic, pages: list[dict], provinces: dict, name: str) -> str:
    text = lines[mark.line - 1] if 0 < mark.line <= len(lines) else ""
    found = _LINE.match(text)
    key = found["key"] if found else ""
    value = _value(found["value"]) if found else ""
    why = found["why"] if found else mark.message
    needles = _needles(lines, mark.line - 1, key, value, why, provinces, name)
    hit = passage(needles, pages) if pages else None
    if hit:
        shown = _highlight(hit[0], hit[1])
    else:
        shown = "<em>không thấy trong bài</em>" if pages else "<em>—</em>"
    label = FIELD_WORDS.get(key, key)
    return (f'<tr><td data-label="Dòng">{mark.line}</td><td data-label="Giá trị"><span class="kb-key">{_e(label)}'
            f'</span> {_e(value)}</td><td data-label="Vì sao">{_e(why)}</td><td data-label="Trong bài">{shown}</td></tr>')


def _needles(lines: list[str], at: int, key: str, value: str, why: str, provinces: dict, name: str) -> list[str]:
    needles: list[str] = []
    if key == "province" and value in provinces:
        needles.append(provinces[value])
    elif key in FROM_NAME:
        needles += [name, _field(lines, "place")]
    elif key not in ("field", "kind", "level", "year_source", "model"):
        needles.append(value)
    needles += re.findall(r"“([^”]{2,120})”", why)  # the passage the importer quoted
    needles += [m.strip() for m in re.findall(r"từ (?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn) ([^,;()]+?) "
                                                r"trong bài", why)]
    item = _item_values(lines, at)
    needles += [item[k] for k in ITEM_TITLES if item.get(k)]
    return [n for n in needles if n]


def _item_values(lines: list[str], at: int) -> dict[str, str]:
    """The fields of the list item that holds line `at` ({} for a top-level field)."""
    start = at
    while start >= 0 and not re.match(r"^\s*-\s+", lines[start]):
        if start < at and not lines[start].startswith(" "):
            return {}  # reached a top-level key: the line is not inside a list item
        start -= 1
    if start < 0:
        return {}
    values: dict[str, str] = {}
    for index in range(start, min(len(lines), at + 12)):
        line = lines[index]
        if index > start and (re.match(r"^\s*-\s+", line) or not line.startswith(" ") or line.strip() == "---"):
            break
        plain = _PLAIN.match(line)
        if plain and plain["value"]:
            values.setdefault(plain["key"], _value(plain["value"]))
    return values


def _field(lines: list[str], key: str) -> str:
    for line in lines[1:]:
        if line.strip() == "---":
            break
        plain = _PLAIN.match(line)
        if plain and not plain["indent"] and plain["key"] == key:
            return _value(plain["value"])
    return ""


def _value(raw: str) -> str:
    try:
        loaded = yaml.safe_load(raw) if raw else ""
    except yaml.YAMLError:
        return raw
    return "" if loaded is None else str(loaded)


def _highlight(sentence: str, spelled: str) -> str:
    at = sentence.lower().find(spelled.lower())
    if at < 0:
        return _e(sentence)
    return (_e(sentence[:at]) + "<mark>" + _e(sentence[at:at + len(spelled)]) + "</mark>"
            + _e(sentence[at + len(spelled):]))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)

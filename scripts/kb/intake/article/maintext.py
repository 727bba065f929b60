"""Stage 2 — main text: the article body apart from page chrome and photo captions.

HTML pages are turned into lines (blocks kept apart, navigation, scripts, share
bars and comment boxes dropped); trafilatura, when installed, picks the main text
of a real news page and the lines around it give the header (title, date) and the
byline. Plain text saved from a browser goes through the same line rules: visit
counters, "Chia sẻ bài viết", "BÌNH LUẬN", "TIN LIÊN QUAN", menus and language
switches are chrome; short descriptive lines between paragraphs are captions.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import trafilatura

from kb.text.vietnamese import fold

LONG_PARAGRAPH_WORDS = 25

# Whole lines that are page furniture (compared folded: no tones, lower case).
_CHROME_LINE = re.compile(
    r"^(?:chia se( bai viet)?|binh luan|y kien ban doc|gui (y kien|binh luan|bai)|tin lien quan|tin moi hon|tin da dua|"
    r"tin (khac|cung chuyen muc|moi|doc nhieu|noi bat)|bai viet (lien quan|khac)|xem (tiep|them|theo ngay)( xem theo ngay)?|"
    r"thu vien (video|anh)|go search|search|tim kiem|trang chu|dang nhap|dang ky|lien he|"
    r"so luot (truy cap|nguoi xem)\b.*|tong so (nguoi|luot) truy cap\b.*|luot xem\b.*|dang truc tuyen\b.*|"
    r"in bai( viet)?|ban in|gui email|email|facebook|zalo|twitter|print|top|len dau trang|quay lai|"
    r"english|tieng viet|vietnamese|chon ngon ngu|co chu|co chu:?\s*[aa+\-]*|a\+?\s*a-?|"
    r"theo doi (chung toi|bao)\b.*|[\d\s.…]+|[•·|>»«\-–—_=*.\s]+|ve dau trang|chuyen muc\b.*)$")
# Chrome words glued to the end of a real line: "Bài, ảnh: Phú LũyTin liên quan".
_GLUED_TAIL = re.compile(r"(?<=\S)(?:Tin liên quan|Chia sẻ bài viết|BÌNH LUẬN|Bình luận|TIN LIÊN QUAN)\s*$")
_TAIL_MARKERS = re.compile(r"^(?:binh luan|tin lien quan|tin moi hon|tin da dua|tin khac|bai viet lien quan|"
                           r"so luot nguoi xem|tong so nguoi truy cap|thu vien video|chia se bai viet)")
_CAPTION_CUE = re.compile(
    r"(?:^|\s)(?:ảnh:|\(ảnh|ảnh minh họa|ảnh minh hoạ|quang cảnh|toàn cảnh|chụp ảnh|phát biểu|trao (giấy|bằng|quà|tặng)|"
    r"tặng quà|tại buổi|tại hội nghị|tại lễ|thăm hỏi|giải quyết thủ tục|tham quan)", re.I)
_BULLET = re.compile(r"^\s*[•·▪►\-–]\s+")


@dataclass
class Article:
    lines: list[str]  # all non-chrome lines, in order
    header: list[str]  # lines before the body (title, date, section labels, "Theo …")
    paragraphs: list[str]  # body paragraphs (headings included, captions not)
    headings: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)  # short lines after the last paragraph (byline…)
    dropped: list[str] = field(default_factory=list)  # chrome removed
    html_title: str | None = None
    html_dates: list[str] = field(default_factory=list)  # ISO dates from <meta>/<time>
    html_author: str | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def is_chrome(line: str) -> bool:
    folded = fold(line).strip(" :.")
    if _CHROME_LINE.match(folded) or (len(folded) <= 2 and not folded.isalpha()):
        return True
    segments = [s.strip() for s in re.split(r"\s[|»›>/]\s", line)]
    return (len(segments) >= 2 and not re.search(r"\d", line)
            and all(0 < len(s.split()) <= 3 for s in segments))  # a menu or a breadcrumb (a dated line is not)


def clean_line(line: str) -> str:
    line = html.unescape(line).replace("\u00a0", " ").replace("\u200b", "")
    line = re.sub(r"[ \t]+", " ", line).strip()
    return _GLUED_TAIL.sub("", line).strip() if len(line) > 12 else line


def words(line: str) -> int:
    return len(line.split())


def split_text(text: str, html_meta: dict | None = None) -> Article:
    """Lines of a saved page → the article: header, body paragraphs, captions, trailer, chrome."""
    meta = html_meta or {}
    raw_lines = [clean_line(line) for line in text.split("\n")]
    dropped = [line for line in raw_lines if line and is_chrome(line)]
    # tail markers ('TIN LIÊN QUAN', 'BÌNH LUẬN') are chrome, but kept in place: they tell where the body ends
    lines = [line for line in raw_lines if line and (not is_chrome(line) or _TAIL_MARKERS.match(fold(line)))]
    long = [i for i, line in enumerate(lines) if words(line) >= LONG_PARAGRAPH_WORDS]
    if not long:
        lines = [line for line in lines if not _TAIL_MARKERS.match(fold(line))]
        return Article(lines, lines, [], dropped=dropped, html_title=meta.get("title"),
                       html_dates=meta.get("dates", []), html_author=meta.get("author"))
    first = long[0]
    # the header is what comes before the first paragraph; a lead of fewer words still counts as body
    while first > 0 and _looks_like_lead(lines[first - 1]):
        first -= 1
    # a headline of many words is still a headline: no sentence end, and paragraphs after it
    if (first == long[0] and len(long) > 1 and words(lines[first]) <= 60 and not _ENDS.search(lines[first])
            and not _ENUMERATED.match(lines[first])):
        first += 1
        long = long[1:]
    # the body runs to its last sentence: short paragraphs count, link lists and menus do not
    last = max(i for i in range(first, len(lines)) if i <= long[-1] or _sentence_like(lines[i]))
    last = _before_tail(lines, long[-1], last)
    header = [line for line in lines[:first] if not _TAIL_MARKERS.match(fold(line))]
    trailer = []
    for line in lines[last + 1:]:
        if _TAIL_MARKERS.match(fold(line)) or _BULLET.match(line) or len(trailer) >= 3:
            break
        if words(line) <= 16:
            trailer.append(line)
    paragraphs, headings, captions = [], [], []
    after_marker = False
    for line in lines[first:last + 1]:
        if _TAIL_MARKERS.match(fold(line)):
            after_marker = True  # a box of related links inside the body: skip its lines
            continue
        kind = classify_short_line(line)
        if after_marker and kind != "paragraph":
            continue
        after_marker = False
        if kind == "caption":
            captions.append(line)
        else:
            paragraphs.append(line)
            if kind == "heading":
                headings.append(line)
    lines = [line for line in lines if not _TAIL_MARKERS.match(fold(line))]
    return Article(lines, header, paragraphs, headings, captions, trailer, dropped, meta.get("title"),
                   meta.get("dates", []), meta.get("author"))


_ENDS = re.compile(r"[.…!?;:][”\"»)]?\s*$")


def _sentence_like(line: str) -> bool:
    return (words(line) >= 4 and line.rstrip().endswith((".", "…", ":", ";", "!", "?", ".”", "”.", ".\""))
            and not _BULLET.match(line))


def _before_tail(lines: list[str], last_long: int, last: int) -> int:
    """A tail marker ('TIN LIÊN QUAN', 'BÌNH LUẬN') after the last long paragraph ends the body there."""
    for i in range(last_long + 1, last + 1):
        if _TAIL_MARKERS.match(fold(lines[i])):
            return max(last_long, i - 1)
    return last


def _looks_like_lead(line: str) -> bool:
    """A short first paragraph: a full sentence opening with a dateline or an agency sign."""
    return words(line) >= 12 and line.rstrip().endswith((".", "…", ":")) and not re.search(r"\d{1,2}/\d{1,2}/\d{4}", line)


_ENUMERATED = re.compile(r"^(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là\b|^Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám)\b|"
                         r"^\d+[.)]\s|^[a-h]\)\s")


def classify_short_line(line: str) -> str:
    """'paragraph', 'heading' (a short line that names a section) or 'caption' (describes a photo)."""
    count = words(line)
    ends_sentence = line.rstrip().endswith((".", "…", ";", "!", "?", ":", ".”", "”.", ".\""))
    if not ends_sentence and count <= 45 and (count >= 12 or _CAPTION_CUE.search(line)) and not _ENUMERATED.match(line):
        return "caption"  # a line that describes without ending a sentence: a photo's caption
    if count >= LONG_PARAGRAPH_WORDS or line.rstrip().endswith(":"):
        return "paragraph"
    if _ENUMERATED.match(line):
        return "paragraph"
    if _CAPTION_CUE.search(line) and count <= 40:
        return "caption"
    if count >= 12 and not line.rstrip().endswith((".", "…", ";", "!", "?")):
        return "caption"  # a long line without a sentence end, between paragraphs: a photo's caption
    if count <= 14 and not line.rstrip().endswith((".", ";")):
        return "heading"
    return "paragraph"


# -- HTML ---------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "iframe", "svg", "form", "button", "select", "nav", "template", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section", "header",
               "footer", "aside", "figure", "figcaption", "blockquote", "table", "ul", "ol", "time", "span_block"}
_CHROME_ATTR = re.compile(r"(?:^|[\s_-])(?:nav|menus?|share|sharing|social|comments?|binh-luan|related|relate|lien-quan|sidebar|breadcrumb|banner|advert|ads|"
                          r"footer|header-top|topbar|lang|language|counter|tags?|video|rss|login|search|poll)(?:$|[\s_-])", re.I)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.meta: dict = {"dates": []}
        self.in_title = False
        self.title = ""
        self.captions: list[str] = []
        self.caption_depth = 0
        self.h1 = ""
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
            content = attributes.get("content", "")
            if key in ("og:title", "twitter:title") and content:
                self.meta.setdefault("og_title", content)
            elif key in ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date.issued"):
                self.meta["dates"].append(content)
            elif key in ("author", "article:author", "dc.creator") and content:
                self.meta.setdefault("author", content)
            elif key == "og:url" and content:
                self.meta.setdefault("url", content)
            elif key in ("og:site_name", "application-name") and content:
                self.meta.setdefault("site", content)
            return
        if tag == "link" and "canonical" in attributes.get("rel", "").lower() and attributes.get("href"):
            self.meta.setdefault("url", attributes["href"])
        if tag in ("br", "img", "hr", "input", "link"):
            if tag == "br":
                self.out.append("\n")
            return
        chrome = tag in _SKIP_TAGS or bool(_CHROME_ATTR.search(f"{attributes.get('class', '')} {attributes.get('id', '')}"))
        if tag in ("header", "footer", "aside") and not self.stack_has("article"):
            chrome = True
        self.stack.append((tag, chrome))
        if chrome:
            self.skip_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag == "time" and attributes.get("datetime"):
            self.meta["dates"].append(attributes["datetime"])
        if tag in ("figcaption",) or "caption" in attributes.get("class", "").lower():
            self.caption_depth += 1
        if tag in _BLOCK_TAGS:
            self.out.append("\n")

    def stack_has(self, name: str) -> bool:
        return any(tag == name for tag, _ in self.stack)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False
        while self.stack:
            open_tag, chrome = self.stack.pop()
            if chrome:
                self.skip_depth -= 1
            if open_tag == "figcaption" and self.caption_depth:
                self.caption_depth -= 1
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self.out.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1 += data
        if self.caption_depth:
            self.captions.append(data.strip())
            return
        self.out.append(data)


def html_to_text(page: str) -> tuple[str, dict]:
    """The page's visible text, one block a line, and what its <head> says (title, dates, author)."""
    parser = _PageParser()
    try:
        parser.feed(page)
        parser.close()
    except Exception:  # a broken page still gives what was read before the break
        pass
    text = "".join(parser.out)
    text = "\n".join(re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    title = (parser.h1 or parser.meta.get("og_title") or _strip_site_suffix(parser.title)).strip()
    meta = {"title": re.sub(r"\s+", " ", title) or None, "dates": parser.meta["dates"],
            "author": parser.meta.get("author"), "captions": [c for c in parser.captions if c],
            "url": parser.meta.get("url"), "site": parser.meta.get("site")}
    main = _main_text(page)
    if main:
        text = _frame(text, main, re.sub(r"\s+", " ", parser.h1).strip())
    return text, meta


def _strip_site_suffix(title: str) -> str:
    parts = re.split(r"\s+[|\-–—]\s+", title.strip())
    return max(parts, key=len) if len(parts) > 1 else title


def _main_text(page: str) -> str | None:
    """trafilatura's main text of the page (it fetches nothing); None when it finds none or fails."""
    try:
        return trafilatura.extract(page, include_comments=False, include_tables=False, include_images=False,
                                   favor_recall=True, deduplicate=False, with_metadata=False)
    except Exception:
        return None


def _frame(full: str, main: str, headline: str = "") -> str:
    """The main text with the page lines just before it (title, date) and just after it (byline); the headline
    stays where the page prints it, when the main text left it out (a clock above it, the date below it)."""
    main_lines = [line.strip() for line in main.split("\n") if line.strip()]
    full_lines = [line for line in full.split("\n") if line.strip()]
    if not main_lines:
        return full
    def position(target: str) -> int | None:
        key = target[:60]
        return next((i for i, line in enumerate(full_lines) if key and key in line), None)
    start, end = position(main_lines[0]), position(main_lines[-1])
    if start is None or end is None or end < start:
        return full
    before = full_lines[max(0, start - 8):start]
    after = full_lines[end + 1:end + 4]
    inside = full_lines[start:end + 1]
    if headline and headline not in main_lines and headline in inside:
        at = inside.index(headline)
        anchor = next((line for line in reversed(inside[:at]) if line in main_lines), None)
        main_lines.insert(main_lines.index(anchor) + 1 if anchor else 0, headline)
    return "\n".join(before + main_lines + after)

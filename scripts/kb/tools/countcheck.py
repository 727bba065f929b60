"""Every count on a built site against what its link shows.

A count the pages write as a link carries what it counts (`data-kb-count="5" data-kb-of="don-vi"`, made by
`kb.generate.render.blocks.counted`). This module walks the built HTML: for each such link it opens the target
page, takes the section the link's anchor names (or the whole article), follows that listing's numbered pages,
and counts what is there — distinct units, models, lessons or provinces linked, or rows — leaving out the
"Được nhắc đến ở" section. It also finds links whose text is a number but say nothing of what they count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BACKLINKS = "duoc-nhac-den-o"
KINDS = {
    "don-vi": re.compile(r"^/don-vi/(?!tat-ca/)([^/]+)/$"),
    "mo-hinh": re.compile(r"^/mo-hinh/([^/]+)/(?!trang-\d+/)([^/]+)/$"),
    "tinh": re.compile(r"^/tinh/(?![^/]+/[^/]+/)([^/]+)/$"),
}
PAGER = re.compile(r"/trang-\d+/$")
NUMBER_FIRST = re.compile(r"^\s*\d[\d.,]*(\s|$)")


@dataclass
class Link:
    href: str
    text: str = ""
    attrs: dict = field(default_factory=dict)
    section: str = ""  # the id of the h2 it is under ("" before any)
    in_pager: bool = False


@dataclass
class Parsed:
    links: list[Link] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # section → li and body tr elements
    sections: set[str] = field(default_factory=set)


class _Article(HTMLParser):
    """The links and rows of a page's article, by the h2 section they are in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self.depth = 0  # inside <article>: its nesting depth
        self.section = ""
        self.link: Link | None = None
        self.in_thead = False
        self.in_em = False
        self.paragraph_pager = False
        self.paragraph_text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article":
            self.depth += 1
            return
        if not self.depth:
            return
        if tag == "h2":
            self.section = attributes.get("id", "")
            self.out.sections.add(self.section)
        elif tag == "p":
            self.paragraph_text, self.paragraph_pager = "", False
        elif tag == "thead":
            self.in_thead = True
        elif tag in ("li", "tr") and not (tag == "tr" and self.in_thead):
            self.out.rows[self.section] = self.out.rows.get(self.section, 0) + 1
        elif tag == "a" and "href" in attributes:
            pager = self.paragraph_pager or self.paragraph_text.rstrip().endswith("trang:")
            self.link = Link(attributes["href"], "", attributes, self.section, pager)

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        elif tag == "thead":
            self.in_thead = False
        elif tag == "a" and self.link is not None:
            self.out.links.append(self.link)
            self.link = None

    def handle_data(self, data):
        if not self.depth:
            return
        self.paragraph_text += data
        if self.paragraph_text.rstrip().endswith("trang:"):
            self.paragraph_pager = True
        if self.link is not None:
            self.link.text += data


def url_of(site: Path, path: Path) -> str:
    """'/don-vi/cau-ngang/' for site/don-vi/cau-ngang/index.html."""
    relative = path.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def parse(site: Path, url: str, cache: dict) -> Parsed | None:
    if url not in cache:
        file = site / unquote(url).lstrip("/") / "index.html" if url.endswith("/") else site / unquote(url).lstrip("/")
        if not file.is_file():
            cache[url] = None
        else:
            parser = _Article()
            parser.feed(file.read_text(encoding="utf-8"))
            cache[url] = parser.out
    return cache[url]


def resolve(page_url: str, href: str) -> tuple[str, str]:
    """(absolute path, fragment) of a link on the page at `page_url`."""
    joined = urlsplit(urljoin("http://site" + page_url, href))
    return joined.path, joined.fragment


def _key(of: str, path: str, fragment: str) -> str | None:
    if of == "bai-hoc":
        return f"{path}#{fragment}" if fragment.startswith("kn-") and KINDS["don-vi"].match(path) else None
    pattern = KINDS.get(of)
    match = pattern.match(path) if pattern else None
    return "/".join(match.groups()) if match else None


def listed(site: Path, target: str, anchor: str, of: str, cache: dict) -> tuple[int, str]:
    """How many `of` the target's section (or article) and its listing's numbered pages show; or (-1, why)."""
    page = parse(site, target, cache)
    if page is None:
        return -1, "trang đích không có"
    if anchor and anchor not in page.sections:
        return -1, f"trang đích không có mục #{anchor}"
    in_section = (lambda link: link.section == anchor) if anchor else (lambda link: link.section != BACKLINKS)
    found: set[str] = set()
    rows = page.rows.get(anchor, 0) if anchor else sum(n for s, n in page.rows.items() if s != BACKLINKS)
    continuations = []
    for link in page.links:
        if not in_section(link):
            continue
        path, fragment = resolve(target, link.href)
        if link.in_pager and PAGER.search(path) and path not in continuations:
            continuations.append(path)
        elif not link.in_pager:
            key = _key(of, path, fragment)
            if key:
                found.add(key)
    for path in continuations:
        more = parse(site, path, cache)
        if more is None:
            return -1, f"trang tiếp {path} không có"
        rows += sum(n for s, n in more.rows.items() if s != BACKLINKS)
        for link in more.links:
            if link.section == BACKLINKS or link.in_pager:
                continue
            linked, fragment = resolve(path, link.href)
            if linked == target:  # "← the page" at the top of a numbered page
                continue
            key = _key(of, linked, fragment)
            if key:
                found.add(key)
    return (rows if of == "dong" else len(found)), ""


def mismatches(site: Path) -> tuple[list[str], int]:
    """(every count that differs from what its link lists, how many counts were checked)."""
    site = site.resolve()
    cache: dict = {}
    problems, checked = [], 0
    for file in sorted(site.rglob("*.html")):
        page_url = url_of(site, file)
        page = parse(site, page_url, cache)
        for link in page.links if page else []:
            if "data-kb-count" not in link.attrs:
                continue
            checked += 1
            said = int(link.attrs["data-kb-count"])
            if not re.search(rf"(?<![\d.]){re.escape(_vn(said))}(?![\d.,])", link.text):
                problems.append(f"{page_url}: chữ '{link.text.strip()}' không ghi số {said}")
            path, fragment = resolve(page_url, link.attrs["href"])
            count, why = listed(site, path, fragment, link.attrs.get("data-kb-of", fragment), cache)
            if why:
                problems.append(f"{page_url}: '{link.text.strip()}' → {link.attrs['href']}: {why}")
            elif count != said:
                problems.append(f"{page_url}: '{link.text.strip()}' ghi {said}, trang {path}#{fragment} "
                                f"liệt kê {count}")
    return problems, checked


def unchecked(site: Path) -> list[str]:
    """Links whose text opens with a number and that are not a checked count, a page number of a listing, a
    year or a record's own name ('4 đảm bảo…' is a model's title)."""
    site = site.resolve()
    cache: dict = {}
    found = []
    for file in sorted(site.rglob("*.html")):
        page_url = url_of(site, file)
        page = parse(site, page_url, cache)
        for link in page.links if page else []:
            words = link.text.strip()
            if "data-kb-count" in link.attrs or link.in_pager or not NUMBER_FIRST.match(words):
                continue
            path, _ = resolve(page_url, link.attrs["href"])
            if path == f"/nam/{words}/" or any(p.match(path) for p in KINDS.values()) or path.startswith("/a-z/"):
                continue
            if link.section == BACKLINKS or path == page_url:
                continue
            found.append(f"{page_url}: '{words}' → {link.attrs['href']}")
    return found


def _vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")

"""Checks on a built site/ folder: every internal link and anchor resolves, no outside host is contacted."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kb.text.siteconfig import read_config


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes and attributes["id"]:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            value = attributes.get(name)
            if value is not None:
                self.links.append((tag, value))


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def _target_file(site: Path, page: Path, url_path: str) -> Path:
    if url_path.startswith("/"):
        candidate = site / unquote(url_path.lstrip("/"))
    else:
        candidate = (page.parent / unquote(url_path)).resolve()
    if candidate.is_dir() or url_path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate


def base_path(config: Path) -> str:
    """The URL path the site is published under, from mkdocs.yml's site_url ('/lam-theo-bac/').

    Pages such as 404.html link to the site's own files by absolute path under it.
    """
    site_url = read_config(config).get("site_url") or "/"
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def broken_links(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every internal href/src of every HTML page that points nowhere (file or #anchor)."""
    site = site.resolve()
    parsed = {page: _parse(page) for page in sorted(site.rglob("*.html"))}
    broken = []
    for page, parser in parsed.items():
        relative = page.relative_to(site).as_posix()
        for _tag, url in parser.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:")):
                continue
            path = parts.path
            if base_path != "/" and path.startswith(base_path):
                path = "/" + path[len(base_path):]
            target = page if not path else _target_file(site, page, path)
            if not target.exists():
                broken.append(BrokenLink(relative, url, "không có tệp đích"))
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(BrokenLink(relative, url, "không có mục (anchor) đích"))
    return broken


def outside_requests(site: Path) -> list[tuple[str, str]]:
    """Scripts, styles, images and frames that a page would load from another host."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for tag, url in _parse(page).links:
            if tag in {"script", "link", "img", "iframe", "source", "video", "audio"} and \
                    urlsplit(url).scheme in {"http", "https", ""} and urlsplit(url).netloc:
                if tag == "link" and _is_navigation_link(page, url):
                    continue
                found.append((page.relative_to(site).as_posix(), url))
    return found


def _is_navigation_link(page: Path, url: str) -> bool:
    """<link rel=canonical> and similar point at the site's own public address, not a resource."""
    text = page.read_text(encoding="utf-8", errors="replace")
    index = text.find(url)
    start = text.rfind("<link", 0, index)
    tag = text[start:index]
    return 'rel="canonical"' in tag or "rel=canonical" in tag

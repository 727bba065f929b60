"""Safe text for generated markdown pages.

Every string from a record goes through `text()` (inline) or `body_html()`
(a record's markdown body) before it reaches a page; nothing from a record
is ever written to a page unescaped. Formatting of dates and numbers the
Vietnamese way lives here too.
"""

from __future__ import annotations

import html
import posixpath
import re

import markdown as md
import nh3

# Characters Python-Markdown treats specially; a backslash makes them literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "a", "code", "pre", "hr", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def text(value: object) -> str:
    """Escape a record string for inline use in generated markdown."""
    escaped = html.escape(" ".join(str(value).split()), quote=True)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def attribute(value: object) -> str:
    """Escape a record string for use inside an HTML attribute value."""
    return html.escape(" ".join(str(value).split()), quote=True)


def body_html(markdown_text: str) -> str:
    """Render a record body (markdown) to sanitised HTML: no script can survive."""
    rendered = md.markdown(markdown_text, extensions=["tables", "sane_lists"], output_format="html")
    rendered = _shift_headings(rendered)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return cleaned.strip()


def _shift_headings(rendered: str) -> str:
    """A body's own headings sit under the page's h1 and section h2s: start them at h3."""
    def shift(match: re.Match) -> str:
        level = min(int(match.group(2)) + 2, 6)
        return f"<{match.group(1)}h{level}"
    return re.sub(r"<(/?)h([1-6])", shift, rendered)


def html_block(inner_html: str, css_class: str) -> str:
    """Wrap already-safe HTML so Python-Markdown passes it through as one raw block."""
    if not inner_html:
        return ""
    compact = "\n".join(line for line in inner_html.split("\n") if line.strip())
    return f'<div class="{css_class}" markdown="0">\n{compact}\n</div>'


def link(label_markdown: str, from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative markdown link between two generated pages (docs-relative .md paths)."""
    target = relative_path(to_page, posixpath.dirname(from_page))
    return f"[{label_markdown}]({target}{'#' + anchor if anchor else ''})"


def relative_path(to_page: str, from_dir: str) -> str:
    """posixpath.relpath for clean docs-relative paths (no '.', '..' or leading '/'), without its
    os.getcwd() calls: a national build makes millions of links."""
    source = from_dir.split("/") if from_dir else []
    target = to_page.split("/")
    common = 0
    while common < min(len(source), len(target)) and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:]) or "."


def date_vn(iso: str | None) -> str:
    """'2019-01-22' → '22/01/2019'; a partial date as far as it goes: '2019-05' → '05/2019', '2019' → '2019'."""
    if not iso:
        return ""
    if len(iso.split("-")) < 3:
        return "/".join(reversed(iso.split("-")))
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def number_vn(value: float) -> str:
    """Vietnamese number format: 4800 → '4.800', 98.8 → '98,8'."""
    if float(value).is_integer():
        whole = f"{int(value):,}".replace(",", ".")
        return whole
    integer, _, fraction = f"{value}".partition(".")
    return f"{int(integer):,}".replace(",", ".") + "," + fraction


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A markdown table; cells must already be escaped markdown."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)

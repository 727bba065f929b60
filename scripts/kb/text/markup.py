"""Safe text for every place a record string lands: the one module that decides escaping.

A record string never becomes markup. Each output context has its function:

- `text()` inline markdown (paragraphs, list items, link labels), `heading()` a markdown heading
  (which also becomes the page title), `cell()` a markdown table cell;
- `attribute()` an HTML attribute value; `body_html()` a record's markdown body (sanitised by nh3,
  `title` attributes dropped so no tooltip ever reads record text);
- `url()` a link target: parsed with urllib.parse, absolute http/https with a host only, written
  percent-encoded so that neither markdown nor attr_list can reinterpret it (`url_problem()` says
  in Vietnamese why a URL is refused, for the checker's diagnostic);
- `frontmatter_comment()` text in a generated page's YAML frontmatter, `json_text()` JSON that may
  be embedded in HTML or JavaScript, `csv_cell()` a spreadsheet cell (formulas defused, also when
  hidden behind zero-width, full-width or quote characters).

The page title route: MkDocs takes the page title from the h1 (entities kept), and Material writes
it into `<title>` through `striptags`, which turns entities back into markup; overrides/main.html
escapes again after `striptags`. Formatting of dates and numbers the Vietnamese way lives here too.
"""

from __future__ import annotations

import contextlib
import html
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from urllib.parse import quote, urlsplit

import markdown as md
import nh3

# Characters Python-Markdown treats specially; a backslash makes them literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    "a", "code", "pre", "hr", "sup", "sub",
}
# No `title`: Material's tooltips (and any script reading titles) must never see record text.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"align"}, "td": {"align"}}


def text(value: object) -> str:
    """Escape a record string for inline use in generated markdown."""
    value = value if isinstance(value, str) else str(value)
    return _text(value) if _remember else _escape_text(value)


def _escape_text(value: str) -> str:
    escaped = html.escape(" ".join(value.split()), quote=True)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


# Pure, and called for every string of every page: a preview that recompiles after one edit finds nearly
# all of them here. Sized for every short string of a national corpus.
_text = lru_cache(maxsize=1 << 19)(_escape_text)
_remember = True


@contextlib.contextmanager
def remembering(enabled: bool) -> Iterator[None]:
    """Whether `text` and `body_html` keep what they made (a preview re-renders with hits). A one-pass
    build turns it off: every string is escaped once there, and a cache of them costs hundreds of MB."""
    global _remember
    saved, _remember = _remember, enabled
    try:
        yield
    finally:
        _remember = saved
        if not enabled:
            _text.cache_clear()
            _body_html.cache_clear()


def heading(value: object) -> str:
    """A markdown heading's text (`# …`); it also becomes the page title, escaped again in the theme."""
    return text(value)


def cell(value: object) -> str:
    """A markdown table cell: inline text whose `|` and line breaks cannot end the cell or row."""
    return text(value)


def frontmatter_comment(value: object) -> str:
    """Text for a YAML comment in a generated page's frontmatter: one line, no '---'."""
    return " ".join(str(value).split()).replace("---", "—")


def json_text(value: object) -> str:
    """JSON safe to embed in HTML or a script: '<', '>', '&' and the JS line separators escaped."""
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        dumped = dumped.replace(char, escaped)
    return dumped


# -- URLs ----------------------------------------------------------------------------------

# Characters kept as they are in a link target: letters, digits and the URL delimiters that no
# markdown or attr_list syntax uses. Everything else (( ) [ ] { } ! < > " ' ` * \\ space …) is
# percent-encoded, so `…/![x](…){:onerror=…}` stays one inert address.
_URL_SAFE = "/:@-._~$&+,;=%?#"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URL_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def url_problem(value: object) -> str | None:
    """Why a URL cannot be a link (in Vietnamese), or None when `url()` accepts it."""
    if not isinstance(value, str):
        return "địa chỉ phải là văn bản"
    if _URL_CONTROL.search(value):
        return "địa chỉ có dấu cách, ký tự điều khiển hoặc ký tự vô hình"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "địa chỉ không đọc được (tên máy hoặc cổng sai)"
    if parts.scheme.lower() not in ("http", "https"):
        return "địa chỉ phải bắt đầu bằng http:// hoặc https://"
    host = parts.hostname or ""
    if not host or parts.netloc != parts.netloc.strip() or not value.lower().startswith(parts.scheme.lower() + "://"):
        return "địa chỉ thiếu tên máy (ví dụ https://baotravinh.vn/...)"
    if parts.username is not None or parts.password is not None:
        return "địa chỉ không được chứa tên đăng nhập hay mật khẩu (phần trước '@')"
    if not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", _ascii_host(host) or "") or port == 0:
        return "tên máy trong địa chỉ không hợp lệ"
    return None


def _ascii_host(host: str) -> str | None:
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def url(value: object) -> str | None:
    """The URL as an inert, percent-encoded http(s) link target, or None when it is refused."""
    if url_problem(value) is not None:
        return None
    parts = urlsplit(str(value))
    host = _ascii_host(parts.hostname or "")
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    rest = parts.path or "/"
    if parts.query:
        rest += "?" + parts.query
    if parts.fragment:
        rest += "#" + parts.fragment
    encoded = _STRAY_PERCENT.sub("%25", quote(rest, safe=_URL_SAFE))
    return f"{parts.scheme.lower()}://{netloc}{encoded}"


def url_autolink(value: object) -> str:
    """The URL as a markdown autolink `<https://…>` (empty when refused: the checker reports it)."""
    safe = url(value)
    return f"<{safe}>" if safe else ""


# -- spreadsheets ---------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters a spreadsheet may skip or fold before reading a formula: zero-width and bidi marks,
# spaces, quotes; full-width forms are folded to ASCII by NFKC ('＝' → '=').
_INVISIBLE_LEAD = re.compile(r"^[\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\"'\u00a0\u3000]*")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a value that could start a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return plain_number(value)
    written = " ".join(str(value).split())
    lead = unicodedata.normalize("NFKC", _INVISIBLE_LEAD.sub("", written)[:1])
    return "'" + written if lead.startswith(_FORMULA_START) else written


def attribute(value: object) -> str:
    """Escape a record string for use inside an HTML attribute value."""
    return html.escape(" ".join(str(value).split()), quote=True)


def body_html(markdown_text: str) -> str:
    """Render a record body (markdown) to sanitised HTML: no script can survive. Pure, so cached (see
    `remembering`): a preview recompiling after one edit renders only the bodies that changed."""
    return _body_html(markdown_text) if _remember else _make_body_html(markdown_text)


def _make_body_html(markdown_text: str) -> str:
    try:
        rendered = md.markdown(markdown_text, extensions=["tables", "sane_lists"], output_format="html")
    except RecursionError:  # nesting Python-Markdown cannot follow (the checker's KB123): show it as text
        rendered = "".join(f"<p>{html.escape(part)}</p>" for part in markdown_text.split("\n\n") if part.strip())
    rendered = _shift_headings(rendered)
    cleaned = nh3.clean(
        rendered,
        strip_comments=True,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_drop_generic,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned.strip()


_body_html = lru_cache(maxsize=1 << 17)(_make_body_html)  # every body of a national corpus (~3 KiB of HTML each)


def _drop_generic(tag: str, attribute: str, value: str) -> str | None:
    """nh3 keeps the generic 'title' and 'lang' on every tag; only the attributes listed may stay."""
    return value if attribute in ALLOWED_ATTRIBUTES.get(tag, ()) or (tag, attribute) == ("a", "rel") else None


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


def plain_number(value: float) -> str:
    """A number in positional notation, never exponent form: 1e-05 → '0.00001', 1e20 → '100000000000000000000'.

    Infinity and NaN (which the checker refuses) come out as '' rather than crash a build."""
    try:
        number = Decimal(repr(value) if isinstance(value, float) else int(value))
    except (InvalidOperation, ValueError, OverflowError):
        return ""
    if not number.is_finite():
        return ""
    written = format(number, "f")
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return "0" if written in ("-0", "") else written


def number_vn(value: float) -> str:
    """Vietnamese number format: 4800 → '4.800', 98.8 → '98,8', 0.00001 → '0,00001' (never exponent form)."""
    written = plain_number(value)
    if not written:
        return ""
    sign = "-" if written.startswith("-") else ""
    integer, _, fraction = written.lstrip("-").partition(".")
    whole = sign + f"{int(integer):,}".replace(",", ".")
    return whole + "," + fraction if fraction else whole


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A markdown table; cells must already be escaped markdown."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)

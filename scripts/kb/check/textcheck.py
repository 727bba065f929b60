"""Text checks of the validate stage: encoding, legacy fonts, unsafe HTML and URLs.

Every pattern here runs in linear time (no nested or overlapping quantifiers; scans that resume
after each match), so a 1 MiB record cannot stall `kb check` — bench/fuzz_check.py measures it.
The checker is a courtesy to contributors, not the site's defence: kb.text.markup escapes every string
for its context and the Content-Security-Policy refuses inline script whatever the checker misses.

What a browser would read as markup is what is looked for: a tag starts at '<' followed by a
letter (so `<img/src=x>` is a tag), attributes may be split over lines (the body is scanned as one
text), and URL schemes are read after decoding HTML entities (`&#106;avascript&colon;`) and
removing the tab, newline and invisible characters a browser ignores inside a URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from kb.model.diagnostics import Diagnostic, diagnostic
from kb.text.characters import first_refused, named
from kb.text.legacy import legacy_words
from kb.text.markup import url_problem
from kb.text.vietnamese import is_nfc

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "svg",
                  "math", "frame", "frameset", "template", "noscript", "applet", "details", "dialog",
                  "input", "button", "textarea", "select", "video", "audio", "source", "image", "isindex",
                  "xmp", "noembed", "plaintext", "portal", "marquee"}
# '<' + a letter opens a tag (HTML tokenizer); the name runs to whitespace, '/' or '>'.
_TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
# An event attribute: 'on…=' after whitespace, '/' or a quote (what ends a previous attribute).
_EVENT_ATTRIBUTE = re.compile(r"[\s/\"']on[a-z]+[ \t\n\r\f]*=", re.I)
_SCHEME_WORD = re.compile(r"(?:java|vb|live)script:|data:[\w.+-]*[/,;]", re.I)
_SCHEME_BEFORE = set("(<=\"'")  # a link target, an attribute value, an autolink
# Characters a browser drops inside a URL (tab, newline) or that do not show (zero-width, soft hyphen).
_URL_INVISIBLE = re.compile(r"[\t\n\r\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_FRONTMATTER_HTML_HINT = ("Viết chữ thường, không dùng thẻ HTML; chữ trong các trường (ngoài phần thân) "
                          "luôn được hiển thị nguyên văn như chữ.")


def walk(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) of parsed YAML data, depth first; iterative, so depth cannot crash it."""
    stack = [(path, value)]
    while stack:
        here, item = stack.pop()
        yield here, item
        if isinstance(item, dict):
            stack.extend(reversed([(here + (key,), child) for key, child in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([(here + (index,), child) for index, child in enumerate(item)]))


def text_diagnostics(source) -> list[Diagnostic]:
    """NFC, legacy-encoding mojibake, unsafe HTML and URLs, in frontmatter strings and the body."""
    found = []
    for path, value in walk(source.meta):
        if isinstance(value, str):
            line, column = source.yaml.where(path)
            problems = text_problems(source.path, line, column, value)
            # a note may quote legacy-font text on purpose, to show what the source looked like
            found += [d for d in problems if not (d.code == "KB302" and path and path[-1] == "note")]
            if path and str(path[-1]).endswith("url") and re.match(r"(?i)https?://", value):  # else KB113
                found += url_problems(source.path, line, column, value)
    found += body_problems(source.path, source.body_line, source.body)
    return found


def url_problems(path: str, line: int, column: int, value: str) -> list[Diagnostic]:
    """KB505 when kb.text.markup.url() would refuse the address: it is never silently left off the page."""
    problem = url_problem(value)
    if problem is None:
        return []
    return [diagnostic(path, line, column, "KB505", f"{problem}: '{_sample(value)}'")]


def text_problems(path: str, line: int, column: int, text: str, markdown: bool = False) -> list[Diagnostic]:
    """Problems of one string: a frontmatter value, or (markdown=True) one line of a body."""
    found = encoding_problems(path, line, column, text)
    if not markdown:
        found += html_problems(path, line, column, html.unescape(text), frontmatter=True)
    return found


def encoding_problems(path: str, line: int, column: int, text: str) -> list[Diagnostic]:
    found = []
    if not is_nfc(text):
        found.append(diagnostic(path, line, column, "KB303", "văn bản chưa ở dạng Unicode NFC (dấu tách rời)"))
    legacy = legacy_words(text)
    if legacy:
        sample = ", ".join(f"'{_sample(w)}'" for w in legacy[:3])
        found.append(diagnostic(path, line, column, "KB302", f"có chữ bị lỗi phông: {sample}"))
    if "\ufffd" in text:
        found.append(diagnostic(path, line, column + text.index("\ufffd"), "KB304",
                                "có ký tự '\ufffd' (U+FFFD): chữ gốc đã mất khi tệp được đổi bảng mã"))
    refused = first_refused(text)
    if refused is not None:  # the value as decoded: YAML escapes ("\x01", "\uFFFE", "\ud800") included
        found.append(diagnostic(path, line, column, "KB305", f"có {named(text[refused])}"))
    return found


def body_problems(path: str, first_line: int, body: str) -> list[Diagnostic]:
    """A record body: encoding line by line; HTML and URL schemes across lines (a tag may span them)."""
    found = []
    deep = None
    for offset, line_text in enumerate(body.split("\n")):
        found += encoding_problems(path, first_line + offset, 1, line_text)
        if deep is None and _block_depth(line_text) > MAX_BODY_DEPTH:
            deep = diagnostic(path, first_line + offset, 1, "KB123",
                              f"thân hồ sơ lồng quá {MAX_BODY_DEPTH} tầng (trích dẫn '>' hoặc danh sách '-' lồng nhau)",
                              "Viết đoạn văn thường; trích dẫn và danh sách chỉ lồng vài tầng.")
    if deep is not None:
        found.append(deep)
    for problem in html_problems(path, first_line, 1, body, frontmatter=False):
        found.append(problem)
    schemes = html_problems(path, first_line, 1, html.unescape(body), frontmatter=False, schemes_only=True)
    if not any(d.code == "KB503" for d in found):
        found += schemes
    return found


MAX_BODY_DEPTH = 20
_BLOCK_PREFIX = re.compile(r"[ \t>*+-]*")


def _block_depth(line: str) -> int:
    """How deep a body line nests blocks: its leading quote and list markers, and indentation by four."""
    prefix = _BLOCK_PREFIX.match(line).group(0)
    markers = sum(prefix.count(mark) for mark in ">*+-")
    if not markers or not (">" in prefix or " " in prefix):  # plain indentation is a code block; '----' a rule
        return 0
    return max(markers, len(prefix.expandtabs(4)) // 4)


def html_problems(path: str, line: int, column: int, text: str, frontmatter: bool,
                  schemes_only: bool = False) -> list[Diagnostic]:
    """At most one of KB501/KB502/KB504, and KB503, each at the line where it starts in `text`."""
    found = []
    if not schemes_only and "<" in text:  # no '<', no tag: most strings are done here
        tags = list(_TAG_START.finditer(text))
        dangerous = next((m for m in tags if m.group(2).lower() in DANGEROUS_TAGS), None)
        event = _EVENT_ATTRIBUTE.search(text, tags[0].start()) if tags else None
        if dangerous is not None:
            found.append(_at(path, line, column, text, dangerous.start(), "KB501",
                             f"có thẻ <{_sample(dangerous.group(2).lower(), 20)}>"))
        elif event is not None:
            found.append(_at(path, line, column, text, event.start() + 1, "KB502",
                             f"có thuộc tính sự kiện '{_sample(event.group(0)[1:].strip(), 30)}' trong thẻ HTML"))
        elif tags:
            first = tags[0]
            hint = _FRONTMATTER_HTML_HINT if frontmatter else None
            found.append(_at(path, line, column, text, first.start(), "KB504",
                             f"có thẻ HTML '{_sample(text[first.start():first.end() + 20], 40)}'", hint))
    scheme = bad_scheme(text, whole_value=frontmatter)
    if scheme is not None:
        found.append(_at(path, line, column, text, scheme, "KB503", "có liên kết javascript:, vbscript: hoặc data:"))
    return found


# Tags that run script or load another document wherever they are written (a page of docs/ may hold other HTML).
RUNNING_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
                "svg", "math", "portal", "foreignobject", "handler", "listener", "set", "animate"}


def running_markup(text: str, tags: set[str] = RUNNING_TAGS) -> tuple[int, str] | None:
    """(offset, what) of the first thing in `text` a browser would run: a tag of RUNNING_TAGS, an event attribute
    in a tag, a javascript:/data: URL, an XML stylesheet; None when there is none. Linear, like the checks above."""
    found = []
    opened = list(_TAG_START.finditer(text))
    tag = next((m for m in opened if m.group(2).lower().split(":")[-1] in tags), None)
    if tag is not None:
        found.append((tag.start(), f"thẻ <{_sample(tag.group(2).lower(), 20)}>"))
    event = _EVENT_ATTRIBUTE.search(text, opened[0].start()) if opened else None
    if event is not None:
        found.append((event.start() + 1, f"thuộc tính sự kiện '{_sample(event.group(0)[1:].strip(), 30)}'"))
    scheme = bad_scheme(html.unescape(text)) if ":" in text else None
    if scheme is not None:
        found.append((scheme, "liên kết javascript:, vbscript: hoặc data:"))
    stylesheet = text.find("<?xml-stylesheet")
    if stylesheet >= 0:
        found.append((stylesheet, "khai báo <?xml-stylesheet"))
    return min(found) if found else None


def bad_scheme(text: str, whole_value: bool = False) -> int | None:
    """Offset in `text` of a javascript:/vbscript:/data: URL (as a browser would read it), or None."""
    if ":" not in text:  # every scheme ends with one, and dropping invisible characters adds none
        return None
    squashed, offsets = _without_invisible(text)
    for match in _SCHEME_WORD.finditer(squashed):
        start = match.start()
        before = start - 1
        while before >= 0 and squashed[before] <= " ":
            before -= 1
        if before < 0 and (whole_value or start == 0) or before >= 0 and squashed[before] in _SCHEME_BEFORE:
            return offsets(start)
    return None


def _without_invisible(text: str):
    """`text` without the characters a browser drops in a URL, and a map back to offsets in `text`."""
    if not _URL_INVISIBLE.search(text):
        return text, lambda offset: offset

    def offsets(offset: int) -> int:  # only asked for when something is found: the walk is done then
        kept = [index for index, char in enumerate(text) if not _URL_INVISIBLE.match(char)]
        return kept[offset]
    return _URL_INVISIBLE.sub("", text), offsets


def _at(path: str, line: int, column: int, text: str, offset: int, code: str, message: str,
        hint: str | None = None) -> Diagnostic:
    """A diagnostic at `offset` of `text`, which starts at (line, column) of the file."""
    newlines = text.count("\n", 0, offset)
    if newlines:
        line, column = line + newlines, offset - text.rfind("\n", 0, offset)
    else:
        column += offset
    return diagnostic(path, line, column, code, message, hint)


def _sample(value: str, limit: int = 60) -> str:
    """A short, one-line quotation of contributor text for a message."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"

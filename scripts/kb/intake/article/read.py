"""Stage 1 — read: a .txt/.html file, standard input or an http(s) URL → NFC text.

Handles a BOM, CRLF, UTF-16, Windows-1258 bytes, lines typed in the old TCVN3/VNI
fonts (kb.text.legacy) and NFD input. Refuses empty, binary and oversized input with a
Vietnamese message; never touches the network except for the URL it is given, and then only a public
address (kb.intake.article.fetch). Control characters and noncharacters of the text are dropped (KB305).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kb.intake.article.fetch import FetchFailed, fetch
from kb.text.characters import without_refused
from kb.text.legacy import repair_line

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 15  # one network operation
TOTAL_SECONDS = 60  # the whole fetch, redirects and reading included (kb from-issue waits for `kb import` longer)
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<article|<p[\s>])", re.I)


class ImportProblem(Exception):
    """Bad input or an article that cannot be imported: the message is for the contributor (Vietnamese)."""


@dataclass
class Fetched:
    origin: str  # what the contributor named: a path, '-' or a URL
    text: str  # NFC, '\n' line ends, legacy fonts converted
    is_html: bool
    url: str | None = None
    file_name: str | None = None
    converted_lines: int = 0  # lines read from TCVN3/VNI


def read_source(spec: str, stdin=None, max_bytes: int | None = None, timeout: float = TIMEOUT_SECONDS,
                url: str | None = None) -> Fetched:
    """`url` is the page's address when the page comes from a file or standard input (nothing is fetched);
    max_bytes is MAX_BYTES unless given."""
    max_bytes = max_bytes or MAX_BYTES
    if spec == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(max_bytes + 1)
        return _make(spec, raw, url, None, max_bytes, html_hint=None)
    if re.match(r"^https?://", spec, re.I):
        raw, is_html = fetch_url(spec, max_bytes, timeout)
        return _make(spec, raw, spec, None, max_bytes, html_hint=is_html)
    path = Path(spec)
    if not path.is_file():
        raise ImportProblem(f"{spec}: không tìm thấy tệp. Kiểm tra đường dẫn, hoặc dùng '-' để đọc từ đầu vào chuẩn.")
    if path.stat().st_size > max_bytes:
        raise ImportProblem(f"{spec}: tệp quá lớn ({path.stat().st_size // 1024} KiB, giới hạn {max_bytes // 1024} KiB). "
                            "Chỉ lưu trang bài báo, không lưu cả chuyên mục hay tệp ảnh, video.")
    raw = path.read_bytes()
    hint = True if path.suffix.lower() in (".html", ".htm") else (False if path.suffix.lower() == ".txt" else None)
    return _make(spec, raw, url, path.name, max_bytes, html_hint=hint)


def fetch_url(url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS,
              total: float = TOTAL_SECONDS, **network) -> tuple[bytes, bool]:
    """The page at `url` and whether it says it is HTML: public addresses only, a deadline for the whole fetch, a
    size cap counted while reading (kb.intake.article.fetch). `network` is for tests (resolver, allowed, clock)."""
    try:
        raw, kind, _ = fetch(url, max_bytes, timeout, total, **network)
    except FetchFailed as failure:
        raise ImportProblem(str(failure)) from None
    if kind and not re.search(r"text/|html|xml", kind, re.I):
        raise ImportProblem(f"{url}: địa chỉ không phải một trang văn bản (Content-Type: {_short(kind)}).")
    return raw, "html" in kind.lower() or None


def _short(text: str, limit: int = 60) -> str:
    text = without_refused(" ".join(text.split()))
    return text if len(text) <= limit else text[:limit] + "…"


def _make(origin: str, raw: bytes, url, file_name, max_bytes: int, html_hint) -> Fetched:
    if len(raw) > max_bytes:
        raise ImportProblem(f"{origin}: dữ liệu quá lớn (trên {max_bytes // 1024} KiB).")
    text = decode(raw, origin)
    text, converted = repair_legacy(text)
    is_html = html_hint if html_hint is not None else bool(_HTML_START.match(text[:500]))
    return Fetched(origin, text, bool(is_html), url, file_name, converted)


def decode(raw: bytes, origin: str = "") -> str:
    """Bytes → NFC text with '\\n' line ends. Refuses empty and binary input."""
    if not raw.strip():
        raise ImportProblem(f"{origin}: tệp rỗng, không có bài để nhập.")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16", errors="replace")  # a lone surrogate or a cut end: U+FFFD, which kb check shows
    elif b"\x00" in raw[:4096] or _looks_binary(raw[:4096]):
        raise ImportProblem(f"{origin}: đây không phải tệp văn bản (có dữ liệu nhị phân: ảnh, PDF, Word...). "
                            "Lưu bài thành .txt (UTF-8) hoặc .html rồi nhập lại.")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1258", errors="replace")  # old Vietnamese Windows pages
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return unicodedata.normalize("NFC", without_refused(text))


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def repair_legacy(text: str) -> tuple[str, int]:
    """Lines wholly in TCVN3 or VNI become Unicode (kb.text.legacy); others stay as they are."""
    lines = text.split("\n")
    converted = 0
    for index, line in enumerate(lines):
        repaired = repair_line(line)
        if repaired:
            lines[index] = repaired[0]
            converted += 1
    return "\n".join(lines), converted


def read_bytes(raw: bytes, origin: str, file_name: str | None = None, html: bool | None = None,
               max_bytes: int = MAX_BYTES) -> Fetched:
    """The same reading as a file's, for bytes already in memory (tests, benchmarks, a form upload)."""
    return _make(origin, raw, None, file_name, max_bytes, html_hint=html)

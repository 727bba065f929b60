"""Variants of a seed article that must import the same: NFD, BOM+CRLF, old tone placement, TCVN3, VNI,
the text inside a news page's HTML chrome, and the article cut short."""

from __future__ import annotations

import html
import re
import unicodedata

from kb.text.legacy import from_unicode

_OLD_TONE = re.compile(r"(?i)\b(\w*?)([ou])([\u0300\u0301\u0303\u0309\u0323])([aey])\b")


def old_tone_placement(text: str) -> str:
    """'hóa' → 'hoá', 'thủy' → 'thuỷ': the tone mark on the last vowel, as older texts put it."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: f"{m[1]}{m[2]}{m[4]}{m[3]}", decomposed)
    return unicodedata.normalize("NFC", moved)


def as_html(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title, rest = lines[0], lines[1:]
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in rest)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - Báo điện tử tỉnh</title>
<script>var counter = 1;</script><style>body {{ font: 14px serif }}</style></head>
<body>
<header class="site-header"><nav class="menu"><a href="/">Trang chủ</a> <a href="/chinh-tri">Chính trị</a>
<a href="/en">English</a></nav><div class="clock">Hôm nay: Thứ Tư, 02/12/2026</div></header>
<div class="breadcrumb">Trang chủ » Xây dựng Đảng</div>
<article>
<h1>{html.escape(title)}</h1>
{paragraphs}
</article>
<div class="share-bar">Chia sẻ bài viết <a href="#">Facebook</a> <a href="#">Zalo</a></div>
<div class="related"><h3>TIN LIÊN QUAN</h3><ul><li><a href="/a">Hội nghị sơ kết công tác tuyên giáo</a></li>
<li><a href="/b">Ra mắt mô hình dân vận khéo ở xã bên</a></li></ul></div>
<div id="comments">BÌNH LUẬN <form><textarea></textarea></form></div>
<footer class="footer">Số lượt truy cập: 1234567 · Bản quyền thuộc Báo điện tử tỉnh</footer>
</body></html>
"""


def cut_short(text: str) -> str:
    """The first half of the article's lines: a page saved before it finished loading."""
    lines = text.split("\n")
    return "\n".join(lines[:max(4, len(lines) // 2)])


VARIANTS = {
    "txt": lambda t: t.encode("utf-8"),
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "bom-crlf": lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    "old-tones": lambda t: old_tone_placement(t).encode("utf-8"),
    "tcvn3": lambda t: from_unicode(t, "tcvn3").encode("utf-8"),
    "vni": lambda t: from_unicode(t, "vni").encode("utf-8"),
    "html": lambda t: as_html(t).encode("utf-8"),
    "cut-short": lambda t: cut_short(t).encode("utf-8"),
}
PARTIAL = {"cut-short"}  # only unit, level, province and date are expected to stay the same

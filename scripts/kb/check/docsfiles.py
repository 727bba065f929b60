"""Files under docs/ that the build would publish as they are: nothing there may run script on the site (KB506).

MkDocs copies every file of docs/ to the site unchanged, and the Content-Security-Policy is a <meta> of the theme's
pages only: an SVG or an HTML file served from the site's origin runs its script with no policy at all, and can
read what the web editor keeps in the browser (its GitHub token). A pull request shows an SVG as a picture, not
as code. So docs/ holds only what the site needs:

- markdown pages, without the markup that runs script or loads another document (`<script>`, `<iframe>`, event
  attributes, javascript: links — kb.check.textcheck.running_markup);
- raster images (PNG, JPEG, GIF, WebP, AVIF) whose bytes are what their name says;
- the project's own assets (OWN_ASSETS), reviewed as code.

Anything else — SVG, HTML, JavaScript, XML, a symbolic link (MkDocs would copy the file it points to) — is refused
with its line when it has one. The folders `kb build` writes whole (kb.model.paths.GENERATED_DIRS) are not read:
every build replaces them. overrides/hooks.py keeps the same rule in MkDocs itself, for a build that skips this check.
"""

from __future__ import annotations

import os
from pathlib import Path

from kb.check.textcheck import RUNNING_TAGS, running_markup
from kb.model import paths
from kb.model.diagnostics import Diagnostic, diagnostic

OWN_ASSETS = ("assets/kb.css", "assets/kb-search.js")  # docs-relative; the site's own style and search script
PAGE_SUFFIXES = (".md",)
# The first bytes of each kind of raster image (and where they start), by file name suffix.
RASTER_SIGNATURES = {
    ".png": ((0, b"\x89PNG\r\n\x1a\n"),),
    ".jpg": ((0, b"\xff\xd8\xff"),),
    ".jpeg": ((0, b"\xff\xd8\xff"),),
    ".gif": ((0, b"GIF87a"), (0, b"GIF89a")),
    ".webp": ((8, b"WEBP"),),
    ".avif": ((4, b"ftypavif"), (4, b"ftypavis")),
}
_SNIFF_BYTES = 1024 * 1024  # enough of a refused text file to find the line of what would run


def docs_diagnostics(root: Path) -> list[Diagnostic]:
    """KB506 for every file under docs/ (outside the generated folders) that the site must not publish."""
    docs = Path(root) / "docs"
    found: list[Diagnostic] = []
    if not docs.is_dir():
        return found
    for folder, folders, files in os.walk(docs):
        here = Path(folder)
        top = here == docs
        for name in sorted(folders):
            if name.startswith(".") or top and name in paths.GENERATED_DIRS:
                folders.remove(name)  # not published, or replaced whole by every build
            elif (here / name).is_symlink():
                folders.remove(name)
                found.append(_refused(root, here / name, 1, "thư mục là một liên kết tượng trưng (symlink)"))
        for name in sorted(files):
            if name.startswith(".") or top and name in paths.GENERATED_FILES:
                continue  # MkDocs publishes no dot file; the home page is generated
            problem = file_problem(docs, here / name)
            if problem is not None:
                found.append(_refused(root, here / name, *problem))
    return found


def file_problem(docs: Path, path: Path) -> tuple[int, str] | None:
    """(line, what is wrong) for a file of docs/ the site must not publish, or None."""
    relative = path.relative_to(docs).as_posix()
    if path.is_symlink():
        return 1, "tệp là một liên kết tượng trưng (symlink): MkDocs sẽ chép tệp mà nó trỏ tới"
    if relative in OWN_ASSETS:
        return None
    suffix = path.suffix.lower()
    if suffix in RASTER_SIGNATURES:
        with open(path, "rb") as handle:
            head = handle.read(16)
        if any(head[start:start + len(magic)] == magic for start, magic in RASTER_SIGNATURES[suffix]):
            return None
        return 1, f"tệp mang tên ảnh {suffix} nhưng nội dung không phải ảnh {suffix[1:].upper()}"
    text = _text_of(path)
    page = suffix in PAGE_SUFFIXES
    # in a refused file, point at what runs (its <script>), not at the <svg> or <html> it starts with
    running = running_markup(text, RUNNING_TAGS if page else RUNNING_TAGS - {"svg", "math"}) if text else None
    line = text.count("\n", 0, running[0]) + 1 if running else 1
    if page:
        return (line, f"trang có {running[1]}, thứ chạy được script trên trang web") if running else None
    kind = f"tệp {suffix}" if suffix else "tệp không có phần mở rộng"
    what = f"; dòng này có {running[1]}" if running else ""
    return line, f"{kind} không được phép trong docs/ (chỉ trang .md và ảnh PNG, JPEG, GIF, WebP, AVIF){what}"


def _text_of(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None


def _refused(root: Path, path: Path, line: int, what: str) -> Diagnostic:
    return diagnostic(path.relative_to(root).as_posix(), line, 1, "KB506", what)

"""The book of what each generated page read (`kb.generate.incremental.PageBook`), kept under .kb/ by the full build
for `kb build --reuse`, with what it holds for: the code that renders pages and the catalogues."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from pathlib import Path

from kb.check.load import CATALOG_FILES
from kb.check.runner import STATE_DIR
from kb.generate.incremental import PageBook

PAGE_BOOK = "page-book.pickle"
_RENDERING_STAGES = ("text", "model", "generate")  # the packages whose code decides a page's text


def book_key(root: Path) -> str:
    """A digest of the code that renders pages and of the catalogues: a book made with others is not used."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for stage in _RENDERING_STAGES for p in (package / stage).rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in CATALOG_FILES:
        catalog = Path(root) / "records" / name
        digest.update(name.encode() + b"\0" + (catalog.read_bytes() if catalog.is_file() else b"-"))
    return digest.hexdigest()


def save_book(root: Path, book: PageBook) -> None:
    target = Path(root) / STATE_DIR / PAGE_BOOK
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump((book_key(root), book), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:  # without it the next --reuse renders every page: slower, not wrong
        pass


def load_book(root: Path) -> PageBook | None:
    """The book of the last full build, if it was made by this code with these catalogues."""
    source = Path(root) / STATE_DIR / PAGE_BOOK
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(source, "rb") as handle:
            key, book = pickle.load(handle)
    except Exception:  # noqa: BLE001 — missing, broken or foreign: render every page
        return None
    finally:
        if enabled:
            gc.enable()
    return book if key == book_key(root) and isinstance(book, PageBook) else None


def forget_book(root: Path) -> None:
    """docs/ is about to change in place: a book left behind by a failure would describe other pages."""
    (Path(root) / STATE_DIR / PAGE_BOOK).unlink(missing_ok=True)

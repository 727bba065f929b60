"""What `kb import` keeps on this machine of each page it read, for the preview's review page.

`kb import` writes, beside the draft, `.kb/import/<unit id>.json`: the page's address or file name, its title,
its header lines and its paragraphs as the importer read them. `kb serve` reads it to show each value a draft
still marks `# CẦN XEM LẠI` beside the sentence of the page it came from (kb.serve.review). The file is the
publisher's text: it stays in `.kb/` (ignored by git), is never committed, never published, and a record is
reviewed without it when it is missing (the review page then says so and links to the page).

This module is the one writer and the one reader of those files, and finds the passage of a value in them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from kb.check.runner import STATE_DIR
from kb.text.vietnamese import fold

IMPORT_DIR = "import"
MAX_PAGES = 20  # pages kept for one unit (the most recent)
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[^\W\d_“\"(])")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def kept_path(root: Path, unit_id: str) -> Path:
    return Path(root) / STATE_DIR / IMPORT_DIR / f"{unit_id}.json"


def keep_page(root: Path, unit_id: str, page: dict) -> None:
    """Adds (or replaces, by its origin) one page read for a unit; written whole or not at all."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", unit_id or ""):
        return  # an id that is not a file name keeps nothing rather than write outside .kb/import
    path = kept_path(root, unit_id)
    pages = [p for p in kept_pages(root, unit_id) if p.get("origin") != page.get("origin")] + [page]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(pages[-MAX_PAGES:], stream, ensure_ascii=False)
    os.replace(temporary, path)


def kept_pages(root: Path, unit_id: str) -> list[dict]:
    """The pages kept for a unit; [] when there are none or the file cannot be read."""
    try:
        pages = json.loads(kept_path(root, unit_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in pages if isinstance(p, dict)] if isinstance(pages, list) else []


def sentences_of(page: dict) -> list[str]:
    lines = [page.get("title") or ""] + list(page.get("header") or []) + list(page.get("paragraphs") or [])
    out: list[str] = []
    for line in lines:
        if isinstance(line, str) and line.strip():
            out += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return out


def spellings(value: str) -> list[str]:
    """The ways a page may write a value: a date '2021-11-30' as '30/11/2021', '30/11', 'tháng 11/2021'."""
    value = value.strip().strip("\"'")
    match = _ISO.match(value)
    if not match:
        return [value] if len(value) >= 2 else []
    year, month, day = int(match[1]), int(match[2]), int(match[3]) if match[3] else None
    if day:
        return [f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{day:02d}-{month:02d}-{year}",
                f"{day}/{month}", f"ngày {day} tháng {month} năm {year}"]
    return [f"{month:02d}/{year}", f"{month}/{year}", f"tháng {month} năm {year}", str(year)]


def passage(needles: list[str], pages: list[dict]) -> tuple[str, str, str] | None:
    """(sentence, the needle found in it, the page's origin) for the first needle any kept page writes."""
    for needle in needles:
        for spelled in spellings(needle):
            key = _folded(spelled)
            if len(key) < 2:
                continue
            for page in pages:
                for sentence in sentences_of(page):
                    if _contains(_folded(sentence), key):
                        return sentence, spelled, str(page.get("origin") or page.get("url") or "")
    return None


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9/]+", fold(text).lower()))


def _contains(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "

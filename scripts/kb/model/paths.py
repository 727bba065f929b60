"""Where each kind of page lives (docs-relative markdown paths) — the site's URL scheme.

A page `don-vi/cau-ngang.md` is served at `/don-vi/cau-ngang/`.
"""

from __future__ import annotations

import re

from kb.model import kinds
from kb.text.vietnamese import letter_slug

GENERATED_DIRS = kinds.generated_dirs()
GENERATED_FILES = kinds.GENERATED_FILES
GENERATED_GUIDES = ("huong-dan/truong-du-lieu.md", "huong-dan/ma-loi.md", "du-lieu/index.md")
NOT_SEARCHED = ("tim-kiem.md",)  # hand-written pages that are tools, not reading

HOME = "index.md"

# Page names the site keeps for itself, in every folder: a section's index (`don-vi/index.md`) and the numbered
# pages a long listing continues on (`mo-hinh/tat-ca/trang-2.md`). An id or a derived key that became one of
# them would put a second page on the path of another (a unit 'tat-ca' with a model 'trang-2'): `kb check`
# refuses such ids (KB405) and derived keys step aside (`kb.generate.groupings.practice_key`).
INDEX_NAME = "index"
CONTINUATION = re.compile(r"trang-[0-9]+")
MAX_NAME_BYTES = 200  # a file name holds 255 bytes on most systems: a key made from a title stays well below


def continuation_name(number: int) -> str:
    """The name of a listing's numbered page: 2 → 'trang-2'."""
    return f"trang-{number}"


def reserved_name(name: str) -> bool:
    """Whether `name` (an id, or a key made from a title) is a page name the site keeps for itself."""
    return name.lower() == INDEX_NAME or bool(CONTINUATION.fullmatch(name.lower()))


def page(kind: str, *segments: object) -> str:
    """The page of one entry of a page kind: page('model', 'cau-ngang', 'x') → 'mo-hinh/cau-ngang/x.md'."""
    return "/".join([kinds.page_kind(kind).folder, *map(str, segments)]) + ".md"


def unit(unit_id: str) -> str:
    return page("unit", unit_id)


def model(unit_id: str, model_id: str) -> str:
    return page("model", unit_id, model_id)


def lesson_topic(topic_id: str) -> str:
    return page("lesson-topic", topic_id)


def theme(theme_id: str) -> str:
    return page("theme", theme_id)


def directive(directive_id: str) -> str:
    return page("directive", directive_id)


def province(province_id: str) -> str:
    return page("province", province_id)


def field(field_id: str) -> str:
    return page("field", field_id)


def indicator(indicator_id: str) -> str:
    return page("indicator", indicator_id)


def year(value: int) -> str:
    return page("year", value)


def letter(value: str) -> str:
    return page("letter", letter_slug(value))


def index(section: str) -> str:
    return f"{section}/index.md"


def lesson_anchor(lesson_id: str) -> str:
    return f"kn-{lesson_id}"


def served_at(relative: str) -> str:
    """Where a file of docs/ ends up on the site: a page at its URL ('x.md' and 'x/index.md' are both '/x/'),
    any other file at its own path."""
    return url_of(relative) if relative.endswith(".md") else "/" + relative


def url_of(page: str) -> str:
    """Directory-style URL of a docs page: 'don-vi/cau-ngang.md' → '/don-vi/cau-ngang/'."""
    if page == HOME:
        return "/"
    stem = page[:-3]
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"/{stem}/"

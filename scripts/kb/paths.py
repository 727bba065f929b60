"""Where each kind of page lives (docs-relative markdown paths) — the site's URL scheme.

A page `don-vi/cau-ngang.md` is served at `/don-vi/cau-ngang/`.
"""

from __future__ import annotations

from .vietnamese import letter_slug

GENERATED_DIRS = ("don-vi", "mo-hinh", "kinh-nghiem", "chuyen-de", "van-ban", "tinh",
                  "linh-vuc", "nam", "chi-tieu", "a-z", "huong-dan", "du-lieu", "kb-search", "quan-tri")
GENERATED_FILES = ("index.md",)
GENERATED_GUIDES = ("huong-dan/truong-du-lieu.md", "huong-dan/ma-loi.md", "du-lieu/index.md")
NOT_SEARCHED = ("tim-kiem.md",)  # hand-written pages that are tools, not reading

HOME = "index.md"


def unit(unit_id: str) -> str:
    return f"don-vi/{unit_id}.md"


def model(unit_id: str, model_id: str) -> str:
    return f"mo-hinh/{unit_id}/{model_id}.md"


def lesson_topic(topic_id: str) -> str:
    return f"kinh-nghiem/{topic_id}.md"


def theme(theme_id: str) -> str:
    return f"chuyen-de/{theme_id}.md"


def directive(directive_id: str) -> str:
    return f"van-ban/{directive_id}.md"


def province(province_id: str) -> str:
    return f"tinh/{province_id}.md"


def field(field_id: str) -> str:
    return f"linh-vuc/{field_id}.md"


def indicator(indicator_id: str) -> str:
    return f"chi-tieu/{indicator_id}.md"


def year(value: int) -> str:
    return f"nam/{value}.md"


def letter(value: str) -> str:
    return f"a-z/{letter_slug(value)}.md"


def index(section: str) -> str:
    return f"{section}/index.md"


def lesson_anchor(lesson_id: str) -> str:
    return f"kn-{lesson_id}"


def url_of(page: str) -> str:
    """Directory-style URL of a docs page: 'don-vi/cau-ngang.md' → '/don-vi/cau-ngang/'."""
    if page == HOME:
        return "/"
    stem = page[:-3]
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return f"/{stem}/"

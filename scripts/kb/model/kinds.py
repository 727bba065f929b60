"""The one registry of kinds: what records the project reads and what pages it writes.

Record kinds: the folder under records/, the schema, the typed record, the
`kb new` scaffold. Page kinds: the folder of their URLs, the label readers
see (search results, headings), whether their detail pages stay out of the
fixed navigation, and the title of their index in the navigation. `load`,
`paths`, `fieldref`, `search`, `cli` and the build read this module; tests
hold `mkdocs.yml` (nav, not_in_nav), `.gitignore` and the contributor guide to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordKind:
    name: str  # unit
    folder: str  # records/<folder>/
    label: str  # what a contributor calls it
    by_province: bool = False  # records/units/<province>/<id>.md

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.yaml"

    def file(self, record_id: str, province: str | None = None) -> str:
        """Where a record of this kind lives, relative to the project root; a unit with no province (a
        national body, a military region) lives in records/units/toan-quoc/."""
        if self.by_province:
            return f"records/{self.folder}/{province or NATIONAL_FOLDER}/{record_id}.md"
        return f"records/{self.folder}/{record_id}.md"


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("unit", "units", "đơn vị", by_province=True),
    RecordKind("theme", "themes", "chuyên đề"),
    RecordKind("directive", "directives", "văn bản"),
)

NATIONAL_FOLDER = "toan-quoc"  # records/units/toan-quoc/: units with no province (level trung-uong, khu-vuc)
CATALOG_FILES = ("provinces.yml", "districts.yml", "communes.yml", "topics.yml", "indicators.yml")


@dataclass(frozen=True)
class PageKind:
    name: str
    folder: str  # URL segment: /don-vi/<id>/
    label: str  # singular label readers see ("Đơn vị")
    nav: str | None = None  # title of the folder's index page in the fixed navigation
    detail_pages: bool = True  # pages below the index, kept out of the navigation (not_in_nav)
    search_rank: int | None = None  # a kind of search result: results are grouped in this order


PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("lesson-topic", "kinh-nghiem", "Kinh nghiệm", nav="Kinh nghiệm", search_rank=3),
    PageKind("model", "mo-hinh", "Mô hình", nav="Mô hình", search_rank=2),
    PageKind("unit", "don-vi", "Đơn vị", nav="Đơn vị", search_rank=1),
    PageKind("theme", "chuyen-de", "Chuyên đề", nav="Chuyên đề", search_rank=4),
    PageKind("directive", "van-ban", "Văn bản", nav="Văn bản", search_rank=5),
    PageKind("province", "tinh", "Tỉnh, thành", nav="Tỉnh, thành"),
    PageKind("field", "linh-vuc", "Lĩnh vực", nav="Lĩnh vực"),
    PageKind("year", "nam", "Năm", nav="Năm"),
    PageKind("indicator", "chi-tieu", "Chỉ tiêu", nav="Chỉ tiêu"),
    PageKind("letter", "a-z", "A–Z", nav="A–Z"),
    PageKind("practice", "nhan-rong", "Mô hình nhân rộng"),
    PageKind("stats", "thong-ke", "Thống kê", nav="Thống kê", detail_pages=False),
    PageKind("updates", "cap-nhat", "Mới cập nhật", detail_pages=False),
    PageKind("guide", "huong-dan", "Hướng dẫn", detail_pages=False, search_rank=6),
    PageKind("data", "du-lieu", "Dữ liệu mở", detail_pages=False),
    PageKind("search-index", "kb-search", "Chỉ mục tìm kiếm", detail_pages=False),
    PageKind("editor", "quan-tri", "Trình soạn hồ sơ", detail_pages=False),  # kb/generate/editor.py: Sveltia CMS
)

GENERATED_FILES = ("index.md",)  # the home page


def record_kind(name: str) -> RecordKind:
    return next(kind for kind in RECORD_KINDS if kind.name == name)


def record_kind_of_folder(folder: str) -> RecordKind | None:
    return next((kind for kind in RECORD_KINDS if kind.folder == folder), None)


def page_kind(name: str) -> PageKind:
    return next(kind for kind in PAGE_KINDS if kind.name == name)


def generated_dirs() -> tuple[str, ...]:
    """Folders of docs/ that `kb build` writes whole (git-ignored, never edited by hand)."""
    return tuple(kind.folder for kind in PAGE_KINDS)


def not_in_nav() -> list[str]:
    return [f"/{kind.folder}/*" for kind in PAGE_KINDS if kind.detail_pages]


def search_kinds() -> dict[str, str]:
    """Folder → label of the kinds of search result, in the order results are grouped."""
    searched = sorted((kind for kind in PAGE_KINDS if kind.search_rank), key=lambda kind: kind.search_rank)
    return {kind.folder: kind.label for kind in searched}

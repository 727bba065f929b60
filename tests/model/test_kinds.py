"""The registry of kinds holds the configuration and the docs to itself."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from kb.cli import main
from kb.intake import templates as scaffold
from kb.model import kinds, paths
from kb.model.records import record_type

REPO = Path(__file__).resolve().parents[2]


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _mkdocs() -> dict:
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def _nav_pages(nav) -> list[str]:
    found = []
    for item in nav:
        for value in item.values():
            found += _nav_pages(value) if isinstance(value, list) else [value]
    return found


def test_not_in_nav_lists_exactly_the_kinds_with_detail_pages():
    written = [line.strip() for line in _mkdocs()["not_in_nav"].splitlines() if line.strip()]
    assert sorted(written) == sorted(kinds.not_in_nav())


def test_every_kind_with_a_nav_title_has_its_index_in_the_nav():
    nav = _mkdocs()["nav"]
    pages = _nav_pages(nav)
    titles = {}

    def visit(items) -> None:  # titles at any depth: a tab may group several indexes ("Đơn vị": by province…)
        for item in items:
            for title, page in item.items():
                if isinstance(page, str):
                    titles[title] = page
                else:
                    visit(page)
    visit(nav)
    for kind in kinds.PAGE_KINDS:
        if kind.nav:
            assert titles.get(kind.nav) == f"{kind.folder}/index.md", f"mkdocs.yml nav: thiếu '{kind.nav}'"
    generated_top = {page.split("/")[0] for page in pages if "/" in page}
    assert generated_top <= set(kinds.generated_dirs()), "nav trỏ tới thư mục không có trong kb.kinds"


def test_gitignore_ignores_every_generated_folder_and_nothing_else_of_docs():
    ignored = {line.strip() for line in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()}
    docs_ignored = {line for line in ignored if line.startswith("/docs/")}
    expected = {f"/docs/{folder}/" for folder in kinds.generated_dirs()} | {
        f"/docs/{name}" for name in kinds.GENERATED_FILES}
    assert docs_ignored == expected


def test_paths_follow_the_page_kinds():
    assert paths.unit("cau-ngang") == "don-vi/cau-ngang.md"
    assert paths.model("cau-ngang", "x") == "mo-hinh/cau-ngang/x.md"
    assert paths.year(2019) == "nam/2019.md"
    assert paths.GENERATED_DIRS == kinds.generated_dirs()


def test_every_record_kind_has_a_folder_a_schema_a_type_and_a_scaffold(capsys):
    from kb.model import schema as schemas
    for kind in kinds.RECORD_KINDS:
        assert (REPO / "records" / kind.folder).is_dir()
        assert (schemas.SCHEMA_DIR / kind.schema_file).is_file()
        assert record_type(kind.name).schema_kind == kind.name
        assert hasattr(scaffold, f"{kind.name}_template"), f"scaffold.{kind.name}_template chưa có (mẫu cho kb new {kind.name})"
        try:
            main(["new", kind.name, "--help"])
        except SystemExit as stop:
            assert stop.code == 0
        assert "cách dùng" in capsys.readouterr().out


def test_the_contributor_guide_names_every_record_folder():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for kind in kinds.RECORD_KINDS:
        assert re.search(rf"records/{kind.folder}/", guide), f"CONTRIBUTING.md chưa nói về records/{kind.folder}/"


def test_every_page_kind_has_a_builder_and_every_builder_a_kind():
    from kb.generate.render import BUILDERS
    page_kinds = {kind.name for kind in kinds.PAGE_KINDS} - {"search-index", "editor"}  # kb.search, kb.cms write them
    assert page_kinds <= set(BUILDERS)
    assert set(BUILDERS) - page_kinds == {"home", "index"}

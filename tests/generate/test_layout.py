"""Pages at national scale: long listings continue on numbered pages, every relation goes both ways."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict

import pytest
from conftest import FIXTURES, make_project
from kb.check.runner import check
from kb.generate import layout
from kb.generate.layout import (
    Block,
    Group,
    Listing,
    Page,
    lay_out,
    plan,
    relation_links,
)
from kb.generate.render import pages
from kb.tools.synthetic import write_corpus

LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def numbered(count: int, groups: int = 1) -> Page:
    items = [f"mục {n}" for n in range(count)]
    size = -(-count // groups)
    page = Page("tinh/thu.md", "Tỉnh Thử", "records/provinces.yml")
    page.add(Listing("don-vi", "Đơn vị", [Group(lambda here, g=g: f"Nhóm {g}", items[g * size:(g + 1) * size])
                                          for g in range(groups)],
                     lambda here, item: [item, here], columns=["Tên", "Trang"]))
    return page


def rows(markdown: str) -> list[str]:
    return re.findall(r"^\| (mục \d+) \|", markdown, re.M)


def test_a_short_listing_stays_on_its_page():
    pages = lay_out([numbered(layout.PER_PAGE)])
    assert list(pages) == ["tinh/thu.md"]
    assert len(rows(pages["tinh/thu.md"])) == layout.PER_PAGE
    assert "trang:" not in pages["tinh/thu.md"]


def test_a_long_listing_continues_on_numbered_pages():
    pages = lay_out([numbered(250, groups=2)])
    assert list(pages) == ["tinh/thu.md", "tinh/thu/don-vi/trang-2.md", "tinh/thu/don-vi/trang-3.md"]
    first, second, third = (pages[p] for p in pages)
    assert rows(first) == [f"mục {n}" for n in range(100)]
    assert rows(second) == [f"mục {n}" for n in range(100, 200)]
    assert rows(third) == [f"mục {n}" for n in range(200, 250)]
    assert "## Đơn vị (250)" in first
    assert "### Nhóm 0" in first and "### Nhóm 1" in second and "### Nhóm 0" in second  # a group split in two
    assert "| mục 150 | tinh/thu/don-vi/trang-2.md |" in second  # rows are rendered for the page showing them
    assert "[2](thu/don-vi/trang-2.md)" in first and "[Sau →](thu/don-vi/trang-2.md)" in first
    assert "[← Trước](../../thu.md)" in second and "[Sau →](trang-3.md)" in second
    assert "# Tỉnh Thử — Đơn vị \\(trang 2/3\\)" in second
    assert "← [Tỉnh Thử](../../thu.md)" in second


def test_an_index_page_continues_inside_its_folder():
    assert layout.continuation_path("don-vi/index.md", "tat-ca", 2) == "don-vi/tat-ca/trang-2.md"
    assert layout.continuation_path("tinh/tra-vinh.md", "don-vi", 3) == "tinh/tra-vinh/don-vi/trang-3.md"


def test_the_pager_elides_far_pages():
    pages = lay_out([numbered(2000)])
    tenth = pages["tinh/thu/don-vi/trang-10.md"]
    pager = tenth.strip().splitlines()[-1]
    assert re.findall(r"\[(\d+)\]", pager) == ["1", "8", "9", "11", "12", "20"]
    assert "**10**" in pager and pager.count("…") == 2


def test_backlinks_list_only_pages_not_linked_back():
    one, two, three = (Page(f"don-vi/{n}.md", n, "x") for n in ("mot", "hai", "ba"))
    one.add("[hai](hai.md) [ba](ba.md)")
    two.add("[một](mot.md)")
    three.add(Block("[hai](hai.md)", relation=False))
    pages = lay_out([one, two, three])
    assert "Được nhắc đến ở" not in pages["don-vi/mot.md"]  # hai links back and is linked
    assert "Được nhắc đến ở" not in pages["don-vi/hai.md"]  # ba's link is a suggestion
    assert pages["don-vi/ba.md"].endswith("## Được nhắc đến ở {#duoc-nhac-den-o}\n\n- [mot](mot.md)\n")


@pytest.fixture(scope="module")
def synthetic_pages(tmp_path_factory):
    """300 synthetic units in three provinces: listings long enough to be split."""
    project = make_project(tmp_path_factory.mktemp("scale") / "project", FIXTURES / "mini" / "records")
    shutil.rmtree(project / "records" / "units")
    write_corpus(project, units=300, provinces=["tra-vinh", "ben-tre", "ho-chi-minh"])
    checked = check(project)
    assert checked.errors == []
    return pages(checked.corpus)


@pytest.fixture(scope="module")
def synthetic_outputs(synthetic_pages):
    return plan(synthetic_pages)


def test_every_relation_is_linked_both_ways_at_scale(synthetic_outputs):
    linked = defaultdict(set)
    for out in synthetic_outputs:
        for block in out.blocks:
            for target in LINK.findall(block.markdown):
                linked[out.family].add(layout._resolve(out.path, target))
    relations = relation_links(synthetic_outputs)
    assert sum(len(t) for t in relations.values()) > 3000
    # a backlinks list cut at BACKLINKS_SHOWN says how many it leaves out
    cut = {out.path for out in synthetic_outputs for block in out.blocks if "trang khác" in block.markdown
           and block.markdown.startswith(layout.BACKLINKS_HEADING)}
    missing = [(source, target) for source, targets in relations.items() for target in targets
               if source not in linked[target] and target not in cut]
    assert missing == [], missing[:5]


def test_the_largest_page_does_not_grow_with_the_corpus(tmp_path, synthetic_outputs):
    """Twice the units must not make the largest page much larger: lists are paginated, the timeline
    names a few units per document, backlinks are cut (a year page of the national corpus had 7,841)."""
    project = make_project(tmp_path / "half", FIXTURES / "mini" / "records")
    shutil.rmtree(project / "records" / "units")
    write_corpus(project, units=150, provinces=["tra-vinh", "ben-tre", "ho-chi-minh"])
    half = plan(pages(check(project).corpus))

    def largest(outputs):
        return max((len(out.markdown()), out.path) for out in outputs)
    assert largest(synthetic_outputs)[0] < 1.3 * largest(half)[0], (largest(half), largest(synthetic_outputs))
    sections = [b.markdown for out in synthetic_outputs for b in out.blocks
                if b.markdown.startswith(layout.BACKLINKS_HEADING)]
    assert sections and max(s.count("\n- ") for s in sections) <= layout.BACKLINKS_SHOWN + 1


def test_no_page_grows_with_the_corpus(synthetic_outputs):
    sizes = {out.path: len(out.markdown()) for out in synthetic_outputs}
    assert any("/trang-" in path for path in sizes), "không trang nào được chia"
    assert max(sizes.values()) < 60_000, max(sizes.items(), key=lambda item: item[1])
    for out in synthetic_outputs:
        listed = sum(len(re.findall(r"^(?:\| \[|- \[|\*\*\[)", b.markdown, re.M)) for b in out.blocks if b.relation)
        assert listed <= 2 * layout.PER_PAGE, (out.path, listed)


def test_the_streamed_layout_writes_the_same_files_as_the_planned_one(synthetic_pages, synthetic_outputs):
    """lay_out_into (each file written as it is made, backlinks appended at the end) and plan (every
    output held, backlinks added as blocks) give the same bytes at scale; lay_out is lay_out_into."""
    planned = {out.path: out.markdown() for out in synthetic_outputs}
    assert sum("{#duoc-nhac-den-o}" in text for text in planned.values()) > 100
    streamed, appended = {}, []

    def append(path, more):
        appended.append(path)
        streamed[path] += more
    layout.lay_out_into(iter(synthetic_pages), streamed.__setitem__, append)
    assert streamed == planned
    assert len(appended) == len(set(appended))  # one section per page
    assert lay_out(synthetic_pages) == planned


def test_a_long_backlinks_list_is_cut_and_says_how_many_it_leaves_out(synthetic_pages, monkeypatch):
    monkeypatch.setattr(layout, "BACKLINKS_SHOWN", 3)
    sections = [b.markdown for out in plan(synthetic_pages) for b in out.blocks
                if b.markdown.startswith(layout.BACKLINKS_HEADING)]
    cut = [s for s in sections if s.endswith(" trang khác")]
    assert cut and all(s.count("\n- ") == 4 for s in cut)
    assert all(s.count("\n- ") <= 3 for s in sections if s not in cut)
    assert re.search(r"\n- … và \d+ trang khác$", cut[0])

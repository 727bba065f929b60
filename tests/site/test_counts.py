"""Every count on the built site equals what its link shows (kb.tools.countcheck walks the HTML): on the real
records, on the reader's fixture, and on hand-made pages that prove the walk catches a wrong count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kb.tools.countcheck import listed, mismatches, unchecked


def test_every_count_of_the_real_site_equals_what_its_link_lists(real_site):
    problems, checked = mismatches(real_site / "site")
    assert problems == [], "\n".join(problems[:30])
    assert checked > 300  # home, statistics, indexes, tiles, timeline, browse pages, practices, model pages


def test_every_count_of_the_reader_fixture_equals_what_its_link_lists(reader_site):
    problems, checked = mismatches(reader_site)
    assert problems == [], "\n".join(problems[:30])
    assert checked > 60


@pytest.mark.parametrize("fixture", ["real_site", "reader_site"])
def test_no_number_on_a_link_goes_unchecked(fixture, request):
    site = request.getfixturevalue(fixture)
    site = site / "site" if (site / "site").is_dir() else site
    assert unchecked(site) == []


def test_the_year_chart_and_the_year_pages_agree(real_site):
    """The statistics count a model under its own year or its article's; each year page lists the same."""
    site = (real_site / "site").resolve()
    stats = (site / "thong-ke" / "index.html").read_text(encoding="utf-8")
    years = stats.split('id="mo-hinh-theo-nam"', 1)[1].split("<h2", 1)[0]
    cells = re.findall(r'data-kb-count="(\d+)" href="\.\./nam/(\d{4})/#mo-hinh"', years)
    assert cells, "bảng năm của trang thống kê không có số nào dẫn tới trang năm"
    cache: dict = {}
    for count, year in cells:
        assert listed(site, f"/nam/{year}/", "mo-hinh", "mo-hinh", cache) == (int(count), ""), year


def page(folder: Path, url: str, body: str) -> None:
    target = folder / url.strip("/") / "index.html" if url != "/" else folder / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<html><body><nav><a href='/don-vi/z/'>menu</a></nav><article>{body}</article></body></html>",
                      encoding="utf-8")


def test_the_walk_finds_a_wrong_count_a_missing_section_and_a_number_it_does_not_know(tmp_path):
    site = tmp_path / "site"
    page(site, "/", '<p><a href="don-vi/#tat-ca" data-kb-count="3" data-kb-of="don-vi">3 đơn vị</a> · '
                    '<a href="don-vi/#tat-ca" data-kb-count="4" data-kb-of="don-vi">4 đơn vị</a> · '
                    '<a href="don-vi/#khong-co" data-kb-count="3" data-kb-of="don-vi">3 đơn vị</a> · '
                    '<a href="don-vi/#tat-ca" data-kb-count="3" data-kb-of="don-vi">ba đơn vị</a> · '
                    '<a href="nam/2019/">7 bài viết</a></p>')
    # two units on the page (one twice), a third on the listing's second page; the backlinks do not count
    page(site, "/don-vi/", '<h2 id="tat-ca">Đơn vị (3)</h2><table><tbody><tr><td><a href="a/">A</a></td></tr>'
                           '<tr><td><a href="b/">B</a> <a href="b/#kn-x">b</a></td></tr></tbody></table>'
                           '<p><em>Đơn vị, trang:</em> <strong>1</strong> <a href="tat-ca/trang-2/">2</a></p>'
                           '<h2 id="duoc-nhac-den-o">Được nhắc đến ở</h2><ul><li><a href="d/">D</a></li></ul>')
    page(site, "/don-vi/tat-ca/trang-2/", '<p>← <a href="../../">Đơn vị</a></p><ul><li><a href="../../c/">C</a></li></ul>')
    page(site, "/nam/2019/", "<h2 id='bai-viet'>Bài viết</h2>")
    problems, checked = mismatches(site)
    assert checked == 4
    assert problems == [
        "/: '4 đơn vị' ghi 4, trang /don-vi/#tat-ca liệt kê 3",
        "/: '3 đơn vị' → don-vi/#khong-co: trang đích không có mục #khong-co",
        "/: chữ 'ba đơn vị' không ghi số 3",
    ]
    assert unchecked(site) == ["/: '7 bài viết' → nam/2019/"]

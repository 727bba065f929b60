"""Generated pages: golden files, escaping, determinism, backlinks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from conftest import GOLDEN, assert_golden
from hypothesis import given
from hypothesis import strategies as st
from kb.check.runner import check
from kb.generate.editor import vendored
from kb.generate.pages import generate
from kb.generate.render import render
from kb.generate.search.index import INDEX_DIR
from kb.text.markup import body_html, number_vn, text

TODAY = dt.date(2026, 11, 24)


def pages_of(project):
    checked = check(project, today=TODAY)
    assert checked.errors == []
    return render(checked.corpus)


def test_every_output_of_the_mini_site_matches_its_golden_file(mini_project, update_golden):
    """Every file the compiler writes for the mini corpus (pages, open data) has a golden file, and every golden
    file is still written: a missing or an extra file fails. The search index is not here: one ranking weight
    would rewrite its hundreds of files; tests/generate/search keeps a golden of its shape and a few files, and
    tests the rest by the queries a reader types."""
    checked = check(mini_project, today=TODAY)
    assert checked.errors == []
    outputs = {path: text for path, text in generate(mini_project, checked.corpus).items()
               if not vendored(path)  # the web editor's bundle comes from npm (tests/generate/test_cms.py)
               and not path.startswith(f"{INDEX_DIR}/")}
    root = GOLDEN / "site"
    if update_golden:
        for stale in [p for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix() not in outputs]:
            stale.unlink()
    for path, content in sorted(outputs.items()):  # CSV's CRLF is kept as LF here (tested in test_opendata)
        assert_golden(content.replace("\r\n", "\n"), root / path, update_golden)
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert on_disk == set(outputs), f"tệp golden thừa: {sorted(on_disk - set(outputs))}"


def test_outputs_do_not_depend_on_the_hash_seed(mini_project):
    """Two processes with different PYTHONHASHSEED compile byte-identical outputs."""
    script = (
        "import hashlib, sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from kb.check.runner import check\nfrom kb.generate.pages import generate\n"
        "root = Path(sys.argv[1])\n"
        "out = generate(root, check(root, today=dt.date(2026, 11, 24)).corpus)\n"
        "print(hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "4242"):
        done = subprocess.run([sys.executable, "-c", script, str(mini_project)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_rendering_twice_is_byte_identical(mini_project):
    assert pages_of(mini_project) == pages_of(mini_project)


def test_generated_pages_say_so_and_name_their_record(mini_project):
    lines = pages_of(mini_project)["don-vi/cau-ngang.md"].splitlines()
    assert lines[0] == "---", "trang sinh ra bắt đầu bằng phần đầu YAML (để Material không đánh chỉ mục nó)"
    assert lines[1] == "# Trang sinh tự động bởi kb từ records/units/tra-vinh/cau-ngang.md — không sửa tay."


def test_model_sharing_the_theme_title_links_both_ways(mini_project):
    pages = pages_of(mini_project)
    model = pages["mo-hinh/cau-ngang/xay-dung-phong-cach-tac-phong-cong-tac-cua-nguoi-dung-dau.md"]
    assert "Mô hình trùng tên với [Chuyên đề năm 2018](../../chuyen-de/2018.md)" in model
    theme = pages["chuyen-de/2018.md"]
    assert "(../mo-hinh/cau-ngang/xay-dung-phong-cach-tac-phong-cong-tac-cua-nguoi-dung-dau.md)" in theme


def test_lesson_topic_gathers_lessons_of_several_units(mini_project):
    topic = pages_of(mini_project)["kinh-nghiem/vai-tro-nguoi-dung-dau.md"]
    assert "(../don-vi/cau-ngang.md#kn-" in topic and "(../don-vi/go-vap.md#kn-" in topic


def test_province_page_shows_successor_and_merged_units(mini_project):
    pages = pages_of(mini_project)
    assert "Sáp nhập vào:** [Vĩnh Long](vinh-long.md)" in pages["tinh/tra-vinh.md"]
    assert "### Tỉnh Trà Vinh cũ" in pages["tinh/vinh-long.md"]
    assert "(../don-vi/cau-ngang.md)" in pages["tinh/vinh-long.md"]
    assert "(nay thuộc tỉnh [Vĩnh Long](../tinh/vinh-long.md))" in pages["don-vi/cau-ngang.md"]


def test_figures_are_written_the_vietnamese_way(mini_project):
    page = pages_of(mini_project)["don-vi/go-vap.md"]
    assert "trên 4\\.800 lượt" in page and "98,8%" in page
    assert number_vn(4800) == "4.800" and number_vn(98.8) == "98,8" and number_vn(1130) == "1.130"


def test_a_to_z_uses_vietnamese_letters(mini_project):
    pages = pages_of(mini_project)
    assert "a-z/c.md" in pages and "a-z/g.md" in pages and "a-z/n.md" in pages
    index = pages["a-z/index.md"]
    assert index.index("[C]") < index.index("[G]") < index.index("[N]") < index.index("[X]")


HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))',
           '<iframe src="https://evil.example"></iframe>', '"><svg onload=alert(1)>', '{: onclick="alert(1)" }',
           '<a href="data:text/html,<script>alert(1)</script>">x</a>']


@pytest.mark.parametrize("payload", HOSTILE)
def test_record_strings_are_escaped(payload):
    escaped = text(payload)
    assert "<" not in escaped and ">" not in escaped


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs


def unsafe_parts(fragment: str) -> list[str]:
    """Elements and attributes in an HTML fragment that could run script."""
    parser = _Elements()
    parser.feed(fragment)
    bad = [t for t in parser.tags if t in {"script", "iframe", "svg", "object", "embed", "style", "img"}]
    bad += [name for name, _ in parser.attributes if name.startswith("on") or name == "style"]
    bad += [value for name, value in parser.attributes
            if name in {"href", "src"} and value and not value.startswith(("http://", "https://", "mailto:"))]
    return bad


@pytest.mark.parametrize("payload", HOSTILE)
def test_bodies_are_sanitised(payload):
    assert unsafe_parts(body_html(f"Tóm tắt {payload}")) == []


def test_the_sanitiser_check_itself_sees_danger():
    assert unsafe_parts('<p><img src=x onerror=alert(1)><a href="javascript:x">a</a></p>') == [
        "img", "onerror", "x", "javascript:x"]


def test_body_headings_are_shifted_below_the_page_sections():
    assert body_html("# Tiêu đề\n\nđoạn") == "<h3>Tiêu đề</h3>\n<p>đoạn</p>"


_SEGMENT = st.sampled_from(["don-vi", "mo-hinh", "cau-ngang", "a-z", "index.md", "x.md", "trang-2"])


@given(st.lists(_SEGMENT, max_size=3).map("/".join), st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join))
def test_relative_links_are_what_posixpath_says(from_dir, to_page):
    import posixpath

    from kb.text.markup import relative_path
    assert relative_path(to_page, from_dir) == posixpath.relpath(to_page, from_dir or ".")


def test_a_share_is_computed_only_from_what_the_figure_says():
    from kb.generate.render.site import share
    from kb.model.records import Result
    assert share(Result("a", "x", 52, denominator=55)) == "94,5%"
    assert share(Result("b", "x", 98.8, unit="%")) == "98,8%"
    assert share(Result("c", "x", 214, unit="mô hình")) == ""
    assert share(Result("d", "x", 95, unit="%", qualifier="trên")) == "trên 95%"



def test_a_document_no_unit_reports_on_says_so_and_stops_when_one_does(mini_project):
    """'No report names this document' is computed from the corpus, never written in a record (issue 10)."""
    directive = mini_project / "records/directives/01-kl-tw.md"
    directive.write_text('---\nid: 01-kl-tw\ncode: "01-KL/TW"\nkind: ket-luan\nissuer: "Bộ Chính trị"\n'
                         'sources:\n  - title: "Bài"\n    date: "2021-05-18"\n---\n', encoding="utf-8")
    said = "Chưa có đơn vị nào trong cơ sở dữ liệu báo cáo về văn bản này."
    assert said in pages_of(mini_project)["van-ban/01-kl-tw.md"]
    unit = mini_project / "records/units/tra-vinh/cau-ngang.md"
    unit.write_text(unit.read_text(encoding="utf-8").replace("directives: [05-ct-tw]", "directives: [05-ct-tw, 01-kl-tw]"),
                    encoding="utf-8")
    page = pages_of(mini_project)["van-ban/01-kl-tw.md"]
    assert said not in page and "Huyện ủy Cầu Ngang" in page

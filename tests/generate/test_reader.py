"""The reader's pages: practices taken up elsewhere, citations, dates as the source gives them, sharing
metadata, statistics charts, the Atom feed from git; hostile strings in each new output."""

from __future__ import annotations

import datetime as dt
import html
import subprocess
import xml.etree.ElementTree as ET

import yaml
from conftest import git
from kb.check.runner import check
from kb.generate import charts, feed
from kb.generate.groupings import ensure
from kb.generate.practices import practice_key
from kb.generate.pages import generate
from kb.generate.render import render
from kb.generate.render.site import cite_short, source_date
from kb.model.records import Source
from kb.text.markup import text

TODAY = dt.date(2026, 11, 24)
HOSTILE = '"><img src=x onerror=alert(1)></title><script>alert(2)</script>javascript:alert(3)'
ATOM = "{http://www.w3.org/2005/Atom}"


def add_model_to_go_vap(project, title: str, owner: str = "Hội Khuyến học quận") -> None:
    record = project / "records/units/ho-chi-minh/go-vap.md"
    text = record.read_text(encoding="utf-8")
    model = (f"models:\n  - title: {yaml.safe_dump(title, allow_unicode=True).splitlines()[0]}\n"
             f"    owner: {yaml.safe_dump(owner, allow_unicode=True).splitlines()[0]}\n"
             "    kind: tap-the\n    field: giao-duc\n")
    record.write_text(text.replace("lessons:\n", model + "lessons:\n", 1), encoding="utf-8")


def compiled(project, monkeypatch=None) -> dict[str, str]:
    """Everything the build writes; with `monkeypatch`, also from records the checker would refuse
    (the renderer must make them harmless on its own)."""
    if monkeypatch is not None:
        monkeypatch.setattr("kb.check.textcheck.text_diagnostics", lambda source: [])
    checked = check(project, today=TODAY)
    assert checked.errors == [], checked.errors
    return generate(project, checked.corpus)


def frontmatter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def test_practice_key_groups_near_duplicate_titles():
    assert practice_key("Dân vận khéo") == practice_key("Mô hình “Dân vận khéo”") == "dan-van-kheo"
    assert practice_key("Xây dựng mô hình dân vận khéo") == "dan-van-kheo"
    assert practice_key("Dân vận khéo") != practice_key("Dân vận")


def test_the_same_practice_at_two_units_gets_a_page_of_its_own(mini_project):
    add_model_to_go_vap(mini_project, "Mô hình “nuôi heo đất tiết kiệm khuyến học, khuyến tài”")
    pages = compiled(mini_project)
    practice = pages["nhan-rong/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.md"]
    assert "# Nuôi heo đất tiết kiệm khuyến học, khuyến tài: cách làm ở 2 đơn vị" in practice
    assert "Các mô hình dưới đây mang cùng một tên" in practice
    assert "(../don-vi/cau-ngang.md)" in practice and "(../don-vi/go-vap.md)" in practice
    model = pages["mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.md"]
    assert "## Nơi khác cũng làm {#noi-khac}" in model
    assert "[Quận ủy Gò Vấp](../../don-vi/go-vap.md)" in model
    assert ("[Cách làm này ở 2 đơn vị](../../nhan-rong/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.md#mo-hinh)"
            '{data-kb-count="2" data-kb-of="don-vi"}') in model
    assert "(nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.md)" in pages["nhan-rong/index.md"]


def test_without_repeated_practices_the_index_says_so(mini_project):
    assert "Chưa có cách làm nào được hai đơn vị trở lên báo cáo." in compiled(mini_project)["nhan-rong/index.md"]


def test_lessons_on_a_topic_page_carry_their_citation(mini_project):
    page = compiled(mini_project)["kinh-nghiem/vai-tro-nguoi-dung-dau.md"]
    assert "(Huyện ủy Cầu Ngang, Trà Vinh, 2019; “Cầu Ngang kết quả" in page
    assert "(Quận ủy Gò Vấp, Hồ Chí Minh, 2011;" in page


def test_model_page_shows_the_unit_figures_apart_and_the_year_of_the_article(mini_project):
    page = compiled(mini_project)["mo-hinh/cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.md"]
    own, rest = page.split("## Kết quả của mô hình {#ket-qua}", 1)[1].split("\n## ", 1)
    assert "Bài nguồn không nêu số liệu riêng của mô hình." in own and "214" not in own
    apart = rest.split("## Đơn vị nêu cùng bài {#cung-bai}", 1)[1]
    assert "không phải kết quả riêng của mô hình" in apart and '<details class="note" markdown="1">' in apart
    assert "| Mô hình đã đăng ký và xây dựng | 214 mô hình |" in apart
    assert "- **Bài viết:** năm 2019" in page


def test_excerpt_is_quoted_with_its_source(mini_project):
    checked = check(mini_project, today=TODAY)
    model = checked.corpus.units["cau-ngang"].models[0]
    model.excerpt = "mô hình này rất có hiệu quả " + HOSTILE
    pages = render(checked.corpus)
    page = pages[f"mo-hinh/cau-ngang/{model.id}.md"]
    assert "**Bài viết nói:**\n\n> “mô hình này rất có hiệu quả" in page
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    meta = frontmatter(page)
    assert "<" not in meta["description"] and '"' not in meta["description"]
    assert html.unescape(meta["description"]).endswith("…") or HOSTILE[:10] in html.unescape(meta["description"])


def test_sources_dates_as_the_source_gives_them():
    assert source_date(Source(title="t", date="2019-05-02")) == "02/05/2019"
    assert source_date(Source(title="t", date="2019-05")) == "tháng 05/2019 (không rõ ngày đăng)"
    assert source_date(Source(title="t", date="2019")) == "năm 2019 (không rõ ngày đăng)"
    undated = Source(title="t")
    undated.year, undated.year_source = 2019, "url"
    assert source_date(undated) == "không rõ ngày đăng (năm 2019, theo địa chỉ bài)"
    assert source_date(Source(title="t")) == "không rõ ngày đăng"


def test_short_citation():
    from kb.model.records import Unit
    unit = Unit(id="x", name="Huyện ủy Cầu Ngang")
    assert cite_short(unit, Source(title="t", date="2019-01-22")) == "(Huyện ủy Cầu Ngang, 2019)"


def test_editors_notes_stand_apart_from_the_source_list(mini_project):
    record = mini_project / "records/units/tra-vinh/cau-ngang.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('    author: "Phú Lũy"\n',
                                   '    author: "Phú Lũy"\n    note: "Trang ghi giờ đăng."\n', 1), encoding="utf-8")
    page = compiled(mini_project)["don-vi/cau-ngang.md"]
    sources = page.split("## Nguồn", 1)[1]
    first_line = sources.strip().splitlines()[0]
    assert "Ghi chú" not in first_line and "giờ đăng" not in first_line
    assert '<details class="note" markdown="1">\n<summary>Ghi chú của người biên tập' in sources
    assert "Trang ghi giờ đăng\\." in sources


def test_hostile_strings_are_escaped_in_frontmatter_and_citation(mini_project, monkeypatch):
    add_model_to_go_vap(mini_project, "Mô hình " + HOSTILE.replace('"', "'"), owner=HOSTILE)
    pages = compiled(mini_project, monkeypatch)
    page = next(text for path, text in pages.items() if path.startswith("mo-hinh/go-vap/"))
    meta = frontmatter(page)
    for key in ("description", "kb_title", "kb_cite"):
        assert "<" not in meta[key] and '"' not in meta[key] and ">" not in meta[key], key
        assert "&lt;script&gt;" in meta[key]
    stats = pages["thong-ke/index.md"]
    assert "<script>" not in stats and "<img" not in stats


def test_charts_are_static_svg_with_escaped_labels_and_a_text_alternative():
    svg = charts.bar_chart("x", HOSTILE, [(HOSTILE, 3), ("Trà Vinh", 1.5)], "%")
    root = ET.fromstring(svg)  # well-formed XML: nothing unescaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == HOSTILE
    assert "Trà Vinh: 1,5%" in root.find(f"{ns}desc").text
    assert all(e.tag != f"{ns}script" for e in root.iter())
    assert not any(name.startswith("on") for e in root.iter() for name in e.attrib)
    assert charts.bar_chart("x", "t", [("a", 1)]) == charts.bar_chart("x", "t", [("a", 1)])
    assert charts.bar_chart("x", "t", []) == ""


def test_statistics_page_has_a_table_for_each_count_and_a_chart_only_when_there_is_enough(mini_project):
    page = compiled(mini_project)["thong-ke/index.md"]
    assert page.count("| Mục | Số lượng |") >= 6
    # the mini corpus has two models and two units: every count is a sentence, not a one-bar chart
    assert "<svg " not in page and "nhiều nhất" not in page
    assert text("2 lĩnh vực: Giáo dục, khuyến học (1), Xây dựng Đảng (1).") + " Quá ít để vẽ biểu đồ." in page


def test_the_feed_is_empty_and_dated_without_a_clock_outside_git(mini_project):
    pages = compiled(mini_project)
    root = ET.fromstring(pages["cap-nhat/atom.xml"])
    assert root.find(f"{ATOM}entry") is None
    assert root.find(f"{ATOM}updated").text == feed.EMPTY_FEED_UPDATED
    assert "không dựng từ một kho git" in pages["cap-nhat/index.md"]
    assert "kb_updated" not in pages["don-vi/cau-ngang.md"]


def _commit(project, message: str, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "add", "-A"], cwd=project, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=project, check=True, env=env)


def test_the_feed_and_last_change_come_from_git_history(mini_project, monkeypatch):
    git("init", "-q", cwd=mini_project)
    _commit(mini_project, "đầu tiên", "2026-01-05T09:00:00+07:00")
    record = mini_project / "records/units/ho-chi-minh/go-vap.md"
    record.write_text(record.read_text(encoding="utf-8").replace('name: "Quận ủy Gò Vấp"',
                                                                 'name: "Quận ủy Gò Vấp ' + HOSTILE.replace('"', "'") + '"'),
                      encoding="utf-8")
    _commit(mini_project, "sửa", "2026-03-10T10:00:00+07:00")
    first = compiled(mini_project, monkeypatch)
    assert first == compiled(mini_project, monkeypatch)  # the same commit, the same feed
    root = ET.fromstring(first["cap-nhat/atom.xml"])
    site = "https://example.org/lam-theo-bac/"  # mkdocs.yml's site_url: the feed's links are absolute
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == site + "cap-nhat/atom.xml"
    entries = root.findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}title").text.startswith("Quận ủy Gò Vấp '><img")  # escaped, read back whole
    assert entries[0].find(f"{ATOM}updated").text == "2026-03-10T10:00:00+07:00"
    assert entries[0].find(f"{ATOM}link").get("href") == site + "don-vi/go-vap/"
    assert entries[0].find(f"{ATOM}summary").text.startswith(
        "Hồ sơ được cập nhật: Quận ủy Gò Vấp '><img") and "sửa nội dung, không thêm mô hình." in \
        entries[0].find(f"{ATOM}summary").text
    assert {e.find(f"{ATOM}link").get("href") for e in entries} >= {site + "don-vi/cau-ngang/", site + "chuyen-de/2018/"}
    cau_ngang = next(e for e in entries if e.find(f"{ATOM}link").get("href").endswith("/cau-ngang/"))
    assert cau_ngang.find(f"{ATOM}summary").text.startswith(
        "Hồ sơ mới: Huyện ủy Cầu Ngang (Trà Vinh) — 2 mô hình: Xây dựng phong cách")
    assert frontmatter(first["don-vi/go-vap.md"])["kb_updated"] == "10/03/2026"
    assert frontmatter(first["don-vi/cau-ngang.md"])["kb_updated"] == "05/01/2026"
    assert "10/03/2026 — [Quận ủy Gò Vấp" in first["cap-nhat/index.md"]


def test_a_feed_entry_names_the_models_a_change_added(mini_project, monkeypatch):
    git("init", "-q", cwd=mini_project)
    _commit(mini_project, "đầu tiên", "2026-01-05T09:00:00+07:00")
    add_model_to_go_vap(mini_project, "Tủ sách khuyến học")
    _commit(mini_project, "thêm mô hình", "2026-02-01T10:00:00+07:00")
    pages = compiled(mini_project, monkeypatch)
    entry = ET.fromstring(pages["cap-nhat/atom.xml"]).findall(f"{ATOM}entry")[0]
    assert entry.find(f"{ATOM}summary").text.startswith(
        "Hồ sơ được cập nhật: Quận ủy Gò Vấp (Hồ Chí Minh) — thêm mô hình: Tủ sách khuyến học.")
    assert "01/02/2026 — [Quận ủy Gò Vấp](../don-vi/go-vap.md): cập nhật — thêm mô hình: Tủ sách khuyến học\\." \
        in pages["cap-nhat/index.md"]


def test_a_to_z_lists_entries_and_models_index_lists_models(mini_project):
    topics = mini_project / "records/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("lesson_topics:\n", (
        '  - id: moi-truong\n    label: "Môi trường"\n    description: "Bảo vệ môi trường."\nlesson_topics:\n'), 1),
        encoding="utf-8")
    pages = compiled(mini_project)
    a_z = pages["a-z/index.md"]
    assert "## C\n\n- [Cầu Ngang — Huyện ủy Cầu Ngang](../don-vi/cau-ngang.md)" in a_z
    models = pages["mo-hinh/index.md"]
    assert "[Nuôi heo đất tiết kiệm khuyến học, khuyến tài](cau-ngang/nuoi-heo-dat-tiet-kiem-khuyen-hoc-khuyen-tai.md)" in models
    corpus = ensure(check(mini_project, today=TODAY).corpus)
    empty = [f for f in corpus.catalogs.fields if not corpus.models_by_field.get(f)]
    assert empty, "the mini corpus has a field with no model"
    for field_id in empty:
        assert f"(../linh-vuc/{field_id}.md)" not in models


def test_provinces_tiles_name_the_old_provinces_beside_their_successor(mini_project):
    page = compiled(mini_project)["tinh/index.md"]
    tiles = page.split('<ul class="kb-tiles" markdown="1">', 1)[1].split("</ul>", 1)[0]
    vinh_long = next(line for line in tiles.splitlines() if "**Vĩnh Long**" in line)
    assert "1 đơn vị" in vinh_long and "gồm Bến Tre, Trà Vinh cũ" in vinh_long
    assert 'class="kb-tile"' in vinh_long


def test_edit_link_goes_to_the_record_file_when_the_repository_is_known(mini_project):
    from kb.build.run import build
    config = mini_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'edit_uri: ""\n', 'edit_uri: ""\nrepo_url: https://github.com/vi-du/lam-theo-bac\n', 1), encoding="utf-8")
    build(mini_project, strict=True)
    built = (mini_project / "site/don-vi/cau-ngang/index.html").read_text(encoding="utf-8")
    assert ('href="https://github.com/vi-du/lam-theo-bac/edit/main/records/units/tra-vinh/cau-ngang.md">'
            "Sửa trang này</a>") in built
    assert "md-content__button" not in built  # Material's own edit button would point at a generated file


def test_figures_carry_their_source_sentence_on_the_unit_page(mini_project):
    checked = check(mini_project, today=TODAY)
    result = checked.corpus.units["cau-ngang"].results[0]
    result.excerpt = "toàn huyện đã đăng ký và xây dựng 214 mô hình <b>"  # schema: excerpt
    page = render(checked.corpus)["don-vi/cau-ngang.md"]
    assert "<br>*Bài viết:* “toàn huyện đã đăng ký và xây dựng 214 mô hình &lt;b&gt;”" in page


def test_an_indicator_on_the_statistics_page_stops_at_a_bounded_table(mini_project, monkeypatch):
    from kb.generate.render import stats
    monkeypatch.setattr(stats, "TABLE_ROWS", 1)
    checked = check(mini_project, today=TODAY)
    ensure(checked.corpus)
    indicator = next(iter(checked.corpus.catalogs.indicators))
    unit = checked.corpus.units["go-vap"]
    share = next(r for r in unit.results if r.unit == "%")
    checked.corpus.results_by_indicator[indicator] = [(unit, share)] * 3  # three figures of one indicator
    page = render(checked.corpus)["thong-ke/index.md"]
    assert f"1/3 dòng đầu; đủ số liệu: [trang chỉ tiêu](../chi-tieu/{indicator}.md)." in page


def test_a_long_practice_title_gives_a_bounded_address_that_still_tells_titles_apart():
    long = "Nuôi heo đất tiết kiệm khuyến học, khuyến tài " * 6
    assert len(practice_key(long)) <= 80
    assert practice_key(long) == practice_key("Mô hình " + long)
    assert practice_key(long) != practice_key(long + " ở xã")

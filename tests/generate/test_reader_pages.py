"""Pages a cadre can copy from (issue 20), on the reader's fixture (tests/fixtures/reader/ over the mini corpus):
model pages in fixed sections, a model's own figures apart from its unit's, practices grouped by meaning,
counts that say what they count, whole-term and provincial themes, browse by kind and level, a unit with no
province, the editor's words folded and in plain Vietnamese, the about page named everywhere."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from conftest import GOLDEN, REPO, assert_golden
from kb.check.runner import check
from kb.generate import practices
from kb.generate.render import render
from kb.generate.render import stats as stats_page
from kb.generate.render.blocks import editor_remarks, editor_words, quoted
from kb.generate.render.model_page import NO_CONDITIONS, NO_OWN_RESULTS, NOWHERE_ELSE, ONLY_NAMED
from kb.model.records import Model
from kb.text.siteconfig import read_config

TODAY = dt.date(2026, 11, 24)
GOLDEN_READER = GOLDEN / "reader"
NOT_GOLDEN = ("huong-dan/",)  # the generated guides: the mini site's goldens hold them


@pytest.fixture
def pages(reader_project) -> dict[str, str]:
    checked = check(reader_project, today=TODAY)
    assert checked.diagnostics == [], [d.format() for d in checked.diagnostics]
    return render(checked.corpus)


def section(page: str, anchor: str) -> str:
    """The text of the '## … {#anchor}' section, up to the next '## '."""
    return page.split(f"{{#{anchor}}}\n", 1)[1].split("\n## ", 1)[0].strip()


def test_every_page_of_the_reader_fixture_matches_its_golden_file(pages, update_golden):
    wanted = {path: text for path, text in pages.items() if not path.startswith(NOT_GOLDEN)}
    if update_golden:
        for stale in [p for p in GOLDEN_READER.rglob("*") if p.is_file()
                      and p.relative_to(GOLDEN_READER).as_posix() not in wanted]:
            stale.unlink()
    for path, text in sorted(wanted.items()):
        assert_golden(text, GOLDEN_READER / path, update_golden)
    on_disk = {p.relative_to(GOLDEN_READER).as_posix() for p in GOLDEN_READER.rglob("*") if p.is_file()}
    assert on_disk == set(wanted), f"tệp golden thừa: {sorted(on_disk - set(wanted))}"


def test_a_model_page_has_the_same_sections_in_the_same_order(pages):
    headings = ["## Mô hình là gì, làm thế nào {#la-gi}", "## Ai thực hiện, từ khi nào {#ai-thuc-hien}",
                "## Kết quả của mô hình {#ket-qua}", "## Điều kiện, khó khăn {#dieu-kien}",
                "## Nơi khác cũng làm {#noi-khac}", "## Nguồn {#nguon}"]
    for path, page in pages.items():
        if path.startswith("mo-hinh/") and not path.startswith("mo-hinh/index") and "/tat-ca/" not in path:
            found = [page.find(h) for h in headings]
            assert -1 not in found and found == sorted(found), path


def test_a_model_named_only_says_so_in_every_section(pages):
    page = pages["mo-hinh/truong-ba/goc-hoc-tap-lam-theo-bac.md"]
    assert section(page, "la-gi").strip() == ONLY_NAMED
    assert "- **Chủ thể:** bài nguồn không nêu (tập thể)" in section(page, "ai-thuc-hien")
    assert "- **Bắt đầu:** bài nguồn không nói mô hình bắt đầu từ khi nào" in page
    assert section(page, "ket-qua").strip() == NO_OWN_RESULTS
    assert section(page, "dieu-kien").strip() == NO_CONDITIONS
    assert NOWHERE_ELSE in section(page, "noi-khac")
    assert "Về mô hình: Bài chỉ nêu tên mô hình, không nêu chủ thể\\." in section(page, "nguon")


def test_a_model_page_gives_the_record_and_the_sources_own_words(pages):
    page = pages["mo-hinh/phuong-mot/so-tay-dang-vien.md"]
    what = section(page, "la-gi")
    assert "**Là gì.** Mỗi đảng viên có một quyển sổ" in what
    assert "**Cách làm.** Đầu năm đảng viên ghi việc đăng ký vào sổ; cuối tháng" in what
    assert "Phần lưu lại" not in what  # the editor's remark about the saved copy goes to the folded notes
    # the source's sentence, its inner quotation marks made single: quotes never nest as “… “…” …”
    assert "> “Mỗi tháng, chi bộ dành thời gian xem ‘sổ tay’ của từng đảng viên\\.” — (Đảng ủy Phường Một" in what
    assert "- **Bắt đầu:** năm 2019" in section(page, "ai-thuc-hien")
    assert "Cần bí thư chi bộ đọc sổ đều đặn" in section(page, "dieu-kien")
    notes = section(page, "nguon")
    assert "<summary>Ghi chú của người biên tập (không phải lời bài viết)</summary>" in notes
    assert "- Phần lưu lại của bài dừng ở đây\\." in notes


def test_a_models_own_figures_come_first_and_its_units_stand_apart_folded(pages):
    page = pages["mo-hinh/phuong-mot/so-tay-dang-vien.md"]
    own = section(page, "ket-qua")
    assert "| Đảng viên dùng sổ tay đều đặn | 96% |" in own and "Quần chúng" not in own
    apart = section(page, "cung-bai")
    assert apart.startswith("Những điều dưới đây là của cả [Đảng ủy Phường Một](../../don-vi/phuong-mot.md), "
                            "không phải kết quả riêng của mô hình.")
    assert '<details class="note" markdown="1">\n<summary>Số liệu chung của Đảng ủy Phường Một (1)</summary>' in apart
    assert "| Quần chúng được kết nạp đảng | 12 người |" in apart and "96%" not in apart
    assert page.index("{#ket-qua}") < page.index("{#cung-bai}")
    unit = pages["don-vi/phuong-mot.md"]  # the unit page says which of its figures are a model's
    assert "| Kết quả của mô hình |" in unit and "[Sổ tay đảng viên](../mo-hinh/phuong-mot/so-tay-dang-vien.md) |" in unit


def test_a_curated_practice_joins_models_of_different_names_and_says_who_decided(pages):
    practice = pages["nhan-rong/so-tay-dang-vien.md"]
    assert "# Sổ tay đảng viên: cách làm ở 2 đơn vị" in practice
    assert "Người biên tập xác định các mô hình dưới đây là cùng một cách làm." in practice
    assert "(../mo-hinh/phuong-mot/so-tay-dang-vien.md)" in practice
    assert "(../mo-hinh/xa-hai/quyen-so-lam-theo-bac-cua-dang-vien.md)" in practice
    model = pages["mo-hinh/xa-hai/quyen-so-lam-theo-bac-cua-dang-vien.md"]
    elsewhere = section(model, "noi-khac")
    assert "Người biên tập xác định" in elsewhere and "(../phuong-mot/so-tay-dang-vien.md)" in elsewhere
    assert ('[Cách làm này ở 2 đơn vị](../../nhan-rong/so-tay-dang-vien.md#mo-hinh){data-kb-count="2" '
            'data-kb-of="don-vi"}') in elsewhere


def test_a_suggested_practice_is_labelled_a_suggestion(pages):
    index = pages["nhan-rong/index.md"]
    row = next(line for line in index.splitlines() if "(nuoi-heo-dat-khuyen-hoc.md)" in line)
    assert "gợi ý: tên và tóm tắt giống nhau" in row and '{data-kb-count="3"' in row
    practice = pages["nhan-rong/nuoi-heo-dat-khuyen-hoc.md"]
    assert "Máy gợi ý các mô hình dưới đây là cùng một cách làm" in practice
    assert "người biên tập chưa xác nhận" in practice
    for unit in ("cau-ngang", "xa-hai", "truong-ba"):
        assert f"(../don-vi/{unit}.md)" in practice


def test_curated_practices_are_never_merged_and_alike_titles_join(pages):
    def model(unit, title, practice=None, summary=None):
        found = Model(title=title, kind="tap-the", field="giao-duc", practice=practice, summary=summary)
        found.unit_id, found.id = unit, title
        return found
    models = [model("a", "Sổ tay đảng viên", "so-tay"), model("b", "Sổ tay đảng viên", "nhat-ky"),
              model("c", "Mô hình “Dân vận khéo”"), model("d", "Dân vận khéo"), model("e", "Câu lạc bộ dưỡng sinh")]
    found = {p.key: (p.how, sorted(m.unit_id for m in p.models)) for p in practices.group(models)}
    assert found == {"dan-van-kheo": ("title", ["c", "d"])}  # one unit per curated id: not a practice yet
    models.append(model("f", "Quyển sổ của đảng viên", "so-tay"))
    found = {p.key: (p.how, sorted(m.unit_id for m in p.models)) for p in practices.group(models)}
    assert found["so-tay"] == ("curated", ["a", "f"]) and "nhat-ky" not in found


def test_the_threshold_is_the_one_measured_and_written_down():
    results = (REPO / "bench" / "PRACTICE-RESULTS.md").read_text(encoding="utf-8")
    assert f"| {practices.THRESHOLD:.2f} **(đang dùng)** |" in results
    labels = yaml.safe_load((REPO / "bench" / "practice-pairs.yaml").read_text(encoding="utf-8"))
    assert len(labels["universe"]) >= 40 and len(labels["same"]) >= 3


def test_themes_of_a_whole_term_and_of_a_province_are_named_so_and_listed_apart(pages):
    term = pages["chuyen-de/2021-2026.md"]
    assert term.splitlines()[term.splitlines().index("---", 1) + 2].startswith("# Chuyên đề toàn khóa 2021–2026: ")
    assert "Chuyên đề năm" not in term.split("\n# ", 1)[1].splitlines()[0]
    local = pages["chuyen-de/2019-vinh-long.md"]
    assert "# Chuyên đề năm 2019 của tỉnh Vĩnh Long: " in local
    assert "- **Phạm vi:** chuyên đề riêng của [Vĩnh Long](../tinh/vinh-long.md)" in local
    index = pages["chuyen-de/index.md"]
    national, provincial = index.split("## Chuyên đề toàn quốc", 1)[1].split("## Chuyên đề riêng của tỉnh, thành phố")
    assert "(2021-2026.md)" in national and "(2018.md)" in national and "(2019-vinh-long.md)" not in national
    assert "(2019-vinh-long.md)" in provincial


def test_the_timeline_puts_reports_under_the_year_they_were_written(pages):
    timeline = pages["nam/index.md"]
    year_2019 = timeline.split("## [2019](2019.md)", 1)[1].split("\n## ", 1)[0]
    assert "(../don-vi/cau-ngang.md)" in year_2019 and "(../don-vi/xa-hai.md)" in year_2019
    year_2016 = timeline.split("## [2016](2016.md)", 1)[1].split("\n## ", 1)[0]
    assert "ban hành [Chỉ thị 05\\-CT/TW]" in year_2016 and "don-vi/" not in year_2016  # issued, nobody reported


def test_a_unit_with_no_province_is_shown_everywhere(pages):
    unit = pages["don-vi/khoi-bon.md"]
    assert "- **Tỉnh, thành phố:** Trung ương, nhiều tỉnh" in unit
    assert "- **Loại đơn vị:** [Đảng bộ khối](../loai-don-vi/khoi.md)" in unit
    assert "- **Cấp:** [Trung ương](../cap/trung-uong.md)" in unit
    assert "(../don-vi/khoi-bon.md)" in pages["cap/trung-uong.md"]
    assert "(../don-vi/khoi-bon.md)" in pages["loai-don-vi/khoi.md"]
    assert "| [Đảng bộ Khối Bốn](khoi-bon.md) | Trung ương |" in pages["don-vi/index.md"]
    model = pages["mo-hinh/khoi-bon/moi-thang-mot-viec-lam-theo-bac.md"]
    assert "| Chi bộ đăng ký việc làm theo Bác | 40 chi bộ |" in section(model, "ket-qua")


def test_browse_pages_group_units_by_the_other_vocabulary(pages):
    kinds = pages["loai-don-vi/index.md"]
    assert "| [Trường học](truong-hoc.md) | [1](truong-hoc.md#don-vi){data-kb-count=\"1\"} |" in kinds
    assert "| [Công an](cong-an.md) | 0 |" in kinds
    school = pages["loai-don-vi/truong-hoc.md"]
    assert "### Cấp xã" in school and "(../don-vi/truong-ba.md)" in school
    xa = pages["cap/xa.md"]
    assert "### Cấp ủy, chính quyền địa phương" in xa and "### Trường học" in xa
    assert "Chưa có đơn vị nào thuộc mục này" in pages["loai-don-vi/cong-an.md"]


def test_editor_notes_are_folded_in_plain_words_and_never_the_description(pages):
    unit = pages["don-vi/phuong-mot.md"]
    front = yaml.safe_load(unit.split("---\n")[1])
    assert "lưu lại" not in front["description"] and "Phần lưu" not in unit.split("## Nguồn", 1)[0]
    notes = section(unit, "nguon")
    assert "Tên chi bộ điểm ghi trong “đơn vị điểm”; “văn bản” để trống" in notes
    assert "point_units" not in unit and "`directives`" not in unit
    assert "Bài có ảnh" not in pages["don-vi/xa-hai.md"].split("## Nguồn", 1)[0]


def test_a_directive_links_its_official_text_or_says_there_is_none(pages):
    assert "- **Toàn văn:** <https://vanban.example.org/chi-thi-05-ct-tw>" in pages["van-ban/05-ct-tw.md"]


def test_home_gives_ways_in_first_a_search_box_and_report_lines_without_a_hedge(pages):
    home = pages["index.md"]
    assert home.index('<form class="kb-home-search" action="tim-kiem/"') < home.index("## Bắt đầu từ đâu")
    assert home.index("## Bắt đầu từ đâu") < home.index("## Bài báo cáo mới nhất")
    assert "## Mới cập nhật" not in home  # that name means the date of the record's change, on /cap-nhat/
    newest = home.split("## Bài báo cáo mới nhất", 1)[1]
    lines = [line for line in newest.splitlines() if line.startswith("- ")]
    assert lines and all(line.startswith("- [") for line in lines)
    assert any(line.endswith("— bài năm 2019") for line in lines)  # a source dated only by its year
    assert "(gioi-thieu.md)" in home


def test_statistics_show_empty_years_and_say_small_counts_in_a_sentence(pages):
    stats = pages["thong-ke/index.md"]
    years = stats.split("## Mô hình theo năm", 1)[1].split("\n## ", 1)[0]
    assert "| 2020 | 0 |" in years  # a year with nothing between two that have models: on the axis, as 0
    assert "| [2018](../nam/2018.md) | 0 |" in years and years.count("<text ") == 2 * 5  # 2017 … 2021
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", stats):
        assert "\\" not in caption
    themes = stats.split("## Đơn vị báo cáo theo chuyên đề", 1)[1]
    assert "Quá ít để vẽ biểu đồ." in themes and "<svg" not in themes and "nhiều nhất" not in themes
    rows = [stats_page.Row(f"Tỉnh {n}", f"Tỉnh {n}", 1) for n in range(4)]
    tied = stats_page._section("tinh/index.md", "x", "Đơn vị theo tỉnh", "tỉnh", rows)
    assert "4 tỉnh, mỗi mục 1\\." in tied and "<svg" not in tied and "nhiều nhất" not in tied


def test_the_about_page_names_the_publisher_the_footer_and_citations_name():
    publisher = read_config(REPO / "mkdocs.yml")["extra"]["kb_publisher"]
    about = (REPO / "docs" / "gioi-thieu.md").read_text(encoding="utf-8")
    assert f"**{publisher}**" in about
    for heading in ("## Ai biên soạn, để làm gì", "## Chính sách biên tập", "## Báo lỗi, góp ý", "## Cách trích dẫn"):
        assert heading in about
    template = (REPO / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "config.extra.kb_publisher" in template  # the citation block
    assert "config.extra.kb_publisher" in (REPO / "overrides" / "partials" / "copyright.html").read_text(encoding="utf-8")


def test_quotes_never_nest_and_remarks_leave_the_text():
    assert quoted("Phong trào “Dân vận khéo”") == "“Phong trào ‘Dân vận khéo’”"
    assert quoted('Sổ "làm theo"') == "“Sổ ‘làm theo’”"
    kept, remarks = editor_remarks("Xã làm đường. Phần lưu lại của bài dừng ở đây.\n\nBài có ảnh trao quà. Xã khen 3 hộ.")
    assert kept == "Xã làm đường.\n\nXã khen 3 hộ." and remarks == ["Phần lưu lại của bài dừng ở đây.",
                                                                      "Bài có ảnh trao quà."]
    kept, remarks = editor_remarks("Gương được kể trong phần lưu lại là chị Khánh, giáo viên.")
    assert remarks == [] and kept.startswith("Gương được kể")  # names the copy, says nothing missing: content
    kept, remarks = editor_remarks("Xã lập ban vận động (phần lưu lại của bài dừng ở đây).")
    assert kept == "Xã lập ban vận động." and remarks == ["Phần lưu lại của bài dừng ở đây."]
    assert editor_words("xem point_units và `note`") == "xem “đơn vị điểm” và “ghi chú”"

"""`kb from-issue`: saved issue-form bodies (as GitHub writes them) become records that pass `kb check`,
and hostile or malformed answers become Vietnamese messages naming the box to change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kb.check.runner import check
from kb.intake import fromissue, issueforms
from kb.model import schema
from kb.model.diagnostics import Diagnostic

REPO = Path(__file__).resolve().parents[2]
ISSUES = Path(__file__).resolve().parents[1] / "fixtures" / "issues"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "p")
    return tmp_path / "p"


def body(name: str) -> str:
    return (ISSUES / f"{name}.md").read_text(encoding="utf-8")


def test_record_form_body_becomes_a_record_that_passes_check(tree: Path):
    outcome = fromissue.run(tree, body("de-xuat-hop-le"))
    assert outcome.code == 0, outcome.comment
    assert outcome.written == ["records/units/tra-vinh/hiep-my-dong.md"]
    checked = check(tree)
    assert not checked.errors, [d.format() for d in checked.errors]
    unit = checked.corpus.units["hiep-my-dong"]
    assert unit.level == "xa" and unit.province == "tra-vinh"
    assert [m.title for m in unit.models] == ["Tủ sách khuyến học", "Mỗi đảng viên giúp một hộ"]
    assert unit.sources[0].date == "2023-06-01"  # 01/06/2023 in the form
    assert [r.value for r in unit.results] == [1200, 2.5]
    assert [lesson.order for lesson in unit.lessons] == ["Một là", "Hai là"]
    assert "hiep-my-dong.md" in outcome.comment and "không có lỗi." in outcome.comment


def test_dry_run_writes_nothing(tree: Path):
    outcome = fromissue.run(tree, body("de-xuat-hop-le"), write=False)
    assert outcome.code == 0 and outcome.written == []
    assert not (tree / "records/units/tra-vinh/hiep-my-dong.md").exists()


def test_hostile_answers_are_told_box_by_box_and_nothing_is_written(tree: Path):
    before = sorted(p.name for p in tree.rglob("*.md"))
    outcome = fromissue.run(tree, body("de-xuat-doc-hai"))
    assert outcome.code == 1 and outcome.written == []
    assert sorted(p.name for p in tree.rglob("*.md")) == before
    text = outcome.comment
    for box, hint in [("Tên đơn vị (name)", "thẻ HTML"), ("Cấp (level)", "chọn một dòng"),
                      ("Tỉnh, thành phố tại thời điểm bài viết (province)", "tra-vinh"),
                      ("Ngày đăng (sources.date)", "không phải một ngày"),
                      ("Địa chỉ bài viết (sources.url)", "https://"),
                      ("Mô hình, điển hình (models)", "4 phần"), ("Kết quả bằng số liệu (results)", "năm")]:
        line = next(line for line in text.splitlines() if f"Ô '{box}'" in line)
        assert hint in line, line
    assert "<script>" not in text  # the answer is quoted, never rendered as HTML in the comment


def test_a_heading_typed_inside_an_answer_cannot_replace_another_box(tree: Path):
    outcome = fromissue.run(tree, body("de-xuat-o-lap"))
    assert outcome.code == 1
    assert "Ô 'Cấp (level)' xuất hiện hai lần" in outcome.comment


def test_unknown_field_and_missing_required_boxes(tree: Path):
    outcome = fromissue.run(tree, body("de-xuat-sai-kieu"))
    assert outcome.code == 1
    assert "lĩnh vực 'lĩnh vực không có' không có trong danh mục" in outcome.comment
    assert "Ô 'Tóm tắt (thân hồ sơ)': còn trống" in outcome.comment
    assert "Ô 'Chủ đề của các bài học (lessons.topics)'" in outcome.comment


def test_a_body_that_is_not_a_form_says_how_to_use_the_form(tree: Path):
    outcome = fromissue.run(tree, body("khong-phai-bieu-mau"))
    assert outcome.code == 1 and "New issue → chọn biểu mẫu" in outcome.comment


def test_checker_messages_are_translated_to_boxes(tree: Path):
    parsed = fromissue.parse_record(body("de-xuat-hop-le"), tree)
    target = tree / parsed.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(parsed.text.replace('"https://example.org/bai-viet/hiep-my-dong"', '"ftp://example.org/x"'), encoding="utf-8")
    parsed.text = target.read_text(encoding="utf-8")
    told = fromissue.explain([d for d in check(tree).errors if d.path == parsed.path], parsed)
    assert told and all(line.startswith("Ô 'Địa chỉ bài viết (sources.url)'") for line in told), told


def test_article_form_is_read(tree: Path):
    parsed = fromissue.parse_article(body("bai-bao-duong-dan"))
    assert parsed.source == "https://example.org/bai-viet/cau-ngang" and not parsed.problems
    pasted = fromissue.parse_article(body("bai-bao-dan-noi-dung"))
    assert pasted.source.startswith("Cầu Ngang: kết quả") and "```" not in pasted.source
    hostile = fromissue.run(tree, body("bai-bao-doc-hai"))
    assert hostile.code == 1 and "Ô 'Địa chỉ bài báo'" in hostile.comment and "Ô 'Người gửi'" in hostile.comment


def _has_import() -> bool:
    done = subprocess.run([sys.executable, "-m", "kb.cli", "import", "--help"], capture_output=True, text=True)
    return done.returncode == 0


@pytest.mark.skipif(not _has_import(), reason="lệnh 'kb import' (kb/importer, issue 9) chưa có trên nhánh này")
def test_pasted_article_goes_through_kb_import(tree: Path):
    outcome = fromissue.run(tree, body("bai-bao-dan-noi-dung"))
    assert outcome.comment.strip() and "Traceback" not in outcome.comment
    if outcome.code == 0:  # a draft was written and passes kb check
        assert outcome.written and all(path.startswith("records/") for path in outcome.written)
        assert "Người gửi: Trần Thị B." in outcome.comment
        assert not [d for d in check(tree).errors if d.path in outcome.written]
    else:  # what kb import said, told as what to change in the form
        assert "'Nội dung bài'" in outcome.comment and "'Địa chỉ bài báo'" in outcome.comment


def test_committed_issue_forms_are_the_generated_ones():
    for relative, text in issueforms.forms(REPO).items():
        assert (REPO / relative).read_text(encoding="utf-8") == text, f"{relative}: chạy 'kb docs'"


def test_level_dropdown_offers_exactly_the_schema_levels():
    level = schema.schema("unit")["properties"]["level"]
    form = issueforms.record_form(REPO)
    box = next(box for box in form.boxes if box.id == "level")
    assert [option.split(" — ")[0] for option in box.options] == level["enum"]
    assert all(" — " in option and option.split(" — ")[1] for option in box.options)


def test_cli_writes_the_comment_file(tree: Path, tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(tree), "from-issue",
                           str(ISSUES / "de-xuat-hop-le.md"), "--comment", str(tmp_path / "c.md")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "records/units/tra-vinh/hiep-my-dong.md"
    assert "Traceback" not in done.stderr
    assert "không có lỗi." in (tmp_path / "c.md").read_text(encoding="utf-8")


def test_common_wording_is_read_as_a_person_means_it(tree: Path):
    """Issue 19: lessons on consecutive lines, titles with ' - ', 'Chỉ thị 05', 'chuyên đề năm 2018', a date in
    words and an address without https:// — all read, none refused, the record passes the check."""
    outcome = fromissue.run(tree, body("de-xuat-cach-viet-thuong-gap"))
    assert outcome.code == 0, outcome.comment
    checked = check(tree)
    assert not checked.errors, [d.format() for d in checked.errors]
    unit = checked.corpus.units["hiep-my-dong"]
    assert [m.title for m in unit.models] == ["Tuổi trẻ - Tình nguyện vì cộng đồng",
                                              "Mỗi nhà một tủ sách - Mỗi người một cuốn sách"]
    assert [m.owner for m in unit.models] == ["Đoàn xã", "Chi bộ ấp Bào"]
    assert [lesson.order for lesson in unit.lessons] == ["Một là", "Hai là", "Ba là"]
    assert unit.lessons[1].text == "Hai là, chọn việc làm cụ thể, dễ làm, dễ kiểm tra."  # a wrapped line continues
    assert unit.directives == ["05-ct-tw"] and unit.themes == ["2018"]
    assert unit.sources[0].date == "2019-01-22"
    assert unit.sources[0].url == "https://example.org/bai-viet/hiep-my-dong-2019"
    assert "Chưa có hồ sơ" not in outcome.comment


def test_a_unit_that_has_a_record_is_not_made_twice(tree: Path):
    before = sorted(p.relative_to(tree) for p in tree.rglob("*.md"))
    outcome = fromissue.run(tree, body("de-xuat-don-vi-da-co"))
    assert outcome.code == 1 and outcome.written == []
    assert "đã có hồ sơ `records/units/tra-vinh/cau-ngang.md` ('Huyện ủy Cầu Ngang')" in outcome.comment
    assert "Gửi bài báo" in outcome.comment
    assert sorted(p.relative_to(tree) for p in tree.rglob("*.md")) == before


def test_the_comment_lists_what_is_left_for_the_editor(tree: Path):
    """After a draft the bot says how many review marks and warnings are left, each by file and line — never
    "no errors" alone."""
    parsed = fromissue.parse_record(body("de-xuat-hop-le"), tree)
    marks = [Diagnostic("records/units/tra-vinh/a.md", 12, 5, "KB130", "cần xem lại: lĩnh vực do máy gợi ý"),
             Diagnostic("records/units/tra-vinh/a.md", 20, 5, "KB130", "cần xem lại: năm của số liệu"),
             Diagnostic("records/units/tra-vinh/a.md", 5, 1, "KB208", "'X' không phải quận, huyện")]
    said = fromissue.comment(parsed, [], marks)
    assert "không có lỗi, còn 2 chỗ máy đánh dấu `# CẦN XEM LẠI` và 1 cảnh báo" in said
    assert "- `records/units/tra-vinh/a.md` dòng 12: cần xem lại: lĩnh vực do máy gợi ý (KB130)" in said
    assert said.index("dòng 20") < said.index("dòng 5:")  # the marks first, then the other warnings


def test_article_form_walks_to_a_record_that_passes_check_with_the_senders_summary(tree: Path):
    """The "Gửi bài báo" way in, end to end: kb import's draft, the sender's summary over its placeholder (KB140
    otherwise), a comment that names each review mark left — and a record with no error."""
    outcome = fromissue.run(tree, body("bai-bao-day-du"))
    assert outcome.code == 0, outcome.comment
    (path,) = outcome.written
    text = (tree / path).read_text(encoding="utf-8")
    assert "Huyện ủy Càng Long sơ kết một năm học tập và làm theo Bác: các chi bộ" in text
    assert "Bản nháp do `kb import` tạo" not in text
    found = [d for d in check(tree).diagnostics if d.path == path]
    assert not [d for d in found if d.is_error] and [d for d in found if d.code == "KB130"]
    marks = [d for d in found if d.code == "KB130"]
    assert f"còn {len(marks)} chỗ máy đánh dấu `# CẦN XEM LẠI`" in outcome.comment
    assert all(f"`{path}` dòng {d.line}:" in outcome.comment for d in marks)


def test_article_form_asks_for_a_summary(tree: Path):
    parsed = fromissue.parse_article(body("bai-bao-day-du").replace(
        "Huyện ủy Càng Long sơ kết một năm học tập và làm theo Bác: các chi bộ đăng ký việc làm cụ thể, nhiều mô hình "
        "được nhân rộng.", "_No response_"))
    assert parsed.problems == ["Ô 'Tóm tắt bài báo (thân hồ sơ)': còn trống; ô này bắt buộc."]

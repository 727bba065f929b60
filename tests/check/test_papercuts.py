"""The paper cuts a first contributor hits (issue 10), each fixed and held by a test."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from kb import cli
from kb.check.fix import fix_text
from kb.check.runner import check
from kb.intake.names import place_of
from kb.model.ids import free_unit_id
from kb.text.dates import iso_date

REPO = Path(__file__).resolve().parents[2]
INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
UNIT = "records/units/tra-vinh/cau-ngang.md"
LATER = dt.date(2030, 1, 1)
CLEAN = (INVALID / "ok-unquoted-date.md").read_text(encoding="utf-8")


def found(project: Path, text: str, path: str = UNIT):
    (project / path).write_text(text, encoding="utf-8")
    return [d for d in check(project, today=LATER).diagnostics if d.path == path]


def test_kb_new_placeholders_are_errors_until_replaced(mini_project):
    assert cli.main(["--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Trà Cú",
                     "--province", "tra-vinh"]) == 0
    draft = [d for d in check(mini_project, today=LATER).diagnostics if d.path.endswith("tra-cu.md")]
    assert [d.code for d in draft] == ["KB140", "KB140", "KB140"]
    told = " ".join(d.message for d in draft)
    assert "'title'" in told and "'date'" in told and "phần thân" in told  # the title, today's date, the body


def test_chi_bo_ids_follow_the_rule_and_leave_place_ids_to_places():
    taken = {"cau-ngang": "tra-vinh"}
    assert free_unit_id("Chi bộ 1", place_of("Chi bộ 1"), "tra-vinh", "co-so", taken, "chi-bo") == "chi-bo-1"
    full = "Chi bộ 1, Đảng bộ Công an huyện Cầu Ngang"
    assert place_of(full) == "Cầu Ngang"
    assert free_unit_id(full, place_of(full), "tra-vinh", "co-so", taken, "chi-bo") == "chi-bo-1-cong-an-cau-ngang"
    # --place with the district's name: the chi bộ does not take the district's natural id
    assert free_unit_id("Chi bộ 1", "Cầu Ngang", "tra-vinh", "co-so", {}, "chi-bo") == "chi-bo-1-cau-ngang"
    assert free_unit_id("Trường THCS Nguyễn Du", "Trường THCS Nguyễn Du", "tra-vinh", "xa", {}, "truong-hoc") == \
        "truong-thcs-nguyen-du"
    long_name = "Chi bộ Trường Trung học cơ sở Nguyễn Du, Đảng bộ xã Hiệp Mỹ Đông, huyện Cầu Ngang"
    assert len(free_unit_id(long_name, "Hiệp Mỹ Đông", "tra-vinh", "co-so", {}, "chi-bo")) <= 40
    assert free_unit_id("Chi bộ 1", "Chi bộ 1", "tra-vinh", "co-so", {"chi-bo-1": "ben-tre"}, "chi-bo") == "chi-bo-1-tra-vinh"


def test_kb_new_chi_bo_1_passes_check_once_filled_in(mini_project):
    assert cli.main(["--root", str(mini_project), "new", "unit", "--name", "Chi bộ 1", "--province", "tra-vinh"]) == 0
    created = mini_project / "records/units/tra-vinh/chi-bo-1.md"
    assert created.exists()
    codes = {d.code for d in check(mini_project, today=LATER).diagnostics if d.path.endswith("chi-bo-1.md")}
    assert codes == {"KB140"}  # no KB112: the id is "chi-bo-1", not the number 1


def test_value_missing_its_opening_quote_warns(mini_project):
    text = CLEAN.replace('title: "Bài"', 'title: mỗi tuần một bài học"')
    problems = found(mini_project, text)
    assert [d.code for d in problems] == ["KB141"] and not problems[0].is_error
    assert 'dấu " ở cuối nhưng không có dấu " ở đầu' in problems[0].message
    assert found(mini_project, CLEAN.replace('title: "Bài"',
                                             'title: \'Bài "trích" dẫn\'')) == []


def test_folded_enum_value_is_suggested(mini_project):
    text = CLEAN.replace("sources:", 'models:\n  - title: "Mô hình"\n    owner: "Chi bộ"\n    kind: tập thể\n'
                                      "    field: giao-duc\nsources:")
    problems = found(mini_project, text)
    assert [d.code for d in problems] == ["KB113"]
    assert "có phải ý bạn là 'tap-the'?" in problems[0].message


def test_day_month_year_date_gets_one_error_with_the_conversion_and_kb_fix_converts_it(mini_project):
    text = CLEAN.replace("date: 2019-01-22", "date: 22/01/2019").replace('date: "2019-01-22"', 'date: "22/01/2019"')
    assert "22/01/2019" in text
    problems = found(mini_project, text)
    assert [d.code for d in problems] == ["KB113"], [d.format() for d in problems]
    assert 'viết "2019-01-22"' in problems[0].message and "kb fix" in problems[0].message
    fixed = fix_text(text.encode("utf-8"), "unit")
    assert '"2019-01-22"' in fixed.text and any("22/01/2019" in change for change in fixed.changes)
    assert found(mini_project, fixed.text) == []
    assert iso_date("31/02/2019") is None and iso_date("1-6-2023") == "2023-06-01"


def test_missing_field_in_a_list_item_is_counted_from_one(mini_project):
    text = CLEAN.replace("---\nTóm tắt.", 'models:\n  - title: "Mô hình"\n    owner: "Chi bộ"\n    field: giao-duc\n'
                                         "---\nTóm tắt.")
    problems = found(mini_project, text)
    kb110 = [d for d in problems if d.code == "KB110"]
    assert kb110 and "mô hình thứ 1" in kb110[0].message and "models.0" not in kb110[0].message


def test_legacy_font_text_quoted_in_a_note_is_not_an_error(mini_project):
    note = '    note: "Bản gốc gõ bằng TCVN3: Häc tËp vµ lµm theo"\n'
    text = CLEAN.replace('    date: "2019-01-22"\n', '    date: "2019-01-22"\n' + note)
    if note not in text:
        text = CLEAN.replace("    date: 2019-01-22\n", "    date: 2019-01-22\n" + note)
    assert note in text
    assert [d.code for d in found(mini_project, text)] == []
    body = text + "Häc tËp vµ lµm theo\n"
    assert "KB302" in [d.code for d in found(mini_project, body)]  # still an error outside notes


def test_fix_check_leaves_notes_beside_records_alone_and_names_the_problem(tmp_path, capsys):
    assert cli.main(["--root", str(REPO), "fix", "--check"]) == 0, capsys.readouterr()
    fixed = fix_text("---\nid: a\n---\nthân\n\n\n", "unit")
    assert fixed.changes == ["cuối tệp có 2 dòng trống thừa → bỏ"]
    assert fix_text("---\nid: a\n---\nthân", "unit").changes == ["dòng cuối không có dấu xuống dòng → thêm"]


def test_new_theme_with_a_wrong_year_says_so_without_a_traceback(mini_project):
    done = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(mini_project), "new", "theme",
                           "--year", "hai nghìn", "--title", "Chuyên đề"], capture_output=True, text=True)
    assert done.returncode == 1
    assert "'hai nghìn' không phải một năm" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(mini_project), "new", "theme"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "thiếu" in done.stderr


BLANK = '''---
id: cau-ngang
name: "Huyện ủy Cầu Ngang"
place: "Cầu Ngang"
level: huyen
kind: dia-phuong
province: tra-vinh
parent: ''
themes: []
sources:
  - id: ''
    title: "Cầu Ngang kết quả và kinh nghiệm"
    publisher: ''
    date: "2019-01-22"
    year: null
    year_source: ''
models:
  - id: ""
    title: "Nuôi heo đất tiết kiệm khuyến học, khuyến tài"
    owner: "Hội Khuyến học huyện"
    owner_unit: ~
    kind: tap-the
    field: giao-duc
    since: null
---
Tóm tắt.
'''


def test_a_blank_field_is_said_blank_and_kb_fix_removes_it(mini_project):
    """Issue 19: what an editor writes for a box left empty (`parent: ''`, `year: null`) got remedies saying to add
    the field, and `kb fix` found nothing to fix."""
    told = found(mini_project, BLANK)
    assert told and all(d.message.endswith("để trống") and "xoá dòng này" in d.hint for d in told), told
    assert {d.line for d in told} == {8, 11, 13, 15, 16, 18, 21, 24}
    fixed = fix_text(BLANK, "unit")
    assert "bỏ 9 trường để trống (parent, themes, id, publisher, year, year_source, owner_unit, since)" in fixed.changes
    assert "  - title: \"Cầu Ngang kết quả và kinh nghiệm\"" in fixed.text  # the item keeps its dash
    assert found(mini_project, fixed.text) == [] and fix_text(fixed.text, "unit").changes == []


def test_a_blank_required_field_says_to_fill_it_in(mini_project):
    told = found(mini_project, BLANK.replace('place: "Cầu Ngang"', "place: ''"))
    (place,) = [d for d in told if d.line == 4]
    assert place.message == "'place' để trống" and place.hint.startswith("Điền giá trị")


def test_a_year_in_quotes_gets_a_years_hint_not_one_about_units(mini_project):
    told = found(mini_project, BLANK.replace("    year: null\n", '    year: "2018"\n').replace("parent: ''\n", ""))
    (year,) = [d for d in told if d.code == "KB112" and "văn bản '2018'" in d.message]
    assert year.hint == "Viết năm bằng chữ số, không đặt trong ngoặc kép, không kèm chữ: year: 2018."
    assert "đơn vị tính" not in year.hint and "'unit'" not in year.hint

"""The kb command: exit codes, output formats, and the preview's recompile loop."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time

import pytest
from conftest import FIXTURES
from kb import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_clean_project_exits_zero(mini_project, capsys):
    code, out, err = run(capsys, "--root", str(mini_project), "check")
    assert code == 0 and out == "" and "Không có lỗi." in err


def test_check_reports_file_line_code_and_exits_one(mini_project, capsys):
    shutil.copy(FIXTURES / "invalid" / "KB201.md", mini_project / "records/units/tra-vinh/cau-ngang.md")
    code, out, err = run(capsys, "--root", str(mini_project), "check")
    assert code == 1
    assert out.startswith("records/units/tra-vinh/cau-ngang.md:7:1: KB201 tỉnh 'tra-vin' không có trong danh mục")
    assert "1 lỗi, 0 cảnh báo." in err


def test_check_github_and_json_formats(mini_project, capsys):
    shutil.copy(FIXTURES / "invalid" / "KB201.md", mini_project / "records/units/tra-vinh/cau-ngang.md")
    _, out, _ = run(capsys, "--root", str(mini_project), "check", "--format", "github")
    assert out.startswith("::error file=records/units/tra-vinh/cau-ngang.md,line=7,col=1,title=KB201::KB201 ")
    _, out, _ = run(capsys, "--root", str(mini_project), "check", "--format", "json")
    assert json.loads(out)[0]["code"] == "KB201"


def test_check_only_given_files(mini_project, capsys):
    shutil.copy(FIXTURES / "invalid" / "KB201.md", mini_project / "records/units/tra-vinh/cau-ngang.md")
    other = mini_project / "records/units/ho-chi-minh/go-vap.md"
    code, out, _ = run(capsys, "--root", str(mini_project), "check", str(other))
    assert code == 0 and out == ""


def test_build_failure_is_explained_and_exits_one(mini_project, capsys):
    shutil.copy(FIXTURES / "invalid" / "KB201.md", mini_project / "records/units/tra-vinh/cau-ngang.md")
    code, out, err = run(capsys, "--root", str(mini_project), "build", "--pages-only")
    assert code == 1 and "KB201" in out and "Trang cũ được giữ nguyên" in err


def test_preview_recompiles_when_a_record_changes(mini_project):
    from kb.serve.preview import Preview
    preview = Preview(mini_project, "127.0.0.1:0")  # port 0: any free port
    preview.start()
    watcher = threading.Thread(target=preview.watch, args=(lambda problems: None, 0.1), daemon=True)
    watcher.start()
    time.sleep(0.3)
    record = mini_project / "records/units/ho-chi-minh/go-vap.md"
    record.write_text(record.read_text(encoding="utf-8").replace("Quận ủy Gò Vấp là", "Quận ủy Gò Vấp nay là"),
                      encoding="utf-8")
    page = mini_project / "docs/don-vi/go-vap.md"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "nay là" not in page.read_text(encoding="utf-8"):
        time.sleep(0.1)
    preview.stop()
    assert "Quận ủy Gò Vấp nay là" in page.read_text(encoding="utf-8")


# -- Vietnamese all the way (issue 19): argparse's own words, mistyped paths, names for ids -------------

ENGLISH = re.compile(r"\b(usage|options|error|invalid|choice|choose|expected|argument|arguments|required|"
                     r"unrecognized|show|help message|positional|exit)\b", re.I)


def _said(capsys, *argv) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("argv", [
    ["--help"], ["check", "--help"], ["new", "unit", "--help"], ["import", "--help"], ["build", "--help"],
    [], ["bogus"], ["check", "--format", "xml"], ["new", "unit", "--level"], ["new", "unit", "--level", "tinhh"],
    ["build", "--jobs", "hai"], ["check", "--nope"], ["new"], ["import"], ["from-issue"],
])
def test_argparse_speaks_vietnamese(capsys, argv):
    code, said = _said(capsys, *argv)
    words = re.sub(r"--?[\w-]+|\{[^}]*\}|'[^']*'|kb [a-z-]+|[A-ZĐ_]{2,}", " ", said)  # flags, choices, names
    assert said.strip() and not ENGLISH.search(words), said
    assert code == (0 if "--help" in argv else 2)
    assert ("cách dùng: kb" in said) and ("lỗi:" in said or "--help" in argv)


def test_check_of_a_mistyped_path_is_an_error_not_a_clean_bill(mini_project, capsys):
    code, said = _said(capsys, "--root", str(mini_project), "check", str(mini_project / "records/units/tra-vinh/cau-ngan.md"))
    assert code == 2 and "Không có lỗi" not in said
    assert "không có tệp" in said and "có phải ý bạn là 'records/units/tra-vinh/cau-ngang.md'?" in said
    readme = mini_project / "README.md"
    readme.write_text("# ghi chú\n", encoding="utf-8")
    code, said = _said(capsys, "--root", str(mini_project), "check", str(readme))
    assert code == 2 and "không nằm trong thư mục records/" in said
    code, said = _said(capsys, "--root", str(mini_project), "check", str(mini_project / "records/units/tra-vinh"))
    assert code == 0 and "Không có lỗi." in said  # a folder stands for its records


def test_new_unit_with_a_province_name_suggests_its_id(mini_project, capsys):
    code, said = _said(capsys, "--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Mỏ Cày Bắc",
                       "--province", "Bến Tre")
    assert code == 1 and "'Bến Tre' là tỉnh có mã 'ben-tre': chạy lại với --province ben-tre" in said
    assert not list((mini_project / "records/units").rglob("mo-cay-bac*.md"))


@pytest.mark.parametrize("name", ["Huyen uy Cau Ngang", "HUYỆN UỶ CẦU NGANG", "Huyện ủy  Cầu Ngang"])
def test_new_unit_that_exists_names_the_existing_record(mini_project, capsys, name):
    before = sorted((mini_project / "records").rglob("*.md"))
    code, said = _said(capsys, "--root", str(mini_project), "new", "unit", "--name", name, "--province", "tra-vinh")
    assert code == 1 and "Đơn vị này đã có hồ sơ: records/units/tra-vinh/cau-ngang.md ('Huyện ủy Cầu Ngang')" in said
    assert sorted((mini_project / "records").rglob("*.md")) == before


def test_new_unit_typed_without_marks_is_made_with_a_warning(mini_project, capsys):
    code, said = _said(capsys, "--root", str(mini_project), "new", "unit", "--name", "Huyen uy Cau Ke",
                       "--province", "tra-vinh")
    assert code == 0 and "không có dấu" in said and "KB306" in said


@pytest.mark.parametrize("written", ["Chỉ thị 05-CT/TW", "Chỉ thị số 05-CT/TƯ", "05-CT/TW"])
def test_new_directive_as_a_person_writes_its_code_names_the_record_that_exists(mini_project, capsys, written):
    code, said = _said(capsys, "--root", str(mini_project), "new", "directive", "--code", written, "--issuer",
                       "Bộ Chính trị")
    assert code == 1 and "records/directives/05-ct-tw.md đã có" in said
    assert not list((mini_project / "records/directives").glob("chi-thi*.md"))


def test_suggested_ids_are_the_ids_records_use(mini_project, capsys):
    """KB113's suggestion for `directives: ["Chỉ thị 05-CT/TW"]` was 'chi-thi-05-ct-tw', an id no record has."""
    unit = mini_project / "records/units/tra-vinh/cau-ngang.md"
    unit.write_text(unit.read_text(encoding="utf-8").replace("directives: [05-ct-tw]", 'directives: ["Chỉ thị 05"]')
                    .replace('province: tra-vinh', 'province: tra-vinh\nthemes: ["chuyên đề năm 2018"]'), encoding="utf-8")
    code, said = _said(capsys, "--root", str(mini_project), "check")
    assert code == 1 and "(gợi ý: '05-ct-tw')" in said and "(gợi ý: '2018')" in said and "chi-thi" not in said

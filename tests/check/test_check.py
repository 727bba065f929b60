"""One fixture per diagnostic code: each bad input yields exactly its code, on its line."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from kb.check.runner import check
from kb.model.diagnostics import CODES, Diagnostic

INVALID = FIXTURES / "invalid"
UNIT_PATH = "records/units/tra-vinh/cau-ngang.md"
TODAY = dt.date(2026, 11, 24)

# fixture file → (codes expected, line of the first one)
CASES = {
    "KB101.md": (["KB101"], 1),
    "KB102-tab.md": (["KB102"], 8),
    "KB102-quote.md": (["KB102"], 8),
    "KB103.md": (["KB103"], 8),
    "KB104.md": (["KB104"], 17),
    "KB105.md": (["KB105"], 11),
    "KB110.md": (["KB110"], 1),
    "KB111.md": (["KB111"], 11),
    "KB112.md": (["KB112"], 13),
    "KB112-year-words.md": (["KB112"], 16),
    "KB112-leading-zero.md": (["KB112"], 14),
    "KB112-thousands.md": (["KB112"], 13),
    "KB112-decimal-comma.md": (["KB112"], 13),
    "KB113-yaml11-no.md": (["KB113"], 14),
    "KB115.md": (["KB115"], 1),
    "KB118-impossible.md": (["KB118"], 10),
    "KB118-future.md": (["KB118"], 10),
    "KB130.md": (["KB130"], 7),
    "KB131.md": (["KB131"], 9),
    "KB132.md": (["KB132"], 9),
    "KB133.md": (["KB133"], 11),
    "KB134.md": (["KB134"], 12),
    "KB140.md": (["KB140"], 10),
    "KB141.md": (["KB141"], 9),
    "KB201.md": (["KB201"], 7),
    "KB202.md": (["KB202"], 8),
    "KB203.md": (["KB203"], 8),
    "KB204.md": (["KB204"], 15),
    "KB205.md": (["KB205"], 8),
    "KB206.md": (["KB206"], 15),
    "KB207.md": (["KB207"], 13),
    "KB208.md": (["KB208"], 4),
    "KB301-utf16.md": (["KB301"], 1),
    "KB301-cp1258.md": (["KB301"], 9),
    "KB302-tcvn3.md": (["KB302"], 12),
    "KB302-vni.md": (["KB302"], 12),
    "KB303.md": (["KB303"], 12),
    "KB304.md": (["KB304"], 12),
    "KB305.md": (["KB305"], 11),
    "KB305-escape.md": (["KB305"], 9),
    "KB405.md": (["KB405"], 12),
    "KB402.md": (["KB402"], 16),
    "KB501.md": (["KB501"], 12),
    "KB502.md": (["KB502"], 12),
    "KB503.md": (["KB503"], 12),
    "KB504.md": (["KB504"], 12),
    "KB502-slash.md": (["KB502"], 12),
    "KB502-split.md": (["KB502"], 16),
    "KB502-title.md": (["KB502"], 3),
    "KB503-entity.md": (["KB503"], 12),
    "KB122.md": (["KB122"], 13),
    "KB122-400-zeros.md": (["KB122"], 13),
    "KB123.md": (["KB123"], 11),
    "KB123-body.md": (["KB123"], 14),
    "KB505.md": (["KB505"], 11),
    "KB505-no-host.md": (["KB505"], 11),
}


def _codes_for(project: Path, fixture: str, target: str = UNIT_PATH) -> list[Diagnostic]:
    destination = project / target
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(INVALID / fixture, destination)
    return [d for d in check(project, today=TODAY).diagnostics if d.path == target]


FIXTURE_FILES = sorted(p.name for p in INVALID.glob("KB*.md"))
MULTI = FIXTURES / "multi"
MULTI_CASES = sorted(p.name for p in MULTI.iterdir() if p.is_dir())


def _code_of(name: str) -> str:
    return name.split("-")[0].split(".")[0]


@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_each_bad_input_gives_its_code_and_line(mini_project, fixture):
    assert fixture in CASES, f"thêm '{fixture}' vào CASES với dòng mong đợi"
    codes, line = CASES[fixture]
    assert codes[0] == _code_of(fixture), "tên tệp mẫu phải bắt đầu bằng mã lỗi của nó"
    found = _codes_for(mini_project, fixture)
    assert [d.code for d in found] == codes, "\n".join(d.format() for d in found)
    assert found[0].line == line, found[0].format()
    assert found[0].message and found[0].hint


@pytest.mark.parametrize("case", MULTI_CASES)
def test_each_multi_file_case_gives_exactly_its_code(mini_project, case):
    """tests/fixtures/multi/<CODE>[-variant]/ is laid over the mini project: the files it adds or replaces
    give exactly that code, and nothing else in the corpus changes."""
    folder = MULTI / case
    for source in sorted(p for p in folder.rglob("*") if p.is_file()):
        target = mini_project / source.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    found = check(mini_project, today=TODAY).diagnostics
    assert {d.code for d in found} == {_code_of(case)}, "\n".join(d.format() for d in found)
    assert all(d.message and d.hint for d in found)


def test_clean_fixture_has_no_diagnostics(mini_project):
    assert check(mini_project, today=TODAY).diagnostics == []


def test_unquoted_date_and_bom_and_crlf_are_accepted(mini_project):
    assert _codes_for(mini_project, "ok-unquoted-date.md") == []
    text = (mini_project / UNIT_PATH).read_text(encoding="utf-8")
    (mini_project / UNIT_PATH).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT_PATH] == []


def test_duplicate_id_across_files(mini_project):
    (mini_project / "records/units/ben-tre").mkdir()
    copy = mini_project / "records/units/ben-tre/cau-ngang.md"
    copy.write_text((mini_project / UNIT_PATH).read_text(encoding="utf-8").replace("province: tra-vinh", "province: ben-tre"),
                    encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.code == "KB401"]
    assert len(found) == 1 and found[0].line == 2  # the line of 'id:'
    assert "đã được dùng ở records/units/" in found[0].message
    assert "có thể dùng 'cau-ngang-" in found[0].message and "đổi tên tệp thành cau-ngang-" in found[0].hint


def test_same_model_title_in_two_units_is_not_a_warning(mini_project):
    """Many units run a model of the same name (issue 8: 29,982 warnings at 10,000 units): that is
    information for readers, not a problem of either record."""
    go_vap = mini_project / "records/units/ho-chi-minh/go-vap.md"
    text = go_vap.read_text(encoding="utf-8").replace(
        "lessons:", 'models:\n  - title: "Nuôi heo đất tiết kiệm khuyến học, khuyến tài"\n'
                    '    owner: "Hội Khuyến học"\n    kind: tap-the\n    field: giao-duc\nlessons:')
    go_vap.write_text(text, encoding="utf-8")
    checked = check(mini_project, today=TODAY)
    assert checked.diagnostics == []


def test_kb116_oversized_and_non_markdown_and_symlink_files(mini_project):
    units = mini_project / "records/units/tra-vinh"
    (units / "big.md").write_text("---\n" + "x" * (1024 * 1024 + 10), encoding="utf-8")
    (units / "notes.txt").write_text("ghi chú", encoding="utf-8")
    os.symlink(units / "cau-ngang.md", units / "lien-ket.md")
    found = {d.path.rsplit("/", 1)[-1]: d.code for d in check(mini_project, today=TODAY).diagnostics}
    assert found == {"big.md": "KB116", "notes.txt": "KB117", "lien-ket.md": "KB117"}


def test_a_district_unit_is_placed_in_its_province(mini_project):
    typo = _codes_for(mini_project, "KB208.md")[0]
    assert "không thấy 'Cầu Ngan' trong các quận, huyện của tỉnh Trà Vinh" in typo.message
    assert "có phải ý bạn là 'Cầu Ngang'?" in typo.message and not typo.is_error
    text = (INVALID / "ok-unquoted-date.md").read_text(encoding="utf-8")
    unaccented = mini_project / UNIT_PATH
    unaccented.write_text(text.replace('place: "Cầu Ngang"', 'place: "Cau Ngang"'), encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT_PATH]
    assert [d.code for d in found] == ["KB208"] and "'Cầu Ngang' (Huyện Cầu Ngang)" in found[0].message
    unaccented.write_text(text, encoding="utf-8")
    elsewhere = mini_project / "records/units/ben-tre/cau-ngang-ben-tre.md"
    elsewhere.parent.mkdir(parents=True, exist_ok=True)
    elsewhere.write_text(text.replace("id: cau-ngang", "id: cau-ngang-ben-tre").replace(
        "province: tra-vinh", "province: ben-tre"), encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path.endswith("cau-ngang-ben-tre.md")]
    assert [(d.code, d.line) for d in found] == [("KB208", 4)]
    assert "không phải quận, huyện của tỉnh Bến Tre, nhưng có ở Trà Vinh ('tra-vinh')" in found[0].message


def test_the_district_list_names_only_known_provinces(mini_project):
    catalog = mini_project / "records/districts.yml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("\n  tra-vinh:\n", "\n  tra-vin:\n"), encoding="utf-8")
    line = catalog.read_text(encoding="utf-8").split("\n").index("  tra-vin:") + 1
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == "records/districts.yml"]
    assert [(d.code, d.line) for d in found] == [("KB201", line)] and "có phải ý bạn là 'tra-vinh'?" in found[0].message


def test_unknown_ids_get_a_suggestion(mini_project):
    found = _codes_for(mini_project, "KB201.md")
    assert "có phải ý bạn là 'tra-vinh'?" in found[0].message
    found = _codes_for(mini_project, "KB111.md")
    assert "'models'" in found[0].message


def test_every_problem_is_reported_at_once(mini_project):
    text = (INVALID / "KB204.md").read_text(encoding="utf-8").replace("province: tra-vinh", "province: tra-vinh\nparent: khong-co")
    text = text.replace("Tóm tắt.", "Tóm tắt <script>x</script>.")
    (mini_project / UNIT_PATH).write_text(text, encoding="utf-8")
    codes = sorted(d.code for d in check(mini_project, today=TODAY).diagnostics)
    assert codes == ["KB204", "KB205", "KB501"]  # text, topic and parent problems, all in one run


def test_every_registered_code_has_a_fixture_or_a_test():
    """Coverage from the files on disk: a fixture file or folder named after the code, or a test function
    named after it (`test_kb116_…`) for inputs that are made by the test (a file over 1 MiB)."""
    tests = " ".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].rglob("test_*.py"))
    named = {code.upper() for code in re.findall(r"def test_(kb[0-9]{3})_", tests)}
    covered = {_code_of(name) for name in FIXTURE_FILES + MULTI_CASES} | named
    assert covered == set(CODES), f"mã lỗi chưa có mẫu kiểm thử: {sorted(set(CODES) - covered)}"
    assert not set(CASES) - set(FIXTURE_FILES), f"CASES nhắc tới tệp không có: {sorted(set(CASES) - set(FIXTURE_FILES))}"


def test_diagnostic_format_is_file_line_column_code_message():
    item = Diagnostic("records/units/tra-vinh/cau-ngang.md", 12, 5, "KB201", "tỉnh 'tra-vin' không có", "")
    assert item.format() == "records/units/tra-vinh/cau-ngang.md:12:5: KB201 tỉnh 'tra-vin' không có"
    with pytest.raises(ValueError):
        Diagnostic("a.md", 1, 1, "KB999", "không đăng ký")


def test_index_is_a_reserved_id(mini_project):
    """'don-vi/index.md' is the units index page: a record named index would take its place."""
    text = (MULTI / "KB114/records/units/tra-vinh/cau-ngang-moi.md").read_text(encoding="utf-8").replace("id: cau-ngang-cu", "id: index")
    target = mini_project / "records/units/tra-vinh/index.md"
    target.write_text(text, encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path.endswith("/index.md")]
    assert [(d.code, d.line) for d in found] == [("KB405", 2)] and "dành cho trang mục lục" in found[0].message
    target.unlink()
    record = mini_project / UNIT_PATH
    record.write_text(record.read_text(encoding="utf-8").replace(
        "  - title: \"Nuôi heo đất", "  - id: index\n    title: \"Nuôi heo đất"), encoding="utf-8")
    assert [d.code for d in check(mini_project, today=TODAY).diagnostics] == ["KB405"]


def test_numbers_written_the_vietnamese_way_get_the_right_remedy(mini_project):
    thousands = _codes_for(mini_project, "KB112-thousands.md")[0]
    assert "'4.800' được đọc là 4,8 " in thousands.message and "viết 4800" in thousands.message
    comma = _codes_for(mini_project, "KB112-decimal-comma.md")[0]
    assert comma.hint.startswith("Viết 98.8 ")
    words = _codes_for(mini_project, "KB112.md")[0]
    assert "ví dụ 214 thay vì '214 mô hình'" in words.hint


def test_vietnamese_number_formats_are_read():
    from kb.text.vietnamese import parse_number
    assert parse_number("4.800") == 4800 and parse_number("1.130") == 1130 and parse_number("11.000") == 11000
    assert parse_number("98,8") == 98.8 and parse_number("98,8%") == 98.8 and parse_number("214") == 214
    assert parse_number("1.234.567,5") == 1234567.5
    assert parse_number("214 mô hình") is None and parse_number("hơn 200") is None and parse_number("4.80") is None


def test_checking_one_file_links_the_whole_corpus(mini_project):
    """`kb check FILE` loads and links every record and reports only on FILE: no false KB202/KB203
    for references to records it did not read, and cross-file duplicates still found."""
    unit = (mini_project / UNIT_PATH).resolve()
    assert check(mini_project, only=[unit], today=TODAY).diagnostics == []
    copy = mini_project / "records/units/ben-tre/cau-ngang.md"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(unit.read_text(encoding="utf-8").replace("province: tra-vinh", "province: ben-tre"),
                    encoding="utf-8")
    found = check(mini_project, only=[unit], today=TODAY).diagnostics  # the copy, read first, keeps the id
    assert [d.code for d in found] == ["KB401"] and found[0].path == UNIT_PATH
    assert {d.code for d in check(mini_project, only=[copy.resolve()], today=TODAY).diagnostics} == {"KB208"}

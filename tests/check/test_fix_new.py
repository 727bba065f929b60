"""kb fix (safe, idempotent) and kb new (valid templates)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from kb import cli
from kb.check.fix import fix_text
from kb.check.runner import check
from kb.text.yamlsource import read_yaml


def fill_in(path) -> None:
    """What a contributor does with a `kb new` draft: replace every 'SỬA' placeholder."""
    import re
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"(Tiêu đề bài viết nguồn|Nguồn của tên chuyên đề|Nguồn của các thông tin trên)"',
                  '"Bài viết nguồn có thật"', text)
    text = re.sub(r"\s+# SỬA.*", "", text)
    text = re.sub(r"^SỬA:.*$", "Tóm tắt do người đóng góp viết.", text, flags=re.M)
    path.write_text(text, encoding="utf-8")

MESSY = ("\ufeff---\r\nprovince: tra-vinh   \r\nname: \"Huyện ủy Cầu Ngang\"\r\n# cấp huyện\r\nlevel: huyen\r\n"
         "place: \"Cầu Ngang\"\r\nid: cau-ngang\r\nsources:\r\n  - date: \"2019-01-22\"\r\n    title: \"Bài\"\r\n"
         "---\r\n" + unicodedata.normalize("NFD", "Tóm tắt  \r\n"))


def test_fix_applies_every_safe_fix_and_says_so():
    fixed = fix_text(MESSY.encode("utf-8"), "unit")
    assert fixed.changes == ["bỏ BOM ở đầu tệp", "đổi xuống dòng CRLF thành LF", "chuẩn hoá Unicode NFC",
                             "bỏ dấu cách thừa cuối dòng", "xếp các trường theo thứ tự chuẩn"]
    assert fixed.text == ('---\nid: cau-ngang\nname: "Huyện ủy Cầu Ngang"\nplace: "Cầu Ngang"\n# cấp huyện\n'
                          'level: huyen\nprovince: tra-vinh\nsources:\n  - title: "Bài"\n    date: "2019-01-22"\n'
                          '---\nTóm tắt  \n')


def test_fix_keeps_markdown_hard_breaks_in_the_body():
    assert fix_text("---\nid: a\n---\ndòng một  \ndòng hai\n", "unit").text.endswith("dòng một  \ndòng hai\n")


def test_fix_is_idempotent_on_the_example():
    once = fix_text(MESSY.encode("utf-8"), "unit").text
    again = fix_text(once, "unit")
    assert again.text == once and again.changes == []


def test_fix_leaves_broken_yaml_order_alone():
    broken = '---\nname: "a\nid: x\n---\n'
    assert fix_text(broken, "unit").text == broken


frontmatter_line = st.sampled_from([
    'id: cau-ngang', 'name: "Huyện ủy Cầu Ngang"', 'place: "Cầu Ngang"', 'level: huyen', 'province: tra-vinh',
    '# ghi chú', 'themes: ["2018"]', 'sources:\n  - title: "Bài"\n    date: "2019-01-22"',
    'models:\n  - field: giao-duc\n    title: "Nuôi heo đất"\n    kind: tap-the\n    owner: "Hội"',
    'models:\n- title: "X"\n  owner: "Y"', 'name: "trùng"', '  thụt lề lạ: 1', 'khoá: [chưa đóng',
])


@settings(max_examples=200, deadline=None)
@given(st.lists(frontmatter_line, max_size=8), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_fix_is_idempotent_and_preserves_meaning(lines, newline, nfd):
    text = "---\n" + "\n".join(lines) + "\n---\nThân bài\n"
    if nfd:
        text = unicodedata.normalize("NFD", text)
    text = text.replace("\n", newline)
    once = fix_text(text, "unit")
    assert fix_text(once.text, "unit").text == once.text
    before = read_yaml(unicodedata.normalize("NFC", "\n".join(lines)))
    after_head = once.text.split("---\n")[1]
    after = read_yaml(after_head)
    if not before.problems:
        assert after.data == before.data


def test_new_unit_writes_a_valid_template_with_a_free_id(mini_project, capsys):
    new = ["--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Châu Thành"]
    assert cli.main([*new, "--province", "tra-vinh"]) == 0
    assert cli.main([*new, "--province", "ben-tre"]) == 0  # the same district name in another province
    created = mini_project / "records/units/ben-tre/chau-thanh-ben-tre.md"
    assert created.exists(), capsys.readouterr()
    text = created.read_text(encoding="utf-8")
    assert 'place: "Châu Thành"' in text and "level: huyen" in text and "province: ben-tre" in text
    problems = [d for d in check(mini_project, today=dt.date(2030, 1, 1)).diagnostics if "chau-thanh" in d.path]
    assert {d.code for d in problems} == {"KB140"}  # the placeholders are errors until replaced
    for path in mini_project.glob("records/units/*/chau-thanh*.md"):
        fill_in(path)
    problems = [d for d in check(mini_project, today=dt.date(2030, 1, 1)).diagnostics if "chau-thanh" in d.path]
    assert problems == []


def test_new_unit_finds_the_province_of_a_district(mini_project, capsys):
    assert cli.main(["--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Chợ Lách"]) == 0
    assert (mini_project / "records/units/ben-tre/cho-lach.md").exists()
    assert "Tỉnh: ben-tre (theo danh mục quận, huyện" in capsys.readouterr().err
    assert cli.main(["--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Châu Thành"]) == 1
    assert "'Châu Thành' có ở nhiều tỉnh: ben-tre, tra-vinh. Thêm --province" in capsys.readouterr().err


def test_new_unit_id_follows_the_design_rule():
    from kb.model.ids import free_unit_id
    taken = {"cau-ngang": "tra-vinh", "chau-thanh": "tra-vinh"}
    assert free_unit_id("Huyện ủy Chợ Lách", "Chợ Lách", "ben-tre", "huyen", taken) == "cho-lach"
    assert free_unit_id("Huyện ủy Châu Thành", "Châu Thành", "ben-tre", "huyen", taken) == "chau-thanh-ben-tre"
    assert free_unit_id("Đảng ủy thị trấn Cầu Ngang", "Cầu Ngang", "tra-vinh", "xa", taken) == "cau-ngang-thi-tran"
    assert free_unit_id("Đảng ủy xã Cầu Ngang", "Cầu Ngang", "tra-vinh", "xa",
                        {**taken, "cau-ngang-xa": "tra-vinh"}) == "cau-ngang-tra-vinh"


def test_new_unit_refuses_an_unknown_province(mini_project, capsys):
    code = cli.main(["--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Cầu Ngang", "--province", "tra-vin"])
    assert code == 1 and "có phải ý bạn là 'tra-vinh'?" in capsys.readouterr().err
    assert not (mini_project / "records/units/tra-vin").exists()


def test_new_theme_and_directive_are_valid(mini_project):
    assert cli.main(["--root", str(mini_project), "new", "theme", "--year", "2019", "--title",
                     "Xây dựng ý thức tôn trọng Nhân dân"]) == 0
    assert cli.main(["--root", str(mini_project), "new", "directive", "--code", "42-HD/HU", "--issuer",
                     "Huyện ủy Chi Lăng", "--issuer-unit", "cau-ngang"]) == 0
    assert (mini_project / "records/directives/42-hd-hu-cau-ngang.md").exists()
    assert {d.code for d in check(mini_project, today=dt.date(2030, 1, 1)).diagnostics} == {"KB140"}
    fill_in(mini_project / "records/themes/2019.md")
    fill_in(mini_project / "records/directives/42-hd-hu-cau-ngang.md")
    assert [d for d in check(mini_project, today=dt.date(2030, 1, 1)).diagnostics] == []


def test_new_refuses_to_overwrite(mini_project, capsys):
    code = cli.main(["--root", str(mini_project), "new", "directive", "--code", "05-CT/TW", "--issuer", "Bộ Chính trị"])
    assert code == 1 and "đã có" in capsys.readouterr().err


def test_fix_command_reports_and_check_mode_exits_one(mini_project, capsys):
    record = mini_project / "records/units/tra-vinh/cau-ngang.md"
    record.write_bytes(record.read_bytes().replace(b"\n", b"\r\n"))
    assert cli.main(["--root", str(mini_project), "fix", "--check"]) == 1
    assert "đổi xuống dòng CRLF thành LF" in capsys.readouterr().out
    assert cli.main(["--root", str(mini_project), "fix"]) == 0
    assert cli.main(["--root", str(mini_project), "fix", "--check"]) == 0

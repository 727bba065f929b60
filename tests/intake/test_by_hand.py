"""The third way in, walked end to end (issue 19): `kb new` and `kb import` by hand, then what a person does to
the draft (the 'SỬA' places, the '# CẦN XEM LẠI' marks, the summary), to a record that passes `kb check`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kb import cli
from kb.check.drafts import IMPORT_PLACEHOLDER_BODY
from kb.check.runner import check

TODAY = dt.date(2030, 1, 1)  # the checker's day, never the clock (a draft is dated when it is made)
ARTICLE = """Trà Cú sơ kết hai năm học tập và làm theo Bác

12/08/2021 - 07:45

Ban Thường vụ Huyện ủy Trà Cú tổ chức sơ kết hai năm thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.
Theo Huyện ủy Trà Cú, toàn huyện có 38/40 chi, đảng bộ cơ sở hoàn thành tốt nhiệm vụ; nhiều mô hình được nhân rộng như: “Mỗi chi bộ một công trình dân vận” của Đảng ủy xã Ngãi Xuyên; “Tủ sách pháp luật ở ấp” của Chi bộ ấp Chợ.
Huyện ủy Trà Cú rút ra bài học: người đứng đầu phải nêu gương, việc làm phải cụ thể, dễ kiểm tra.

Nguyễn Thị Lan
"""


def _found(project: Path, path: str) -> list:
    return [d for d in check(project, today=TODAY).diagnostics if d.path == path]


def _reviewed(text: str, replacements: dict[str, str]) -> str:
    """What the person does: every '# SỬA' / '# CẦN XEM LẠI' comment removed once its value is checked."""
    for old, new in replacements.items():
        text = text.replace(old, new)
    return re.sub(r"\s+# (SỬA|CẦN XEM LẠI)\b.*$", "", text, flags=re.M)


def test_kb_new_then_filling_in_the_template_gives_a_record_that_passes(mini_project, capsys):
    assert cli.main(["--root", str(mini_project), "new", "unit", "--name", "Huyện ủy Trà Cú", "--province",
                     "tra-vinh"]) == 0
    path = "records/units/tra-vinh/tra-cu.md"
    assert [d.code for d in _found(mini_project, path)] == ["KB140", "KB140", "KB140"]  # title, date, summary
    draft = (mini_project / path).read_text(encoding="utf-8")
    date = re.search(r'date: "([0-9-]+)"', draft).group(1)
    filled = _reviewed(draft, {'"Tiêu đề bài viết nguồn"': '"Trà Cú sơ kết hai năm học tập và làm theo Bác"',
                               f'"{date}"': '"2021-08-12"',
                               "SỬA: tóm tắt bằng lời của bạn những gì bài viết kể về đơn vị (markdown, không dùng "
                               "HTML).": "Huyện ủy Trà Cú sơ kết hai năm học tập và làm theo Bác."})
    (mini_project / path).write_text(filled, encoding="utf-8")
    assert _found(mini_project, path) == []


def test_kb_import_then_the_review_gives_a_record_that_passes(mini_project, tmp_path, capsys):
    source = tmp_path / "bai.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert cli.main(["--root", str(mini_project), "import", str(source)]) == 0, capsys.readouterr().err
    path = "records/units/tra-vinh/tra-cu.md"
    found = _found(mini_project, path)
    # the draft passes: review marks (warnings), kb import's sentence where the summary goes one of them
    assert [d.code for d in found if d.is_error] == [] and {d.code for d in found} == {"KB130"}
    assert any("thân vẫn là câu mẫu" in d.message for d in found)
    draft = (mini_project / path).read_text(encoding="utf-8")
    # marks removed, the summary not written: the importer's sentence would be published (KB140)
    (mini_project / path).write_text(_reviewed(draft, {}), encoding="utf-8")
    assert [d.code for d in _found(mini_project, path)] == ["KB140"]
    reviewed = _reviewed(draft, {IMPORT_PLACEHOLDER_BODY: "Huyện ủy Trà Cú sơ kết hai năm học tập và làm theo Bác; "
                                                          "hai mô hình được nhân rộng."})
    (mini_project / path).write_text(reviewed, encoding="utf-8")
    assert _found(mini_project, path) == []

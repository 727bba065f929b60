"""The kb command: exit codes, output formats, and the preview's recompile loop."""

from __future__ import annotations

import json
import shutil
import threading
import time

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

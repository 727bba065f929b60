"""Progress on long work: a bar on a terminal, plain lines elsewhere, nothing in the machine formats."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from corpus import dense_project  # noqa: E402

KB = [sys.executable, "-m", "kb.cli"]


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    project, _ = dense_project(tmp_path_factory.mktemp("progress") / "project", 150)
    return project


def on_terminal(command: list[str], cwd) -> str:
    """What a command shows on a pseudo-terminal of 100 × 30 (stdout and stderr together)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(command, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        out += data
    process.wait(60)
    os.close(master)
    return out.decode("utf-8", errors="replace")


def files(project) -> int:
    return sum(1 for folder in ("units", "themes", "directives") for _ in (project / "records" / folder).rglob("*.md"))


def cold(project) -> None:
    for name in ("check-cache.pickle", "check-index.pickle"):
        (project / ".kb" / name).unlink(missing_ok=True)


def test_a_first_check_shows_a_bar_with_counts_and_time_left_on_a_terminal(dense):
    cold(dense)
    shown = on_terminal([*KB, "--root", str(dense), "check"], dense)
    assert "Kiểm tra hồ sơ:" in shown and "|" in shown and "còn" in shown
    frames = [frame for frame in shown.split("\r") if frame.startswith("Kiểm tra hồ sơ:")]
    assert len(frames) >= 2 and any(f"/{files(dense)} tệp" in frame for frame in frames)
    assert "Không có lỗi." in shown
    again = on_terminal([*KB, "--root", str(dense), "check"], dense)  # nothing to read again: no bar
    assert "Kiểm tra hồ sơ" not in again and "Không có lỗi." in again


@pytest.mark.parametrize("output", ["github", "json"])
def test_machine_formats_show_no_progress_even_on_a_terminal(dense, output):
    cold(dense)
    shown = on_terminal([*KB, "--root", str(dense), "check", "--format", output], dense)
    assert "Kiểm tra hồ sơ" not in shown and "%" not in shown
    cold(dense)
    piped = subprocess.run([*KB, "--root", str(dense), "check", "--format", output], cwd=dense, capture_output=True,
                           text=True)
    assert "Kiểm tra hồ sơ" not in piped.stderr + piped.stdout
    if output == "json":
        assert json.loads(piped.stdout) == []


def test_without_a_terminal_progress_is_plain_lines(dense):
    cold(dense)
    piped = subprocess.run([*KB, "--root", str(dense), "check"], cwd=dense, capture_output=True, text=True)
    lines = [line for line in piped.stderr.splitlines() if line.startswith("Kiểm tra hồ sơ:")]
    assert lines and lines[-1] == f"Kiểm tra hồ sơ: {files(dense)}/{files(dense)} tệp (100%)"
    assert "\r" not in piped.stderr and "|" not in piped.stderr
    assert piped.stdout == ""  # the diagnostics' stream stays clean


def test_kb_build_reports_its_stages(dense):
    cold(dense)
    piped = subprocess.run([*KB, "--root", str(dense), "build", "--pages-only"], cwd=dense, capture_output=True,
                           text=True)
    assert piped.returncode == 0, piped.stderr
    assert f"Kiểm tra hồ sơ: {files(dense)}/{files(dense)} tệp (100%)" in piped.stderr
    assert any(line.startswith("Sinh trang: ") and "(100%)" in line for line in piped.stderr.splitlines())


def test_plain_lines_come_at_each_tenth_with_the_time_left_from_the_clock():
    from kb.cli import Progress
    now = [100.0]
    stream = io.StringIO()
    progress = Progress(stream, clock=lambda: now[0])
    progress("check", 0, 1000)
    for done in range(50, 1001, 50):
        now[0] += 1.0  # 50 files a second
        progress("check", done, 1000)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0] == "Kiểm tra hồ sơ: 100/1.000 tệp (10%), còn khoảng 18 giây"
    assert lines[-1] == "Kiểm tra hồ sơ: 1.000/1.000 tệp (100%)"
    progress("check", 0, 20)  # too little to report
    assert stream.getvalue().splitlines() == lines


def test_the_page_by_page_build_reports_the_pages_of_every_process(tmp_path):
    from kb.build.child import _report
    (tmp_path / "0").write_text("150 1000", encoding="ascii")
    (tmp_path / "1").write_text("140 1000", encoding="ascii")
    (tmp_path / ".2.tmp").write_text("garbage", encoding="ascii")
    seen = []
    _report(tmp_path, lambda done, total: seen.append((done, total)))
    assert seen == [(290, 1000)]


ARTICLE = (
    'Cầu Ngang sơ kết học tập và làm theo Bác\n\n'
    '10/03/2021 - 09:00\n\n'
    'Huyện ủy Cầu Ngang sơ kết việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong năm qua, gắn với xây dựng Đảng trong sạch, vững mạnh ở các chi bộ và đảng bộ cơ sở trong toàn huyện.\n\n'
    'Theo báo cáo của Huyện ủy Cầu Ngang, toàn huyện có 25/27 chi, đảng bộ hoàn thành tốt nhiệm vụ. Các chi bộ đã xây dựng mô hình “Mỗi đảng viên một việc làm tốt” ở ấp Mỹ Cẩm A và mô hình “Thùng gạo nghĩa tình” ở xã Long Sơn.\n\n'
    'Bài học rút ra là người đứng đầu phải nêu gương, cấp ủy thường xuyên kiểm tra, giám sát việc thực hiện; kết quả được sơ kết hằng năm và điển hình tiên tiến được biểu dương kịp thời.\n\n'
    'Thời gian tới, huyện tiếp tục nhân rộng các mô hình hay, gắn việc học tập và làm theo Bác với nhiệm vụ chính trị của từng cơ quan, đơn vị.\n\n')


def test_a_batch_import_shows_how_many_articles_are_done(tmp_path):
    root = tmp_path / "kb"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "records", root / "records", ignore=shutil.ignore_patterns("units"))
    (root / "records" / "units").mkdir()
    sources = []
    for number in range(3):
        source = tmp_path / f"bai-{number}.txt"
        source.write_text(ARTICLE, encoding="utf-8")
        sources.append(str(source))
    piped = subprocess.run([*KB, "--root", str(root), "import", "--dry-run", *sources], cwd=root,
                           capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr.splitlines()[-1] == "Nhập bài: 3/3 bài (100%)"
    assert piped.stdout  # each article's summary, as before

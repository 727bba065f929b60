"""Builds under faults: two builds at once, signals, --no-strict, and kb serve stopped with SIGTERM."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kb.build.run import build
from kb.build.state import LOCK_FILE, BuildFailed
from kb.check.runner import STATE_DIR

KB = [sys.executable, "-m", "kb.cli"]


def _wait(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_second_build_waits_for_the_first(mini_project):
    lock_path = mini_project / STATE_DIR / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a build in progress
        process = subprocess.Popen([*KB, "--root", str(mini_project), "build", "--pages-only"],
                                   stderr=subprocess.PIPE, text=True)
        first_line = process.stderr.readline()
        assert "đang chờ" in first_line and "một lần dựng khác" in first_line.lower()
        time.sleep(0.5)
        assert process.poll() is None, "the second build must wait, not write at the same time"
        assert not (mini_project / "docs" / "don-vi").exists()
    assert process.wait(120) == 0
    assert (mini_project / "docs" / "don-vi" / "cau-ngang.md").exists()


def test_a_build_that_must_not_wait_stops_with_a_message(mini_project):
    lock_path = mini_project / STATE_DIR / LOCK_FILE
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            build(mini_project, site=False, wait=False)
        except BuildFailed as failure:
            assert "chờ nó xong" in str(failure)
        else:
            raise AssertionError("build ran while another held the lock")


def test_sigterm_ends_the_mkdocs_child_and_removes_staging(mini_project):
    extra = mini_project / "docs" / "them"  # enough pages that mkdocs is still at work when the signal comes
    extra.mkdir()
    for number in range(400):
        (extra / f"trang-{number}.md").write_text(f"# Trang {number}\n\n" + "Nội dung. " * 200, encoding="utf-8")
    process = subprocess.Popen([*KB, "--root", str(mini_project), "build"], stderr=subprocess.PIPE, text=True)
    assert _wait(lambda: _children(process.pid) and (mini_project / STATE_DIR / "site-new").exists()
                 or process.poll() is not None), "mkdocs never started"
    assert process.poll() is None, "the build ended before it could be interrupted"
    # the site generator and, when it builds page by page, its worker processes
    assert _wait(lambda: any(_children(child) for child in _children(process.pid)) or process.poll() is not None)
    children = _children(process.pid)
    children += [worker for child in children for worker in _children(child)]
    assert len(children) >= 2
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) != 0
    assert "Đã dừng dựng trang" in process.stderr.read()
    assert _wait(lambda: not any(_alive(child) for child in children), 10), "mkdocs outlived kb build"
    state = mini_project / STATE_DIR
    assert not (state / "site-new").exists() and not (state / "staging").exists()
    assert not (mini_project / "site").exists()


def test_no_strict_builds_despite_strict_in_mkdocs_yml(mini_project):
    (mini_project / "docs" / "thu-nghiem.md").write_text("# Thử\n\n[mất](khong-co-trang-nay.md)\n", encoding="utf-8")
    try:
        build(mini_project, strict=True)
    except BuildFailed as failure:
        assert "khong-co-trang-nay" in str(failure)
    else:
        raise AssertionError("a broken link must fail the strict build")
    build(mini_project, strict=False)
    assert (mini_project / "site" / "thu-nghiem" / "index.html").exists()


def test_serve_stopped_with_sigterm_frees_its_port(mini_project):
    port = _free_port()
    process = subprocess.Popen([*KB, "--root", str(mini_project), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               stderr=subprocess.PIPE, text=True)

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return process.poll() is not None
    assert _wait(answers, 120) and process.poll() is None, "kb serve did not start"
    children = _children(process.pid)
    os.kill(process.pid, signal.SIGTERM)
    process.wait(30)
    assert _wait(lambda: not any(_alive(child) for child in children), 10), "a child of kb serve is still running"
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))  # the port is free again


def test_reuse_rebuilds_only_the_changed_pages_over_the_previous_site(mini_project):
    build(mini_project)
    site = mini_project / "site"
    untouched = site / "don-vi" / "go-vap" / "index.html"
    before = untouched.stat().st_mtime_ns
    record = mini_project / "records/units/tra-vinh/cau-ngang.md"
    record.write_text(record.read_text(encoding="utf-8").replace("tổng kết 3 năm", "tổng kết ba năm"), encoding="utf-8")
    build(mini_project, reuse=True)
    assert "tổng kết ba năm" in (site / "don-vi" / "cau-ngang" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == before
    assert (site / "sitemap.xml").exists()


def test_pages_with_the_same_bytes_keep_their_mtime(mini_project):
    build(mini_project, site=False)
    page = mini_project / "docs" / "don-vi" / "go-vap.md"
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    build(mini_project, site=False)
    assert page.stat().st_mtime_ns == 1_000_000_000


def test_the_streamed_build_writes_exactly_what_generate_makes(mini_project):
    """kb build writes each file as it is made (nothing held at national scale): the files in docs/ are
    generate()'s, byte for byte, search index and open data included, and nothing else."""
    from kb.check.runner import check
    from kb.generate.pages import generate
    from kb.model import paths
    build(mini_project, site=False)
    expected = generate(mini_project, check(mini_project).corpus)
    docs = mini_project / "docs"
    written = {p.relative_to(docs).as_posix(): p.read_bytes().decode("utf-8") for p in docs.rglob("*")
               if p.is_file() and p.relative_to(docs).parts[0] in paths.GENERATED_DIRS + paths.GENERATED_FILES}
    assert written == expected


def test_a_failure_half_way_through_the_pages_leaves_docs_as_they_were(mini_project, monkeypatch):
    build(mini_project, site=False)
    before = {p: p.read_bytes() for p in (mini_project / "docs").rglob("*") if p.is_file()}
    from kb.generate.render import BUILDERS
    original = BUILDERS["model"]

    def failing(site):
        for number, page in enumerate(original(site)):
            if number == 1:  # some files are already staged
                raise RuntimeError("hỏng giữa chừng")
            yield page
    monkeypatch.setitem(BUILDERS, "model", failing)
    with pytest.raises(RuntimeError):
        build(mini_project, site=False)
    assert {p: p.read_bytes() for p in (mini_project / "docs").rglob("*") if p.is_file()} == before
    assert not (mini_project / STATE_DIR / "staging").exists()

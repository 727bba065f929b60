"""MkDocs in a child process, ended cleanly when the build is interrupted."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from kb.check.runner import Progress

PROGRESS_DIR = "KB_PROGRESS_DIR"  # where each process of kb.build.pagewise says how many pages it built


def run_site_generator(root: Path, site_dir: Path, strict: bool = True, config: str = "mkdocs.yml",
                       directory_urls: bool = True, dirty: bool = False, jobs: int = 0,
                       progress: Progress | None = None) -> subprocess.CompletedProcess:
    """MkDocs in a child process. A dirty build goes through kb.build.sitegen, which lets it be strict too;
    `jobs` ≥ 1 builds page by page in that many processes (kb.build.pagewise: same bytes, flat memory)."""
    if dirty:
        program = ["-m", "kb.build.sitegen", "build", "--dirty"]
    elif jobs:
        program = ["-m", "kb.build.pagewise", "--jobs", str(jobs)]
    else:
        program = ["-m", "mkdocs", "build", "--clean"]
    command = [sys.executable, *program, "-f", str(root / config), "-d", str(site_dir)]
    # Both ways said out loud: mkdocs.yml has `strict: true`, which a missing flag would leave in force.
    command.append("--strict" if strict else "--no-strict")
    if not directory_urls:
        command.append("--no-directory-urls")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if progress is None or not jobs or dirty:
        return run_child(command, root, env)
    with tempfile.TemporaryDirectory(prefix="kb-progress-") as folder:  # kb.build.pagewise writes its counts here
        return run_child(command, root, {**env, PROGRESS_DIR: folder}, lambda: _report(Path(folder), progress))


def _report(folder: Path, progress: Progress) -> None:
    """The pages built so far by every process of kb.build.pagewise, out of the site's pages."""
    done = total = 0
    for path in folder.iterdir():
        if not path.name.startswith("."):
            try:
                built, total = map(int, path.read_text(encoding="ascii").split())
            except (OSError, ValueError):
                continue
            done += built
    if total:
        progress(done, total)


def run_child(command: list[str], cwd: Path, env: dict[str, str],
              tick: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    """subprocess.run that ends the child when this process is interrupted (SIGINT, or SIGTERM made an exception);
    `tick` is called about once a second while it runs."""
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            while True:
                try:
                    stdout, stderr = process.communicate(timeout=1 if tick else None)
                    break
                except subprocess.TimeoutExpired:
                    tick()
        except BaseException:
            stop_child(process)
            raise
    if tick:
        tick()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def stop_child(process: subprocess.Popen, grace: float = 5.0) -> None:
    """Terminate, then kill after `grace` seconds; always reap, so nothing is left holding files or a port."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def default_jobs() -> int:
    """Processes for the site build: one per core, at most 4 (kb.build.pagewise; 10,000 units on 2 cores: 155 s and
    300 MB per process, where mkdocs build takes 312 s and 1.6 GB, for the same bytes)."""
    return max(1, min(os.cpu_count() or 1, 4))

"""The build's state under .kb/: the lock that keeps two builds of one tree apart, and what a failed build raises."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from kb.check.runner import STATE_DIR, Checked

LOCK_FILE = "build.lock"


class BuildFailed(Exception):
    def __init__(self, message: str, checked: Checked | None = None) -> None:
        super().__init__(message)
        self.checked = checked


class BuildBusy(BuildFailed):
    """Another build holds the tree's lock and the caller chose not to wait."""


@contextlib.contextmanager
def build_lock(root: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold .kb/build.lock (fcntl) while docs/ and site/ are written: two builds of one tree never interleave.

    When the lock is taken, `on_wait` is told (in Vietnamese) and the call blocks until it is free, or
    raises BuildBusy when `wait` is false. The lock goes with the process, so a killed build never leaves
    a stale one.
    """
    state = Path(root) / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    with open(state / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            message = (f"một lần dựng khác (tiến trình {holder}) đang ghi docs/ và site/ của thư mục này")
            if not wait:
                raise BuildBusy(message + "; chờ nó xong rồi chạy lại") from None
            if on_wait:
                on_wait(message + "; đang chờ nó xong…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def file_stamp(path: Path) -> tuple[int, int]:
    status = path.lstat()
    return status.st_mtime_ns, status.st_size

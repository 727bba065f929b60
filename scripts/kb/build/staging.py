"""The generated part of docs/ and the site folder, written aside and swapped in whole: a failed build keeps the previous output."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kb.build.state import BuildFailed
from kb.check.runner import STATE_DIR
from kb.model import paths


class Staging:
    """The generated part of docs/, written file by file into .kb/staging/ and swapped in whole.

    A file written with the same bytes as the one in docs/ keeps that file's mtime, so a later dirty
    build (kb serve, --reuse) skips it. Until `commit`, docs/ is not touched; `abort` forgets everything.
    """

    def __init__(self, root: Path) -> None:
        self.docs = Path(root) / "docs"
        self.state = Path(root) / STATE_DIR
        self.folder = self.state / "staging"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.written: list[str] = []
        self._seen: set[str] = set()

    def write(self, relative: str, content: str) -> None:
        _check_owned(relative)
        where = paths.served_at(relative)
        if where in self._seen:  # a second file there would replace the first without a word
            raise BuildFailed(f"hai tệp sinh ra cùng ở địa chỉ {where} (docs/{relative}); một tệp sẽ mất")
        self._seen.add(where)
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)
        self.written.append(relative)

    def append(self, relative: str, content: str) -> None:
        with open(self.folder / relative, "ab") as handle:
            handle.write(content.encode("utf-8"))

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self) -> None:
        try:
            for relative in self.written:
                _keep_mtime(self.docs / relative, self.folder / relative)
        except BaseException:
            self.abort()
            raise
        previous = self.state / "previous"
        shutil.rmtree(previous, ignore_errors=True)
        previous.mkdir(parents=True)
        for name in paths.GENERATED_DIRS + paths.GENERATED_FILES:
            current, fresh = self.docs / name, self.folder / name
            if current.exists():
                current.rename(previous / name)
            if fresh.exists():
                fresh.rename(current)
        self.abort()


def write_pages(root: Path, pages: dict[str, str]) -> None:
    """Replace the generated part of docs/ with `pages`, atomically per folder."""
    stage = Staging(root)
    try:
        for relative, content in pages.items():
            stage.write(relative, content)
    except BaseException:  # a failure or a signal (KeyboardInterrupt) while staging: docs/ was not touched
        stage.abort()
        raise
    stage.commit()


def restore_previous_pages(root: Path) -> None:
    docs, previous = root / "docs", root / STATE_DIR / "previous"
    if not previous.exists():
        return
    for name in paths.GENERATED_DIRS + paths.GENERATED_FILES:
        saved = previous / name
        if saved.exists():
            current = docs / name
            if current.is_dir():
                shutil.rmtree(current)
            elif current.exists():
                current.unlink()
            saved.rename(current)


def _check_owned(relative: str) -> None:
    top = relative.split("/", 1)[0]
    if top not in paths.GENERATED_DIRS and relative not in paths.GENERATED_FILES:
        raise BuildFailed(f"trang sinh ra nằm ngoài các thư mục được quản lý: {relative}")


def _keep_mtime(current: Path, fresh: Path) -> None:
    """A page written with the same bytes keeps its old mtime, so a later dirty build (kb serve, --reuse) skips it."""
    try:
        if current.stat().st_size == fresh.stat().st_size and current.read_bytes() == fresh.read_bytes():
            status = current.stat()
            os.utime(fresh, ns=(status.st_atime_ns, status.st_mtime_ns))
    except OSError:
        pass


def _write(target: Path, content: str) -> None:
    target.write_bytes(content.encode("utf-8"))


def swap_site(root: Path, fresh: Path, site: Path) -> None:
    old = root / STATE_DIR / "site-old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)

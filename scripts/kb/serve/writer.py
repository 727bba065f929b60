"""Pages written into docs/ only when their bytes change, remembered by digest."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from kb.build.state import BuildFailed
from kb.model import paths


class PageWriter:
    """Writes generated files into docs/, touching only files whose bytes changed.

    `folders` are the generated folders this writer owns (the pages, or the search index): a page of
    another writer is never removed. It remembers a digest of each file it owns, not its text (the
    pages of 10,000 units take about a gigabyte as text); `stage` streams a whole set of files through
    a folder on disk, so that a full set is never held in memory either.
    """

    def __init__(self, root: Path, folders: tuple[str, ...], files: tuple[str, ...] = ()) -> None:
        self.docs = Path(root) / "docs"
        self.folders, self.files = folders, files
        self._digests: dict[str, bytes] | None = None

    def existing(self) -> set[str]:
        found = set()
        for name in self.folders:
            folder = self.docs / name
            if folder.is_dir():
                found.update(p.relative_to(self.docs).as_posix() for p in folder.rglob("*")
                             if p.is_file() and not p.name.endswith(".kb-tmp"))
        found.update(name for name in self.files if (self.docs / name).is_file())
        return found

    def digests(self) -> dict[str, bytes]:
        """The digest of every file this writer owns, as last written (read from disk the first time: a
        restarted preview)."""
        if self._digests is None:
            self._digests = {}
            for relative in self.existing():
                try:
                    self._digests[relative] = _digest((self.docs / relative).read_bytes())
                except OSError:
                    pass
        return self._digests

    def previous(self, relative: str) -> str | None:
        """The text of a file as last written, or None."""
        if relative not in self.digests():
            return None
        try:
            return (self.docs / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def diff(self, pages: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        """What writing the whole set `pages` would change: (changed pages and their text, removed pages)."""
        digests = self.digests()
        changed = {p: text for p, text in pages.items() if digests.get(p) != _digest(text.encode("utf-8"))}
        return changed, sorted(set(digests) - set(pages))

    def write(self, pages: dict[str, str], partial: bool = False) -> tuple[list[str], list[str]]:
        """(changed pages, removed pages), docs-relative. `partial`: `pages` are some of the pages, the
        others stay as they are."""
        changed, removed = self.diff(pages)
        return self.apply(changed, [] if partial else removed)

    def apply(self, changed: dict[str, str], removed: list[str]) -> tuple[list[str], list[str]]:
        digests = self.digests()
        for relative, text in changed.items():
            target = self.docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.kb-tmp")
            data = text.encode("utf-8")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            digests[relative] = _digest(data)
        return sorted(changed), self._remove(removed)

    def stage(self, folder: Path, produce: Callable[[Callable[[str, str], None], Callable[[str, str], None]], object]
              ) -> tuple[list[str], list[str], dict[str, bytes], object]:
        """Every file that `produce(write, append)` makes, written into `folder` as it comes, then compared
        with docs/: (changed files, left in `folder` for `adopt`; removed files; the changed files'
        digests; what `produce` returned). A file written with the bytes docs/ already has is not staged
        at all (unless something is appended to it: then it starts as a copy of docs/'s file), and one
        that ends up unchanged is deleted from `folder`; docs/ is not touched (a forked process may
        stage while the preview serves)."""
        shutil.rmtree(folder, ignore_errors=True)
        digests = self.digests()
        made: dict[str, None] = {}
        served: set[str] = set()
        same: set[str] = set()  # written with the bytes docs/ has: not staged unless something is appended

        def write(relative: str, text: str) -> None:
            where = paths.served_at(relative)
            if where in served:  # a second file there would replace the first without a word
                raise BuildFailed(f"hai tệp sinh ra cùng ở địa chỉ {where} (docs/{relative}); một tệp sẽ mất")
            served.add(where)
            data = text.encode("utf-8")
            made[relative] = None
            if digests.get(relative) == _digest(data):
                same.add(relative)
                return
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

        def append(relative: str, text: str) -> None:
            staged = folder / relative
            if relative in same:  # docs/ holds the same bytes as were written: start from them
                same.discard(relative)
                staged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.docs / relative, staged)
            with open(staged, "ab") as handle:
                handle.write(text.encode("utf-8"))
        result = produce(write, append)
        changed, fresh = [], {}
        for relative in made:
            if relative in same:
                continue
            staged = folder / relative
            digest = _digest(staged.read_bytes())
            if digests.get(relative) == digest:
                staged.unlink()
            else:
                changed.append(relative)
                fresh[relative] = digest
        return sorted(changed), sorted(set(digests) - set(made)), fresh, result

    def stage_some(self, folder: Path, produce: Callable[[Callable[[str, str], None], Callable[[str], None]], object]
                   ) -> tuple[list[str], list[str], dict[str, bytes], object]:
        """`stage` for some of the files: `produce(write, remove)` writes those that may have changed and names
        those that went; the others stay as they are. Same answer as `stage`, for `adopt`."""
        shutil.rmtree(folder, ignore_errors=True)
        digests = self.digests()
        changed: dict[str, bytes] = {}
        removed: set[str] = set()

        def write(relative: str, text: str) -> None:
            data = text.encode("utf-8")
            digest = _digest(data)
            removed.discard(relative)
            if digests.get(relative) == digest:
                changed.pop(relative, None)
                return
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed[relative] = digest

        def remove(relative: str) -> None:
            changed.pop(relative, None)
            if relative in digests:
                removed.add(relative)
        result = produce(write, remove)
        return sorted(changed), sorted(removed), changed, result

    def adopt(self, folder: Path, changed: list[str], removed: list[str], fresh: dict[str, bytes]
              ) -> tuple[list[str], list[str]]:
        """Move what `stage` left in `folder` into docs/ and remove what it found gone."""
        digests = self.digests()
        for relative in changed:
            target = self.docs / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(folder / relative, target)
            except OSError:  # another file system (a linked .kb/): copy through a temporary file
                temporary = target.with_name(f".{target.name}.kb-tmp")
                shutil.copyfile(folder / relative, temporary)
                os.replace(temporary, target)
            digests[relative] = fresh[relative]
        shutil.rmtree(folder, ignore_errors=True)
        return list(changed), self._remove(removed)

    def _remove(self, removed: list[str]) -> list[str]:
        digests = self.digests()
        for relative in removed:
            (self.docs / relative).unlink(missing_ok=True)
            digests.pop(relative, None)
        return removed


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()

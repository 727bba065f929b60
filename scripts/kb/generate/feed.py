"""What changed in the records, from git: the Atom feed, "Cập nhật lần cuối" on each page.

The history is read once per build with one `git log` over `records/`; for a
given commit it is always the same (commit dates, never the clock). When the
project is not a git checkout (a copied folder, a zip, a test's temporary
tree) there is no history: no feed entries and no "last changed" date.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

FEED_LIMIT = 50  # entries in the Atom feed
HISTORY_LIMIT = 5000  # commits read: enough for a "last changed" date of every record in practice
EMPTY_FEED_UPDATED = "2000-01-01T00:00:00Z"  # an Atom feed needs a date; with no history it is a fixed one


@dataclass(frozen=True)
class Change:
    commit: str
    date: str  # committer date, ISO 8601 with offset
    path: str  # records/units/tra-vinh/cau-ngang.md
    added: bool  # the commit that created the file


@dataclass
class History:
    changes: list[Change] = field(default_factory=list)  # newest first, one per (commit, file)
    # the titles of a unit's models at its newest changes and just before (commit, path) → (before, after):
    # what a feed entry says changed. Read for the newest records only (FEED_LIMIT and a margin).
    models: dict[tuple[str, str], tuple[list[str] | None, list[str]]] = field(default_factory=dict)
    site_url: str = ""  # the site's public address: feed links are absolute ('' leaves them relative)
    publisher: str = ""  # who compiles the base (mkdocs.yml extra.kb_publisher): the feed's author

    def last_changed(self) -> dict[str, Change]:
        """Record file → its newest change."""
        latest: dict[str, Change] = {}
        for change in self.changes:
            latest.setdefault(change.path, change)
        return latest

    def created(self) -> dict[str, Change]:
        first: dict[str, Change] = {}
        for change in self.changes:
            first[change.path] = change  # the oldest wins: changes are newest first
        return first


def read_history(root: Path) -> History:
    """The commits touching records/, newest first; empty when `root` is not the top of a git checkout."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True,
                             timeout=30)
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != Path(root).resolve():
            return History()
        log = subprocess.run(
            ["git", "log", f"-n{HISTORY_LIMIT}", "--no-renames", "--name-status", "--format=%x1e%H%x1f%cI",
             "--", "records/"], cwd=root, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return History()
    if log.returncode != 0:
        return History()
    history = History(parse_log(log.stdout))
    history.models = _model_titles(root, history)
    return history


def _model_titles(root: Path, history: History) -> dict[tuple[str, str], tuple[list[str] | None, list[str]]]:
    """For the newest changes of the newest records: the models' titles before and after, read with one
    `git cat-file --batch` (a record just added has no before)."""
    created = history.created()
    latest = sorted(history.last_changed().values(), key=lambda c: (c.date, c.path), reverse=True)[:2 * FEED_LIMIT]
    wanted = []
    for change in latest:
        wanted.append(f"{change.commit}:{change.path}")
        if created.get(change.path) != change:
            wanted.append(f"{change.commit}^:{change.path}")
    if not wanted:
        return {}
    try:
        done = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=("\n".join(wanted) + "\n").encode(),
                              capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    blobs = _read_batch(done.stdout, wanted)
    found = {}
    for change in latest:
        after = _titles(blobs.get(f"{change.commit}:{change.path}"))
        before = _titles(blobs.get(f"{change.commit}^:{change.path}")) if created.get(change.path) != change else None
        found[(change.commit, change.path)] = (before, after or [])
    return found


def _read_batch(output: bytes, names: list[str]) -> dict[str, bytes]:
    """`git cat-file --batch` answers in order: '<sha> blob <size>\\n<bytes>\\n', or '<name> missing\\n'."""
    found, at = {}, 0
    for name in names:
        end = output.find(b"\n", at)
        if end < 0:
            break
        header = output[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[name] = output[at:at + size]
            at += size + 1
    return found


def _titles(blob: bytes | None) -> list[str] | None:
    """The models' titles in a record's text (None when it cannot be read)."""
    if blob is None:
        return None
    parts = blob.decode("utf-8", errors="replace").split("\n---", 1)
    try:
        meta = yaml.safe_load(parts[0].lstrip("\ufeff").removeprefix("---")) if len(parts) == 2 else None
    except yaml.YAMLError:
        return None
    models = meta.get("models") if isinstance(meta, dict) else None
    return [str(m["title"]) for m in models if isinstance(m, dict) and m.get("title")] if isinstance(models, list) else []


def parse_log(output: str) -> list[Change]:
    changes = []
    for chunk in output.split("\x1e"):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines or "\x1f" not in lines[0]:
            continue
        commit, date = lines[0].split("\x1f", 1)
        for line in lines[1:]:
            status, _, path = line.partition("\t")
            if path.endswith(".md") and not status.startswith("D"):
                changes.append(Change(commit, date.strip(), path, status.startswith("A")))
    return changes


def day_vn(iso: str) -> str:
    """'2026-11-24T10:00:00+07:00' → '24/11/2026' (the date as the committer wrote it)."""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


@dataclass(frozen=True)
class Entry:
    change: Change
    title: str  # plain text
    href: str  # absolute, or relative to the feed's folder: '../don-vi/cau-ngang/'
    new: bool
    what: str = ""  # what changed, plain text: "Hồ sơ mới: Huyện ủy X (Trà Vinh) — 3 mô hình: A; B; C."
    detail: str = ""  # the same without the record's name: "mới — 3 mô hình: A; B; C."


def entries(history: History, pages: dict[str, tuple[str, str]], about=None) -> list[Entry]:
    """The newest change of each record still in the corpus (`pages`: record file → (title, url));
    `about(path, new, before, after)` says what changed, as (what, detail) (models' titles before and after,
    when known)."""
    created = history.created()
    found = []
    for path, change in history.last_changed().items():
        if path not in pages:
            continue  # a file no longer in the corpus, or not a record
        title, href = pages[path]
        new = created[path] == change
        before, after = history.models.get((change.commit, path), (None, None))
        what, detail = about(path, new, before, after) if about else ("", "")
        found.append(Entry(change, title, href, new, what, detail))
    found.sort(key=lambda e: (e.change.date, e.change.path), reverse=True)
    return found[:FEED_LIMIT]


def atom(feed_title: str, feed_entries: list[Entry], self_href: str = "atom.xml", home: str = "./",
         author: str = "Nhóm biên tập cơ sở dữ liệu") -> str:
    """An Atom 1.0 document; every value XML-escaped. Links are absolute when the site's address is known
    (`self_href`, `home` and each entry's href given so), else relative to the feed's address."""
    updated = feed_entries[0].change.date if feed_entries else EMPTY_FEED_UPDATED
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
           f"  <title>{escape(feed_title)}</title>",
           "  <id>tag:lam-theo-bac.kb,2024:cap-nhat</id>",
           f"  <link rel=\"self\" href={quoteattr(self_href)}/>",
           f"  <link rel=\"alternate\" href={quoteattr(home)}/>",
           f"  <updated>{escape(updated)}</updated>",
           f"  <author><name>{escape(author)}</name></author>"]
    for entry in feed_entries:
        what = entry.what or ("Hồ sơ mới" if entry.new else "Hồ sơ được cập nhật")
        out += ["  <entry>",
                f"    <title>{escape(entry.title)}</title>",
                f"    <id>tag:lam-theo-bac.kb,2024:{escape(entry.change.path)}@{entry.change.commit}</id>",
                f"    <link rel=\"alternate\" href={quoteattr(entry.href)}/>",
                f"    <updated>{escape(entry.change.date)}</updated>",
                f"    <summary>{escape(what)} Ngày ghi: {day_vn(entry.change.date)} ({escape(entry.change.path)}).</summary>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"

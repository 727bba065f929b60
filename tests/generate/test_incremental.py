"""Pages made again only where an edit reaches them (kb.generate.incremental): always the full render's pages."""

from __future__ import annotations

import pickle
import re
import shutil
import sys

import pytest
from conftest import REPO
from kb.check.runner import IncrementalCheck
from kb.generate import changes, depends, incremental
from kb.generate.feed import Change, History
from kb.generate.render import render

sys.path.insert(0, str(REPO / "bench"))
from corpus import dense_project  # noqa: E402


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    project, _ = dense_project(tmp_path_factory.mktemp("dense") / "project", 150)
    return project


class Session:
    """A project checked once, rendered once with its book, then edited: each edit is rendered incrementally
    and compared with a full render of the same corpus."""

    def __init__(self, project, history: History | None = None) -> None:
        self.project = project
        self.checker = IncrementalCheck(project)
        checked, _ = self.checker.run()
        self.corpus, self.history = checked.corpus, history or History()
        self.files: dict[str, str] = {}

        def append(path: str, more: str) -> None:
            self.files[path] += more
        self.book = incremental.render_all(self.corpus, self.history, self.files.__setitem__, append)
        self.made: set[str] = set()

    def units(self):
        return sorted((self.project / "records" / "units").rglob("*.md"))

    def render(self, history: History | None = None) -> dict[str, str]:
        checked, _ = self.checker.run()
        assert not checked.errors, [d.format() for d in checked.errors[:5]]
        history = history or self.history
        written: dict[str, str] = {}
        removed: list[str] = []
        incremental.render_changes(self.book, (self.corpus, self.history), (checked.corpus, history),
                                   self.files.get, written.__setitem__, removed.append)
        for path in removed:
            del self.files[path]
        self.files.update(written)
        self.made = set(written)
        self.corpus, self.history = checked.corpus, history
        return render(checked.corpus, history)


def edit(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_tracked_render_is_the_full_render(dense, mini_project):
    for project in (dense, mini_project):
        session = Session(project)
        assert session.files == render(session.corpus, session.history)


def _body(session):
    path = session.units()[40]
    path.write_text(path.read_text(encoding="utf-8") + "\nMột đoạn mới của thân hồ sơ.\n", encoding="utf-8")


def _rename(session):
    path = session.units()[41]
    text = path.read_text(encoding="utf-8")
    name = re.search(r'^name: "([^"]*)"', text, re.M).group(1)
    edit(path, f'name: "{name}"', f'name: "{name} (đổi tên)"')


def _model_joins_a_practice(session):
    """A model renamed to another unit's model title: it leaves one practice and joins another."""
    first, second = session.units()[42], session.units()[97]
    title = re.search(r'^  - title: "([^"]*)"\n    owner', second.read_text(encoding="utf-8"), re.M).group(1)
    mine = re.search(r'^  - title: "([^"]*)"\n    owner', first.read_text(encoding="utf-8"), re.M).group(1)
    edit(first, f'  - title: "{mine}"\n    owner', f'  - title: "{title}"\n    owner')


def _add_unit(session):
    source = session.units()[43]
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", "id: don-vi-moi", text, count=1, flags=re.M)
    text = re.sub(r'^name: "([^"]*)"', r'name: "\1 mới"', text, count=1, flags=re.M)
    source.with_name("don-vi-moi.md").write_text(text, encoding="utf-8")


def _remove_unit(session):
    session.units()[44].unlink()


def _theme(session):
    theme = sorted((session.project / "records" / "themes").glob("*.md"))[0]
    theme.write_text(theme.read_text(encoding="utf-8") + "\nThêm một câu về chuyên đề.\n", encoding="utf-8")


def _directive(session):
    directive = sorted((session.project / "records" / "directives").glob("*.md"))[0]
    edit(directive, '\ntitle: "', '\ntitle: "Sửa đổi, ')


def _figure(session):
    path = session.units()[45]
    value = re.search(r"^    value: ([0-9]+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    edit(path, f"    value: {value}\n", f"    value: {int(value) + 7}\n")


EDITS = [_body, _rename, _model_joins_a_practice, _add_unit, _remove_unit, _theme, _directive, _figure]


@pytest.mark.parametrize("change", EDITS, ids=lambda change: change.__name__.strip("_"))
def test_each_kind_of_edit_gives_the_full_render(dense, tmp_path, change):
    project = tmp_path / "project"
    shutil.copytree(dense, project)
    session = Session(project)
    change(session)
    assert session.files == session.render()


def test_edits_one_after_another_keep_the_book_right(dense, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(dense, project)
    session = Session(project)
    for change in EDITS + [_rename, _body]:
        change(session)
        assert session.files == session.render(), change.__name__


def test_a_body_edit_makes_again_only_the_pages_that_read_the_record(dense, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(dense, project)
    session = Session(project)
    path = session.units()[60]
    unit_id = re.search(r"^id: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)
    _body_of(path)
    assert session.files == session.render()
    assert f"don-vi/{unit_id}.md" in session.made
    # neither every page nor most of them; if this fails, a page reads something the views of kb.generate.depends
    # do not follow (a new Corpus method, a new Site attribute): give it its reads there
    assert len(session.made) < len(session.files) / 4, sorted(session.made)[:20]


def _body_of(path):
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")


def test_a_new_commit_in_the_history_changes_the_last_changed_date_of_that_record_only(mini_project):
    record = "records/units/tra-vinh/cau-ngang.md"
    before = History([Change("a" * 40, "2026-01-05T10:00:00+07:00", record, True)])
    after = History([Change("b" * 40, "2026-02-09T10:00:00+07:00", record, False), *before.changes])
    session = Session(mini_project, before)
    assert session.files == session.render(after)
    assert "don-vi/cau-ngang.md" in session.made and "don-vi/go-vap.md" not in session.made
    assert "09/02/2026" in session.files["don-vi/cau-ngang.md"]


def test_the_book_survives_pickling(mini_project):
    session = Session(mini_project)
    session.book = pickle.loads(pickle.dumps(session.book))
    edit(mini_project / "records/units/tra-vinh/cau-ngang.md", 'name: "Huyện ủy Cầu Ngang"',
         'name: "Huyện ủy Cầu Ngang (mới)"')
    assert session.files == session.render()


def test_a_site_attribute_the_views_do_not_know_makes_every_page_depend_on_every_edit(mini_project, monkeypatch):
    from kb.generate.render.site import Site
    original = Site.__init__

    def with_more(self, corpus, history=None):
        original(self, corpus, history)
        self.counted = len(corpus.units)
    monkeypatch.setattr(Site, "__init__", with_more)
    session = Session(mini_project)
    edit(mini_project / "records/units/tra-vinh/cau-ngang.md", "tổng kết 3 năm", "tổng kết ba năm")
    assert session.files == session.render()
    assert len(session.made) == len([p for p in session.files if p.endswith(".md")])


def test_a_list_read_in_part_depends_on_its_first_items_and_its_length_only():
    reads = depends.Reads()
    models = depends.TrackedList("practices", "k", list(range(40)), reads)
    reads.start()
    for item in models:
        if item == 5:
            break
    assert reads.stop() == {("practices#first", ("k", 8))}
    reads.start()
    assert len(models) == 40 and models[:3] == [0, 1, 2]
    assert reads.stop() == {("practices#len", "k"), ("practices#first", ("k", 4))}
    reads.start()
    assert sorted(models)[-1] == 39
    assert ("practices", "k") in reads.stop()
    # an item changed at position 20 reaches readers of the first 32 or more, and whole readers
    changed = changes._list_changes("practices", "k", list(range(40)), list(range(20)) + [-1] + list(range(21, 40)))
    assert ("practices#first", ("k", 32)) in changed and ("practices#first", ("k", 16)) not in changed
    assert ("practices#len", "k") not in changed

"""kb check's per-file cache (.kb/check-cache.pickle): same diagnostics as a fresh check, only changed files re-read."""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import FIXTURES, REPO, make_project, reference
from kb.check import runner as build
from kb.check.runner import CHECK_CACHE, STATE_DIR, IncrementalCheck, check

UNIT = "records/units/tra-vinh/cau-ngang.md"


def test_second_check_validates_only_the_changed_file(mini_project):
    first = check(mini_project)
    assert (mini_project / STATE_DIR / CHECK_CACHE).exists()
    shutil.copy(FIXTURES / "invalid" / "KB201.md", mini_project / UNIT)
    checker = IncrementalCheck(mini_project, mini_project / STATE_DIR / CHECK_CACHE)
    checked, changed = checker.run()
    assert changed == [UNIT]
    assert checked.diagnostics == reference(mini_project) != first.diagnostics
    assert "KB201" in {d.code for d in check(mini_project).errors}


def test_a_cache_of_other_code_or_a_broken_cache_is_not_used(mini_project, monkeypatch):
    check(mini_project)
    monkeypatch.setattr(build, "_code_fingerprint", lambda: "other code")
    assert IncrementalCheck(mini_project, mini_project / STATE_DIR / CHECK_CACHE).run()[1] != []
    (mini_project / STATE_DIR / CHECK_CACHE).write_bytes(b"not a pickle")
    assert check(mini_project).diagnostics == reference(mini_project)


def test_a_file_checked_alone_gets_what_the_whole_check_gives_it(tmp_path):
    project = make_project(tmp_path / "real", REPO / "records")
    whole = check(project)
    for unit in sorted((project / "records" / "units").rglob("*.md")):
        relative = unit.relative_to(project).as_posix()
        alone = check(project, only=[unit])
        assert alone.diagnostics == [d for d in whole.diagnostics if d.path == relative], relative


def test_a_symlinked_record_is_reported_on_every_run(mini_project):
    link = mini_project / "records/units/tra-vinh/lien-ket.md"
    link.symlink_to(mini_project / UNIT)
    for _ in range(2):
        assert any(d.code == "KB117" and d.path.endswith("lien-ket.md") for d in check(mini_project).diagnostics)


def test_a_symlinked_folder_is_reported_as_load_tree_does(mini_project):
    (mini_project / "records/units/lien-ket").symlink_to(mini_project / "records/units/tra-vinh")
    assert check(mini_project).diagnostics == reference(mini_project)


def test_the_cache_holds_from_day_to_day_until_a_future_date_arrives(mini_project):
    """Yesterday's cache is used today (a pull request restores main's cache of another day), except for
    a file whose "in the future" answer changes: it is checked again on the day its date arrives."""
    unit = mini_project / UNIT
    unit.write_text(unit.read_text(encoding="utf-8").replace('date: "2019-01-22"', 'date: "2026-12-01"'),
                    encoding="utf-8")
    store = mini_project / STATE_DIR / CHECK_CACHE

    def run_on(day):
        checker = IncrementalCheck(mini_project, store)
        result = checker.run(day)
        checker.save()
        return result

    first, changed = run_on(dt.date(2026, 11, 23))
    assert UNIT in changed and len(changed) > 1
    assert [d.code for d in first.diagnostics if d.path == UNIT] == ["KB118"]

    assert run_on(dt.date(2026, 11, 30))[1] == []  # a week later: nothing read again, still in the future
    checked, changed = run_on(dt.date(2026, 12, 1))  # the day arrives: that file alone is read again
    assert changed == [UNIT] and not [d for d in checked.diagnostics if d.path == UNIT]
    assert checked.diagnostics == reference(mini_project)
    assert run_on(dt.date(2026, 11, 24))[1] != []  # a clock set back: nothing is trusted


def test_a_relative_root_is_checked_as_its_absolute_path(mini_project, monkeypatch):
    whole = check(mini_project, cache=False).diagnostics
    monkeypatch.chdir(mini_project)
    from pathlib import Path
    assert check(Path("."), cache=False).diagnostics == whole
    assert check(Path("."), corpus=False).diagnostics == whole

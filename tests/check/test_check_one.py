"""`kb check FILE` on per-file summaries (records=False): for every file of every multi-file fixture laid over the
mini project, checking it alone gives exactly what the whole check gives it — with no cache, a warm one, and one
made before another file changed. The whole check without records equals the one with the corpus."""

from __future__ import annotations

import pickle
import shutil

import pytest
from conftest import FIXTURES, make_project, reference
from kb.check import runner as build
from kb.check.link import link
from kb.check.runner import CHECK_CACHE, CHECK_INDEX, STATE_DIR, IncrementalCheck, check
from kb.generate.groupings import ensure

MULTI = FIXTURES / "multi"
PROJECTS = ["mini"] + sorted(p.name for p in MULTI.iterdir() if p.is_dir())
CAU_NGANG = "records/units/tra-vinh/cau-ngang.md"
GO_VAP = "records/units/ho-chi-minh/go-vap.md"


def _project(tmp_path, name):
    project = make_project(tmp_path / name, FIXTURES / "mini" / "records")
    go_vap = project / GO_VAP  # a unit that names another, so that deleting the other concerns it
    go_vap.write_text(go_vap.read_text(encoding="utf-8").replace("\nlevel:", "\nparent: cau-ngang\nlevel:", 1),
                      encoding="utf-8")
    if name != "mini":
        folder = MULTI / name
        for source in sorted(p for p in folder.rglob("*") if p.is_file()):
            target = project / source.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return project


def _files(project):
    return sorted(p for p in (project / "records").rglob("*") if p.is_file())


def _for(project, whole, path):
    return [d for d in whole if (project / d.path).resolve() == path.resolve() or d.path.endswith(".yml")]


def _same_alone_as_whole(project, state=None):
    """Each file checked alone (both ways) against the whole check; `state` (a saved .kb/) is put back first."""
    whole = check(project, corpus=False).diagnostics
    assert whole == check(project).diagnostics == reference(project)
    for path in _files(project):
        for corpus in (False, True):
            if state is not None:
                shutil.rmtree(project / STATE_DIR)
                shutil.copytree(state, project / STATE_DIR)
            alone = check(project, only=[path], corpus=corpus).diagnostics
            assert alone == _for(project, whole, path), (path, corpus)
    return whole


def _duplicate_id(project):
    """A copy of the mini unit in a folder that sorts first: the copy keeps the id, the original gets KB401."""
    copy = project / "records/units/an-giang/cau-ngang.md"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / CAU_NGANG, copy)


def _referenced_deleted(project):
    (project / CAU_NGANG).unlink()
    (project / "records/directives/05-ct-tw.md").unlink()


@pytest.mark.parametrize("name", PROJECTS)
@pytest.mark.parametrize("change", [_duplicate_id, _referenced_deleted])
def test_a_file_checked_alone_gets_what_the_whole_check_gives_it(tmp_path, name, change):
    project = _project(tmp_path, name)
    shutil.rmtree(project / STATE_DIR, ignore_errors=True)
    _same_alone_as_whole(project)  # cold: every call but the first starts from what the previous one left
    assert IncrementalCheck(project, project / STATE_DIR / CHECK_CACHE, records=False).run()[1] == []  # warm
    state = tmp_path / "state"
    shutil.copytree(project / STATE_DIR, state)
    _same_alone_as_whole(project, state)
    before = check(project, corpus=False).diagnostics
    change(project)
    after = _same_alone_as_whole(project, state)  # each file alone, from the cache made before the change
    assert after != before
    if change is _duplicate_id:
        assert [d.code for d in after if d.path == CAU_NGANG and d.code == "KB401"] == ["KB401"]
    else:
        assert "KB203" in {d.code for d in after if d.path == "records/themes/2018.md"}
        if name != "KB401":  # there the other cau-ngang keeps the id
            assert "KB205" in {d.code for d in after if d.path == GO_VAP}


def test_the_summaries_alone_are_read_and_written_without_records(mini_project):
    check(mini_project, corpus=False)
    state = mini_project / STATE_DIR
    assert (state / CHECK_INDEX).exists() and not (state / CHECK_CACHE).exists()
    assert check(mini_project, corpus=False).corpus is None
    _, entries, _ = build.read_cache_file(state / CHECK_INDEX)
    assert entries[CAU_NGANG][3] is None and entries[CAU_NGANG][4].id == "cau-ngang"
    check(mini_project)  # the full cache writes the index too
    assert (state / CHECK_CACHE).exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "foreign entry", "short", "other code",
                                    "missing index"])
def test_a_broken_or_foreign_index_starts_afresh(mini_project, monkeypatch, damage):
    (mini_project / "records/directives/05-ct-tw.md").unlink()  # something to report: KB203
    expected = reference(mini_project)
    assert expected
    check(mini_project)
    index = mini_project / STATE_DIR / CHECK_INDEX
    key = build.cache_key()
    if damage == "garbage":
        index.write_bytes(b"\x80\x05not a pickle")
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[:100])
    elif damage == "foreign":  # the one-pickle shape of an older version
        index.write_bytes(pickle.dumps((key, {CAU_NGANG: ("not", "an", "entry")}, None)))
    elif damage == "foreign entry":
        index.write_bytes(pickle.dumps((key, 1, None)) + pickle.dumps((CAU_NGANG, ("not", "an", "entry"))))
    elif damage == "short":  # the header promises more entries than the file holds
        header = pickle.dumps((key, 10**6, None))
        index.write_bytes(header + index.read_bytes()[len(header) + 50:])
    elif damage == "other code":
        monkeypatch.setattr(build, "_code_fingerprint", lambda: "other code")
    else:
        index.unlink()  # the full cache is read instead
    assert check(mini_project, corpus=False).diagnostics == expected
    assert check(mini_project, only=[mini_project / CAU_NGANG], corpus=False).diagnostics == [
        d for d in expected if d.path == CAU_NGANG or d.path.endswith(".yml")] != []


def test_link_gives_no_page_indexes_until_the_pages_ask_for_them(mini_project):
    from kb.check.catalogs import validate_catalogs
    from kb.check.load import load_tree
    from kb.check.validate import validate
    loaded = load_tree(mini_project)
    catalogs, _ = validate_catalogs(loaded.catalogs)
    records = [validate(source)[0] for source in loaded.records]
    corpus, found = link(catalogs, records)
    assert corpus.units and not corpus.units_by_province and not corpus.grouped
    ensure(corpus)
    assert corpus.units_by_province and corpus.grouped
    indexes = dict(corpus.units_by_province)
    ensure(corpus)  # once only
    assert corpus.units_by_province == indexes


def test_a_symlinked_record_or_records_folder_is_reported_as_the_whole_check_does(tmp_path):
    project = _project(tmp_path, "mini")
    (project / "records/units/tra-vinh/lien-ket.md").symlink_to(project / CAU_NGANG)
    _same_alone_as_whole(project)  # checking the link names its target too, as resolving both paths says
    assert any(d.code == "KB117" for d in check(project, only=[project / CAU_NGANG], corpus=False).diagnostics)
    moved = tmp_path / "records-elsewhere"
    (project / "records").rename(moved)
    (project / "records").symlink_to(moved)
    _same_alone_as_whole(project)

"""The build benchmark at a tiny size: every step runs and reports (no timing is asserted)."""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import build_bench  # noqa: E402
from corpus import dense_project  # noqa: E402


def test_dense_corpus_has_the_density_of_real_records(tmp_path):
    from kb.build import check
    project, counts = dense_project(tmp_path / "dense", 200)
    assert 1.5 <= counts["models"] / 200 <= 3 and 3 <= counts["results"] / 200 <= 5
    assert 0.7 <= counts["limitations"] / 200 <= 1.3 and counts["lessons"] > 0
    checked = check(project)
    assert not checked.errors
    corpus = checked.corpus
    assert max(len(u.models) for u in corpus.units.values()) <= 9
    assert max(len(u.lessons) for u in corpus.units.values()) <= 4
    assert corpus.themes and corpus.directives and {u.level for u in corpus.units.values()} >= {"tinh", "huyen", "xa"}
    again, _ = dense_project(tmp_path / "again", 200)
    first = sorted(p.relative_to(project).as_posix() for p in (project / "records").rglob("*.md"))
    assert first == sorted(p.relative_to(again).as_posix() for p in (again / "records").rglob("*.md"))


def test_build_benchmark_runs_at_a_small_size(capsys):
    build_bench.main(["6"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 3 and rows[2].startswith("| 6 |")
    assert rows[2].count("|") == rows[0].count("|")

"""Search relevance in a real browser: the real records (queries.yaml) and a synthetic corpus with traps."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb import relevance
from kb.build import check
from kb.synthetic import write_corpus, write_search_site

from conftest import FIXTURES, REPO, make_project

pytestmark = pytest.mark.skipif(not os.path.exists(relevance.chromium_path()) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian; CI luôn cài")
QUERIES = Path(__file__).with_name("queries.yaml")


def assert_targets(outcomes):
    recall, mrr = relevance.summary(outcomes)
    print(relevance.report(outcomes))
    assert recall >= relevance.TARGET_RECALL and mrr >= relevance.TARGET_MRR, relevance.report(outcomes)


def test_queries_file_has_the_required_mix():
    cases = relevance.load_cases(QUERIES)
    assert len(cases) >= 40
    from kb.vietnamese import fold
    no_marks = [c for c in cases if fold(c["q"]) == c["q"].lower()]
    assert len(no_marks) >= 15
    assert sum(1 for c in cases if c.get("tags") and "tone-placement" in c["tags"]) >= 5


def test_real_records_meet_relevance_targets(real_site):
    assert_targets(relevance.evaluate(real_site / "site", relevance.load_cases(QUERIES)))


def test_synthetic_corpus_with_traps_meets_targets(tmp_path):
    project = make_project(tmp_path / "synthetic", FIXTURES / "mini" / "records")
    shutil.rmtree(project / "records" / "units")
    queries = write_corpus(project, units=1000)
    checked = check(project)
    assert checked.errors == [], checked.errors[:3]
    site = tmp_path / "site"
    write_search_site(checked.corpus, site, REPO / "docs" / "assets" / "kb-search.js")
    assert_targets(relevance.evaluate(site, queries))


TRAPS = {"đất": "đất", "đạt": "đạt", "đảng": "đảng", "thể": "thể", "theo": "theo", "hòa": "hòa"}


def test_synthetic_traps_exact_word_ranks_first(tmp_path):
    """A query typed with diacritics shows its own word first, not the word it folds to."""
    from kb.search import tokens
    from kb.vietnamese import syllable_key
    project = make_project(tmp_path / "synthetic", FIXTURES / "mini" / "records")
    shutil.rmtree(project / "records" / "units")
    write_corpus(project, units=300)
    checked = check(project)
    site = tmp_path / "site"
    write_search_site(checked.corpus, site, REPO / "docs" / "assets" / "kb-search.js")
    shown = relevance.top_titles(site, list(TRAPS))
    for query, word in TRAPS.items():
        titles = shown[query]
        assert len(titles) == 10, (query, titles)
        for title in titles:
            keys = {syllable_key(t) for t in tokens(title)}
            assert syllable_key(word) in keys, f"'{query}' cho ra '{title}' trong 10 kết quả đầu"


def test_metrics_are_computed_as_defined():
    outcome = relevance.Outcome("q", ["a", "b"], ["x", "a", "y", "z", "w", "b"])
    assert outcome.recall_at_5 == 0.5 and outcome.reciprocal_rank == 0.5

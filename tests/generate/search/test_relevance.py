"""Search relevance in a real browser: the real records (queries.yaml) and a synthetic corpus with traps."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project
from kb.check.runner import check
from kb.tools import relevance
from kb.tools.synthetic import write_corpus, write_search_site

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
    from kb.text.vietnamese import fold
    no_marks = [c for c in cases if fold(c["q"]) == c["q"].lower()]
    assert len(no_marks) >= 15
    assert sum(1 for c in cases if c.get("tags") and "tone-placement" in c["tags"]) >= 5


PINNED = ("phrase-first", "full-coverage-first", "records-first")


def assert_pinned(cases, outcomes):
    """Queries that pin an ordering must put their first expected page first, not merely near the top."""
    missed = [outcome for case, outcome in zip(cases, outcomes, strict=True)
              if set(case.get("tags") or ()) & set(PINNED) and outcome.found[:1] != outcome.expected[:1]]
    assert not missed, "\n".join(f"{o.query!r}: mong đợi {o.expected[0]} đứng đầu, được {o.found[:3]}" for o in missed)


def test_real_records_meet_relevance_targets(real_site):
    cases = relevance.load_cases(QUERIES)
    outcomes = relevance.evaluate(real_site / "site", cases)
    assert_pinned(cases, outcomes)
    assert_targets(outcomes)


def test_queries_pin_phrase_and_full_coverage_ordering():
    tags = [tag for case in relevance.load_cases(QUERIES) for tag in case.get("tags") or ()]
    assert tags.count("phrase-first") >= 3 and tags.count("full-coverage-first") >= 2
    assert tags.count("unseen") >= 8 and tags.count("records-first") >= 1


# Ordering traps added to the synthetic corpus: (unit id, [(model title, summary)]), then the queries each
# ordering rule alone decides. Their words occur nowhere else in the synthetic corpus.
ORDER_TRAPS = [
    ("vuon-que-bay", [("Chăm vườn ươm cây quế", "Ươm quế giống cho vườn của hội viên, quế non chăm kỹ."),
                      ("Vườn quế của hội nông dân", "Hội viên cùng làm.")]),
    ("ao-sen-bay", [("Kinh tế hộ gia đình", "Đào ao, trồng sen, thả cá giống."),
                    ("Ao sen thả vịt ven làng", "Hội viên cùng làm.")]),
    ("go-doi-bay", [("Phủ xanh đất trống", "Trồng rừng trên gò đồi."),
                    ("Keo lá tràm", "Hội viên cùng làm.")]),
]
TRAP_QUERIES = [  # (query, title that must come first, the rule that alone puts it first)
    ("vườn quế", "Vườn quế của hội nông dân", "phrase-first"),
    ("vuon que", "Vườn quế của hội nông dân", "phrase-first"),
    ("ao sen thả cá", "Kinh tế hộ gia đình", "full-coverage-first"),
    ("ao sen tha ca", "Kinh tế hộ gia đình", "full-coverage-first"),
    ("gò đồi trồng keo", "Phủ xanh đất trống", "full-coverage-first"),  # no page has all four: coverage³
]


def write_order_traps(project: Path) -> list[dict]:
    from kb.model import paths
    from kb.text.vietnamese import slugify
    folder = project / "records" / "units" / "tra-vinh"
    folder.mkdir(parents=True, exist_ok=True)
    queries = []
    for number, (unit_id, models) in enumerate(ORDER_TRAPS):
        listed = "\n".join(f'  - title: "{title}"\n    summary: "{summary}"\n    owner: "Hội Nông dân"\n'
                           f'    kind: tap-the\n    field: giao-duc' for title, summary in models)
        (folder / f"{unit_id}.md").write_text(
            f'---\nid: {unit_id}\nname: "Đảng ủy xã Bẫy {number} (tổng hợp)"\nplace: "Bẫy {number}"\nlevel: xa\nkind: dia-phuong\n'
            f'province: tra-vinh\nsources:\n  - title: "Dữ liệu tổng hợp để kiểm thử"\n    date: "2020-01-01"\n'
            f'models:\n{listed}\n---\nĐơn vị tổng hợp để kiểm thứ tự kết quả.\n', encoding="utf-8")
        for title, _ in models:
            url = paths.url_of(paths.model(unit_id, slugify(title, max_length=60))).lstrip("/")
            queries += [{"q": q, "expect": [url], "tags": [rule]} for q, first, rule in TRAP_QUERIES if first == title]
    return queries


@pytest.mark.browser
def test_synthetic_corpus_with_traps_meets_targets(tmp_path):
    project = make_project(tmp_path / "synthetic", FIXTURES / "mini" / "records")
    shutil.rmtree(project / "records" / "units")
    queries = write_corpus(project, units=1000)
    ordering = write_order_traps(project)
    assert len(ordering) == len(TRAP_QUERIES)
    checked = check(project)
    assert checked.errors == [], checked.errors[:3]
    site = tmp_path / "site"
    write_search_site(checked.corpus, site, REPO / "docs" / "assets" / "kb-search.js")
    outcomes = relevance.evaluate(site, queries + ordering)
    assert_pinned(queries + ordering, outcomes)
    assert_targets(outcomes)


TRAPS = {"đất": "đất", "đạt": "đạt", "đảng": "đảng", "thể": "thể", "theo": "theo", "hòa": "hòa"}


@pytest.mark.browser
def test_synthetic_traps_exact_word_ranks_first(tmp_path):
    """A query typed with diacritics shows its own word first, not the word it folds to."""
    from kb.generate.search.index import tokens
    from kb.text.vietnamese import syllable_key
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

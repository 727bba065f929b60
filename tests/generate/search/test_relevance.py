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


PINNED = ("words-first", "full-coverage-first", "exact-first", "records-first", "document-first")


def assert_pinned(cases, outcomes):
    """Queries that pin an ordering must put one of their `first` pages (default: the first expected) first,
    not merely near the top."""
    missed = []
    for case, outcome in zip(cases, outcomes, strict=True):
        first = case.get("first") or outcome.expected[:1]
        if set(case.get("tags") or ()) & set(PINNED) and (not outcome.found or outcome.found[0] not in first):
            missed.append((first, outcome))
    assert not missed, "\n".join(f"{o.query!r}: mong đợi một trong {first} đứng đầu, được {o.found[:3]}"
                                  for first, o in missed)


def test_real_records_meet_relevance_targets(real_site):
    cases = relevance.load_cases(QUERIES)
    outcomes = relevance.evaluate(real_site / "site", cases)
    assert_pinned(cases, outcomes)
    assert_targets(outcomes)


def test_queries_pin_every_ordering_rule_and_cover_every_kind_of_question():
    tags = [tag for case in relevance.load_cases(QUERIES) for tag in case.get("tags") or ()]
    for tag in ("words-first", "full-coverage-first", "exact-first", "document-first", "abbreviation", "year"):
        assert tags.count(tag) >= (2 if tag == "year" else 3), tag
    assert tags.count("unseen") >= 8 and tags.count("records-first") >= 1
    assert tags.count("unit-kind") >= 2 and tags.count("level") >= 1


# Queries whose order is checked against an oracle computed from the records themselves (not from the index):
# no abbreviation in them, so that a page's words are simply its syllables.
ORACLE_QUERIES = ["chi bộ", "trường học", "mới", "dựng", "đất", "cờ", "tờ", "xây dựng nông thôn mới", "người đứng đầu",
                  "heo đất tranh nhôm", "sổ tay đảng viên", "cải cách hành chính", "dang vien", "tấm gương đạo đức",
                  "phong cách, tác phong", "học tập và làm theo", "giữ gìn", "Trà Vinh", "sinh hoat chi bo",
                  "mô hình heo đất", "kinh nghiệm tuyên truyền", "đơn vị trường học"]
RULES = ("full", "words", "exact")


def _kinds_apart(typed: list[list[str]], labels: list[list[str]]) -> list[list[str]]:
    """A kind of record named in a query ('mô hình heo đất') is a phrase of its own, as the client reads it."""
    from kb.text.vietnamese import fold
    out = []
    for phrase in typed:
        folded, cuts = [fold(word) for word in phrase], set()
        for label in labels:
            for at in range(len(phrase) - len(label) + 1):
                if folded[at:at + len(label)] == label:
                    cuts |= {at, at + len(label)}
        current: list[str] = []
        for at, word in enumerate(phrase):
            if at in cuts and current:
                out.append(current)
                current = []
            current.append(word)
        out.append(current)
    return out


def _oracle(documents, query: str):
    """For each page (url → (full, words, exact)): every syllable of the query in it, how many of the query's
    adjacent pairs it has side by side in one phrase, how many of the words typed with marks it has as typed."""
    from kb.generate.search.documents import KINDS
    from kb.generate.search.terms import exact_key, phrases
    from kb.text.vietnamese import fold
    typed = _kinds_apart(phrases(query), [fold(label).split() for label in KINDS.values()])
    words = [word for phrase in typed for word in phrase]
    pairs = [(fold(a), fold(b)) for phrase in typed for a, b in zip(phrase, phrase[1:])]
    marked = [exact_key(word) for word in words if fold(word) != word]
    out = {}
    for doc in documents:
        text = "\n".join([doc.title, doc.key, doc.text, doc.extra, doc.context, doc.reports, KINDS[doc.kind],
                          doc.labels, "\n".join(doc.facets.get("year", ()))])
        found = phrases(text)
        folded = {fold(word) for phrase in found for word in phrase}
        if not folded & {fold(word) for word in words}:
            continue
        exact = {exact_key(word) for phrase in found for word in phrase}
        adjacent = {(fold(a), fold(b)) for phrase in found for a, b in zip(phrase, phrase[1:])}
        out[doc.url.lstrip("/")] = (all(fold(word) in folded for word in words),
                                    sum(pair in adjacent for pair in pairs), sum(key in exact for key in marked))
    return out, len(pairs), len(marked)


_ORDER = """async ([query]) => {
  const found = await window.kbSearch.find(query, {});
  const items = await window.kbSearch.details(found.results.map(r => r.doc));
  return [items.map(item => item.u), window.kbSearch.core.summarise(found.results, found.query)];
}"""


def order_problems(site: Path, docs, ranking: dict | None = None) -> list[str]:
    """What, for ORACLE_QUERIES in the browser, breaks the order the rules ask (or the counts the page says)."""
    problems = []
    with relevance.serve(site) as base, relevance.browser_page(base, ranking) as page:
        for query in ORACLE_QUERIES:
            shown, summary = page.evaluate(_ORDER, [query])
            truth, pairs, marked = _oracle(docs, query)
            if set(shown) != set(truth):
                problems.append(f"{query!r}: trang khác bộ so: {sorted(set(shown) ^ set(truth))[:5]}")
                continue
            tiers = [truth[url] for url in shown]
            for position, (before, after) in enumerate(zip(tiers, tiers[1:])):
                if before < after:
                    problems.append(f"{query!r}: {shown[position]} {before} đứng trước {shown[position + 1]} {after}")
                    break
            full = [tier for tier in tiers if tier[0]]
            counts = (len(full), len(tiers) - len(full), sum(1 for tier in full if tier[1:] == (pairs, marked)))
            if (summary["full"], summary["partial"], summary["whole"]) != counts:
                problems.append(f"{query!r}: đếm {summary} khác bộ so {counts}")
    return problems


@pytest.fixture(scope="module")
def real_documents(real_site):
    import datetime as dt

    from kb.generate.search.documents import documents
    return documents(check(real_site, today=dt.date(2026, 12, 7)).corpus)


def test_order_rules_hold_on_the_real_records(real_site, real_documents):
    """Every result of a query, in the browser, in the order the rules ask — all words before some, more words
    side by side before fewer, more words as typed before fewer — and the counts the page says, checked against
    the records' own text."""
    assert order_problems(real_site / "site", real_documents) == []


@pytest.mark.parametrize("rule", RULES)
def test_each_ordering_rule_is_needed_on_the_real_records(real_site, real_documents, rule):
    """Without one key of search.RESULT_ORDER, the score alone breaks that rule for some query of the records."""
    from kb.generate.search.index import ranking
    changed = {**ranking(), "order": [key for key in ranking()["order"] if key != rule]}
    assert order_problems(real_site / "site", real_documents, changed) != []


# Ordering traps added to the synthetic corpus: (unit id, [(model title, summary)]), then the queries each
# ordering rule alone decides. Their words occur nowhere else in the synthetic corpus.
ORDER_TRAPS = [
    ("vuon-que-bay", [("Chăm vườn ươm cây quế", "Ươm quế giống cho vườn của hội viên, quế non chăm kỹ."),
                      ("Vườn quế của hội nông dân", "Hội viên cùng làm.")]),
    ("ao-sen-bay", [("Kinh tế hộ gia đình", "Đào ao, trồng sen, thả cá giống."),
                    ("Ao sen thả vịt ven làng", "Hội viên cùng làm.")]),
    ("go-doi-bay", [("Phủ xanh đất trống", "Trồng rừng trên gò đồi."),
                    ("Keo lá tràm", "Hội viên cùng làm.")]),
    ("ruong-muoi-bay", [("Làm muối sạch", "Hội viên cùng làm trên ruộng muối của xã."),  # the words, in a summary
                        ("Ruộng lúa và muối iốt", "Hội viên cùng làm.")]),  # the syllables apart, in a title
    ("mang-ca-bay", [("Lưới cá giống", "Nối mạng cho hội viên."),  # 'mạng' once, in its summary
                     ("Đàn cá mang về", "Cá mang về thả ao.")]),  # 'mang' in its title and summary
    ("hoc-nghe-bay", [("Lớp học nghề ban đêm", "Học sinh trung học phổ thông Bẫy học nghề mộc."),
                      ("Sân chơi THPT Bẫy", "Hội viên cùng làm.")]),
]
TRAP_QUERIES = [  # (query, title that must come first, the rule that alone puts it first)
    ("vườn quế", "Vườn quế của hội nông dân", "words-first"),
    ("vuon que", "Vườn quế của hội nông dân", "words-first"),
    ("ruộng muối", "Làm muối sạch", "words-first"),  # the heavier title has 'ruộng' and 'muối' apart
    ("ao sen thả cá", "Kinh tế hộ gia đình", "full-coverage-first"),
    ("ao sen tha ca", "Kinh tế hộ gia đình", "full-coverage-first"),
    ("gò đồi trồng keo", "Phủ xanh đất trống", "full-coverage-first"),  # no page has all four: coverage³
    ("mạng", "Lưới cá giống", "exact-first"),  # the folded 'mang' weighs more, in a title: the typed marks win
    ("THPT Bẫy nghề mộc", "Lớp học nghề ban đêm", "abbreviation"),  # the words written out, found by their letters
    ("trung học phổ thông Bẫy sân chơi", "Sân chơi THPT Bẫy", "abbreviation"),  # and the other way round
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
    from kb.generate.search.index import ranking
    for rule, tag in {"full": "full-coverage-first", "words": "words-first", "exact": "exact-first"}.items():
        pinned = [case for case in ordering if tag in case["tags"]]
        changed = {**ranking(), "order": [key for key in ranking()["order"] if key != rule]}
        with pytest.raises(AssertionError):  # each trap is decided by its rule alone
            assert_pinned(pinned, relevance.evaluate(site, pinned, ranking=changed))


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

"""Stage 5 — search: the linked corpus → a static, sharded search index.

Why our own index: stock engines treat 'đ' and 'd' as different letters, or
prefix-match every syllable ('thể' finds 'theo'), or keep the whole index in
one file. Vietnamese is written in syllables, so the index is too:

- every syllable is indexed twice: its exact form (letters with vowel marks,
  plus the tone as a digit, so 'hoà' and 'hòa' are one term) and its folded
  form (no marks at all, đ → d), so 'lam theo' finds 'làm theo';
- adjacent syllable pairs are indexed (folded), within a phrase (terms.phrases: punctuation and new lines
  part phrases), so a query's words ('trường học') are found as words before their syllables scattered;
- abbreviations (kb.text.abbreviations) are indexed under one key with the words they stand for: a text
  'THCS' and a text 'trung học cơ sở' both post to `t/thcs.json`;
- one file per folded syllable (`t/<syllable>.json`) holds that syllable's
  folded postings, its exact variants (0 for the only variant of a syllable written one way: its list is the
  folded one) and the pairs it starts: a query fetches one small file per word, whatever the size of the corpus;
- filters are posting lists too: `f/<facet>/<value>.json` for a chosen value, and `f.json` with every
  facet's lists at once, which the search page fetches after its first results to count them; their labels
  and counts before any search are in `facets.json`, so that `meta.json`, which every query reads, is small;
- result details live in chunks of documents (`d/<n>.json`), fetched only
  for the results shown;
- file names never are names Windows reserves (terms.file_name: 'con' is a syllable), so the offline zip
  opens there.

A posting is (document, weight); weight = the strongest field the term is in
(KEY_WEIGHT for what names the record — a directive's code, a unit's place —,
TITLE_WEIGHT for the title, REPORT_WEIGHT for a document a unit reports under, YEAR_WEIGHT for the years of
the year filter, CONTEXT_WEIGHT for a unit's province, KIND_WEIGHT for what the record is) plus its (capped)
count in the text, so a title match
always beats a body match and "05-CT/TW" finds the directive before the documents that cite it. The browser
client (docs/assets/kb-search.js) scores with idf.

Ranking lives here, in one place: the field weights above decide the
postings, and the query-time factors (EXACT_FACTOR … RESULT_ORDER) are
written into meta.json's "ranking", which is the only source of numbers the
client scores with. A query's score for a document:

    Σ over query words: idf(word) × posting weight × (EXACT_FACTOR when the typed marks match,
                        UNMARKED_FACTOR for a word typed without marks, FOLDED_FACTOR otherwise,
                        ABBREVIATION_FACTOR when found as an abbreviation or its words,
                        PREFIX_FACTOR for a completion of the last word while typing)
    + Σ over adjacent query words found side by side: PHRASE_FACTOR × idf(left word) × pair weight
    all × (matched words / query words) ** COVERAGE_POWER

and results are ordered by RESULT_ORDER: records before guide pages, documents that match every word before
those that match some (the page draws a line between them), then more of the query's adjacent words found
as words, then more of the words typed with marks found with those marks, then the score. Guide pages come
last in document order (meta "guides"); the client never mixes them into the results for records: they are
searched on a tab of their own (kind "huong-dan").

Text is indexed and shown as plain text: markdown and HTML markup are
stripped first (`plain_text`), so a snippet never shows '---', '|' or '**'.
Only what a reader reads is indexed and shown: an editor's `note` never is.

Lists are stored as gaps, which compress to a fraction of the numbers
themselves (a common syllable at 10,000 units: 163 KB → 7 KB gzipped):
postings as [gap, weight, gap, weight, …], filters as [gap, gap, …], where
each document number is the previous one plus its gap.

Memory (national scale): documents are made one at a time in index order (`document_sources` gives their light
heads to sort first), postings are flat `array('i')`s, and `iter_index` yields the files one by one for a
writer that drops each after writing it; `build_index` is that generator collected into a dict.
"""

from __future__ import annotations

import bisect
import functools
import json
from array import array
from collections import Counter, defaultdict

from kb.generate.render.site import directive_label, theme_label
from kb.generate.search.documents import (
    GUIDE_KIND,
    KINDS,
    UNIT_SNIPPET_CHARS,
    Document,
    document_sources,
    snippet_source,
)
from kb.generate.search.terms import (
    MAX_TERM_LENGTH,
    abbreviation_keys,
    exact_key,
    file_name,
    keys,
    phrases,
    tokens,
)
from kb.model import vocabulary
from kb.model.corpus import Corpus
from kb.text import abbreviations
from kb.text.vietnamese import sort_key

__all__ = ["INDEX_DIR", "build_index", "iter_index", "index_files", "tokens", "exact_key", "ranking"]

INDEX_DIR = "kb-search"
FORMAT_VERSION = 4
# Field weights (index time): the strongest field a term is in, plus its capped count in the text.
KEY_WEIGHT = 20  # what names the record itself: a directive's code, a unit's place
TITLE_WEIGHT = 10
REPORT_WEIGHT = 8  # a document or theme a unit reports under: 'Chỉ thị 03-CT/TW' finds the units under it
YEAR_WEIGHT = 6  # a year the year filter lists the record under: the query '2019' finds what the filter does
CONTEXT_WEIGHT = 5  # where a unit is: its province (and that province's successor)
KIND_WEIGHT = 1  # what the record is ('mô hình', 'kinh nghiệm', a unit's kind: 'trường học'), as a word of its text
BODY_CAP = 5
# Query-time factors (the client reads them from meta.json's "ranking").
EXACT_FACTOR = 2  # a word typed with marks, found with the same marks ('đất' finds 'đất' before 'đạt')
FOLDED_FACTOR = 1  # a word typed with marks, found only through its folded form
UNMARKED_FACTOR = 1.5  # a word typed without marks: every marked form is what the reader may have meant
ABBREVIATION_FACTOR = 2  # words found as their abbreviation, or an abbreviation as its words: as typed
PREFIX_FACTOR = 0.5  # a completion of the last word while typing in the header box ('kh' → 'khuyến')
PREFIX_TERMS = 12  # completions tried per last word, in alphabetical order of the folded syllable
PREFIX_MIN_LENGTH = 2  # shorter last words are not completed
PHRASE_FACTOR = 2  # two query words adjacent in the document: × idf of the first × the pair's weight
COVERAGE_POWER = 3  # × (matched words / query words) ** 3: a document missing a word drops fast
# The order of results; each key decides only between results equal on the keys before it:
#   records  records before the site's guide pages (which have a tab of their own anyway)
#   full     every word of the query found before only some (the page draws a line where these start)
#   words    more of the query's adjacent syllables found side by side, as words, before scattered syllables
#   exact    more of the words typed with marks found with those very marks before their folded forms
#   score    the score above
RESULT_ORDER = ("records", "full", "words", "exact", "score")
CHUNK_SIZE = 32  # documents per details file: a query fetches the files of its first 20 results
MAX_POSTINGS = 5000  # per term; the rest are the lowest-weighted documents of very common syllables

# Filters of the search page, in the order shown: facet name, its parameter in the page address
# (/tim-kiem/?q=…&tinh=…; the English names of format 2 are still read), its label.
FILTERS = [
    {"name": "kind", "param": "loai", "label": "Loại kết quả"},
    {"name": "province", "param": "tinh", "label": "Tỉnh, thành phố"},
    {"name": "level", "param": "cap", "label": "Cấp"},
    {"name": "unit_kind", "param": "loai-don-vi", "label": "Loại đơn vị"},
    {"name": "field", "param": "linh-vuc", "label": "Lĩnh vực"},
    {"name": "topic", "param": "chu-de", "label": "Chủ đề kinh nghiệm"},
    {"name": "year", "param": "nam", "label": "Năm"},
    {"name": "directive", "param": "van-ban", "label": "Văn bản"},
    {"name": "theme", "param": "chuyen-de", "label": "Chuyên đề"},
]
PROVINCE_GROUPS = ("Tỉnh, thành phố hiện nay", "Tỉnh, thành phố cũ (đã nhập vào tỉnh khác)")


def _fields(doc: Document) -> tuple[tuple[str, int], ...]:
    """The weighted fields of a document; 'mô hình heo đất' has every word in a model about heo đất."""
    return ((doc.key, KEY_WEIGHT), (doc.title, TITLE_WEIGHT), (doc.reports, REPORT_WEIGHT),
            ("\n".join(doc.facets.get("year", ())), YEAR_WEIGHT), (doc.context, CONTEXT_WEIGHT),
            (f"{KINDS.get(doc.kind, '')}\n{doc.labels}", KIND_WEIGHT))


def _weights(doc: Document) -> tuple[dict[str, int], dict[tuple[str, str], int], dict[str, int]]:
    """Per-document weights of folded terms (abbreviation keys among them), exact terms and folded pairs: the
    strongest field a term is in, plus its count in the text (at most BODY_CAP)."""
    field_w: tuple[dict, dict, dict] = ({}, {}, {})
    for text, weight in _fields(doc):
        for term_kind, term in _terms(text):
            if field_w[term_kind].get(term, 0) < weight:
                field_w[term_kind][term] = weight
    body_w: tuple[Counter, Counter, Counter] = (Counter(), Counter(), Counter())
    for term_kind, term in _terms(f"{doc.text}\n{doc.extra}"):
        body_w[term_kind][term] += 1
    weights = []
    for fields, body in zip(field_w, body_w):
        merged = {term: min(count, BODY_CAP) for term, count in body.items()}
        for term, weight in fields.items():
            merged[term] = merged.get(term, 0) + weight
        weights.append(merged)
    folded_w, exact_w, pair_w = weights
    return folded_w, exact_w, pair_w


def _terms(text: str):
    """(0, folded syllable or abbreviation key), (1, (folded, exact key)) for every word, and (2, 'left right')
    for every pair of adjacent syllables of a phrase."""
    for phrase in phrases(text):
        pairs = [keys(word) for word in phrase]
        for folded, exact in pairs:
            yield 0, folded
            yield 1, (folded, exact)
        for (left, _), (right, _) in zip(pairs, pairs[1:]):
            yield 2, f"{left} {right}"
        for key in abbreviation_keys([folded for folded, _ in pairs]):
            yield 0, key


def _gaps(numbers: list[int]) -> list[int]:
    return [number - previous for previous, number in zip([0, *numbers], numbers)]


def decode_postings(flat: list[int]) -> list[tuple[int, int]]:
    """[gap, weight, …] → [(document, weight), …]; what the browser client does."""
    pairs, document = [], 0
    for gap, weight in zip(flat[::2], flat[1::2]):
        document += gap
        pairs.append((document, weight))
    return pairs


def decode_gaps(gaps: list[int]) -> list[int]:
    numbers, document = [], 0
    for gap in gaps:
        document += gap
        numbers.append(document)
    return numbers


def build_index(corpus: Corpus, guides: list[Document] = ()) -> dict[str, str]:
    """All index files of a corpus and the site's guide pages: path under kb-search/ → JSON text. Deterministic."""
    return dict(iter_index(corpus, guides))


def iter_index(corpus: Corpus, guides: list[Document] = ()):
    """`build_index`'s files as (path under kb-search/, JSON text), in the same order, one at a time.

    For a writer that writes each file as it comes and drops it: the texts of all files (41 M characters at
    10,000 units) are then never held at once. The documents are made one at a time in index order, so
    their texts are not held either; only compact posting arrays and the encoded result chunks are.
    """
    rank = {kind: number for number, kind in enumerate(KINDS)}
    heads = [(rank[kind], sort_key(title), url, sequence, make)
             for sequence, ((kind, title, url), make) in enumerate(document_sources(corpus))]
    heads += [(rank[doc.kind], sort_key(doc.title), doc.url, len(heads) + n, functools.partial(_same, doc))
              for n, doc in enumerate(guides)]
    heads.sort(key=lambda head: head[:4])
    docs = (head[4]() for head in heads)
    return _iter_files(docs, lambda facets: _facet_labels(corpus, facets))


def _same(doc: Document) -> Document:
    return doc


def ranking() -> dict:
    """Every number the client scores with (meta.json "ranking"); the field weights are for reading only."""
    return {
        "fields": {"key": KEY_WEIGHT, "title": TITLE_WEIGHT, "report": REPORT_WEIGHT, "year": YEAR_WEIGHT,
                   "context": CONTEXT_WEIGHT, "kind": KIND_WEIGHT, "body_cap": BODY_CAP},
        "exact": EXACT_FACTOR, "folded": FOLDED_FACTOR, "unmarked": UNMARKED_FACTOR,
        "abbreviation": ABBREVIATION_FACTOR,
        "prefix": PREFIX_FACTOR, "prefix_terms": PREFIX_TERMS, "prefix_min_length": PREFIX_MIN_LENGTH,
        "phrase": PHRASE_FACTOR, "coverage_power": COVERAGE_POWER, "order": list(RESULT_ORDER),
    }


def index_files(docs: list[Document], facet_labels=None) -> dict[str, str]:
    """Index files of documents already in their final order (guide pages, if any, last).

    `facet_labels(facets) -> {facet: {value: label}}` names filter values; without it values name themselves.
    """
    return dict(_iter_files(iter(docs), facet_labels))


def _iter_files(docs, facet_labels=None):
    """Index files, one at a time, of documents made one at a time in their final order.

    Postings are kept as flat arrays of 32-bit ints, [document, weight, document, weight, …] per term, in
    document order (a Python list of [document, weight] lists costs ten times as much); each document's
    texts are dropped once it is counted; result chunks are kept encoded until their turn comes.
    """
    folded: dict[str, array] = {}
    exact: dict[str, dict[str, array]] = {}
    pairs: dict[str, dict[str, array]] = {}
    facets: dict[str, dict[str, array]] = defaultdict(dict)
    chunks: list[bytes] = []
    chunk: list[dict] = []
    count, guides_from = 0, None
    for number, doc in enumerate(docs):
        if doc.kind == GUIDE_KIND:
            guides_from = number if guides_from is None else guides_from
        elif guides_from is not None:
            raise ValueError("guide pages must come last in document order")
        folded_w, exact_w, pair_w = _weights(doc)
        for term, weight in folded_w.items():
            _append(folded, term, number, weight)
        for (folded_term, term), weight in exact_w.items():
            _append(exact.setdefault(folded_term, {}), term, number, weight)
        for pair, weight in pair_w.items():
            left, right = pair.split(" ")
            _append(pairs.setdefault(left, {}), right, number, weight)
        _append(facets["kind"], doc.kind, number)
        for name, values in doc.facets.items():
            for value in sorted(set(values)):
                _append(facets[name], value, number)
        chunk.append(_details(doc))
        if len(chunk) == CHUNK_SIZE:
            chunks.append(_json(chunk).encode("utf-8"))
            chunk = []
        count = number + 1
    if chunk:
        chunks.append(_json(chunk).encode("utf-8"))
    del chunk
    guides_from = count if guides_from is None else guides_from
    terms = sorted(folded)
    for term in terms:
        variants, starts = exact.pop(term, {}), pairs.pop(term, {})
        postings = folded.pop(term)
        listed = _top_array(postings)
        yield f"t/{file_name(term)}.json", _json({
            "n": len(postings) // 2,
            "f": listed,
            # a syllable written one way only ('heo', 'gương'): its marked form's list is the folded one, said by 0
            "e": {variant: 0 if len(variants) == 1 and variants[variant] == postings else _top_array(variants[variant])
                  for variant in sorted(variants)},
            "p": {right: _top_array(starts[right]) for right in sorted(starts)},
        })
    for name, values in sorted(facets.items()):
        for value, numbers in sorted(values.items()):
            yield f"f/{name}/{file_name(value)}.json", _json(_gaps(numbers))
    # every facet at once, for the counts the search page shows once its first results are on screen
    yield "f.json", _json({name: {value: _gaps(numbers) for value, numbers in sorted(values.items())}
                           for name, values in sorted(facets.items())})
    for number in range(len(chunks)):
        text, chunks[number] = chunks[number].decode("utf-8"), b""
        yield f"d/{number}.json", text
    by_letter: dict[str, list[str]] = defaultdict(list)
    for term in terms:
        by_letter[term[0]].append(term)
    for letter, letter_terms in sorted(by_letter.items()):
        yield f"v/{file_name(letter)}.json", _json(letter_terms)
    labels, groups = facet_labels(facets) if facet_labels else (
        {name: {value: value for value in sorted(values)} for name, values in facets.items()}, {})
    # what the search page's filters show, fetched with them (a query, or the header box, never needs it)
    yield "facets.json", _json({
        "facets": labels, "groups": groups,
        # records per filter value (guide pages are counted on their own tab), for the page before any search
        "counts": {name: {value: bisect.bisect_left(facets[name].get(value, ()), guides_from)
                          for value in values} for name, values in labels.items()},
    })
    yield "meta.json", _json({
        "version": FORMAT_VERSION, "documents": count, "chunk": CHUNK_SIZE,
        "guides": guides_from, "guide_kind": GUIDE_KIND,
        "max_term_length": MAX_TERM_LENGTH, "ranking": ranking(), "kinds": KINDS, "filters": FILTERS,
        "abbreviations": [[key, [list(form) for form in forms]] for key, forms in abbreviations.forms()],
    })


def _details(doc: Document) -> dict:
    """What a result shows: kind, title, address, its unit (unless it is the unit), province, snippet source;
    empty fields left out."""
    item = {"k": doc.kind, "t": doc.title, "u": doc.url.lstrip("/"), "n": doc.unit if doc.unit != doc.title else "",
            "p": doc.province,
            "x": snippet_source(doc.snippet, UNIT_SNIPPET_CHARS) if doc.snippet else snippet_source(doc.text)}
    return {key: value for key, value in item.items() if value}


def _append(table: dict[str, array], key: str, *numbers: int) -> None:
    found = table.get(key)
    if found is None:
        table[key] = array("i", numbers)
    else:
        found.extend(numbers)


def _top_array(postings: array) -> list[int]:
    """A flat [document, weight, …] array in document order as [gap, weight, …]; a very common term keeps its
    MAX_POSTINGS heaviest."""
    documents, weighed = postings[0::2], postings[1::2]
    if len(documents) > MAX_POSTINGS:
        kept = sorted(sorted(zip(documents, weighed), key=lambda p: (-p[1], p[0]))[:MAX_POSTINGS])
        documents, weighed = [p[0] for p in kept], [p[1] for p in kept]
    flat = [0] * (2 * len(documents))
    flat[0::2] = _gaps(documents)
    flat[1::2] = weighed
    return flat


def _facet_labels(corpus: Corpus, facets) -> tuple[dict[str, dict[str, str]], dict[str, list[dict]]]:
    """Each filter's values with their labels, in Vietnamese alphabetical order, and the groups a select shows
    them in: provinces of today first, then the provinces merged into them in 2025, each saying where it went
    ('Trà Vinh (nay thuộc Vĩnh Long)'), and a province of today saying which it took in."""
    cat = corpus.catalogs
    labels = {
        "kind": {kind: KINDS[kind] for kind in facets.get("kind", {})},
        "province": {p: _province_label(cat.provinces, p) for p in facets.get("province", {}) if p in cat.provinces},
        "level": {level: vocabulary.label("level", level) for level in facets.get("level", {})},
        "unit_kind": {kind: vocabulary.label("unit_kind", kind) for kind in facets.get("unit_kind", {})},
        "field": {f: cat.fields[f].label for f in facets.get("field", {}) if f in cat.fields},
        "topic": {t: cat.lesson_topics[t].label for t in facets.get("topic", {}) if t in cat.lesson_topics},
        "year": {y: y for y in facets.get("year", {})},
        "directive": {d: corpus.directives[d].code or directive_label(corpus.directives[d])
                      for d in facets.get("directive", {}) if d in corpus.directives},
        "theme": {t: theme_label(corpus.themes[t]) for t in facets.get("theme", {}) if t in corpus.themes},
    }
    labels = {name: dict(sorted(values.items(), key=lambda item: sort_key(item[1]))) for name, values in labels.items()}
    provinces = list(labels["province"])
    groups = {"province": [
        {"label": label, "values": [p for p in provinces if bool(cat.provinces[p].successor) == old]}
        for label, old in zip(PROVINCE_GROUPS, (False, True))]}
    return labels, groups


def _province_label(provinces, province_id: str) -> str:
    province = provinces[province_id]
    if province.successor and province.successor in provinces:
        return f"{province.name} (nay thuộc {provinces[province.successor].name})"
    merged = sorted((provinces[p].name for p in province.merged_from or () if p in provinces), key=sort_key)
    return f"{province.name} (gồm cả {', '.join(merged)})" if merged else province.name


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)

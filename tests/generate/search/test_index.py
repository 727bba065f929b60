"""The search index: Vietnamese terms, weights, shards, filters, determinism (golden files)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import GOLDEN, assert_golden
from kb.check.runner import check
from kb.generate.search.documents import Document
from kb.generate.search.index import (
    CONTEXT_WEIGHT,
    KEY_WEIGHT,
    TITLE_WEIGHT,
    _weights,
    build_index,
    decode_gaps,
    decode_postings,
    exact_key,
    tokens,
)


@pytest.fixture
def index(mini_project):
    checked = check(mini_project, today=dt.date(2026, 11, 24))
    return build_index(checked.corpus)


@pytest.mark.parametrize("name", ["meta.json", "t/heo.json", "t/dang.json", "f/province/vinh-long.json"])
def test_index_files_match_golden(index, update_golden, name):
    assert_golden(index[name], GOLDEN / "mini" / "kb-search" / name, update_golden)


def test_index_is_deterministic(mini_project, index):
    again = build_index(check(mini_project, today=dt.date(2026, 11, 24)).corpus)
    assert again == index


def test_terms_are_vietnamese_syllables():
    assert tokens("Nuôi heo đất: tiết kiệm, khuyến học!") == ["nuôi", "heo", "đất", "tiết", "kiệm", "khuyến", "học"]
    assert exact_key("hoà") == exact_key("hòa") == "hoa1"
    assert exact_key("Đất") == "đât4" and exact_key("đạt") == "đat5"


def test_one_shard_per_folded_syllable_holds_its_exact_variants(index):
    shard = json.loads(index["t/dang.json"])
    assert set(shard["e"]) == {"đang2"}  # 'đảng' (Xây dựng Đảng, đảng viên, Đảng bộ) folds to 'dang'
    assert shard["n"] == len(decode_postings(shard["f"])) == 4
    assert "t/đang.json" not in index and "t/dảng.json" not in index


def test_title_match_outweighs_any_body_count(index):
    meta = json.loads(index["meta.json"])
    chunk = json.loads(index["d/0.json"])
    heo = json.loads(index["t/heo.json"])
    weights = {chunk[doc]["t"]: weight for doc, weight in decode_postings(heo["f"])}
    assert weights["Nuôi heo đất tiết kiệm khuyến học, khuyến tài"] >= TITLE_WEIGHT
    assert weights["Huyện ủy Cầu Ngang"] < TITLE_WEIGHT
    assert meta["documents"] == len(chunk)


def test_what_names_a_record_outweighs_a_title_that_cites_it():
    directive = Document("van-ban", "Chỉ thị 05-CT/TW: Về đẩy mạnh học tập", "/van-ban/05-ct-tw/", "", key="05-CT/TW")
    citing = Document("van-ban", "Kết luận 01-KL/TW: Về tiếp tục thực hiện Chỉ thị số 05-CT/TW", "/van-ban/01-kl-tw/",
                      "", key="01-KL/TW")
    assert _weights(directive)[0]["05"] == KEY_WEIGHT > _weights(citing)[0]["05"] == TITLE_WEIGHT
    unit = Document("don-vi", "Huyện ủy Cầu Ngang", "/don-vi/cau-ngang/", "kiểm tra", key="Cầu Ngang",
                    context="Trà Vinh Vĩnh Long")
    model = Document("mo-hinh", "Sản xuất tranh nhôm", "/mo-hinh/x/", "kiểm tra", extra="Trà Vinh")
    assert _weights(unit)[0]["tra"] == CONTEXT_WEIGHT + 1 > _weights(model)[0]["tra"] == 2
    assert _weights(unit)[2]["tra vinh"] == CONTEXT_WEIGHT


def test_phrase_pairs_are_indexed(index):
    heo = json.loads(index["t/heo.json"])
    assert "dat" in heo["p"]


def test_filters_list_documents_including_the_successor_province(index):
    chunk = json.loads(index["d/0.json"])
    in_vinh_long = {chunk[doc]["t"] for doc in decode_gaps(json.loads(index["f/province/vinh-long.json"]))}
    assert "Huyện ủy Cầu Ngang" in in_vinh_long  # Trà Vinh's units are found under its successor too
    kinds = json.loads(index["meta.json"])["facets"]["kind"]
    assert list(kinds) == ["chuyen-de", "don-vi", "kinh-nghiem", "mo-hinh", "van-ban"]


def test_a_unit_result_shows_the_models_that_found_it(index):
    chunk = json.loads(index["d/0.json"])
    unit = next(item for item in chunk if item["k"] == "don-vi" and item["t"] == "Huyện ủy Cầu Ngang")
    assert "Mô hình: " in unit["x"] and "Nuôi heo đất tiết kiệm khuyến học, khuyến tài" in unit["x"]


def test_result_details_are_plain_data(index):
    for item in json.loads(index["d/0.json"]):
        assert set(item) == {"k", "t", "u", "n", "p", "x"}
        assert not item["u"].startswith("/")


def test_lists_are_stored_as_gaps():
    from kb.generate.search.index import _gaps, _top
    assert _top([[7, 1], [3, 10], [12, 2]]) == [3, 10, 4, 1, 5, 2]
    assert decode_postings([3, 10, 4, 1, 5, 2]) == [(3, 10), (7, 1), (12, 2)]
    assert decode_gaps(_gaps([2, 5, 6, 40])) == [2, 5, 6, 40]


def test_meta_carries_every_ranking_number_the_client_uses(index):
    from kb.generate.search import index as search
    ranking = json.loads(index["meta.json"])["ranking"]
    assert ranking == search.ranking()
    assert ranking["exact"] == search.EXACT_FACTOR and ranking["phrase"] == search.PHRASE_FACTOR
    assert ranking["coverage_power"] == search.COVERAGE_POWER and ranking["prefix_terms"] == search.PREFIX_TERMS
    assert ranking["fields"] == {"key": KEY_WEIGHT, "title": TITLE_WEIGHT, "context": search.CONTEXT_WEIGHT,
                                 "body_cap": search.BODY_CAP}
    assert ranking["guide"] == search.GUIDE_FACTOR and ranking["full_match_first"] is search.FULL_MATCH_FIRST


@pytest.mark.parametrize("markdown, plain", [
    ("Một **mô hình** [hay](https://example.org/a_b) và *nghiêng*", "Một mô hình hay và nghiêng"),
    ("---\ntitle: x\n---\n# Tiêu đề {#id}\n\nĐoạn văn.", "Tiêu đề Đoạn văn."),
    ("| Mã | Nghĩa |\n| --- | :---: |\n| KB203 | thiếu |", "Mã Nghĩa KB203 thiếu"),
    ("Trên\n\n---\n\nDưới\n\n***", "Trên Dưới"),
    ("- một\n* hai\n1. ba\n> trích dẫn", "một hai ba trích dẫn"),
    ('!!! note "Ghi chú"\n    nội dung', '"Ghi chú" nội dung'),
    ('<div class="kb" markdown="0"><b>đậm</b> &amp; <script>alert(1)</script></div>', "đậm &"),
    ("![ảnh chụp](assets/a.png) `kb check` trường_hợp snake_case", "ảnh chụp kb check trường_hợp snake_case"),
    ("Chỉ thị 05-CT/TW (năm 2016), 4.800 lượt; 98,8%", "Chỉ thị 05-CT/TW (năm 2016), 4.800 lượt; 98,8%"),
])
def test_markup_is_stripped_before_indexing(markdown, plain):
    from kb.generate.search.documents import plain_text
    assert plain_text(markdown) == plain


def test_guide_pages_are_indexed_and_shown_without_markup():
    from kb.generate.search.documents import guide_document
    from kb.generate.search.index import index_files
    guide = guide_document("Mã lỗi", "/huong-dan/ma-loi/", "# Mã lỗi\n\n| Mã | Nghĩa |\n| --- | --- |\n| **KB203** | [x](y) |")
    record = Document("mo-hinh", "Nuôi heo đất", "/mo-hinh/x/", "tiết kiệm")
    files = index_files([record, guide])
    meta = json.loads(files["meta.json"])
    assert meta["guides"] == 1 and meta["guide_kind"] == "huong-dan"
    assert json.loads(files["d/0.json"])[1]["x"] == "Mã lỗi Mã Nghĩa KB203 x"
    assert "t/y.json" not in files  # a link target is not a word of the page
    with pytest.raises(ValueError):
        index_files([guide, record])  # guide pages come last: the client cuts the records off at meta.guides


def test_filter_counts_for_the_page_before_any_search(index):
    meta = json.loads(index["meta.json"])
    assert [f["param"] for f in meta["filters"]] == ["loai", "tinh", "cap", "linh-vuc", "chu-de", "nam", "van-ban",
                                                      "chuyen-de"]
    assert set(meta["counts"]) == set(meta["facets"])
    for name, values in meta["facets"].items():
        for value in values:
            assert meta["counts"][name][value] == len(decode_gaps(json.loads(index[f"f/{name}/{value}.json"])))


def test_iter_index_yields_build_index_files_in_order(mini_project):
    from kb.generate.search.documents import guide_document
    from kb.generate.search.index import iter_index
    corpus = check(mini_project, today=dt.date(2026, 11, 24)).corpus
    guides = [guide_document("Mã lỗi", "/huong-dan/ma-loi/", "# Mã lỗi\n\nMột **mã** lỗi KB203.")]
    files = build_index(corpus, guides)
    yielded = list(iter_index(corpus, guides))
    assert [name for name, _ in yielded] == list(files)
    assert dict(yielded) == files
    assert json.loads(files["meta.json"])["guides"] == json.loads(files["meta.json"])["documents"] - 1


def test_index_bytes_do_not_depend_on_the_hash_seed(mini_project):
    import hashlib
    import os
    import subprocess
    import sys
    program = ("import datetime as dt, hashlib, sys; from pathlib import Path; from kb.check.runner import check; "
               "from kb.generate.search.index import build_index; "
               "files = build_index(check(Path(sys.argv[1]), today=dt.date(2026, 11, 24)).corpus); "
               "print(hashlib.sha256(repr(list(files.items())).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", program, str(mini_project)], check=True, capture_output=True,
                              text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    expected = build_index(check(mini_project, today=dt.date(2026, 11, 24)).corpus)
    assert digests == {hashlib.sha256(repr(list(expected.items())).encode()).hexdigest() + "\n"}

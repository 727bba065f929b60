"""The search index: Vietnamese terms in phrases, abbreviations, weights, shards, file names, filters, determinism.

The index of the mini corpus is held to a golden of its shape (every file name, the structure of each kind of
file) and of a few files; what the rest says is tested by the queries a reader types (tests/js, test_relevance).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

import pytest
from conftest import GOLDEN, assert_golden
from kb.check.runner import check
from kb.generate.search.documents import MODEL_EDITOR_FIELDS, MODEL_READER_FIELDS, Document
from kb.generate.search.index import (
    CONTEXT_WEIGHT,
    KEY_WEIGHT,
    REPORT_WEIGHT,
    TITLE_WEIGHT,
    YEAR_WEIGHT,
    _weights,
    build_index,
    decode_gaps,
    decode_postings,
    exact_key,
    index_files,
    tokens,
)
from kb.generate.search.terms import abbreviation_keys, file_name, phrases
from kb.model import schema
from kb.text import abbreviations
from kb.text.vietnamese import fold

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def index(mini_project):
    checked = check(mini_project, today=TODAY)
    return build_index(checked.corpus)


@pytest.mark.parametrize("name", ["meta.json", "facets.json", "t/heo.json", "t/dang.json", "f/province/vinh-long.json"])
def test_index_files_match_golden(index, update_golden, name):
    assert_golden(index[name], GOLDEN / "mini" / "kb-search" / name, update_golden)


def _skeleton(value) -> str:
    """The structure of a JSON value: every key of a record ({k: str, t: str}), one entry of a table keyed by
    data (a syllable's variants, a facet's values) and of a list."""
    if isinstance(value, dict):
        record = all(len(key) <= 2 for key in value)
        shown = list(value.items()) if record else list(value.items())[:1]
        return "{" + ", ".join(f"{key}: {_skeleton(inner)}" for key, inner in shown) + \
            ("}" if record or len(value) < 2 else ", …}")
    if isinstance(value, list):
        return "[" + (_skeleton(value[0]) + ", …" if value else "") + "]"
    return type(value).__name__


def index_shape(files: dict[str, str]) -> str:
    """Every file name of the index, by folder, with the structure of the folder's first file: what does not
    change when a weight does."""
    folders: dict[str, list[str]] = defaultdict(list)
    for name in files:
        folder, _, base = name.rpartition("/")
        folders[folder].append(base)
    lines = []
    for folder, names in sorted(folders.items()):
        names.sort()
        first = json.loads(files[f"{folder}/{names[0]}" if folder else names[0]])
        lines.append(f"{folder or '.'}/ ({len(names)} tệp) {_skeleton(first) if folder else ''}".rstrip())
        lines += [f"  {name}" for name in names]
    return "\n".join(lines) + "\n"


def test_index_shape_matches_golden(index, update_golden):
    assert_golden(index_shape(index), GOLDEN / "mini" / "kb-search" / "shape.txt", update_golden)


def test_index_is_deterministic(mini_project, index):
    again = build_index(check(mini_project, today=TODAY).corpus)
    assert again == index


def test_terms_are_vietnamese_syllables():
    assert tokens("Nuôi heo đất: tiết kiệm, khuyến học!") == ["nuôi", "heo", "đất", "tiết", "kiệm", "khuyến", "học"]
    assert exact_key("hoà") == exact_key("hòa") == "hoa1"
    assert exact_key("Đất") == "đât4" and exact_key("đạt") == "đat5"
    assert fold("Trường THPT Lê Quý Ðôn") == fold("Trường THPT Lê Quý Đôn")  # the eth of old code pages is 'đ'


@pytest.mark.parametrize("text, expected", [
    ("bảo vệ môi trường. Học sinh", [["bảo", "vệ", "môi", "trường"], ["học", "sinh"]]),
    ("tư tưởng, đạo đức, phong cách", [["tư", "tưởng"], ["đạo", "đức"], ["phong", "cách"]]),
    ("Chỉ thị 05-CT/TW (năm 2016)", [["chỉ", "thị", "05", "ct", "tw"], ["năm", "2016"]]),
    ("Bệnh viện Da liễu TP.HCM - Saigon Co.op", [["bệnh", "viện", "da", "liễu", "tp", "hcm", "saigon", "co", "op"]]),
    ("Phòng Giáo dục – Đào tạo; 4.800 lượt", [["phòng", "giáo", "dục", "đào", "tạo"], ["4", "800", "lượt"]]),
    ("chuyên mục “Học tập và làm theo”", [["chuyên", "mục"], ["học", "tập", "và", "làm", "theo"]]),
    ("một dòng\nmột dòng khác", [["một", "dòng"], ["một", "dòng", "khác"]]),
    ("a " + "x" * 41 + " b", [["a"], ["b"]]),
])
def test_punctuation_and_new_lines_end_a_phrase(text, expected):
    assert phrases(text) == expected


def test_pairs_are_indexed_within_a_phrase_only():
    files = index_files([Document("mo-hinh", "Bảo vệ môi trường. Học sinh giỏi", "/a/", "")])
    truong = json.loads(files["t/truong.json"])
    assert "hoc" not in truong["p"] and json.loads(files["t/hoc.json"])["p"] == {"sinh": [0, TITLE_WEIGHT]}


def test_abbreviations_are_indexed_under_one_key_both_ways():
    docs = [Document("don-vi", "Trường THCS Vân Cơ", "/a/", ""),
            Document("don-vi", "Trường Trung học cơ sở Vĩnh Thạnh", "/b/", "học sinh trung học cơ sở"),
            Document("van-ban", "Chỉ thị 05-CT/TW", "/c/", ""),
            Document("mo-hinh", "Trung học, cơ sở", "/d/", "")]  # parted by a comma: not the abbreviation
    files = index_files(docs)
    assert decode_postings(json.loads(files["t/thcs.json"])["f"]) == [(0, TITLE_WEIGHT), (1, TITLE_WEIGHT + 1)]
    assert [doc for doc, _ in decode_postings(json.loads(files["t/cttw.json"])["f"])] == [2]
    meta = json.loads(files["meta.json"])
    assert ["thcs", [["thcs"], ["trung", "hoc", "co", "so"]]] in meta["abbreviations"]
    assert abbreviation_keys(["hoc", "sinh", "trung", "hoc", "co", "so", "dang"]) == ["thcs"]
    assert abbreviation_keys(["to", "chuc", "co", "so", "dang"]) == ["tccsd"]  # the longest form first


# A Vietnamese syllable: initial consonants, vowels, a final consonant. An abbreviation of one word that
# could be one would be searched as that syllable's every form ('TU' for Tỉnh ủy: 'tu', 'tư', 'tự').
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(ch|ng|nh|[cmnpt])?")


def test_the_abbreviation_table_is_sound():
    required = {"THCS", "THPT", "CCB", "MTTQ", "HĐND", "UBND", "BCH", "BTV", "TCCS", "ĐVTN", "LLVT", "CAND", "QĐND",
                "CT/TW"}
    assert required <= set(abbreviations.ABBREVIATIONS)
    keys = [key for key, _ in abbreviations.forms()]
    assert len(keys) == len(set(keys)), "hai chữ viết tắt cùng một khoá"
    for abbreviation, expansions in abbreviations.ABBREVIATIONS.items():
        words = tokens(abbreviation)
        assert len(words) > 1 or not _SYLLABLE.fullmatch(fold(words[0])), f"{abbreviation} trùng một âm tiết"
        for expansion in expansions:
            assert len(tokens(expansion)) >= 2 and len(phrases(expansion)) == 1, expansion


def test_the_guide_shows_the_abbreviation_table_of_the_code():
    from conftest import REPO
    section = (REPO / "docs" / "ve-tim-kiem.md").read_text(encoding="utf-8").split("### Bảng chữ viết tắt", 1)[1]
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", section, re.MULTILINE)[2:]  # after the header and its rule
    assert {short: tuple(full.split("; ")) for short, full in rows} == abbreviations.ABBREVIATIONS


@pytest.mark.parametrize("key", ["con", "nul", "com1", "lpt9", "aux", "prn", "CON", "σ", "ς", "ı", "Ǳ", "𝐀" * 40])
def test_file_names_are_never_names_windows_reserves(key):
    name = file_name(key)
    assert re.fullmatch(r"_[0-9a-z]+(-[0-9a-z]+)*", name) and len(name.encode()) < 250, name
    assert "".join(chr(int(part, 36)) for part in name[1:].split("-")) == key  # one name, one key
    assert file_name("con") == "_2r-33-32"


@pytest.mark.parametrize("key", ["heo", "2019", "tra-vinh", "i", "cttw", "console", "com10", "nul1"])
def test_plain_keys_name_their_file(key):
    assert file_name(key) == key


def test_no_index_file_has_a_reserved_or_clashing_name():
    words = "con nul com1 lpt1 aux prn Σσς ı i Ǳ"
    files = index_files([Document("mo-hinh", "Con đường", "/a/", words, facets={"topic": ["con", "nul"]})])
    seen = set()
    for name in files:
        for part in name.split("/"):
            base = part.split(".")[0]
            assert not re.fullmatch(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", base, re.IGNORECASE), name
        assert name.lower() not in seen and name.upper().lower() not in seen, name
        seen.add(name.lower())
        assert re.fullmatch(r"[a-z0-9_./-]+", name), name  # plain ASCII: a zip opens the same everywhere
    assert "t/_2r-33-32.json" in files and "f/topic/_32-39-30.json" in files


def test_one_shard_per_folded_syllable_holds_its_exact_variants(index):
    shard = json.loads(index["t/dang.json"])
    assert set(shard["e"]) == {"đang2"}  # 'đảng' (Xây dựng Đảng, đảng viên, Đảng bộ) folds to 'dang'
    assert shard["n"] == len(decode_postings(shard["f"])) == 4
    assert "t/đang.json" not in index and "t/dảng.json" not in index


def test_a_syllable_written_one_way_keeps_one_list():
    files = index_files([Document("mo-hinh", "Gương mẫu", "/a/", "gương"), Document("mo-hinh", "Đạt chuẩn", "/b/", "đất")])
    assert json.loads(files["t/guong.json"])["e"] == {"gương": 0}  # 0: the folded list is the marked form's
    assert json.loads(files["t/dat.json"])["e"] == {"đat5": [1, TITLE_WEIGHT], "đât4": [1, 1]}  # two forms, two lists


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
                    context="Trà Vinh\nVĩnh Long")
    model = Document("mo-hinh", "Sản xuất tranh nhôm", "/mo-hinh/x/", "kiểm tra", extra="Trà Vinh")
    assert _weights(unit)[0]["tra"] == CONTEXT_WEIGHT + 1 > _weights(model)[0]["tra"] == 2
    assert _weights(unit)[2]["tra vinh"] == CONTEXT_WEIGHT
    assert "vinh vinh" not in _weights(unit)[2]  # two province names are two phrases


def test_a_unit_is_found_by_the_documents_it_reports_under(index):
    chunk = json.loads(index["d/0.json"])
    code = {chunk[doc]["t"]: weight for doc, weight in decode_postings(json.loads(index["t/05.json"])["f"])}
    assert code["Chỉ thị 05-CT/TW: Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"] \
        >= KEY_WEIGHT
    assert code["Huyện ủy Cầu Ngang"] >= REPORT_WEIGHT  # it reports under 05-CT/TW, its summary names it once
    unit = next(item for item in chunk if item["t"] == "Huyện ủy Cầu Ngang")
    assert "Thực hiện: Chỉ thị 05-CT/TW." in unit["x"]  # the snippet says why


def test_what_a_record_is_counts_as_one_of_its_words():
    """'mô hình heo đất' has every word in a model about heo đất; 'trường học Phú Thọ' in the school there."""
    from kb.generate.search.index import KIND_WEIGHT
    model = Document("mo-hinh", "Nuôi heo đất", "/mo-hinh/x/", "tiết kiệm")
    school = Document("don-vi", "Trường THCS Vân Cơ", "/don-vi/y/", "", labels="Trường học")
    assert _weights(model)[0]["hinh"] == KIND_WEIGHT and _weights(model)[2]["mo hinh"] == KIND_WEIGHT
    assert _weights(school)[2]["truong hoc"] == KIND_WEIGHT and "co truong" not in _weights(school)[2]


def test_a_year_query_finds_every_record_the_year_filter_lists(index):
    for year in json.loads(index["facets.json"])["facets"]["year"]:
        listed = set(decode_gaps(json.loads(index[f"f/year/{year}.json"])))
        found = {doc: weight for doc, weight in decode_postings(json.loads(index[f"t/{year}.json"])["f"])}
        assert listed <= set(found), year
        assert all(found[doc] >= YEAR_WEIGHT for doc in listed), year


def test_phrase_pairs_are_indexed(index):
    heo = json.loads(index["t/heo.json"])
    assert "dat" in heo["p"]


def test_filters_list_documents_including_the_successor_province(index):
    chunk = json.loads(index["d/0.json"])
    in_vinh_long = {chunk[doc]["t"] for doc in decode_gaps(json.loads(index["f/province/vinh-long.json"]))}
    assert "Huyện ủy Cầu Ngang" in in_vinh_long  # Trà Vinh's units are found under its successor too
    assert list(json.loads(index["facets.json"])["facets"]["kind"]) == ["chuyen-de", "don-vi", "kinh-nghiem", "mo-hinh",
                                                                        "van-ban"]


def test_the_province_filter_says_which_provinces_overlap(index):
    meta = json.loads(index["facets.json"])
    labels = meta["facets"]["province"]
    assert labels["tra-vinh"] == "Trà Vinh (nay thuộc Vĩnh Long)"
    assert labels["vinh-long"].startswith("Vĩnh Long (gồm cả ") and "Trà Vinh" in labels["vinh-long"]
    now, old = meta["groups"]["province"]
    assert "vinh-long" in now["values"] and "tra-vinh" in old["values"] and "hiện nay" in now["label"]
    assert sorted(now["values"] + old["values"]) == sorted(labels)


def test_unit_kind_and_level_filters_carry_the_schema_labels(index):
    assert {"name": "unit_kind", "param": "loai-don-vi", "label": "Loại đơn vị"} in json.loads(index["meta.json"])["filters"]
    meta = json.loads(index["facets.json"])
    assert meta["facets"]["unit_kind"] == {"dia-phuong": "Cấp ủy, chính quyền địa phương"}
    assert meta["facets"]["level"] == {"huyen": "Cấp huyện"}
    of_units = sum(meta["counts"]["kind"][kind] for kind in ("don-vi", "mo-hinh", "kinh-nghiem"))
    assert meta["counts"]["unit_kind"]["dia-phuong"] == of_units  # every unit of the mini corpus, and its items


def test_one_file_holds_every_filter_list_for_the_counts(index):
    bundle = json.loads(index["f.json"])
    for name, values in bundle.items():
        for value, gaps in values.items():
            assert gaps == json.loads(index[f"f/{name}/{file_name(value)}.json"]), (name, value)


def test_a_unit_result_shows_the_models_that_found_it(index):
    chunk = json.loads(index["d/0.json"])
    unit = next(item for item in chunk if item["k"] == "don-vi" and item["t"] == "Huyện ủy Cầu Ngang")
    assert "Mô hình: " in unit["x"] and "Nuôi heo đất tiết kiệm khuyến học, khuyến tài" in unit["x"]


def test_result_details_are_plain_data(index):
    for item in json.loads(index["d/0.json"]):
        assert {"k", "t", "u"} <= set(item) <= {"k", "t", "u", "n", "p", "x"} and all(item.values())
        assert not item["u"].startswith("/")
        assert item.get("n") != item["t"]  # a unit's own name is not repeated under it


def _text_fields(node: dict) -> set[str]:
    return {name for name, spec in node["properties"].items()
            if spec.get("$ref") in ("#/$defs/text", "#/$defs/excerpt")}


def test_every_text_field_of_a_model_is_either_reader_or_editor_text():
    model = schema.schema("unit")["$defs"]["model"]
    assert _text_fields(model) == set(MODEL_READER_FIELDS) | set(MODEL_EDITOR_FIELDS) | {"title"}


def test_editor_notes_are_never_searched_nor_shown(mini_project):
    unit = mini_project / "records" / "units" / "tra-vinh" / "cau-ngang.md"
    text = unit.read_text(encoding="utf-8")
    text = text.replace('    author: "Phú Lũy"\n', '    author: "Phú Lũy"\n    note: "ghichunguon bài không ghi tỉnh"\n')
    text = text.replace('    field: giao-duc\n', '    field: giao-duc\n    summary: "Học sinh bỏ heo đất."\n'
                        '    how: "Mỗi lớp một con heo."\n    note: "ghichumohinh suy ra từ ảnh"\n')
    unit.write_text(text, encoding="utf-8")
    checked = check(mini_project, today=TODAY)
    assert not checked.errors, checked.errors
    files = build_index(checked.corpus)
    assert "t/mohinh.json" not in files and not any(name.startswith("t/ghichu") for name in files)
    assert not any("ghichu" in text for text in files.values())
    model = next(item for item in json.loads(files["d/0.json"]) if item["t"].startswith("Nuôi heo đất"))
    assert model["x"].startswith("Học sinh bỏ heo đất.\nMỗi lớp một con heo.")  # reader text, in page order


def test_lists_are_stored_as_gaps():
    from array import array

    from kb.generate.search import index as search
    from kb.generate.search.index import _gaps, _top_array
    assert _top_array(array("i", [3, 10, 7, 1, 12, 2])) == [3, 10, 4, 1, 5, 2]
    heavy = array("i", [n for document in range(search.MAX_POSTINGS + 2) for n in (document, 1 + (document == 5))])
    kept = decode_postings(_top_array(heavy))
    assert len(kept) == search.MAX_POSTINGS and (5, 2) in kept  # a very common term keeps its heaviest
    assert decode_postings([3, 10, 4, 1, 5, 2]) == [(3, 10), (7, 1), (12, 2)]
    assert decode_gaps(_gaps([2, 5, 6, 40])) == [2, 5, 6, 40]


def test_meta_carries_every_ranking_number_the_client_uses(index):
    from kb.generate.search import index as search
    ranking = json.loads(index["meta.json"])["ranking"]
    assert ranking == search.ranking()
    assert ranking["exact"] == search.EXACT_FACTOR and ranking["phrase"] == search.PHRASE_FACTOR
    assert ranking["coverage_power"] == search.COVERAGE_POWER and ranking["prefix_terms"] == search.PREFIX_TERMS
    assert ranking["abbreviation"] == search.ABBREVIATION_FACTOR
    assert ranking["fields"] == {"key": KEY_WEIGHT, "title": TITLE_WEIGHT, "report": REPORT_WEIGHT,
                                 "year": YEAR_WEIGHT, "context": search.CONTEXT_WEIGHT, "kind": search.KIND_WEIGHT,
                                 "body_cap": search.BODY_CAP}
    assert ranking["order"] == ["records", "full", "words", "exact", "score"] == list(search.RESULT_ORDER)


@pytest.mark.parametrize("markdown, plain", [
    ("Một **mô hình** [hay](https://example.org/a_b) và *nghiêng*", "Một mô hình hay và nghiêng"),
    ("---\ntitle: x\n---\n# Tiêu đề {#id}\n\nĐoạn văn.", "Tiêu đề\nĐoạn văn."),
    ("| Mã | Nghĩa |\n| --- | :---: |\n| KB203 | thiếu |", "Mã\nNghĩa\nKB203\nthiếu"),
    ("Trên\n\n---\n\nDưới\n\n***", "Trên\nDưới"),
    ("- một\n* hai\n1. ba\n> trích dẫn", "một\nhai\nba\ntrích dẫn"),
    ('!!! note "Ghi chú"\n    nội dung', '"Ghi chú" nội dung'),
    ('<div class="kb" markdown="0"><b>đậm</b> &amp; <script>alert(1)</script></div>', "đậm &"),
    ("![ảnh chụp](assets/a.png) `kb check` trường_hợp snake_case", "ảnh chụp kb check trường_hợp snake_case"),
    ("Chỉ thị 05-CT/TW (năm 2016), 4.800 lượt; 98,8%", "Chỉ thị 05-CT/TW (năm 2016), 4.800 lượt; 98,8%"),
    ("Một câu xuống dòng\ngiữa đoạn vẫn là một đoạn.", "Một câu xuống dòng giữa đoạn vẫn là một đoạn."),
])
def test_markup_is_stripped_before_indexing(markdown, plain):
    from kb.generate.search.documents import plain_text
    assert plain_text(markdown) == plain


def test_guide_pages_are_indexed_and_shown_without_markup():
    from kb.generate.search.documents import guide_document
    guide = guide_document("Mã lỗi", "/huong-dan/ma-loi/", "# Mã lỗi\n\n| Mã | Nghĩa |\n| --- | --- |\n| **KB203** | [x](y) |")
    record = Document("mo-hinh", "Nuôi heo đất", "/mo-hinh/x/", "tiết kiệm")
    files = index_files([record, guide])
    meta = json.loads(files["meta.json"])
    assert meta["guides"] == 1 and meta["guide_kind"] == "huong-dan"
    assert json.loads(files["d/0.json"])[1]["x"] == "Mã lỗi\nMã\nNghĩa\nKB203\nx"
    assert "t/y.json" not in files  # a link target is not a word of the page
    with pytest.raises(ValueError):
        index_files([guide, record])  # guide pages come last: the client cuts the records off at meta.guides


def test_filter_counts_for_the_page_before_any_search(index):
    assert [f["param"] for f in json.loads(index["meta.json"])["filters"]] == [
        "loai", "tinh", "cap", "loai-don-vi", "linh-vuc", "chu-de", "nam", "van-ban", "chuyen-de"]
    meta = json.loads(index["facets.json"])
    assert set(meta["counts"]) == set(meta["facets"])
    for name, values in meta["facets"].items():
        for value in values:
            assert meta["counts"][name][value] == len(decode_gaps(json.loads(index[f"f/{name}/{value}.json"])))


def test_iter_index_yields_build_index_files_in_order(mini_project):
    from kb.generate.search.documents import guide_document
    from kb.generate.search.index import iter_index
    corpus = check(mini_project, today=TODAY).corpus
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
    expected = build_index(check(mini_project, today=TODAY).corpus)
    assert digests == {hashlib.sha256(repr(list(expected.items())).encode()).hexdigest() + "\n"}

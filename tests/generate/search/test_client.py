"""The browser client normalises text exactly as the Python side that built the index."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata

import pytest
from conftest import REPO
from kb.check.runner import check
from kb.generate.search.index import exact_key, tokens
from kb.generate.search.terms import file_name, phrases
from kb.text.vietnamese import fold
from kb.tools import relevance
from kb.tools.synthetic import write_search_site

pytestmark = pytest.mark.skipif(not os.path.exists(relevance.chromium_path()) and not os.environ.get("CI"),
                                reason="cần Chromium của Debian; CI luôn cài")

SAMPLES = [
    "Nuôi heo đất tiết kiệm khuyến học, khuyến tài", "NUÔI HEO ĐẤT", "Đảng viên", "đa dạng", "đạt", "đất",
    "hoà", "hòa", "HOÀ", "uỷ viên", "ủy viên", "Thuỷ", "thủy", "khoẻ", "khỏe", "người đứng đầu",
    unicodedata.normalize("NFD", "người đứng đầu"), unicodedata.normalize("NFD", "Quận uỷ Gò Vấp"),
    "05-CT/TW", "Chỉ thị 05-CT/TW", "98,8%", "4.800 lượt", "Phó Bí thư Đoàn xã Vinh Kim",
    "tài nguyên & môi trường", "“học tập, làm theo”", "x" * 41, "Ăn Ân Ơ Ư Ê Ô Đ", "Lê Quý Ðôn",
    "bảo vệ môi trường. Học sinh", "Bệnh viện Da liễu TP.HCM - Saigon Co.op", "Phòng Giáo dục – Đào tạo; 4.800",
    "GD&ĐT, GD & ĐT", "(năm 2023, suy ra)", "một\nhai", "a " + "y" * 41 + " b", "con nul com1 lpt9 aux prn CON",
    "σ ς ı Ǳ 𝐀", "Chỉ thị 05-CT/TW: “học tập”!",
]


def test_fold_exact_key_tokens_phrases_and_file_names_agree_with_python(mini_project, browser_page):
    page = browser_page(mini_project)
    got = page.evaluate("""async samples => {
        const meta = await (await fetch("../kb-search/meta.json")).json();
        const words = s => window.kbSearch.tokenize(s, meta.max_term_length);
        return samples.map(s => ({fold: window.kbSearch.fold(s), tokens: words(s), keys: words(s).map(window.kbSearch.exactKey),
                                  phrases: window.kbSearch.phrases(s, meta.max_term_length),
                                  names: words(s).map(w => window.kbSearch.fileName(window.kbSearch.fold(w)))}));
    }""", SAMPLES)
    for sample, result in zip(SAMPLES, got, strict=True):
        words = tokens(sample)
        assert result["fold"] == fold(sample), sample
        assert result["tokens"] == words, sample
        assert result["keys"] == [exact_key(word) for word in words], sample
        assert result["phrases"] == phrases(sample), sample
        assert result["names"] == [file_name(fold(word)) for word in words], sample


@pytest.fixture
def browser_page(tmp_path):
    """A page of a bare search site built from a project, with the client loaded."""
    contexts = []

    def open_page(project):
        checked = check(project, today=dt.date(2026, 11, 24))
        site = tmp_path / "site"
        write_search_site(checked.corpus, site, REPO / "docs" / "assets" / "kb-search.js")
        context = relevance.serve(site)
        base_url = context.__enter__()
        contexts.append(context)
        pages = relevance.browser_page(base_url)
        page = pages.__enter__()
        contexts.append(pages)
        return page

    yield open_page
    for context in reversed(contexts):
        context.__exit__(None, None, None)

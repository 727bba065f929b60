"""Whatever the input, `kb import` answers with a draft or a Vietnamese message — never a traceback."""

from __future__ import annotations

import io

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from kb.intake.article.command import import_all

PIECES = ["Huyện ủy Cầu Ngang", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "12/05/2009 - 09:34",
          "“Mô hình mẫu” của Chi bộ ấp 1;", "Một là,", "Thứ hai,", "40/45", "98,8%", "10.537 lượt", "Chỉ thị 05",
          "TIN LIÊN QUAN", "Chia sẻ bài viết", "<p>", "</div>", "\x00", "\r\n", "\ufeff", "tỉnh Bến Tre", "năm 2018", "."]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=60))
def test_random_input_gives_a_draft_or_a_message(tmp_path_factory, pieces):
    text = " ".join(pieces)
    stdin = io.BytesIO(text.encode("utf-8", errors="surrogatepass"))
    [done] = import_all(REPO, ["-"], dry_run=True, stdin=stdin)
    assert done.lines or done.problem
    assert "lỗi của chương trình" not in (done.problem or ""), done.problem

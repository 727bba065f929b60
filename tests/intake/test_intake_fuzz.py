"""`kb from-issue` on generated form bodies and `kb import` on generated HTML and bytes (hypothesis): always an
answer in Vietnamese — never a traceback, never the importer's "lỗi của chương trình", never a comment that acts
on GitHub or carries a control character, never a draft holding a character `kb check` refuses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kb.check.load import split_record
from kb.check.validate import validate
from kb.intake import fromissue
from kb.intake.article.command import import_all
from kb.intake.article.read import read_bytes
from kb.text.characters import REFUSED

ISSUES = Path(__file__).resolve().parents[1] / "fixtures" / "issues"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
VALID = (ISSUES / "de-xuat-hop-le.md").read_text(encoding="utf-8")
HEADINGS = re.findall(r"^### (.+)$", VALID, re.M)
ACTS_ON_GITHUB = re.compile(r"(?<![\w/])#[0-9]|@[A-Za-z0-9]|\bGH-[0-9]|github\.com/", re.I)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])

HOSTILE_BITS = ["Fixes #1", "org/repo#2", "@ai-do", "GH-7", "https://github.com/o/r/issues/3", "<script>", "\x00",
                "\x1b[2K", "\ufffe", "\u202e", "### Cấp (level)", "_No response_", "—", " — ", "1.5", "12.3456",
                "1,500", "9" * 5000, "4.800", "98,8%", "2022", "tập thể", "Giáo dục, khuyến học", "Một là,", "\n\n",
                "```", "\\", "\"", "'", "&lt;", "[x](javascript:alert(1))", "𝐀" * 80, "index", "trang-2"]
answer = st.lists(st.one_of(st.sampled_from(HOSTILE_BITS), st.text(max_size=40)), max_size=6).map("".join)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "p")
    return tmp_path / "p"


def _answer_comment(outcome) -> None:
    assert outcome.code in (0, 1) and isinstance(outcome.comment, str) and outcome.comment.strip()
    assert not ACTS_ON_GITHUB.search(outcome.comment), outcome.comment
    assert not REFUSED.search(outcome.comment)


@FAST
@given(st.dictionaries(st.sampled_from(HEADINGS), answer, max_size=6))
def test_record_forms_with_any_answers_get_a_comment(tree, answers):
    body = VALID
    for heading, text in answers.items():
        body = re.sub(rf"(### {re.escape(heading)}\n\n)[^\n]*", lambda m: m.group(1) + text.replace("\\", "\\\\"),
                      body)
    _answer_comment(fromissue.run(tree, body, write=False))
    assert not list((tree / "records/units").rglob("hiep-my-dong*.md"))  # a dry run keeps nothing


@FAST
@given(st.lists(st.one_of(st.sampled_from(["### Địa chỉ bài báo", "### Nội dung bài (nếu không có đường dẫn)",
                                           "### Người gửi", "_No response_", "ftp://x.invalid/a", "http://127.0.0.1/",
                                           "http://[::1]/", "file:///etc/passwd"] + HOSTILE_BITS),
                          st.text(max_size=60)), max_size=12).map("\n\n".join))
def test_article_forms_with_any_body_get_a_comment(tree, body):
    _answer_comment(fromissue.run(tree, body, write=False))


TAGS = ["p", "div", "article", "h1", "h2", "span", "table", "td", "script", "style", "a", "img", "svg", "iframe",
        "time", "meta", "title", "noscript", "template"]
TEXT_BITS = ["Huyện ủy Cầu Ngang", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Chỉ thị 05-CT/TW",
             "15/06/2020", "mô hình “Mỗi đảng viên một việc làm tốt”", "Một là,", "214 mô hình", "98,8%", "&#1;",
             "&#xD800;", "&#x110000;", "&#xFFFE;", "&amp;", "&nbsp;", "\x01", "\x85", "\ufffe", "𝐀" * 20,
             "<!-- x -->", "<![CDATA[x]]>", "<", ">", "\"", "Fixes #1", "9" * 5000, "javascript:alert(1)"]


ARTICLE = """Cầu Ngang sơ kết một năm thực hiện chuyên đề

15/06/2020 - 08:00

Ban Thường vụ Huyện ủy Cầu Ngang tổ chức sơ kết một năm học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, gắn với xây dựng Đảng trong sạch, vững mạnh ở các chi bộ và đảng bộ cơ sở trong toàn huyện.

Huyện ủy Cầu Ngang cho biết toàn huyện có 25/27 chi, đảng bộ hoàn thành tốt nhiệm vụ; các chi bộ đã xây dựng nhiều mô hình như: “Mỗi đảng viên một việc làm tốt” của Chi bộ ấp Mỹ Cẩm A; “Đường hoa nông thôn mới” của Đảng ủy xã Long Sơn.

Qua một năm, 1.200 hộ được giúp đỡ phát triển kinh tế, tỷ lệ đảng viên đăng ký việc làm theo đạt 98,8%; các chi bộ duy trì sinh hoạt chuyên đề hằng tháng, nêu gương người đứng đầu.

Một là, cấp ủy phải quan tâm lãnh đạo, chỉ đạo thường xuyên. Hai là, chọn việc làm cụ thể, dễ làm, dễ kiểm tra.

Lê Văn An
"""


@st.composite
def html_documents(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(TAGS))
        inner = draw(st.lists(st.one_of(st.sampled_from(TEXT_BITS), st.text(max_size=30)), max_size=4))
        attributes = draw(st.sampled_from(["", ' class="content"', ' onload="x()"', ' href="javascript:x"',
                                           ' datetime="2020-06-15"', ' content="15/06/2020"', " a=\"\x00\""]))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
        parts.append(f"<{tag}{attributes}>{''.join(inner)}{close}")
    depth = draw(st.integers(0, 300))
    article = [f"<p>{line}</p>" for line in ARTICLE.split("\n\n") if line.strip()]  # enough for a draft to be written
    for part in parts:
        article.insert(draw(st.integers(0, len(article))), part)
    return "<html><head><meta charset=\"utf-8\"></head><body>" + "<div>" * depth + "".join(article) + "</body></html>"


def _imported(root: Path, source: Path, out: Path) -> int:
    """How many drafts the import wrote (each read back by the checker's reader)."""
    written = 0
    for item in import_all(root, [str(source)], out=out, force=True):
        assert item.lines or item.problem
        assert not (item.problem and "lỗi của chương trình" in item.problem), item.problem
    for draft in sorted(out.rglob("*.md")):
        relative = f"records/units/tra-vinh/{draft.name}"
        found: list = []
        source_file = split_record(relative, "unit", draft.read_text(encoding="utf-8"), found)
        if source_file is not None:
            found += validate(source_file)[1]
        assert "KB305" not in {d.code for d in found}, [d.format() for d in found]
        draft.unlink()
        written += 1
    return written



@FAST
@given(html_documents())
def test_import_of_any_html_gives_a_draft_or_a_reason(tree, tmp_path, document):
    source = tmp_path / "bai.html"
    source.write_text(document, encoding="utf-8", errors="surrogatepass")
    _imported(tree, source, tmp_path / "out")


def test_the_generated_documents_reach_the_draft_writer(tree, tmp_path):
    """The property above is not vacuous: the article every document is built around becomes a draft."""
    source = tmp_path / "bai.html"
    source.write_text("<html><body>" + "".join(f"<p>{part}</p>" for part in ARTICLE.split("\n\n")) + "</body></html>",
                      encoding="utf-8")
    assert _imported(tree, source, tmp_path / "out") == 1


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["bai.html", "bai.txt", "bai"]))
def test_import_of_any_bytes_gives_a_draft_or_a_reason(tree, tmp_path, data, name):
    source = tmp_path / name
    source.write_bytes(data)
    _imported(tree, source, tmp_path / "out")
    try:
        fetched = read_bytes(data, name, name)
    except Exception as error:  # noqa: BLE001 - only the importer's own refusal is an answer
        assert type(error).__name__ == "ImportProblem", error
    else:
        assert not REFUSED.search(fetched.text)

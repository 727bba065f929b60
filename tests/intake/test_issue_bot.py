"""The issue bot's answers are read as hostile: figures are never taken apart or guessed, GitHub's keywords,
references and mentions typed in a box never act when quoted back, and a `kb import` that does not end in time is
told on the issue. (The workflow's side — tokens, force-push — is tests/project/test_workflows.py.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from kb.intake import fromissue

ISSUES = Path(__file__).resolve().parents[1] / "fixtures" / "issues"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
RESULTS = "Số sách được tặng cho tủ sách — 1.200 cuốn — 2022\nHộ nghèo giảm còn — 2,5% — 2022"
# What GitHub acts on in a comment or a pull request body (closing keywords need one of the references).
GITHUB_ACTS_ON = [re.compile(p, re.I) for p in (r"(?<![\w/])#[0-9]", r"[\w.-]+/[\w.-]+#[0-9]", r"\bGH-[0-9]",
                                                r"github\.com/", r"@[A-Za-z0-9]")]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "p")
    return tmp_path / "p"


def record_body(results: str = RESULTS, **answers: str) -> str:
    text = (ISSUES / "de-xuat-hop-le.md").read_text(encoding="utf-8").replace(RESULTS, results)
    for heading, answer in answers.items():
        text = re.sub(rf"(### {re.escape(heading)}\n\n)[^\n]*", lambda m: m.group(1) + answer, text)
    return text


@pytest.mark.parametrize("written,asked", [
    ("12.3456 hộ", "12,3456"),  # was 12345 with the unit '6 hộ'
    ("1.5 triệu đồng", "1,5"),  # was 1 with the unit '.5 triệu đồng'
    ("1,500 hộ", "1.500"),  # one and a half, or fifteen hundred: asked
    ("2.5%", "2,5"),
])
def test_a_figure_is_read_whole_or_asked_about(tree, written, asked):
    outcome = fromissue.run(tree, record_body(f"Hộ thoát nghèo — {written} — 2022"))
    assert outcome.code == 1 and outcome.written == [] and "không còn lỗi" not in outcome.comment
    line = next(line for line in outcome.comment.splitlines() if "Kết quả bằng số liệu" in line)
    assert "dòng 1" in line and asked in line


@pytest.mark.parametrize("written", ["1 .5 triệu đồng", "40/45 chi bộ", "2-3 hộ", "12 (ước tính)"])
def test_a_figure_followed_by_more_than_its_unit_is_not_taken_apart(tree, written):
    outcome = fromissue.run(tree, record_body(f"Hộ thoát nghèo — {written} — 2022"))
    assert outcome.code == 1 and "cần dạng: nội dung — số liệu — năm" in outcome.comment


def test_a_figure_of_five_thousand_digits_is_a_message_not_a_crash(tree):
    outcome = fromissue.run(tree, record_body(f"Hộ thoát nghèo — {'9' * 5000} hộ — 2022"))
    assert outcome.code == 1 and "5000 chữ số" in outcome.comment and len(outcome.comment) < 2000


def test_figures_with_thousands_are_said_back(tree):
    outcome = fromissue.run(tree, record_body())
    assert outcome.code == 0
    assert "'1.200 cuốn' được đọc là 1200 cuốn" in outcome.comment


HOSTILE = "Fixes #1, closes org/repo#2 và GH-3; resolves https://github.com/org/repo/issues/4 — cc @maintainer @org/team"


def test_keywords_references_and_mentions_in_answers_do_nothing_when_quoted_back(tree):
    failed = fromissue.run(tree, record_body(**{"Cấp (level)": HOSTILE}))  # an answer quoted in a problem
    assert failed.code == 1 and "Fixes" in failed.comment
    succeeded = fromissue.run(tree, record_body(**{"Hạn chế (limitations)": HOSTILE}))
    article = (ISSUES / "bai-bao-duong-dan.md").read_text(encoding="utf-8").replace(
        "Nguyễn Văn A, Ban Tuyên giáo Huyện ủy", HOSTILE).replace("https://example.org/bai-viet/cau-ngang",
                                                                  "ftp://example.org/" + HOSTILE.replace(" ", ""))
    for outcome in (failed, fromissue.run(tree, article), fromissue.comment(
            fromissue.Parsed("bai-bao", {}, notes=[f"Người gửi: {HOSTILE}."]), [])):
        text = outcome if isinstance(outcome, str) else outcome.comment
        found = [p.pattern for p in GITHUB_ACTS_ON if p.search(text)]
        assert found == [], text
        assert "Fixes #\u200b1" in text or "Fixes" in text  # still reads as written
    assert succeeded.code == 0


def test_an_import_that_does_not_end_in_time_is_told_on_the_issue(tree, monkeypatch):
    monkeypatch.setattr(fromissue, "IMPORT_SECONDS", 0.001)  # the subprocess cannot even start in time
    body = (ISSUES / "bai-bao-dan-noi-dung.md").read_text(encoding="utf-8")
    outcome = fromissue.run(tree, body)
    assert outcome.code == 1 and outcome.written == []
    assert "quá" in outcome.comment and "không ghi gì" in outcome.comment and "Traceback" not in outcome.comment

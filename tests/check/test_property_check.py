"""Random and mutated input to the loader and checker: always a report, never a traceback."""

from __future__ import annotations

import datetime as dt

from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kb.check.load import split_record
from kb.check.validate import validate
from kb.model.diagnostics import CODES

VALID = (FIXTURES / "mini/records/units/tra-vinh/cau-ngang.md").read_text(encoding="utf-8")


def check_text(text: str) -> list:
    diagnostics: list = []
    source = split_record("records/units/tra-vinh/cau-ngang.md", "unit", text, diagnostics)
    if source is not None:
        _record, problems = validate(source, dt.date(2026, 11, 24))
        diagnostics += problems
    return diagnostics


def assert_clean_report(diagnostics: list) -> None:
    for item in diagnostics:
        assert item.code in CODES and item.line >= 1 and item.column >= 1 and item.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_gives_a_report(text):
    assert_clean_report(check_text(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_frontmatter_gives_a_report(text):
    assert_clean_report(check_text("---\n" + text + "\n---\nThân bài\n"))


@st.composite
def mutated(draw):
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate-line"]))
        if action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        elif action == "insert":
            text = text[:position] + draw(st.sampled_from(
                ["\t", '"', ":", "- ", "&a ", "*a", "!!python/object ", "no", "05", "{", "[", "\n  ", "<script>",
                 "ủy", "\u0301", "\x00", "~", "2019-01-22"])) + text[position:]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "\n".join(lines)
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_records_give_a_report(text):
    assert_clean_report(check_text(text))


def test_alias_bomb_is_refused_quickly():
    bomb = "---\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + "---\n"
    codes = {d.code for d in check_text(bomb)}
    assert codes == {"KB104"}

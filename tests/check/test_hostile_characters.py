"""Characters YAML lets through, and files that cannot be decoded: a coded error with file and line, in `kb check`
(also `--format github`), `kb build` and `kb fix` — never a traceback, never a string that breaks the feed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from conftest import FIXTURES
from kb.build.run import build
from kb.build.state import BuildFailed
from kb.check.runner import check
from kb.model.diagnostics import diagnostic
from kb.text.characters import REFUSED, shown

TODAY = dt.date(2026, 11, 24)
UNIT = "records/units/tra-vinh/cau-ngang.md"
OK = (FIXTURES / "invalid" / "ok-unquoted-date.md").read_text(encoding="utf-8")
ESCAPES = ["\\x01", "\\0", "\\e", "\\x7f", "\\x85", "\\N", "\\x9b", "\\uFFFE", "\\uFFFF", "\\uFDD0", "\\U0010FFFF",
           "\\U0001FFFE", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\r", "\\v", "\\b"]


def _with_author(project, escape: str) -> None:
    text = OK.replace('    date: 2019-01-22\n', f'    date: 2019-01-22\n    author: "Phú{escape}Lũy"\n')
    (project / UNIT).write_text(text, encoding="utf-8")


def _kb(project, *args):
    return subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(project), *args], capture_output=True,
                          text=True)


@pytest.mark.parametrize("escape", ESCAPES)
def test_escaped_controls_surrogates_and_noncharacters_are_refused(mini_project, escape):
    _with_author(mini_project, escape)
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT]
    assert [(d.code, d.line) for d in found] == [("KB305", 11)], [d.format() for d in found]
    assert not REFUSED.search(found[0].format())  # the message names the character, never carries it


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\u00a0", "\\U0001F600", "\\u200b"])
def test_tab_newline_and_real_characters_written_as_escapes_pass(mini_project, escape):
    _with_author(mini_project, escape)
    assert [d.code for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT] == []


def test_an_escape_beyond_unicode_is_a_coded_error_everywhere(mini_project):
    """"\\U00110000" crashed kb check (and --format github: a pull request got no annotation), kb build and kb fix."""
    _with_author(mini_project, "\\U00110000")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT]
    assert [(d.code, d.line, d.column) for d in found] == [("KB305", 11, 17)] and "U+10FFFF" in found[0].message
    github = _kb(mini_project, "check", "--format", "github")
    assert github.returncode == 1 and "Traceback" not in github.stderr
    assert f"::error file={UNIT},line=11,col=17,title=KB305::" in github.stdout
    with pytest.raises(BuildFailed) as failed:
        build(mini_project, site=False)
    assert [d.code for d in failed.value.checked.errors] == ["KB305"]
    fixed = _kb(mini_project, "fix")
    assert fixed.returncode == 0 and "Traceback" not in fixed.stderr


@pytest.mark.parametrize("escape", ["\\UFFFFFFFF", "\\U80000000"])
def test_an_escape_beyond_what_chr_takes_is_a_coded_error(mini_project, escape):
    """Found by bench/fuzz_check.py: beyond 0x7FFFFFFF PyYAML's chr() raises OverflowError, not ValueError."""
    _with_author(mini_project, escape)
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT]
    assert [(d.code, d.line) for d in found] == [("KB305", 11)]


def test_an_unknown_key_holding_a_parenthesis_is_reported(mini_project):
    """Found by bench/fuzz_check.py: the unknown key was read back from jsonschema's English message, which a key
    holding "(" cut short; the key passed silently and the record's type refused it later with a traceback."""
    (mini_project / UNIT).write_text(OK.replace("level: huyen", "lev(el)': huyen"), encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT]
    assert ("KB111", 5) in [(d.code, d.line) for d in found] and "lev(el)'" in found[0].message + found[-1].message


def test_a_lone_surrogate_is_refused_before_it_crashes_the_build(mini_project):
    """"\\ud800" passed the check, then the build failed writing the page as UTF-8."""
    _with_author(mini_project, "\\ud800")
    with pytest.raises(BuildFailed) as failed:
        build(mini_project, site=False)
    assert [(d.code, d.line) for d in failed.value.checked.errors] == [("KB305", 11)]


@pytest.mark.parametrize("raw,line", [("name: \"Huyện ủy\x01\"", 3), ("name: \"Huyện ủy\ufffe\"", 3)])
def test_a_raw_control_in_the_frontmatter_is_placed_not_explained_in_english(mini_project, raw, line):
    (mini_project / UNIT).write_text(OK.replace('name: "Huyện ủy Cầu Ngang"', raw), encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT]
    assert [(d.code, d.line, d.column) for d in found] == [("KB305", line, 16)]
    assert "special characters" not in found[0].message


def test_a_raw_control_in_the_body_and_in_a_catalogue_is_refused(mini_project):
    (mini_project / UNIT).write_text(OK.replace("Tóm tắt.", "Tóm tắt.\n\nĐoạn \x1b[2K hai."), encoding="utf-8")
    catalog = mini_project / "records/topics.yml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("label: ", "label: \"\\x07\" #", 1),
                       encoding="utf-8")
    found = {(d.path, d.code) for d in check(mini_project, today=TODAY).diagnostics}
    assert (UNIT, "KB305") in found and ("records/topics.yml", "KB305") in found


def test_messages_show_what_a_terminal_would_act_on():
    item = diagnostic("records/a\x1b]0;x\x07.md", 1, 1, "KB120", "tên \x1b[31mđỏ\u202e", "\ud800")
    assert item.format() == "records/a<U+001B>]0;x<U+0007>.md:1:1: KB120 tên <U+001B>[31mđỏ\u202e — <U+D800>"
    assert shown("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"


def test_a_string_number_of_five_thousand_digits_is_a_diagnostic(mini_project):
    """The hint for a number written as text read the digits with int(): beyond 4,300 digits Python refuses."""
    text = OK.replace("---\nTóm tắt", f"results:\n  - label: \"Hộ\"\n    value: \"{'9' * 5000}\"\n---\nTóm tắt")
    (mini_project / UNIT).write_text(text, encoding="utf-8")
    assert [d.code for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT] == ["KB112"]


def _utf16(text: str, damage: str) -> bytes:
    data = text.encode("utf-16")
    if damage == "truncated":
        return data[:-1]
    at = data.index("Bài".encode("utf-16-le"))
    return data[:at] + "\ud800".encode("utf-16-le", "surrogatepass") + data[at:]


@pytest.mark.parametrize("damage,line", [("truncated", 12), ("lone surrogate", 9)])
def test_damaged_utf16_is_placed_by_check_and_fix(mini_project, damage, line):
    """kb check told the user to run kb fix, which crashed on UTF-16 cut short or with a lone surrogate."""
    (mini_project / UNIT).write_bytes(_utf16(OK, damage))
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == UNIT]
    assert [(d.code, d.line) for d in found] == [("KB301", line)] and "kb fix" in found[0].hint
    fixed = _kb(mini_project, "fix", str(mini_project / UNIT))
    assert fixed.returncode == 1 and "Traceback" not in fixed.stderr
    assert f"{UNIT}:{line}:" in fixed.stderr and "KB301" in fixed.stderr
    assert (mini_project / UNIT).read_bytes() == _utf16(OK, damage)  # nothing guessed, nothing written


def test_whole_utf16_is_still_converted(mini_project):
    (mini_project / UNIT).write_bytes(OK.encode("utf-16"))
    assert _kb(mini_project, "fix", str(mini_project / UNIT)).returncode == 0
    assert (mini_project / UNIT).read_text(encoding="utf-8") == OK

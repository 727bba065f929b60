"""Hostile input to the checker and the escaping functions: no stall, no traceback, no markup."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

try:  # Python 3.11+
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

from conftest import FIXTURES
from kb.check import textcheck
from kb.check.runner import check
from kb.model.diagnostics import diagnostic, github_annotation
from kb.text import markup
from kb.text.yamlsource import read_yaml

TODAY = dt.date(2026, 11, 24)
UNIT = "records/units/tra-vinh/cau-ngang.md"
OK = (FIXTURES / "invalid" / "ok-unquoted-date.md").read_text(encoding="utf-8")


def _diagnostics(project, relative=UNIT):
    return [d for d in check(project, today=TODAY).diagnostics if d.path == relative]


# -- files and ids -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Cau-Ngang.md", "cầu-ngang.md", "cau_ngang.md", "cau ngang.md",
                                  "a,line=999,title=Spoof::Everything is fine.md"])
def test_kb120_a_file_name_that_is_not_an_id_is_an_error(mini_project, name):
    target = mini_project / "records/units/tra-vinh" / name
    (mini_project / UNIT).rename(target)
    found = _diagnostics(mini_project, target.relative_to(mini_project).as_posix())
    assert "KB120" in [d.code for d in found], [d.format() for d in found]


def test_kb121_a_record_outside_the_known_folders_is_an_error(mini_project):
    (mini_project / "records/unit").mkdir()
    shutil.copy(mini_project / UNIT, mini_project / "records/unit/cau-ngang.md")
    shutil.copy(mini_project / UNIT, mini_project / "records/cau-ngang.md")
    codes = {d.path: d.code for d in check(mini_project, today=TODAY).diagnostics}
    assert codes == {"records/unit/cau-ngang.md": "KB121", "records/cau-ngang.md": "KB121"}
    (mini_project / "records/GHI-CHU.md").write_text("# Ghi chú\n\nKhông phải hồ sơ.\n", encoding="utf-8")
    assert "records/GHI-CHU.md" not in {d.path for d in check(mini_project, today=TODAY).diagnostics}


def test_kb404_ids_differing_only_by_case_or_d_collide(mini_project):
    from kb.check.link import link
    from kb.model.records import Loc, Theme

    def theme(theme_id):
        return Theme(id=theme_id, year=2019, title="t", directive=None, guidance=[], unverified=[], sources=[],
                     body="", loc=Loc(f"records/themes/{theme_id}.md", 1, 1), positions={("id",): (2, 1)})
    from kb.check.catalogs import validate_catalogs
    from kb.check.load import load_tree
    catalogs, _ = validate_catalogs(load_tree(mini_project).catalogs)
    _, found = link(catalogs, [theme("dong-thap"), theme("Đong-Thap")])
    assert [(d.code, d.path) for d in found if d.code == "KB404"] == [("KB404", "records/themes/Đong-Thap.md")]


@pytest.mark.parametrize("catalog,key", [("topics.yml", "fields"), ("topics.yml", "lesson_topics"),
                                         ("indicators.yml", "indicators"), ("provinces.yml", "provinces")])
def test_a_catalogue_id_index_is_refused(mini_project, catalog, key):
    path = mini_project / "records" / catalog
    text = "\n" + path.read_text(encoding="utf-8")
    marker = f"\n{key}:\n  - id: "
    assert marker in text
    first_id = text.split(marker, 1)[1].split("\n", 1)[0]
    path.write_text(text.replace(marker + first_id, marker + "index", 1)[1:], encoding="utf-8")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.path == f"records/{catalog}"]
    assert any(d.code == "KB405" and "'index'" in d.message for d in found), [d.format() for d in found]


@pytest.mark.parametrize("replace,by", [("\nregions:\n", "\nregions: khong-phai-danh-sach\nx:\n"),
                                        ("region: dong-nam-bo", "region: index")])
def test_broken_catalogues_give_diagnostics_not_tracebacks(mini_project, replace, by):
    """Found by bench/fuzz_check.py: a catalogue that is not a table, a province in an unknown region."""
    from kb.build.full import compile_pages
    from kb.build.state import BuildFailed
    path = mini_project / "records/provinces.yml"
    text = "\n" + path.read_text(encoding="utf-8")
    assert replace in text
    path.write_text(text.replace(replace, by, 1)[1:], encoding="utf-8")
    assert check(mini_project, today=TODAY).errors
    with pytest.raises(BuildFailed):
        compile_pages(mini_project)


def test_a_too_long_field_states_the_limit_in_vietnamese(mini_project):
    (mini_project / UNIT).write_text(OK.replace('name: "Huyện ủy Cầu Ngang"', 'name: "' + "Ngang " * 8000 + '"'),
                                     encoding="utf-8")
    found = [d for d in _diagnostics(mini_project) if d.code == "KB113"]
    assert len(found) == 1 and "quá giới hạn" in found[0].message and "ký tự" in found[0].message
    assert len(found[0].format()) < 400 and "is too long" not in found[0].format()


# -- numbers and nesting: coded errors, never a traceback --------------------------------------


@pytest.mark.parametrize("value,code", [("1.0e999", "KB122"), ("1e999", "KB112"), ("0.5e-320", "KB122"),
                                        ("1" + "0" * 400, "KB122"), ("9" * 4301, "KB122"),
                                        ("1" + "0" * 400 + ".5", "KB122")])
def test_numbers_that_crashed_get_a_coded_error(mini_project, value, code):
    text = OK.replace("---\nTóm tắt", f"results:\n  - label: \"Mô hình\"\n    value: {value}\n---\nTóm tắt")
    assert "value:" in text
    (mini_project / UNIT).write_text(text, encoding="utf-8")
    assert [d.code for d in _diagnostics(mini_project)] == [code]


@pytest.mark.parametrize("depth", [40, 333, 2000])
def test_deep_nesting_gets_a_coded_error(mini_project, depth):
    text = OK.replace("---\nTóm tắt", "themes: " + "[" * depth + "]" * depth + "\n---\nTóm tắt")
    (mini_project / UNIT).write_text(text, encoding="utf-8")
    assert [d.code for d in _diagnostics(mini_project)] == ["KB123"]
    anchored = OK.replace("---\nTóm tắt", "themes: &a " + "[" * depth + "]" * depth + "\n---\nTóm tắt")
    (mini_project / UNIT).write_text(anchored, encoding="utf-8")
    assert "KB123" in [d.code for d in _diagnostics(mini_project)] or depth < 300


@pytest.mark.parametrize("value", ["[a, b]", "{a: b}", "[[[]]]", "1.5", "true", "null"])
def test_an_id_of_another_type_is_a_diagnostic_not_a_traceback(mini_project, value):
    """Found by bench/fuzz_check.py: `id: [a, b]` crashed the check of reserved ids."""
    (mini_project / UNIT).write_text(OK.replace("id: cau-ngang", f"id: {value}"), encoding="utf-8")
    assert _diagnostics(mini_project) and all(d.code.startswith("KB1") for d in _diagnostics(mini_project))


def test_deeply_nested_body_is_shown_as_text_not_a_traceback():
    """Found by bench/fuzz_check.py: nested quotes and lists overflow Python-Markdown's recursion."""
    body = "- " * 3000 + "<img src=x onerror=alert(1)>"
    rendered = markup.body_html(body)
    assert "<img" not in rendered and "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert [d.code for d in textcheck.body_problems("a.md", 12, "Tóm tắt.\n\n" + body)] == ["KB123", "KB502"]


@pytest.mark.parametrize("value,written", [(0.00001, "0,00001"), (1e20, "100.000.000.000.000.000.000"),
                                           (4800, "4.800"), (98.8, "98,8"), (-3.5, "-3,5"), (1e-7, "0,0000001"),
                                           (float("inf"), ""), (float("nan"), "")])
def test_number_vn_never_prints_exponent_form(value, written):
    assert markup.number_vn(value) == written


# -- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "https://example.org/![x](https://x.invalid/a.png){:onerror=alert(1)}",
    "https://example.org/[xem](javascript:alert(1))",
    "https://example.org/\"onmouseover=\"alert(1)",
    "https://example.org/a'b<c>d`e*f\\g{h}i",
])
def test_urls_are_written_so_markdown_cannot_reinterpret_them(value):
    written = markup.url(value)
    assert written and written.startswith("https://example.org/")
    assert not set(written) & set("()[]{}!<>\"' `*\\")
    html = markup.md.markdown(f"- {markup.url_autolink(value)}", extensions=["attr_list"])
    assert html.count("<a ") == 1 and "<img" not in html and "javascript:" not in html.split('href="')[1][:11]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "https:///x", "https://", "http:x.org",
                                   "https://a b.org/", "https://example.org/\u202e", "ftp://example.org/",
                                   "https://user:pw@example.org/", "https://example.org:99999/", "//example.org/a"])
def test_urls_refused(value):
    assert markup.url(value) is None and markup.url_problem(value)


# -- checker tag detection and linear time ---------------------------------------------------------


@pytest.mark.parametrize("payload,code", [
    ('<img/src="x"/onerror=alert(1)>', "KB502"),
    ("<svg/onload=alert(1)>", "KB501"),
    ("<details open ontoggle=alert(1)>", "KB501"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "KB503"),
    ("[x](javascript&colon;alert(1))", "KB503"),
    ("[x](java\u200bscript:alert(1))", "KB503"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "KB503"),
    ("</title ><img alt=\">\" src=x onerror=alert(1)>", "KB502"),
    ("&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;", "KB502"),  # entities in a field become markup in <title>
])
def test_checker_catches_tag_variants_in_a_field(payload, code):
    assert code in [d.code for d in textcheck.text_problems("a.md", 3, 1, payload)]


def test_checker_catches_attributes_split_over_body_lines():
    found = textcheck.body_problems("a.md", 20, 'Tóm tắt.\n\n<img src="x"\nalt="y"\n  onerror="alert(1)">\n')
    assert [(d.code, d.line) for d in found] == [("KB502", 24)]


def test_prose_is_not_flagged():
    for prose in ("Chi bộ (data) và 3 < 4, a<5", "Xem [bài](https://example.org/data:x)", "Họp lúc 8:00; data: số liệu"):
        assert textcheck.text_problems("a.md", 1, 1, prose) == []
        assert textcheck.body_problems("a.md", 1, prose) == []


def _nested_repeats(pattern: str) -> bool:
    """Whether a regex has a repeat inside a repeat (the shape that backtracks exponentially or quadratically)."""
    def walk(items, inside):
        for op, argument in items:
            if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
                if inside or walk(argument[2], True):
                    return True
            elif op == sre_parse.SUBPATTERN and walk(argument[3], inside):
                return True
            elif op == sre_parse.BRANCH and any(walk(branch, inside) for branch in argument[1]):
                return True
        return False
    return walk(sre_parse.parse(pattern), False)


def test_checker_patterns_have_no_nested_quantifiers():
    patterns = [value.pattern for value in vars(textcheck).values() if isinstance(value, re.Pattern)]
    assert len(patterns) >= 5
    assert [p for p in patterns if _nested_repeats(p)] == []
    assert _nested_repeats(r"(a+)+") and _nested_repeats(r"[A-Z]*(?:x[A-Z]*)*")


def test_long_runs_check_without_quadratic_backtracking():
    """The inputs that stalled the checker (letters, '<a' runs, a long URL) give their diagnostics; the
    time is measured in bench/fuzz_check.py, not asserted here."""
    letters = "a" * 200_000
    assert textcheck.legacy_words(letters + "ø") == [letters + "ø"]
    assert textcheck.text_problems("a.md", 1, 1, "https://example.org/" + "a" * 900_000) == []
    assert [d.code for d in textcheck.text_problems("a.md", 1, 1, "<a" * 100_000)] == ["KB504"]
    assert [d.code for d in textcheck.body_problems("a.md", 1, " on" * 100_000 + "<b")] == ["KB504"]


# -- CI output, spreadsheets -------------------------------------------------------------------------


def test_github_annotations_cannot_be_forged():
    name = "records/units/a,line=999,title=Spoof::Everything is fine.md"
    line = github_annotation(diagnostic(name, 3, 1, "KB120", "dòng 1\r\ndòng 2 100%\x1b[2K"))
    head, _, message = line.partition("::KB120 ")
    assert head == ("::error file=records/units/a%2Cline=999%2Ctitle=Spoof%3A%3AEverything is fine.md,"
                    "line=3,col=1,title=KB120")
    # a carriage return or an escape sequence quoted from a record is shown, never sent to the log raw
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert "dòng 1<U+000D>%0Adòng 2 100%25<U+001B>[2K" in message


@pytest.mark.parametrize("value", ["=1+1", "\u200b=HYPERLINK(\"x\")", "＝1+1", "\"=1", "'=1", " \t=1", "\u202e=1",
                                   "＋1", "－1", "＠SUM(A1)", "\ufeff@x"])
def test_csv_formulas_hidden_behind_invisible_or_full_width_characters_are_defused(value):
    assert markup.csv_cell(value).startswith("'")


def test_yaml_reader_survives_hostile_documents():
    for text in ("a: [" * 5000, "a: " + "{b: " * 5000, "- " * 5000, "a: !!python/object x", "a: *x", "? [a]\n: b"):
        read_yaml(text)  # no exception


def test_a_hidden_scheme_is_placed_on_the_original_text():
    from kb.check.textcheck import bad_scheme
    text = "Đoạn một.\n\nXem [đây](\u00adjava\u200bscript:alert(1)) và\tthêm"
    assert bad_scheme(text) == text.index("\u00adjava") + 1  # the "j", counted in the text as written
    assert bad_scheme("Đoạn\tmột\n(https://example.org)") is None

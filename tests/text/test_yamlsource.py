"""The located YAML reader: libyaml's fast parser and the pure-Python one give the same result."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, REPO
from hypothesis import given
from hypothesis import strategies as st
from kb.text import yamlsource
from kb.text.yamlsource import read_yaml


def frontmatters() -> list[tuple[str, str]]:
    files = sorted((REPO / "records").rglob("*.md")) + sorted((FIXTURES / "invalid").glob("*.md"))
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        parts = text.split("---\n")
        if len(parts) >= 3:
            found.append((path.name, parts[1]))
    found += [(path.name, path.read_text(encoding="utf-8")) for path in sorted((REPO / "records").glob("*.yml"))]
    return found


def slow(text: str, monkeypatch) -> yamlsource.LocatedYaml:
    with monkeypatch.context() as patch:
        patch.setattr(yamlsource, "_compose_fast", lambda text: None)
        return read_yaml(text, first_line=2)


@pytest.mark.skipif(yamlsource._Core12CLoader is None, reason="PyYAML không có libyaml")
@pytest.mark.parametrize("name,text", frontmatters(), ids=[name for name, _ in frontmatters()])
def test_both_parsers_read_the_same(name, text, monkeypatch):
    fast, careful = read_yaml(text, first_line=2), slow(text, monkeypatch)
    assert (fast.data, fast.positions, fast.problems) == (careful.data, careful.positions, careful.problems)


@pytest.mark.skipif(yamlsource._Core12CLoader is None, reason="PyYAML không có libyaml")
@given(st.lists(st.sampled_from(["a: 1", "b: no", "c: 05", "d: 2019-01-22", "e: 4.800", "f: '98,8'", "- x",
                                 "  g: [1, 2]", "h: {i: j}", "k: \"q\"", "a: 2", "l: ~", "  - y", "m: |", "  text",
                                 "n: true", "o: 1.5e3", "p: <<", "<<: q", "r: !!str s"]), max_size=8).map("\n".join))
def test_both_parsers_agree_on_random_documents(text):
    fast = read_yaml(text)
    original = yamlsource._compose_fast
    yamlsource._compose_fast = lambda text: None
    try:
        careful = read_yaml(text)
    finally:
        yamlsource._compose_fast = original
    assert (fast.data, fast.positions, fast.problems) == (careful.data, careful.positions, careful.problems)


def test_positions_share_paths_up_to_a_bound_and_survive_pickling(monkeypatch):
    import pickle
    monkeypatch.setattr(yamlsource, "_SHARED_PATHS", {})
    monkeypatch.setattr(yamlsource, "_SHARED_LIMIT", 3)
    first = read_yaml("a: 1\nb: [x, y, z]\n").positions
    again = read_yaml("a: 2\nb: [u, v, w]\n").positions
    assert len(yamlsource._SHARED_PATHS) == 3  # no more than the bound, whatever the input
    assert [k for k in again if k in first and next(f for f in first if f == k) is k] == [("a",), ("b",), ("b", 0)]
    assert dict(first.items()) == {("a",): (1, 1), ("b",): (2, 1), ("b", 0): (2, 5), ("b", 1): (2, 8),
                                   ("b", 2): (2, 11)}
    restored = pickle.loads(pickle.dumps(first))
    assert restored == first and restored[("b", 2)] == (2, 11) and ("c",) not in restored


# -- indentation said in Vietnamese, by the line's siblings (kb.text.yamlindent) -------------------------

INDENTATION = [
    # (frontmatter, the line reported, what it says)
    ('id: a\nmodels:\n  - title: "x"\n   kind: tap-the\n', 4,
     "dòng này thụt 3 dấu cách, nhưng các trường cùng mục thụt 4 dấu cách (như 'title' ở dòng 3)"),
    ('id: a\nmodels:\n  - title: x\n     kind: tap-the\n', 4,
     "dòng này thụt 5 dấu cách, nhưng các trường cùng mục thụt 4 dấu cách (như 'title' ở dòng 3)"),
    ('id: a\n name: b\nplace: c\n', 2, "dòng này thụt 1 dấu cách, nhưng các trường cùng mục viết sát đầu dòng "
                                       "(như 'id' ở dòng 1)"),
    ('sources:\n  - title: "x"\n    date: "2019"\n  author: b\n', 4,
     "dòng này thụt 2 dấu cách, nhưng các trường cùng mục thụt 4 dấu cách (như 'date' ở dòng 3)"),
    ('models:\n  - title: x\n    kind: a\n   - title: y\n', 4,
     "dòng này thụt 3 dấu cách, nhưng các mục '-' cùng danh sách thụt 2 dấu cách (như ở dòng 2)"),
    ('lessons:\n  - title: x\n    topics:\n      - a\n     - b\n', 5,
     "dòng này thụt 5 dấu cách, nhưng các mục '-' cùng danh sách thụt 6 dấu cách (như ở dòng 4)"),
    ('id: a\nsummary: |\n  một đoạn\n    thụt sâu hơn: vẫn là chữ\nsources:\n  - title: x\n   date: y\n', 7,
     "dòng này thụt 3 dấu cách, nhưng các trường cùng mục thụt 4 dấu cách (như 'title' ở dòng 6)"),
    ('sources:\n- title: x\n  date: y\nmodels:\n - title: z\n  kind: a\n', 6,
     "dòng này thụt 2 dấu cách, nhưng các trường cùng mục thụt 3 dấu cách (như 'title' ở dòng 5)"),
]


@pytest.mark.parametrize("text,line,said", INDENTATION)
def test_a_wrongly_indented_line_is_said_by_its_siblings(text, line, said, monkeypatch):
    for located, first_line in ((read_yaml(text), 1), (slow(text, monkeypatch), 2)):
        (problem,) = located.problems
        assert problem.line == line + first_line - 1 and said in problem.message
        assert problem.column == len(text.split("\n")[line - 1]) - len(text.split("\n")[line - 1].lstrip()) + 1
        assert not re.search(r"[a-z]+ing |expected|block|found", problem.message)  # no parser English


@pytest.mark.parametrize("text", [
    'title: Kết quả: tốt\n',  # a colon in a value: not an indentation problem
    'models:\n  - title: "x\n    kind: a\n',  # an unclosed quote
    "title: @me\n", "title: \"a \\q b\"\n", "directives: [05-ct-tw, 2018\n", "a: {b: 1\n",
])
def test_other_yaml_mistakes_are_said_in_vietnamese(text):
    (problem,) = read_yaml(text).problems
    assert "thụt lề sai" not in problem.message
    assert not re.search(r"while |expected|found|token|scanning|block", problem.message), problem.message


def test_well_indented_records_are_never_reported():
    """The analysis runs only when the parser fails; on every real record it would find nothing either."""
    from kb.text.yamlindent import misindented
    readable = [(name, text) for name, text in frontmatters() if not read_yaml(text).problems]
    assert len(readable) > 20
    for name, text in readable:
        assert misindented(text, len(text.split("\n"))) is None, name

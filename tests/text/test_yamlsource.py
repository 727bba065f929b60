"""The located YAML reader: libyaml's fast parser and the pure-Python one give the same result."""

from __future__ import annotations

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

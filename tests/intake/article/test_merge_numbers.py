"""`kb import` into a record that exists: the merge writes every number back the way `kb check` reads it (a plain
decimal, never `1e-05`), so a valid record is never corrupted by a tool."""

from __future__ import annotations

import re

from kb.check.runner import check
from test_import_cli import OTHER_ARTICLE, errors, project, run

SMALL = {"Tỷ lệ hộ tái nghèo": "0.00001", "Sai số": "0.0000001", "Số hộ": "1200", "Tỷ lệ": "98.8", "Lớn": "123456789012.5"}


def test_merging_an_article_keeps_small_and_large_numbers_plain(tmp_path, capsys):
    root = project(tmp_path)
    first = tmp_path / "a.txt"
    first.write_text(OTHER_ARTICLE, encoding="utf-8")
    assert run(root, str(first)) == 0
    record = root / "records/units/tra-vinh/cau-ngang.md"
    text = record.read_text(encoding="utf-8")
    results = "".join(f'  - label: "{label}"\n    value: {value}\n    source: nguon-1\n' for label, value in SMALL.items())
    head, body = text.split("\n---\n", 1)
    head = re.sub(r"\nresults:\n(?:  .*\n?)*", "\n", head + "\n").rstrip("\n")
    record.write_text(f"{head}\nresults:\n{results.rstrip()}\n---\n{body}", encoding="utf-8")
    assert errors(root, "records/units/") == []
    second = tmp_path / "b.txt"
    second.write_text(OTHER_ARTICLE.replace("sơ kết một năm", "tổng kết hai năm").replace("15/06/2020", "20/07/2021"),
                      encoding="utf-8")
    assert run(root, str(second)) == 0, capsys.readouterr().err
    merged = record.read_text(encoding="utf-8")
    assert "nguon-2" in merged  # the merge happened
    for value in SMALL.values():
        assert f"value: {value}\n" in merged, merged
    assert not re.search(r"value: [0-9.]+e", merged, re.I)
    assert errors(root, "records/units/") == []
    values = [r.value for r in check(root).corpus.units["cau-ngang"].results if r.label in SMALL]
    assert values == [float(v) if "." in v else int(v) for v in SMALL.values()]

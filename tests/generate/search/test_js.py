"""The search client's JavaScript unit tests (tests/js/*.test.mjs) run with Node's own test runner; the queries
among them read the mini corpus's index, built here."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest
from conftest import REPO
from kb.check.runner import check
from kb.generate.search.index import build_index

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None and not os.environ.get("CI"), reason="cần Node.js (node --test); CI luôn có")
def test_javascript_unit_tests_pass(mini_project, tmp_path):
    assert NODE, "CI=true nhưng không tìm thấy node"
    index = tmp_path / "kb-search"
    for name, text in build_index(check(mini_project, today=dt.date(2026, 11, 24)).corpus).items():
        (index / name).parent.mkdir(parents=True, exist_ok=True)
        (index / name).write_text(text, encoding="utf-8")
    tests = sorted(str(path.relative_to(REPO)) for path in (REPO / "tests" / "js").glob("*.test.mjs"))
    assert tests, "không có tệp kiểm thử JavaScript nào trong tests/js/"
    result = subprocess.run([NODE, "--test", *tests], cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "KB_SEARCH_INDEX": str(index)})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# skipped 0" in result.stdout, "các truy vấn trên chỉ mục thật bị bỏ qua"

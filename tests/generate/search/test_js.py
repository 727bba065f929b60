"""The search client's JavaScript unit tests (tests/js/*.test.mjs) run with Node's own test runner."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from conftest import REPO

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None and not os.environ.get("CI"), reason="cần Node.js (node --test); CI luôn có")
def test_javascript_unit_tests_pass():
    assert NODE, "CI=true nhưng không tìm thấy node"
    tests = sorted(str(path.relative_to(REPO)) for path in (REPO / "tests" / "js").glob("*.test.mjs"))
    assert tests, "không có tệp kiểm thử JavaScript nào trong tests/js/"
    result = subprocess.run([NODE, "--test", *tests], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]

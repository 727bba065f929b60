"""A short run of bench/fuzz_check.py in the normal suite: mutated real records never give a traceback.

The long run (at least five minutes) is `bench/fuzz_check.py --seconds 300`; its figures are in
bench/FUZZ-RESULTS.md.
"""

from __future__ import annotations

import importlib.util

import pytest
from conftest import REPO


def _fuzzer():
    spec = importlib.util.spec_from_file_location("fuzz_check", REPO / "bench/fuzz_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [11, 12])
def test_mutated_real_records_give_diagnostics_not_tracebacks(seed):
    result = _fuzzer().fuzz(seconds=120, seed=seed, max_cases=40)
    assert result["cases"] >= 1
    assert result["failures"] == [], result["failures"][0]["traceback"]


@pytest.mark.slow
def test_fuzz_for_five_minutes():
    result = _fuzzer().fuzz(seconds=300, seed=1)
    assert result["failures"] == [], result["failures"][0]["traceback"]

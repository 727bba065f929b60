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


def test_characters_yaml_and_encodings_let_through_give_diagnostics_not_tracebacks():
    """Issue 18's families alone: escapes in quoted values, raw controls, surrogates and noncharacters, four-byte
    letters, damaged UTF-16 — through `kb fix`, `kb check` and, when clean, the page compiler."""
    result = _fuzzer().fuzz(seconds=120, seed=18, max_cases=60, families=("character",))
    assert result["cases"] >= 1 and {"escape", "raw"} & set(result["mutations"])
    assert any(kind.startswith("utf16-") for kind in result["mutations"])
    assert result["failures"] == [], result["failures"][0]["traceback"]


@pytest.mark.slow
def test_fuzz_for_five_minutes():
    result = _fuzzer().fuzz(seconds=300, seed=1)
    assert result["failures"] == [], result["failures"][0]["traceback"]

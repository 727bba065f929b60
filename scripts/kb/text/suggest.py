"""Suggestions for a mistyped value: the closest known values, folded."""

from __future__ import annotations

import difflib


def did_you_mean(value: str, candidates) -> str:
    """' — có phải ý bạn là 'x'?' for the closest candidate, or ''."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" — có phải ý bạn là '{close[0]}'?" if close else ""


"""Stage 6 — serve: `kb serve`, a preview that rebuilds only what a saved record changes.

Imports every stage below."""

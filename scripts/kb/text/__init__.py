"""Stage 1 — text: Vietnamese normalisation and sorting, legacy fonts, YAML with positions, escaping, dates.

Imports nothing of kb."""

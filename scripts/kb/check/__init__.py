"""Stage 3 — check: load (the one reader of records/) → validate (one record) → link (the corpus);
text checks, fix, and the runner with its cache (`kb check`).

Imports kb.text and kb.model."""

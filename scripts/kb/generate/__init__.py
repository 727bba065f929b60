"""Stage 4 — generate: everything compiled from a linked corpus: groupings, pages (render/, layout),
the search index (search/), open data, the feed, charts, the web editor's configuration.

Imports kb.text, kb.model and kb.check; never kb.intake (the same floor)."""

"""Stage 2 — the record model: the registry of kinds, the schema (the one description of a record), typed
records, the Corpus type, vocabularies, the registry of error codes, ids, page addresses, the gazetteer.

Imports kb.text only."""

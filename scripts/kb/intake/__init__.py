"""Stage 4 — intake: the ways records come in: the article importer (article/), the GitHub issue forms and
their answers, the `kb new` templates, unit names, the gazetteer's generators.

Imports kb.text, kb.model and kb.check; never kb.generate (the same floor)."""

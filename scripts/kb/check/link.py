"""Stage 3 — link: the whole corpus at once.

Checks what needs more than one file (unique ids, references to provinces,
themes, directives, topics, units and indicators, duplicate model titles: `crosscheck`)
and puts the records that keep their id into one Corpus. The indexes the pages read
are computed later, by the stage that writes pages (`kb.generate.groupings.ensure`).
"""

from __future__ import annotations

from kb.check.crosscheck import Facts, check_facts, facts_of
from kb.model.corpus import Corpus
from kb.model.diagnostics import Diagnostic
from kb.model.records import Catalogs


def link(catalogs: Catalogs, records: list, facts: list[Facts] | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """The corpus and every cross-record problem (`crosscheck.check_facts`: the only source of link's diagnostics).

    `records` in the files' path order; a record whose id is taken stays out of the corpus. `facts`, when
    given, are `facts_of` each record, kept from an earlier run.
    """
    if facts is None:
        facts = [facts_of(record) for record in records]
    kept, diagnostics = check_facts(catalogs, facts)
    corpus = Corpus(catalogs)
    tables = {"unit": corpus.units, "theme": corpus.themes, "directive": corpus.directives}
    for record, entry, keep in zip(records, facts, kept):
        if keep:
            tables[entry.kind][record.id] = record
    return corpus, diagnostics

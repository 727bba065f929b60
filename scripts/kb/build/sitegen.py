"""`python -m kb.build.sitegen build --dirty --strict …`: MkDocs' own command line, able to build dirty AND strict.

MkDocs warns about every dirty build ("A 'dirty' build is being performed…") and, in strict mode, counts
that warning like any other, so `mkdocs build --dirty --strict` always aborts. Here that one message is
dropped at its logger before MkDocs counts it; every other warning (a broken link, a missing anchor) still
fails the build. `kb build --reuse` runs this in a child process, like the full build runs MkDocs.
"""

from __future__ import annotations

import logging

from mkdocs.__main__ import cli

DIRTY_WARNING = "A 'dirty' build is being performed"


class _NotTheDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def main() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_NotTheDirtyWarning())
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    main()

"""`python -m kb.cli`: the `kb` command, as child processes and tests run it."""

from kb.cli import main

raise SystemExit(main())

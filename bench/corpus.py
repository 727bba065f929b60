"""A benchmark project: the repository's catalogues, mkdocs.yml, overrides and guides, plus a dense synthetic corpus.

    .venv/bin/python bench/corpus.py 1000 /tmp/kb-1000

Nothing is written under records/ of the repository.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, make_project  # noqa: E402
from kb.check.load import CATALOG_FILES
from kb.tools.synthetic import write_dense_corpus


def dense_project(target: Path, units: int, seed: int = 2026) -> tuple[Path, dict[str, int]]:
    """A fresh project at `target` with `units` dense synthetic units and the real catalogues."""
    shutil.rmtree(target, ignore_errors=True)
    project = make_project(target, FIXTURES / "mini" / "records")
    for folder in ("units", "themes", "directives"):
        shutil.rmtree(project / "records" / folder, ignore_errors=True)
    for name in CATALOG_FILES:
        shutil.copy(ROOT / "records" / name, project / "records" / name)
    return project, write_dense_corpus(project, units, seed)


if __name__ == "__main__":
    made, counts = dense_project(Path(sys.argv[2]), int(sys.argv[1]))
    print(made, counts)

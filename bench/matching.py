"""How a draft is compared with its gold, for both accuracy scripts (bench/import_real.py, bench/import_accuracy.py).

A unit is right when its name is the gold's, or when it is the same organisation written another way: the same
kind, level and place ('Đảng bộ huyện Cầu Ngang' for 'Huyện ủy Cầu Ngang'). A model is found when its words are
the gold's, one inside the other, or when they share half their words (a cue noun like 'mô hình' aside).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kb.text.vietnamese import comparable_title, fold

REPO = Path(__file__).resolve().parent.parent
MODEL_CUES = ("mo hinh", "cach lam", "dien hinh")


def seed_project(target: Path) -> Path:
    """The repository's catalogues, themes and directives, without any unit (every page is a new unit)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "records", target / "records")
    shutil.rmtree(target / "records" / "units")
    (target / "records" / "units").mkdir()
    return target


def words(title: str) -> list[str]:
    folded = re.findall(r"[^\W_]+", fold(comparable_title(title)).lower())
    joined = " ".join(folded)
    for cue in MODEL_CUES:
        if joined.startswith(cue + " "):
            joined = joined[len(cue) + 1:]
    return joined.split()


def same_model(a: str, b: str) -> bool:
    left, right = words(a), words(b)
    if not left or not right:
        return False
    if " ".join(left) in " ".join(right) or " ".join(right) in " ".join(left):
        return min(len(left), len(right)) >= 2 or left == right
    shared = len(set(left) & set(right))
    return shared / len(set(left) | set(right)) >= 0.5


def match_models(got: list[str], want: list[str]) -> int:
    left = list(want)
    hits = 0
    for title in got:
        found = next((w for w in left if same_model(title, w)), None)
        if found is not None:
            left.remove(found)
            hits += 1
    return hits


def same_unit(draft: dict, gold: dict) -> bool:
    """draft: the draft's frontmatter; gold: the gold's unit (name, kind, level, place)."""
    if comparable_title(draft.get("name") or "") == comparable_title(gold["name"]):
        return True
    place = fold(draft.get("place") or "").lower()
    return (draft.get("kind") == gold.get("kind") and draft.get("level") == gold.get("level")
            and bool(place) and place == fold(gold.get("place") or "").lower())


def write_between(path: Path, name: str, content: str) -> None:
    """Puts content between the marks <!-- name:begin --> and <!-- name:end --> of a results file (the marks are
    added at its end when it has none)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin not in text:
        text += f"{begin}\n{end}\n"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    path.write_text(f"{head}{begin}\n{content}{end}{tail}", encoding="utf-8")

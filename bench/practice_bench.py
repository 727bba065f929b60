"""How well models are grouped by practice, measured on labelled pairs of the real records.

    python bench/practice_bench.py [--write bench/PRACTICE-RESULTS.md] [--scale 10000 74000]

Labels: bench/practice-pairs.yaml (groups of models that are one practice; every other pair of its `universe`
is two practices) and the records' curated `practice` ids. For each way of weighing a model's words and each
threshold, the precision and recall of "similarity ≥ threshold" over the labelled pairs of models of two
units; then the same for the groups `kb.generate.practices.group` makes at its THRESHOLD (titles that name the
same practice and similar pairs joined, curated ids kept apart), and those groups listed for reading.

`--scale N…`: the time `group` takes for N models whose titles and summaries mix the real records' words (so
that words are shared as at national scale, not whole titles repeated), against grouping by name alone (what
the pages did before similarity), in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from kb.check.runner import check  # noqa: E402
from kb.generate import practices  # noqa: E402
from kb.model.records import Model  # noqa: E402

LABELS = REPO / "bench" / "practice-pairs.yaml"
THRESHOLDS = [round(0.05 * step, 2) for step in range(1, 17)]
# (name, description weight, description fields)
VARIANTS = [("tên và tóm tắt", 1.0, ("summary",)), ("tên và tóm tắt (0,5)", 0.5, ("summary",)),
            ("tên, tóm tắt, cách làm, trích bài", 1.0, ("summary", "how", "excerpt")), ("chỉ tên", 0.0, ())]


def ref(model) -> str:
    return f"{model.unit_id}/{model.id}"


def labelled_pairs(models, labels: dict) -> dict[tuple[str, str], bool]:
    """(ref, ref) of two units → same practice? Only pairs the labels speak for."""
    universe = set(labels["universe"])
    group_of = {r: index for index, group in enumerate(labels["same"]) for r in group["models"]}
    missing = (set(group_of) | {r for pair in labels.get("different", []) for r in pair["models"]}) - universe
    if missing:
        raise SystemExit(f"{LABELS}: mô hình không có trong universe: {sorted(missing)}")
    found = {}
    for a, b in itertools.combinations(models, 2):
        if a.unit_id == b.unit_id:
            continue
        key = tuple(sorted((ref(a), ref(b))))
        if a.practice and b.practice:
            found[key] = a.practice == b.practice
        elif key[0] in universe and key[1] in universe:
            found[key] = group_of.get(key[0], -1) == group_of.get(key[1], -2)
    return found


@contextmanager
def weights(description: float, fields: tuple[str, ...]):
    saved = practices.DESCRIPTION_WEIGHT, practices.DESCRIPTION_FIELDS
    practices.DESCRIPTION_WEIGHT, practices.DESCRIPTION_FIELDS = description, fields
    try:
        yield
    finally:
        practices.DESCRIPTION_WEIGHT, practices.DESCRIPTION_FIELDS = saved


def scores(truth: dict[tuple[str, str], bool], predicted: set[tuple[str, str]]) -> tuple[float, float, float]:
    hits = sum(1 for pair, same in truth.items() if same and pair in predicted)
    said = sum(1 for pair in truth if pair in predicted)
    real = sum(1 for same in truth.values() if same)
    precision = hits / said if said else 1.0
    recall = hits / real if real else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def similar_set(models, threshold: float) -> set[tuple[str, str]]:
    return {tuple(sorted((ref(models[a]), ref(models[b])))) for a, b, _ in
            practices.similar_pairs(models, threshold)}


def grouped_set(groups) -> set[tuple[str, str]]:
    return {tuple(sorted((ref(a), ref(b)))) for group in groups for a, b in itertools.combinations(group.models, 2)
            if a.unit_id != b.unit_id}


def report(root: Path) -> str:
    corpus = check(root, today=dt.date.today()).corpus
    models = [m for u in corpus.sorted_units() for m in u.models]
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    truth = labelled_pairs(models, labels)
    positives = sum(truth.values())
    out = [f"{len(corpus.units)} đơn vị, {len(models)} mô hình; {len(truth)} cặp có nhãn (của hai đơn vị khác nhau), "
           f"{positives} cặp cùng cách làm.", ""]
    out += ["### Độ giống nhau ≥ ngưỡng (từng cặp)", "",
            "| Ngưỡng | " + " | ".join(f"{name}: P / R / F1" for name, _, _ in VARIANTS) + " |",
            "|---|" + "---|" * len(VARIANTS)]
    for threshold in THRESHOLDS:
        cells = []
        for _, description, fields in VARIANTS:
            with weights(description, fields):
                p, r, f = scores(truth, similar_set(models, threshold))
            cells.append(f"{p:.2f} / {r:.2f} / {f:.2f}")
        mark = " **(đang dùng)**" if threshold == practices.THRESHOLD else ""
        out.append(f"| {threshold:.2f}{mark} | " + " | ".join(cells) + " |")
    groups = practices.group(models)
    p, r, f = scores(truth, grouped_set(groups))
    out += ["", f"### Các nhóm của trang (ngưỡng {practices.THRESHOLD:.2f}, cùng tên, mã cách làm)", "",
            f"Cặp cùng nhóm so với nhãn: P = {p:.2f}, R = {r:.2f}, F1 = {f:.2f}.", ""]
    how = {practices.HOW_CURATED: "mã cách làm", practices.HOW_TITLE: "cùng tên", practices.HOW_SIMILAR: "giống nhau"}
    for group in groups:
        names = "; ".join(f"{m.title} ({m.unit_id})" for m in group.models)
        out.append(f"- {group.key} [{how[group.how]}]: {names}")
    missed = sorted(pair for pair, same in truth.items() if same and pair not in grouped_set(groups))
    if missed:
        out += ["", "Cặp cùng cách làm mà trang chưa gom: " + "; ".join(f"{a} – {b}" for a, b in missed) + "."]
    return "\n".join(out) + "\n"


def scale(root: Path, sizes: list[int]) -> str:
    corpus = check(root, today=dt.date.today()).corpus
    real = [m for u in corpus.sorted_units() for m in u.models]
    syllables = sorted({w.lower() for m in real for w in re.findall(r"[^\W\d_]+", f"{m.title} {m.summary or ''}")})
    rng = random.Random(2026)
    rows = ["| Mô hình | Gom theo tên (trước) | Gom theo tên và độ giống (nay) | Tỉ lệ |", "|---|---|---|---|"]
    for size in sizes:
        # words of two syllables, as many as a national corpus would have (a fifth of the models), drawn with a
        # long tail: most are rare, a few everywhere — the rare ones are what similarity compares
        words = [f"{rng.choice(syllables)} {rng.choice(syllables)}" for _ in range(max(200, size // 5))]
        weights = [1 / (rank + 1) for rank in range(len(words))]
        models = []
        for number in range(size):
            model = Model(title=" ".join(rng.choices(words, weights, k=rng.randint(2, 5))), kind="tap-the",
                          field="giao-duc", summary=" ".join(rng.choices(words, weights, k=rng.randint(5, 12))))
            model.unit_id, model.id = f"u{number // 2}", f"m{number}"
            models.append(model)
        started = time.perf_counter()
        by_name: dict[str, list] = {}
        for model in models:
            by_name.setdefault(practices.practice_key(model.title), []).append(model)
        before = time.perf_counter() - started
        practices.practice_key.cache_clear()
        started = time.perf_counter()
        practices.group(models)
        after = time.perf_counter() - started
        rows.append(f"| {size:,} | {before:.2f} s | {after:.2f} s | {after / before:.0f} |".replace(",", "."))
    return "\n".join(rows) + "\n"


def write(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- practice:begin -->\n).*?(<!-- practice:end -->)", lambda m: m.group(1) + body + m.group(2),
                 text, flags=re.S)
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--write", type=Path, help="thay phần giữa hai dấu practice:begin/end của tệp này")
    parser.add_argument("--scale", type=int, nargs="*", help="đo thời gian gom với chừng này mô hình tổng hợp")
    args = parser.parse_args(argv)
    if args.scale:
        print(scale(args.root, args.scale))
        return
    body = report(args.root)
    if args.write:
        write(args.write, body)
    print(body)


if __name__ == "__main__":
    main()

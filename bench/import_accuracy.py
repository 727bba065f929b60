"""Accuracy of `kb import` against the hand-made gold extractions of the seed articles.

    python bench/import_accuracy.py [--articles DIR] [--small] [--write bench/IMPORT-RESULTS.md]

For each seed article and each variant (NFD, BOM+CRLF, old tone placement, TCVN3, VNI, HTML page
with a site's chrome, cut short) it imports into a throwaway project (the repository's records
without the five seed units) and compares field by field: unit, level, province and date exact;
models by title (precision, recall, F1); lesson count and text; figures recall; directives.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "intake" / "article"))
sys.path.insert(0, str(REPO / "scripts"))

from kb.intake.article.command import plan
from kb.intake.article.read import read_bytes
from kb.text.vietnamese import comparable_title
from variants import PARTIAL, VARIANTS  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from matching import match_models, same_unit, seed_project, write_between  # noqa: E402

ARTICLES = Path(os.environ.get("KB_ARTICLES", "/work/shared/corpus/articles"))
GOLD = REPO / "tests" / "intake" / "article" / "gold"
COMPOSED = REPO / "tests" / "intake" / "article" / "composed"  # articles written for the tests, with their gold


def compare(gold: dict, draft_meta: dict, partial: bool = False) -> dict:
    source = draft_meta["sources"][0]
    row = {
        "unit": same_unit(draft_meta, gold["unit"]),
        "level": draft_meta["level"] == gold["unit"]["level"],
        "province": draft_meta.get("province") == gold["unit"].get("province"),
        "date": source.get("date") == gold["date"],
    }
    if partial:
        return row
    got = [m["title"] for m in draft_meta.get("models", [])]
    want = [m["title"] for m in gold["models"]]
    hits = match_models(got, want)
    row["models_tp"], row["models_got"], row["models_want"] = hits, len(got), len(want)
    lessons = draft_meta.get("lessons", [])
    row["lesson_count"] = len(lessons) == len(gold["lessons"])
    row["lesson_text"] = sum(1 for a, b in zip(lessons, gold["lessons"])
                             if comparable_title(a["text"]) == comparable_title(b["text"]) and a["order"] == b["order"])
    row["lessons_want"] = len(gold["lessons"])
    found = Counter((r["value"], r.get("denominator")) for r in draft_meta.get("results", []))
    want_figures = Counter((f["value"], f.get("denominator")) for f in gold["figures"])
    row["figures_hit"] = sum(min(n, found[key]) for key, n in want_figures.items())
    row["figures_want"] = sum(want_figures.values())
    row["figures_got"] = sum(found.values())
    row["directives"] = sorted(draft_meta.get("directives", [])) == sorted(gold["directives"])
    return row


def evaluate(articles: Path = ARTICLES, variants: list[str] | None = None, limit: int | None = None) -> dict:
    variants = variants or list(VARIANTS)
    golds = sorted(GOLD.glob("*.yaml"))[:limit]
    results: dict[str, list[dict]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory() as folder:
        root = seed_project(Path(folder))
        for gold_path in golds:
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            text = (articles / gold["article"]).read_text(encoding="utf-8")
            for variant in variants:
                name = gold["article"].replace(".txt", ".html" if variant == "html" else ".txt")
                fetched = read_bytes(VARIANTS[variant](text), f"{variant}:{name}", name, html=variant == "html")
                try:
                    _, draft = plan(root, fetched)
                    row = compare(gold, draft.meta, variant in PARTIAL)
                except Exception as error:  # a failure is a result too: every field wrong
                    row = {"unit": False, "level": False, "province": False, "date": False, "error": str(error)}
                row["article"] = gold["article"][:3]
                results[variant].append(row)
    return results


def evaluate_composed() -> list[dict]:
    """The articles written for the tests (other page shapes, a commune, a province), as they are."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = seed_project(Path(folder))
        for gold_path in sorted(COMPOSED.glob("*.yaml")):
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            raw = (COMPOSED / gold["article"]).read_bytes()
            fetched = read_bytes(raw, gold["article"], gold["article"], html=gold["article"].endswith(".html"))
            _, draft = plan(root, fetched)
            row = compare(gold, draft.meta)
            row["article"] = gold["article"]
            rows.append(row)
    return rows


def totals(rows: list[dict]) -> dict:
    out = {key: sum(bool(r.get(key)) for r in rows) for key in ("unit", "level", "province", "date")}
    out["n"] = len(rows)
    if rows and "models_tp" in rows[0]:
        tp = sum(r.get("models_tp", 0) for r in rows)
        got = sum(r.get("models_got", 0) for r in rows)
        want = sum(r.get("models_want", 0) for r in rows)
        precision = tp / got if got else 1.0
        recall = tp / want if want else 1.0
        out["models_p"], out["models_r"] = precision, recall
        out["models_f1"] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out["lesson_count"] = sum(bool(r.get("lesson_count")) for r in rows)
        out["lesson_text"] = (sum(r.get("lesson_text", 0) for r in rows), sum(r.get("lessons_want", 0) for r in rows))
        hit, want_f = sum(r.get("figures_hit", 0) for r in rows), sum(r.get("figures_want", 0) for r in rows)
        out["figures_recall"] = hit / want_f if want_f else 1.0
        out["figures_precision"] = hit / max(1, sum(r.get("figures_got", 0) for r in rows))
        out["directives"] = sum(bool(r.get("directives")) for r in rows)
    return out


def report(results: dict) -> str:
    lines = ["| Biến thể | Đơn vị | Cấp | Tỉnh | Ngày | Mô hình P / R / F1 | Số bài học đúng | Lời bài học đúng | "
             "Số liệu: recall (precision) | Văn bản |", "|---|---|---|---|---|---|---|---|---|---|"]
    for variant, rows in results.items():
        t = totals(rows)
        n = t["n"]
        cells = [variant, f"{t['unit']}/{n}", f"{t['level']}/{n}", f"{t['province']}/{n}", f"{t['date']}/{n}"]
        if "models_f1" in t:
            cells += [f"{t['models_p']:.2f} / {t['models_r']:.2f} / {t['models_f1']:.2f}", f"{t['lesson_count']}/{n}",
                      f"{t['lesson_text'][0]}/{t['lesson_text'][1]}",
                      f"{t['figures_recall']:.2f} ({t['figures_precision']:.2f})", f"{t['directives']}/{n}"]
        else:
            cells += ["—"] * 5
        lines.append("| " + " | ".join(cells) + " |")
    errors = [f"- {v} {r['article']}: {r['error']}" for v, rows in results.items() for r in rows if r.get("error")]
    return "\n".join(lines + ([""] + errors if errors else [])) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--small", action="store_true", help="một bài, hai biến thể (cho bộ kiểm thử và CI)")
    parser.add_argument("--write", type=Path, help="ghi bảng kết quả vào tệp markdown này (thay phần giữa hai dấu mốc)")
    args = parser.parse_args(argv)
    if not args.articles.is_dir():
        print(f"Không có kho bài nguồn ở {args.articles} (đặt KB_ARTICLES hoặc --articles): không đo được.", file=sys.stderr)
        return 0 if args.small else 1
    results = evaluate(args.articles, ["txt", "html"] if args.small else None, 1 if args.small else None)
    table = report(results)
    if not args.small:
        composed = report({"bài tự soạn": evaluate_composed()})
        table += "\nBa bài tự soạn cho kiểm thử (`tests/intake/article/composed/`, không phải bài thật):\n\n" + composed
    print(table)
    if args.write:
        write_between(args.write, "accuracy", table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Accuracy of `kb import` on real pages, against the reviewed records (and hold-out gold) in bench/intake-gold/.

    python bench/import_real.py --pages DIR [--set curated|holdout|all] [--only B18] [--write bench/IMPORT-RESULTS.md]

The pages themselves are the publishers' text and are not in the repository: DIR holds, for each gold file
`bench/intake-gold/<page>.yaml`, the page opening as it was read (`<page>.txt`) and its address (`<page>.url`).
Each page goes through the command a contributor runs — `kb import <page>.txt --url <address> --out …` — into a
throwaway copy of the project without its units; the draft is then compared with the gold and checked with
`kb check` (warnings allowed). Fields: unit (the name, or the same kind, level and place), kind, level, province,
publication date (the page's own date, full only where the page shows one; none where it shows none), models
(matched by their words: precision, recall, F1), review marks left, and whether the draft passes the check.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from kb import cli  # noqa: E402
from kb.check.runner import check  # noqa: E402
from kb.text.yamlsource import read_yaml  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from matching import match_models, same_unit, seed_project, write_between  # noqa: E402

GOLD = REPO / "bench" / "intake-gold"


def import_page(root: Path, page: Path, url: str | None, out: Path) -> tuple[int, str, str]:
    args = ["--root", str(root), "import", str(page), "--out", str(out)]
    if url:
        args += ["--url", url]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = cli.main(args)
        except SystemExit as stop:  # an option the importer does not know yet
            code = stop.code if isinstance(stop.code, int) else 2
    return code, stdout.getvalue(), stderr.getvalue()


def draft_meta(text: str) -> dict:
    head = text.split("\n---", 1)[0].lstrip("-\n")
    return read_yaml(head).data or {}


def evaluate(pages: Path, which: str = "all", only: list[str] | None = None) -> list[dict]:
    rows = []
    golds = sorted(GOLD.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as folder:
        root = seed_project(Path(folder) / "project")
        for gold_path in golds:
            gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
            if (which != "all" and gold["set"] != which) or (only and gold["page"] not in only):
                continue
            text = pages / f"{gold['page']}.txt"
            if not text.is_file():
                rows.append({"page": gold["page"], "missing": True})
                continue
            out = Path(folder) / "out" / gold["page"]
            code, stdout, stderr = import_page(root, text, gold["url"], out)
            drafts = sorted(out.glob("*.md")) if out.is_dir() else []
            row = {"page": gold["page"], "set": gold["set"], "refused": not drafts, "message": stderr.strip()[:300]}
            if drafts:
                draft_text = drafts[0].read_text(encoding="utf-8")
                meta = draft_meta(draft_text)
                source = (meta.get("sources") or [{}])[0]
                got = [m.get("title", "") for m in meta.get("models", [])]
                row.update({
                    "unit": same_unit(meta, gold["unit"]), "kind": meta.get("kind") == gold["unit"].get("kind"),
                    "level": meta.get("level") == gold["unit"].get("level"),
                    "province": meta.get("province") == gold["unit"].get("province"),
                    "date": str(source.get("date")) if source.get("date") else None,
                    "models_got": len(got), "models_want": len(gold["models"]),
                    "models_tp": match_models(got, gold["models"]), "marks": draft_text.count("# CẦN XEM LẠI"),
                    "draft_unit": meta.get("name"), "draft_province": meta.get("province"),
                })
                row["date_right"] = row["date"] == (str(gold["date"]) if gold.get("date") else None)
                row["errors"] = _check(root, drafts[0], meta, out)
            rows.append(row)
    return rows


def _check(root: Path, draft: Path, meta: dict, out: Path) -> list[str]:
    """The draft (and the directive and theme drafts beside it) checked as a contributor's `kb check` would."""
    folder = root / "records" / "units" / (meta.get("province") or "toan-quoc")
    folder.mkdir(parents=True, exist_ok=True)
    placed = [folder / draft.name]
    shutil.copy(draft, placed[0])
    for kind in ("directives", "themes"):
        for extra in sorted((out / kind).glob("*.md")) if (out / kind).is_dir() else []:
            target = root / "records" / kind / extra.name
            if not target.exists():
                shutil.copy(extra, target)
                placed.append(target)
    try:
        checked = check(root, only=placed, cache=False, corpus=False)
        return [d.format() for d in checked.errors]
    finally:
        for path in placed:
            path.unlink(missing_ok=True)


def totals(rows: list[dict]) -> dict:
    done = [r for r in rows if not r.get("missing")]
    n = len(done)
    out = {"n": n, "drafted": sum(not r["refused"] for r in done)}
    for key in ("unit", "kind", "level", "province", "date_right"):
        out[key] = sum(bool(r.get(key)) for r in done)
    out["passes"] = sum(not r["refused"] and not r.get("errors") for r in done)
    tp = sum(r.get("models_tp", 0) for r in done)
    got = sum(r.get("models_got", 0) for r in done)
    want = sum(r.get("models_want", 0) for r in done)
    out["p"] = tp / got if got else 1.0
    out["r"] = tp / want if want else 1.0
    out["f1"] = 2 * out["p"] * out["r"] / (out["p"] + out["r"]) if out["p"] + out["r"] else 0.0
    out["marks"] = sum(r.get("marks", 0) for r in done)
    return out


def report(rows: list[dict]) -> str:
    lines = ["| Tập | Trang | Có bản nháp | Qua `kb check` | Đơn vị | Loại | Cấp | Tỉnh | Ngày | Mô hình P / R / F1 | Dấu cần xem lại |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name in ("curated", "holdout"):
        t = totals([r for r in rows if r.get("set") == name])
        if not t["n"]:
            continue
        n = t["n"]
        label = {"curated": "đã biên tập", "holdout": "để riêng"}[name]
        lines.append(f"| {label} | {n} | {t['drafted']}/{n} | {t['passes']}/{n} | {t['unit'] / n:.2f} | {t['kind'] / n:.2f} | "
                     f"{t['level'] / n:.2f} | {t['province'] / n:.2f} | {t['date_right'] / n:.2f} | "
                     f"{t['p']:.2f} / {t['r']:.2f} / {t['f1']:.2f} | {t['marks']} |")
    return "\n".join(lines) + "\n"


def page_table(rows: list[dict]) -> str:
    lines = ["| Trang | Tập | Đơn vị (bản nháp) | Đơn vị | Tỉnh | Ngày | Mô hình tìm / thiếu / sai | Dấu | Kiểm tra |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r.get("missing"):
            continue
        if r["refused"]:
            lines.append(f"| {r['page']} | {r['set']} | (không có bản nháp) | ✗ | ✗ | ✗ | — | — | — |")
            continue
        mark = lambda ok: "✓" if ok else "✗"  # noqa: E731
        tp = r["models_tp"]
        checked = "qua" if not r["errors"] else f"{len(r['errors'])} lỗi"
        lines.append(f"| {r['page']} | {r['set']} | {r['draft_unit']} | {mark(r['unit'])} | {mark(r['province'])} | "
                     f"{mark(r['date_right'])} | {tp} / {r['models_want'] - tp} / {r['models_got'] - tp} | {r['marks']} | "
                     f"{checked} |")
    return "\n".join(lines) + "\n"


def first_drafts() -> str:
    """The first drafts of the importer before this round, measured page by page while each page was curated
    (the `first_draft` of each gold file): what the reviewer started from, and how long the review took."""
    golds = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(GOLD.glob("*.yaml"))]
    lines = ["| Trang | Tập | Bản nháp | Đơn vị | Tỉnh | Ngày | Mô hình tìm / thiếu / sai | Dấu | Phút rà soát |",
             "|---|---|---|---|---|---|---|---|---|"]
    mark = lambda ok: "✓" if ok else "✗"  # noqa: E731
    for gold in golds:
        first = gold.get("first_draft")
        if not first:
            continue
        lines.append(f"| {gold['page']} | {gold['set']} | {'từ chối' if first['refused'] else 'có'} | "
                     f"{mark(first['unit'])} | {mark(first['province'])} | {mark(first['date'])} | "
                     f"{first['models_found']} / {first['models_missed']} / {first['models_wrong']} | {first['marks']} | "
                     f"{first['review_minutes'] if first['review_minutes'] is not None else '—'} |")
    firsts = [g["first_draft"] for g in golds if g.get("first_draft")]
    n = len(firsts)
    found = sum(f["models_found"] for f in firsts)
    missed = sum(f["models_missed"] for f in firsts)
    wrong = sum(f["models_wrong"] for f in firsts)
    minutes = [f["review_minutes"] for f in firsts if f["review_minutes"] is not None]
    lines.append(f"| **Cộng** | {n} | {sum(not f['refused'] for f in firsts)}/{n} | {sum(f['unit'] for f in firsts)}/{n} | "
                 f"{sum(f['province'] for f in firsts)}/{n} | {sum(f['date'] for f in firsts)}/{n} | "
                 f"{found} / {missed} / {wrong} | {sum(f['marks'] for f in firsts)} | "
                 f"{sum(minutes)} (trung bình {sum(minutes) / max(len(minutes), 1):.0f}) |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="thư mục <trang>.txt và <trang>.url (không có trong kho)")
    parser.add_argument("--set", choices=["curated", "holdout", "all"], default="all")
    parser.add_argument("--only", nargs="*", help="chỉ các trang này (ví dụ B18 C04)")
    parser.add_argument("--pages-table", action="store_true", help="in cả bảng từng trang")
    parser.add_argument("--verbose", action="store_true", help="in lỗi kiểm tra và thông báo của từng trang")
    parser.add_argument("--write", type=Path, help="ghi bảng vào tệp markdown này (giữa hai dấu mốc real)")
    args = parser.parse_args(argv)
    if not args.pages.is_dir():
        print(f"Không có thư mục trang {args.pages}: các trang không nằm trong kho (xem đầu tệp này).", file=sys.stderr)
        return 1
    rows = evaluate(args.pages, args.set, args.only)
    table = report(rows)
    print(table)
    if args.pages_table or args.write:
        print(page_table(rows))
    if args.verbose:
        for r in rows:
            if r.get("refused") or r.get("errors"):
                print(r["page"], r.get("message"), r.get("errors"))
    if args.write:
        write_between(args.write, "real", f"{table}\n{page_table(rows)}")
        write_between(args.write, "first", first_drafts())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

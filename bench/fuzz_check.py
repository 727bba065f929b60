"""Fuzz `kb check` and the page compiler with mutated real records; measure the checker on huge inputs.

    .venv/bin/python bench/fuzz_check.py --seconds 300 [--seed 1] [--write bench/FUZZ-RESULTS.md]

Seeds are the repository's real records and catalogues. Each case mutates one of them, either at
random (characters inserted, deleted, repeated, swapped for YAML/markdown/HTML tokens, bytes of other
encodings) or by its grammar (the YAML is parsed, one value is replaced by a huge or odd number,
a deep list, a hostile string, another type, or a key is removed or invented, and the YAML written
back), or by the characters YAML and encodings let through (issue 18: escapes such as "\\x01",
"\\uFFFE", "\\ud800", "\\U00110000" written into a quoted value, raw controls, surrogates and
noncharacters, titles of four-byte letters, the file saved as UTF-16 and then cut short or given a lone
surrogate), writes it into a throwaway copy of the project, and runs `kb check` and `kb fix` on it; when the
check finds no error, the pages are compiled too. Any exception is a failure (a traceback a contributor
would see); the case is saved in $TMPDIR/kb-fuzz-failures/. `--sizes` measures the checker on 1 MiB
records and on the long runs that were quadratic (issue 7).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from kb.build.full import compile_pages
from kb.build.state import BuildFailed
from kb.check.fix import NotText, fix_text
from kb.check.load import CATALOG_FILES, RECORD_KINDS
from kb.check.runner import check

TODAY = dt.date(2026, 11, 24)
FAILURES = Path(tempfile.gettempdir()) / "kb-fuzz-failures"  # outside the repository
TOKENS = ["---", "\n---\n", ":", ": ", "\"", "'", "[", "]", "{", "}", "&a ", "*a", "!!str ", "!!python/object ",
          "\t", "\r", "\x00", "\ufeff", "\u200b", "\u202e", "\ufffd", "e", "1e999", "1.0e999", "1.0e-320",
          "0.00001", "1" + "0" * 400, "9" * 4400, "[" * 400, "{a: " * 400, "- " * 50, "#", "|", ">", "? ",
          "<img/src=x onerror=alert(1)>", "</title>", "&#106;avascript&colon;", "javascript:", "](", "){:",
          "Häc tËp", "Hoïc taäp", "a\u0301", "ø", "%", "\\", "\\u0000", "~", "null", "no", "0x1F", "2019-02-30",
          "<<: *a", "\n  - ", "\n    ", "A" * 5000, "đ", "Đ"]
# Issue 18: what YAML's escapes decode to, and characters no text may hold (written into a double-quoted value).
ESCAPES = ["\\x01", "\\0", "\\e", "\\a", "\\x7f", "\\x85", "\\N", "\\x9b", "\\uFFFE", "\\uFFFF", "\\uFDD0",
           "\\U0010FFFF", "\\U0001FFFE", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\U00110000", "\\UFFFFFFFF",
           "\\U0001F600", "\\L", "\\P", "\\_", "\\r", "\\", "\\x", "\\u12", "\\U0011"]
RAW = ["\x01", "\x1b[2K", "\x7f", "\x85", "\x9b", "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff",
       "\u2028", "\u2029", "\U0001d400", "\U00020000", "\U0001f600", "\udc80"]
FOUR_BYTE = ["\U0001d400", "\U00020000", "\U0001f600", "\U0002a6d6", "\U0001d7ff"]  # math, CJK ext. B, emoji


def character_mutation(rng: random.Random, text: str) -> tuple[str, str | bytes]:
    """An escape into a quoted value, a raw character no text may hold, a title of four-byte letters, or the
    file saved as UTF-16 and damaged."""
    kind = rng.choice(["escape", "escape", "raw", "four-byte", "utf16"])
    quotes = [i for i, char in enumerate(text) if char == '"']
    if kind == "escape" and quotes:
        at = rng.choice(quotes) + 1
        return kind, text[:at] + "".join(rng.choice(ESCAPES) for _ in range(rng.choice([1, 1, 3]))) + text[at:]
    if kind in ("escape", "raw"):
        at = rng.randrange(len(text) + 1)
        return "raw", text[:at] + rng.choice(RAW) * rng.choice([1, 1, 50]) + text[at:]
    if kind == "four-byte":
        letters = "".join(rng.choice(FOUR_BYTE) for _ in range(rng.choice([1, 40, 80, 300])))
        titled = [i for i in range(len(text)) if text.startswith(("title: \"", "name: \"", "label: \""), i)]
        if titled:
            at = text.index('"', rng.choice(titled)) + 1
            return kind, text[:at] + letters + text[at:]
        return kind, text + letters
    data = text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"]), errors="surrogatepass")
    damage = rng.choice(["truncated", "surrogate", "both", "none"])
    if damage in ("truncated", "both"):
        data = data[:-1] if len(data) % 2 == 0 else data
    if damage in ("surrogate", "both") and len(data) > 4:
        at = rng.randrange(1, len(data) // 2) * 2
        data = data[:at] + rng.choice([b"\x00\xd8", b"\xd8\x00", b"\xff\xdf", b"\xdf\xff"]) + data[at:]
    return f"utf16-{damage}", data


def seeds() -> list[tuple[str, str]]:
    """(path relative to the project, text) of every real record and catalogue."""
    found = []
    for path in sorted((ROOT / "records").rglob("*")):
        if path.is_file() and (path.suffix == ".md" and path.parent != ROOT / "records" or path.name in CATALOG_FILES):
            found.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return found


def random_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    kind = rng.choice(["insert", "delete", "repeat", "token", "bytes", "swap-lines", "truncate"])
    if not text:
        return kind, rng.choice(TOKENS)
    at = rng.randrange(len(text))
    if kind == "insert":
        return kind, text[:at] + chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000),
                                                 rng.randrange(0, 32)])) + text[at:]
    if kind == "delete":
        return kind, text[:at] + text[at + rng.randrange(1, 40):]
    if kind == "repeat":
        chunk = text[at:at + rng.randrange(1, 30)]
        return kind, text[:at] + chunk * rng.choice([2, 10, 100, 1000, 20000]) + text[at:]
    if kind == "token":
        return kind, text[:at] + rng.choice(TOKENS) + text[at:]
    if kind == "bytes":
        raw = text.encode("utf-8", errors="surrogateescape")
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        return kind, (raw[:at] + noise + raw[at:]).decode("utf-8", errors="surrogateescape")
    if kind == "swap-lines":
        lines = text.split("\n")
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return kind, "\n".join(lines)
    return kind, text[:at]


def odd_value(rng: random.Random):
    return rng.choice([
        10 ** 400, -10 ** 20, 1e308 * 10, float("nan"), 1e-320, 0.00001, 123456789012345.5, True, None, "",
        [], {}, [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], {"a": {"b": {"c": "d"}}},
        "<img/src=x onerror=alert(1)>", "https://example.org/![x](y){:onerror=alert(1)}", "x" * 30000,
        "Häc tËp vµ lµm theo", "=HYPERLINK(\"x\")", "index", "INDEX", "Đ", "2019-13-45", "99999", "tra-vinh",
        rng.randrange(-10 ** 6, 10 ** 6), rng.random() * 10 ** rng.randrange(-30, 30),
    ])


def grammar_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    """Parse the YAML, change one value or key, write it back."""
    record = "---\n" in text[:4]
    head, meta, body = text.split("---\n", 2) if record else ("", text, "")
    try:
        data = yaml.safe_load(meta)
    except yaml.YAMLError:
        return random_mutation(rng, text)
    slots = []

    def collect(value, parent, key):
        slots.append((parent, key))
        if isinstance(value, dict):
            for k in list(value):
                collect(value[k], value, k)
        elif isinstance(value, list):
            for i in range(len(value)):
                collect(value[i], value, i)
    collect(data, None, None)
    parent, key = rng.choice(slots[1:] or slots)
    kind = rng.choice(["value", "value", "delete", "new-key", "duplicate", "body"])
    if parent is None:
        data = odd_value(rng)
    elif kind == "value":
        parent[key] = odd_value(rng)
    elif kind == "delete":
        del parent[key]
    elif kind == "new-key" and isinstance(parent, dict):
        parent[rng.choice(["titel", "url", "id", "name", "x" * 200, "Tên"])] = odd_value(rng)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.append(parent[key])
    elif kind == "body" and record:
        body = rng.choice(TOKENS) * rng.choice([1, 100, 10000]) + body
    try:
        meta = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=rng.choice([80, 10 ** 6]))
    except (yaml.YAMLError, ValueError, OverflowError):
        return "grammar-unwritable", text
    return f"grammar-{kind}", ("---\n" + meta + "---\n" + body) if record else meta


def as_bytes(text: str | bytes) -> bytes:
    """A case as the file's bytes: a str is UTF-8 (bytes it could not hold are kept as they were, or, for a raw
    surrogate, written the way a broken encoder would), bytes are written as they are (UTF-16 cases)."""
    return text if isinstance(text, bytes) else text.encode("utf-8", errors="surrogateescape")


def fixed(relative: str, raw: bytes) -> None:
    """`kb fix` on the file's bytes: a NotText (a coded KB301) is an answer, any other exception a finding."""
    kind = RECORD_KINDS.get(relative.split("/")[1], "") if relative.count("/") > 1 else ""
    for legacy in (False, True):
        try:
            fix_text(raw, kind, legacy=legacy, path=relative)
        except NotText as error:
            assert error.problem.code == "KB301" and error.problem.line >= 1


def quick_case(relative: str, text: str | bytes) -> tuple[str, float]:
    """One record through the load and validate stages alone (no other file read), and `kb fix`: many more cases."""
    from kb.check.load import MAX_FILE_BYTES, decode, split_record
    from kb.check.validate import validate
    start = time.perf_counter()
    diagnostics = []
    raw = as_bytes(text)
    if len(raw) > MAX_FILE_BYTES:  # load refuses it (KB116) unread
        return "KB116 (một tệp)", time.perf_counter() - start
    decoded = decode(raw, relative, diagnostics)
    kind = RECORD_KINDS[relative.split("/")[1]]
    source = split_record(relative, kind, decoded, diagnostics) if decoded is not None else None
    if source is not None:
        _record, found = validate(source, today=TODAY)
        diagnostics += found
    fixed(relative, raw)
    return ("diagnostics" if diagnostics else "ok") + " (một tệp)", time.perf_counter() - start


def run_case(project: Path, relative: str, text: str | bytes) -> tuple[str, float]:
    """'ok', 'diagnostics' or 'compiled', and the seconds it took; raises on a traceback."""
    target = project / relative
    target.write_bytes(as_bytes(text))
    start = time.perf_counter()
    fixed(relative, as_bytes(text))
    checked = check(project, today=TODAY)
    outcome = "diagnostics" if checked.diagnostics else "ok"
    if not checked.errors:
        try:
            compile_pages(project)
            outcome = "compiled"
        except BuildFailed:
            outcome = "build-refused"
    return outcome, time.perf_counter() - start


FAMILIES = {"grammar": grammar_mutation, "random": random_mutation, "character": character_mutation}


def fuzz(seconds: float, seed: int, max_cases: int | None = None, families: tuple[str, ...] | None = None) -> dict:
    """Mutated cases for `seconds` (or `max_cases`); `families` limits the mutations to some of FAMILIES."""
    from conftest import make_project
    rng = random.Random(seed)
    corpus = seeds()
    work = Path(tempfile.mkdtemp(prefix="kb-fuzz-"))
    project = make_project(work / "project", ROOT / "records")
    stats = collections.Counter()
    outcomes = collections.Counter()
    failures = []
    slowest = (0.0, "")
    started = time.monotonic()
    while time.monotonic() - started < seconds and (max_cases is None or stats["cases"] < max_cases):
        relative, original = rng.choice(corpus)
        if families:
            mutate = FAMILIES[rng.choice(families)]
        else:
            draw = rng.random()
            mutate = grammar_mutation if draw < 0.4 else (random_mutation if draw < 0.75 else character_mutation)
        text = original
        kinds = []
        for _ in range(rng.choice([1, 1, 2, 3, 5])):
            if isinstance(text, bytes):  # saved as UTF-16: the file's bytes are the case
                break
            kind, text = mutate(rng, text)
            kinds.append(kind)
        stats["cases"] += 1
        for kind in kinds:
            stats[kind] += 1
        try:
            quick = relative.endswith(".md") and rng.random() < 0.8
            outcome, took = quick_case(relative, text) if quick else run_case(project, relative, text)
            outcomes[outcome] += 1
            if took > slowest[0]:
                slowest = (took, f"{relative} ({len(text):,} ký tự; {', '.join(kinds)})")
        except Exception:  # noqa: BLE001 - the point: any exception is a finding
            failures.append({"path": relative, "kinds": kinds, "traceback": traceback.format_exc()})
            folder = FAILURES
            folder.mkdir(exist_ok=True)
            (folder / f"case-{seed}-{len(failures)}.txt").write_bytes(as_bytes(text))
        finally:
            (project / relative).write_text(original, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return {"seconds": round(time.monotonic() - started), "seed": seed, "cases": stats["cases"],
            "mutations": {k: v for k, v in sorted(stats.items()) if k != "cases"},
            "outcomes": dict(outcomes), "failures": failures,
            "slowest": {"seconds": round(slowest[0], 3), "case": slowest[1]}}


def sizes() -> list[tuple[str, int, float]]:
    """Seconds `kb check` takes on records of about 1 MiB and on the long runs issue 7 measured."""
    from conftest import make_project
    from kb.check import textcheck
    from kb.text import legacy
    base = (ROOT / "records/units/tra-vinh/cau-ngang.md").read_text(encoding="utf-8")
    head, meta, body = base.split("---\n", 2)
    mib = 1024 * 1024 - 20_000
    cases = {
        "thân hồ sơ 1 MiB chữ liền (không dấu cách)": ("---\n" + meta + "---\n", "a" * mib),
        "thân hồ sơ 1 MiB '<a' lặp lại": ("---\n" + meta + "---\n", "<a" * (mib // 2)),
        "thân hồ sơ 1 MiB ' on' lặp lại sau một thẻ": ("---\n" + meta + "---\n", "<b>" + " onx" * (mib // 4)),
        "url 900 KB": ("---\n" + meta.replace("    date:", "    url: \"https://example.org/" + "a" * 900_000
                                                + "\"\n    date:", 1) + "---\n", body),
        "trường name 1 MiB": ("---\n" + meta.replace("name: \"", "name: \"" + "ằ" * (mib // 3), 1) + "---\n", body),
    }
    work = Path(tempfile.mkdtemp(prefix="kb-size-"))
    project = make_project(work / "project", ROOT / "records")
    results = []
    for name, (front, tail) in cases.items():
        (project / "records/units/tra-vinh/cau-ngang.md").write_text(front + tail, encoding="utf-8")
        start = time.perf_counter()
        found = check(project, today=TODAY)
        results.append((name, len((front + tail).encode("utf-8")), time.perf_counter() - start,
                        ",".join(sorted({d.code for d in found.diagnostics})) or "—"))
    shutil.rmtree(work, ignore_errors=True)
    for letters in (20_000, 80_000, 160_000, 1_000_000):
        text = "a" * letters
        start = time.perf_counter()
        textcheck.legacy_words(text)
        new = time.perf_counter() - start
        old = None
        if letters <= 80_000:
            start = time.perf_counter()
            legacy.legacy_words(text)
            old = time.perf_counter() - start
        count = f"{letters:,}".replace(",", ".")
        results.append((f"mẫu lỗi phông (KB302), {count} chữ liền — mẫu cũ: {old:.2f} s" if old is not None
                        else f"mẫu lỗi phông (KB302), {count} chữ liền — mẫu cũ: không đo (bậc hai)", letters, new, "—"))
    return results


def report(result: dict, measured: list) -> str:
    lines = ["# Fuzz của `kb check` và `kb fix` (issue 7, issue 18)", "",
             f"`{Path(sys.executable).name} bench/fuzz_check.py --seconds {result['seconds']} --seed {result['seed']}` "
             f"trên máy 2 nhân dùng chung, {dt.date.today():%d/%m/%Y}.", "",
             "Mỗi ca đột biến một hồ sơ hoặc danh mục thật của records/ (ngẫu nhiên: chèn, xoá, lặp, thay bằng ký hiệu "
             "YAML/markdown/HTML, byte của bảng mã khác; theo ngữ pháp: đọc YAML, thay một giá trị bằng số rất lớn, "
             "số dạng mũ, danh sách lồng sâu, chuỗi độc hại, kiểu khác, xoá hay thêm khoá, rồi ghi lại; theo ký tự: "
             "mã thoát YAML như \\x01, \\uFFFE, \\ud800, \\U00110000 trong giá trị có ngoặc kép, ký tự điều khiển, "
             "surrogate, noncharacter viết thẳng, tiêu đề bằng chữ bốn byte, tệp lưu UTF-16 rồi bị cắt cụt hay thêm nửa "
             "cặp surrogate), chạy `kb fix` và `kb check` trên bản sao dự án, và khi không có lỗi thì dựng các trang.", "",
             "| Chỉ số | Giá trị |", "| --- | --- |",
             f"| Thời gian chạy | {result['seconds']} s |",
             f"| Số ca | {result['cases']:,} |".replace(",", "."),
             f"| Traceback (lỗi chưa bắt) | **{len(result['failures'])}** |",
             f"| Ca chậm nhất | {result['slowest']['seconds']} s — {result['slowest']['case']} |"]
    for outcome, count in sorted(result["outcomes"].items()):
        lines.append(f"| Kết quả `{outcome}` | {count:,} |".replace(",", "."))
    lines += ["", "Đột biến đã dùng: " + ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in result["mutations"].items()) + ".", ""]
    if measured:
        lines += ["## Hồ sơ rất lớn", "", "| Đầu vào | Byte | Giây | Mã lỗi |", "| --- | ---: | ---: | --- |"]
        lines += [f"| {name} | {size:,} | {seconds:.2f} | {codes} |".replace(f"{size:,}", f"{size:,}".replace(",", "."))
                  for name, size, seconds, codes in measured]
        lines.append("")
    for failure in result["failures"][:5]:
        lines += ["```", failure["traceback"][-1500:], "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sizes", action="store_true", help="đo thêm thời gian kiểm tra hồ sơ 1 MiB")
    parser.add_argument("--write", type=Path, help="ghi kết quả (markdown) vào tệp này")
    args = parser.parse_args()
    result = fuzz(args.seconds, args.seed)
    measured = sizes() if args.sizes else []
    text = report(result, measured)
    print(text)
    print(json.dumps({k: v for k, v in result.items() if k != "failures"}, ensure_ascii=False))
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()

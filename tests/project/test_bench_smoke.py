"""The build benchmark at a tiny size: every step runs and reports (no timing is asserted)."""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

import build_bench  # noqa: E402
from corpus import dense_project  # noqa: E402


def test_dense_corpus_has_the_density_of_real_records(tmp_path):
    from kb.check.runner import check
    project, counts = dense_project(tmp_path / "dense", 200)
    assert 1.5 <= counts["models"] / 200 <= 3 and 3 <= counts["results"] / 200 <= 5
    assert 0.7 <= counts["limitations"] / 200 <= 1.3 and counts["lessons"] > 0
    checked = check(project)
    assert not checked.errors
    corpus = checked.corpus
    assert max(len(u.models) for u in corpus.units.values()) <= 9
    assert max(len(u.lessons) for u in corpus.units.values()) <= 4
    assert corpus.themes and corpus.directives and {u.level for u in corpus.units.values()} >= {"tinh", "huyen", "xa"}
    again, _ = dense_project(tmp_path / "again", 200)
    first = sorted(p.relative_to(project).as_posix() for p in (project / "records").rglob("*.md"))
    assert first == sorted(p.relative_to(again).as_posix() for p in (again / "records").rglob("*.md"))


def test_build_benchmark_runs_at_a_small_size(capsys):
    build_bench.main(["6"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 3 and rows[2].startswith("| 6 |")
    assert rows[2].count("|") == rows[1].count("|") == rows[0].count("|")
    cells = dict(zip(rows[0].split(" | "), rows[2].split(" | ")))
    reuse = cells["Bản xem trước của pull request (`kb build --reuse`, một hồ sơ sửa)"]
    assert reuse.endswith(" trang)") and not reuse.startswith("—")


def test_build_benchmark_without_serve_leaves_its_cells_empty(capsys):
    build_bench.main(["6", "--no-serve", "--no-header"])
    cells = capsys.readouterr().out.strip().split(" | ")
    header = build_bench.HEADER.splitlines()[0].split(" | ")
    served = [cells[header.index(name)] for name in header if "`kb serve`" in name or "Sửa → xem trước" in name]
    assert served == ["—", "—", "—"]
    assert cells[header.index("Bản xem trước của pull request (`kb build --reuse`, một hồ sơ sửa)")] != "—"


def test_build_benchmark_national_options_and_a_failed_preview_leave_their_cells_marked(capsys, monkeypatch):
    def fails(project):
        raise build_bench.PreviewFailed("trang không đổi")
    monkeypatch.setattr(build_bench, "serve", fails)
    build_bench.main(["6", "--no-single", "--no-reuse", "--no-header"])
    cells = capsys.readouterr().out.strip().split(" | ")
    header = build_bench.HEADER.splitlines()[0].split(" | ")
    assert len(cells) == len(header)
    assert cells[header.index("`mkdocs build`")] == "—"
    assert cells[header.index("Bản xem trước của pull request (`kb build --reuse`, một hồ sơ sửa)")] == "—"
    assert any(cell == "lỗi: trang không đổi" for cell in cells)
    assert cells[header.index("Material thuần, cùng trang")].endswith(" MiB")


def test_build_benchmark_serve_only_reports_the_preview(capsys):
    build_bench.main(["6", "--serve-only"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 3 and rows[2].startswith("| 6 | ") and rows[2].count("|") == rows[0].count("|")
    assert rows[2].split(" | ")[4].endswith(" MiB")


def test_build_benchmark_check_only_sets_the_first_check_beside_a_bare_parse(capsys):
    build_bench.main(["6", "--check-only"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 3 and rows[2].startswith("| 6 | ") and rows[2].count("|") == rows[0].count("|")
    cells = rows[2].split(" | ")
    assert cells[1].endswith(" s") and cells[2].endswith(" s") and float(cells[3]) > 0


def test_build_benchmark_reuse_only_times_the_pull_request_preview(capsys):
    build_bench.main(["6", "--reuse-only"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == 3 and rows[2].startswith("| 6 | ") and rows[2].count("|") == rows[0].count("|")
    assert rows[2].split(" | ")[2].endswith(" trang)")


def test_a_widespread_practice_shows_a_bounded_list_on_each_model_page(tmp_path):
    """A practice reported by hundreds of units must not put hundreds of lines on each of its pages
    (quadratic at national scale): PRACTICE_SHOWN others, the unit's own province first, then the count."""
    import re

    from kb.check.runner import check
    from kb.generate.pages import generate_pages
    from kb.generate.render.model_page import PRACTICE_SHOWN
    project, _ = dense_project(tmp_path / "dense", 200)
    corpus = check(project).corpus
    pages = generate_pages(project, corpus)
    key, models = max(corpus.practices.items(), key=lambda item: len(item[1]))
    assert len(models) > 3 * PRACTICE_SHOWN
    for model in models[:: len(models) // 5]:
        unit = corpus.units[model.unit_id]
        page = pages[f"mo-hinh/{unit.id}/{model.id}.md"]
        section = page.split("## Nơi khác cũng làm {#noi-khac}\n\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
        lines = [line for line in section.splitlines() if line.startswith("- ")]
        assert len(lines) == PRACTICE_SHOWN
        listed = [re.match(r"- \[[^]]*\]\(\.\./([^/)]+)/[^/)]+\.md\)", line).group(1) for line in lines]
        assert unit.id not in listed
        provinces = [corpus.units[u].province == unit.province for u in listed]
        assert provinces == sorted(provinces, reverse=True)  # same province first
        same = sum(1 for m in models if m.unit_id != unit.id and corpus.units[m.unit_id].province == unit.province)
        assert sum(provinces) == min(same, PRACTICE_SHOWN)
        own = sum(1 for m in models if m.unit_id == unit.id)
        hidden = len(models) - own - PRACTICE_SHOWN
        assert f"Và {hidden} mô hình nữa." in section
    practice = "".join(text for path, text in pages.items() if path == f"nhan-rong/{key}.md"
                       or path.startswith(f"nhan-rong/{key}/mo-hinh/"))
    assert all(f"(../mo-hinh/{m.unit_id}/{m.id}.md)" in practice or f"(../../../mo-hinh/{m.unit_id}/{m.id}.md)"
               in practice for m in models)  # the practice's own pages still list every model


def test_the_real_pages_benchmark_runs_on_a_page_written_for_the_test(tmp_path, monkeypatch, capsys):
    """bench/import_real.py on one page in the project's own words (the real pages stay outside the repository)."""
    import import_real
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "T01.yaml").write_text(
        "page: T01\nurl: https://baotravinh.vn/2020/06/cau-ngang.html\nset: holdout\n"
        "unit: {name: Huyện ủy Cầu Ngang, place: Cầu Ngang, level: huyen, kind: dia-phuong, province: tra-vinh}\n"
        "date: 2020-06-15\nmodels: [Mỗi đảng viên một việc làm tốt]\n"
        "first_draft: {refused: true, unit: false, province: false, date: false, models_found: 0, models_missed: 1, "
        "models_wrong: 0, marks: 0, review_minutes: 3}\n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "T01.txt").write_text(
        "Cầu Ngang sơ kết một năm thực hiện chuyên đề\n\n15/06/2020 - 08:00\n\nBan Thường vụ Huyện ủy Cầu Ngang tổ "
        "chức sơ kết một năm học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở các chi bộ trong toàn "
        "huyện. Các chi bộ đã xây dựng nhiều mô hình như: “Mỗi đảng viên một việc làm tốt” của Chi bộ ấp Mỹ Cẩm A.\n",
        encoding="utf-8")
    monkeypatch.setattr(import_real, "GOLD", gold)
    results = tmp_path / "R.md"
    results.write_text("# Kết quả\n", encoding="utf-8")
    assert import_real.main(["--pages", str(pages), "--write", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    assert "| để riêng | 1 | 1/1 | 1/1 | 1.00 |" in text and "| T01 | holdout | Ban Thường vụ Huyện ủy Cầu Ngang | ✓ | ✓ | ✓ | 1 / 0 / 0 |" in text
    assert "| T01 | holdout | từ chối | ✗ | ✗ | ✗ | 0 / 1 / 0 | 0 | 3 |" in text and "<!-- first:end -->" in text

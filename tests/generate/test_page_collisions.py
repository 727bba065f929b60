"""Two pages on one path: ids that would collide are refused by `kb check` (KB405), keys made from titles step
aside, and a second page written to a path is an error of the build, never a page lost without a word."""

from __future__ import annotations

import datetime as dt

import pytest
from kb.build.full import compile_pages
from kb.build.state import BuildFailed
from kb.build.staging import Staging
from kb.check.runner import check
from kb.generate.groupings import PRACTICE_KEY_MAX, practice_key
from kb.generate.layout import Page, PageCollision, lay_out
from kb.model.paths import reserved_name

TODAY = dt.date(2026, 11, 24)
UNIT = "records/units/tra-vinh/cau-ngang.md"


def _replace(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _second_unit(project, unit_id: str, models: str) -> None:
    """A unit at another province (Gò Vấp) whose id and models are given."""
    path = project / "records/units/ho-chi-minh/go-vap.md"
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    head = head.replace("id: go-vap", f"id: {unit_id}")
    path.unlink()
    (path.parent / f"{unit_id}.md").write_text(head + "\n" + models + "---\n" + body, encoding="utf-8")


MODEL = ('models:\n  - title: "{title}"\n    owner: "Chi đoàn"\n    kind: tap-the\n    field: giao-duc\n')


def test_a_unit_tat_ca_with_a_model_trang_2_is_refused_before_it_replaces_page_2_of_the_models(mini_project):
    _second_unit(mini_project, "tat-ca", "models:\n  - title: \"Trang hai\"\n    id: trang-2\n    owner: \"Chi đoàn\"\n"
                                         "    kind: tap-the\n    field: giao-duc\n")
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.code == "KB405"]
    assert [(d.path, d.line) for d in found] == [("records/units/ho-chi-minh/tat-ca.md", found[0].line)]
    assert "trang-2" in found[0].message and "trang tiếp theo" in found[0].message


@pytest.mark.parametrize("record_id", ["index", "trang-2", "trang-17"])
def test_record_and_item_ids_that_are_page_names_are_refused(mini_project, record_id):
    _replace(mini_project, UNIT, "id: cau-ngang", f"id: {record_id}")
    (mini_project / UNIT).rename(mini_project / f"records/units/tra-vinh/{record_id}.md")
    assert "KB405" in {d.code for d in check(mini_project, today=TODAY).diagnostics}


def test_a_model_title_that_slugs_to_a_page_name_asks_for_an_id(mini_project):
    _replace(mini_project, UNIT, '"Nuôi heo đất tiết kiệm khuyến học, khuyến tài"', '"Trang 3"')
    found = [d for d in check(mini_project, today=TODAY).diagnostics if d.code == "KB405"]
    assert len(found) == 1 and "đặt 'id'" in found[0].message


def test_ids_that_only_look_like_page_names_are_kept():
    assert not any(reserved_name(name) for name in ("trang-chu", "index-chung", "trang", "trang-2-xa", "chi-muc"))
    assert all(reserved_name(name) for name in ("index", "Index", "trang-2", "trang-100"))


@pytest.mark.parametrize("title", ["Mô hình Index", "Phong trào index", "Mô hình trang 2", "trang-5"])
def test_practice_keys_never_take_a_page_name(title):
    key = practice_key(title)
    assert not reserved_name(key) and key.split("-")[0] in ("index", "trang")
    assert practice_key(title) == key  # stable


def test_two_units_modelling_index_keep_the_practices_index(mini_project):
    """'Mô hình Index' and 'Phong trào index' at two units: their practice page must not replace /nhan-rong/."""
    _replace(mini_project, UNIT, '"Nuôi heo đất tiết kiệm khuyến học, khuyến tài"', '"Mô hình Index"')
    _second_unit(mini_project, "go-vap", MODEL.format(title="Phong trào index"))
    pages, checked = compile_pages(mini_project)
    assert not checked.errors
    assert pages["nhan-rong/index.md"].startswith("---") and "# Mô hình được nhân rộng\n" in pages["nhan-rong/index.md"]
    practice = [path for path in pages if path.startswith("nhan-rong/index-")]
    assert len(practice) == 1 and "Mô hình Index" in pages[practice[0]]


def test_a_practice_named_in_four_byte_letters_gets_a_file_name_a_disk_can_hold(mini_project):
    """80 letters of four bytes each at two units: the key was cut at 80 characters, 320 bytes: no file."""
    title = "𝐀" * 80
    key = practice_key(title)
    assert len(key.encode()) <= PRACTICE_KEY_MAX
    assert practice_key("𝐀" * 79 + "𝐁") != key  # the whole title still decides the group
    _replace(mini_project, UNIT, '"Nuôi heo đất tiết kiệm khuyến học, khuyến tài"', f'"{title}"\n    id: chu-dam')
    _second_unit(mini_project, "go-vap", MODEL.format(title=title) + "    id: chu-dam\n")
    from kb.build.run import build
    build(mini_project, site=False)
    assert any(path.name.endswith(".md") for path in (mini_project / "docs/nhan-rong").iterdir())
    assert all(len(path.name.encode()) < 255 for path in (mini_project / "docs").rglob("*"))


def test_the_layout_refuses_a_second_page_on_one_path():
    first, second = Page("mo-hinh/tat-ca/trang-2.md", "Mô hình A", "records/a.md"), \
        Page("mo-hinh/tat-ca/trang-2.md", "Trang 2", "records/b.md")
    with pytest.raises(PageCollision, match="mo-hinh/tat-ca/trang-2.md"):
        lay_out([first, second])


def test_staging_refuses_a_second_file_on_one_path_or_one_address(mini_project):
    stage = Staging(mini_project)
    stage.write("don-vi/a.md", "một")
    with pytest.raises(BuildFailed, match="don-vi/a.md"):
        stage.write("don-vi/a.md", "hai")
    with pytest.raises(BuildFailed, match="/don-vi/a/"):  # both pages would be site/don-vi/a/index.html
        stage.write("don-vi/a/index.md", "ba")
    stage.write("don-vi/a/b.md", "bốn")  # another address
    stage.abort()


def test_the_previews_writer_refuses_a_second_file_on_one_address(mini_project):
    from kb.serve.writer import PageWriter
    writer = PageWriter(mini_project, ("don-vi",))

    def produce(write, append):
        write("don-vi/a.md", "một")
        write("don-vi/a/index.md", "hai")
    with pytest.raises(BuildFailed, match="/don-vi/a/"):
        writer.stage(mini_project / ".kb/preview-stage", produce)


def test_a_collision_the_checker_missed_fails_the_build_and_keeps_the_previous_pages(mini_project, monkeypatch):
    """The last layer: with KB405 bypassed, the build stops with a message and docs/ is as it was."""
    from kb.build.run import build
    build(mini_project, site=False)
    before = sorted(p.relative_to(mini_project).as_posix() for p in (mini_project / "docs").rglob("*"))
    monkeypatch.setattr("kb.check.validate.reserved_name", lambda name: False)
    _second_unit(mini_project, "tat-ca", "models:\n  - title: \"Trang hai\"\n    id: trang-2\n    owner: \"Chi đoàn\"\n"
                                         "    kind: tap-the\n    field: giao-duc\n")
    # enough models for the models index to continue on a second page
    models = "".join(MODEL.format(title=f"Mô hình thứ {n}").replace("models:\n", "") for n in range(120))
    _replace(mini_project, UNIT, "lessons:\n", models + "lessons:\n")
    with pytest.raises(BuildFailed, match="mo-hinh/tat-ca/trang-2.md"):
        build(mini_project, site=False, reuse=False)
    assert sorted(p.relative_to(mini_project).as_posix() for p in (mini_project / "docs").rglob("*")) == before

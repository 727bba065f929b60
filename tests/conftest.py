"""Shared test helpers: a throwaway copy of the project over any records tree, the Chromium fixture, the
pipeline without its cache or its checker, and the markers (browser, records, slow) of the quick loop."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from kb.build.child import run_site_generator
from kb.build.staging import write_pages
from kb.check.catalogs import validate_catalogs
from kb.check.docsfiles import docs_diagnostics
from kb.check.link import link
from kb.check.load import load_tree
from kb.check.validate import validate
from kb.generate.pages import generate
from kb.model import paths
from kb.tools.relevance import chromium_path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="ghi lại các tệp golden từ kết quả hiện tại (xem kỹ git diff sau đó)")


CHROMIUM = chromium_path()
BROWSER_FIXTURES = {"browser", "browser_page", "page"}  # a test that takes one of these drives Chromium
RECORDS_FIXTURES = {"real_site", "real_base"}  # ... reads the repository's live records
SITE_FOLDERS = {"build", "site", "serve"}  # tests/<these>/ build whole sites with MkDocs


def pytest_collection_modifyitems(config, items):
    """Mark what the quick loop (`make test-fast`: -m "not browser and not records and not site") leaves out,
    and skip the slow tests unless KB_SLOW=1."""
    skip = pytest.mark.skip(reason="chạy lâu; đặt KB_SLOW=1 để chạy")
    tests = Path(__file__).resolve().parent
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        parts = Path(str(item.fspath)).resolve().relative_to(tests).parts
        if parts[0] in SITE_FOLDERS or parts[-1] == "test_bench_smoke.py":
            item.add_marker(pytest.mark.site)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & RECORDS_FIXTURES:
            item.add_marker(pytest.mark.records)
        if "slow" in item.keywords and os.environ.get("KB_SLOW") != "1":
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, launched once per module (skipped where it is missing, except in CI)."""
    if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
        pytest.skip("cần Chromium của Debian (apt-get install chromium); CI luôn cài")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


def build_without_check(project: Path) -> None:
    """Compile as `kb build` would, but keep records the checker rejects (a bypassed check)."""
    loaded = load_tree(project)
    catalogs, _ = validate_catalogs(loaded.catalogs)
    records = []
    for source in loaded.records:
        record, _problems = validate(source)
        if record is None:
            raise AssertionError(f"{source.path} không dựng được")
        records.append(record)
    corpus, _ = link(catalogs, records)
    write_pages(project, generate(project, corpus))
    process = run_site_generator(project, project / "site", strict=False)
    assert process.returncode == 0, process.stderr


def reference(root: Path):
    """The check without any cache: load every file, validate each, link all (the pipeline as written)."""
    loaded = load_tree(root)
    catalogs, diagnostics = validate_catalogs(loaded.catalogs)
    records = []
    for source in loaded.records:
        record, problems = validate(source)
        diagnostics += problems
        records += [record] if record is not None else []
    return sorted(set(loaded.diagnostics + diagnostics + link(catalogs, records)[1] + docs_diagnostics(root)))


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def make_project(target: Path, records: Path) -> Path:
    """Copy mkdocs.yml, overrides/ and the hand-written docs of the repo, plus `records`, into target."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", target / "overrides")
    (target / "docs").mkdir()
    for source in sorted((REPO / "docs").iterdir()):
        if source.name in paths.GENERATED_DIRS or source.name in paths.GENERATED_FILES:
            continue  # what kb build writes, possibly left over from a local build
        if source.is_dir():
            shutil.copytree(source, target / "docs" / source.name)
        else:
            shutil.copy(source, target / "docs" / source.name)
    shutil.copytree(records, target / "records")
    return target


@pytest.fixture
def mini_project(tmp_path) -> Path:
    return make_project(tmp_path / "mini", FIXTURES / "mini" / "records")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real records of the repository, built once per test session with --strict."""
    from kb.build.run import build
    project = make_project(tmp_path_factory.mktemp("real") / "project", REPO / "records")
    build(project, strict=True)
    return project


def assert_golden(actual: str, golden: Path, update: bool) -> None:
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"thiếu tệp golden {golden}; chạy pytest --update-golden rồi xem lại diff"
    assert actual == golden.read_text(encoding="utf-8"), f"khác với {golden}; nếu thay đổi là đúng, chạy --update-golden"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout

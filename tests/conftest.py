"""Shared test helpers: a throwaway copy of the project over any records tree."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kb import paths

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="ghi lại các tệp golden từ kết quả hiện tại (xem kỹ git diff sau đó)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: chạy lâu; chỉ chạy khi đặt KB_SLOW=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KB_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="chạy lâu; đặt KB_SLOW=1 để chạy")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


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
    from kb.build import build
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

"""Documentation that is generated or promised stays true."""

import os
import re
import shutil
import subprocess

from conftest import REPO
from kb import cli
from kb.generate.fieldref import refresh_sections
from kb.model.diagnostics import CODES
from kb.model.schema import schema


def test_contributing_guide_tables_are_fresh():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert refresh_sections(guide) == guide, "CONTRIBUTING.md cũ: chạy 'kb docs'"


def test_every_code_and_every_unit_field_is_documented():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in guide
    for field in schema("unit")["properties"]:
        assert f"`{field}`" in guide


def test_every_cli_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    parser_help = subprocess.run([cli.sys.executable, "-m", "kb.cli", "--help"], capture_output=True, text=True).stdout
    commands = re.findall(r"^    ([a-z-]+)\s{2,}\S", parser_help, re.M)  # the commands listed under LỆNH
    assert set(commands) >= {"check", "fix", "new", "build", "serve", "docs"}
    for command in commands:
        assert f"kb {command}" in readme, f"README chưa nói về 'kb {command}'"


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make test" in ci and "make serve" in readme


def test_the_worked_example_of_the_contributing_guide_passes_the_check(tmp_path):
    """A newcomer who copies the guide's example into a new file gets no error."""
    from conftest import make_project
    from kb.check.runner import check
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```markdown\n(---\n.*?)```", guide, re.S).group(1)
    project = make_project(tmp_path / "project", REPO / "records")
    (project / "records/units/tra-vinh/cau-ngang.md").write_text(example, encoding="utf-8")
    problems = [d for d in check(project).diagnostics if d.path == "records/units/tra-vinh/cau-ngang.md"]
    assert problems == [], "\n".join(d.format() for d in problems)


# -- setup as written (issue 19): commands that work from a fresh clone, on Linux, macOS and Windows --------------

GUIDES = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]


def test_guides_never_tell_a_reader_to_run_a_bare_kb():
    """`kb` is not on PATH after `make`: every command a reader is told to run names .venv/bin/kb (what the machine
    runs in CI — "Máy chạy `kb check`" — may keep the tool's name)."""
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        fenced = False
        for number, line in enumerate(text.split("\n"), start=1):
            fenced = not fenced if line.startswith("```") else fenced
            assert not (fenced and line.startswith("kb ")), f"{guide.name}:{number}: {line}"
        told = re.findall(r"(?<![Mm]áy )(?<!rồi )[Cc]hạy `kb [^`]*`", text)
        assert told == [], f"{guide.name}: {told}"


def test_windows_and_hooks_are_covered_without_make_or_pre_commit():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    windows = guide.split("**Windows**", 1)[1].split("##", 1)[0]
    assert "py -m venv .venv" in windows and "--require-hashes -r requirements.lock" in windows
    assert ".venv\\Scripts\\kb check" in windows and "make" not in windows.split("```", 2)[1]
    assert "make hooks" in guide and "dự án không cần cài pre-commit" in guide
    assert re.search(r"^hooks: ", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)


def test_make_hooks_installs_a_git_hook_that_runs_the_checks(tmp_path):
    """The hook `make hooks` writes, in a throwaway repository whose environment counts as installed."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    for name in ("requirements.lock", "pyproject.toml", "package-lock.json"):
        (tmp_path / name).write_text("", encoding="utf-8")
        os.utime(tmp_path / name, (0, 0))
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".installed").write_text("", encoding="utf-8")
    done = subprocess.run(["make", "-s", "hooks"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK) and ".venv/bin/kb fix --check && .venv/bin/kb check" in hook.read_text(
        encoding="utf-8")


def test_maintainers_are_told_how_to_switch_on_pages_sign_in_and_the_bots_checks():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    maintainers = " ".join(guide.split("## Cho người quản trị kho", 1)[1].split("\n## ", 1)[0].split())
    for needed in ("Source: GitHub Actions", "KB_CMS_AUTH_URL", "Allow GitHub Actions to create and approve pull "
                   "requests", "workflow_dispatch", "create-github-app-token", "http.server"):
        assert needed in maintainers, needed
    assert "gh workflow run pull-request.yml" in (REPO / ".github/scripts/issue-to-pr.sh").read_text(encoding="utf-8")

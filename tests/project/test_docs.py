"""Documentation that is generated or promised stays true."""

import re
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

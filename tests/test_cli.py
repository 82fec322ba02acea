"""`build.py check`: exit codes, sorted output, GitHub annotations, both languages."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import INVALID, ROOT, overlay


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                          env=full_env, check=False)


def test_check_valid_prints_one_line_and_exits_0(content: Path) -> None:
    result = run("check", "--content", str(content), "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.strip().splitlines() == [
        "All good: 4 organisations and 2 networks checked, no problems."]


def test_check_invalid_lists_every_problem_sorted_with_count(content: Path) -> None:
    overlay(INVALID / "references", content)
    overlay(INVALID / "formats", content)
    result = run("check", "--content", str(content), "--lang", "en")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert lines[-1] == "15 problem(s) found; nothing was built. Fix them and run the check again."
    body = lines[:-1]
    assert len(body) == 15
    keys = [(l.split(":")[0], int(l.split(":")[1]), int(l.split(":")[2])) for l in body]
    assert keys == sorted(keys)


def test_check_in_finnish(content: Path) -> None:
    overlay(INVALID / "unknown-field", content)
    result = run("check", "--content", str(content), "--lang", "fi")
    assert "`themse` ei ole kenttä tässä — tarkoititko `themes`?" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("2 ongelma(a) löytyi")


def test_github_annotations(content: Path) -> None:
    overlay(INVALID / "unknown-field", content)
    result = run("check", "--content", str(content), "--lang", "en", env={"GITHUB_ACTIONS": "true"})
    annotations = [l for l in result.stderr.splitlines() if l.startswith("::error ")]
    assert annotations == [
        "::error file=organizations/odottava-yhdistys.yaml,line=3,col=1::"
        "`themes` is missing; it is needed when status is `active`",
        "::error file=organizations/odottava-yhdistys.yaml,line=5,col=1::"
        "`themse` is not a field here — did you mean `themes`?",
    ]


def test_build_refuses_invalid_content_and_writes_nothing(content: Path, tmp_path: Path) -> None:
    overlay(INVALID / "meetings", content)
    out = tmp_path / "site"
    result = run("build", "--content", str(content), "--out", str(out), "--lang", "en")
    assert result.returncode == 1
    assert not out.exists()
    assert "Traceback" not in result.stderr


def test_missing_content_folder_is_reported(tmp_path: Path) -> None:
    result = run("check", "--content", str(tmp_path / "nowhere"), "--lang", "en")
    assert result.returncode == 1
    assert "this file is missing" in result.stderr and "Traceback" not in result.stderr


def test_build_in_a_process_leaves_the_garbage_collector_as_it_found_it(content: Path, tmp_path: Path) -> None:
    """`build` turns the collector off while it runs (cli.cmd_build) and back on when it ends, also
    after a refused check, so a program that calls it goes on collecting."""
    import gc

    from hakemisto.cli import main

    overlay(INVALID / "meetings", content)
    assert gc.isenabled()
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--lang", "en"]) == 1
    assert gc.isenabled()

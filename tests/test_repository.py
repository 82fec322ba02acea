"""The repository holds the project's own files only: no downloads or build output committed by mistake."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import ROOT

NOT_SOURCE = re.compile(
    r"(\.whl|\.pyc|\.pickle|\.tar\.gz|\.egg-info/.*|(^|/)__pycache__/.*|^\.cache/.*|^site/.*|^\.site\..*|^\.venv.*)$")


def test_no_downloads_or_build_output_are_tracked() -> None:
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("not a Git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    assert [path for path in tracked if NOT_SOURCE.search(path)] == []

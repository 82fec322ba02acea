"""Every invalid fixture gives exactly its expected problems; the valid tree gives none."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import INVALID, overlay
from hakemisto.content.check import check

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_valid_fixture_has_no_problems(content: Path) -> None:
    loaded, problems = check(content)
    assert [p.text() for p in problems] == []
    assert loaded is not None
    assert len(loaded.organizations) == 4 and len(loaded.networks) == 2


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_gives_exact_problems(case: str, content: Path) -> None:
    overlay(INVALID / case, content)
    _, problems = check(content)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [p.text("en") for p in problems] == expected
    assert expected, "every invalid case must expect at least one problem"


@pytest.mark.parametrize("case", CASES)
def test_every_problem_has_finnish_text(case: str, content: Path) -> None:
    overlay(INVALID / case, content)
    _, problems = check(content)
    for found in problems:
        fi, en = found.message("fi"), found.message("en")
        assert fi and fi != en or found.code == "schema-other"
        assert "{" not in fi.replace("{ }", "") and "{" not in en.replace("{ }", "")

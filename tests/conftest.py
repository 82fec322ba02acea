"""Shared fixtures: fictional content trees copied into tmp_path."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
SLOWEST_FIRST = ("test_search.py", "test_axe.py", "test_browser.py", "test_flow.py", "test_need_search.py",
                 "test_site_output.py", "test_hardening.py", "test_exports.py", "test_intake.py", "test_property.py")
"""The modules that take longest (`pytest --durations=0`), run first: `make test` hands whole modules
to its workers in the order they are collected (`--no-loadscope-reorder`), so the workers end together."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest modules first (SLOWEST_FIRST), the others after them in their usual order."""
    rank = {name: number for number, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def overlay(case: Path, root: Path) -> None:
    """Copy a case's files (not expected.txt) over a content tree."""
    for file in case.rglob("*"):
        if file.is_file() and file.name != "expected.txt":
            dest = root / file.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, dest)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the valid fictional tree; the working directory is set to it."""
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory):
    """The fictional site with register and web facts, built under /hakemisto/ once per test worker
    and served on a loopback port (the origin URL); the browser modules share it."""
    from browser import serve_fixture_site

    yield from serve_fixture_site(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (skips on a developer machine without it)."""
    from browser import launch, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab, closed after the test."""
    tab = browser.new_page()
    yield tab
    tab.close()

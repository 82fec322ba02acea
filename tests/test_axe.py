"""axe-core (WCAG 2.1 AA and its best practices) finds nothing on any kind of page, in any language,
nor on lists that run over several pages; and no page is wider than a 320 px phone (long Finnish
compounds in headings, tables on the Contribute and network pages). A module of its own, so that it
runs beside the other browser tests."""
from __future__ import annotations

from typing import Iterator

import pytest

from browser import BASE, PAGES, page_problems, serve_fixture_site


IN_THE_FLOW = {"", "lista/?o=kuvitteellinen-perheyhdistys&o=kuvitteellinen-lastensaatio"}
"""Checked by axe and at 320 px in test_flow.py, at its steps in each language (the home page, the list
of two)."""


def failures(browser, origin: str, paths: list[str]) -> dict[str, list]:
    """What axe-core finds on each page below `origin` as a desktop browser shows it, and how wide the
    same page is once the window is a 320 px phone (pages with nothing to report are left out)."""
    page = browser.new_page()  # Playwright's desktop window, 1280 × 720
    found: dict[str, list] = {}
    for path in paths:
        response = page.goto(f"{origin}{path}")
        assert response is not None and response.ok, path
        problems = page_problems(page)
        if problems:
            found[path] = problems
    page.close()
    return found


@pytest.fixture(scope="module")
def origin(served_site: str) -> str:
    return served_site


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_axe_finds_nothing_and_no_page_is_wider_than_a_small_phone(browser, origin: str, prefix: str) -> None:
    paths = [BASE + prefix + path for path in PAGES + (["404.html"] if prefix == "" else []) if path not in IN_THE_FLOW]
    assert failures(browser, origin, paths) == {}


@pytest.fixture(scope="module")
def paged_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site with enough fictional clubs that lists run over several pages."""
    from sitebuild import add_orgs

    extra = tmp_path_factory.mktemp("extra")
    (extra / "organizations").mkdir()
    add_orgs(extra, 130)
    yield from serve_fixture_site(tmp_path_factory, overlays=(extra,))


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_axe_on_paged_lists(browser, paged_origin: str, prefix: str) -> None:
    """The second page of each kind of paged list (the pager's links both ways; page one and the
    unpaged lists are above)."""
    paths = [BASE + prefix + path for path in ["jarjestot/sivu/2/", "teemat/liikunta/sivu/2/", "alueet/espoo/sivu/2/"]]
    assert failures(browser, paged_origin, paths) == {}

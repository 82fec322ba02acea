"""axe-core (WCAG 2.1 AA and its best practices) finds nothing on any kind of page, in any language,
nor on lists that run over several pages. A module of its own, so that it runs beside the other
browser tests."""
from __future__ import annotations

from typing import Iterator

import pytest

from browser import BASE, PAGES, axe_failures, serve_fixture_site


IN_THE_FLOW = {"", "lista/?o=kuvitteellinen-perheyhdistys&o=kuvitteellinen-lastensaatio"}
"""Checked by axe in test_flow.py, at its steps in each language (the home page, the list of two)."""


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve_fixture_site(tmp_path_factory)


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_axe_finds_no_violations(browser, origin: str, prefix: str) -> None:
    paths = [BASE + prefix + path for path in PAGES + (["404.html"] if prefix == "" else []) if path not in IN_THE_FLOW]
    assert axe_failures(browser, origin, paths) == {}


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
    assert axe_failures(browser, paged_origin, paths) == {}

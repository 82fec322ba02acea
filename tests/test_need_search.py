"""Search by need on the real content, in headless Chromium with the real Pagefind index: the
everyday words of the vocabularies reach the theme pages even while profiles are empty, and the
network page's member list does not crowd the results."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from browser import require_chromium, serve_folder
from conftest import ROOT
from sitebuild import build
from test_search import settled

BASE = "/hakemisto/"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    served = tmp_path_factory.mktemp("www")
    build(ROOT / "content", served / BASE.strip("/"), base_url=BASE, search=True)
    yield from serve_folder(served)


def found(page, origin: str, url: str) -> list[str]:
    page.goto(origin + BASE + url)
    return settled(page)


@pytest.mark.parametrize("url,expected", [
    ("haku/?q=ero", "Eri perhemuodot"),                                # a father in a separation crisis
    ("haku/?q=avioero", "Eri perhemuodot"),
    ("haku/?q=sateenkaariperhe", "Eri perhemuodot"),                   # a rainbow family
    ("haku/?q=synnytysmasennus", "Mielenterveys"),                     # a mother with postpartum depression
    ("haku/?q=arabia", "Monikulttuurisuus"),                           # an Arabic-speaking mother
    ("haku/?q=autismi", "Vammaiset"),                                  # a child with autism
    ("sv/haku/?q=handikapp", "Personer med funktionsnedsättning"),     # a Swedish-speaking family in Borgå
    ("en/haku/?q=postpartum%20depression", "Mental health"),
])
def test_need_words_find_the_theme_page(page, origin: str, url: str, expected: str) -> None:
    assert expected in found(page, origin, url)[:3], url


def test_a_need_word_finds_the_theme_not_the_network_and_says_what_each_result_is(page, origin: str) -> None:
    """The network is not indexed under its themes' everyday words; a theme or network result is labelled."""
    assert found(page, origin, "haku/?q=avioero") == ["Eri perhemuodot"]
    first = page.locator("#search-results li").first
    assert first.locator(".result-kind").inner_text() == "Teema · ei vielä järjestöjä"
    assert first.locator(".result-kind + p").inner_text() == (
        "Yhdenkään järjestön tiedoissa tässä hakemistossa ei ole vielä tätä teemaa.")
    assert "Diverse family forms" in found(page, origin, "en/haku/?q=divorce")
    assert not any("Network" in r for r in found(page, origin, "en/haku/?q=divorce"))
    results = found(page, origin, "sv/haku/?q=n%C3%A4tverket")
    network = page.locator("#search-results li").nth(results.index(
        "Nätverket för organisationer som arbetar med barn och familjer i Nyland"))
    assert network.locator(".result-kind").inner_text().startswith("Nätverk · medlemmar: ")


def test_names_still_find_their_organisation(page, origin: str) -> None:
    assert found(page, origin, "haku/?q=sateenkaariperheet")[0] == "Sateenkaariperheet"
    assert "Äidit irti synnytysmasennuksesta Äimä" in found(page, origin, "haku/?q=synnytysmasennuksesta")


def test_the_member_list_does_not_make_the_network_match_every_name(page, origin: str) -> None:
    results = found(page, origin, "haku/?q=autismiliitto")
    assert results[0] == "Autismiliitto"
    assert not any("verkosto" in r for r in results)


def test_results_say_when_an_organisation_awaits_its_details(page, origin: str) -> None:
    assert found(page, origin, "haku/?q=autismiliitto")[0] == "Autismiliitto"
    first = page.locator("#search-results li").first
    assert first.locator(".badge-listed").inner_text() == "Odottaa järjestön tietoja"


def test_base_forms_and_compound_parts_find_the_profile(page, origin: str) -> None:
    """"synnytysmasennus" and "masennus" find "Äidit irti synnytysmasennuksesta Äimä" (Finnish base forms)."""
    import os

    from hakemisto import baseforms

    if not baseforms.available():
        if os.environ.get("CI"):
            pytest.fail("Voikko is missing: apt-get install libvoikko1 voikko-fi")
        pytest.skip("Voikko is missing: apt-get install libvoikko1 voikko-fi")
    for query in ("synnytysmasennus", "masennus", "%C3%A4iti"):
        assert "Äidit irti synnytysmasennuksesta Äimä" in found(page, origin, f"haku/?q={query}"), query


@pytest.fixture(scope="module")
def fixture_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fictional search fixture with the real vocabularies' search words."""
    import shutil

    from conftest import FIXTURES, VALID, overlay

    require_chromium()
    root = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(VALID, root)
    overlay(FIXTURES / "search", root)
    for name in ("themes.yaml", "target-groups.yaml", "activity-formats.yaml"):
        shutil.copy(ROOT / "content" / name, root / name)
    served = tmp_path_factory.mktemp("www")
    build(root, served / BASE.strip("/"), base_url=BASE, search=True)
    yield from serve_folder(served)


@pytest.mark.parametrize("url,expected", [
    ("haku/?q=autismi&municipality=vantaa", "Autismiperheiden Tuki ry"),    # a child with autism in Vantaa
    ("sv/haku/?q=handikapp", "Autismiperheiden Tuki ry"),                   # a disabled child, Swedish
    ("haku/?q=arabia&municipality=espoo", "Monikielinen Perhetuki ry"),      # an Arabic-speaking mother in Espoo
    ("haku/?q=ero", "Eri perhemuodot"),                                      # a separation crisis
    ("haku/?q=sateenkaariperhe", "Eri perhemuodot"),                         # a rainbow family
    ("haku/?q=synnytysmasennus", "Mielenterveys"),                           # postpartum depression
])
def test_the_six_cases_in_the_fictional_content(page, fixture_origin: str, url: str, expected: str) -> None:
    assert expected in found(page, fixture_origin, url)[:3], url

"""Search by need on the real content, in headless Chromium with the real Pagefind index: the
everyday words of the vocabularies reach the theme pages even while profiles are empty, and the
network page's member list does not crowd the results."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Iterator

import pytest
from bs4 import BeautifulSoup

from browser import require_chromium, serve_folder
from conftest import ROOT
from sitebuild import build
from test_search import search_for

BASE = "/hakemisto/"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built with its search index, in a folder served under BASE."""
    served = tmp_path_factory.mktemp("www")
    build(ROOT / "content", served / BASE.strip("/"), base_url=BASE, search=True)
    return served


@pytest.fixture(scope="module")
def origin(real_site: Path) -> Iterator[str]:
    require_chromium()
    yield from serve_folder(real_site)


def fragments(site: Path) -> Iterator[dict]:
    """Every page record of the Pagefind index (gzip, `pagefind_dcd` and JSON)."""
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        yield json.loads(raw[len(b"pagefind_dcd"):])


def _words(value: str) -> set[str]:
    return set(re.findall(r"\w+", value.casefold()))


def test_no_index_only_word_is_shown_in_results(real_site: Path) -> None:
    """Results show a page's title and summary (never Pagefind's excerpt): every word of them is in
    the page's visible text, so base forms and synonyms serve matching only."""
    site = real_site / BASE.strip("/")
    script = (ROOT / "static" / "search.js").read_text(encoding="utf-8")
    assert ".excerpt" not in script
    checked = 0
    for record in fragments(site):
        soup = BeautifulSoup((site / record["url"].removeprefix(BASE).lstrip("/") / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        for hidden in soup.select("[hidden], [aria-hidden='true'], script, style"):
            hidden.decompose()
        shown = _words(record["meta"].get("title", "") + " " + record["meta"].get("summary", ""))
        assert shown <= _words(soup.get_text(" ")), (record["url"], shown - _words(soup.get_text(" ")))
        checked += 1
    assert checked > 200


def test_finnish_base_forms_only_in_the_finnish_index(real_site: Path) -> None:
    site = real_site / BASE.strip("/")
    aima = {r["url"].removeprefix(BASE).lstrip("/"): _words(r["content"]) for r in fragments(site)
            if "aidit-irti-synnytysmasennuksesta-aima" in r["url"]}
    assert {"masennus", "synnytys"} <= aima["jarjestot/aidit-irti-synnytysmasennuksesta-aima/"]
    for lang in ("sv", "en"):
        assert not {"masennus", "synnytys"} & aima[f"{lang}/jarjestot/aidit-irti-synnytysmasennuksesta-aima/"]


@pytest.fixture(scope="module")
def page(browser):
    """One tab for the module: a search of the same language is shown in the open page (the search
    lives in the address, which the page reads again), so not every search loads the page anew."""
    tab = browser.new_page()
    yield tab
    tab.close()


def found(page, origin: str, url: str) -> list[str]:
    """The result titles of a search address."""
    return search_for(page, origin, url)


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
    results = found(page, origin, "haku/?q=avioero")
    assert "Eri perhemuodot" in results[:3] and len(results) > 1  # organisations whose pages state the theme
    assert not any(r.startswith("Uudellamaalla lasten ja perheiden") for r in results)  # not the network
    theme = page.locator("#search-results li").nth(results.index("Eri perhemuodot"))
    assert theme.locator(".result-kind").inner_text().startswith("Teema · järjestöjä: ")  # counted from web facts too
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
    """"synnytysmasennus" and "masennus" find "Äidit irti synnytysmasennuksesta Äimä" (Finnish base forms
    from pyvoikko, installed from PyPI with the rest)."""
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

"""Search in headless Chromium on a built fixture site: ranking, Finnish and Swedish stemming,
every facet, shareable URLs, back/forward, and no axe violations with results shown."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from browser import axe_violations, require_chromium, serve_folder
from conftest import FIXTURES
from sitebuild import build_fixture

BASE = "/hakemisto/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    served = tmp_path_factory.mktemp("www")
    build_fixture(tmp_path_factory, base_url=BASE, overlays=(FIXTURES / "search",), search=True,
                  out=served / BASE.strip("/"))
    return served


def test_index_has_only_profiles_networks_and_themes_per_language(built: Path) -> None:
    entry = json.loads((built / "hakemisto" / "pagefind" / "pagefind-entry.json").read_text())
    # 6 organisations that still operate + 2 networks + 10 theme pages; other lists, the ended one and
    # navigation are not indexed
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"fi": 18, "sv": 18, "en": 18}


@pytest.fixture(scope="module")
def origin(built: Path) -> Iterator[str]:
    require_chromium()
    yield from serve_folder(built)


@pytest.fixture(scope="module")
def tab(browser):
    """One search tab for the tests that only read results: each search is shown in the open page
    (search_for), as its back and forward buttons would, instead of loading the page anew."""
    page = browser.new_page()
    yield page
    page.close()


def results(page, origin: str, url: str) -> list[str]:
    """Open a search URL and return the result titles once the search has finished."""
    page.goto(origin + BASE + url)
    return settled(page)


def settled(page) -> list[str]:
    # The status may not be there yet: a search from another page's box is still loading the search page.
    page.wait_for_function("() => { const s = document.getElementById('search-status')?.textContent;"
                           " return s && !s.endsWith('…'); }")
    return page.locator("#search-results h2 a").all_inner_texts()


def test_query_finds_expected_organisation_first(tab, origin: str) -> None:
    assert search_for(tab, origin, "haku/?q=autismi")[0] == "Autismiperheiden Tuki ry"
    assert search_for(tab, origin, "haku/?q=vertaistuki%20isille")[0] == "Isien Vertaistuki ry"
    found = search_for(tab, origin, "haku/?q=arabia")
    assert found[0] == "Monikielinen Perhetuki ry"


def test_inflected_finnish_query_matches(tab, origin: str) -> None:
    assert "Autismiperheiden Tuki ry" in search_for(tab, origin, "haku/?q=perheille")
    assert search_for(tab, origin, "haku/?q=autismikirjolle") == ["Autismiperheiden Tuki ry"]
    assert search_for(tab, origin, "haku/?q=isill%C3%A4") == ["Isien Vertaistuki ry"]


def test_swedish_page_searches_the_swedish_index(tab, origin: str) -> None:
    swedish = search_for(tab, origin, "sv/haku/?q=r%C3%A5dgivningen")
    assert swedish[0] == "Flerspråkigt Familjestöd rf"
    finnish = search_for(tab, origin, "haku/?q=r%C3%A5dgivningen")
    assert "Monikielinen Perhetuki ry" not in finnish


@pytest.mark.parametrize("query,expected", [
    ("theme=vammaiset", ["Autismiperheiden Tuki ry"]),
    ("municipality=kerava", ["Autismiperheiden Tuki ry", "Kuvitteellinen perhejärjestöjen verkosto (KPV)",
                             "Monikielinen Perhetuki ry"]),
    ("municipality=hanko", ["Kuvitteellinen Perheyhdistys ry (KPY)", "Kuvitteellinen perhejärjestöjen verkosto (KPV)",
                            "Monikielinen Perhetuki ry"]),
    ("area=vantaan-ja-keravan-hyvinvointialue", ["Autismiperheiden Tuki ry",
                                                 "Kuvitteellinen perhejärjestöjen verkosto (KPV)",
                                                 "Monikielinen Perhetuki ry"]),
    ("language=so", ["Monikielinen Perhetuki ry"]),
    ("target=expecting-parents", ["Isien Vertaistuki ry"]),
    ("format=helpline", ["Kuvitteellinen Perheyhdistys ry (KPY)", "Monikielinen Perhetuki ry"]),
    ("free=yes", ["Autismiperheiden Tuki ry", "Kuvitteellinen Perheyhdistys ry (KPY)", "Monikielinen Perhetuki ry"]),
    ("selfref=yes", ["Autismiperheiden Tuki ry", "Kuvitteellinen Perheyhdistys ry (KPY)"]),
    ("type=network", ["Kuvitteellinen perhejärjestöjen verkosto (KPV)", "Kuvitteellinen teemaryhmä"]),
    ("municipality=kerava&theme=monikulttuurisuus", ["Monikielinen Perhetuki ry"]),
    ("theme=vammaiset&theme=monikulttuurisuus", ["Autismiperheiden Tuki ry", "Monikielinen Perhetuki ry"]),
])
def test_each_facet_narrows(tab, origin: str, query: str, expected: list[str]) -> None:
    assert sorted(search_for(tab, origin, f"haku/?{query}")) == sorted(expected)
    for name, value in (pair.split("=") for pair in query.split("&")):
        assert tab.locator(f'input[name="{name}"][value="{value}"]').is_checked()


def test_shared_url_restores_query_and_filters_and_history_works(page, origin: str) -> None:
    assert results(page, origin, "haku/?q=perheille&theme=vammaiset") == ["Autismiperheiden Tuki ry"]
    assert page.input_value("#search-page-input") == "perheille"
    assert page.locator('input[name=theme][value=vammaiset]').is_checked()
    count = page.locator('input[name=theme][value=vammaiset] ~ [data-count]').inner_text()
    assert count == "(1)"
    page.locator('input[name=theme][value=vammaiset]').uncheck()
    found = settled(page)
    assert len(found) > 1 and page.url.endswith("haku/?q=perheille")
    page.go_back()
    assert settled(page) == ["Autismiperheiden Tuki ry"]
    assert page.locator('input[name=theme][value=vammaiset]').is_checked()
    page.go_forward()
    assert not page.locator('input[name=theme][value=vammaiset]').is_checked()


def test_keyboard_search_and_announced_results(page, origin: str) -> None:
    page.goto(origin + BASE + "en/haku/")
    # The filters appear once the script is ready. Enter pressed before that submits the form the
    # plain way (a new page load, which also works), and the status read below could be the old page's.
    page.wait_for_selector("#search-filters", state="visible")
    page.focus("#search-page-input")
    page.keyboard.type("autismi")
    page.keyboard.press("Enter")
    assert settled(page)[0] == "Autismiperheiden Tuki ry"
    assert page.get_attribute("#search-status", "role") == "status"
    assert page.inner_text("#search-status") == "1 result"
    assert page.url.endswith("/en/haku/?q=autismi")


def test_header_search_leads_to_results(page, origin: str) -> None:
    page.goto(origin + BASE + "sv/")
    page.fill("#header-search", "autismi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sv/haku/?q=autismi")  # a plain form: the search page is a new page load
    assert settled(page)[0] == "Autismiperheiden Tuki ry"


@pytest.mark.parametrize("url", ["haku/?q=perheille&theme=vammaiset", "sv/haku/?q=familjer", "en/haku/?municipality=espoo"])
def test_axe_on_search_page_with_results(page, origin: str, url: str) -> None:
    assert results(page, origin, url)
    assert page.locator("#search-filters").is_visible()
    assert axe_violations(page) == []


def test_search_works_under_the_content_security_policy(browser, origin: str) -> None:
    """The policy is enforced (an injected inline script does not run) and search needs nothing it forbids."""
    tab = browser.new_page()
    violations: list[str] = []
    tab.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    found = results(tab, origin, "haku/?q=autismi")
    assert found and violations == []
    ran = tab.evaluate("""() => { window.__ran = false; const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.appendChild(s); return window.__ran; }""")
    assert ran is False
    tab.close()


def test_first_result_is_on_the_first_screen_of_a_phone(browser, origin: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.goto(origin + BASE + "haku/?q=perheille")
    settled(page)
    box = page.locator("#search-results li").first.bounding_box()
    assert box is not None and box["y"] < 667, box
    assert not page.locator("#filters-toggle").get_attribute("open") is not None or page.locator("#filters-active").inner_text()
    page.goto(origin + BASE + "haku/?q=perheille&theme=vammaiset")
    settled(page)
    assert page.locator("#filters-active").inner_text() == "(1)"
    page.close()


def test_language_switch_keeps_the_search(page, origin: str) -> None:
    results(page, origin, "haku/?q=autismi&theme=vammaiset")
    page.get_by_role("link", name="På svenska").click()
    page.wait_for_url("**/sv/haku/?q=autismi&theme=vammaiset")
    assert settled(page) == ["Autismiperheiden Tuki ry"]
    assert page.input_value("#search-page-input") == "autismi"


def test_no_results_is_never_a_dead_end(page, origin: str) -> None:
    assert results(page, origin, "en/haku/?q=autismi&municipality=hanko") == []
    suggestions = page.locator("#search-none")
    assert suggestions.is_visible()
    assert suggestions.get_by_role("link", name="Themes").is_visible()
    page.get_by_role("button", name="The same search without filters").click()
    assert "Autismiperheiden Tuki ry" in settled(page)
    assert page.url.endswith("/en/haku/?q=autismi")


def test_enter_moves_focus_to_the_result_count(page, origin: str) -> None:
    page.goto(origin + BASE + "haku/")
    page.wait_for_selector("#search-filters", state="visible")
    page.fill("#search-page-input", "autismi")
    page.keyboard.press("Enter")
    settled(page)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'search-status'")


@pytest.mark.parametrize("state", ["", "municipality=kerava", "q=perheille&theme=vammaiset"])
def test_counts_are_what_ticking_gives(page, origin: str, state: str) -> None:
    results(page, origin, f"haku/?{state}")
    page.wait_for_function("() => [...document.querySelectorAll('#search-filters [data-count]')].every(e => e.textContent)")
    shown = {}
    for box in page.locator("#search-filters input[type=checkbox]").all():
        name, value = box.get_attribute("name"), box.get_attribute("value")
        count = box.locator("xpath=..").locator("[data-count]").text_content()
        shown[(name, value)] = int(count.strip("()"))
    active = [pair.split("=") for pair in state.split("&") if pair and not pair.startswith("q=")]
    query = next((pair for pair in state.split("&") if pair.startswith("q=")), "")
    for (name, value), count in shown.items():
        others = [f"{k}={v}" for k, v in active if k != name]
        url = "?" + "&".join(p for p in [query, *others, f"{name}={value}"] if p)
        assert len(visit_in_page(page, url)) == count, (state, name, value, count)


def search_for(page, origin: str, url: str) -> list[str]:
    """The results of a search address: shown in the open search page of the same language when
    there is one (see visit_in_page), otherwise by loading the page."""
    path, _, query = url.partition("?")
    if page.url.split("?")[0] == origin + BASE + path:
        return visit_in_page(page, "?" + query)
    return results(page, origin, url)


def visit_in_page(page, search: str) -> list[str]:
    """Show the results of another search address in the open page, as the browser's back and forward
    buttons do (the address changes, then the page reads it again), without loading the page anew."""
    page.evaluate("""(search) => {
        document.getElementById('search-status').textContent = '';
        history.pushState(null, '', location.pathname + search);
        window.dispatchEvent(new PopStateEvent('popstate'));
    }""", search)
    return settled(page)


def test_organisations_that_have_not_told_their_area_are_not_dropped_silently(page, origin: str) -> None:
    found = results(page, origin, "en/haku/?municipality=kerava")
    assert "Odottava Yhdistys" not in found
    note = page.locator("#search-untold")
    assert note.is_visible() and "have not told their area or languages" in note.inner_text()
    note.get_by_role("button", name="Include them").click()
    assert "Odottava Yhdistys" in settled(page)
    assert "municipality=unknown" in page.url

"""A family-centre worker's path on a phone (375 × 812), in each language: from a need word on the
home page to a list of organisations sent to the family or printed, in a few actions; axe-core at
every step, nothing wider than a 320 px phone. Without JavaScript, the same need leads to the theme
and area pages, which print as a handout of links, and the list page says so."""
from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import unquote

import pytest

from browser import SMALL, page_problems, require_chromium, serve_folder
from conftest import FIXTURES
from sitebuild import build_fixture
from test_search import settled

BASE = "/hakemisto/"
PHONE = {"width": 375, "height": 812}
NEEDS = {"": "vertaistuki", "sv/": "familjer", "en/": "peer support"}  # peer support, families
WORDS = {  # the links and theme the no-JavaScript path follows, in each language
    "": {"themes": "Teemat", "areas": "Alueet", "theme": "Mielenterveys"},
    "sv/": {"themes": "Teman", "areas": "Områden", "theme": "Psykisk hälsa"},
    "en/": {"themes": "Themes", "areas": "Areas", "theme": "Mental health"},
}
WEB_ORG = "Verkkotietojen Yhdistys ry"  # fictional; its summary, phone and website come from its web pages


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    served = tmp_path_factory.mktemp("www")
    build_fixture(tmp_path_factory, base_url=BASE, overlays=(FIXTURES / "search", FIXTURES / "web"), search=True,
                  out=served / BASE.strip("/"))
    yield from serve_folder(served)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_from_a_need_word_to_a_sendable_printable_list(phone, origin: str, prefix: str) -> None:
    page = phone
    failures: dict[str, list] = {}
    page.goto(f"{origin}{BASE}{prefix}")
    check_step(page, "home", failures)
    # 1. the need word in the header's search box
    page.fill("#header-search", NEEDS[prefix])
    page.keyboard.press("Enter")
    found = settled(page)
    assert len(found) >= 2, found
    assert page.locator("#header-search").count() == 0  # one search box on the search page
    assert page.locator("#search-results li").first.bounding_box()["y"] < PHONE["height"]  # in the first screen
    check_step(page, "results", failures)
    # 2. one filter, one tap away: organisations only
    page.locator("#filters-toggle > summary").click()
    page.locator("details.facet:has(input[name=type]) > summary").click()
    page.locator("input[name=type][value=organization]").check()
    found = settled(page)
    assert "type=organization" in page.url and len(found) >= 2
    check_step(page, "results with a filter", failures, within=["#search-form", "#search-results"])
    # 3. and 4. two organisations added from the results
    buttons = page.locator("#search-results .shortlist-toggle")
    buttons.nth(0).click()
    buttons.nth(1).click()
    assert buttons.nth(0).get_attribute("aria-pressed") == "true"
    check_step(page, "two added", failures, within=[".site-header", "#search-results"])
    # 5. the list
    page.locator("#shortlist-link").click()
    items = page.locator(".shortlist-item h2")
    items.first.wait_for()
    page.locator(".shortlist-qr img").wait_for()
    assert [name.split(" (")[0] for name in found[:2]] == items.all_inner_texts()  # result titles add the short name
    send = page.locator("#send-sms").get_attribute("href")
    assert send.startswith("sms:") and all(f"o={slug}" in unquote(send) for slug in _ids(page))
    assert page.locator("#send-mail").get_attribute("href").startswith("mailto:?subject=")
    assert page.locator(".shortlist-qr img").count() == 1
    check_step(page, "list", failures)
    page.emulate_media(media="print")
    check_step(page, "list printed", failures, width=False)
    assert failures == {}


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_the_worker_reorders_removes_and_picks_the_familys_language(phone, origin: str, prefix: str) -> None:
    page = phone
    page.goto(f"{origin}{BASE}{prefix}lista/?o=verkkotietojen-yhdistys&o=autismiperheiden-tuki&o=isien-vertaistuki")
    page.locator(".shortlist-item").first.wait_for()
    names = page.locator(".shortlist-item h2")
    first, second, third = names.all_inner_texts()
    page.locator(".shortlist-item").first.get_by_role("button", name=page.locator("#shortlist").get_attribute("data-down"),
                                                      exact=False).click()
    assert names.all_inner_texts() == [second, first, third]
    assert page.url.endswith("o=autismiperheiden-tuki&o=verkkotietojen-yhdistys&o=isien-vertaistuki")
    page.locator(".shortlist-item").nth(2).get_by_role("button", name=page.locator("#shortlist").get_attribute("data-drop"),
                                                       exact=False).click()
    assert names.all_inner_texts() == [second, first]
    # the family reads Finnish, Swedish or English whatever the worker's language
    family = "en" if prefix != "en/" else "sv"
    page.select_option("#shortlist-lang", family)
    assert page.locator("ol.shortlist").get_attribute("lang") == family
    web = page.locator(".shortlist-item", has_text="Verkkotietojen").locator(".shortlist-source").inner_text()
    expected = {"en": "Source: https://verkkotiedot.example/yhteystiedot/, read 2026-11-20.",
                "sv": "Källa: https://verkkotiedot.example/yhteystiedot/, läst 2026-11-20."}[family]
    assert expected in web
    contact = page.locator(".shortlist-item", has_text="Verkkotietojen").locator(".shortlist-contact").inner_text()
    assert "09 765 4321" in contact or "09 7654321" in contact
    # printed: the handout, nothing else of the page's tools
    page.emulate_media(media="print")
    assert not page.locator("#shortlist-send").is_visible() and not page.locator("#shortlist-controls").is_visible()
    assert not page.locator(".shortlist-tools").first.is_visible()


def test_copy_gives_the_address(phone, origin: str) -> None:
    page = phone
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.goto(f"{origin}{BASE}en/lista/?o=autismiperheiden-tuki")
    page.locator(".shortlist-item").first.wait_for()
    page.locator("#send-copy").click()
    page.wait_for_function("() => document.getElementById('send-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def _ids(page) -> list[str]:
    return [href.rstrip("/").rsplit("/", 1)[1] for href in
            page.locator(".shortlist-page a").evaluate_all("links => links.map(a => a.href)")]


@pytest.mark.parametrize("prefix", ["", "sv/", "en/"])
def test_without_javascript_the_need_leads_to_pages_that_print_as_a_handout(browser, origin: str, prefix: str) -> None:
    """Scripts are switched off as Playwright's `java_script_enabled=False` does it (the DevTools
    `Emulation.setScriptExecutionDisabled`), but per page load, so that axe can run in each page after
    it was loaded and shown without the site's scripts."""
    words, failures = WORDS[prefix], {}
    context = browser.new_context(viewport=SMALL)
    page = context.new_page()
    scripts = context.new_cdp_session(page)
    without_scripts(page, scripts, lambda: page.goto(f"{origin}{BASE}{prefix}"))
    page.fill("#header-search", NEEDS[prefix])
    # the need word takes the worker to the search page, which says why it cannot search and links the lists
    without_scripts(page, scripts, lambda: page.keyboard.press("Enter"))
    assert "/haku/?q=" in page.url and page.locator("#search-results li").count() == 0
    browse = page.locator("main ul.inline-list").last
    for name in (words["themes"], words["areas"]):
        assert browse.get_by_role("link", name=name, exact=True).is_visible()
    check_step(page, "search", failures)
    without_scripts(page, scripts, lambda: browse.get_by_role("link", name=words["themes"], exact=True).click())
    without_scripts(page, scripts, lambda: page.locator("main").get_by_role("link", name=words["theme"]).first.click())
    check_step(page, "theme", failures)
    page.emulate_media(media="print")
    _printed_card_is_a_handout(page)
    check_step(page, "theme printed", failures, width=False)
    # the profile prints with its sources, without the links meant for the organisation
    without_scripts(page, scripts, lambda: page.get_by_role("link", name=WEB_ORG).click())
    page.emulate_media(media="print")  # again: with scripts switched through our own DevTools session, the new page did not keep it
    assert page.locator(".site-header").is_hidden() and page.locator("aside.web-facts .web-page").first.is_visible()
    assert "verkkotiedot.example/yhteystiedot" in page.locator("aside.web-facts").inner_text()
    assert page.locator(".fill-in").count() > 0 and not any(link.is_visible() for link in page.locator(".fill-in").all())
    page.emulate_media(media="screen")
    # a list sent as a link cannot be read without scripts: the page says so and links the lists
    without_scripts(page, scripts, lambda: page.goto(f"{origin}{BASE}{prefix}lista/?o=verkkotietojen-yhdistys"))
    notice = page.locator("#shortlist-nojs")
    assert notice.is_visible() and "JavaScript" in notice.inner_text()
    hrefs = [link.get_attribute("href") for link in notice.get_by_role("link").all()]
    assert hrefs == [f"{BASE}{prefix}{path}" for path in ("teemat/", "alueet/", "jarjestot/")]
    assert page.locator(".shortlist-item").count() == 0 and page.locator("#shortlist-print").is_hidden()
    check_step(page, "list", failures)
    context.close()
    assert failures == {}


def _printed_card_is_a_handout(page) -> None:
    """The printed theme page: no navigation; the organisation's name, what it offers, its phone and
    its website's address as text, and the pages its details were read from, with the date."""
    for chrome in (".site-header", ".main-nav", ".site-footer", ".breadcrumb"):
        assert page.locator(chrome).is_hidden(), chrome
    assert page.locator(".print-head").is_visible() and page.locator(".print-date").is_hidden()  # no date without JS
    card = page.locator(".card", has_text=WEB_ORG)
    assert card.locator(".card-title").is_visible() and card.locator("p:not([class])").first.is_visible()  # the summary
    assert "097654321" in re.sub(r"\s", "", card.locator(".reach").inner_text())
    website = card.locator(".reach a[href^='http']")
    after = website.evaluate("link => getComputedStyle(link, '::after').content")
    assert "https://www.verkkotiedot.example/" in after
    source = card.locator(".web-page")
    assert source.is_visible()
    assert "https://verkkotiedot.example/yhteystiedot/" in source.inner_text() and "2026" in source.inner_text()
    page.emulate_media(media="screen")
    assert source.is_hidden()  # on the screen the profile has the sources
    page.emulate_media(media="print")


def without_scripts(page, scripts, action) -> None:
    """Load a page with scripts off (the page's own scripts never run), then turn them back on for axe."""
    scripts.send("Emulation.setScriptExecutionDisabled", {"value": True})
    with page.expect_navigation():
        action()
    scripts.send("Emulation.setScriptExecutionDisabled", {"value": False})


def check_step(page, step: str, failures: dict[str, list], width: bool = True, within: list[str] | None = None) -> None:
    """axe-core on the page as it is now (or only on the parts a step changed, `within`) and, unless
    printed, no wider than 320 px (browser.page_problems); what is wrong is kept under the step's name."""
    found = page_problems(page, within, width)
    if found:
        failures[step] = found

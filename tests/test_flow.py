"""A family-centre worker's path on a phone (375 × 812), in each language: from a need word on the
home page to a list of organisations sent to the family or printed, in a few actions."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import unquote

import pytest

from browser import require_chromium, serve_folder
from conftest import FIXTURES
from sitebuild import build_fixture
from test_search import settled

BASE = "/hakemisto/"
PHONE = {"width": 375, "height": 812}
NEEDS = {"": "vertaistuki", "sv/": "familjer", "en/": "peer support"}  # peer support, families


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
    page.goto(f"{origin}{BASE}{prefix}")
    # 1. the need word in the header's search box
    page.fill("#header-search", NEEDS[prefix])
    page.keyboard.press("Enter")
    found = settled(page)
    assert len(found) >= 2, found
    assert page.locator("#header-search").count() == 0  # one search box on the search page
    assert page.locator("#search-results li").first.bounding_box()["y"] < PHONE["height"]  # in the first screen
    # 2. one filter, one tap away: organisations only
    page.locator("#filters-toggle > summary").click()
    page.locator("details.facet:has(input[name=type]) > summary").click()
    page.locator("input[name=type][value=organization]").check()
    found = settled(page)
    assert "type=organization" in page.url and len(found) >= 2
    # 3. and 4. two organisations added from the results
    buttons = page.locator("#search-results .shortlist-toggle")
    buttons.nth(0).click()
    buttons.nth(1).click()
    assert buttons.nth(0).get_attribute("aria-pressed") == "true"
    # 5. the list
    page.locator("#shortlist-link").click()
    items = page.locator(".shortlist-item h2")
    items.first.wait_for()
    assert [name.split(" (")[0] for name in found[:2]] == items.all_inner_texts()  # result titles add the short name
    send = page.locator("#send-sms").get_attribute("href")
    assert send.startswith("sms:") and all(f"o={slug}" in unquote(send) for slug in _ids(page))
    assert page.locator("#send-mail").get_attribute("href").startswith("mailto:?subject=")
    assert page.locator(".shortlist-qr img").count() == 1


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

"""In headless Chromium: keyboard and no-JavaScript browsing work; the profile prints as a handout;
the family's list (axe-core's checks, and every page kind at 320 px, are in test_axe.py)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser import BASE, axe_violations


@pytest.fixture(scope="module")
def origin(served_site: str) -> str:
    return served_site


def test_skip_link_and_keyboard_order(browser, origin: str) -> None:
    page = browser.new_page()
    page.goto(f"{origin}{BASE}jarjestot/kuvitteellinen-perheyhdistys/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.goto(f"{origin}{BASE}")
    seen = []
    for _ in range(16):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"))
    assert "På svenska" in seen and "header-search" in seen and "Järjestöt A–Ö" in seen
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.close()


def test_browsing_without_javascript(browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}{BASE}")
    page.get_by_role("link", name="Järjestöt A–Ö").first.click()
    page.get_by_role("link", name="Kuvitteellinen Perheyhdistys ry").click()
    assert page.locator("h1").inner_text().startswith("Kuvitteellinen Perheyhdistys ry")
    page.get_by_role("link", name="In English").click()
    assert page.url.endswith("/hakemisto/en/jarjestot/kuvitteellinen-perheyhdistys/")
    page.get_by_role("button", name="Search").click()
    assert "/hakemisto/en/haku/" in page.url
    assert page.get_by_role("link", name="Themes").count() >= 1
    context.close()


def test_profile_fits_a_phone_and_prints_cleanly(browser, origin: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{origin}{BASE}jarjestot/kuvitteellinen-perheyhdistys/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.refer')).display") != "none"
    assert axe_violations(page) == []  # the printed handout too (colours, headings, link text)
    page.close()


@pytest.mark.parametrize("prefix,label", [("", "Verkkosivu"), ("sv/", "Webbplats"), ("en/", "Website")])
def test_register_facts_give_a_working_website_link(browser, origin: str, prefix: str, label: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{origin}{BASE}{prefix}jarjestot/kuvitteellinen-lastensaatio/")
    box = page.locator("aside.register")
    assert box.is_visible() and "YTJ" in box.inner_text()
    link = box.get_by_role("link", name="kuvitteellinen-lastensaatio.example")
    assert link.get_attribute("href") == "https://kuvitteellinen-lastensaatio.example"
    first = page.locator("main a[href^='http']").first
    assert first.get_attribute("href") == "https://kuvitteellinen-lastensaatio.example"  # the first thing to click
    assert label in box.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


def test_search_page_without_javascript_shows_no_filter_panel(browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}{BASE}haku/")
    assert not page.locator("#search-filters").is_visible()
    assert page.locator("#search-filters input[type=checkbox]").count() > 0  # there, but not shown
    assert page.get_by_role("link", name="Teemat").first.is_visible()
    context.close()


def test_accessibility_statement_is_linked_from_every_footer(browser, origin: str) -> None:
    page = browser.new_page()
    for prefix, name in (("", "Saavutettavuusseloste"), ("sv/", "Tillgänglighetsutlåtande"), ("en/", "Accessibility statement")):
        page.goto(f"{origin}{BASE}{prefix}jarjestot/")
        page.locator("footer").get_by_role("link", name=name).click()
        assert page.url.endswith(f"{BASE}{prefix}saavutettavuus/")
        assert page.locator("h1").inner_text() == name
    page.close()


def test_the_family_list_survives_a_reload_and_opens_from_a_shared_address(browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(f"{origin}{BASE}jarjestot/")
    card = page.locator('[data-shortlist-slug="kuvitteellinen-perheyhdistys"]')
    card.get_by_role("button", name="Lisää perheen listalle").click()
    page.goto(f"{origin}{BASE}jarjestot/aaltoilevat-perheet/")
    page.locator("article.profile").get_by_role("button", name="Lisää perheen listalle").click()
    assert page.locator("#shortlist-link").inner_text() == "Perheen lista (2)"
    page.locator("#shortlist-link").click()
    page.wait_for_selector(".shortlist-item")
    shared = page.url
    assert "o=kuvitteellinen-perheyhdistys" in shared and "o=aaltoilevat-perheet" in shared
    page.reload()
    page.wait_for_selector(".shortlist-item")
    assert page.locator(".shortlist-item h2").all_inner_texts() == ["Kuvitteellinen Perheyhdistys ry", "Åaltoilevat Perheet ry"]
    context.close()
    other = browser.new_context()  # another worker's browser: only the address
    tab = other.new_page()
    tab.goto(shared.replace("/lista/", "/en/lista/"))
    tab.wait_for_selector(".shortlist-item")
    assert tab.locator(".shortlist-item h2").all_inner_texts() == ["Fictional Family Association", "Åaltoilevat Perheet ry"]
    assert "How to get in touch" in tab.locator(".shortlist-item").first.inner_text()
    other.close()


def test_the_family_list_prints_on_one_page_with_a_qr_code_of_its_address(browser, origin: str) -> None:
    import io
    import re

    import zxingcpp
    from PIL import Image

    page = browser.new_page()
    page.goto(f"{origin}{BASE}sv/lista/?o=kuvitteellinen-perheyhdistys&o=aaltoilevat-perheet&o=odottava-yhdistys")
    page.wait_for_selector(".shortlist-qr img")
    image = Image.open(io.BytesIO(page.locator(".shortlist-qr img").screenshot()))
    decoded = zxingcpp.read_barcodes(image)
    assert decoded and decoded[0].text == page.url
    page.emulate_media(media="print")
    assert page.locator(".print-head").is_visible() and page.url in page.locator(".print-head").inner_text()
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.close()


def test_printed_headings_keep_their_hierarchy(browser, origin: str) -> None:
    page = browser.new_page()
    page.goto(f"{origin}{BASE}jarjestot/kuvitteellinen-perheyhdistys/")
    page.emulate_media(media="print")
    sizes = page.evaluate("""() => ['h1', 'h2', 'h3'].map(tag => {
        const found = document.querySelector('main ' + tag);
        return found ? parseFloat(getComputedStyle(found).fontSize) : null; })""")
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert None not in sizes and sizes[0] > sizes[1] > sizes[2] >= body, (sizes, body)
    assert page.locator(".print-head").is_visible()
    page.close()


def _saved(page) -> list[str]:
    return page.evaluate("JSON.parse(localStorage.getItem('hakemisto-family-list') || '[]')")


def test_a_shared_link_changes_the_saved_list_only_when_the_worker_agrees(browser, origin: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}{BASE}jarjestot/kuvitteellinen-perheyhdistys/")
    page.locator("article.profile").get_by_role("button", name="Lisää perheen listalle").click()
    page.goto(f"{origin}{BASE}lista/?o=aaltoilevat-perheet&o=odottava-yhdistys")
    page.wait_for_selector(".shortlist-item")
    assert page.locator(".shortlist-item h2").all_inner_texts() == ["Åaltoilevat Perheet ry", "Odottava Yhdistys"]
    assert _saved(page) == ["kuvitteellinen-perheyhdistys"] and page.locator("#shortlist-link").inner_text() == "Perheen lista (1)"
    assert page.locator("#shortlist-clear").is_hidden()  # emptying would empty the other list, the saved one
    page.reload()
    page.wait_for_selector(".shortlist-item")
    assert _saved(page) == ["kuvitteellinen-perheyhdistys"]
    page.get_by_role("button", name="Lisää nämä tähän selaimeen tallennettuun listaan").click()
    assert _saved(page) == ["kuvitteellinen-perheyhdistys", "aaltoilevat-perheet", "odottava-yhdistys"]
    assert page.locator("#shortlist-link").inner_text() == "Perheen lista (3)"
    assert "Lisätty" in page.locator(".shortlist-offer").inner_text()
    context.close()


def test_ids_in_a_link_are_kept_only_when_the_directory_knows_them(browser, origin: str) -> None:
    """60 unknown ids made the QR code overflow, which left the print and empty buttons hidden."""
    context = browser.new_context()
    page = context.new_page()
    unknown = "&".join(f"o=ei-ole-olemassa-{i}-{'x' * 30}" for i in range(60))
    page.goto(f"{origin}{BASE}lista/?{unknown}&o=kuvitteellinen-perheyhdistys&o=kuvitteellinen-perheyhdistys&o=..%2Fx")
    page.wait_for_selector(".shortlist-qr img")
    assert page.locator(".shortlist-item h2").all_inner_texts() == ["Kuvitteellinen Perheyhdistys ry"]
    assert page.url == f"{origin}{BASE}lista/?o=kuvitteellinen-perheyhdistys"
    assert page.locator("#shortlist-print").is_visible()
    assert _saved(page) == []
    context.close()


def test_a_link_keeps_at_most_thirty_organisations(browser, origin: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    many = [{"id": f"jarjesto-{i}", "name": {"fi": f"Järjestö {i}"}, "status": "listed"} for i in range(45)]
    page.route("**/api/organizations.json", lambda route: route.fulfill(json={"version": 1, "organizations": many}))
    page.goto(f"{origin}{BASE}lista/?" + "&".join(f"o=jarjesto-{i}" for i in range(45)))
    page.wait_for_selector(".shortlist-item")
    assert page.locator(".shortlist-item").count() == 30
    assert page.url.count("o=") == 30 and page.url.endswith("o=jarjesto-29")
    page.get_by_role("button", name="Lisää nämä tähän selaimeen tallennettuun listaan").click()
    assert len(_saved(page)) == 30
    context.close()


def test_the_buttons_work_when_the_qr_code_cannot_be_drawn(browser, origin: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.route("**/qrcode.js*", lambda route: route.fulfill(
        content_type="text/javascript",
        body="window.qrcode = function () { return { addData: function () {}, "
             "make: function () { throw new Error('code length overflow'); } }; };"))
    page.goto(f"{origin}{BASE}en/lista/?o=kuvitteellinen-perheyhdistys&o=aaltoilevat-perheet")
    page.wait_for_selector(".shortlist-item")
    page.wait_for_selector("#shortlist-print:visible")
    assert page.locator(".shortlist-qr img").count() == 0
    fallback = page.get_by_role("link", name="Link to this list")
    assert fallback.get_attribute("href") == page.url
    page.goto(f"{origin}{BASE}en/lista/?o=kuvitteellinen-perheyhdistys")
    page.get_by_role("button", name="Add these to the list kept in this browser").click()
    page.goto(f"{origin}{BASE}en/lista/")
    page.wait_for_selector("#shortlist-clear:visible")
    page.locator("#shortlist-clear").click()
    page.wait_for_selector("#shortlist p")
    assert _saved(page) == []
    context.close()


KNOWN = ["kuvitteellinen-perheyhdistys", "odottava-yhdistys", "aaltoilevat-perheet", "kuvitteellinen-lastensaatio"]
LINK_IDS = st.one_of(st.sampled_from(KNOWN), st.sampled_from(["ei-ole", "A", "../x", "", "x" * 200, "%3Cscript%3E", "-a-"]),
                     st.from_regex(r"\A[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}\Z"))


@pytest.fixture(scope="module")
def list_tab(browser, origin: str):
    """One tab of its own for the property below: each example puts its saved list into the tab's
    storage, then opens its link in the same tab."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}{BASE}lista/")
    yield page
    context.close()


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(link=st.lists(LINK_IDS, max_size=70), saved=st.lists(st.sampled_from(KNOWN), max_size=3, unique=True))
def test_any_link_shows_only_known_organisations_and_leaves_the_saved_list_alone(list_tab, origin: str, link: list[str],
                                                                                 saved: list[str]) -> None:
    import json
    from urllib.parse import parse_qs, urlsplit

    page = list_tab
    page.evaluate("saved => localStorage.setItem('hakemisto-family-list', saved)", json.dumps(saved))
    page.goto(f"{origin}{BASE}lista/?" + "&".join(f"o={value}" for value in link))
    page.wait_for_selector("#shortlist > *")
    shown = parse_qs(urlsplit(page.url).query).get("o", [])
    wanted = [value for value in dict.fromkeys(link) if value in KNOWN] if link else saved  # no link: the saved list
    assert shown == wanted[:30]
    assert page.locator(".shortlist-item").count() == len(shown)
    assert page.locator("#shortlist-print").is_visible() == bool(shown)
    assert _saved(page) == saved

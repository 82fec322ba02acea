"""Facts read from an organisation's own web pages (the `web` block), on fictional fixtures: shown
apart with their page and date, the organisation's own details first, carried into search, the
exports and the coordinators' report, and re-read by `build.py web-check`."""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, VALID, overlay
from hakemisto.sources import webcheck
from hakemisto.content import webfacts
from hakemisto.content.check import check
from sitebuild import build_fixture, page, text

WEB = FIXTURES / "web"
ORG = "verkkotietojen-yhdistys"
BOTH = "oma-ja-verkko-saatio"
UNSURE = "epavarma-yhdistys"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory, overlays=(WEB,))


@pytest.fixture
def loaded(tmp_path: Path):
    root = tmp_path / "content"
    overlay(VALID, root)
    overlay(WEB, root)
    content, problems = check(root)
    assert problems == []
    return content


@pytest.mark.parametrize("prefix, heading, source, ask", [
    ("", "Järjestön verkkosivuilta", "Järjestön verkkosivuilta (verkkotiedot.example), luettu 21. marraskuuta 2026; "
         "järjestö ei ole vielä vahvistanut tietoja.", "Pitääkö tämä paikkansa? Vahvista tai korjaa tiedot"),
    ("sv/", "Från organisationens webbplats", "Från organisationens webbplats (verkkotiedot.example), läst 21 november "
            "2026; ännu inte bekräftat av organisationen.", "Stämmer det här? Bekräfta eller rätta uppgifterna"),
    ("en/", "From the organisation's website", "From the organisation's website (verkkotiedot.example), read "
            "21 November 2026; not yet confirmed by the organisation.", "Is this right? Confirm or correct it"),
])
def test_profile_box_names_the_site_date_and_each_page(site: Path, prefix: str, heading: str, source: str, ask: str) -> None:
    box = page(site, f"{prefix}jarjestot/{ORG}/").find("aside", class_="web-facts")
    assert box.find("h2").get_text(strip=True) == heading
    assert " ".join(box.find(class_="web-source").get_text().split()) == source
    links = {a["href"] for a in box.find_all("a")}
    assert {"tel:+35897654321", "mailto:info@verkkotiedot.example", "https://www.verkkotiedot.example/",
            "https://verkkotiedot.example/yhteystiedot/", "https://www.verkkotiedot.example/toiminta/"} <= links
    sources = [text(p) for p in box.find_all(class_="web-page")]
    assert len(sources) == 2 and "verkkotiedot.example/yhteystiedot" in sources[0] and "2026" in sources[0]
    fill = box.find("a", class_="fill-in")
    assert fill.get_text(strip=True) == ask and "issues/new" in fill["href"]
    assert "7654321-2" in text(box) and "Kuvitelmankatu 5 B, 02100 Espoo" in text(box)


def test_the_organisations_own_details_win_and_web_facts_of_that_kind_are_not_shown(site: Path) -> None:
    soup = page(site, f"jarjestot/{BOTH}/")
    box = soup.find("aside", class_="web-facts")
    shown = text(box)
    assert "09 333 4444" not in shown and "omajaverkko.example/vanha" not in shown  # own phone and website win
    assert "toimisto@omajaverkko.example" in shown  # the organisation gave no e-mail: the page's is shown
    card = page(site, "jarjestot/").find("li", attrs={"data-shortlist-slug": BOTH})
    assert card.find("a", href="tel:+35891112222") and not card.find("a", href="tel:+35893334444")
    assert card.find(class_="web-note") is None  # nothing the card shows comes from the pages


def test_an_unsure_identity_shows_no_fact(site: Path) -> None:
    soup = page(site, f"jarjestot/{UNSURE}/")
    assert soup.find("aside", class_="web-facts") is None
    assert "epavarma.example" not in text(soup)


@pytest.fixture(scope="module")
def with_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory, overlays=(WEB, FIXTURES / "register"))


@pytest.mark.parametrize("prefix, facts_shown, nothing_shown", [
    ("", "eikä vahvistanut yllä olevia tietoja", "Yhteystiedot, toiminta ja ohjeet perheen ohjaamiseen näkyvät"),
    ("sv/", "eller bekräftat uppgifterna ovan", "Kontaktuppgifter, verksamhet och anvisningar för hänvisning"),
    ("en/", "or confirmed the details above", "Contact details, activities and referral instructions will"),
])
def test_awaiting_notice_says_the_details_shown_are_not_confirmed(with_register: Path, prefix: str, facts_shown: str,
                                                                  nothing_shown: str) -> None:
    for slug in (ORG, "kuvitteellinen-lastensaatio"):  # facts from its web pages; from the register only
        notice = text(page(with_register, f"{prefix}jarjestot/{slug}/").select_one(".notice-listed"))
        assert facts_shown in notice and nothing_shown not in notice, slug
    notice = text(page(with_register, f"{prefix}jarjestot/{UNSURE}/").select_one(".notice-listed"))
    assert nothing_shown in notice and facts_shown not in notice


def test_cards_show_how_to_reach_and_that_it_is_not_confirmed(site: Path) -> None:
    card = page(site, "en/jarjestot/").find("li", attrs={"data-shortlist-slug": ORG})
    assert card.find("a", href="tel:+35897654321").get_text(" ", strip=True).endswith("09 7654321")
    assert card.find("a", href="https://www.verkkotiedot.example/").get_text(" ", strip=True).endswith("verkkotiedot.example")
    assert "peer groups for parents" in text(card)
    assert text(card.find(class_="web-note")) == "From the organisation's website; not yet confirmed by the organisation."


def test_themes_and_areas_from_the_pages_list_the_organisation(site: Path) -> None:
    for path in ("teemat/mielenterveys/", "alueet/espoo/"):
        assert page(site, path).find("li", attrs={"data-shortlist-slug": ORG}) is not None, path
    assert page(site, "teemat/liikunta/").find("li", attrs={"data-shortlist-slug": ORG}) is None


def test_search_metadata_carries_the_summary_phone_and_the_note(site: Path) -> None:
    soup = page(site, f"jarjestot/{ORG}/")
    metas = {el["data-pagefind-meta"].split(":", 1)[0]: el for el in soup.find_all(attrs={"data-pagefind-meta": True})}
    assert "masennusta" in text(metas["summary"])
    assert metas["phone"]["data-pagefind-meta"] == "phone:09 7654321"
    assert metas["tel"]["data-pagefind-meta"] == "tel:+35897654321"
    assert metas["sourced"]["data-pagefind-meta"].startswith("sourced:Järjestön verkkosivuilta")


def test_csv_json_hsds_and_jsonld_carry_web_facts_with_their_source(site: Path) -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "data" / "organizations.csv").read_text(encoding="utf-8-sig")))}
    row = rows[ORG]
    assert (row["web_result"], row["web_phone"], row["web_email"], row["web_business_id"]) == (
        "found", "09 7654321", "info@verkkotiedot.example", "7654321-2")
    assert "phone https://verkkotiedot.example/yhteystiedot/ 2026-11-20" in row["web_sources"]
    assert row["phone"] == "" and rows[UNSURE]["web_result"] == "unsure" and rows[UNSURE]["web_phone"] == ""
    api = json.loads((site / "api" / "organizations.json").read_text(encoding="utf-8"))
    org = next(o for o in api["organizations"] if o["id"] == ORG)
    assert org["web"]["pages"][0]["url"] == "https://verkkotiedot.example/yhteystiedot/"
    metadata = (site / "api" / "hsds" / "tabular" / "metadata.csv").read_text(encoding="utf-8-sig")
    mine = [m for m in csv.DictReader(io.StringIO(metadata)) if "verkkotiedot.example/yhteystiedot" in m["updated_by"]]
    assert {m["field_name"] for m in mine} >= {"website", "email", "number", "identifier"}
    assert all(m["last_action_date"] == "2026-11-20" for m in mine)
    ld = json.loads(page(site, f"jarjestot/{ORG}/").find("script", type="application/ld+json").string)
    assert ld["telephone"] == "+35897654321" and ld["taxID"] == "7654321-2"


def test_outreach_report_lists_unsure_ones_and_differences(loaded) -> None:
    from hakemisto.sources.report import outreach, outreach_csv, outreach_markdown

    items = outreach(loaded, date(2026, 12, 1))
    markdown = outreach_markdown(items, date(2026, 12, 1))
    assert "## Verkkosivuilta ei tietoja" in markdown and "Kaksi samannimistä yhdistystä" in markdown
    differences = next(i for i in items if i["id"] == BOTH)["conflicts"]
    assert "phone: 09 111 2222 / 09 333 4444" in differences and "website:" in differences
    assert "email" not in differences  # no own e-mail: nothing differs
    rows = list(csv.DictReader(io.StringIO(outreach_csv(items).lstrip("\ufeff"))))
    assert next(r for r in rows if r["id"] == UNSURE)["web"] == "unsure"


def test_precedence_own_then_register_then_web() -> None:
    fact_page = {"url": "https://x.example/", "read": "2026-01-01", "website": "https://x.example/"}
    data = {"name": "X", "status": "listed", "web": {"checked": "2026-01-01", "result": "found", "pages": [fact_page]}}
    assert webfacts.reach(data).website == "https://x.example/" and webfacts.reach(data).website_fact
    data["register"] = {"website": "https://register.example/"}
    assert webfacts.reach(data).website == "https://register.example/" and webfacts.reach(data).website_fact is None
    data["website"] = "https://own.example/"
    assert webfacts.reach(data).website == "https://own.example/"
    assert [kind for kind, _own, _fact in webfacts.conflicts(data)] == ["website"]


class _Pages:
    """A fake fetch: page address → (text, error), as `webcheck.fetch` gives them."""

    def __init__(self, pages: dict[str, tuple[str, str]]) -> None:
        self.pages = pages

    def __call__(self, url: str) -> tuple[str, str]:
        return self.pages.get(url, ("", "HTTP 404"))


def test_web_check_over_a_local_http_server(loaded, tmp_path: Path) -> None:
    """Pages served on loopback: one still shows its facts but the phone, one is gone."""
    from browser import serve_folder

    www = tmp_path / "www"
    (www / "yhteystiedot").mkdir(parents=True)
    (www / "yhteystiedot" / "index.html").write_text(
        "<html><body><p>Sähköposti: info@verkkotiedot.example</p><p>Kuvitelmankatu 5 B</p>"
        "<p>Y-tunnus 7654321-2</p><script>var x='09 765 4321'</script></body></html>", encoding="utf-8")
    served = serve_folder(www)
    origin = next(served)
    try:
        def local(url: str) -> tuple[str, str]:
            return webcheck.fetch(url.replace("https://verkkotiedot.example", origin).replace("https://www.verkkotiedot.example", origin))
        results = {(r.org, r.url): r for r in webcheck.check(loaded, local)}
    finally:
        served.close()
    contact = results[(ORG, "https://verkkotiedot.example/yhteystiedot/")]
    assert contact.error == "" and [f.kind for f in contact.missing] == ["phone"]  # a number inside a script is not shown
    assert results[(ORG, "https://www.verkkotiedot.example/toiminta/")].error == "HTTP 404"
    report = webcheck.as_markdown(list(results.values()), date(2026, 12, 3))
    assert "## Sivu ei avaudu" in report and "## Tieto ei enää näy sivulla" in report and "phone: 09 765 4321" in report
    assert (UNSURE, "https://epavarma.example/") not in results  # an unsure organisation's pages hold no facts


def test_web_check_reads_phone_numbers_in_either_form() -> None:
    phone = webfacts.Fact("phone", {"number": "+358 9 765 4321"}, "u", "2026-01-01")
    assert webcheck.shows(phone, "Soita 09 765 4321 arkisin") is True
    assert webcheck.shows(phone, "Soita 09 765 0000") is False
    summary = webfacts.Fact("summary", "Omin sanoin", "u", "2026-01-01")
    assert webcheck.shows(summary, "") is None


def test_web_check_command_writes_its_report_and_changes_no_file(loaded, tmp_path: Path, monkeypatch) -> None:
    from hakemisto import cli

    before = {p: p.read_bytes() for p in loaded.root.rglob("*.yaml")}
    monkeypatch.setattr(webcheck, "fetch", _Pages({}))
    report = tmp_path / "report.md"
    assert cli.main(["web-check", "--content", str(loaded.root), "--report", str(report), "--today", "2026-12-03"]) == 0
    assert "Verkkosivujen tiedot 2026-12-03" in report.read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in loaded.root.rglob("*.yaml")} == before

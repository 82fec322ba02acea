"""The rendered site, checked by parsing its HTML: every page kind in fi, sv and en."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest


from sitebuild import build_fixture, page, text

LANGS = {"fi": "", "sv": "sv/", "en": "en/"}
PROFILE = "jarjestot/kuvitteellinen-perheyhdistys/"
NETWORK = "verkostot/kuvitteellinen-verkosto/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory)


@pytest.mark.parametrize("lang,prefix", LANGS.items())
def test_every_page_kind_exists_in_every_language(site: Path, lang: str, prefix: str) -> None:
    paths = ["", "jarjestot/", PROFILE, "teemat/", "teemat/mielenterveys/", "alueet/", "alueet/espoo/",
             "alueet/lansi-uudenmaan-hyvinvointialue/", "verkostot/", NETWORK, "yhteyshenkilot/", "kalenteri/",
             "osallistu/", "haku/"]
    for path in paths:
        soup = page(site, prefix + path)
        assert soup.html["lang"] == lang, path
        assert len(soup.find_all("h1")) == 1, path
        assert soup.find("main", id="main"), path
        hreflangs = {l["hreflang"]: l["href"] for l in soup.select("link[rel=alternate][hreflang]")}
        assert hreflangs["fi"] == "/" + path and hreflangs["sv"] == "/sv/" + path and hreflangs["en"] == "/en/" + path
        current = soup.select_one(".langs a[aria-current=page]")
        assert current["hreflang"] == lang


@pytest.mark.parametrize("lang,heading,self_referral", [
    ("fi", "Näin ohjaat perheen", "Perhe voi ottaa yhteyttä suoraan."),
    ("sv", "Så hänvisar du en familj", "Familjen kan kontakta organisationen direkt."),
    ("en", "How to refer a family", "The family can contact the organisation directly."),
])
def test_profile_refer_block_and_contacts(site: Path, lang: str, heading: str, self_referral: str) -> None:
    soup = page(site, LANGS[lang] + PROFILE)
    refer = soup.select_one("section.refer")
    assert refer.h2.get_text() == heading
    assert self_referral in text(refer)
    assert refer.select_one('a[href="tel:+358500000001"]')
    people = soup.select("ul.people li.person")
    assert [p.select_one(".person-name").get_text() for p in people] == ["Maija Meikäläinen", "Matti Mallikas"]
    maija = people[0]
    assert maija.select_one('a[href="mailto:maija@example.org"]')
    assert maija.select_one('a[href="tel:+358500000001"]').get_text() == "050 0000001"  # the normalised number
    title = {"fi": "Perhetyön ohjaaja", "sv": "Handledare", "en": "Family work counsellor"}[lang]
    assert maija.select_one(".person-title").get_text() == title
    assert soup.select_one('a[href="tel:+35891234567"]')


def test_profile_memberships_derived_from_network_files(site: Path) -> None:
    soup = page(site, "en/" + PROFILE)
    items = [text(li) for li in soup.select("#networks + ul li")]
    assert items == [
        "Fictional network of family NGOs – Chair, Coordinator (Matti Mallikas) Represents: NGOs for special support",
        "Fictional theme group – Coordinator",
    ]
    ended = page(site, "en/jarjestot/zeta-saatio/")
    assert "Fictional network of family NGOs – Member – until 31 December 2024" in text(ended.select_one("#networks + ul"))


def test_network_page_members_table_and_sections(site: Path) -> None:
    soup = page(site, "en/" + NETWORK)
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in soup.select("#members ~ div table tbody tr")]
    assert rows[0] == ["Fictional Family Association", "Matti Mallikas", "Chair", "Convenes and prepares meetings.",
                       "NGOs for special support"]
    assert rows[3] == ["Family centre management of a fictional wellbeing county", "Liisa Esimerkki", "Vice-chair", "–",
                       "Perhekeskuksen johtoryhmä"]
    assert soup.select_one("#members ~ div table tbody tr:nth-of-type(4) td:nth-of-type(4) span[lang=fi]")
    assert "until 31 December 2024" in rows[4][0]
    assert [r[0] for r in rows[:3]] == ["Fictional Family Association", "Odottava Yhdistys", "Åaltoilevat Perheet ry"]
    assert [text(li) for li in soup.select("#goals + ul li")] == [
        "NGOs' work is known in family centres.", "Tieto kulkee jäsenten ja viiteryhmien välillä."]
    assert soup.select_one("#goals + ul li:nth-of-type(2) span[lang=fi]")
    assert "Organise leadership meetings." in text(soup.select_one("#tasks + ul"))
    assert "Twice a year" in text(soup.select_one("dl.facts"))
    contact = soup.select_one("#contact + div.person")
    assert "Matti Mallikas" in text(contact) and contact.select_one('a[href="mailto:matti@example.org"]')
    upcoming = [a.h3.get_text() for a in soup.select("#upcoming ~ article.meeting")
                if a.find_previous("h2").get("id") == "upcoming"]
    past = [a.h3.get_text() for a in soup.select("article.meeting") if a.find_previous("h2").get("id") == "past"]
    assert upcoming == ["Family centre seminar"]
    assert past == ["Leadership meeting", "Työpaja"]
    assert "Keskusteltiin yhteistyöstä" in text(soup.select_one("#kokous-johto-2026-kevat"))
    assert "Recommendation 1" in text(soup.select_one("#documents").parent)
    assert [a.get_text() for a in soup.select("#subgroups + ul a")] == ["Fictional theme group"]


def test_proposed_listed_stale_and_ended_notices(site: Path) -> None:
    assert page(site, "en/verkostot/teemaryhma/").select_one(".notice-proposed")
    assert "Fictional network of family NGOs" in text(page(site, "en/verkostot/teemaryhma/").select_one(".breadcrumb"))
    listed = page(site, "en/jarjestot/odottava-yhdistys/")
    assert "Awaiting the organisation's details." in text(listed.select_one(".notice-listed"))
    stale = page(site, "en/jarjestot/aaltoilevat-perheet/")
    assert "15 May 2024" in text(stale.select_one(".notice-stale"))
    assert not page(site, "en/" + PROFILE).select_one(".notice-stale")
    assert page(site, "en/jarjestot/zeta-saatio/").select_one(".notice-ended")


def test_finnish_fallback_is_marked(site: Path) -> None:
    soup = page(site, "sv/jarjestot/aaltoilevat-perheet/")
    assert soup.select_one("p.lead span[lang=fi]").get_text() == "Harrastustoimintaa koko perheelle Itä-Uudellamaalla."
    en_profile = page(site, "en/" + PROFILE)
    assert en_profile.select_one(".activity div[lang=fi]") or en_profile.select_one(".activity span[lang=fi]")


def test_a_to_o_order_puts_a_ring_after_z(site: Path) -> None:
    soup = page(site, "jarjestot/")
    letters = [h.get_text() for h in soup.select("h2.letter")]
    assert letters == ["K", "O", "Z", "Å"]
    names = [a.get_text() for a in soup.select(".card-title a")]
    assert names == ["Kuvitteellinen Perheyhdistys ry", "Odottava Yhdistys", "Zeta-säätiö", "Åaltoilevat Perheet ry"]
    listed = soup.find("a", string="Odottava Yhdistys").find_parent("li")
    assert listed.select_one(".badge-listed")


def _org_names(soup) -> list[str]:
    return [a.get_text() for a in soup.select(".card-title a")]


def test_area_pages_include_organisations_covering_the_municipality(site: Path) -> None:
    assert _org_names(page(site, "alueet/espoo/")) == ["Kuvitteellinen Perheyhdistys ry"]
    assert _org_names(page(site, "alueet/hanko/")) == ["Kuvitteellinen Perheyhdistys ry"]
    assert _org_names(page(site, "alueet/helsinki/")) == ["Kuvitteellinen Perheyhdistys ry"]
    assert _org_names(page(site, "alueet/porvoo/")) == ["Åaltoilevat Perheet ry"]
    assert _org_names(page(site, "alueet/vantaa/")) == []
    assert _org_names(page(site, "alueet/online/")) == ["Åaltoilevat Perheet ry"]
    county = page(site, "alueet/helsingin-kaupunki/")
    assert _org_names(county) == ["Kuvitteellinen Perheyhdistys ry"]


def test_theme_pages(site: Path) -> None:
    soup = page(site, "sv/teemat/mielenterveys/")
    assert soup.h1.get_text() == "Psykisk hälsa"
    assert _org_names(soup) == ["Fiktiva Familjeföreningen rf"]
    assert [a.get_text() for a in soup.select("h2 + ul.plain a")] == [
        "Fiktiva nätverket för familjeorganisationer", "Kuvitteellinen teemaryhmä"]
    assert _org_names(page(site, "teemat/kulttuuri/")) == []


@pytest.mark.parametrize("prefix,listed,tile,empty", [
    ("", "Järjestöjä, joiden tiedoissa tässä hakemistossa on tämä teema: 1.", "Mielenterveys (1)",
     "Yhdenkään järjestön tiedoissa tässä hakemistossa ei ole vielä tätä teemaa."),
    ("sv/", "Organisationer vars uppgifter i katalogen innehåller detta tema: 1.", "Psykisk hälsa (1)",
     "Ännu ingen organisations uppgifter i katalogen innehåller detta tema."),
    ("en/", "Organisations whose details in this directory include this theme: 1.", "Mental health (1)",
     "No organisation's details in this directory include this theme yet."),
], ids=["fi", "sv", "en"])
def test_theme_page_wording_fits_a_listed_and_an_empty_theme(site: Path, prefix: str, listed: str, tile: str,
                                                             empty: str) -> None:
    filled = page(site, f"{prefix}teemat/mielenterveys/")
    assert text(filled.select_one("h1 + p")) == listed
    assert filled.select_one("[data-pagefind-meta^=kind]")["data-pagefind-meta"].endswith(": 1")
    tiles = [text(a) for a in page(site, f"{prefix}teemat/").select("ul.tiles a")]
    assert tile in tiles and not any(t.endswith("(0)") for t in tiles)
    assert text(page(site, f"{prefix}teemat/kulttuuri/").select_one("h1 + p")) == empty


def test_finnish_self_referral_filter_says_what_it_means(site: Path) -> None:
    form = text(page(site, "haku/").select_one("#search-filters"))
    assert "Perhe voi ottaa itse yhteyttä" in form and "Ilman ohjausta" not in form


def test_contacts_page_grouped_by_theme(site: Path) -> None:
    soup = page(site, "en/yhteyshenkilot/")
    section = soup.find("h2", id="teema-mielenterveys").parent
    names = [th.get_text() for th in section.select("tbody th")]
    assert names == ["Maija Meikäläinen", "Matti Mallikas"]
    assert "Peer groups and referrals of families" in text(section)
    roles = soup.find("h2", id="verkostoroolit").parent
    assert "Liisa Esimerkki" in text(roles) and "Vice-chair" in text(roles)


def test_calendar_upcoming_first_then_past(site: Path) -> None:
    soup = page(site, "en/kalenteri/")
    titles = [a.h3.get_text() for a in soup.select("article.meeting")]
    assert titles == ["Family centre seminar", "Leadership meeting", "Työpaja"]
    assert "15 February 2027 at 09:00–16:00" in text(soup.select_one("article.meeting .when"))


def test_json_ld(site: Path) -> None:
    soup = page(site, "en/" + PROFILE)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NGO" and data["name"] == "Fictional Family Association"
    assert {p["name"] for p in data["contactPoint"]} == {"Maija Meikäläinen", "Matti Mallikas"}
    assert [m["name"] for m in data["memberOf"]] == ["Fictional network of family NGOs", "Fictional theme group"]
    events = json.loads(page(site, "en/kalenteri/").find("script", type="application/ld+json").string)["@graph"]
    seminar = next(e for e in events if e["name"] == "Family centre seminar")
    assert seminar["startDate"] == "2027-02-15T09:00:00+02:00"
    assert seminar["location"]["@type"] == "VirtualLocation"


def test_home_page(site: Path) -> None:
    soup = page(site, "en/")
    assert len(soup.select("#by-theme ~ ul.tiles li")) == 10
    assert "Family centre seminar" in text(soup.select_one("#upcoming").parent)
    recent = [a.get_text() for a in soup.select("#recent + ul a")]
    assert recent == ["Fictional Family Association", "Åaltoilevat Perheet ry"]
    assert soup.select_one('form[role=search][action="/en/haku/"] input[name=q]')


def test_contribute_page_renders_the_guide(site: Path) -> None:
    soup = page(site, "osallistu/")
    assert "Näin lisäät tai päivität järjestösi tiedot" in text(soup)
    assert soup.select_one(".prose table")


def test_edit_links(site: Path) -> None:
    from urllib.parse import parse_qs, urlsplit

    soup = page(site, "sv/" + PROFILE)
    fill, edit, report = soup.select(".edit-links a")
    assert parse_qs(urlsplit(fill["href"]).query)["tunniste"] == ["kuvitteellinen-perheyhdistys"]
    assert fill.get_text() == "Uppdatera uppgifterna med ett formulär"
    assert edit["href"] == ("https://github.com/esimerkki/hakemisto/edit/main/content/organizations/"
                            "kuvitteellinen-perheyhdistys.yaml")
    assert edit.get_text() == "Redigera sidan"
    parts = urlsplit(report["href"])
    assert parts.path == "/esimerkki/hakemisto/issues/new"
    assert parse_qs(parts.query) == {"template": ["paivita-tiedot.yml"],
                                     "title": ["Päivitys: Kuvitteellinen Perheyhdistys ry"],
                                     "sivu": ["/sv/" + PROFILE]}
    net = page(site, NETWORK).select(".edit-links a")[0]
    assert net["href"].endswith("/edit/main/content/networks/kuvitteellinen-verkosto.yaml")


def test_sitemap_and_robots(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_fixture(tmp_path_factory, base_url="https://example.org/")
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    locs = [u.find("s:loc", ns).text for u in urls]
    assert "https://example.org/en/" + PROFILE in locs and "https://example.org/" + PROFILE in locs
    first = urls[0]
    assert {l.get("hreflang") for l in first.findall("x:link", ns)} == {"fi", "sv", "en"}
    assert (site / "robots.txt").read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    assert (site / "404.html").is_file()


def test_cost_that_repeats_its_label_is_shown_once(site: Path) -> None:
    """The fixture's peer group is `cost: free` with `cost_details: Maksuton.`: one "Maksuton", not two."""
    costs = [dd.get_text() for dd in page(site, PROFILE).select("dl dd") if "Maksuton" in dd.get_text()]
    assert costs and all(c.count("Maksuton") == 1 for c in costs), costs

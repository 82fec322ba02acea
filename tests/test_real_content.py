"""The real content: the network, the organisations its source document names, and the structures
it recommends. These tests follow the content (an organisation added by `build.py new` keeps them
green) and pin what the source document does and does not say."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from hakemisto.site import i18n
from hakemisto.content.check import check
from sitebuild import build, page, text

CONTENT = ROOT / "content"
NETWORK = "uudellamaalla-lasten-ja-perheiden-kanssa-toimivien-jarjestojen-verkosto"
COORDINATOR_NOT_MEMBER = "lastensuojelun-keskusliitto"
HELSINKI_MEETINGS = "kumppanuustapaamiset-teemaryhmittain-helsingissa"
SOURCE_NAMES = [l.strip() for l in (ROOT / "docs/source/member-organisations.txt").read_text(encoding="utf-8").splitlines()
                if l.strip()]


@pytest.fixture(scope="module")
def loaded():
    content, problems = check(CONTENT)
    assert [p.text() for p in problems] == []
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(CONTENT, tmp_path_factory.mktemp("real") / "site")


def _fi_name(data: dict) -> str:
    name = data["name"]
    return name["fi"] if isinstance(name, dict) else name


def _proposed(loaded) -> list[str]:
    return [slug for slug, doc in loaded.networks.items() if doc.data["status"] == "proposed"]


def test_source_list_is_the_shared_seed() -> None:
    seed = ROOT.parent / "shared" / "seed" / "member-organisations.txt"
    if seed.is_file():
        assert (ROOT / "docs/source/member-organisations.txt").read_text(encoding="utf-8") == seed.read_text(encoding="utf-8")
    assert len(SOURCE_NAMES) == len(set(SOURCE_NAMES))


def test_every_source_name_has_exactly_one_file(loaded) -> None:
    names = Counter(_fi_name(doc.data) for doc in loaded.organizations.values())
    for name in SOURCE_NAMES + ["Lastensuojelun Keskusliitto"]:
        assert names[name] == 1, name


def test_listed_organisations_carry_nothing_but_their_name(loaded) -> None:
    for slug, doc in loaded.organizations.items():
        if doc.data["status"] != "listed":
            continue
        assert set(doc.data) <= {"name", "status", "short_name", "business_id", "register", "web"}, slug
        text_ = doc.path.read_text(encoding="utf-8")
        assert text_.startswith("# yaml-language-server: $schema=../../schemas/organization.schema.json\n")


def test_every_organisation_was_looked_up_on_its_own_web_pages(loaded) -> None:
    """Each member has a `web` block: found (facts with their page and date) or unsure / not found
    with a note, so nobody has to repeat the search."""
    from hakemisto.content import webfacts

    reachable = 0
    for slug, doc in loaded.organizations.items():
        web = doc.data.get("web")
        assert web and web["checked"], slug
        if web["result"] != "found":
            assert web["note"] and not webfacts.facts(doc.data), slug
            continue
        for fact in webfacts.facts(doc.data):
            assert fact.url.startswith(("https://", "http://")) and fact.read, (slug, fact)
        reach = webfacts.reach(doc.data)
        reachable += bool(reach.website or reach.phone or reach.email)
    assert reachable >= 60


def test_web_facts_hold_no_personal_details(loaded) -> None:
    """General addresses only: no e-mail of the firstname.lastname@ kind, and no contact persons from web pages."""
    import re

    from hakemisto.content import webfacts

    for slug, doc in loaded.organizations.items():
        for fact in webfacts.facts(doc.data):
            if fact.kind == "email":
                assert not re.match(r"[^\W\d_]{2,}[._][^\W\d_]{2,}@", fact.value), (slug, fact.value)
        assert "contacts" not in doc.data or doc.data["status"] != "listed", slug


def test_network_lists_every_source_name_as_a_member(loaded) -> None:
    data = loaded.net(NETWORK)
    assert data["status"] == "active" and data["kind"] == "network"
    members = [_fi_name(loaded.org(m["organization"])) for m in data["members"] if m.get("organization")]
    assert sorted(members) == sorted(SOURCE_NAMES)
    assert [r["title"]["fi"].split(":")[0] for r in data["recommendations"]][:3] == [
        "Suositus 1", "Suositus 2", "Seuraava askel yhteistyön vahvistamiseksi Helsingissä"]
    assert data["recommendations_title"]["fi"] == "Onnistuneen perhekeskusyhteistyön edellytykset"
    for item in data["goals"] + data["tasks"] + [r["text"] for r in data["recommendations"]]:
        assert set(item) == {"fi", "sv", "en"}


def test_the_coordinator_outside_the_member_list_is_not_called_a_member(loaded) -> None:
    data = loaded.net(NETWORK)
    assert COORDINATOR_NOT_MEMBER not in [m.get("organization") for m in data["members"]]
    entry = next(c for c in data["coordinators"] if isinstance(c, dict))
    assert entry["organization"] == COORDINATOR_NOT_MEMBER
    assert entry["activity"]["fi"] == "Perheet keskiöön -toiminta"


def test_nobody_has_confirmed_the_network_texts(loaded) -> None:
    """Text checked against the source document is provenance (`source`), not a review."""
    for slug, doc in loaded.networks.items():
        assert "reviewed" not in doc.data, slug
        assert doc.data.get("source"), slug
    for slug, doc in loaded.organizations.items():
        if doc.data["status"] == "listed":
            assert "reviewed" not in doc.data, slug


def test_recommended_structures_are_not_parts_of_the_network(loaded) -> None:
    proposed = _proposed(loaded)
    assert len(proposed) == 5
    for slug in proposed:
        data = loaded.net(slug)
        assert "parent" not in data and data["proposed_by"] == NETWORK, slug
        if slug == HELSINKI_MEETINGS:  # the source does not say whom it asks
            assert "proposed_to" not in data
        else:
            assert data["proposed_to"]["fi"], slug
        assert "uusimaa" not in data.get("areas", []), slug
        assert "meetings" not in data and "members" not in data
    assert "themes" not in loaded.net(HELSINKI_MEETINGS)
    assert loaded.net(HELSINKI_MEETINGS)["areas"] == ["helsinki"]
    leadership = [s for s in proposed if loaded.net(s)["kind"] == "leadership-forum"]
    assert len(leadership) == 1
    assert "lasten ja perheiden palvelujen johdon" in _fi_name(loaded.net(leadership[0])).casefold()


def test_recommendations_keep_the_source_modality(loaded) -> None:
    """No recommendation is stated as current practice."""
    practice = re.compile(r"\b(kutsutaan kaikki|all are invited|are invited, whether|huolehtii tiedonkulusta)\b", re.I)
    for slug, doc in loaded.networks.items():
        assert not practice.search(doc.path.read_text(encoding="utf-8")), slug


def test_network_page_shows_source_not_a_confirmation(loaded, site: Path) -> None:
    data = loaded.net(NETWORK)
    member_count = len(data["members"])
    for prefix in ("", "sv/", "en/"):
        soup = page(site, f"{prefix}verkostot/{NETWORK}/")
        footer = text(soup.select_one(".page-meta"))
        assert soup.select_one(".page-meta .source"), prefix
        assert not re.search(r"confirmed: |vahvistettu viimeksi|bekräftades senast", footer), footer
        rows = soup.select("#members ~ div table tbody tr")
        assert len(rows) == member_count
        names = [text(r.th) for r in rows]
        assert names == sorted(names, key=i18n.sort_key), prefix
        assert names.index("Äidit irti synnytysmasennuksesta Äimä") > names.index("Yhden Vanhemman Perheiden Liitto")
        assert "Perheet keskiöön" in text(soup.select_one("dl.facts"))
        assert not soup.select("#subgroups")
        assert len(soup.select("#recommended ~ ul li")) == len(_proposed(loaded))


def test_recommended_structure_pages(loaded, site: Path) -> None:
    for slug in _proposed(loaded):
        for prefix in ("", "en/"):
            soup = page(site, f"{prefix}verkostot/{slug}/")
            assert soup.select_one(".notice-proposed") and soup.select_one(".badge-proposed")
            terms = [text(dt) for dt in soup.select("dl.facts dt")]
            assert "Part of" not in terms and "Osa verkostoa" not in terms
            assert ("Recommended by" if prefix else "Suosittelija") in terms
            assert not soup.select_one(".breadcrumb a[href*='uudellamaalla']")
    theme_page = page(site, "teemat/vammaiset/")
    assert not theme_page.select_one(f'a[href="/verkostot/{HELSINKI_MEETINGS}/"]')


def test_coordinator_profile_says_what_it_is(site: Path) -> None:
    soup = page(site, f"en/jarjestot/{COORDINATOR_NOT_MEMBER}/")
    item = text(soup.select_one("#networks + ul li"))
    assert "Coordinator" in item and "Perheet keskiöön" in item and "Member" not in item
    assert "member of the network" not in text(soup.select_one(".notice-listed"))


def test_every_member_profile_links_its_network(loaded, site: Path) -> None:
    for member in loaded.net(NETWORK)["members"]:
        slug = member["organization"]
        soup = page(site, f"en/jarjestot/{slug}/")
        assert soup.select_one(f'#networks + ul a[href="/en/verkostot/{NETWORK}/"]'), slug
        assert soup.select_one(".notice-listed"), slug


def _pages(site: Path, prefix: str) -> list[Path]:
    if prefix:
        return sorted((site / prefix).rglob("index.html"))
    return sorted(p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in ("sv", "en"))


def _worded_pages(site: Path, prefix: str) -> list[Path]:
    """Every page in one language but the contribute page (whose glossary quotes the words to avoid)."""
    return [p for p in _pages(site, prefix) if p.parent.name != "osallistu"]


def test_swedish_and_english_wording(site: Path) -> None:
    """Swedish says "familjecenter", the Finland-Swedish term (THL), never Sweden's "familjecentral";
    English writes "family centre" open, as a noun and before another noun alike. The contribute page
    is left out: its glossary names the words to avoid."""
    for path in _worded_pages(site, "sv"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"familjecentral|referensgrupp", html, re.I), path
    assert text(page(site, "sv/verkostot/perhekeskusseminaari/").h1) == "Familjecenterseminarium"
    assert "Familjecentrens ledning, i hela området och i varje familjecenter" in text(
        page(site, "sv/verkostot/kumppanuustapaamiset/").select_one("dl.facts"))
    assert "familjecentersamarbete" in text(page(site, f"sv/verkostot/{NETWORK}/").select_one("#documents"))
    assert "familjecentren" in text(page(site, "sv/").select_one(".lead"))
    for path in _worded_pages(site, "en"):
        html = path.read_text(encoding="utf-8")
        body = page(path.parent, "index.html").find("main")
        words = text(body) if body else ""
        assert not re.search(r"A–Ö|Works under|Where to find us|Leadership forum|reference group|family center", words), path
        assert not re.search(r"family-centre|substance abuse", html, re.I), path
    assert "Substance use work" in text(page(site, "en/teemat/").select_one("ul.tiles"))
    sv = i18n.translations("sv").gettext
    assert (sv("Language of service"), sv("Find by theme"), sv("Part of")) == ("Servicespråk", "Sök efter tema", "Ingår i")


def test_finnish_home_page_counts_say_what_they_count(loaded, site: Path) -> None:
    stats = text(page(site, "").select_one(".stats"))
    assert f"Hakemistossa on {len(loaded.organizations)} järjestöä" in stats


def test_adding_an_organisation_keeps_the_real_content_valid(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "new", "organization", "Kuvitteellinen Perheyhdistys ry",
                             "--content", str(copy)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    loaded, problems = check(copy)
    assert problems == []
    test_every_source_name_has_exactly_one_file(loaded)
    test_listed_organisations_carry_nothing_but_their_name(loaded)
    test_network_lists_every_source_name_as_a_member(loaded)
    build(copy, tmp_path / "site")


def test_network_page_puts_goals_and_recommendations_before_the_member_table(site: Path) -> None:
    html = (site / "verkostot" / NETWORK / "index.html").read_text(encoding="utf-8")
    assert html.index('id="goals"') < html.index('id="documents"') < html.index('id="members"')
    soup = page(site, f"verkostot/{NETWORK}/")
    assert soup.select_one("#members").find_parent("section").get("data-pagefind-ignore") is not None
    assert soup.select_one("td[data-label]")


PARTNERSHIP_PAGES = ("kumppanuustapaamiset", HELSINKI_MEETINGS)


def test_partnership_meetings_are_called_what_the_source_calls_them(site: Path) -> None:
    """The source says "kumppanuustapaamiset"; no page calls them a table ("pöytä", "bord")."""
    for prefix, kind in (("", "Kumppanuustapaamiset"), ("sv/", "Partnerskapsmöten"), ("en/", "Partnership meetings")):
        for slug in PARTNERSHIP_PAGES:
            assert text(page(site, f"{prefix}verkostot/{slug}/").select_one("h1 + p.meta")) == kind, (prefix, slug)
        for path in _worded_pages(site, prefix.strip("/")):
            assert not re.search(r"kumppanuuspöy|partnerskapsbord|partnership table", path.read_text(encoding="utf-8"),
                                 re.I), path


def test_the_central_union_coordinates_through_its_activity(site: Path) -> None:
    """The source: the network is coordinated by the central union's Perheet keskiöön activity,
    not the union coordinating that activity."""
    expected = {"": "Koordinaattori (koordinoiva toiminta: Perheet keskiöön -toiminta)",
                "sv/": "Koordinator (koordinerar genom verksamheten Perheet keskiöön)",
                "en/": "Coordinator (coordinates through its Perheet keskiöön activity)"}
    for prefix, role in expected.items():
        item = text(page(site, f"{prefix}jarjestot/{COORDINATOR_NOT_MEMBER}/").select_one("#networks + ul li"))
        assert item.endswith(role), item
        assert "koordinoi:" not in item


def test_a_status_is_said_once(loaded, site: Path) -> None:
    """The badge says "Recommended"; the notice under it does not say it again."""
    for slug in _proposed(loaded):
        for prefix, word in (("", "Suositeltu"), ("sv/", "Rekommenderat"), ("en/", "Recommended")):
            soup = page(site, f"{prefix}verkostot/{slug}/")
            assert text(soup.select_one(".badge-proposed")) == word
            notice = text(soup.select_one(".notice-proposed"))
            assert not re.match(r"(Suositus|Suositeltu|Rekommendation|Rekommenderat|Recommended)\b", notice), notice


def test_recommended_structures_show_a_recommended_frequency(loaded, site: Path) -> None:
    for slug in _proposed(loaded):
        if not loaded.net(slug).get("meeting_rhythm"):
            continue
        for prefix, term in (("", "Suositeltu tiheys"), ("sv/", "Rekommenderad frekvens"), ("en/", "Recommended frequency")):
            terms = [text(dt) for dt in page(site, f"{prefix}verkostot/{slug}/").select("dl.facts dt")]
            assert term in terms, (prefix, slug, terms)
            assert not {"Kokoontuu", "Sammanträder", "Meets"} & set(terms), (prefix, slug)
    assert text(page(site, "en/verkostot/perhekeskusseminaari/").select_one("dl.facts")).count("recommended") == 0


def test_an_unconfirmed_network_says_so_instead_of_out_of_date(site: Path) -> None:
    for prefix, notice in (("", "Koordinaattorit eivät ole vielä vahvistaneet näitä tietoja."),
                           ("sv/", "Koordinatorerna har ännu inte bekräftat uppgifterna."),
                           ("en/", "Not yet confirmed by the coordinators.")):
        soup = page(site, f"{prefix}verkostot/{NETWORK}/")
        assert text(soup.select_one(".notice-stale")) == notice
        assert not re.search(r"out of date|vanhentuneita|föråldrade", text(soup.find("main")))
        footer = text(soup.select_one("footer.page-meta"))  # said once, in the notice
        assert not re.search(r"confirmed|vahvist|bekräftat", footer), footer


def test_no_more_than_the_source_says(site: Path) -> None:
    """Nobody is named for the Helsinki recommendation; the guessed cause ("Tämä johtunee…") is not a
    goal; the translations neither add "speak for" nor say "cannot" for "eivät osaa" or "our" for the NGOs'."""
    for prefix in ("", "sv/", "en/"):
        helsinki = page(site, f"{prefix}verkostot/{HELSINKI_MEETINGS}/")
        assert not {"Suositus osoitettu", "Rekommendationen riktar sig till", "Recommended to"} & {
            text(dt) for dt in helsinki.select("dl.facts dt")}
        main = page(site, f"{prefix}verkostot/{NETWORK}/")
        item = next(li for li in main.select("#recommended ~ ul li") if HELSINKI_MEETINGS in li.a["href"])
        assert "–" not in text(item), text(item)
    goals = {p: text(page(site, f"{p}verkostot/{NETWORK}/").select_one("#goals + ul")) for p in ("", "sv/", "en/")}
    assert "Tullaan tutuiksi ja ollaan aktiivisia puolin ja toisin." in goals[""]
    assert not re.search(r"tuntevat toistensa|känner till varandras|know each other's work", " ".join(goals.values()))
    english = text(page(site, f"en/verkostot/{NETWORK}/").find("main"))
    assert "do not know how to refer families to the NGOs' activities" in english
    assert not re.search(r"speak for|cannot refer|our activities", english)
    swedish = text(page(site, f"sv/verkostot/{NETWORK}/").find("main"))
    assert "inte vet hur de ska hänvisa" in swedish
    assert not re.search(r"talar för|inte kan hänvisa", swedish)


def test_theme_pages_say_plainly_how_many_organisations_are_listed(loaded, site: Path) -> None:
    """A theme page and tile say plainly that no organisation is listed yet, or how many are (their own
    themes or, until they confirm, those their web pages state); never an empty promise or "(0)"."""
    from hakemisto.content import webfacts

    empty = {"": ("Yhdenkään järjestön tiedoissa tässä hakemistossa ei ole vielä tätä teemaa.", "(ei vielä järjestöjä)"),
             "sv/": ("Ännu ingen organisations uppgifter i katalogen innehåller detta tema.", "(inga organisationer ännu)"),
             "en/": ("No organisation's details in this directory include this theme yet.", "(no organisations yet)")}
    operating = [d.data for d in loaded.organizations.values() if d.data["status"] != "ended"]
    counts = {t: sum(t in webfacts.effective_list(d, "themes") for d in operating) for t in loaded.vocab["themes"]}
    assert any(counts.values())
    for prefix, (sentence, tile) in empty.items():
        tiles = {text(a) for a in page(site, f"{prefix}teemat/").select("ul.tiles a")}
        assert "(0)" not in text(page(site, f"{prefix}teemat/").select_one("ul.tiles"))
        for theme, count in counts.items():
            soup = page(site, f"{prefix}teemat/{theme}/")
            if count == 0:
                assert text(soup.select_one("h1 + p")) == sentence, (prefix, theme)
                assert not soup.select(".empty") and any(t.endswith(tile) for t in tiles), tiles
            else:
                assert text(soup.select_one("h1 + p")) != sentence and soup.select("li.card"), (prefix, theme)
                assert not any(t.endswith(tile) for t in tiles if t.startswith(loaded.vocab["themes"][theme].get(prefix.strip("/") or "fi"))), tiles


def test_the_network_is_not_indexed_under_its_themes_everyday_words(site: Path) -> None:
    """"avioero" (divorce) is a word for the theme, not for the network: the network page's hidden search
    words leave the theme words out, so the theme page and the organisations come first."""
    for prefix, word in (("", "avioero"), ("sv/", "skilsmässa"), ("en/", "divorce")):
        hidden = page(site, f"{prefix}verkostot/{NETWORK}/").select_one("p.visually-hidden[aria-hidden=true]")
        assert hidden is None or word not in text(hidden), prefix
        assert word in text(page(site, f"{prefix}teemat/eri-perhemuodot/").select_one("p.visually-hidden"))


def test_network_and_theme_search_results_say_what_they_are(loaded, site: Path) -> None:
    """Pagefind's `kind` metadata, which the search page shows under a result's title."""
    count = len(loaded.net(NETWORK)["members"])
    metas = {p: page(site, f"{p}verkostot/{NETWORK}/").select_one("[data-pagefind-meta^=kind]")["data-pagefind-meta"]
             for p in ("", "sv/", "en/")}
    assert metas == {"": f"kind:Verkosto · jäseniä: {count}", "sv/": f"kind:Nätverk · medlemmar: {count}",
                     "en/": f"kind:Network · members: {count}"}
    seminar = page(site, "en/verkostot/perhekeskusseminaari/").select_one("[data-pagefind-meta^=kind]")
    assert seminar["data-pagefind-meta"] == "kind:Seminar · Recommended"
    from hakemisto.content import webfacts

    listed = sum("eri-perhemuodot" in webfacts.effective_list(d.data, "themes") for d in loaded.organizations.values()
                 if d.data["status"] != "ended")
    theme = page(site, "teemat/eri-perhemuodot/").select_one("[data-pagefind-meta^=kind]")
    assert listed and theme["data-pagefind-meta"] == f"kind:Teema · järjestöjä: {listed}"


def test_the_glossary_gives_each_key_term_in_three_languages_with_a_source(site: Path) -> None:
    """CONTRIBUTING.md's glossary, as the contribute page shows it."""
    heading = page(site, "osallistu/").find(lambda tag: tag.name in ("h2", "h3") and "Glossary" in tag.get_text())
    table = heading.find_next("table")
    rows = {text(tr.find_all("td")[0]): [text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")}
    assert rows["perhekeskus"][1].startswith("familjecenter") and rows["perhekeskus"][2].startswith("family centre")
    assert rows["kumppanuustapaamiset"][1:3] == ["partnerskapsmöten", "partnership meetings"]
    assert rows["päihdetyö"][2] == "substance use work"
    assert all(len(cells) == 4 and all(cells) for cells in rows.values()), rows
    links = [a["href"] for a in table.select("a")]
    assert any(h.startswith("https://thl.fi/sv/") for h in links) and any(h.startswith("https://thl.fi/aiheet/") for h in links)

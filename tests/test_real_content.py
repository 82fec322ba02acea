"""The real content: the network, its 79 organisations and the structures it proposes."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from hakemisto.check import check
from sitebuild import build, page, text

CONTENT = ROOT / "content"
NETWORK = "uudellamaalla-lasten-ja-perheiden-kanssa-toimivien-jarjestojen-verkosto"
PROPOSED = [
    "perhekeskusten-johdon-ja-jarjestojen-toiminnanjohtajien-tapaamiset",
    "kumppanuustapaamiset-teemaryhmittain-helsingissa",
    "perhekeskusseminaari",
    "jarjestotorit-ja-tyopajat",
]
SOURCE_NAMES = [l.strip() for l in (ROOT / "docs/source/member-organisations.txt").read_text(encoding="utf-8").splitlines()
                if l.strip()]


@pytest.fixture(scope="module")
def loaded():
    content, problems = check(CONTENT)
    assert [p.text() for p in problems] == []
    return content


def _fi_name(data: dict) -> str:
    name = data["name"]
    return name["fi"] if isinstance(name, dict) else name


def test_source_list_is_the_shared_seed() -> None:
    seed = ROOT.parent / "shared" / "seed" / "member-organisations.txt"
    if seed.is_file():
        assert (ROOT / "docs/source/member-organisations.txt").read_text(encoding="utf-8") == seed.read_text(encoding="utf-8")
    assert len(SOURCE_NAMES) == 78


def test_every_source_name_has_exactly_one_file(loaded) -> None:
    names = Counter(_fi_name(doc.data) for doc in loaded.organizations.values())
    for name in SOURCE_NAMES + ["Lastensuojelun Keskusliitto"]:
        assert names[name] == 1, name
    assert len(loaded.organizations) == 79


def test_listed_organisations_carry_nothing_the_source_does_not_say(loaded) -> None:
    for slug, doc in loaded.organizations.items():
        assert doc.data["status"] == "listed", slug
        assert set(doc.data) == {"name", "status"}, slug
        text_ = doc.path.read_text(encoding="utf-8")
        assert text_.startswith("# yaml-language-server: $schema=../../schemas/organization.schema.json\n")
        assert "# referral:" in text_ and "# contacts:" in text_


def test_network_lists_all_79_as_members(loaded) -> None:
    data = loaded.net(NETWORK)
    assert data["status"] == "active" and data["kind"] == "network" and data["areas"] == ["uusimaa"]
    members = [m["organization"] for m in data["members"]]
    assert sorted(members) == sorted(loaded.organizations)
    assert data["coordinators"] == ["pienperheyhdistys", "lastensuojelun-keskusliitto"]
    assert len(data["themes"]) == 10
    assert [r["title"]["fi"].split(":")[0] for r in data["recommendations"]] == [
        "Suositus 1", "Suositus 2", "Seuraava askel yhteistyön vahvistamiseksi Helsingissä"]
    for item in data["goals"] + data["tasks"] + [r["text"] for r in data["recommendations"]]:
        assert set(item) == {"fi", "sv", "en"}


def test_proposed_structures(loaded) -> None:
    for slug in PROPOSED:
        data = loaded.net(slug)
        assert data["status"] == "proposed" and data["parent"] == NETWORK
        assert data["goals"] and data["tasks"]
        assert "meetings" not in data and "members" not in data
    assert loaded.net(PROPOSED[0])["kind"] == "leadership-forum"
    assert loaded.net(PROPOSED[1])["areas"] == ["helsinki"]


def test_built_site_shows_the_network_and_memberships(tmp_path: Path) -> None:
    site = build(CONTENT, tmp_path / "site")
    for prefix, goals, recommendation in (("", "Tavoitteet", "Suositus 2"), ("sv/", "Mål", "Rekommendation 2"),
                                          ("en/", "Goals", "Recommendation 2")):
        soup = page(site, f"{prefix}verkostot/{NETWORK}/")
        assert soup.find("h2", id="goals").get_text() == goals
        assert len(soup.select("#goals + ul li")) == 4 and len(soup.select("#tasks + ul li")) == 3
        assert recommendation in text(soup.select_one(".recommendation:nth-of-type(2)"))
        assert len(soup.select("#members ~ div table tbody tr")) == 79
        assert len(soup.select("#subgroups + ul li")) == 4
    for slug in loaded_slugs():
        soup = page(site, f"en/jarjestot/{slug}/")
        assert soup.select_one(f'#networks + ul a[href="/en/verkostot/{NETWORK}/"]'), slug
        assert soup.select_one(".notice-listed"), slug
    for slug in PROPOSED:
        soup = page(site, f"verkostot/{slug}/")
        assert soup.select_one(".notice-proposed") and soup.select_one(".badge-proposed")


def loaded_slugs() -> list[str]:
    return sorted(p.stem for p in (CONTENT / "organizations").glob("*.yaml"))

"""What the search index holds of a profile: its longer texts (referral, contact persons, activities,
description, addresses) each word once unless its name, summary or need words give it already, never
their labels or link addresses, so that the index chunk a common word's search downloads stays small
(issue 29). Read from the built fixture site's Pagefind records; search behaviour itself is in
test_search.py and test_need_search.py."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from hakemisto.site.searchtext import EDGES, LINK_TARGET, distinct_words, words
from sitebuild import build_fixture, page

PROFILE = "jarjestot/kuvitteellinen-perheyhdistys/"
SECTIONS = ("refer", "contacts", "activities", "about", "locations")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory, search=True)


def content(site: Path, url: str) -> str:
    """The text Pagefind indexed for one page (its record's `content`)."""
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if record["url"] == "/" + url:
            return record["content"]
    raise AssertionError(f"{url} is not indexed")


def count(word: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){word}(?!\w)", text, re.IGNORECASE))


def test_distinct_words_once_each_in_the_pages_language() -> None:
    values = [{"fi": "Ryhmä kokoontuu *kerran viikossa*.", "sv": "Gruppen träffas."}, "ryhmä kerran", None]
    assert distinct_words(values, "fi") == "Ryhmä kokoontuu kerran viikossa"
    assert distinct_words(values, "sv") == "Gruppen träffas ryhmä kerran"
    assert distinct_words([{"en": "Only English"}], "fi") == ""  # like the page: Finnish or nothing


def test_distinct_words_leave_out_addresses_and_vocabulary_keys() -> None:
    activity = {"name": "Leiri", "url": "https://example.org/leiri", "format": "camp", "areas": ["espoo"],
                "email": "a@example.org", "phone": "09 123", "how_to_join": "Katso [sivu](https://example.org/x) tai https://example.org/y."}
    assert distinct_words([[activity]], "fi") == "Leiri Katso sivu tai"


def test_distinct_words_leave_out_what_the_page_indexes_already() -> None:
    need = "Vertaisryhmä · vertaistuki · ryhmä"
    assert distinct_words(["Ryhmä ja vertaistuki perheille."], "fi", [{"fi": "Perheille"}, need]) == "ja"


def split_and_strip(texts: list[str]) -> dict[str, str]:
    """The plain reading `words` must agree with: split each text at whitespace, strip the edge
    characters from each token, keep each word once (case aside), in the order they first come."""
    found: dict[str, str] = {}
    for text in texts:
        for token in LINK_TARGET.sub(" ", text).split():
            if token.strip(EDGES):
                found.setdefault(token.strip(EDGES).casefold(), token.strip(EDGES))
    return found


PIECES = ["Ryhmä", "ryhmä.", "RYHMÄ", "(perhe)", "ß", "SS", "İ", "-", "…", "«a»", " ", "\t", "\n", "\u00a0",
          "https://example.org/x", "<http://a.fi>", "[sivu](https://example.org/y)", "](", ")", "http"]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join)


@given(st.lists(TEXT, max_size=4))
def test_words_are_the_whitespace_tokens_with_their_edges_stripped(texts: list[str]) -> None:
    assert list(words(texts, "fi").items()) == list(split_and_strip(texts).items())


def test_longer_texts_are_indexed_each_word_once(built: Path) -> None:
    indexed = content(built, PROFILE)
    for word in ("perheitä", "kokoontuu", "Tiistaisin", "Ilmoittaudu", "Esimerkkikatu", "Esteetön", "Facebook",
                 "Toiminnanjohtaja", "soittaa"):
        assert count(word, indexed) == 1, word
    assert count("Meikäläinen", indexed) == 1  # the referral contact and a contact person: one entry
    assert count("Neuvontapuhelin", indexed) == 1  # an activity's name and a need word: one entry


def test_labels_and_link_addresses_are_not_indexed(built: Path) -> None:
    indexed = content(built, PROFILE)
    for boilerplate in ("Yleiset yhteystiedot", "Vastuualueet", "Näin ohjaat perheen", "Yhteyshenkilöt", "example.org"):
        assert boilerplate.casefold() not in indexed.casefold(), boilerplate


def test_the_sections_are_ignored_and_their_words_hidden_from_everyone(built: Path) -> None:
    soup = page(built, PROFILE)
    for section in SECTIONS:
        assert soup.select_one(f'section[aria-labelledby="{section}"]').has_attr("data-pagefind-ignore"), section
    words = [p for p in soup.select("p.visually-hidden[aria-hidden=true]") if "Esimerkkikatu" in p.get_text()]
    assert len(words) == 1 and not words[0].find_parent(attrs={"data-pagefind-ignore": True})


def test_themes_target_groups_and_areas_are_indexed_once_as_need_words_and_meta(built: Path) -> None:
    soup = page(built, PROFILE)
    facts = soup.select_one("article.profile > dl.facts")
    assert [dd.has_attr("data-pagefind-ignore") for dd in facts.select("dd")] == [True, True, True, False]
    assert count("Mielenterveys", content(built, PROFILE)) == 1  # the need words; the meta "themes" also matches


def test_facts_side_by_side_stay_separate_words(built: Path) -> None:
    """Pagefind reads <dd> as inline: each fact's first and last word are whole words in the index."""
    checked = 0
    for url in ("verkostot/kuvitteellinen-verkosto/", PROFILE):
        indexed = content(built, url)
        for dd in page(built, url).select("dl.facts dd"):
            if dd.find_parent(attrs={"data-pagefind-ignore": True}) or dd.has_attr("data-pagefind-ignore"):
                continue
            words = dd.get_text(" ").split()
            assert count(re.escape(words[0]), indexed) and count(re.escape(words[-1].strip(".,")), indexed), dd
            checked += 1
    assert checked >= 4

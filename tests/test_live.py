"""The serve rebuild: after an edit only the affected pages are rendered and rewritten, and the
result is byte for byte what a full build of the edited content writes. Long lists are paged."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from hakemisto.live import LiveBuild, SearchIndexer
from hakemisto.site import PAGE_SIZE
from sitebuild import TODAY, build, page, text

ORGS = "organizations"
PROFILE = "kuvitteellinen-perheyhdistys"


def add_orgs(content: Path, count: int) -> None:
    """Fictional listed organisations (enough to fill more than one list page)."""
    for i in range(count):
        (content / ORGS / f"kuvitteellinen-kerho-{i:03d}.yaml").write_text(
            f"name: Kuvitteellinen kerho {i:03d}\nstatus: listed\nthemes: [liikunta]\nareas: [espoo]\n",
            encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_full_build(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    fresh = build(content, tmp_path / "fresh")
    got, want = tree(live.out), tree(fresh)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []


@pytest.fixture
def live(content: Path, tmp_path: Path) -> LiveBuild:
    built = LiveBuild(content, tmp_path / "site", search=False, today=TODAY)
    assert built.full().ok
    return built


def edit(path: Path, old: str, new: str) -> None:
    text_ = path.read_text(encoding="utf-8")
    assert old in text_
    path.write_text(text_.replace(old, new, 1), encoding="utf-8")


def update(live: LiveBuild, *paths: Path):
    outcome = live.update(set(paths))
    assert outcome.ok, [p.text() for p in outcome.problems]
    assert not outcome.full
    live.finish(outcome)
    return outcome


def test_renaming_an_organisation_rewrites_only_what_shows_it(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    untouched = live.out / "jarjestot" / "zeta-saatio" / "index.html"
    before = untouched.stat().st_ino
    target = content / ORGS / "aaltoilevat-perheet.yaml"
    edit(target, "name:", "name: {fi: Öljyvärit ry}\nold_name:")
    edit(target, "old_name:", "#")
    outcome = update(live, target)
    assert_same_as_full_build(live, content, tmp_path)
    assert untouched.stat().st_ino == before  # a page that does not show the organisation is not rewritten
    assert outcome.rendered < len(live.pages) * 3 / 2
    assert "Öljyvärit ry" in text(page(live.out, "jarjestot/"))


def test_theme_change_moves_the_organisation_between_theme_pages(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    target = content / ORGS / "zeta-saatio.yaml"
    edit(target, "themes: [kulttuuri]", "themes: [liikunta, mielenterveys]")
    update(live, target)
    assert_same_as_full_build(live, content, tmp_path)


def test_added_and_removed_files(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    new = content / ORGS / "uusi-kerho.yaml"
    new.write_text("name: Uusi kerho\nstatus: listed\nthemes: [kulttuuri]\nareas: [vantaa]\n", encoding="utf-8")
    update(live, new)
    assert (live.out / "jarjestot" / "uusi-kerho" / "index.html").is_file()
    assert_same_as_full_build(live, content, tmp_path)
    new.unlink()
    update(live, new)
    assert not (live.out / "jarjestot" / "uusi-kerho").exists()
    assert_same_as_full_build(live, content, tmp_path / "again")


def test_network_edit(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    target = content / "networks" / "teemaryhma.yaml"
    source = target.read_text(encoding="utf-8")
    name_line = next(line for line in source.splitlines() if line.startswith("name:"))
    edit(target, name_line, "name: Uudelleen nimetty ryhmä")
    update(live, target)
    assert_same_as_full_build(live, content, tmp_path)


def test_a_mistake_keeps_the_site_and_the_fix_rebuilds(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    target = content / ORGS / f"{PROFILE}.yaml"
    site_before = tree(live.out)
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("status: active", "status: aktiivinen"), encoding="utf-8")
    outcome = live.update({target})
    assert not outcome.ok and outcome.problems[0].path.endswith(target.name)
    assert tree(live.out) == site_before
    target.write_text(original, encoding="utf-8")
    outcome = live.update({target})
    assert outcome.ok and outcome.full  # after a failed check, everything is checked again
    assert_same_as_full_build(live, content, tmp_path)


def test_an_edit_is_checked_against_the_other_files(live: LiveBuild, content: Path, tmp_path: Path) -> None:
    """A partial check re-runs the one-file rules on the edited file only, but every rule across
    files: a wrong theme id and a deleted organisation a network still names are both found."""
    target = content / ORGS / "zeta-saatio.yaml"
    edit(target, "themes: [kulttuuri]", "themes: [kulttuur]")
    outcome = live.update({target})
    assert [(p.code, Path(p.path).name) for p in outcome.problems] == [("unknown-id", "zeta-saatio.yaml")]
    edit(target, "themes: [kulttuur]", "themes: [kulttuuri]")
    assert live.update({target}).ok
    member = content / ORGS / f"{PROFILE}.yaml"
    member.unlink()
    outcome = live.update({member})
    assert outcome.problems and {p.code for p in outcome.problems} == {"unknown-organization"}
    assert {Path(p.path).parent.name for p in outcome.problems} == {"networks"}


def indexed_urls(bundle: Path) -> set[str]:
    """The page addresses in a Pagefind bundle (each fragment is gzip JSON after a marker)."""
    urls = set()
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(raw[raw.index(b"{"):])["url"])
    return urls


def test_search_index_follows_in_the_background(content: Path, tmp_path: Path) -> None:
    """After an edit the pages are written at once and the index in the background; a second edit
    stops the run under way, and the index that is swapped in is the one of the latest pages."""
    reports: list[tuple[float, str]] = []
    live = LiveBuild(content, tmp_path / "site", today=TODAY, report_search=lambda s, e: reports.append((s, e)))
    assert live.full().ok
    assert "/jarjestot/uusi-kerho/" not in indexed_urls(live.out / "pagefind")
    first = content / ORGS / "uusi-kerho.yaml"
    first.write_text("name: Uusi kerho\nstatus: listed\nthemes: [kulttuuri]\nareas: [vantaa]\n", encoding="utf-8")
    update(live, first)
    second = content / ORGS / "toinen-kerho.yaml"
    second.write_text("name: Toinen kerho\nstatus: listed\nthemes: [kulttuuri]\nareas: [vantaa]\n", encoding="utf-8")
    update(live, second)
    assert live.indexer.wait(timeout=120)
    urls = indexed_urls(live.out / "pagefind")
    assert {"/jarjestot/uusi-kerho/", "/jarjestot/toinen-kerho/", "/en/jarjestot/toinen-kerho/"} <= urls
    assert reports and reports[-1][1] == "" and live.indexer.error == ""
    assert not [p.name for p in live.out.iterdir() if p.name.startswith(".pagefind")]
    second.unlink()
    update(live, second)
    live.full()  # a full build stops the background run and indexes the site itself
    assert "/jarjestot/toinen-kerho/" not in indexed_urls(live.out / "pagefind")
    assert not [p.name for p in live.out.iterdir() if p.name.startswith(".pagefind")]


def test_a_failed_index_is_reported_and_the_next_request_runs(tmp_path: Path) -> None:
    reports: list[str] = []
    indexer = SearchIndexer(tmp_path / "no-site", report=lambda _seconds, error: reports.append(error))
    for _ in range(2):
        indexer.request()
        assert indexer.wait(timeout=60)
    assert len(reports) == 2 and all("Pagefind" in error for error in reports)
    assert indexer.error and not (tmp_path / "no-site" / "pagefind").exists()


def test_other_files_rebuild_everything(live: LiveBuild, content: Path) -> None:
    outcome = live.update({content / "themes.yaml"})
    assert outcome.ok and outcome.full


def test_long_lists_are_paged(content: Path, tmp_path: Path) -> None:
    add_orgs(content, PAGE_SIZE + 30)
    out = build(content, tmp_path / "site")
    first, second = page(out, "teemat/liikunta/"), page(out, "teemat/liikunta/sivu/2/")
    cards = first.select("ul.cards > li") + second.select("ul.cards > li")
    assert len(first.select("ul.cards > li")) == PAGE_SIZE
    assert len(cards) == len({c.find("a")["href"] for c in cards}) >= PAGE_SIZE + 30
    pager = second.find("nav", class_="pager")
    assert pager.find("a", rel="prev")["href"] == "/teemat/liikunta/"
    assert pager.find("a", attrs={"aria-current": "page"}).get_text(" ", strip=True).endswith("2")
    assert "(sivu 2/2)" in second.title.get_text()
    assert first.find("nav", class_="pager").find("a", rel="next")["href"] == "/teemat/liikunta/sivu/2/"
    letters = page(out, "jarjestot/").find("nav", class_="letters")
    hrefs = [a["href"] for a in letters.find_all("a")]
    assert any(h.startswith("/jarjestot/sivu/2/#kirjain-") for h in hrefs)
    assert not (out / "teemat" / "liikunta" / "sivu" / "3").exists()


def test_live_update_across_list_pages(content: Path, tmp_path: Path) -> None:
    add_orgs(content, PAGE_SIZE + 5)
    live = LiveBuild(content, tmp_path / "site", search=False, today=TODAY)
    assert live.full().ok
    target = content / ORGS / "kuvitteellinen-kerho-000.yaml"
    edit(target, "name: Kuvitteellinen kerho 000", "name: Öinen kerho")  # moves from the first page to the last
    update(live, target)
    assert_same_as_full_build(live, content, tmp_path)
    (content / ORGS / "kuvitteellinen-kerho-001.yaml").unlink()
    (content / ORGS / "kuvitteellinen-kerho-002.yaml").unlink()
    update(live, content / ORGS / "kuvitteellinen-kerho-001.yaml", content / ORGS / "kuvitteellinen-kerho-002.yaml")
    assert_same_as_full_build(live, content, tmp_path / "again")

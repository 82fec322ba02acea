"""The build engine: parallel rendering without ordering rules, no leaks across rebuilds, only
documented APIs of dependencies, and one place for the URL scheme."""
from __future__ import annotations

import ast
import re
import gc
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from hakemisto.site import pages as pages_module
from hakemisto.site import urls
from hakemisto.content.check import check
from hakemisto.site.pages import Page
from hakemisto.runner import make_site, write_site
from sitebuild import TODAY, add_orgs, tree

PACKAGE = ROOT / "hakemisto"


def _with_extra_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new page kind added at both ends of the page list (no rule may depend on the order)."""
    original = pages_module.collect_pages

    def collect(site):
        found = original(site)
        return ([Page("ensin/", "data.html", "data-first", "")] + found + [Page("lopuksi/", "data.html", "data-last", "")])

    monkeypatch.setattr("hakemisto.runner.collect_pages", collect)


def test_parallel_build_renders_every_page_kind_wherever_it_stands(content: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    add_orgs(content, 40)
    loaded, problems = check(content)
    assert problems == []
    _with_extra_pages(monkeypatch)
    serial, parallel = tmp_path / "one", tmp_path / "two"
    for folder, jobs in ((serial, 1), (parallel, 2)):
        folder.mkdir()
        write_site(make_site(loaded, base_url="https://example.org/", today=TODAY), folder, search=False, jobs=jobs)
    for path in ("ensin/index.html", "sv/ensin/index.html", "lopuksi/index.html", "en/lopuksi/index.html"):
        assert (parallel / path).is_file(), path
    assert tree(serial) == tree(parallel)
    sitemap = (parallel / "sitemap.xml").read_text(encoding="utf-8")
    listed = [line for line in sitemap.split("<loc>")[1:]]
    assert len(listed) == len([p for p in parallel.rglob("index.html")])


def test_the_pool_tasks_cover_every_page_once_with_each_languages_lists_together(content: Path) -> None:
    """Each language's list pages are one task (one process makes that language's cards), the
    profiles and networks come in chunks of at most CHUNK, and together the tasks cover the work
    once, in order."""
    from hakemisto.site.render import CHUNK, OWN_PAGES, page_files, tasks
    from hakemisto.runner import collect_pages

    add_orgs(content, 250)
    loaded, _ = check(content)
    site = make_site(loaded, base_url="https://example.org/", today=TODAY)
    work = page_files(site, collect_pages(site))
    found = tasks(work)
    assert [start for start, _ in found] == [0] + [end for _, end in found[:-1]] and found[-1][1] == len(work)
    lists = [(start, end) for start, end in found if work[start][0].kind not in OWN_PAGES]
    assert [work[start][1] for start, _ in lists] == list(site.config.languages)
    for start, end in found:
        assert len({lang for _, lang, _ in work[start:end]}) == 1
        assert len({page.kind in OWN_PAGES for page, _, _ in work[start:end]}) == 1
        assert (start, end) in lists or end - start <= CHUNK
    assert any(end - start == CHUNK for start, end in found)


def test_pages_are_the_same_in_whatever_order_the_languages_come(content: Path) -> None:
    """Rendering lets go of other languages' helpers (pages come one language after another); a page
    rendered after switching languages back and forth is the same as one rendered in order."""
    from hakemisto.site.render import only_language, page_files, render_page

    loaded, _ = check(content)
    site = make_site(loaded, base_url="https://example.org/", today=TODAY)
    work = page_files(site, pages_module.collect_pages(site))
    assert [lang for _p, lang, _t in work] == sorted((lang for _p, lang, _t in work), key=site.config.languages.index)
    in_order = {target: render_page(site, page, lang) for page, lang, target in work}
    site = make_site(loaded, base_url="https://example.org/", today=TODAY)
    for page, lang, target in sorted(work, key=lambda w: (w[0].path, w[1])):
        only_language(site, lang)
        assert render_page(site, page, lang) == in_order[target], target


def test_repeated_rebuilds_do_not_grow_memory(content: Path, tmp_path: Path) -> None:
    loaded, _ = check(content)

    def rebuild(number: int) -> None:
        folder = tmp_path / f"b{number}"
        folder.mkdir()
        write_site(make_site(loaded, today=date(2026, 11, 27)), folder, search=False, jobs=1)

    for number in range(2):  # warm up: templates compiled, caches of labels and dates filled
        rebuild(number)
    gc.collect()
    tracemalloc.start()
    try:
        rebuild(2)
        gc.collect()
        first = tracemalloc.get_traced_memory()[0]
        for number in range(3, 7):
            rebuild(number)
        gc.collect()
        last = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # A few kilobytes a rebuild is what bounded caches fill; a leak of a page or a site a rebuild is far more.
    assert last - first < 300_000, f"memory grew by {last - first} bytes over 4 rebuilds"


def test_reuse_and_caches_change_no_byte(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a build reuses (cards, menus and contact rows made once per language; templates compiled
    by Jinja's bytecode cache; base forms from their JSON cache) gives the same files, byte for byte,
    as rendering every part afresh from the template sources and analysing every word again."""
    from markupsafe import Markup

    from hakemisto.data import baseforms
    from hakemisto.site import templating
    from hakemisto.site.helpers import Helpers

    add_orgs(content, 12)
    loaded, _ = check(content)
    reused, afresh = tmp_path / "reused", tmp_path / "afresh"
    reused.mkdir()
    write_site(make_site(loaded, base_url="https://example.org/", today=TODAY), reused, search=False, jobs=1)

    def every_time(self, template: str, key, **context) -> Markup:
        return Markup(templating.environment(self.lang).get_template(template).render(h=self, config=self.site.config,
                                                                                       **context))

    monkeypatch.setattr(Helpers, "once", every_time)
    monkeypatch.setattr(templating, "bytecode_cache", lambda: None)
    monkeypatch.setattr(baseforms.Forms, "_read", lambda self: {})
    monkeypatch.setattr(baseforms.Forms, "save", lambda self: None)
    templating.environment.cache_clear()
    try:
        afresh.mkdir()
        write_site(make_site(loaded, base_url="https://example.org/", today=TODAY), afresh, search=False, jobs=1)
    finally:
        templating.environment.cache_clear()
    assert tree(reused) == tree(afresh)


def test_a_check_lends_the_unchanged_files_documents_and_the_site_stays_the_same(content: Path, tmp_path: Path) -> None:
    """`serve` checks again after an edit with the content of its last clean check: the files whose
    text is the same keep their documents, the edited file is read again, and the site is byte for
    byte the one a fresh check gives (so no build changed the loaded data in place)."""
    add_orgs(content, 12)
    first, problems = check(content)
    assert problems == [] and first is not None
    (tmp_path / "first").mkdir()
    write_site(make_site(first, base_url="https://example.org/", today=TODAY), tmp_path / "first", search=False, jobs=1)
    edited = content / "organizations" / "kuvitteellinen-kerho-003.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Kuvitteellinen kerho 003", "Muokattu kerho"),
                      encoding="utf-8")
    again, problems = check(content, first)
    assert problems == [] and again is not None
    read_again = {slug for slug, doc in again.organizations.items() if doc is not first.organizations.get(slug)}
    assert read_again == {"kuvitteellinen-kerho-003"}
    assert again.org("kuvitteellinen-kerho-003")["name"] == "Muokattu kerho"
    fresh, _ = check(content)
    for folder, loaded in (("lent", again), ("afresh", fresh)):
        (tmp_path / folder).mkdir()
        write_site(make_site(loaded, base_url="https://example.org/", today=TODAY), tmp_path / folder, search=False, jobs=1)
    assert tree(tmp_path / "lent") == tree(tmp_path / "afresh")


def test_a_lent_check_still_finds_an_edited_files_problem_and_a_link(content: Path, tmp_path: Path) -> None:
    """A document is lent only while its path is a regular file with the same text."""
    first, _ = check(content)
    edited, linked = sorted((content / "organizations").glob("*.yaml"))[:2]
    edited.write_text(edited.read_text(encoding="utf-8") + "themse: [liikunta]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes(linked.read_bytes())
    linked.unlink()
    linked.symlink_to(elsewhere)
    _, problems = check(content, first)
    assert {(Path(p.path).name, p.code) for p in problems} >= {(linked.name, "file-not-regular")}
    assert any(Path(p.path).name == edited.name for p in problems)


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from module import name` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def test_no_private_names_of_dependencies() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, name in _imports(path):
            if module.split(".")[0] in ("jinja2", "markupsafe", "yaml", "jsonschema", "jsonschema_rs", "nh3", "pyromark",
                                        "babel", "icalendar", "phonenumbers", "watchfiles"):
                assert not name.startswith("_") and ".compiler" not in module and ".runtime" not in module, (path, module, name)


def test_no_subclass_of_jinja_internals() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for word in ("CodeGenerator", "jinja2.runtime", "Context)", "code_generator_class", "context_class"):
            assert word not in text, (path, word)


def test_page_paths_come_from_the_url_module_only() -> None:
    """Templates and code never spell a page's path themselves: they ask urls.py."""
    paths = [p.split("{")[0] for p in urls.PAGES.values() if p]
    for path in sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "templates").rglob("*.html")):
        if path.name == "urls.py":
            continue
        text = path.read_text(encoding="utf-8")
        for spelled in paths:
            assert not re.search(f"[\"']{re.escape(spelled)}[\"'{{~]", text), (path, spelled)


def test_url_scheme() -> None:
    links = urls.Urls("https://example.org/hakemisto/", ("fi", "sv", "en"))
    assert links.link(urls.page("organization", "x"), "sv") == "/hakemisto/sv/jarjestot/x/"
    assert links.absolute(urls.page("home"), "fi") == "https://example.org/hakemisto/"
    assert links.output(urls.page("home"), "en") == "en/index.html"
    assert links.output(urls.file("feed"), "sv") == "sv/feed.xml"
    assert links.link(urls.file("calendar")) == "/hakemisto/calendar.ics"
    assert urls.list_page(urls.page("theme", "kulttuuri"), 2) == "teemat/kulttuuri/sivu/2/"

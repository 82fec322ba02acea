"""Building the site, phase by phase: derive → collect pages → render → write the other files →
index for search → swap into place. Each phase is a plain function in its own module; this one
holds what the phases share (`Site`) and runs them in order."""
from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from . import i18n, urls, webfacts
from .baseforms import Forms, base_forms
from .content import Content
from .exports import all_exports
from .helpers import Helpers
from .model import Directory, build_directory, make_config, wrap
from .output import FileData, asset_versions, build_into, replace_file, robots, sitemap, static_files, write_files
from .pages import Page, collect_pages, network_page, organization_page
from .render import render_all, render_page
from .search import FACETS, page_facets, run_pagefind
from .urls import Urls

log = logging.getLogger(__name__)


@dataclass
class Stats:
    """What a build did and how long each phase took."""

    pages: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the person building should know (said once, not per page)."""


class Site:
    """What every phase of one build shares: settings, links, derived data, records, sort orders."""

    def __init__(self, directory: Directory) -> None:
        self.d = directory
        self.config = directory.config
        self.urls = Urls(self.config.base_url, self.config.languages)
        self.records = {slug: wrap(doc.data) for slug, doc in directory.content.organizations.items()}
        self.net_records = {slug: wrap(doc.data) for slug, doc in directory.content.networks.items()}
        self._ranks: dict[str, dict[str, int]] = {}
        self._helpers: dict[str, Helpers] = {}
        self._reach: dict[str, webfacts.Reach] = {}

    def helpers(self, lang: str) -> Helpers:
        """The template helpers (`h`) of one language."""
        if lang not in self._helpers:
            self._helpers[lang] = Helpers(self, lang)
        return self._helpers[lang]

    def only_language(self, lang: str) -> None:
        """Let go of the other languages' helpers and the partials they keep: pages are rendered one
        language after another, so a process need not hold every language's cards at once."""
        if any(other != lang for other in self._helpers):
            self._helpers = {lang: self._helpers[lang]} if lang in self._helpers else {}

    @cached_property
    def base_forms(self) -> dict[tuple[str, str], list[str]]:
        """The Finnish base forms of each organisation's and network's name and summary, for the
        Finnish search index only (found once per build; new words are kept in the cache)."""
        forms = Forms()
        out: dict[tuple[str, str], list[str]] = {}
        for kind, pool in (("organization", self.records), ("network", self.net_records)):
            for slug, data in pool.items():
                text = " ".join(i18n.text(v, "fi") for v in (data.get("name"), webfacts.summary(data)))
                out[(kind, slug)] = base_forms(text, forms)
        forms.save()
        return out

    def reach(self, slug: str) -> webfacts.Reach:
        """An organisation's ways to reach it (own, register, web pages), found once per build."""
        found = self._reach.get(slug)
        if found is None:
            found = self._reach[slug] = webfacts.reach(self.d.org(slug))
        return found

    def from_web(self, slug: str) -> bool:
        """True when something a card shows of an organisation comes from its web pages."""
        data = self.d.org(slug)
        reach = self.reach(slug)
        email_shown = reach.email_fact and not reach.phone  # a card shows the e-mail only when there is no phone
        return bool(reach.website_fact or reach.phone_fact or email_shown) or \
            any(webfacts.from_web(data, kind) for kind in ("summary", "themes", "areas"))

    @cached_property
    def asset_versions(self) -> dict[str, str]:
        return asset_versions()

    def org_name(self, slug: str, lang: str) -> str:
        return i18n.text(self.records[slug].name, lang)

    def net_name(self, slug: str, lang: str) -> str:
        return i18n.text(self.net_records[slug].name, lang)

    def _rank(self, lang: str) -> dict[str, int]:
        """Each organisation's place in the alphabetical order of names in `lang` (the id decides ties)."""
        if lang not in self._ranks:
            ordered = sorted(self.records, key=lambda s: (i18n.sort_key(self.org_name(s, lang)), s))
            self._ranks[lang] = {slug: i for i, slug in enumerate(ordered)}
        return self._ranks[lang]

    def sorted_orgs(self, slugs: Iterable[str], lang: str) -> list[str]:
        """Organisations in Finnish/Swedish alphabetical order of their name in `lang`."""
        return sorted(slugs, key=self._rank(lang).__getitem__)

    def initial(self, slug: str, lang: str) -> str:
        """The letter an organisation is listed under in the A–Ö list in `lang`."""
        return i18n.initial(self.org_name(slug, lang))

    def facets(self, kind: str, slug: str) -> list[tuple[str, str]]:
        """The (facet, id) pairs a profile or network page is filed under in search."""
        return page_facets(self.d, kind, slug)

    def used_facets(self) -> dict[str, set[str]]:
        """The values each search facet has on some page (the same in every language)."""
        used: dict[str, set[str]] = {key: set() for key, _vocab in FACETS}
        for kind, pool in (("organization", self.d.current_orgs()), ("network", list(self.d.content.networks))):
            for slug in pool:
                for facet, key in self.facets(kind, slug):
                    used[facet].add(key)
        return used


def make_site(content: Content, base_url: str | None = None, today: date | None = None) -> Site:
    """The site of checked content: settings and everything derived from the content."""
    return Site(build_directory(content, make_config(content.site, today or date.today(), base_url)))


NEEDS_PUBLIC_ADDRESS = "sitemap.xml, the Atom feeds, and the addresses in calendars, HSDS and JSON-LD"


def other_files(site: Site, pages: list[Page]) -> Iterator[tuple[str, FileData]]:
    """Everything but the HTML pages: open data, sitemap, robots.txt, assets."""
    yield from all_exports(site.d, site.urls)
    if site.urls.known:
        yield urls.file("sitemap"), sitemap(site.urls, [(p.path, p.lastmod) for p in pages])
    yield urls.file("robots"), robots(site.urls)
    yield from static_files().items()


def write_site(site: Site, folder: Path, search: bool = True, jobs: int | None = None,
               stats: Stats | None = None) -> Stats:
    """Write every file of the site into `folder` (which exists and is empty) and index it."""
    stats = stats or Stats()
    if not site.urls.known:
        stats.notes.append(f"The site's public address is not known (base URL {site.urls.base_url}), so "
                           f"{NEEDS_PUBLIC_ADDRESS} are left out. Set base_url in content/site.yaml to the full "
                           "address, or build with --base-url https://…/ (the publish workflow does).")
    begun = time.perf_counter()
    site.base_forms  # found before rendering, so that every rendering process shares them
    pages = collect_pages(site)
    stats.phases["collect pages"] = time.perf_counter() - begun
    begun = time.perf_counter()
    stats.pages = render_all(site, pages, folder, jobs, others=lambda: write_files(folder, other_files(site, pages)))
    stats.phases["render pages, open data, sitemap, assets"] = time.perf_counter() - begun
    if search:
        begun = time.perf_counter()
        run_pagefind(folder)
        stats.phases["search index"] = time.perf_counter() - begun
    return stats


def write_own_pages(site: Site, entities: Iterable[tuple[str, str]], folder: Path) -> int:
    """Rewrite, in place, the own pages of some organisations and networks (in `serve`, so that an
    edit shows at once while the whole site is built again); each file is replaced atomically."""
    own = {"organization": organization_page, "network": network_page}
    pools = {"organization": site.records, "network": site.net_records}
    written = 0
    for kind, slug in entities:
        if slug not in pools[kind]:
            continue
        page = own[kind](site, slug)
        for lang in site.config.languages:
            replace_file(folder / site.urls.output(page.path, lang), render_page(site, page, lang))
            written += 1
    return written


def build_site(content: Content, out: Path, base_url: str | None = None, today: date | None = None,
               search: bool = True, jobs: int | None = None) -> Stats:
    """Build the whole site into a new folder and swap it in place of `out`; on any failure the
    previous site stays as it was."""
    started = time.perf_counter()
    stats = Stats()
    site = make_site(content, base_url, today)
    stats.phases["derive"] = time.perf_counter() - started
    build_into(out, lambda folder: write_site(site, folder, search, jobs, stats))
    stats.seconds = time.perf_counter() - started
    return stats


def render_site(content: Content, base_url: str | None = None, today: date | None = None,
                stats: Stats | None = None) -> dict[str, bytes]:
    """Every output file of the site as path → bytes, without search and without touching `site/`."""
    site = make_site(content, base_url, today)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_site(site, folder, search=False, jobs=1, stats=stats)
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


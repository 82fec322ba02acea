"""What every phase of a build shares (`Site`): settings, links, the derived directory, the content as
records, sort orders and search facets. Below every renderer that reads it; the runner
(`hakemisto.runner`) makes it and runs the phases."""
from __future__ import annotations

from functools import cached_property
from typing import Any, Iterable

from ..content import webfacts
from ..model.directory import Directory, wrap
from ..model.facets import FACETS, page_facets
from . import i18n
from .output import asset_versions
from .urls import Urls


class Site:
    """What every phase of one build shares: settings, links, derived data, records, sort orders."""

    def __init__(self, directory: Directory) -> None:
        self.d = directory
        self.config = directory.config
        self.urls = Urls(self.config.base_url, self.config.languages)
        self.records = {slug: wrap(doc.data) for slug, doc in directory.content.organizations.items()}
        self.net_records = {slug: wrap(doc.data) for slug, doc in directory.content.networks.items()}
        self._ranks: dict[str, dict[str, int]] = {}
        self._reach: dict[str, webfacts.Reach] = {}
        self.base_forms: dict[tuple[str, str], list[str]] = {}
        """The Finnish base forms of each organisation's and network's name and summary, for the
        Finnish search index (set by the runner before rendering)."""
        self.helpers: dict[str, Any] = {}
        """The template helpers (`h`) of each language being rendered (kept by `render`)."""

    def reach(self, slug: str) -> webfacts.Reach:
        """An organisation's ways to reach it (own, register, web pages), found once per build."""
        found = self._reach.get(slug)
        if found is None:
            found = self._reach[slug] = webfacts.reach(self.d.org(slug))
        return found

    def from_web(self, slug: str) -> bool:
        """True when something a card shows of an organisation comes from its web pages."""
        return bool(self.web_pages(slug))

    def web_pages(self, slug: str) -> list[tuple[str, str]]:
        """The web pages (address, date read) that what a card shows of an organisation comes from."""
        data = self.d.org(slug)
        reach = self.reach(slug)
        email = None if reach.phone else reach.email_fact  # a card shows the e-mail only when there is no phone
        used = [reach.website_fact, reach.phone_fact, email,
                *(webfacts.first(data, kind) for kind in ("summary", "themes", "areas"))]
        return list(dict.fromkeys((fact.url, fact.read) for fact in used if fact is not None))

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



"""Page collection: every page of the site, with the data its template needs, in no language yet."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import urls
from ..content import webfacts
from ..content.loader import Record
from .markup import render_markdown
from ..model.directory import coordinators, wrap

if TYPE_CHECKING:
    from .context import Site

log = logging.getLogger(__name__)

CONTRIBUTING = Path(__file__).resolve().parents[2] / "CONTRIBUTING.md"
PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    """One page in every language: its path (see urls.py), template, kind and data."""

    path: str
    template: str
    kind: str
    section: str = ""
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    lastmod: str = ""


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a list split into pages of PAGE_SIZE entries."""

    number: int
    count: int
    first: str

    def shown(self) -> list[int | None]:
        """Page numbers to link: the first, the last and two either side of this one; None is a gap."""
        wanted = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[int | None] = []
        for n in wanted:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


# ----------------------------------------------------------------------------- own pages


def organization_page(site: Site, slug: str) -> Page:
    """An organisation's profile."""
    d = site.d
    data = d.org(slug)
    today = d.config.today.isoformat()
    memberships = sorted(d.memberships.get(slug, []), key=lambda m: (m.until != "" and m.until < today, m.network))
    return Page(urls.page("organization", slug), "organization.html", "organization", "organizations", {
        "slug": slug, "o": site.records[slug], "memberships": memberships, "stale": d.is_stale(data.get("reviewed")),
        "web": webfacts.box(data),
    }, lastmod=data.get("reviewed", ""))


def _person(site: Site, org: str | None, name: str | None) -> dict[str, Any]:
    """An organisation's (first) contact person of that name, or {}."""
    if not (org and name):
        return {}
    return next((c for c in site.d.org(org).get("contacts", []) if c.get("name") == name), {})


def network_contact(site: Site, data: dict[str, Any]) -> Record | None:
    """The network's contact, filled in from the organisation's contact person it names."""
    contact = data.get("contact")
    if not contact:
        return None
    merged: dict[str, Any] = dict(_person(site, contact.get("organization"), contact.get("name")))
    merged.update({k: v for k, v in contact.items() if k != "organization"})
    return wrap(merged) if merged.get("name") else None


def network_page(site: Site, slug: str) -> Page:
    """A network's page: goals, tasks, members, meetings, recommendations."""
    d = site.d
    data = d.net(slug)
    today = d.config.today.isoformat()
    members = [wrap({**m, "past": bool(m.get("until")) and m["until"] < today}) for m in data.get("members", [])]
    ancestors: list[str] = []
    parent = data.get("parent")
    while parent and parent not in ancestors:
        ancestors.insert(0, parent)
        parent = d.net(parent).get("parent")
    meetings = [m for m in d.meetings if m.network == slug]
    return Page(urls.page("network", slug), "network.html", "network", "networks", {
        "slug": slug, "n": site.net_records[slug], "members": members, "ancestors": ancestors,
        "parent": data.get("parent"), "children": d.children.get(slug, []),
        "proposals": d.proposals.get(slug, []), "coordinators": list(coordinators(data).items()),
        "contact": network_contact(site, data),
        "upcoming": [m for m in meetings if m.upcoming], "past": [m for m in reversed(meetings) if not m.upcoming],
        "stale": d.is_stale(data.get("reviewed")),
    }, lastmod=data.get("reviewed", ""))


# ----------------------------------------------------------------------------- lists


def contact_rows(site: Site) -> list[tuple[str, Record]]:
    """Contact persons by theme (from organisations), then network role holders, as (group, row);
    a row's `key` says where it comes from (a person is listed under each theme of the organisation)."""
    d = site.d
    per_org: dict[str, list[Record]] = {}
    for slug in d.current_orgs():
        data = d.org(slug)
        rows = [Record(key=("contact", slug, i), name=c["name"], org=slug, title=c.get("title"),
                       about=c.get("responsibilities"), email=c.get("email"), phone=c.get("phone"))
                for i, c in enumerate(data.get("contacts", []))]
        referral = (data.get("referral") or {}).get("contact") or {}
        if referral.get("name") and referral["name"] not in {r["name"] for r in rows}:
            rows.append(Record(key=("referral", slug), name=referral["name"], org=slug, title=referral.get("title"), about=None,
                               email=referral.get("email"), phone=referral.get("phone")))
        per_org[slug] = rows
    entries: list[tuple[str, Record]] = []
    for theme in d.vocab["themes"]:
        entries += [(theme, r) for slug in d.orgs_with_theme(theme) for r in per_org[slug]]
    for slug in sorted(d.content.networks):
        data = d.net(slug)
        contact = network_contact(site, data)
        if contact:
            entries.append(("", Record(key=("network", slug), name=contact["name"],
                                       org=(data.get("contact") or {}).get("organization"),
                                       network=slug, title=contact.get("title"), about=None,
                                       email=contact.get("email"), phone=contact.get("phone"))))
        for i, member in enumerate(data.get("members", [])):
            if member.get("person"):
                org = member.get("organization")
                person = _person(site, org, member["person"])
                entries.append(("", Record(key=("member", slug, i), name=member["person"], org=org, body=member.get("body"), network=slug,
                                           role=member.get("role", "member"), title=None,
                                           about=member.get("responsibilities"),
                                           email=person.get("email"), phone=person.get("phone"))))
    return entries


def _group_starts(entries: list[tuple[Any, Any]]) -> list[tuple[Any, int]]:
    """(group, number of the page where it starts), for an index of a long list."""
    index: list[tuple[Any, int]] = []
    for position, (group, _item) in enumerate(entries):
        if not index or index[-1][0] != group:
            index.append((group, position // PAGE_SIZE + 1))
    return index


def _grouped(entries: list[tuple[Any, Any]]) -> list[tuple[Any, list[Any]]]:
    """Consecutive entries of one group together: [(group, [item, …]), …]."""
    return [(group, [item for _group, item in items]) for group, items in groupby(entries, key=itemgetter(0))]


def list_pages(site: Site, first: str, template: str, kind: str, section: str, context: dict[str, Any],
               entries: dict[str, list[tuple[Any, Any]]]) -> list[Page]:
    """A list of (group, item) entries, each language in its own order, split into pages of
    PAGE_SIZE; the page's groups in each language are in its context under `groups`."""
    langs = site.config.languages
    count = max(1, -(-len(entries[langs[0]]) // PAGE_SIZE))
    pages = []
    for number in range(1, count + 1):
        window = slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE)
        pages.append(Page(urls.list_page(first, number), template, kind, section, {
            **context, "pager": Pager(number, count, first), "total": len(entries[langs[0]]),
            "groups": {lang: _grouped(entries[lang][window]) for lang in langs},
        }))
    return pages


def _alphabetical(site: Site, sections: list[tuple[str, list[str]]]) -> dict[str, list[tuple[str, str]]]:
    """(section, organisation) entries with each section in each language's alphabetical order."""
    return {lang: [(key, slug) for key, slugs in sections for slug in site.sorted_orgs(slugs, lang)]
            for lang in site.config.languages}


def organization_list(site: Site) -> list[Page]:
    """Organisations A–Ö, grouped by initial letter in each language, with a letter index to every page."""
    entries: dict[str, list[tuple[Any, str]]] = {}
    letters: dict[str, list[tuple[str, int]]] = {}
    for lang in site.config.languages:
        by_letter = [(site.initial(slug, lang), slug) for slug in site.sorted_orgs(site.records, lang)]
        letters[lang] = _group_starts(by_letter)
        numbered = {letter: index for index, (letter, _page) in enumerate(letters[lang], 1)}
        entries[lang] = [((numbered[letter], letter), slug) for letter, slug in by_letter]
    return list_pages(site, urls.page("organizations"), "organizations.html", "organizations", "organizations",
                      {"card_heading": "h3", "letters": letters}, entries)


def area_lists(site: Site) -> list[Page]:
    """Each area's organisations: those covering all of it, then (for wider areas) part of it."""
    d = site.d
    pages = []
    areas = d.vocab["areas"]
    for area_id, area in areas.items():
        whole, part = d.orgs_in_area(area_id)
        parent = next((a for a, v in areas.items() if area_id in v.get("municipalities", [])), "")
        sections = [("whole", whole)] if area.get("kind") == "municipality" else [("whole", whole), ("part", part)]
        pages += list_pages(site, urls.page("area", area_id), "area.html", "area", "areas", {
            "area": area_id, "kind": area.get("kind"), "parent_area": parent,
            "municipalities": area.get("municipalities", []),
            "card_heading": "h2" if area.get("kind") == "municipality" else "h3",
        }, _alphabetical(site, sections))
    return pages


def theme_lists(site: Site) -> list[Page]:
    """Each theme's organisations and networks."""
    d = site.d
    pages = []
    for theme in d.vocab["themes"]:
        nets = [s for s in sorted(d.content.networks) if theme in d.net(s).get("themes", [])]
        pages += list_pages(site, urls.page("theme", theme), "theme.html", "theme", "themes",
                            {"theme": theme, "networks": nets, "card_heading": "h2"},
                            _alphabetical(site, [("", d.orgs_with_theme(theme))]))
    return pages


def contact_lists(site: Site) -> list[Page]:
    """Every contact person by theme, then the people holding roles in networks."""
    rows = contact_rows(site)
    return list_pages(site, urls.page("contacts"), "contacts.html", "contacts", "contacts",
                      {"theme_index": _group_starts(rows)}, {lang: rows for lang in site.config.languages})


# ----------------------------------------------------------------------------- the whole site


def _guide() -> Markup:
    if not CONTRIBUTING.is_file():
        return Markup("")
    return render_markdown(CONTRIBUTING.read_text(encoding="utf-8"), 2)


def summary_pages(site: Site) -> list[Page]:
    """The home page, the overviews, the calendar, search and the pages about the site."""
    d = site.d
    upcoming = [m for m in d.meetings if m.upcoming]
    past = [m for m in reversed(d.meetings) if not m.upcoming]
    reviewed = [s for s in d.current_orgs() if d.org(s).get("reviewed")]
    recent = sorted(reviewed, key=lambda s: (d.org(s)["reviewed"], s), reverse=True)[:8]
    roots = [s for s in d.content.networks if not d.net(s).get("parent") or d.net(s)["parent"] not in d.content.networks]
    return [
        Page(urls.page("home"), "home.html", "home", "", {
            "upcoming": upcoming[:5], "recent": recent,
            "org_count": len(d.content.organizations), "network_count": len(d.content.networks)}),
        Page(urls.page("themes"), "themes.html", "themes", "themes"),
        Page(urls.page("areas"), "areas.html", "areas", "areas"),
        Page(urls.page("networks"), "networks.html", "networks", "networks", {"roots": sorted(roots)}),
        Page(urls.page("calendar"), "calendar.html", "calendar", "calendar", {"upcoming": upcoming, "past": past}),
        Page(urls.page("contribute"), "contribute.html", "contribute", "contribute", {"guide": _guide()}),
        Page(urls.page("search"), "search.html", "search", ""),
        Page(urls.page("data"), "data.html", "data", ""),
        Page(urls.page("accessibility"), "accessibility.html", "accessibility", ""),
        Page(urls.page("shortlist"), "shortlist.html", "shortlist", ""),
    ]


def collect_pages(site: Site) -> list[Page]:
    """Every page of the site, language-independent, in no order that anything depends on."""
    pages = summary_pages(site)
    pages += organization_list(site)
    pages += contact_lists(site)
    pages += theme_lists(site)
    pages += area_lists(site)
    pages += [organization_page(site, slug) for slug in site.d.content.organizations]
    pages += [network_page(site, slug) for slug in site.d.content.networks]
    log.debug("%d pages per language", len(pages))
    return pages

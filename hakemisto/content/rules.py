"""Second validation layer: rules across files (references, uniqueness, cycles, time order)."""
from __future__ import annotations

import difflib
import re
from typing import Any

from .tree import Content
from .loader import Document, JsonPath
from .problems import Problem, problem
from .slug import item_key
from .textrules import skeleton
from .webfacts import KINDS, same_site

_ONCE_IN_WEB = ("website", "business_id", "summary")
"""Web facts of which an organisation has one: given on one page only."""
_PERSONAL_EMAIL = re.compile(r"[^\W\d_]{2,}[._][^\W\d_]{2,}@", re.UNICODE)
"""firstname.lastname@…: a person's address, which web facts must never hold."""

# Which vocabulary each list or value refers to, by field name.
_VOCAB_FIELDS = {
    "themes": "themes",
    "areas": "areas",
    "target_groups": "target-groups",
    "languages": "languages",
}
_LIST_IN_FULL = 12


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _maps(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(_items(value)) if isinstance(v, dict)]


def _suggest(value: str, entries: dict[str, dict[str, Any]]) -> str:
    """The id whose label is `value` in any language, or else the id spelled most alike."""
    wanted = value.casefold()
    for entry_id, entry in entries.items():
        if any(isinstance(label, str) and label.casefold() == wanted for label in entry.values()):
            return entry_id
    close = difflib.get_close_matches(value, list(entries), n=1, cutoff=0.6)
    return close[0] if close else ""


def _unknown(doc: Document, at: JsonPath, value: str, vocab: str, entries: dict[str, dict[str, Any]]) -> Problem:
    """A reference to an id that does not exist, with the likeliest id as a suggestion."""
    listed = ", ".join(entries) if len(entries) <= _LIST_IN_FULL else ""
    if " - " in value and all(part.strip() in entries for part in value.split(" - ")):
        return problem(doc.path, *doc.where(at), "two-items-in-one", field=at, value=value)
    return problem(doc.path, *doc.where(at), "unknown-id", field=at, value=value, vocab=vocab,
                   suggestion=_suggest(value, entries), allowed=listed)


class _Checker:
    """Runs every cross-file rule over loaded content, collecting problems."""

    def __init__(self, content: Content, organizations: set[str] | None = None) -> None:
        self.c = content
        self.only = organizations
        self.problems: list[Problem] = []

    def ref(self, doc: Document, at: JsonPath, value: Any, vocab: str) -> None:
        """Report `value` unless it is an id in vocabulary `vocab`."""
        entries = self.c.vocab.get(vocab, {})
        if isinstance(value, str) and value not in entries:
            self.problems.append(_unknown(doc, at, value, vocab, entries))

    def refs(self, doc: Document, at: JsonPath, data: dict[str, Any]) -> None:
        """Check every vocabulary list (themes, areas, …) in one mapping."""
        for name, vocab in _VOCAB_FIELDS.items():
            for i, value in enumerate(_items(data.get(name))):
                self.ref(doc, at + (name, i), value, vocab)

    def entity(self, doc: Document, at: JsonPath, value: Any, kind: str) -> None:
        """Report `value` unless it names an organisation or network file."""
        pool = self.c.organizations if kind == "organization" else self.c.networks
        if isinstance(value, str) and value not in pool:
            folder = "organizations" if kind == "organization" else "networks"
            close = difflib.get_close_matches(value, list(pool), n=1, cutoff=0.6)
            self.problems.append(problem(doc.path, *doc.where(at), f"unknown-{kind}", field=at, value=value,
                                         suggestion=close[0] if close else "", folder=folder))

    def add(self, doc: Document, at: JsonPath, code: str, **params: Any) -> None:
        self.problems.append(problem(doc.path, *doc.where(at), code, field=at, **params))

    def organization(self, doc: Document) -> None:
        """Vocabulary references, item ids, ages and web facts of one organisation."""
        data = doc.data
        self.refs(doc, (), data)
        self.item_keys(doc, data)
        for i, contact in _maps(data.get("contacts")):
            self.refs(doc, ("contacts", i), contact)
        for i, activity in _maps(data.get("activities")):
            self.refs(doc, ("activities", i), activity)
            self.ref(doc, ("activities", i, "format"), activity.get("format"), "activity-formats")
            ages = activity.get("ages")
            if isinstance(ages, dict) and isinstance(ages.get("min"), int) and isinstance(ages.get("max"), int):
                if ages["min"] > ages["max"]:
                    self.add(doc, ("activities", i, "ages", "max"), "ages-reversed", low=ages["min"], high=ages["max"])
        if isinstance(data.get("web"), dict):
            self.web(doc, data["web"])

    def web(self, doc: Document, web: dict[str, Any]) -> None:
        """Facts from web pages: none unless found, each of one kind once, all from the organisation's
        own site, no person's e-mail."""
        pages = _maps(web.get("pages"))
        result = web.get("result")
        told: dict[str, int] = {}
        for i, page in pages:
            at = ("web", "pages", i)
            self.refs(doc, at, page)
            given = [kind for kind in KINDS if kind in page]
            if given and result != "found":
                self.add(doc, at + (given[0],), "web-facts-when-unsure", result=result)
            for kind in given:
                if kind in _ONCE_IN_WEB and kind in told:
                    self.add(doc, at + (kind,), "web-fact-twice", kind=kind, first=told[kind] + 1)
                told.setdefault(kind, i)
            for j, email in enumerate(_items(page.get("emails"))):
                if isinstance(email, str) and _PERSONAL_EMAIL.match(email):
                    self.add(doc, at + ("emails", j), "web-email-personal", value=email)
        if result == "found" and not told:
            self.add(doc, ("web", "result"), "web-found-without-facts")
        websites = [p["website"] for _, p in pages if isinstance(p.get("website"), str)]
        site = websites[0] if websites else next((p.get("url") for _, p in pages if isinstance(p.get("url"), str)), "")
        for i, page in pages:
            url = page.get("url")
            if result == "found" and isinstance(url, str) and site and not same_site(url, site):
                self.add(doc, ("web", "pages", i, "url"), "web-page-elsewhere", value=url, site=site)

    def item_keys(self, doc: Document, data: dict[str, Any]) -> None:
        """Activities, contacts and locations are told apart (in the open data too) by their `id`, or
        else their name (a location by street and city): two with the same must not be in one file."""

        for field, parts in (("activities", ("name",)), ("contacts", ("name",)), ("locations", ("street", "city"))):
            seen: dict[str, int] = {}
            for i, item in _maps(data.get(field)):
                try:
                    key = item_key(item, *parts)
                except (TypeError, AttributeError):
                    continue
                if key in seen:
                    self.add(doc, (field, i), "item-key-twice", value=key, first=seen[key] + 1, list=field)
                seen.setdefault(key, i)

    def network(self, slug: str, doc: Document) -> None:
        """References, parent, recommendation, coordinators, contact, members and meetings of one network."""
        data = doc.data
        self.refs(doc, (), data)
        self.ref(doc, ("kind",), data.get("kind"), "network-kinds")
        if data.get("parent") == slug:
            self.add(doc, ("parent",), "parent-self")
        else:
            self.entity(doc, ("parent",), data.get("parent"), "network")
        if data.get("proposed_by") == slug:
            self.add(doc, ("proposed_by",), "proposed-by-self")
        else:
            self.entity(doc, ("proposed_by",), data.get("proposed_by"), "network")
        for i, entry in enumerate(_items(data.get("coordinators"))):
            if isinstance(entry, dict):
                self.entity(doc, ("coordinators", i, "organization"), entry.get("organization"), "organization")
            else:
                self.entity(doc, ("coordinators", i), entry, "organization")
        if data.get("status") == "active" and "reviewed" not in data and "source" not in data:
            self.add(doc, ("status",), "network-unconfirmed")
        self.contact(doc, data.get("contact"))
        self.members(doc, data.get("members"))
        self.meetings(doc, data.get("meetings"))

    def contact(self, doc: Document, contact: Any) -> None:
        """A network contact that names an organisation names one that exists, and one of its contact persons."""
        if not isinstance(contact, dict) or not isinstance(contact.get("organization"), str):
            return
        org = contact["organization"]
        self.entity(doc, ("contact", "organization"), org, "organization")
        name = contact.get("name")
        if org in self.c.organizations and isinstance(name, str):
            people = [p.get("name") for _, p in _maps(self.c.org(org).get("contacts"))]
            if people and name not in people:
                self.add(doc, ("contact", "name"), "contact-not-in-organization", value=name,
                         organization=org, allowed=", ".join(str(p) for p in people))

    def members(self, doc: Document, members: Any) -> None:
        """Each member is an organisation that exists or another body, with a known role, and is listed once."""
        seen: dict[tuple[str, str], int] = {}
        for i, member in _maps(members):
            at = ("members", i)
            has_org, has_body = "organization" in member, "body" in member
            if has_org == has_body:
                self.add(doc, at, "member-org-or-body", both=has_org)
            self.entity(doc, at + ("organization",), member.get("organization"), "organization")
            self.ref(doc, at + ("role",), member.get("role"), "member-roles")
            key = (repr(member.get("organization")), repr(member.get("person")))
            if has_org and key in seen:
                self.add(doc, at, "member-twice", value=member.get("organization"), first=seen[key] + 1)
            seen.setdefault(key, i)
            since, until = member.get("since"), member.get("until")
            if isinstance(since, str) and isinstance(until, str) and until < since:
                self.add(doc, at + ("until",), "until-before-since", since=since, until=until)

    def meetings(self, doc: Document, meetings: Any) -> None:
        """Meeting ids are unique in the file, kinds are known, and times make sense."""
        ids: dict[str, int] = {}
        for i, meeting in _maps(meetings):
            at = ("meetings", i)
            mid = meeting.get("id")
            if isinstance(mid, str):
                if mid in ids:
                    self.add(doc, at + ("id",), "meeting-id-twice", value=mid, first=ids[mid] + 1)
                ids.setdefault(mid, i)
            self.ref(doc, at + ("kind",), meeting.get("kind"), "meeting-kinds")
            start, end = meeting.get("start"), meeting.get("end")
            if isinstance(end, str) and not isinstance(start, str):
                self.add(doc, at + ("end",), "end-without-start")
            elif isinstance(start, str) and isinstance(end, str) and end <= start:
                self.add(doc, at + ("end",), "end-before-start", start=start, end=end)

    def parent_cycles(self) -> None:
        """A network may not be, through its parents, its own ancestor."""
        reported: set[str] = set()
        for slug in self.c.networks:
            chain = [slug]
            current = self.c.net(slug).get("parent")
            while isinstance(current, str) and current in self.c.networks and current != chain[-1]:
                if current in chain:
                    cycle = chain[chain.index(current):]
                    if not reported & set(cycle):
                        first = min(cycle)
                        doc = self.c.networks[first]
                        loop = cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first]
                        self.add(doc, ("parent",), "parent-cycle", chain=" → ".join(loop))
                        reported |= set(cycle)
                    break
                chain.append(current)
                current = self.c.net(current).get("parent")

    def duplicate_names(self) -> None:
        """Two files for one organisation (the same Finnish name, however it is written: composed or not,
        with invisible characters or letters of another script that look the same) are a mistake."""
        seen: dict[str, str] = {}
        for slug, doc in self.c.organizations.items():
            name = doc.data.get("name")
            fi = name.get("fi") if isinstance(name, dict) else name
            if not isinstance(fi, str):
                continue
            key = skeleton(fi)
            if key in seen:
                self.add(doc, ("name",), "same-name", value=fi, other=f"{seen[key]}.yaml")
            else:
                seen[key] = slug

    def areas(self) -> None:
        """Service areas name municipalities that exist; every area has a kind."""
        areas = self.c.vocab.get("areas", {})
        path = self.c.root / "areas.yaml"
        for area_id, area in areas.items():
            if "kind" not in area:
                self.problems.append(problem(path, 0, 0, "area-kind-missing", value=area_id))
            for town in _items(area.get("municipalities")):
                if areas.get(town, {}).get("kind") != "municipality":
                    self.problems.append(problem(path, 0, 0, "area-unknown-municipality", value=town, area=area_id))

    def run(self) -> list[Problem]:
        """Every rule over the whole content; the problems found."""
        self.areas()
        for slug, doc in self.c.organizations.items():
            if self.only is None or slug in self.only:
                self.organization(doc)
        for slug, doc in self.c.networks.items():
            self.network(slug, doc)
        self.parent_cycles()
        self.duplicate_names()
        return self.problems


def check_rules(content: Content, organizations: set[str] | None = None) -> list[Problem]:
    """Every cross-file problem in loaded content. With `organizations`, the rules that read one
    organisation file alone run only on those (the others passed them with the same vocabularies)."""
    return _Checker(content, organizations).run()


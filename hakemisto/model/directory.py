"""What the pages need, derived once from the content: memberships, coverage, meetings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from ..content.history import Change, changes
from ..content.loader import Record
from ..content.tree import Content
from ..content.webfacts import effective_list
from .config import SiteConfig, months_before

EVERYWHERE = ("uusimaa", "national")
HELSINKI = ZoneInfo("Europe/Helsinki")


def wrap(value: Any) -> Any:
    """Content data as Records (recursively), so optional fields read as None; the loader's
    data already is, and is returned as it is."""
    if isinstance(value, Record):
        return value
    if isinstance(value, dict):
        return Record({k: wrap(v) for k, v in value.items()})
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


@dataclass(frozen=True)
class Membership:
    """One organisation's place in one network (from the network file)."""

    network: str
    role: str
    person: str = ""
    responsibilities: Any = None
    represents: Any = None
    since: str = ""
    until: str = ""
    coordinator: bool = False
    activity: Any = None
    """The activity through which the organisation coordinates the network, if the file names one."""


@dataclass(frozen=True)
class Meeting:
    """A meeting of a network, with its date parsed."""

    network: str
    data: dict[str, Any] = field(hash=False, compare=False)
    day: date = date.min
    upcoming: bool = False


@dataclass
class Directory:
    """The content with everything derived that pages need, computed once per build."""

    content: Content
    config: SiteConfig
    memberships: dict[str, list[Membership]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    changes: dict[str, Change] = field(default_factory=dict)
    """When each content file last changed (from Git; empty outside a checkout), by path below the content folder."""
    proposals: dict[str, list[str]] = field(default_factory=dict)
    """The structures each network recommends (`proposed_by`), by the recommending network."""
    meetings: list[Meeting] = field(default_factory=list)
    _coverage: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)
    _touched: dict[tuple[str, ...], tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)
    _current: list[str] | None = field(default=None, repr=False)
    _areas_of: dict[tuple[str, ...], list[str]] | None = field(default=None, repr=False)
    _by_theme: dict[str, list[str]] | None = field(default=None, repr=False)
    _stale_before: str | None = field(default=None, repr=False)

    @property
    def vocab(self) -> dict[str, dict[str, dict[str, Any]]]:
        return self.content.vocab

    def org(self, slug: str) -> dict[str, Any]:
        return self.content.org(slug)

    def net(self, slug: str) -> dict[str, Any]:
        return self.content.net(slug)

    def municipalities(self, area_ids: list[str]) -> frozenset[str]:
        """Every municipality the given areas cover (online covers none)."""
        key = tuple(area_ids)
        found = self._coverage.get(key)
        if found is None:
            found = self._coverage[key] = frozenset(self._municipalities(area_ids))
        return found

    def areas_touched(self, area_ids: list[str]) -> tuple[list[str], list[str]]:
        """(municipalities the given areas cover, service areas overlapping them and the wider areas
        among them), each in vocabulary order; computed once for each combination of areas."""
        key = tuple(area_ids)
        found = self._touched.get(key)
        if found is None:
            towns = self.municipalities(area_ids)
            vocab = self.vocab["areas"]
            touched = [a for a, v in vocab.items()
                       if (v.get("kind") == "service-area" and towns & set(v.get("municipalities", []))) or
                       (v.get("kind") in ("region", "national", "online") and a in area_ids)]
            found = self._touched[key] = ([a for a in vocab if a in towns], touched)
        return found

    def _municipalities(self, area_ids: list[str]) -> set[str]:
        areas = self.vocab["areas"]
        out: set[str] = set()
        for area_id in area_ids:
            area = areas.get(area_id, {})
            if area.get("kind") == "municipality":
                out.add(area_id)
            elif area.get("kind") == "service-area":
                out.update(area.get("municipalities", []))
            elif area_id in EVERYWHERE:
                out.update(k for k, v in areas.items() if v.get("kind") == "municipality")
        return out

    def is_stale(self, reviewed: str | None) -> bool:
        """True when a review date is missing or older than the configured months."""
        if not reviewed:
            return True
        if self._stale_before is None:
            self._stale_before = months_before(self.config.today, self.config.stale_after_months).isoformat()
        return reviewed < self._stale_before  # ISO dates compare as text

    def current_orgs(self) -> list[str]:
        """Organisations still operating (not `ended`), in slug order."""
        if self._current is None:
            self._current = [s for s, d in self.content.organizations.items() if d.data.get("status") != "ended"]
        return self._current

    def orgs_with_theme(self, theme: str) -> list[str]:
        """Operating organisations with a theme, in slug order (all themes are gathered in one pass)."""
        if self._by_theme is None:
            self._by_theme = {t: [] for t in self.vocab["themes"]}
            for slug in self.current_orgs():
                for t in effective_list(self.org(slug), "themes"):
                    self._by_theme.setdefault(t, []).append(slug)
        return self._by_theme.get(theme, [])

    def orgs_in_area(self, area_id: str) -> tuple[list[str], list[str]]:
        """(organisations covering the whole area, organisations in part of it), in no set order."""
        by_areas = self._org_areas()
        kind = self.vocab["areas"][area_id].get("kind")
        wanted = self.municipalities([area_id])
        whole: list[str] = []
        part: list[str] = []
        for own, slugs in by_areas.items():
            if kind in ("municipality", "service-area"):
                covered = self.municipalities(list(own))
                if area_id in own or wanted <= covered:
                    whole += slugs
                elif wanted & covered:
                    part += slugs
            elif kind == "region":
                if any(a in own for a in EVERYWHERE):
                    whole += slugs
                elif own and any(a != "online" for a in own):
                    part += slugs
            elif area_id in own:
                whole += slugs
        return whole, part

    def _org_areas(self) -> dict[tuple[str, ...], list[str]]:
        """Operating organisations by their list of areas (many share one, so an area is judged
        once per distinct list)."""
        if self._areas_of is None:
            self._areas_of = {}
            for slug in self.current_orgs():
                self._areas_of.setdefault(tuple(effective_list(self.org(slug), "areas")), []).append(slug)
        return self._areas_of


def coordinators(data: dict[str, Any]) -> dict[str, Any]:
    """A network's coordinating organisations, each with the activity it coordinates through (or None)."""
    out: dict[str, Any] = {}
    for entry in data.get("coordinators", []):
        if isinstance(entry, dict):
            out[entry["organization"]] = entry.get("activity")
        else:
            out[entry] = None
    return out


def build_directory(content: Content, config: SiteConfig) -> Directory:
    """Derive memberships (from network files), sub-groups, recommended structures and the meeting calendar."""
    directory = Directory(content, config, changes=changes(content.root))
    for slug in sorted(content.networks):
        data = content.net(slug)
        parent = data.get("parent")
        if parent:
            directory.children.setdefault(parent, []).append(slug)
        if data.get("proposed_by"):
            directory.proposals.setdefault(data["proposed_by"], []).append(slug)
        coordinating = coordinators(data)
        seen: set[str] = set()
        for member in data.get("members", []):
            org = member.get("organization")
            if not org:
                continue
            seen.add(org)
            directory.memberships.setdefault(org, []).append(Membership(
                network=slug, role=member.get("role", "member"), person=member.get("person", ""),
                responsibilities=member.get("responsibilities"), represents=member.get("represents"),
                since=member.get("since", ""), until=member.get("until", ""),
                coordinator=org in coordinating, activity=coordinating.get(org)))
        for org, activity in coordinating.items():
            if org not in seen:
                directory.memberships.setdefault(org, []).append(
                    Membership(network=slug, role="coordinator", coordinator=True, activity=activity))
        for meeting in data.get("meetings", []):
            day = date.fromisoformat(meeting["date"])
            directory.meetings.append(Meeting(slug, wrap(meeting), day, day >= config.today))
    directory.meetings.sort(key=lambda m: (m.day, m.data.get("start", ""), m.network, m.data["id"]))
    return directory

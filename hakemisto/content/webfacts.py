"""Facts read from an organisation's own public web pages (its `web` block). Each fact names the page
it was read from and the date; they are shown apart from what the organisation confirmed. Where the
organisation's own fields, or the register, say something of the same kind, those win; where they
differ from a web fact, the difference is listed for the coordinators, never merged."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .schema import normalise_phone

LISTS = ("themes", "areas", "target_groups", "languages")
"""Vocabulary lists a page may state."""
KINDS = ("website", "phones", "emails", "visiting_address", "postal_address", "business_id", "summary", *LISTS)
"""Every kind of fact a page may give, in the order they are shown."""


@dataclass(frozen=True)
class Fact:
    """One fact read from one page: its kind (phone, email, …), its value, the page and the date read."""

    kind: str
    value: Any
    url: str
    read: str


def found(data: dict[str, Any]) -> bool:
    """True when the organisation's own pages were found and its identity is sure."""
    return (data.get("web") or {}).get("result") == "found"


def facts(data: dict[str, Any]) -> list[Fact]:
    """Every fact of the web block, one per phone and e-mail (none unless the result is `found`)."""
    if not found(data):
        return []
    out: list[Fact] = []
    for page in data["web"].get("pages", []):
        for kind in KINDS:
            value = page.get(kind)
            if value in (None, "", []):
                continue
            if kind in ("phones", "emails"):
                out += [Fact(kind[:-1], item, page["url"], page["read"]) for item in value]
            else:
                out.append(Fact(kind, value, page["url"], page["read"]))
    return out


def own_value(data: dict[str, Any], kind: str) -> Any:
    """What the organisation itself (or else the register) says of a kind of fact, or None."""
    register = data.get("register") or {}
    own = {
        "website": data.get("website") or register.get("website"),
        "phone": data.get("phone"),
        "email": data.get("email"),
        "business_id": data.get("business_id") or register.get("business_id"),
        "summary": data.get("summary"),
        "visiting_address": data.get("locations"),
        "postal_address": register.get("addresses"),
    }
    value = own.get(kind, data.get(kind))
    return value or None


def shown(data: dict[str, Any]) -> list[Fact]:
    """The web facts to show: those of a kind the organisation and the register say nothing of."""
    return [f for f in facts(data) if own_value(data, f.kind) is None]


def first(data: dict[str, Any], kind: str) -> Fact | None:
    """The first shown web fact of a kind."""
    return next((f for f in shown(data) if f.kind == kind), None)


def effective_list(data: dict[str, Any], kind: str) -> list[str]:
    """An organisation's themes, areas, target groups or languages: its own, else those its pages state."""
    own = data.get(kind) or []
    if own:
        return list(own)
    return list(dict.fromkeys(v for f in shown(data) if f.kind == kind for v in f.value))


def from_web(data: dict[str, Any], kind: str) -> bool:
    """True when what is used of a kind comes from the web pages, not from the organisation."""
    return first(data, kind) is not None


def value_text(value: Any) -> str:
    """A fact's value (or the organisation's own value of its kind) as one line of text: a phone's
    number, an address as street, postal code and city."""
    if isinstance(value, dict) and "number" in value:
        return str(value["number"])
    if isinstance(value, dict) and "street" in value:
        return f"{value['street']}, {value['postal_code']} {value['city']}"
    return str(value)


def summary(data: dict[str, Any]) -> Any:
    """The organisation's own summary, else the one written from its pages (or None)."""
    own = data.get("summary")
    if own:
        return own
    fact = first(data, "summary")
    return fact.value if fact else None


@dataclass(frozen=True)
class Reach:
    """The ways to reach an organisation on a card: each value with the web fact it comes from (or None)."""

    website: str | None = None
    phone: str | None = None
    email: str | None = None
    website_fact: Fact | None = None
    phone_fact: Fact | None = None
    email_fact: Fact | None = None


def reach(data: dict[str, Any]) -> Reach:
    """Website, phone and e-mail: the organisation's own, else the register's website, else its pages'."""
    values: dict[str, Any] = {}
    for kind in ("website", "phone", "email"):
        own = own_value(data, kind)
        fact = None if own else first(data, kind)
        if fact is not None:
            own = fact.value["number"] if kind == "phone" else fact.value
        values[kind], values[f"{kind}_fact"] = own, fact
    return Reach(**values)


def host(url: str) -> str:
    """A page address's host without a leading `www.` (lower case)."""
    name = (urlsplit(url).hostname or "").lower()
    return name[4:] if name.startswith("www.") else name


def same_site(url: str, website: str) -> bool:
    """True when a page is on the website's host or one of its subdomains."""
    page, home = host(url), host(website)
    return bool(home) and (page == home or page.endswith("." + home))


def _comparable(kind: str, value: Any) -> str:
    """A value reduced to what matters when two are compared (digits of a phone, a URL's host and path)."""
    if kind == "phone":
        number = value["number"] if isinstance(value, dict) else str(value)
        return normalise_phone(number) or number
    if kind == "website":
        return host(value) + urlsplit(value).path.rstrip("/")
    return str(value).strip().casefold()


def conflicts(data: dict[str, Any]) -> list[tuple[str, Any, Fact]]:
    """(kind, the organisation's or register's value, the differing web fact) for the coordinators."""
    out: list[tuple[str, Any, Fact]] = []
    for fact in facts(data):
        if fact.kind not in ("website", "phone", "email", "business_id"):
            continue
        own = own_value(data, fact.kind)
        if own is not None and _comparable(fact.kind, own) != _comparable(fact.kind, fact.value):
            out.append((fact.kind, own, fact))
    return out


@dataclass(frozen=True)
class Page:
    """One page of the web block with the facts shown from it."""

    url: str
    read: str
    facts: list[Fact]


@dataclass(frozen=True)
class Box:
    """What the profile's box of web facts shows: the site, the latest date read, the facts by page."""

    site: str
    read: str
    pages: list[Page]


def box(data: dict[str, Any]) -> Box | None:
    """The web facts to show on a profile, by the page they come from (None when there are none)."""
    facts_shown = shown(data)
    if not facts_shown:
        return None
    pages: dict[str, Page] = {}
    for fact in facts_shown:
        pages.setdefault(fact.url, Page(fact.url, fact.read, [])).facts.append(fact)
    site = next((f.value for f in facts(data) if f.kind == "website"), facts_shown[0].url)
    return Box(site, max(p.read for p in pages.values()), list(pages.values()))

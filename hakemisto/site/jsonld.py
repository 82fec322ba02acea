"""schema.org data for search engines (JSON-LD): organisations and meetings."""
from __future__ import annotations

from datetime import datetime, time as dtime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import i18n, urls
from ..content import webfacts
from .helpers import script_json
from ..model.directory import HELSINKI, Meeting
from ..content.schema import normalise_phone

if TYPE_CHECKING:
    from .context import Site


def event(site: Site, m: Meeting, lang: str) -> dict[str, Any]:
    """schema.org Event for one meeting."""
    data = m.data
    start = data.get("start")
    start_at = (datetime.combine(m.day, dtime.fromisoformat(start), HELSINKI).isoformat() if start
                else m.day.isoformat())
    node: dict[str, Any] = {
        "@type": "Event", "name": i18n.text(data["title"], lang), "startDate": start_at,
        "organizer": {"@type": "Organization", "name": site.net_name(m.network, lang)},
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode" if data.get("online") and not data.get("location")
        else "https://schema.org/OfflineEventAttendanceMode",
    }
    if site.urls.known:
        node["url"] = site.urls.absolute(urls.page("network", m.network), lang) + "#" + urls.meeting_anchor(data["id"])
    if data.get("end") and start:
        node["endDate"] = datetime.combine(m.day, dtime.fromisoformat(data["end"]), HELSINKI).isoformat()
    locations = []
    if data.get("location"):
        locations.append({"@type": "Place", "name": i18n.text(data["location"], lang)})
    if data.get("online"):
        locations.append({"@type": "VirtualLocation", **({"url": data["online_url"]} if data.get("online_url") else {})})
    if locations:
        node["location"] = locations[0] if len(locations) == 1 else locations
    return node


def events(site: Site, meetings: list[Meeting], lang: str) -> Markup:
    """The meetings as a JSON-LD graph, or nothing when there are none."""
    if not meetings:
        return Markup("")
    return script_json({"@context": "https://schema.org", "@graph": [event(site, m, lang) for m in meetings]})


def organization(site: Site, slug: str, lang: str) -> Markup:
    """schema.org NGO with its contact points and memberships."""
    data = site.d.org(slug)
    node: dict[str, Any] = {"@context": "https://schema.org", "@type": "NGO", "name": site.org_name(slug, lang),
                            **_reach(data, lang)}
    if site.urls.known:
        node["url"] = site.urls.absolute(urls.page("organization", slug), lang)
    points = [_contact_point(person, lang) for person in data.get("contacts", [])]
    if points:
        node["contactPoint"] = points
    member_of = [{"@type": "Organization", "name": site.net_name(m.network, lang),
                  **({"url": site.urls.absolute(urls.page("network", m.network), lang)} if site.urls.known else {})}
                 for m in site.d.memberships.get(slug, [])]
    if member_of:
        node["memberOf"] = member_of
    areas, languages = webfacts.effective_list(data, "areas"), webfacts.effective_list(data, "languages")
    if areas:
        node["areaServed"] = [site.d.vocab["areas"].get(a, {}).get(lang, a) for a in areas]
    if languages:
        node["knowsLanguage"] = languages
    for place in data.get("locations", []):
        node.setdefault("address", []).append({"@type": "PostalAddress", "streetAddress": place["street"],
                                               "postalCode": place.get("postal_code", ""),
                                               "addressLocality": place["city"], "addressCountry": "FI"})
    return script_json(node)


def _reach(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """Description, website, e-mail, phone, short name and business ID: the organisation's own, else
    the register's or its web pages' (`content.webfacts`)."""
    node: dict[str, Any] = {}
    summary = webfacts.summary(data)
    if summary:
        node["description"] = i18n.text(summary, lang)
    reach = webfacts.reach(data)
    for key, target in (("website", "sameAs"), ("email", "email")):
        if getattr(reach, key):
            node[target] = getattr(reach, key)
    if data.get("short_name"):
        node["alternateName"] = data["short_name"]
    if reach.phone:
        node["telephone"] = normalise_phone(reach.phone) or reach.phone
    business_fact = webfacts.first(data, "business_id")
    business = data.get("business_id") or (business_fact.value if business_fact else None)
    if business:
        node["taxID"] = business
    return node


def _contact_point(person: dict[str, Any], lang: str) -> dict[str, Any]:
    """schema.org ContactPoint of one contact person."""
    point = {"@type": "ContactPoint", "name": person["name"]}
    if person.get("title"):
        point["contactType"] = i18n.text(person["title"], lang)
    if person.get("email"):
        point["email"] = person["email"]
    if person.get("phone"):
        point["telephone"] = normalise_phone(person["phone"]) or person["phone"]
    if person.get("languages"):
        point["availableLanguage"] = person["languages"]
    return point

"""Open data: JSON API with schemas, CSV for spreadsheets, iCalendar, Atom feeds, HSDS 3.0.

Every export is made from the content alone (no clock, no randomness), so builds stay
byte-identical; ids are the slugs, and HSDS ids are uuid5 of the slugs.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime, time as dtime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from . import hsds
from ..site import i18n, urls
from ..content import webfacts
from .hsds import hsds_id
from ..model.directory import HELSINKI, Directory, Meeting
from ..site.output import FileData, compact_json, spreadsheet_safe, xml_bytes
from ..content.schema import phone_text, schema_files
from ..content.textrules import localised_paths, phone_paths
from ..site.urls import Urls

if TYPE_CHECKING:  # icalendar is imported when calendars are made, not by every process
    from icalendar import Event

API_VERSION = 1
ATOM_NS = "http://www.w3.org/2005/Atom"


def _json(data: Any) -> bytes:
    """One JSON document per file."""
    return compact_json(data) + b"\n"


def _json_array(pieces: Iterable[bytes], head: bytes = b"[", tail: bytes = b"]\n") -> Iterator[bytes]:
    """A JSON array from its items' JSON, in pieces read as they are written: the same bytes as
    `_json` of the whole list, without holding the whole file in memory."""
    yield head
    comma = b""
    for piece in pieces:
        yield comma
        yield piece
        comma = b","
    yield tail


def joined(data: FileData) -> bytes:
    """A file's bytes in one piece."""
    return data if isinstance(data, bytes) else b"".join(data)


# ------------------------------------------------------------------ JSON API and its schemas


PUBLISHED_FORMATS = {  # the project's own formats, as patterns any validator reads (the checks stay stricter)
    "http-url": {"pattern": "^https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?([/?#][^\\s<>\"]*)?$"},
    "phone": {"pattern": "^[+0-9][0-9 ()-]{4,30}( ext\\. [0-9]{1,7})?$"},  # as schema.phone_text writes it
    "y-tunnus": {"pattern": "^[0-9]{7}-[0-9]$"},
    "time": {"pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
}


def _standard_formats(node: Any) -> Any:
    """A schema with only standard formats (`date`, `email`): the project's own are written as
    patterns, so that validators in strict mode accept the published schemas and the data."""
    if isinstance(node, dict):
        named = node.get("format") if isinstance(node.get("format"), str) else None  # not a field called format
        out = {key: _standard_formats(value) for key, value in node.items() if not (key == "format" and named)}
        if named:
            out.update(PUBLISHED_FORMATS.get(named, {"format": named}))
        return out
    if isinstance(node, list):
        return [_standard_formats(value) for value in node]
    return node


def _bundled_schema(name: str, plural: str) -> dict[str, Any]:
    """A self-contained schema for `api/<plural>.json`: the content schema, with `id` added."""
    common = schema_files()["common.schema.json"]
    text = json.dumps(schema_files()[f"{name}.schema.json"]).replace('"common.schema.json#/$defs/', '"#/$defs/')
    item = _standard_formats(json.loads(text))
    if "then" in item:  # name the fields `then` requires in it too, as validators in strict mode ask
        item["then"] = {"properties": {key: True for key in item["then"]["required"]}, **item["then"]}
    item.pop("$schema", None)
    item["properties"] = {"id": {"description": "Pysyvä tunniste (tiedoston nimi). — Permanent id (the file name).",
                                 "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, **item["properties"]}
    item["required"] = ["id", *item["required"]]
    defs = _standard_formats(copy.deepcopy(common["$defs"]))
    defs[name] = item
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{plural} (API v{API_VERSION})",
        "type": "object",
        "properties": {
            "version": {"const": API_VERSION},
            plural: {"type": "array", "items": {"$ref": f"#/$defs/{name}"}},
        },
        "required": ["version", plural],
        "additionalProperties": False,
        "$defs": defs,
    }


def one_shape(value: Any, paths: frozenset[tuple[str, ...]], at: tuple[str, ...] = (),
              phones: frozenset[tuple[str, ...]] = frozenset()) -> Any:
    """Content for the JSON API with every localised text in one shape, `{"fi": …, "sv": …, "en": …}`
    (a file may write plain Finnish text as a string), and every phone number normalised."""
    if at in paths:
        return {"fi": value} if isinstance(value, str) else value
    if at in phones and isinstance(value, str):
        return phone_text(value)
    if isinstance(value, dict):
        return {key: one_shape(item, paths, at + (key,), phones) for key, item in value.items()}
    if isinstance(value, list):
        return [one_shape(item, paths, at + ("*",), phones) for item in value]
    return value


def api_files(d: Directory) -> dict[str, FileData]:
    """api/organizations.json, api/networks.json and their JSON Schemas."""
    org_paths, net_paths = localised_paths("organization"), localised_paths("network")
    org_phones, net_phones = phone_paths("organization"), phone_paths("network")
    orgs = (compact_json({"id": s, **one_shape(doc.data, org_paths, phones=org_phones)})
            for s, doc in sorted(d.content.organizations.items()))
    nets = [compact_json({"id": s, **one_shape(doc.data, net_paths, phones=net_phones)}) for s, doc in sorted(d.content.networks.items())]
    return {
        urls.file("api_organizations"): _json_array(orgs, f'{{"version":{API_VERSION},"organizations":['.encode(), b"]}\n"),
        urls.file("api_networks"): _json_array(nets, f'{{"version":{API_VERSION},"networks":['.encode(), b"]}\n"),
        urls.file("api_organizations_schema"): _json(_bundled_schema("organization", "organizations")),
        urls.file("api_networks_schema"): _json(_bundled_schema("network", "networks")),
    }


# ------------------------------------------------------------------ CSV


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    """UTF-8 with BOM so Excel opens Finnish letters correctly; CRLF line ends; every cell from content
    made safe from spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else spreadsheet_safe(v) if isinstance(v, str) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _t(value: Any, lang: str = "fi") -> str:
    if isinstance(value, dict):
        return str(value.get(lang, ""))
    return str(value) if value is not None and lang == "fi" else ""


REGISTER_COLUMNS = ["register_source", "register_fetched", "register_business_id", "register_name", "register_form_fi",
                    "register_website", "register_address", "register_status", "register_ended"]
"""Facts from the public register (YTJ), kept apart from what the organisation wrote, with their source and date."""


def _register_cells(reg: dict[str, Any]) -> list[Any]:
    if not reg:
        return [""] * len(REGISTER_COLUMNS)
    first = (reg.get("addresses") or [{}])[0]
    address = ", ".join(p for p in (first.get("street"), " ".join(x for x in (first.get("postal_code"), first.get("city")) if x)) if p)
    return [reg.get("source"), reg.get("fetched"), reg.get("business_id"), reg.get("name"), (reg.get("form") or {}).get("fi"),
            reg.get("website"), address, reg.get("status"), reg.get("ended")]


WEB_COLUMNS = ["web_result", "web_checked", "web_website", "web_phone", "web_email", "web_address", "web_business_id",
               "web_summary_fi", "web_sources"]
"""Facts from the organisation's own web pages, kept apart from what it confirmed; `web_sources` names
each fact's page and the date it was read (`kind page date`, separated by ` | `)."""


def _web_cells(o: dict[str, Any]) -> list[Any]:
    """The web block's facts as CSV cells (only found facts; every value with its page in web_sources)."""
    web = o.get("web") or {}
    if not web:
        return [""] * len(WEB_COLUMNS)
    found = webfacts.facts(o)

    def values(kind: str) -> str:
        return ";".join(_fact_text(f) for f in found if f.kind == kind)
    address = next((f for f in found if f.kind in ("visiting_address", "postal_address")), None)
    summary = next((f.value for f in found if f.kind == "summary"), None)
    sources = " | ".join(f"{f.kind} {f.url} {f.read}" for f in found)
    return [web.get("result"), web.get("checked"), values("website"), values("phone"), values("email"),
            _fact_text(address) if address else "", values("business_id"), _t(summary) if summary else "", sources]


def _fact_text(fact: webfacts.Fact) -> str:
    """A fact's value as a CSV cell: a phone number normalised as every export shows it."""
    text = webfacts.value_text(fact.value)
    return (phone_text(text) or text) if fact.kind == "phone" else text


def _csv_rows(slug: str, o: dict[str, Any], url: Callable[[str], str]) -> tuple[list[Any], list[list[Any]]]:
    """An organisation's row in organizations.csv and its rows in contacts.csv."""
    referral = o.get("referral") or {}
    row = [
        slug, _t(o["name"]), _t(o["name"], "sv"), _t(o["name"], "en"), o.get("short_name"), o.get("business_id"),
        o["status"], _t(o.get("summary")), ";".join(o.get("themes", [])), ";".join(o.get("areas", [])),
        ";".join(o.get("languages", [])), ";".join(o.get("target_groups", [])), o.get("website"), o.get("email"),
        phone_text(o.get("phone") or ""), "" if "self_referral" not in referral else ("yes" if referral["self_referral"] else "no"),
        o.get("reviewed"), url(urls.page("organization", slug)),
        *_register_cells(o.get("register") or {}), *_web_cells(o),
    ]
    contacts = [[slug, _t(o["name"]), c["name"], _t(c.get("title")), _t(c.get("responsibilities")),
                 c.get("email"), phone_text(c.get("phone") or ""), ";".join(c.get("languages", []))] for c in o.get("contacts", [])]
    return row, contacts


def csv_files(d: Directory, url: Callable[[str], str]) -> dict[str, bytes]:
    """data/organizations.csv, data/contacts.csv, data/network-members.csv."""
    org_rows: list[list[Any]] = []
    contact_rows: list[list[Any]] = []
    member_rows: list[list[Any]] = []
    for slug, doc in sorted(d.content.organizations.items()):
        row, contacts = _csv_rows(slug, doc.data, url)
        org_rows.append(row)
        contact_rows += contacts
    for slug, doc in sorted(d.content.networks.items()):
        n = doc.data
        for m in n.get("members", []):
            org = m.get("organization")
            member_rows.append([slug, _t(n["name"]), org, _t(d.org(org)["name"]) if org else _t(m.get("body")),
                                m.get("person"), m.get("role", "member"), _t(m.get("responsibilities")),
                                _t(m.get("represents")), m.get("since"), m.get("until")])
    return {
        urls.file("csv_organizations"): _csv(
            ["id", "name_fi", "name_sv", "name_en", "short_name", "business_id", "status", "summary_fi", "themes",
             "areas", "languages", "target_groups", "website", "email", "phone", "self_referral", "reviewed", "url",
             *REGISTER_COLUMNS, *WEB_COLUMNS],
            org_rows),
        urls.file("csv_contacts"): _csv(
            ["organization_id", "organization", "name", "title_fi", "responsibilities_fi", "email", "phone",
             "languages"], contact_rows),
        urls.file("csv_members"): _csv(
            ["network_id", "network", "organization_id", "member", "person", "role", "responsibilities_fi",
             "represents_fi", "since", "until"], member_rows),
    }


# ------------------------------------------------------------------ iCalendar


def changed(d: Directory, folder: str, slug: str) -> datetime:
    """When a content file last changed: its last commit in a Git checkout, else its `reviewed` date,
    else the latest date it names (a network's meetings), else the build's day. Never the clock."""
    known = d.changes.get(f"{folder}/{slug}.yaml")
    if known:
        return known.time
    data = d.org(slug) if folder == "organizations" else d.net(slug)
    day = data.get("reviewed") or max((m["date"] for m in data.get("meetings", [])), default=d.config.today.isoformat())
    return datetime.combine(date.fromisoformat(day), dtime(0, 0), timezone.utc)


def _stamp(d: Directory, network: str) -> datetime:
    """DTSTAMP and LAST-MODIFIED of a network's meetings: when its file last changed."""
    return changed(d, "networks", network)


def meeting_uid(network: str, meeting_id: str) -> str:
    """A meeting's UID: from the network and the meeting's own id, so it survives date and title edits."""
    return f"{network}.{meeting_id}@hakemisto"


def _event(d: Directory, m: Meeting, page_url: str) -> Event:
    from icalendar import Event, vText

    data = m.data
    event = Event()
    event.add("uid", meeting_uid(m.network, data["id"]))
    event.add("summary", i18n.text(data["title"], "fi"))
    if data.get("start"):
        event.add("dtstart", datetime.combine(m.day, dtime.fromisoformat(data["start"]), HELSINKI))
        if data.get("end"):
            event.add("dtend", datetime.combine(m.day, dtime.fromisoformat(data["end"]), HELSINKI))
    else:
        event.add("dtstart", m.day)
    stamp = _stamp(d, m.network)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    known = d.changes.get(f"networks/{m.network}.yaml")
    event.add("sequence", known.commits - 1 if known else 0)  # each change of the file counts as a revision
    description = [i18n.text(d.net(m.network)["name"], "fi")]
    if data.get("agenda"):
        description.append(i18n.text(data["agenda"], "fi"))
    if data.get("minutes"):
        description.append("Muistio:\n" + i18n.text(data["minutes"], "fi"))
    if page_url:
        description.append(page_url)
    event.add("description", "\n\n".join(description))
    if data.get("location"):
        event.add("location", vText(i18n.text(data["location"], "fi")))
    elif data.get("online"):
        event.add("location", vText(data.get("online_url") or "Etäkokous"))
    if data.get("online_url") or page_url:
        event.add("url", data.get("online_url") or page_url)
    return event


def _calendar(d: Directory, meetings: list[Meeting], name: str, url: Callable[[str], str]) -> bytes:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//hakemisto//lapsi- ja perhejärjestöt Uudellamaalla//FI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", HELSINKI.key)
    for m in meetings:
        page = url(urls.page("network", m.network))
        cal.add_component(_event(d, m, page + "#" + urls.meeting_anchor(m.data["id"]) if page else ""))
    if any(m.data.get("start") for m in meetings):
        cal.add_component(helsinki_timezone())
    return cal.to_ical()


def helsinki_timezone() -> Any:
    """Europe/Helsinki as a VTIMEZONE with yearly rules (the form Outlook, Google and the IANA-derived
    generators write), so every parser reads it the same way for any year: the EU summer-time rule in
    force, from the last Sunday of March 03:00 to the last Sunday of October 04:00."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", HELSINKI.key)
    for part, start, month, before, after, name in (
            (TimezoneStandard(), datetime(1970, 10, 25, 4), 10, 3, 2, "EET"),
            (TimezoneDaylight(), datetime(1970, 3, 29, 3), 3, 2, 3, "EEST")):
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("tzname", name)
        zone.add_component(part)
    return zone


def calendar_files(d: Directory, url: Callable[[str], str]) -> dict[str, bytes]:
    """calendar.ics with every meeting, and kalenteri/<network>.ics for each network."""
    files = {urls.file("calendar"): _calendar(d, d.meetings, i18n.text(d.config.title, "fi"), url)}
    for slug in sorted(d.content.networks):
        meetings = [m for m in d.meetings if m.network == slug]
        files[urls.file("network_calendar", slug)] = _calendar(d, meetings, i18n.text(d.net(slug)["name"], "fi"), url)
    return files


# ------------------------------------------------------------------ Atom


_FEED_TEXT = {
    "fi": {"title": "Uutta hakemistossa", "org": "Tiedot päivitetty: {}", "meeting": "Kokous: {}",
           "minutes": "Muistio julkaistu: {}"},
    "sv": {"title": "Nytt i katalogen", "org": "Uppgifterna uppdaterade: {}", "meeting": "Möte: {}",
           "minutes": "Protokoll publicerat: {}"},
    "en": {"title": "New in the directory", "org": "Details updated: {}", "meeting": "Meeting: {}",
           "minutes": "Minutes published: {}"},
}


def _day(value: str) -> datetime:
    return datetime.combine(date.fromisoformat(value), dtime(0, 0), timezone.utc)


def _atom_time(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _atom(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    element.text = text
    return element


FEED_ENTRIES = 200
"""The newest entries a feed keeps."""
FeedItem = tuple[datetime, str, str, Any]
"""(updated, id, kind, what) of one Atom entry, the same in every language: kind `org` with an
organisation's slug, or `meeting` or `minutes` with a Meeting."""
FeedEntry = tuple[datetime, str, str, str, str]
"""(updated, id, title, link, summary) of one Atom entry in one language."""


def feed_items(d: Directory) -> list[FeedItem]:
    """The feeds' newest entries, newest first, found once for every language (only these are put into words)."""
    items: list[FeedItem] = []
    for slug, doc in d.content.organizations.items():
        reviewed = doc.data.get("reviewed")
        if reviewed:
            items.append((max(changed(d, "organizations", slug), _day(reviewed)),
                          f"urn:uuid:{hsds_id('feed', 'organization', slug, reviewed)}", "org", slug))
    for m in d.meetings:
        stamp = _stamp(d, m.network)
        items.append((stamp, f"urn:uuid:{hsds_id('feed', 'meeting', m.network, m.data['id'])}", "meeting", m))
        if m.data.get("minutes") or m.data.get("minutes_url"):
            items.append((max(stamp, _day(m.data["date"])),
                          f"urn:uuid:{hsds_id('feed', 'minutes', m.network, m.data['id'])}", "minutes", m))
    items.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return items[:FEED_ENTRIES]


def _feed_entry(d: Directory, lang: str, links: Urls, item: FeedItem) -> FeedEntry:
    """One entry in words: its title, link and summary in `lang`."""
    stamp, entry_id, kind, what = item
    words = _FEED_TEXT[lang]
    if kind == "org":
        o = d.org(what)
        return (stamp, entry_id, words["org"].format(i18n.text(o["name"], lang)),
                links.absolute(urls.page("organization", what), lang), i18n.text(o.get("summary"), lang))
    title = i18n.text(what.data["title"], lang)
    link = links.absolute(urls.page("network", what.network), lang) + "#" + urls.meeting_anchor(what.data["id"])
    network = i18n.text(d.net(what.network)["name"], lang)
    if kind == "meeting":
        return stamp, entry_id, words["meeting"].format(title), link, f"{what.data['date']} – {network}"
    return stamp, entry_id, words["minutes"].format(title), link, network


def feed(d: Directory, lang: str, links: Urls, items: list[FeedItem]) -> bytes:
    """Atom feed: organisations (re)reviewed, meetings announced, minutes published (`items`: from `feed_items`)."""
    words = _FEED_TEXT[lang]
    entries = [_feed_entry(d, lang, links, item) for item in items]
    site_title = i18n.text(d.config.title, lang)
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _atom(root, "title", f"{words['title']} – {site_title}")
    _atom(root, "id", f"urn:uuid:{hsds_id('feed', lang)}")
    newest = max((c.time for c in d.changes.values()), default=datetime.combine(d.config.today, dtime(0, 0), timezone.utc))
    _atom(root, "updated", _atom_time(entries[0][0] if entries else newest))
    _atom(root, "link", rel="self", type="application/atom+xml", href=links.absolute(urls.file("feed"), lang))
    _atom(root, "link", rel="alternate", type="text/html", href=links.absolute(urls.page("home"), lang))
    _atom(_atom(root, "author"), "name", site_title)
    for stamp, entry_id, title, link, summary in entries:
        entry = _atom(root, "entry")
        _atom(entry, "title", title)
        _atom(entry, "id", entry_id)
        _atom(entry, "updated", _atom_time(stamp))
        _atom(entry, "link", rel="alternate", href=link)
        if summary:
            _atom(entry, "summary", summary)
    return xml_bytes(root)


def all_exports(d: Directory, links: Urls) -> Iterator[tuple[str, FileData]]:
    """Every open-data file as (path in the site, bytes), made one group at a time so that the
    large ones need not all be in memory at once."""
    def url(path: str) -> str:
        return links.absolute(path, links.languages[0])

    public = url if links.known else (lambda path: "")
    for group in (lambda: api_files(d), lambda: csv_files(d, url), lambda: calendar_files(d, public)):
        yield from group().items()
    yield from hsds.hsds_files(d, public)
    if links.known:  # a feed's links must be absolute
        items = feed_items(d)
        for lang in d.config.languages:
            yield links.output(urls.file("feed"), lang), feed(d, lang, links, items)

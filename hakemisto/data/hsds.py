"""The directory as an Open Referral HSDS 3.0 data set: organisations, their services (activities),
locations, contacts, phones, schedules, service areas, languages, costs, and the network's
vocabularies as taxonomies with attributes linking them.

The records are made as flat tables (one list of records per HSDS table), one organisation at a
time, and published in the two forms HSDS tools read: JSON shaped as the HSDS API answers
(`api/hsds/index.json` with the version, then paged lists of full records), and the tabular form
(`api/hsds/tabular/*.csv` with a `datapackage.json` describing them). Only the current
organisation's records are in memory at once; the CSV tables grow in temporary files. Ids are UUIDs
derived from what the content says a thing is (an organisation's id, an activity's, contact's or
location's own `id` or else its name), never from its place in a list, so deleting or reordering
one item changes no other item's id.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import tempfile
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from ..site import i18n, urls
from ..content import webfacts
from ..model.directory import Directory
from ..site.output import FileData, compact_json, spreadsheet_safe
from ..content.schema import SCHEMA_DIR, normalise_phone
from ..content.slug import item_key

VERSION = "3.0"
AWAITING = "Järjestö ei ole vielä täydentänyt tietojaan hakemistoon."
"""The description of an organisation that has not written one (HSDS requires a description); a
fact about the directory, not a claim about the organisation."""
NAMESPACE = uuid.UUID("6f1c3a52-8f0e-5d1b-9a51-3c7f0e2b9d41")
PAGE_SIZE = 500
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
TAXONOMIES = (("themes", "Teemat (Uudellamaalla lasten ja perheiden kanssa toimivien järjestöjen verkosto)"),
              ("target-groups", "Kohderyhmät"), ("activity-formats", "Toimintamuodot"))
REQUIRED_EMPTY = {"metadata": ("previous_value",), "address": ("state_province", "postal_code")}
"""Fields HSDS requires even when the content has nothing to put in them."""
TABLES = ("organization", "organization_identifier", "service", "location", "address", "accessibility", "phone",
          "contact", "schedule", "service_area", "service_at_location", "language", "cost_option", "taxonomy",
          "taxonomy_term", "attribute", "metadata")
"""The tables this data set fills, in the order of the tabular package."""


def hsds_id(*parts: str) -> str:
    """A stable UUID for a record, derived from what identifies it: `str(uuid.uuid5(NAMESPACE, "/".join(parts)))`."""
    # The same steps as uuid.uuid5 (RFC 4122, 4.3), written out: the UUID object that uuid5 makes
    # and turns back into text cost two thirds of the time, and a data set has ~34 ids an organisation.
    digest = bytearray(hashlib.sha1(NAMESPACE.bytes + "/".join(parts).encode("utf-8")).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # the RFC 4122 variant
    x = digest.hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def _fi(value: Any) -> str:
    return i18n.text(value, "fi") if value is not None else ""


def _application(o: dict[str, Any], activity: dict[str, Any]) -> str:
    """How to get to a service: whether the family can contact it itself, then how to join."""
    referral = o.get("referral") or {}
    how = _fi(activity.get("how_to_join")) or _fi(referral.get("how"))
    if referral.get("self_referral") is True:
        return "Perhe voi ottaa yhteyttä itse." + (f" {how}" if how else "")
    if referral.get("self_referral") is False:
        return "Tarvitaan ammattilaisen ohjaus." + (f" {how}" if how else "")
    return how


def _description(o: dict[str, Any], summary: Any, register: dict[str, Any]) -> str:
    """An organisation's description: its summary (its own, else its web pages'), else its description,
    with the register's word when it has ceased."""
    description = _fi(o.get("summary")) or _fi(summary.value if summary else None) or _fi(o.get("description")) \
        or AWAITING
    if register.get("status") == "ended":
        description = (description + " " if description else "") + \
            f"YTJ: lakannut {register.get('ended', '')} (haettu {register['fetched']})."
    return description


class Records:
    """HSDS records by table, and the records that belong to one record, nested as the API gives them."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def children(self, table: str, key: str, value: str) -> list[dict[str, Any]]:
        """The records of `table` whose `key` is `value`."""
        return [record for record in self.tables[table] if record.get(key) == value]

    def _with_attributes(self, record: dict[str, Any]) -> dict[str, Any]:
        attributes = self.children("attribute", "link_id", record["id"])  # terms are listed in taxonomy_terms.json
        out = dict(record)
        if attributes:
            out["attributes"] = attributes
        metadata = self.children("metadata", "resource_id", record["id"])
        if metadata:
            out["metadata"] = metadata
        return out

    def location_record(self, location: dict[str, Any]) -> dict[str, Any]:
        """A location with its addresses and accessibility nested, as the HSDS API gives it."""
        out = dict(location)
        for table, key in (("address", "addresses"), ("accessibility", "accessibility")):
            found = self.children(table, "location_id", location["id"])
            if found:
                out[key] = found
        return out

    def service_at_location_record(self, link: dict[str, Any]) -> dict[str, Any]:
        return {**link, "location": self.location_record(self.children("location", "id", link["location_id"])[0])}

    def service_record(self, service: dict[str, Any]) -> dict[str, Any]:
        """A service with what belongs to it; its organisation is named by `organization_id`."""
        out = self._with_attributes(service)
        for table, key in (("phone", "phones"), ("schedule", "schedules"), ("service_area", "service_areas"),
                           ("language", "languages"), ("cost_option", "cost_options")):
            found = self.children(table, "service_id", service["id"])
            if found:
                out[key] = found
        places = self.children("service_at_location", "service_id", service["id"])
        if places:
            out["service_at_locations"] = [self.service_at_location_record(p) for p in places]
        return out

    def organization_record(self, organization: dict[str, Any]) -> dict[str, Any]:
        """An organisation with its phones, identifiers and attributes nested, as the HSDS API gives it."""
        out = self._with_attributes(organization)
        for table, key in (("phone", "phones"), ("organization_identifier", "organization_identifiers")):
            found = self.children(table, "organization_id", organization["id"])
            if found:
                out[key] = found
        contacts = []
        for contact in self.children("contact", "organization_id", organization["id"]):
            phones = self.children("phone", "contact_id", contact["id"])
            contacts.append({**contact, **({"phones": phones} if phones else {})})
        if contacts:
            out["contacts"] = contacts
        locations = [self.location_record(l) for l in self.children("location", "organization_id", organization["id"])]
        if locations:
            out["locations"] = locations
        return out


def activities(o: dict[str, Any]) -> list[dict[str, Any]]:
    """An organisation's activities as HSDS services: its own, or one general service when it has
    told how to refer a family or its themes but listed no activity."""
    if o.get("activities"):
        return list(o["activities"])
    if (o.get("referral") or o.get("themes")) and o["status"] != "listed":
        return [{"id": "toiminta", "name": o["name"], "description": o.get("summary"), "general": True}]
    return []


class Dataset:
    """Makes the HSDS records of a directory: the vocabularies once, then one organisation at a
    time (its records refer to no other organisation's), so the whole data set is never in memory."""

    def __init__(self, d: Directory, url: Callable[[str], str]) -> None:
        self.d, self.url = d, url
        self.records = Records()
        """Where `add` puts records: the vocabularies', then each organisation's in turn."""
        self._terms: dict[tuple[str, str], str] = {}
        self._towns = {v["fi"].casefold() for v in d.vocab["areas"].values() if v.get("kind") == "municipality"}
        self._taxonomies()
        self.vocabularies = self.records

    def organization(self, slug: str, o: dict[str, Any]) -> Records:
        """The records of one organisation: itself, its services, contacts, locations and what belongs to them."""
        self.records = Records()
        self._organization(slug, o)
        return self.records

    def add(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Add a record to a table, leaving out empty fields (but the ones HSDS requires, such as a
        metadata record's empty `previous_value`)."""
        required = REQUIRED_EMPTY.get(table, ())
        self.records.tables[table].append({k: v for k, v in record.items() if k in required or v not in (None, "", [])})
        return record

    # ------------------------------------------------------------------ vocabularies

    def _taxonomies(self) -> None:
        for vocab, description in TAXONOMIES:
            taxonomy = hsds_id("taxonomy", vocab)
            self.add("taxonomy", {"id": taxonomy, "name": vocab, "description": description,
                                  "uri": self.url(urls.page("themes")) if vocab == "themes" else None, "version": "1"})
            for key, entry in self.d.vocab[vocab].items():
                term = hsds_id("taxonomy-term", vocab, key)
                self._terms[(vocab, key)] = term
                others = "; ".join(f"{lang}: {entry[lang]}" for lang in ("sv", "en") if entry.get(lang))
                self.add("taxonomy_term", {
                    "id": term, "code": key, "name": entry["fi"], "description": others or entry["fi"],
                    "taxonomy": vocab, "taxonomy_id": taxonomy, "language": "fi",
                    "term_uri": self.url(urls.page("theme", key)) if vocab == "themes" else None})

    def _attributes(self, entity: str, owner: str, vocab: str, keys: list[str]) -> None:
        for key in keys:
            term = self._terms.get((vocab, key))
            if term:
                self.add("attribute", {"id": hsds_id("attribute", owner, vocab, key), "link_id": owner,
                                       "link_type": vocab, "link_entity": entity, "taxonomy_term_id": term})

    # ------------------------------------------------------------------ records

    def _organization(self, slug: str, o: dict[str, Any]) -> None:
        """An organisation with where its facts come from, its identifier, phone, themes, contacts,
        locations and services."""
        oid = hsds_id("organization", slug)
        register = o.get("register") or {}
        reach = webfacts.reach(o)
        summary = webfacts.first(o, "summary")
        self.add("organization", {
            "id": oid, "name": _fi(o["name"]), "alternate_name": o.get("short_name"),
            "description": _description(o, summary, register), "email": reach.email, "website": reach.website,
            "uri": self.url(urls.page("organization", slug)), "legal_status": (register.get("form") or {}).get("fi")})
        self._sources(slug, oid, o, reach, summary)
        self._identifier(slug, oid, o)
        if reach.phone:
            self._phone(oid, "organization_id", reach.phone)
            if reach.phone_fact:
                self._web_metadata(slug, hsds_id("phone", oid), "phone", "number", reach.phone, reach.phone_fact)
        self._attributes("organization", oid, "themes", o.get("themes", []))
        self._attributes("organization", oid, "target-groups", o.get("target_groups", []))
        for contact in o.get("contacts", []):
            self._contact(slug, oid, contact)
        locations = [self._location(slug, oid, place) for place in o.get("locations", [])]
        status = "defunct" if o["status"] == "ended" else "active"
        for activity in activities(o):
            self._service(slug, oid, o, activity, status, locations)

    def _sources(self, slug: str, oid: str, o: dict[str, Any], reach: webfacts.Reach,
                 summary: webfacts.Fact | None) -> None:
        """Metadata naming where the organisation's website, e-mail and description come from when it
        did not give them itself: the register, or one of its own web pages and the date it was read."""
        register = o.get("register") or {}
        if reach.website and not o.get("website") and not reach.website_fact:
            self.add("metadata", {
                "id": hsds_id("metadata", slug, "website"), "resource_id": oid, "resource_type": "organization",
                "last_action_date": register["fetched"], "last_action_type": "create", "field_name": "website",
                "previous_value": "", "replacement_value": reach.website,
                "updated_by": "YTJ, Patentti- ja rekisterihallitus (PRH), avoin data CC BY 4.0"})
        for field, fact in (("website", reach.website_fact), ("email", reach.email_fact),
                            ("description", summary if not o.get("summary") else None)):
            if fact:
                value = _fi(fact.value) if field == "description" else fact.value
                self._web_metadata(slug, oid, "organization", field, value, fact)

    def _identifier(self, slug: str, oid: str, o: dict[str, Any]) -> None:
        """The business ID: the organisation's own, the register's, or (with its source) its web pages'."""
        business = o.get("business_id") or (o.get("register") or {}).get("business_id")
        business_fact = None if business else webfacts.first(o, "business_id")
        if not (business or business_fact):
            return
        iid = hsds_id("organization-identifier", slug)
        self.add("organization_identifier", {
            "id": iid, "organization_id": oid, "identifier_scheme": "FI-YTJ", "identifier_type": "Y-tunnus",
            "identifier": business or business_fact.value})
        if business_fact:
            self._web_metadata(slug, iid, "organization_identifier", "identifier", business_fact.value, business_fact)

    def _cost_and_schedule(self, sid: str, activity: dict[str, Any], details: str) -> None:
        """A service's cost option (free, or the cost in words) and its schedule."""
        if activity.get("cost") == "free":
            self.add("cost_option", {"id": hsds_id("cost-option", sid), "service_id": sid, "option": "Maksuton",
                                     "currency": "EUR", "amount": 0})
        elif details:
            self.add("cost_option", {"id": hsds_id("cost-option", sid), "service_id": sid, "amount_description": details})
        if activity.get("schedule"):
            self.add("schedule", {"id": hsds_id("schedule", sid), "service_id": sid, "description": _fi(activity["schedule"]),
                                  "timezone": 3, "attending_type": "online" if activity.get("online") else None})

    def _web_metadata(self, slug: str, resource: str, kind: str, field: str, value: str, fact: webfacts.Fact) -> None:
        """A metadata record naming the organisation's own web page a value was read from, and the date."""
        self.add("metadata", {
            "id": hsds_id("metadata", slug, kind, field), "resource_id": resource, "resource_type": kind,
            "last_action_date": fact.read, "last_action_type": "create", "field_name": field,
            "previous_value": "", "replacement_value": value,
            "updated_by": f"Järjestön oma verkkosivu {fact.url}, luettu {fact.read}; järjestö ei ole vahvistanut"})

    def _phone(self, owner: str, key: str, number: str) -> None:
        self.add("phone", {"id": hsds_id("phone", owner), key: owner, "number": normalise_phone(number) or number})

    def _contact(self, slug: str, oid: str, person: dict[str, Any]) -> None:
        cid = hsds_id("contact", slug, item_key(person, "name"))
        self.add("contact", {"id": cid, "organization_id": oid, "name": person["name"], "title": _fi(person.get("title")),
                             "department": _fi(person.get("responsibilities")), "email": person.get("email")})
        if person.get("phone"):
            self._phone(cid, "contact_id", person["phone"])

    def _location(self, slug: str, oid: str, place: dict[str, Any]) -> str:
        lid = hsds_id("location", slug, item_key(place, "street", "city"))
        self.add("location", {"id": lid, "location_type": "physical", "organization_id": oid,
                              "name": _fi(place.get("name")) or place["street"]})
        towns = self._towns
        self.add("address", {
            "id": hsds_id("address", lid), "location_id": lid, "address_1": place["street"], "city": place["city"],
            "state_province": "Uusimaa" if place["city"].casefold() in towns else "",
            "postal_code": str(place.get("postal_code", "")), "country": "FI", "address_type": "physical"})
        if place.get("accessibility"):
            self.add("accessibility", {"id": hsds_id("accessibility", lid), "location_id": lid,
                                       "description": _fi(place["accessibility"])})
        return lid

    def _service(self, slug: str, oid: str, o: dict[str, Any], activity: dict[str, Any], status: str,
                 locations: list[str]) -> None:
        """One activity as a service, with its costs, schedule, areas, languages, places and themes."""
        sid = hsds_id("service", slug, item_key(activity, "name"))
        how = _application(o, activity)
        fees = {"free": "Maksuton", "fee": "Maksullinen"}.get(activity.get("cost", ""), "")
        details = _fi(activity.get("cost_details"))
        ages = activity.get("ages") or (o.get("ages") if activity.get("general") else None) or {}
        groups = activity.get("target_groups") or o.get("target_groups", [])
        self.add("service", {
            "id": sid, "organization_id": oid, "name": _fi(activity["name"]), "description": _fi(activity.get("description")),
            "url": activity.get("url") or self.url(urls.page("organization", slug)) or None, "email": o.get("email"),
            "status": status, "application_process": how,
            "fees_description": ". ".join(p for p in (fees, details) if p),
            "eligibility_description": ", ".join(self.d.vocab["target-groups"].get(g, {}).get("fi", g) for g in groups),
            "minimum_age": ages.get("min"), "maximum_age": ages.get("max")})
        self._cost_and_schedule(sid, activity, details)
        for area in activity.get("areas") or o.get("areas", []):
            entry = self.d.vocab["areas"].get(area, {})
            self.add("service_area", {"id": hsds_id("service-area", sid, area), "service_id": sid,
                                      "name": entry.get("fi", area), "extent_type": "other",
                                      "uri": self.url(urls.page("area", area))})
        for code in activity.get("languages") or o.get("languages", []):
            self.add("language", {"id": hsds_id("language", sid, code), "service_id": sid,
                                  "name": self.d.vocab["languages"].get(code, {}).get("en", code), "code": code})
        for lid in locations:
            self.add("service_at_location", {"id": hsds_id("service-at-location", sid, lid), "service_id": sid,
                                             "location_id": lid})
        self._attributes("service", sid, "themes", o.get("themes", []))
        self._attributes("service", sid, "target-groups", groups)
        if activity.get("format"):
            self._attributes("service", sid, "activity-formats", [activity["format"]])


# ----------------------------------------------------------------------------- publishing


class _Paged:
    """A list published as HSDS API pages: `api/hsds/<name>.json` is page 1, `<name>-page-N.json`
    the others. Each page is written as soon as it is full, so a large list is never all in memory;
    the number of items is known before the first page (every page says it)."""

    def __init__(self, name: str, total_items: int) -> None:
        self.name, self.total_items = name, total_items
        self.total_pages = max(1, -(-total_items // PAGE_SIZE))
        self.number, self.added = 1, 0
        self.items: list[bytes] = []

    def add(self, record: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
        """Add a record; gives the page it filled, if it filled one."""
        self.items.append(compact_json(record))
        self.added += 1
        if len(self.items) == PAGE_SIZE:
            yield self._page()

    def close(self) -> Iterator[tuple[str, bytes]]:
        """The last page, unless the last record filled it."""
        if self.added != self.total_items:
            raise AssertionError(f"HSDS {self.name}: {self.added} records, {self.total_items} counted")
        if self.items or not self.total_items:
            yield self._page()

    def _page(self) -> tuple[str, bytes]:
        number = self.number
        head = {"total_items": self.total_items, "total_pages": self.total_pages, "page_number": number,
                "size": len(self.items), "first_page": number == 1, "last_page": number == self.total_pages,
                "empty": not self.total_items}
        data = compact_json(head)[:-1] + b',"contents":[' + b",".join(self.items) + b"]}\n"
        self.items, self.number = [], number + 1
        return (f"api/hsds/{self.name}.json" if number == 1 else f"api/hsds/{self.name}-page-{number}.json"), data


class _Table:
    """One table of the tabular form: CSV written to an unnamed temporary file as the rows come, so
    that a large table is not held in memory, and read back in pieces when it is published."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self.text = io.TextIOWrapper(tempfile.TemporaryFile(), encoding="utf-8", newline="")
        self.writer = csv.writer(self.text, lineterminator="\r\n")
        self.writer.writerow(fields)

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.writer.writerows([_cell(row.get(f)) for f in self.fields] for row in rows)

    def data(self) -> Iterator[bytes]:
        """The table's bytes in pieces; the temporary file is closed (and so gone) after the last."""
        with self.text:
            self.text.flush()
            self.text.buffer.seek(0)
            yield from iter(lambda: self.text.buffer.read(1 << 20), b"")


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _resources() -> list[dict[str, Any]]:
    """The tables of the tabular package: HSDS's own descriptors of the tables this data set fills,
    with only the foreign keys between them."""
    reference = json.loads((SCHEMA_DIR / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    resources = []
    for resource in reference["resources"]:
        if resource["name"] not in TABLES:
            continue
        keys = [k for k in resource["schema"].get("foreignKeys", []) if k["reference"]["resource"] in TABLES
                or k["reference"]["resource"] == ""]
        resources.append({**resource, "schema": {**resource["schema"], "foreignKeys": keys}})
    return resources


def _package(resources: list[dict[str, Any]], url: Callable[[str], str]) -> bytes:
    """The tabular package's datapackage.json, which frictionless and HSDS tools read."""
    package = {
        "name": "hakemisto-hsds", "title": "Lapsi- ja perhejärjestöt Uudellamaalla (HSDS 3.0)",
        "description": "The directory of NGOs working with children and families in Uusimaa, as Open Referral HSDS 3.0.",
        "profile": "tabular-data-package", "version": VERSION, **({"homepage": url(urls.page("data"))} if url("") else {}),
        "licenses": [LICENCE], "resources": resources}
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def hsds_files(d: Directory, url: Callable[[str], str]) -> Iterator[tuple[str, FileData]]:
    """Every HSDS file: the API's index, paged lists of full records (each page written when it is
    full), the tabular package (one CSV per table and its datapackage.json)."""
    yield "api/hsds/index.json", compact_json({k: v for k, v in {
        "version": VERSION, "profile": url(urls.page("data")),
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        "licence": LICENCE["path"]}.items() if v}) + b"\n"
    organizations = sorted(d.content.organizations.items())
    dataset = Dataset(d, url)
    vocabularies = dataset.vocabularies.tables
    lists = {
        "organizations": _Paged("organizations", len(organizations)),
        "services": _Paged("services", sum(len(activities(doc.data)) for _slug, doc in organizations)),
        "service_at_locations": _Paged("service_at_locations", sum(
            len(activities(doc.data)) * len(doc.data.get("locations", [])) for _slug, doc in organizations)),
        "taxonomies": _Paged("taxonomies", len(vocabularies["taxonomy"])),
        "taxonomy_terms": _Paged("taxonomy_terms", len(vocabularies["taxonomy_term"])),
    }
    resources = _resources()
    tables = {r["name"]: _Table([f["name"] for f in r["schema"]["fields"]]) for r in resources}
    each = (dataset.organization(slug, doc.data) for slug, doc in organizations)
    for records in itertools.chain([dataset.vocabularies], each):  # one organisation's records at a time
        for name, rows in records.tables.items():
            tables[name].add(rows)
        for row in records.tables["organization"]:
            yield from lists["organizations"].add(records.organization_record(row))
        for row in records.tables["service"]:
            yield from lists["services"].add(records.service_record(row))
        for row in records.tables["service_at_location"]:
            yield from lists["service_at_locations"].add(records.service_at_location_record(row))
        for row in records.tables["taxonomy"]:
            yield from lists["taxonomies"].add(row)
        for row in records.tables["taxonomy_term"]:
            yield from lists["taxonomy_terms"].add(row)
    for paged in lists.values():
        yield from paged.close()
    for resource in resources:
        yield f"api/hsds/tabular/{resource['path']}", tables[resource["name"]].data()
    yield "api/hsds/tabular/datapackage.json", _package(resources, url)

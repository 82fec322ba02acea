"""The directory as an Open Referral HSDS 3.0 data set: organisations, their services (activities),
locations, contacts, phones, schedules, service areas, languages, costs, and the network's
vocabularies as taxonomies with attributes linking them.

The data set is made once as tables (one list of flat records per HSDS table) and published in the
two forms HSDS tools read: JSON shaped as the HSDS API answers (`api/hsds/index.json` with the
version, then paged lists of full records), and the tabular form (`api/hsds/tabular/*.csv` with a
`datapackage.json` describing them). Ids are UUIDs derived from what the content says a thing is
(an organisation's id, an activity's, contact's or location's own `id` or else its name), never
from its place in a list, so deleting or reordering one item changes no other item's id.
"""
from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from . import i18n, urls
from .model import Directory
from .output import spreadsheet_safe
from .schema import SCHEMA_DIR, normalise_phone
from .slug import slugify

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
    """A stable UUID for a record, derived from what identifies it (RFC 4122 version 5)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def item_key(item: dict[str, Any], *fields: str) -> str:
    """What identifies an activity, contact or location within its organisation: its own `id`, else
    its name (or street and city), written as an id."""
    if item.get("id"):
        return str(item["id"])
    return slugify(" ".join(i18n.text(item.get(f), "fi") for f in fields if item.get(f))) or "item"


def _fi(value: Any) -> str:
    return i18n.text(value, "fi") if value is not None else ""


class Dataset:
    """The HSDS tables of one directory."""

    def __init__(self, d: Directory, url: Callable[[str], str]) -> None:
        self.d, self.url = d, url
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self._terms: dict[tuple[str, str], str] = {}
        self._index: dict[tuple[str, str], dict[Any, list[dict[str, Any]]]] = {}
        self._towns = {v["fi"].casefold() for v in d.vocab["areas"].values() if v.get("kind") == "municipality"}
        self._taxonomies()
        for slug, doc in sorted(d.content.organizations.items()):
            self._organization(slug, doc.data)

    def add(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """Add a record to a table, leaving out empty fields (but the ones HSDS requires, such as a
        metadata record's empty `previous_value`)."""
        required = REQUIRED_EMPTY.get(table, ())
        self.tables[table].append({k: v for k, v in record.items() if k in required or v not in (None, "", [])})
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
        oid = hsds_id("organization", slug)
        register = o.get("register") or {}
        description = _fi(o.get("summary")) or _fi(o.get("description")) or AWAITING
        if register.get("status") == "ended":
            description = (description + " " if description else "") + \
                f"YTJ: lakannut {register.get('ended', '')} (haettu {register['fetched']})."
        website = o.get("website") or register.get("website")
        self.add("organization", {
            "id": oid, "name": _fi(o["name"]), "alternate_name": o.get("short_name"), "description": description,
            "email": o.get("email"), "website": website, "uri": self.url(urls.page("organization", slug)),
            "legal_status": (register.get("form") or {}).get("fi")})
        if website and not o.get("website"):
            self.add("metadata", {
                "id": hsds_id("metadata", slug, "website"), "resource_id": oid, "resource_type": "organization",
                "last_action_date": register["fetched"], "last_action_type": "create", "field_name": "website",
                "previous_value": "", "replacement_value": website,
                "updated_by": "YTJ, Patentti- ja rekisterihallitus (PRH), avoin data CC BY 4.0"})
        business = o.get("business_id") or register.get("business_id")
        if business:
            self.add("organization_identifier", {
                "id": hsds_id("organization-identifier", slug), "organization_id": oid,
                "identifier_scheme": "FI-YTJ", "identifier_type": "Y-tunnus", "identifier": business})
        if o.get("phone"):
            self._phone(oid, "organization_id", o["phone"])
        self._attributes("organization", oid, "themes", o.get("themes", []))
        self._attributes("organization", oid, "target-groups", o.get("target_groups", []))
        for contact in o.get("contacts", []):
            self._contact(slug, oid, contact)
        locations = [self._location(slug, oid, place) for place in o.get("locations", [])]
        status = "defunct" if o["status"] == "ended" else "active"
        activities = list(o.get("activities", []))
        if not activities and (o.get("referral") or o.get("themes")) and o["status"] != "listed":
            activities = [{"id": "toiminta", "name": o["name"], "description": o.get("summary"), "general": True}]
        for activity in activities:
            self._service(slug, oid, o, activity, status, locations)

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
        sid = hsds_id("service", slug, item_key(activity, "name"))
        referral = o.get("referral") or {}
        how = _fi(activity.get("how_to_join")) or _fi(referral.get("how"))
        if referral.get("self_referral") is True:
            how = "Perhe voi ottaa yhteyttä itse." + (f" {how}" if how else "")
        elif referral.get("self_referral") is False:
            how = "Tarvitaan ammattilaisen ohjaus." + (f" {how}" if how else "")
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
        if activity.get("cost") == "free":
            self.add("cost_option", {"id": hsds_id("cost-option", sid), "service_id": sid, "option": "Maksuton",
                                     "currency": "EUR", "amount": 0})
        elif details:
            self.add("cost_option", {"id": hsds_id("cost-option", sid), "service_id": sid, "amount_description": details})
        if activity.get("schedule"):
            self.add("schedule", {"id": hsds_id("schedule", sid), "service_id": sid, "description": _fi(activity["schedule"]),
                                  "timezone": 3, "attending_type": "online" if activity.get("online") else None})
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

    # ------------------------------------------------------------------ nested records

    def _children(self, table: str, key: str, value: str) -> list[dict[str, Any]]:
        """The records of `table` whose `key` is `value` (an index per table and key, made once)."""
        index = self._index.get((table, key))
        if index is None:
            index = self._index[(table, key)] = {}
            for record in self.tables[table]:
                index.setdefault(record.get(key), []).append(record)
        return index.get(value, [])

    def _with_attributes(self, record: dict[str, Any]) -> dict[str, Any]:
        attributes = self._children("attribute", "link_id", record["id"])  # terms are listed in taxonomy_terms.json
        out = dict(record)
        if attributes:
            out["attributes"] = attributes
        metadata = self._children("metadata", "resource_id", record["id"])
        if metadata:
            out["metadata"] = metadata
        return out

    def location_record(self, location: dict[str, Any]) -> dict[str, Any]:
        out = dict(location)
        for table, key in (("address", "addresses"), ("accessibility", "accessibility")):
            found = self._children(table, "location_id", location["id"])
            if found:
                out[key] = found
        return out

    def service_record(self, service: dict[str, Any]) -> dict[str, Any]:
        """A service with what belongs to it; its organisation is named by `organization_id`."""
        out = self._with_attributes(service)
        for table, key in (("phone", "phones"), ("schedule", "schedules"), ("service_area", "service_areas"),
                           ("language", "languages"), ("cost_option", "cost_options")):
            found = self._children(table, "service_id", service["id"])
            if found:
                out[key] = found
        places = self._children("service_at_location", "service_id", service["id"])
        if places:
            out["service_at_locations"] = [
                {**p, "location": self.location_record(self._children("location", "id", p["location_id"])[0])} for p in places]
        return out

    def organization_record(self, organization: dict[str, Any]) -> dict[str, Any]:
        out = self._with_attributes(organization)
        for table, key in (("phone", "phones"), ("organization_identifier", "organization_identifiers")):
            found = self._children(table, "organization_id", organization["id"])
            if found:
                out[key] = found
        contacts = []
        for contact in self._children("contact", "organization_id", organization["id"]):
            phones = self._children("phone", "contact_id", contact["id"])
            contacts.append({**contact, **({"phones": phones} if phones else {})})
        if contacts:
            out["contacts"] = contacts
        locations = [self.location_record(l) for l in self._children("location", "organization_id", organization["id"])]
        if locations:
            out["locations"] = locations
        return out


# ----------------------------------------------------------------------------- publishing


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _pages(name: str, records: list[dict[str, Any]],
           full: Callable[[dict[str, Any]], dict[str, Any]] = lambda r: r) -> Iterator[tuple[str, bytes]]:
    """A list as HSDS API pages: `api/hsds/<name>.json` is page 1, `<name>-page-N.json` the others;
    each page's full records are made as it is written, so a large list is never all in memory."""
    total = max(1, -(-len(records) // PAGE_SIZE))
    for number in range(1, total + 1):
        contents = [full(r) for r in records[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]]
        page = {"total_items": len(records), "total_pages": total, "page_number": number, "size": len(contents),
                "first_page": number == 1, "last_page": number == total, "empty": not records, "contents": contents}
        yield (f"api/hsds/{name}.json" if number == 1 else f"api/hsds/{name}-page-{number}.json"), _json(page)


def _csv(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _package(dataset: Dataset, url: Callable[[str], str]) -> Iterator[tuple[str, bytes]]:
    """The tabular form: one CSV per table and a datapackage.json (HSDS's own descriptor, trimmed to
    the tables here) that frictionless and HSDS tools read."""
    reference = json.loads((SCHEMA_DIR / "hsds" / "datapackage.json").read_text(encoding="utf-8"))
    resources = []
    for resource in reference["resources"]:
        if resource["name"] not in TABLES:
            continue
        fields = [f["name"] for f in resource["schema"]["fields"]]
        keys = [k for k in resource["schema"].get("foreignKeys", []) if k["reference"]["resource"] in TABLES
                or k["reference"]["resource"] == ""]
        resources.append({**resource, "schema": {**resource["schema"], "foreignKeys": keys}})
        yield f"api/hsds/tabular/{resource['path']}", _csv(dataset.tables[resource["name"]], fields)
    package = {
        "name": "hakemisto-hsds", "title": "Lapsi- ja perhejärjestöt Uudellamaalla (HSDS 3.0)",
        "description": "The directory of NGOs working with children and families in Uusimaa, as Open Referral HSDS 3.0.",
        "profile": "tabular-data-package", "version": VERSION, **({"homepage": url(urls.page("data"))} if url("") else {}),
        "licenses": [LICENCE], "resources": resources}
    yield "api/hsds/tabular/datapackage.json", json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def hsds_files(d: Directory, url: Callable[[str], str]) -> Iterator[tuple[str, bytes]]:
    """Every HSDS file, one at a time: the API's index, paged lists of full records, the tabular package."""
    dataset = Dataset(d, url)
    yield "api/hsds/index.json", _json({k: v for k, v in {
        "version": VERSION, "profile": url(urls.page("data")),
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        "licence": LICENCE["path"]}.items() if v})
    yield from _pages("organizations", dataset.tables["organization"], dataset.organization_record)
    yield from _pages("services", dataset.tables["service"], dataset.service_record)
    yield from _pages("service_at_locations", dataset.tables["service_at_location"], lambda p: {
        **p, "location": dataset.location_record(dataset._children("location", "id", p["location_id"])[0])})
    yield from _pages("taxonomies", dataset.tables["taxonomy"])
    yield from _pages("taxonomy_terms", dataset.tables["taxonomy_term"])
    yield from _package(dataset, url)

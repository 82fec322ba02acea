"""Open data exports, each read back by an independent parser: json + jsonschema, csv,
icalendar, XML for Atom, and the HSDS 3.0 schema files."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator, Draft7Validator
from referencing import Registry, Resource

from conftest import VALID
from sitebuild import build, build_fixture

HSDS = Path(__file__).resolve().parent / "hsds-3.0"
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://esimerkki.github.io/hakemisto/"
NET = "networks/kuvitteellinen-verkosto.yaml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory, base_url=BASE)


@pytest.mark.parametrize("name,key,count", [("organizations", "organizations", 4), ("networks", "networks", 2)])
def test_json_api_validates_against_published_schema(site: Path, name: str, key: str, count: int) -> None:
    data = json.loads((site / "api" / f"{name}.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "api" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert errors == []
    assert data["version"] == 1 and len(data[key]) == count
    ids = [item["id"] for item in data[key]]
    assert ids == sorted(ids)
    broken = json.loads(json.dumps(data))
    broken[key][0]["surprise"] = 1
    assert list(Draft202012Validator(schema).iter_errors(broken))


def test_full_organisation_record_keeps_every_field(site: Path) -> None:
    data = json.loads((site / "api" / "organizations.json").read_text(encoding="utf-8"))
    full = next(o for o in data["organizations"] if o["id"] == "kuvitteellinen-perheyhdistys")
    assert set(full) == {"id", "name", "short_name", "business_id", "status", "summary", "description", "website",
                         "links", "email", "phone", "themes", "target_groups", "areas", "languages", "referral",
                         "activities", "contacts", "locations", "reviewed"}


def _csv(site: Path, name: str) -> list[dict[str, str]]:
    raw = (site / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_files(site: Path) -> None:
    orgs = _csv(site, "organizations.csv")
    assert [r["id"] for r in orgs] == ["aaltoilevat-perheet", "kuvitteellinen-perheyhdistys", "odottava-yhdistys",
                                       "zeta-saatio"]
    full = orgs[1]
    assert full["name_sv"] == "Fiktiva Familjeföreningen rf" and full["themes"] == "erityista-tukea-tarvitsevat;mielenterveys"
    assert full["self_referral"] == "yes" and full["url"] == BASE + "jarjestot/kuvitteellinen-perheyhdistys/"
    contacts = _csv(site, "contacts.csv")
    assert [(c["organization_id"], c["name"]) for c in contacts] == [
        ("kuvitteellinen-perheyhdistys", "Maija Meikäläinen"), ("kuvitteellinen-perheyhdistys", "Matti Mallikas")]
    members = _csv(site, "network-members.csv")
    assert len(members) == 6
    body = next(m for m in members if not m["organization_id"])
    assert body["member"] == "Kuvitteellisen hyvinvointialueen perhekeskuksen johto" and body["role"] == "vice-chair"


def _events(raw: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(raw)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_icalendar_round_trip_and_shape(site: Path) -> None:
    raw = (site / "calendar.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    assert cal.to_ical() == raw
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = _events(raw)
    assert set(events) == {"kuvitteellinen-verkosto.johto-2026-kevat@hakemisto",
                           "kuvitteellinen-verkosto.seminaari-2027@hakemisto",
                           "kuvitteellinen-verkosto.tyopaja-2025@hakemisto"}
    seminar = events["kuvitteellinen-verkosto.seminaari-2027@hakemisto"]
    start = seminar.decoded("DTSTART")
    assert start.isoformat() == "2027-02-15T09:00:00+02:00" and str(start.tzinfo) == "Europe/Helsinki"
    assert seminar.decoded("DTSTAMP").isoformat() == "2026-09-01T00:00:00+00:00"
    assert "Ohjelma julkaistaan tammikuussa." in str(seminar["DESCRIPTION"])
    assert str(seminar["URL"]) == "https://example.org/verkosto/etayhteys"
    workshop = events["kuvitteellinen-verkosto.tyopaja-2025@hakemisto"]
    assert workshop.decoded("DTSTART").isoformat() == "2025-11-20"
    per_network = _events((site / "kalenteri" / "kuvitteellinen-verkosto.ics").read_bytes())
    assert set(per_network) == set(events)
    assert _events((site / "kalenteri" / "teemaryhma.ics").read_bytes()) == {}


def test_meeting_keeps_uid_when_date_and_title_change(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    before = set(_events((build(root, tmp_path / "a") / "calendar.ics").read_bytes()))
    text = (root / NET).read_text(encoding="utf-8")
    text = text.replace("date: 2027-02-15", "date: 2027-03-01").replace("Perhekeskusseminaari", "Siirretty seminaari")
    (root / NET).write_text(text, encoding="utf-8")
    after_events = _events((build(root, tmp_path / "b") / "calendar.ics").read_bytes())
    assert set(after_events) == before
    moved = after_events["kuvitteellinen-verkosto.seminaari-2027@hakemisto"]
    assert moved.decoded("DTSTART").date().isoformat() == "2027-03-01"


@pytest.mark.parametrize("prefix,lang", [("", "fi"), ("sv/", "sv"), ("en/", "en")])
def test_atom_feed(site: Path, prefix: str, lang: str) -> None:
    root = ET.parse(site / prefix / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == BASE + prefix + "feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 7  # two reviewed profiles, three meetings, two published minutes
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}link").get("href").startswith(BASE)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)


def _hsds_validator(name: str) -> Draft7Validator:
    resources = [(p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=_DRAFT))
                 for p in HSDS.glob("*.json")]
    registry = Registry().with_resources(resources)
    return Draft7Validator(registry.contents(f"{name}.json"), registry=registry)


from referencing.jsonschema import DRAFT7 as _DRAFT  # noqa: E402


HSDS_LISTS = (("organizations", "organization"), ("services", "service"), ("service_at_locations", "service_at_location"),
              ("taxonomies", "taxonomy"), ("taxonomy_terms", "taxonomy_term"))


def _hsds_page(site: Path, name: str) -> list[dict]:
    page = json.loads((site / "api" / "hsds" / f"{name}.json").read_text(encoding="utf-8"))
    assert page["page_number"] == 1 and page["total_pages"] == 1 and page["first_page"] and page["last_page"]
    assert page["size"] == len(page["contents"]) == page["total_items"]
    return page["contents"]


def test_hsds_records_validate(site: Path) -> None:
    index = json.loads((site / "api" / "hsds" / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == "3.0" and index["profile"] == BASE + "data/"
    for name, schema in HSDS_LISTS:
        validator = _hsds_validator(schema)
        for record in _hsds_page(site, name):
            assert list(validator.iter_errors(record)) == [], (name, record.get("name"))
    organizations, services = _hsds_page(site, "organizations"), _hsds_page(site, "services")
    assert len(organizations) == 4
    full = next(o for o in organizations if o["name"] == "Kuvitteellinen Perheyhdistys ry")
    assert full["phones"][0]["number"] == "+35891234567" and full["uri"] == BASE + "jarjestot/kuvitteellinen-perheyhdistys/"
    assert [c["name"] for c in full["contacts"]] == ["Maija Meikäläinen", "Matti Mallikas"]
    assert full["locations"][0]["addresses"][0]["state_province"] == "Uusimaa"
    codes = {t["id"]: t["code"] for t in _hsds_page(site, "taxonomy_terms")}
    assert {codes[a["taxonomy_term_id"]] for a in full["attributes"]} >= {"mielenterveys"}
    group = next(s for s in services if s["name"] == "Vanhempien vertaisryhmä")
    assert group["organization_id"] == full["id"] and group["minimum_age"] == 0 and group["maximum_age"] == 17
    assert [l["code"] for l in group["languages"]] == ["fi"]
    assert group["service_areas"] and group["application_process"]
    assert {a["link_type"] for a in group["attributes"]} >= {"themes", "target-groups", "activity-formats"}
    assert group["service_at_locations"][0]["location"]["addresses"][0]["city"]
    terms = _hsds_page(site, "taxonomy_terms")
    assert {t["taxonomy"] for t in terms} == {"themes", "target-groups", "activity-formats"}
    listed = next(o for o in organizations if o["name"] == "Odottava Yhdistys")
    assert listed["description"].startswith("Järjestö ei ole vielä täydentänyt")
    bad = dict(full, id=123)
    assert list(_hsds_validator("organization").iter_errors(bad))


@pytest.mark.parametrize("items", [0, 1, 3, 4, 5])
def test_hsds_pages_split_a_list_as_the_api_does(monkeypatch: pytest.MonkeyPatch, items: int) -> None:
    from hakemisto.data import hsds

    monkeypatch.setattr(hsds, "PAGE_SIZE", 2)
    paged = hsds._Paged("services", items)
    files = [f for n in range(items) for f in paged.add({"id": str(n), "name": f"Palvelu \"{n}\" – ä"})]
    files += list(paged.close())
    pages = [json.loads(data) for _path, data in files]
    assert [path for path, _data in files] == ["api/hsds/services.json"] + [
        f"api/hsds/services-page-{n}.json" for n in range(2, len(files) + 1)]
    assert len(pages) == max(1, -(-items // 2))
    assert [r["id"] for p in pages for r in p["contents"]] == [str(n) for n in range(items)]
    for number, page in enumerate(pages, 1):
        assert page == {"total_items": items, "total_pages": len(pages), "page_number": number,
                        "size": len(page["contents"]), "first_page": number == 1, "last_page": number == len(pages),
                        "empty": items == 0, "contents": page["contents"]}
    with pytest.raises(AssertionError):  # a count that does not match the records is a bug, never a wrong file
        list(hsds._Paged("services", items + 1).close())


def test_hsds_tabular_package_passes_frictionless(site: Path) -> None:
    from frictionless import validate

    package = site / "api" / "hsds" / "tabular" / "datapackage.json"
    report = validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["version"] == "3.0"
    names = {r["name"] for r in descriptor["resources"]}
    assert {"organization", "service", "location", "contact", "taxonomy_term", "attribute", "service_at_location"} <= names


def _ids(tmp_path: Path, content: Path, name: str) -> dict[str, str]:
    site = build(content, tmp_path / name)
    out = {}
    for listing, key in (("organizations", "contacts"), ("services", None)):
        for record in _hsds_page(site, listing):
            if key:
                for item in record.get(key, []):
                    out[f"contact:{item['name']}"] = item["id"]
                for item in record.get("locations", []):
                    out[f"location:{item['name']}"] = item["id"]
            else:
                out[f"service:{record['name']}"] = record["id"]
    return out


def test_hsds_ids_follow_the_thing_not_its_place(content: Path, tmp_path: Path) -> None:
    import yaml

    before = _ids(tmp_path, content, "a")
    path = content / "organizations" / "kuvitteellinen-perheyhdistys.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(data["contacts"]) >= 2 and len(data["activities"]) >= 1
    data["contacts"] = [c for c in reversed(data["contacts"]) if c["name"] != "Maija Meikäläinen"]  # reorder and remove
    data["activities"] = list(reversed(data["activities"]))
    data["locations"] = list(reversed(data.get("locations", [])))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = _ids(tmp_path, content, "b")
    assert len(after) < len(before) or len(data["contacts"]) < 2
    for key, value in after.items():
        assert before[key] == value, key


def test_two_items_with_the_same_key_are_refused(content: Path) -> None:
    from hakemisto.content.check import check

    path = content / "organizations" / "kuvitteellinen-perheyhdistys.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Matti Mallikas", "name: Maija Meikäläinen"), encoding="utf-8")
    assert "item-key-twice" in [p.code for p in check(content)[1]]

def test_exports_are_deterministic_and_ids_stable(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    first, second = build(root, tmp_path / "a", base_url=BASE), build(root, tmp_path / "b", base_url=BASE)
    for name in ("api/organizations.json", "api/hsds/organizations.json", "api/hsds/services.json",
                 "data/organizations.csv", "calendar.ics", "feed.xml", "sv/feed.xml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_hsds_ids_are_uuid5() -> None:
    import uuid

    from hakemisto.data.hsds import NAMESPACE, hsds_id

    for parts in [("organization", "kuvitteellinen-perheyhdistys"), ("language", "x", "fi"), ("ö", "å"), ("",),
                  ("service", "yhdistys-ry", "äiti-ja-lapsi ryhmä 😊"), ("feed", "sv")]:
        assert hsds_id(*parts) == str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def test_large_files_are_written_in_pieces_that_make_the_same_json(site: Path) -> None:
    """The API and HSDS files are made one record at a time; joined they are exactly the compact
    JSON of the whole document."""
    for relative in ("api/organizations.json", "api/networks.json", "api/hsds/organizations.json",
                     "api/hsds/services.json"):
        raw = (site / relative).read_bytes()
        whole = json.loads(raw)
        assert raw == (json.dumps(whole, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"), relative


def test_register_facts_travel_with_their_source(tmp_path_factory: pytest.TempPathFactory) -> None:
    from conftest import FIXTURES

    site = build_fixture(tmp_path_factory, base_url=BASE, overlays=(FIXTURES / "register",))
    api = json.loads((site / "api" / "organizations.json").read_text(encoding="utf-8"))
    entry = next(o for o in api["organizations"] if o["id"] == "kuvitteellinen-lastensaatio")
    assert entry["register"]["source"] == "ytj" and entry["register"]["fetched"] == "2026-12-01"
    assert "website" not in entry  # the organisation's own fields stay apart from the register's
    rows = list(csv.DictReader(io.StringIO((site / "data" / "organizations.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "kuvitteellinen-lastensaatio")
    assert (row["website"], row["register_website"], row["register_source"], row["register_fetched"]) == (
        "", "https://kuvitteellinen-lastensaatio.example", "ytj", "2026-12-01")
    assert row["register_address"] == "Kuvitelmantie 1, 02100 ESPOO"
    hsds = json.loads((site / "api" / "hsds" / "organizations.json").read_text(encoding="utf-8"))["contents"]
    record = next(o for o in hsds if o["name"] == "Kuvitteellinen Lastensäätiö")
    assert list(_hsds_validator("organization").iter_errors(record)) == []
    assert record["website"] == "https://kuvitteellinen-lastensaatio.example"
    assert record["metadata"][0]["field_name"] == "website" and "YTJ" in record["metadata"][0]["updated_by"]
    assert record["organization_identifiers"][0]["identifier"] == "7654321-2"
    for entry in hsds:
        for meta in entry.get("metadata", []):
            assert list(_hsds_validator("metadata").iter_errors(meta)) == []


def test_published_schemas_load_in_a_second_validator_in_strict_mode(site: Path) -> None:
    """ajv (npm) in strict mode: no unknown formats, no loose keywords; the fixture data passes."""
    import os
    import subprocess

    from conftest import ROOT

    if not (shutil.which("node") and (ROOT / "node_modules" / "ajv").is_dir()):
        if os.environ.get("CI"):
            pytest.fail("ajv needs Node.js and `npm ci` (make test runs it)")
        pytest.skip("ajv needs Node.js and `npm ci` (make test runs it)")
    for name in ("organizations", "networks"):
        result = subprocess.run(["node", str(ROOT / "tests" / "ajv.cjs"), str(site / "api" / f"{name}.schema.json"),
                                 str(site / "api" / f"{name}.json")], capture_output=True, text=True, check=True)
        report = json.loads(result.stdout)
        assert report["schemaErrors"] is None and report["documents"][0][1] == [], (name, report)


def test_published_schemas_use_only_standard_formats_that_the_data_meets(site: Path) -> None:
    from jsonschema import FormatChecker

    for name in ("organizations", "networks"):
        schema = json.loads((site / "api" / f"{name}.schema.json").read_text(encoding="utf-8"))
        formats = set(re.findall(r'"format": "([^"]+)"', json.dumps(schema)))
        assert formats <= {"date", "email"}, formats
        data = json.loads((site / "api" / f"{name}.json").read_text(encoding="utf-8"))
        assert list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)) == []


def test_json_api_writes_every_localised_text_in_one_shape(site: Path) -> None:
    data = json.loads((site / "api" / "organizations.json").read_text(encoding="utf-8"))["organizations"]
    assert all(isinstance(o["name"], dict) and "fi" in o["name"] for o in data)
    full = next(o for o in data if o["id"] == "kuvitteellinen-perheyhdistys")
    assert isinstance(full["contacts"][0]["name"], str) and isinstance(full["contacts"][0]["title"], dict)
    assert all(isinstance(a["name"], dict) for a in full["activities"])


def _git(root: Path, *args: str, when: str = "2026-01-01T10:00:00+02:00") -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Testi",
           "GIT_AUTHOR_EMAIL": "testi@example.org", "GIT_COMMITTER_NAME": "Testi", "GIT_COMMITTER_EMAIL": "testi@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_a_rescheduled_meeting_gets_a_new_stamp_and_sequence(tmp_path: Path) -> None:
    from icalendar import Calendar

    root = tmp_path / "repo" / "content"
    shutil.copytree(VALID, root)
    _git(root.parent, "init", "-q")
    _git(root.parent, "add", "-A")
    _git(root.parent, "commit", "-q", "-m", "first")

    def event(site: Path) -> object:
        events = Calendar.from_ical((site / "calendar.ics").read_bytes()).walk("VEVENT")
        return next(e for e in events if str(e["uid"]) == "kuvitteellinen-verkosto.johto-2026-kevat@hakemisto")

    before = event(build(root, tmp_path / "a", base_url=BASE))
    assert event(build(root, tmp_path / "b", base_url=BASE)).to_ical() == before.to_ical()  # reproducible
    net = root / NET
    net.write_text(net.read_text(encoding="utf-8").replace("date: 2026-03-10", "date: 2026-03-12"), encoding="utf-8")
    _git(root.parent, "commit", "-q", "-am", "moved", when="2026-02-03T15:30:00+02:00")
    after = event(build(root, tmp_path / "c", base_url=BASE))
    assert after.decoded("dtstart").date().isoformat() == "2026-03-12"
    assert after.decoded("dtstamp") > before.decoded("dtstamp") and after.decoded("last-modified") > before.decoded("last-modified")
    assert after.decoded("dtstamp").isoformat() == "2026-02-03T13:30:00+00:00"
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    feed = ET.fromstring((tmp_path / "c" / "feed.xml").read_bytes())
    meeting = [e for e in feed.findall(f"{ATOM}entry") if "johto-2026-kevat" in e.find(f"{ATOM}link").get("href")
               and e.find(f"{ATOM}title").text.startswith("Kokous")]
    assert meeting and all(e.find(f"{ATOM}updated").text == "2026-02-03T13:30:00Z" for e in meeting)


def test_data_page_states_the_licence_and_the_basis_for_personal_data(site: Path) -> None:
    from sitebuild import page, text

    for prefix, licence, personal in (("", "CC BY 4.0", "henkilötietoja"), ("en/", "CC BY 4.0", "personal data"),
                                      ("sv/", "CC BY 4.0", "personuppgifter")):
        words = text(page(site, prefix + "data/"))
        assert licence in words and personal in words and ("removed" in words or "poista" in words or "borttagna" in words)
    index = json.loads((site / "api" / "hsds" / "index.json").read_text(encoding="utf-8"))
    assert "creativecommons.org/licenses/by/4.0" in index["licence"]

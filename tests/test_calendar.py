"""Calendar files read the same in independent parsers: summer and winter meetings, also beyond 2037."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import yaml

from sitebuild import build

NET = "networks/kuvitteellinen-verkosto.yaml"
MEETINGS = {  # id: (date, start) in Helsinki → the same moment in UTC
    "kesa-2027": ("2027-07-15", "13:00", datetime(2027, 7, 15, 10, 0, tzinfo=timezone.utc)),
    "talvi-2027": ("2027-01-15", "13:00", datetime(2027, 1, 15, 11, 0, tzinfo=timezone.utc)),
    "kesa-2040": ("2040-07-12", "09:30", datetime(2040, 7, 12, 6, 30, tzinfo=timezone.utc)),
    "talvi-2041": ("2041-12-02", "18:00", datetime(2041, 12, 2, 16, 0, tzinfo=timezone.utc)),
    "vaihto-2030": ("2030-03-31", "12:00", datetime(2030, 3, 31, 9, 0, tzinfo=timezone.utc)),  # the day summer time begins
}


@pytest.fixture(scope="module")
def ics(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import shutil

    from conftest import VALID

    root = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(VALID, root)
    data = yaml.safe_load((root / NET).read_text(encoding="utf-8"))
    data["meetings"] += [{"id": key, "date": day, "start": start, "title": key} for key, (day, start, _) in MEETINGS.items()]
    (root / NET).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = build(root, tmp_path_factory.mktemp("s") / "site")
    return (site / "calendar.ics").read_bytes()


def _uid(key: str) -> str:
    return f"kuvitteellinen-verkosto.{key}@hakemisto"


def test_icalendar_reads_the_times(ics: bytes) -> None:
    from icalendar import Calendar

    events = {str(e["uid"]): e for e in Calendar.from_ical(ics).walk("VEVENT")}
    for key, (_, _, expected) in MEETINGS.items():
        assert events[_uid(key)].decoded("dtstart").astimezone(timezone.utc) == expected, key


def test_vobject_reads_the_times_from_the_embedded_timezone(ics: bytes) -> None:
    """vobject builds the zone from the file's VTIMEZONE with dateutil (not from the system's tz data)."""
    import vobject

    calendar = vobject.readOne(ics.decode("utf-8"))
    found = {event.uid.value: event.dtstart.value for event in calendar.vevent_list}
    for key, (_, _, expected) in MEETINGS.items():
        assert found[_uid(key)].astimezone(timezone.utc) == expected, key


def test_dateutil_reads_the_embedded_timezone_rules(ics: bytes) -> None:
    from dateutil import tz

    text = ics.decode("utf-8")
    block = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE") + len("END:VTIMEZONE")]
    zone = tz.tzical(__import__("io").StringIO(block)).get()
    for _, (day, start, expected) in MEETINGS.items():
        local = datetime.fromisoformat(f"{day}T{start}").replace(tzinfo=zone)
        assert local.astimezone(timezone.utc) == expected, day
    assert "RDATE" not in block and "RRULE" in block

"""The formats the schemas check: business id, phone, e-mail, web address, date, time."""
from __future__ import annotations

import pytest

from hakemisto.content.schema import is_business_id, is_date, is_email, is_http_url, is_phone, is_time, normalise_phone, phone_text


@pytest.mark.parametrize("value,ok", [
    ("1234567-1", True), ("0000000-0", True), ("1234567-2", False), ("123456-1", False), ("1234567 1", False),
])
def test_business_id_checksum(value: str, ok: bool) -> None:
    assert is_business_id(value) is ok


@pytest.mark.parametrize("value,expected", [
    ("09 123 4567", "+35891234567"), ("+358 50 000 0001", "+358500000001"), ("050-000 0001", "+358500000001"),
    ("12345", None), ("puhelin", None), ("+46 8 123 456 78", "+46812345678"),
])
def test_phone_normalised_to_international_form(value: str, expected: str | None) -> None:
    assert normalise_phone(value) == expected


@pytest.mark.parametrize("value", [
    "https://evil.example/ 09 123 4567", "@someone 09 123 4567", "tel:+358401234567", "Puh. 09 123 4567",
    "09 123 4567 (vaihde)", "09 123 4567 <b>", "09\u00a0123 4567", "09 123 4567 ext. 12 ja 13", "+358 40 123 4567 !",
])
def test_phone_with_anything_but_a_number_is_refused(value: str) -> None:
    """phonenumbers finds a number inside leading junk; only digits, spaces, + ( ) - and an extension pass."""
    assert not is_phone(value) and normalise_phone(value) is None and phone_text(value) == ""


@pytest.mark.parametrize("value,published", [
    ("09 123 4567", "09 1234567"), ("  040  123 4567 ", "040 1234567"), ("(09) 123-4567", "09 1234567"),
    ("+358 (0)9 123 4567", "09 1234567"), ("+358 50 000 0001", "050 0000001"), ("09 123 4567 ext. 12", "09 1234567 ext. 12"),
    ("09 123 4567 x12", "09 1234567 ext. 12"), ("09 123 4567 #12", "09 1234567 ext. 12"),
    ("+46 8 123 456 78", "+46 8 123 456 78"),
])
def test_published_phone_is_the_normalised_number(value: str, published: str) -> None:
    assert is_phone(value) and phone_text(value) == published


@pytest.mark.parametrize("value,ok", [
    ("info@example.org", True), ("a.b+c@sub.example.fi", True), ("info(at)example.org", False),
    ("foo@bar", False), ("two@@example.org", False), ("space @example.org", False),
])
def test_email(value: str, ok: bool) -> None:
    assert is_email(value) is ok


@pytest.mark.parametrize("value,ok", [
    ("https://example.org", True), ("http://example.org/a?b=c#d", True), ("www.example.org", False),
    ("javascript:alert(1)", False), ("ftp://example.org", False), ("https://", False), ("mailto:a@b.fi", False),
])
def test_http_url_only(value: str, ok: bool) -> None:
    assert is_http_url(value) is ok


@pytest.mark.parametrize("value,ok", [("2024-02-29", True), ("2026-02-29", False), ("2026-13-01", False), ("26-1-1", False)])
def test_real_calendar_dates(value: str, ok: bool) -> None:
    assert is_date(value) is ok


@pytest.mark.parametrize("value,ok", [("09:30", True), ("23:59", True), ("24:00", False), ("9:30", False)])
def test_times(value: str, ok: bool) -> None:
    assert is_time(value) is ok

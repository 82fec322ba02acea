"""First validation layer: JSON Schema for shape, with errors turned into plain words."""
from __future__ import annotations

import difflib
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import jsonschema_rs
import phonenumbers

from .loader import Document
from .problems import Problem, problem
from .slug import slugify

if TYPE_CHECKING:  # the Python validator is imported only when a file needs its messages
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"

_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"%?]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}")
_URL = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:[/?#][^\s<>\"]*)?")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_YTUNNUS = re.compile(r"[0-9]{7}-[0-9]")


def is_email(value: object) -> bool:
    """An e-mail address with a domain that has a dot."""
    return not isinstance(value, str) or bool(_EMAIL.fullmatch(value))


def is_http_url(value: object) -> bool:
    """An absolute http(s) address with a host name."""
    return not isinstance(value, str) or bool(_URL.fullmatch(value))


def is_date(value: object) -> bool:
    """A real calendar date written YYYY-MM-DD."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return not isinstance(value, str)
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_time(value: object) -> bool:
    """A time of day written HH:MM."""
    return not isinstance(value, str) or bool(_TIME.fullmatch(value))


def is_phone(value: object) -> bool:
    """A phone number that is valid in Finland or in international form."""
    return not isinstance(value, str) or normalise_phone(value) is not None


def is_business_id(value: object) -> bool:
    """A Finnish business id (Y-tunnus) whose check digit is right."""
    if not isinstance(value, str):
        return True
    if not _YTUNNUS.fullmatch(value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:7], (7, 9, 10, 5, 8, 4, 2)))
    rest = total % 11
    if rest == 1:
        return False
    return int(value[8]) == (0 if rest == 0 else 11 - rest)


_PHONE = re.compile(r" *\+?[0-9 ()-]+(?:(?:ext\.?|x|#) *[0-9]{1,7})? *", re.I)
"""What a phone field may hold: digits, spaces, `+ ( ) -` and an optional extension (ext. 12, x12, #12);
phonenumbers alone would find a number after any leading text (a web address, an @name)."""


@lru_cache(maxsize=65536)
def _phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number a phone field holds, or None when it holds anything else or no valid number."""
    if not _PHONE.fullmatch(value):
        return None
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


@lru_cache(maxsize=65536)
def normalise_phone(value: str) -> str | None:
    """The number in E.164 form (+358401234567), or None when it is not a valid number."""
    number = _phone(value)
    return None if number is None else phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=65536)
def phone_text(value: str) -> str:
    """The number as every page and export shows it, made from the number and never from what else was
    written: a Finnish number in national form (09 1234567 ext. 12), any other in international form
    (+46 8 123 456 78); '' when it is not a number."""
    number = _phone(value)
    if number is None:
        return ""
    national = number.country_code == 358
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if national
                                      else phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _formats() -> dict[str, Any]:
    """The formats the schemas use, by name, with the function that checks each."""
    return {"email": is_email, "http-url": is_http_url, "date": is_date, "time": is_time, "phone": is_phone,
            "y-tunnus": is_business_id}


@lru_cache(maxsize=None)
def schema_files() -> dict[str, Any]:
    """Every schema file's contents by file name (read once; callers must not change them)."""
    return {f.name: json.loads(f.read_text(encoding="utf-8")) for f in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@lru_cache(maxsize=None)
def _registry() -> Registry:
    """All schema files, so that `common.schema.json#/$defs/…` references resolve."""
    from referencing import Registry, Resource

    return Registry().with_resources((name, Resource.from_contents(contents)) for name, contents in schema_files().items())


def pattern_matches(pattern: str, text: str) -> bool:
    """`pattern` as JSON Schema and the compiled validator read it: `$` is the end of the text (in
    Python's `re` it also matches before a final newline, which would let `"m1\n"` pass as an id)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, text) is not None


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not pattern_matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """The validator for `schemas/<name>.schema.json` (with `pattern` read as `pattern_matches` does)."""
    from jsonschema import Draft202012Validator, FormatChecker, validators

    formats = FormatChecker(formats=())
    for format_name, check in _formats().items():
        formats.checks(format_name)(check)
    schema = _registry().contents(f"{name}.schema.json")
    strict = validators.extend(Draft202012Validator, {"pattern": _pattern})
    return strict(schema, registry=_registry(), format_checker=formats)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _branch_types(err: ValidationError) -> list[str]:
    """The JSON types an anyOf/oneOf accepts, as far as its branches say."""
    types: list[str] = []
    for branch in err.validator_value:
        kind = _resolve(err, branch).get("type")
        for t in [kind] if isinstance(kind, str) else kind or []:
            if t not in types:
                types.append(t)
    return types


def _resolve(err: ValidationError, subschema: dict) -> dict:
    """Follow a `$ref` in an anyOf branch (one level is enough for our schemas)."""
    ref = subschema.get("$ref")
    if not ref:
        return subschema
    resolved = _registry().resolver().lookup(ref if ref.startswith("common") else f"common.schema.json{ref}")
    return resolved.contents


def _leaf_errors(err: ValidationError) -> Iterator[ValidationError]:
    """The errors that say what is really wrong, looking inside anyOf/oneOf."""
    if err.validator not in ("anyOf", "oneOf") or not err.context:
        yield err
        return
    found = _json_type(err.instance)
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in err.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    for subs in by_branch.values():
        if not any(s.validator == "type" and not s.relative_path for s in subs):
            for sub in subs:
                yield from _leaf_errors(sub)
            return
    err.validator = "type"
    err.validator_value = _branch_types(err) or [found]
    yield err


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else ""


def _allowed_keys(err: ValidationError) -> list[str]:
    return list(err.schema.get("properties", {}))


def _unknown_fields(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """Keys the schema does not know, each at its own line, with the likeliest key meant."""
    allowed = _allowed_keys(err)
    for key in err.instance:
        if key not in allowed:
            kline, kcol = doc.where_key(at + (key,))
            code = "unknown-field-no-value" if err.instance[key] is None and " " in key.strip() or \
                err.instance[key] is None and key.endswith((".", "!", "?")) else "unknown-field"
            yield problem(doc.path, kline, kcol, code, field=at + (key,), key=key,
                          suggestion=_did_you_mean(key, allowed), allowed=", ".join(allowed))


def _missing(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """Missing fields; those an active profile needs in one message at its `status`."""
    missing = [name for name in err.validator_value if name not in err.instance]
    if "then" not in err.schema_path:
        for name in missing:
            yield problem(doc.path, line, col, "missing-field", field=at + (name,))
        return
    sline, scol = doc.where_key(at + ("status",))
    if len(missing) > 1:
        yield problem(doc.path, sline, scol, "several-required-when-active",
                      fields=", ".join(f"`{name}`" for name in missing))
    elif missing:
        yield problem(doc.path, sline, scol, "required-when-active", field=at + (missing[0],))


def _wrong_type(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """A value of the wrong kind, said in the words of what was probably meant."""
    found = _json_type(err.instance)
    expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
    if found == "null":
        yield problem(doc.path, line, col, "empty-value", field=at)
    elif "string" in expected and found in ("integer", "number"):
        yield problem(doc.path, line, col, "number-not-text", field=at, value=err.instance)
    elif expected == ["boolean"] and found == "string":
        yield problem(doc.path, line, col, "not-boolean", field=at, value=err.instance)
    elif expected == ["array"]:
        yield problem(doc.path, line, col, "wrong-type-list", field=at, found=found)
    elif expected == ["string", "object"]:
        yield problem(doc.path, line, col, "wrong-type-text", field=at, found=found)
    else:
        yield problem(doc.path, line, col, "wrong-type", field=at, expected=tuple(expected), found=found)


def _not_in_list(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """A value outside a fixed list, with the list and the closest value."""
    choices = [str(c) for c in err.validator_value]
    yield problem(doc.path, line, col, "not-in-list", field=at, value=err.instance,
                  allowed=", ".join(choices), suggestion=_did_you_mean(str(err.instance), choices))


def _bad_format(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """A value not of its format: stray spaces, a Finnish date (with the ISO date meant), or else the format."""
    if isinstance(err.instance, str) and err.instance != err.instance.strip():
        yield problem(doc.path, line, col, "surrounding-space", field=at, value=err.instance.strip())
        return
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", str(err.instance))
    if err.validator_value == "date" and finnish:
        day, month, year = finnish.groups()
        yield problem(doc.path, line, col, "finnish-date", field=at, value=err.instance,
                      suggestion=f"{year}-{int(month):02d}-{int(day):02d}")
        return
    yield problem(doc.path, line, col, f"bad-{err.validator_value}", field=at, value=err.instance)


def _bad_pattern(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """A value not of its pattern (an id, a postal code), with an id made of it as a suggestion."""
    code = {
        "^[a-z0-9]+(-[a-z0-9]+)*$": "bad-slug",
        "^[0-9]{5}$": "bad-postal-code",
    }.get(err.validator_value, "bad-pattern")
    yield problem(doc.path, line, col, code, field=at, value=err.instance, suggestion=slugify(str(err.instance)))


def _bad_key(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """A key that is not an id."""
    yield problem(doc.path, *doc.where_key(at + (err.instance,)), "bad-slug", field=at, value=err.instance,
                  suggestion=slugify(str(err.instance)))


def _duplicates(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
    """Each item that repeats an earlier one, at its own line."""
    seen: set[str] = set()
    for index, item in enumerate(err.instance):
        marker = json.dumps(item, sort_keys=True)
        if marker in seen:
            yield problem(doc.path, *doc.where(at + (index,)), "duplicate-item", field=at, value=item)
        seen.add(marker)


def _one(code: str, **values: Callable[[ValidationError], Any]) -> Callable[..., Iterator[Problem]]:
    """A translator that gives one problem of `code`, its parameters read from the error."""
    def translate(doc: Document, err: ValidationError, at: tuple, line: int, col: int) -> Iterator[Problem]:
        yield problem(doc.path, line, col, code, field=at, **{k: read(err) for k, read in values.items()})
    return translate


_BY_KEYWORD: dict[str, Callable[..., Iterator[Problem]]] = {
    "additionalProperties": _unknown_fields, "required": _missing, "type": _wrong_type, "enum": _not_in_list,
    "format": _bad_format, "pattern": _bad_pattern, "propertyNames": _bad_key, "uniqueItems": _duplicates,
    "minLength": _one("empty-value"),
    "maxLength": _one("too-long", length=lambda e: len(e.instance), limit=lambda e: e.validator_value),
    "minItems": _one("too-few-items", limit=lambda e: e.validator_value),
    "minProperties": _one("too-few-items", limit=lambda e: e.validator_value),
    "minimum": _one("too-small", value=lambda e: e.instance, limit=lambda e: e.validator_value),
    "maximum": _one("too-large", value=lambda e: e.instance, limit=lambda e: e.validator_value),
    "const": _one("must-be", value=lambda e: e.validator_value),
}
"""How each kind of schema error is said in plain words (anything else: `schema-other`)."""


def _to_problems(doc: Document, err: ValidationError) -> Iterator[Problem]:
    """One schema error as plain-words problems at the right line."""
    at = tuple(err.absolute_path)
    translate = _BY_KEYWORD.get(err.validator, _one("schema-other", detail=lambda e: e.message))
    yield from translate(doc, err, at, *doc.where(at))


@lru_cache(maxsize=None)
def fast_validator(name: str) -> Any:
    """A compiled (Rust) validator for the same schema and formats: it only says valid or not.

    A file it accepts is valid; a file it refuses goes to the Python validator, which finds the
    problems and words them. So it can only make checking faster, never let a mistake through."""
    schemas = schema_files()
    return jsonschema_rs.validator_for(schemas[f"{name}.schema.json"], formats=_formats(), validate_formats=True,
                                       registry=jsonschema_rs.Registry(list(schemas.items())),
                                       base_uri=f"{name}.schema.json")


def check_schema(doc: Document, name: str) -> list[Problem]:
    """Every shape problem of a loaded document against `schemas/<name>.schema.json`."""
    found: list[Problem] = []
    try:
        if fast_validator(name).is_valid(doc.data):
            return found
    except ValueError:  # a value the compiled validator cannot take: let the full one decide
        pass
    for err in validator(name).iter_errors(doc.data):
        for leaf in _leaf_errors(err):
            found.extend(_to_problems(doc, leaf))
    return found

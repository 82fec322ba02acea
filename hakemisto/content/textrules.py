"""Rules for every piece of text in every file: what `check` accepts, every page and export can
show. No control characters (a newline only in long text), no bidirectional overrides, no
invisible characters where a reader cannot see them, a sane length; and names compared by how
they look, so that a look-alike cannot pass for another organisation."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator

from .loader import Document, JsonPath
from .problems import Problem, problem
from .schema import schema_files

ONE_LINE_LIMIT = 1_000
LONG_TEXT_LIMIT = 20_000
KEY_LIMIT = 100
SHORTEST_LIMIT = min(KEY_LIMIT, ONE_LINE_LIMIT, LONG_TEXT_LIMIT)
LANGS = ("fi", "sv", "en")

# C0 controls but tab and newline, DEL, C1 controls, the line and paragraph separators, noncharacters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]")
_LINE_BREAK = re.compile("[\n\t]")
"""A new line or tab: allowed only in long texts."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u180e]")
_INVISIBLE_IN_ONE_LINE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u180e\u034f\u115f\u1160\u3164]")
_SUSPECT = re.compile("|".join(p.pattern for p in (_CONTROL, _LINE_BREAK, _BIDI, _INVISIBLE, _INVISIBLE_IN_ONE_LINE)))
"""Any character one of the rules above looks at: a text without one needs only its length checked."""


def _fields_of(*definitions: str) -> frozenset[str]:
    """The names of the fields whose schema is one of these definitions of common.schema.json."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        """Collect the names of the fields below `node` whose schema is one of `definitions`."""
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and str(sub.get("$ref", "")).rsplit("/", 1)[-1] in definitions:
                    found.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for contents in schema_files().values():
        walk(contents)
    return frozenset(found)


@lru_cache(maxsize=None)
def long_text_fields() -> frozenset[str]:
    """The field names whose schema is Markdown (long text): the only ones that may hold newlines."""
    return _fields_of("markdown")


LOCALISED = ("text", "shortText", "markdown")


@lru_cache(maxsize=None)
def localised_paths(schema: str) -> frozenset[tuple[str, ...]]:
    """Where a file of `schemas/<schema>.schema.json` holds text in Finnish or per language (a string
    or `{fi, sv, en}`), as paths of field names with `*` for any item of a list."""
    return _paths_to(schema, LOCALISED)


@lru_cache(maxsize=None)
def phone_paths(schema: str) -> frozenset[tuple[str, ...]]:
    """Where a file of `schemas/<schema>.schema.json` holds a phone number, as paths like `localised_paths`."""
    return _paths_to(schema, ("phone",))


def _paths_to(schema: str, refs: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The paths in a file of `schemas/<schema>.schema.json` whose schema is one of the shared `refs`."""
    common = schema_files()["common.schema.json"]["$defs"]
    found: set[tuple[str, ...]] = set()

    def walk(node: Any, at: tuple[str, ...]) -> None:
        """Collect the paths below `node` whose schema is one of `refs`."""
        if not isinstance(node, dict):
            return
        ref = str(node.get("$ref", "")).rsplit("/", 1)[-1]
        if ref in refs:
            found.add(at)
            return
        if ref in common:
            walk(common[ref], at)
        for name, sub in (node.get("properties") or {}).items():
            walk(sub, at + (name,))
        if isinstance(node.get("items"), dict):
            walk(node["items"], at + ("*",))
        for key in ("anyOf", "oneOf"):
            for sub in node.get(key) or []:
                walk(sub, at)

    walk(schema_files()[f"{schema}.schema.json"], ())
    return frozenset(found)


def _strings(value: Any, at: JsonPath = ()) -> Iterator[tuple[JsonPath, str, bool]]:
    """(path, text, is a key) for every string in a document, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield at + (key,), key, True
            yield from _strings(item, at + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, at + (index,))
    elif isinstance(value, str):
        yield at, value, False


def _field(at: JsonPath) -> str:
    """The field a value belongs to: the last name in its path that is not a language code."""
    names = [part for part in at if isinstance(part, str) and part not in LANGS]
    return names[-1] if names else ""


def _visible(char: str) -> str:
    return f"U+{ord(char):04X}"


def check_texts(doc: Document) -> list[Problem]:
    """Every problem with the text in one file."""
    found: list[Problem] = []
    long_fields = long_text_fields()
    for at, value, is_key in _strings(doc.data):
        if len(value) <= SHORTEST_LIMIT and not _SUSPECT.search(value):
            continue
        long_text = not is_key and _field(at) in long_fields
        bad = _CONTROL.search(value) or (None if long_text else _LINE_BREAK.search(value))
        bidi = None if bad else _BIDI.search(value)
        hidden = None if bad or bidi else (_INVISIBLE if long_text else _INVISIBLE_IN_ONE_LINE).search(value)
        limit = KEY_LIMIT if is_key else LONG_TEXT_LIMIT if long_text else ONE_LINE_LIMIT
        if not (bad or bidi or hidden or len(value) > limit):
            continue
        where = doc.where_key(at) if is_key else doc.where(at)  # positions are read only for a problem
        if bad:
            code = "text-newline" if bad.group() == "\n" else "text-control"
            found.append(problem(doc.path, *where, code, field=at, char=_visible(bad.group())))
        elif bidi:
            found.append(problem(doc.path, *where, "text-bidi", field=at, char=_visible(bidi.group())))
        elif hidden:
            found.append(problem(doc.path, *where, "text-invisible", field=at, char=_visible(hidden.group())))
        if len(value) > limit:
            found.append(problem(doc.path, *where, "text-too-long", field=at, size=len(value), limit=limit))
    return found


# ----------------------------------------------------------------------------- look-alike names

# Letters of other scripts drawn like Latin letters (Unicode's confusables, the common ones).
_CONFUSABLE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "ë", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ї": "ï", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ı": "i", "ℓ": "l", "０": "0", "１": "1",
})


def skeleton(name: str) -> str:
    """A name as it looks: composed (NFC), case and spacing ignored, invisible characters dropped,
    letters of other scripts that look Latin read as Latin."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _INVISIBLE_IN_ONE_LINE.sub("", _BIDI.sub("", text)).translate(_CONFUSABLE)
    text = unicodedata.normalize("NFC", text)
    return " ".join(re.sub(r"[\s\-‐‑–—_.,]+", " ", text).split())

"""Languages: UI catalogues compiled from .po at build time, localised content, dates, sorting."""
from __future__ import annotations

import io
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup, escape

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DEFAULT = "fi"


@lru_cache(maxsize=None)
def translations(lang: str) -> Translations:
    """The UI catalogue for `lang`, compiled in memory from locale/<lang>.po."""
    po = LOCALE_DIR / f"{lang}.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def pick(value: Any, lang: str) -> tuple[str, str]:
    """Localised text in `lang`, falling back to Finnish: (text, language it is in)."""
    if value is None:
        return "", lang
    if isinstance(value, dict):
        if isinstance(value.get(lang), str):
            return value[lang], lang
        return str(value.get(DEFAULT, "")), DEFAULT
    return str(value), DEFAULT


def text(value: Any, lang: str) -> str:
    """Localised plain text (for attributes, titles and sorting)."""
    return pick(value, lang)[0]


def marked(value: Any, lang: str) -> Markup:
    """Localised text as HTML, wrapped in `<span lang="fi">` when it falls back to Finnish."""
    content, actual = pick(value, lang)
    if actual != lang and content:
        return Markup(f'<span lang="{actual}">{escape(content)}</span>')
    return escape(content)


@lru_cache(maxsize=4096)
def long_date(value: str | date | None, lang: str) -> str:
    """A date written out per language: 1. lokakuuta 2026 / 1 oktober 2026 / 1 October 2026."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(day, format="long", locale=f"{lang}_FI")


_NORDIC = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    """Finnish/Swedish alphabetical order: Å, Ä, Ö after Z; other accents ignored."""
    key = name.casefold().lstrip("\"'“”«»-–— ").translate(_NORDIC)
    if key.isascii():
        return key
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def initial(name: str) -> str:
    """The letter a name is listed under in an A–Ö index."""
    stripped = name.lstrip("\"'“”«»-–— ")
    if not stripped:
        return "#"
    first = stripped[0].upper()
    if first in "ÅÄÖ":
        return first
    base = unicodedata.normalize("NFKD", first)[0]
    return base if base.isalpha() and base.isascii() else "#"

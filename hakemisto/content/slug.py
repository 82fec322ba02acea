"""Ids made from names: the file name and URL path of an organisation or network."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_SLUG = 80
"""The longest id made from a name (characters): a file name must stay far below the 255 bytes file systems allow."""
_TRANSLIT = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o"})


def slugify(name: str) -> str:
    """A file id from a name: lower-case a–z, digits and hyphens (ä→a, ö→o, å→a), at most MAX_SLUG
    characters (a long name is cut at the end of a word)."""
    text = name.lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[:MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG + 1] else slug[:MAX_SLUG]
    return cut[:MAX_SLUG].strip("-")


def _finnish(value: Any) -> str:
    """The Finnish text of a plain or localised value."""
    if isinstance(value, dict):
        return str(value.get("fi", ""))
    return "" if value is None else str(value)


def item_key(item: dict[str, Any], *fields: str) -> str:
    """What identifies an activity, contact or location within its organisation: its own `id`, else
    its name (or street and city), written as an id."""
    if item.get("id"):
        return str(item["id"])
    return slugify(" ".join(_finnish(item.get(f)) for f in fields if item.get(f))) or "item"

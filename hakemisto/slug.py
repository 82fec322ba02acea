"""Ids made from names: the file name and URL path of an organisation or network."""
from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_TRANSLIT = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o"})


def slugify(name: str) -> str:
    """A file id from a name: lower-case a–z, digits and hyphens (ä→a, ö→o, å→a)."""
    text = name.lower().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")

"""Finnish base forms for the search index: "synnytysmasennuksesta" is indexed also as
"synnytysmasennus", "synnytys" and "masennus", so a worker typing the base form of a word, or a part
of a compound, finds the page. Pagefind's own stemming does not reach across Finnish inflection and
compounds. Uses Voikko (Debian: libvoikko1 and voikko-fi; PyPI: libvoikko); without it, nothing
is added and the build says so once."""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)
WORD = re.compile(r"[^\W\d_]{4,}")
_PARTS = re.compile(r"\(([^()]+)\)")


@lru_cache(maxsize=1)
def _voikko() -> Any:
    """The Finnish analyser, or None when Voikko or its Finnish dictionary is not installed."""
    try:
        from libvoikko import Voikko

        return Voikko("fi")
    except (ImportError, OSError) as err:
        log.warning("Finnish base forms are not indexed (install libvoikko1 and voikko-fi): %s", err)
        return None


def available() -> bool:
    return _voikko() is not None


@lru_cache(maxsize=65536)
def _forms(word: str) -> tuple[str, ...]:
    """A word's base forms and, for a compound, its parts' base forms (lower case)."""
    voikko = _voikko()
    if voikko is None:
        return ()
    found: list[str] = []
    for analysis in voikko.analyze(word):
        found.append(str(analysis.get("BASEFORM", "")).lower())
        found += [part.lower() for part in _PARTS.findall(str(analysis.get("WORDBASES", "")))]
    return tuple(dict.fromkeys(f for f in found if len(f) >= 3 and WORD.fullmatch(f)))


def base_forms(text: str) -> list[str]:
    """Base forms and compound parts of the words of a Finnish text that the text does not already hold."""
    words = WORD.findall(text)
    present = {w.lower() for w in words}
    out: dict[str, None] = {}
    for word in words:
        for form in _forms(word):
            if form not in present:
                out[form] = None
    return list(out)

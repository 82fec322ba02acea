"""Finnish base forms for the search index: "synnytysmasennuksesta" is indexed also as
"synnytysmasennus", "synnytys" and "masennus", so a worker typing the base form of a word, or a part
of a compound, finds the page. Pagefind's own stemming does not reach across Finnish inflection and
compounds.

The analyser is pyvoikko (PyPI, pure Python, with the Finnish dictionary inside), so `pip install`
is all the set-up. Of a word's analyses one is used, a noun or adjective reading first (so "tuki" is
"tuki", not the verb "tukkia"); its base form and its compound parts' base forms are indexed, never
the roots a derivation comes from (so "liitto" is not "liittää"). Nouns made of verbs (-minen, as in
"tapaamiset") give only their other parts. Loading the dictionary takes about two seconds, so the
forms found are kept in a plain JSON file (`.cache/baseforms.json`, keyed by the analyser's version)
and the dictionary is loaded only when a word is new."""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
WORD = re.compile(r"[^\W\d_]{4,}")
"""A word worth analysing: four letters or more."""
FORM = re.compile(r"[^\W\d_]{3,}")
"""A base form worth indexing: three letters or more ("ero" of "erosta")."""
PREFERRED = ("nimisana", "laatusana", "nimisana_laatusana", "paikannimi", "nimi")
"""Word classes read first: nouns, adjectives and place names."""
SKIPPED = ("etunimi", "sukunimi")
"""First names and surnames: "erosta" is not "Eronen"."""
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "baseforms.json"


def analyser_version() -> str:
    """The installed pyvoikko's version, or '' when it is not installed."""
    try:
        return metadata.version("pyvoikko")
    except metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def _analyse() -> Any:
    """pyvoikko's analyse function, or None (said once) when it is not installed."""
    try:
        from pyvoikko import analyse
    except ImportError as err:
        log.warning("Finnish base forms are not indexed (pip install pyvoikko): %s", err)
        return None
    return analyse


def available() -> bool:
    """True when the analyser can be used."""
    return _analyse() is not None


def _verbal_noun(analysis: Any) -> bool:
    """A noun made of a verb (-minen, as "tapaamiset"), whose base form the analyser gives as the verb."""
    return analysis.MOOD == "MINEN-infinitive"


def choose(analyses: list[Any]) -> Any:
    """The one analysis to index: the first noun or adjective reading, else the first one that is not
    a person's name."""
    usable = [a for a in analyses if a.CLASS not in SKIPPED]
    preferred = [a for a in usable if a.CLASS in PREFERRED]
    return (preferred or usable or [None])[0]


def analyse_word(word: str) -> tuple[str, ...]:
    """A word's base form and its compound parts' base forms (lower case, at least three letters)."""
    analyse = _analyse()
    if analyse is None:
        return ()
    analysis = choose(analyse(word.lower()))
    if analysis is None:
        return ()
    whole = [analysis] if not _verbal_noun(analysis) else []
    forms = [a.BASEFORM for a in whole + list(analysis.COMPOUND_PARTS or []) if not _verbal_noun(a)]
    cleaned = (f.replace("=", "").lower() for f in forms)
    return tuple(dict.fromkeys(f for f in cleaned if FORM.fullmatch(f)))


class Forms:
    """Base forms of words, read from and kept in a JSON cache for one analyser version."""

    def __init__(self, path: Path = CACHE) -> None:
        self.path = path
        self.version = analyser_version()
        self.known: dict[str, list[str]] = self._read()
        self.added = False

    def _read(self) -> dict[str, list[str]]:
        """The cached forms, or nothing when the file is missing, unreadable or of another version."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version or not isinstance(data.get("forms"), dict):
            return {}
        return {k: v for k, v in data["forms"].items() if isinstance(v, list)}

    def of(self, word: str) -> list[str]:
        """The forms of one word, analysed once and remembered."""
        key = word.lower()
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = list(analyse_word(key))
            self.added = self.added or available()
        return found

    def save(self) -> None:
        """Write the cache when words were added (atomically; a read-only folder is no error)."""
        if not self.added or not self.version:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".baseforms.", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": self.version, "forms": self.known}, out, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, self.path)
            self.added = False
        except OSError as err:
            log.debug("base form cache not written: %s", err)


def base_forms(text: str, forms: Forms | None = None) -> list[str]:
    """Base forms and compound parts of the words of a Finnish text that the text does not already hold."""
    forms = forms or Forms()
    words = WORD.findall(text)
    present = {w.lower() for w in words}
    out: dict[str, None] = {}
    for word in words:
        for form in forms.of(word):
            if form not in present:
                out[form] = None
    return list(out)


def index_forms(records: dict[str, Any], net_records: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """The Finnish base forms of each organisation's and network's name and summary (its own, else the
    one written from its web pages), for the Finnish search index; new words are kept in the cache."""
    from ..content.webfacts import summary
    from ..site.i18n import text

    forms = Forms()
    out: dict[tuple[str, str], list[str]] = {}
    for kind, pool in (("organization", records), ("network", net_records)):
        for slug, data in pool.items():
            out[(kind, slug)] = base_forms(" ".join(text(v, "fi") for v in (data.get("name"), summary(data))), forms)
    forms.save()
    return out

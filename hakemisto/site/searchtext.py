"""A profile's longer texts for the search index, each word once.

Pagefind stores every occurrence of a word with its position on the page, so a word that a profile's
description, activities and contact persons use twelve times costs twelve entries in the index chunk
every search for that word downloads (at 10,000 organisations, the chunk of a common word was 220 KB).
Matching needs a word only once per page, and results never show Pagefind's excerpt, so the
profile's referral, contact, activity, description and address texts are indexed as their distinct
words, leaving out the words its name, summary and need words already give (the sections themselves
carry `data-pagefind-ignore`)."""
from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from typing import Any

from . import i18n

LANGUAGES = frozenset({"fi", "sv", "en"})
NOT_TEXT = frozenset({"id", "email", "phone", "url", "format", "cost", "target_groups", "areas", "languages"})
"""Fields that hold an identifier, an address to contact or a vocabulary key, not text to search."""
LINK_TARGET = re.compile(r"\]\([^)]*\)|<?https?://\S+")
"""A Markdown link's address or a bare address: the page shows the link's text, not its address."""
EDGES = string.punctuation + "«»“”‘’–—…·"
"""Characters stripped from the ends of a word (Pagefind drops them too)."""


def texts(value: Any, lang: str) -> Iterator[str]:
    """Every text in a value (a text, a {fi, sv, en} text, or records and lists of them), in `lang`,
    falling back to Finnish as the page does."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict) and value and set(value) <= LANGUAGES:
        yield i18n.text(value, lang)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT:
                yield from texts(item, lang)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item, lang)


def words(values: Iterable[Any], lang: str) -> dict[str, str]:
    """The words of the values' texts, each once (case aside), in the order they first come."""
    text = " ".join(LINK_TARGET.sub(" ", t) if "](" in t or "http" in t else t for t in texts(list(values), lang))
    found: dict[str, str] = {}
    for token in dict.fromkeys(text.split()):  # each token once before it is stripped and its case folded
        word = token.strip(EDGES)
        if word:
            found.setdefault(word.casefold(), word)
    return found


def distinct_words(values: Iterable[Any], lang: str, indexed: Iterable[Any] = ()) -> str:
    """The distinct words of the values' texts, leaving out those the page indexes already (`indexed`:
    its name, summary and need words)."""
    known = words(indexed, lang)
    return " ".join(word for key, word in words(values, lang).items() if key not in known)

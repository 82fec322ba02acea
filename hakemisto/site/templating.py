"""The Jinja environment: one per language, built only from Jinja's documented settings."""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COMPILED = TEMPLATES.parent / ".cache" / "jinja"
"""Compiled templates kept between builds by Jinja's own bytecode cache (keyed by each template's
source, so an edited template is compiled again); compiling them is most of a small site's build."""


@lru_cache(maxsize=1)
def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's bytecode cache in `.cache/jinja/`, or None when that folder cannot be written."""
    try:
        COMPILED.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(COMPILED)) if os.access(COMPILED, os.W_OK) else None


@lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    """Templates for one language: autoescaped, strict about undefined names, `_()` translated."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache(),
    )
    env.globals["_"] = env.globals["gettext"] = _gettext(lang)
    return env


def _gettext(lang: str) -> Callable[..., Markup]:
    """`_()` for templates, as the i18n extension's new-style gettext does it (the message escaped
    and %-formatted with escaped values), with each translated message looked up once; a message
    without values or `%` is already what formatting would give."""
    translate = i18n.translations(lang).gettext
    known: dict[str, Markup] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        """The translated message with its values escaped and put in."""
        found = known.get(message)
        if found is None:
            found = known[message] = Markup(translate(message))
        return found % variables if variables or "%" in found else found

    return gettext


def render(lang: str, template: str, context: dict) -> bytes:
    """A template rendered in one language, as UTF-8."""
    return environment(lang).get_template(template).render(context).encode("utf-8")

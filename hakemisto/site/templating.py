"""The Jinja environment: one per language, built only from Jinja's documented settings."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


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
    )
    env.globals["_"] = env.globals["gettext"] = _gettext(lang)
    return env


def _gettext(lang: str) -> Callable[..., Markup]:
    """`_()` for templates, as the i18n extension's new-style gettext does it (the message escaped
    and %-formatted with escaped values), with each translated message looked up once."""
    translate = i18n.translations(lang).gettext
    known: dict[str, Markup] = {}

    def gettext(message: str, **variables: Any) -> Markup:
        """The translated message with its values escaped and put in."""
        found = known.get(message)
        if found is None:
            found = known[message] = Markup(translate(message))
        return found % variables

    return gettext


def render(lang: str, template: str, context: dict) -> bytes:
    """A template rendered in one language, as UTF-8."""
    return environment(lang).get_template(template).render(context).encode("utf-8")

"""The Jinja environment: one per language, built only from Jinja's documented settings."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import i18n

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=None)
def environment(lang: str) -> Environment:
    """Templates for one language: autoescaped, strict about undefined names, `_()` translated
    through the i18n extension (new-style gettext: escaped and %-formatted)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def render(lang: str, template: str, context: dict) -> bytes:
    """A template rendered in one language, as UTF-8."""
    return environment(lang).get_template(template).render(context).encode("utf-8")

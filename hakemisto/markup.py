"""Markdown to safe HTML: CommonMark with tables (pulldown-cmark via `pyromark`), sanitised with `nh3`,
headings fitted into the page."""
from __future__ import annotations

import re

import nh3
import pyromark
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_HEADING = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>")


def _fit_headings(html: str, top: int) -> str:
    """Renumber headings so the block's highest level becomes `top` and levels stay consecutive."""
    levels = sorted({int(m.group(2)) for m in _HEADING.finditer(html)})
    mapping = {level: min(top + i, 6) for i, level in enumerate(levels)}
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{mapping[int(m.group(2))]}{m.group(3) or ''}>", html)


_OPTIONS = pyromark.Options.ENABLE_TABLES


_CACHE: dict[tuple[str, int], Markup] = {}


def render_markdown(text: str, top_heading: int = 3) -> Markup:
    """Markdown as sanitised HTML (cached by text): no raw HTML, scripts or unsafe links survive."""
    key = (text, top_heading)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = _render(text, top_heading)
    return found


def _render(text: str, top_heading: int) -> Markup:
    html = pyromark.html(text, options=_OPTIONS)
    html = _fit_headings(html, top_heading)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1", "h2"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)

"""Markdown to safe HTML: CommonMark with tables (pulldown-cmark via `pyromark`), sanitised with `nh3`,
headings fitted into the page."""
from __future__ import annotations

import re
from functools import lru_cache

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
    if "<h" not in html:
        return html
    levels = sorted({int(m.group(2)) for m in _HEADING.finditer(html)})
    mapping = {level: min(top + i, 6) for i, level in enumerate(levels)}
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{mapping[int(m.group(2))]}{m.group(3) or ''}>", html)


_OPTIONS = pyromark.Options.ENABLE_TABLES
# A "<" that does not start a tag the Markdown renderer writes without attributes (all allowed by the sanitiser).
_NOT_BARE_TAG = re.compile(r"<(?!/?(?:p|em|strong|ul|ol|li|h[3-6]|blockquote|code|pre|table|thead|tbody|tr|th|td)>)")
# Characters the sanitiser's HTML parser writes differently (NUL dropped, no-break space as &nbsp;).
_REWRITTEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\xa0]")


@lru_cache(maxsize=512)
def render_markdown(text: str, top_heading: int = 3) -> Markup:
    """Markdown as sanitised HTML: no raw HTML, scripts or unsafe links survive. The last few
    hundred are kept, as a page is rendered in every language in a row and most text falls back
    to one language; keeping all would hold every text of the site in memory twice."""
    return _render(text, top_heading)


def _render(text: str, top_heading: int) -> Markup:
    html = _fit_headings(pyromark.html(text, options=_OPTIONS), top_heading)
    if "<" in text or _NOT_BARE_TAG.search(html) or _REWRITTEN.search(html):
        html = sanitise(html)
    # else: the text has no raw HTML (that needs "<"), so every tag is one the renderer wrote, all
    # bare and allowed, and the text between is escaped: the sanitiser would give it back as is.
    return Markup(html)


def sanitise(html: str) -> str:
    """HTML with only the allowed tags, attributes and link schemes (http, https, mailto, tel)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1", "h2"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )

"""`build.py web-check`: read again every page that a web fact names, and list the pages that are
gone and the facts a page no longer shows, for the coordinators (one issue, updated monthly).

Only the facts that can be seen in a page's text are looked for: phone numbers (by their digits),
e-mail addresses, business IDs and street addresses. A summary is in the directory's own words,
and themes, areas and the like are judgements, so for those only the page itself must still be
there. The pages' answers are untrusted: each is read with a timeout and a size limit, and nothing
from them is written anywhere but the report (as inert Markdown)."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ..content.tree import Content
from ..site.i18n import text
from .report import inert_markdown
from ..content.webfacts import Fact, facts, value_text

USER_AGENT = "hakemisto-web-check/1 (+https://github.com/; checks the directory's evidence pages monthly)"
MAX_BYTES = 2_000_000
"""A page larger than this is read only this far."""
TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


@dataclass
class PageResult:
    """What re-reading one evidence page found: an error (page gone) or the facts it no longer shows."""

    org: str
    name: str
    url: str
    read: str
    error: str = ""
    missing: list[Fact] = field(default_factory=list)


def page_text(body: str) -> str:
    """A page's visible text, roughly: tags dropped, entities decoded, white space made single."""
    return " ".join(html.unescape(TAGS.sub(" ", body)).split())


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def shows(fact: Fact, text_: str) -> bool | None:
    """Whether the page text still shows the fact (None when the kind cannot be seen in text)."""
    if fact.kind == "phone":
        wanted = _digits(fact.value["number"])
        national = "0" + wanted[3:] if wanted.startswith("358") else wanted
        found = _digits(text_)
        return wanted in found or national in found
    if fact.kind in ("email", "business_id"):
        return str(fact.value).casefold() in text_.casefold()
    if fact.kind in ("visiting_address", "postal_address"):
        return " ".join(fact.value["street"].split()).casefold() in text_.casefold()
    return None


def fetch(url: str, session: Any = None) -> tuple[str, str]:
    """(page text, '') or ('', a short reason the page could not be read)."""
    import requests

    session = session or requests.Session()
    try:
        with session.get(url, timeout=(10, 30), stream=True, allow_redirects=True,
                         headers={"User-Agent": USER_AGENT, "Accept": "text/html"}) as response:
            if response.status_code != 200:
                return "", f"HTTP {response.status_code}"
            body = response.raw.read(MAX_BYTES, decode_content=True)
            told = "charset=" in response.headers.get("Content-Type", "").lower()
            encoding = response.encoding if told and response.encoding else "utf-8"
    except requests.RequestException as err:
        return "", f"no answer ({type(err).__name__})"
    return page_text(body.decode(encoding, errors="replace")), ""


def check(content: Content, get: Callable[[str], tuple[str, str]] = fetch) -> list[PageResult]:
    """Re-read every evidence page of every organisation (each page once), in id order."""
    results: list[PageResult] = []
    for slug, doc in sorted(content.organizations.items()):
        by_page: dict[str, list[Fact]] = {}
        for fact in facts(doc.data):
            by_page.setdefault(fact.url, []).append(fact)
        for url, page_facts in by_page.items():
            result = PageResult(slug, text(doc.data["name"], "fi"), url, page_facts[0].read)
            body, result.error = get(url)
            if not result.error:
                result.missing = [f for f in page_facts if shows(f, body) is False]
            results.append(result)
    return results


def as_markdown(results: list[PageResult], today: date) -> str:
    """The report as Markdown, in Finnish: pages gone, then facts no longer shown."""
    gone = [r for r in results if r.error]
    changed = [r for r in results if r.missing]
    lines = [f"# Verkkosivujen tiedot {today.isoformat()}", "",
             f"{len(results)} lähdesivua luettiin uudelleen: {len(gone)} ei avautunut, {len(changed)} ei enää näytä "
             "kaikkia siltä kirjattuja tietoja. Tarkista tiedot ja korjaa tai poista ne järjestön tiedostosta "
             "(`web:`-lohko), tai pyydä järjestöltä.", ""]
    if gone:
        lines += ["## Sivu ei avaudu", "", "| tunniste | nimi | sivu | luettu | syy |", "|---|---|---|---|---|"]
        lines += [f"| `{r.org}` | {inert_markdown(r.name)} | {inert_markdown(r.url)} | {r.read} | {inert_markdown(r.error)} |"
                  for r in gone]
        lines.append("")
    if changed:
        lines += ["## Tieto ei enää näy sivulla", "", "| tunniste | nimi | sivu | tieto |", "|---|---|---|---|"]
        lines += [f"| `{r.org}` | {inert_markdown(r.name)} | {inert_markdown(r.url)} | "
                  f"{inert_markdown(', '.join(f'{f.kind}: {value_text(f.value)}' for f in r.missing))} |" for r in changed]
        lines.append("")
    if not gone and not changed:
        lines.append("Kaikki lähdesivut avautuivat ja näyttävät kirjatut tiedot.")
    return "\n".join(lines) + "\n"

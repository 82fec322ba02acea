"""The URL scheme: where every page and file of the site lives, defined once.

A *path* is where something lives below the site's root in the default language (`jarjestot/x/`,
`api/organizations.json`); `Urls` turns it into a link under the base path, with the language
prefix (`/hakemisto/sv/jarjestot/x/`), into an absolute address, or into the file that holds it.
Templates, the open data, the sitemap and the search all ask here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.config import normalise_base_url

PAGES = {
    "home": "",
    "organizations": "jarjestot/",
    "organization": "jarjestot/{}/",
    "themes": "teemat/",
    "theme": "teemat/{}/",
    "areas": "alueet/",
    "area": "alueet/{}/",
    "networks": "verkostot/",
    "network": "verkostot/{}/",
    "contacts": "yhteyshenkilot/",
    "calendar": "kalenteri/",
    "contribute": "osallistu/",
    "search": "haku/",
    "data": "data/",
    "accessibility": "saavutettavuus/",
    "shortlist": "lista/",
}
"""Page kinds and their paths; `{}` stands for the organisation's, network's, theme's or area's id."""

FILES = {
    "api_organizations": "api/organizations.json",
    "api_organizations_schema": "api/organizations.schema.json",
    "api_networks": "api/networks.json",
    "api_networks_schema": "api/networks.schema.json",
    "hsds_index": "api/hsds/index.json",
    "hsds_organizations": "api/hsds/organizations.json",
    "hsds_package": "api/hsds/tabular/datapackage.json",
    "hsds_services": "api/hsds/services.json",
    "csv_organizations": "data/organizations.csv",
    "csv_contacts": "data/contacts.csv",
    "csv_members": "data/network-members.csv",
    "calendar": "calendar.ics",
    "network_calendar": "kalenteri/{}.ics",
    "feed": "feed.xml",
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "not_found": "404.html",
    "asset": "assets/{}",
    "search_bundle": "pagefind/",
}
"""Files that are not pages. Each language has its own `feed`; the others exist once."""


def page(kind: str, key: str = "") -> str:
    """The path of a page kind, e.g. page("organization", "x") == "jarjestot/x/"."""
    return PAGES[kind].format(key)


def file(kind: str, key: str = "") -> str:
    """The path of a file that is not a page, e.g. file("network_calendar", "x") == "kalenteri/x.ics"."""
    return FILES[kind].format(key)


def list_page(first: str, number: int) -> str:
    """The path of page `number` of a list split into pages (the first keeps the list's own path)."""
    return first if number == 1 else f"{first}sivu/{number}/"


def meeting_anchor(meeting_id: str, network: str = "") -> str:
    """The fragment a meeting has on its network's page (with `network`: on the calendar page)."""
    return f"kokous-{network}-{meeting_id}" if network else f"kokous-{meeting_id}"


def base_path(base_url: str) -> str:
    """The path part of a normalised base URL: `/`, `/hakemisto/`."""
    if "://" in base_url:
        rest = base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    return base_url


BASE_URL = re.compile(r"(/|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/)([A-Za-z0-9._~-]+/)*")
"""A base URL the site can be published under: a path, or an http(s) address of a host (as in site.schema.json)."""


def valid_base_url(value: str) -> bool:
    """True for `/`, `/hakemisto/` or `https://host/path/` (normalised); never `//other-host/`."""
    return bool(BASE_URL.fullmatch(normalise_base_url(value)))


@dataclass(frozen=True)
class Urls:
    """Links and file names for one site: its base URL and languages (the first has no prefix)."""

    base_url: str
    languages: tuple[str, ...]

    @property
    def base_path(self) -> str:
        return base_path(self.base_url)

    @property
    def known(self) -> bool:
        """True when the site's public address is known (the base URL names its host): only then can
        the formats that need absolute addresses (sitemap, feeds, calendars, HSDS, JSON-LD) be made."""
        return "://" in self.base_url

    @property
    def origin(self) -> str:
        """`https://host` when the base URL is absolute, else ''."""
        if "://" not in self.base_url:
            return ""
        scheme, rest = self.base_url.split("://", 1)
        return f"{scheme}://{rest.split('/', 1)[0]}"

    def prefix(self, lang: str) -> str:
        """The folder of a language's pages: '' for the default language, else `sv/`."""
        return "" if lang == self.languages[0] else f"{lang}/"

    def link(self, path: str, lang: str | None = None) -> str:
        """A root-relative link to a path, in a language (None: a file that exists once)."""
        return f"{self.base_path}{self.prefix(lang) if lang else ''}{path}"

    def absolute(self, path: str, lang: str | None = None) -> str:
        """An absolute address when the base URL has a host; else the root-relative link."""
        return f"{self.origin}{self.link(path, lang)}"

    def output(self, path: str, lang: str | None = None) -> str:
        """The file, relative to the output folder, that holds a path: a page is its folder's index.html."""
        target = f"{self.prefix(lang) if lang else ''}{path}"
        return f"{target}index.html" if target.endswith("/") or not target else target

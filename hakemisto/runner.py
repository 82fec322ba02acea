"""Building the site, phase by phase: derive (the model and `Site`) → collect pages → render →
write the other files → index for search → swap into place. Each phase is a plain function in the
package of its concern; this module sits above them all and runs them in order."""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from .content.tree import Content
from .data.baseforms import index_forms
from .data.exports import all_exports
from .data.search import run_pagefind
from .model.config import make_config
from .model.directory import build_directory
from .site import urls
from .site.context import Site
from .site.output import FileData, build_into, replace_file, robots, sitemap, static_files, write_files
from .site.pages import Page, collect_pages, network_page, organization_page
from .site.render import render_all, render_page


@dataclass
class Stats:
    """What a build did and how long each phase took."""

    pages: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What the person building should know (said once, not per page)."""


def make_site(content: Content, base_url: str | None = None, today: date | None = None) -> Site:
    """The site of checked content: settings, everything derived from the content, and the Finnish
    base forms for the search index (found before rendering, so every rendering process shares them)."""
    site = Site(build_directory(content, make_config(content.site, today or date.today(), base_url)))
    site.base_forms = index_forms(site.records, site.net_records)
    return site


NEEDS_PUBLIC_ADDRESS = "sitemap.xml, the Atom feeds, and the addresses in calendars, HSDS and JSON-LD"


def other_files(site: Site, pages: list[Page]) -> Iterator[tuple[str, FileData]]:
    """Everything but the HTML pages: open data, sitemap, robots.txt, assets."""
    yield from all_exports(site.d, site.urls)
    if site.urls.known:
        yield urls.file("sitemap"), sitemap(site.urls, [(p.path, p.lastmod) for p in pages])
    yield urls.file("robots"), robots(site.urls)
    yield from static_files().items()


def write_site(site: Site, folder: Path, search: bool = True, jobs: int | None = None,
               stats: Stats | None = None) -> Stats:
    """Write every file of the site into `folder` (which exists and is empty) and index it."""
    stats = stats or Stats()
    if not site.urls.known:
        stats.notes.append(f"The site's public address is not known (base URL {site.urls.base_url}), so "
                           f"{NEEDS_PUBLIC_ADDRESS} are left out. Set base_url in content/site.yaml to the full "
                           "address, or build with --base-url https://…/ (the publish workflow does).")
    begun = time.perf_counter()
    pages = collect_pages(site)
    stats.phases["collect pages"] = time.perf_counter() - begun
    begun = time.perf_counter()
    stats.pages = render_all(site, pages, folder, jobs, others=lambda: write_files(folder, other_files(site, pages)))
    stats.phases["render pages, open data, sitemap, assets"] = time.perf_counter() - begun
    if search:
        begun = time.perf_counter()
        run_pagefind(folder)
        stats.phases["search index"] = time.perf_counter() - begun
    return stats


def write_own_pages(site: Site, entities: Iterable[tuple[str, str]], folder: Path) -> int:
    """Rewrite, in place, the own pages of some organisations and networks (in `serve`, so that an
    edit shows at once while the whole site is built again); each file is replaced atomically."""
    own = {"organization": organization_page, "network": network_page}
    pools = {"organization": site.records, "network": site.net_records}
    written = 0
    for kind, slug in entities:
        if slug not in pools[kind]:
            continue
        page = own[kind](site, slug)
        for lang in site.config.languages:
            replace_file(folder / site.urls.output(page.path, lang), render_page(site, page, lang))
            written += 1
    return written


def build_site(content: Content, out: Path, base_url: str | None = None, today: date | None = None,
               search: bool = True, jobs: int | None = None) -> Stats:
    """Build the whole site into a new folder and swap it in place of `out`; on any failure the
    previous site stays as it was."""
    started = time.perf_counter()
    stats = Stats()
    site = make_site(content, base_url, today)
    stats.phases["derive"] = time.perf_counter() - started
    build_into(out, lambda folder: write_site(site, folder, search, jobs, stats))
    stats.seconds = time.perf_counter() - started
    return stats


def render_site(content: Content, base_url: str | None = None, today: date | None = None,
                stats: Stats | None = None) -> dict[str, bytes]:
    """Every output file of the site as path → bytes, without search and without touching `site/`."""
    site = make_site(content, base_url, today)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_site(site, folder, search=False, jobs=1, stats=stats)
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


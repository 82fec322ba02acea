"""Rendering: a page in a language to HTML, and all pages into a folder (in parallel when large)."""
from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from . import i18n, jsonld, urls
from ..content.form import fill_in_link, mail_link
from .helpers import Helpers
from .output import write_file
from .pages import Page
from .templating import render

if TYPE_CHECKING:
    from .context import Site

LANG_LABELS = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
PARALLEL_FROM = 2000
"""Page files (pages × languages) from which rendering is shared by one process per core."""
CHUNK = 100
OWN_PAGES = frozenset({"organization", "network"})
"""Page kinds with one page per organisation or network; every other page (the lists) shows cards or
contact rows made once per process and language and reused (`Helpers.once`)."""


class BuildError(Exception):
    """A problem that stops the build (e.g. two pages writing one file)."""


def edit_links(site: Site, kind: str, slug: str, lang: str) -> tuple[str, str]:
    """GitHub web-editor link for a content file and a pre-filled issue link, or empty strings."""
    repo = site.config.repository
    if not repo:
        return "", ""
    folder = "organizations" if kind == "organization" else "networks"
    name = site.org_name(slug, "fi") if kind == "organization" else site.net_name(slug, "fi")
    edit = f"{repo}/edit/{site.config.branch}/content/{folder}/{slug}.yaml"
    query = urlencode({"template": "paivita-tiedot.yml", "title": f"Päivitys: {name}",
                       "sivu": site.urls.absolute(urls.page(kind, slug), lang)})
    return edit, f"{repo}/issues/new?{query}"


def helpers(site: Site, lang: str) -> Helpers:
    """The template helpers (`h`) of one language, made once per build and language."""
    if lang not in site.helpers:
        site.helpers[lang] = Helpers(site, lang)
    return site.helpers[lang]


def only_language(site: Site, lang: str) -> None:
    """Let go of the other languages' helpers and the partials they keep: pages are rendered one
    language after another, so a process need not hold every language's cards at once."""
    for other in [l for l in site.helpers if l != lang]:
        del site.helpers[other]


def fill_links(site: Site, slug: str = "") -> tuple[str, str]:
    """The issue form for an organisation (or a new one) and the e-mail alternative, or empty strings."""
    name = site.org_name(slug, "fi") if slug else ""
    repo, address = site.config.repository, site.config.coordinators_email
    return (fill_in_link(repo, slug, name) if repo else "", mail_link(address, slug, name) if address else "")


def language_context(site: Site, page: Page, lang: str) -> dict[str, Any]:
    """What a page shows that depends on the language: JSON-LD, edit links, its part of a list."""
    extra: dict[str, Any] = {}
    if page.kind == "organization":
        slug = page.context["slug"]
        extra["jsonld"] = jsonld.organization(site, slug, lang)
        names = site.records[slug].name
        extra["other_names"] = [(l, names[l]) for l in ("fi", "sv", "en")
                                if isinstance(names, dict) and l != lang and names.get(l) and names[l] != i18n.text(names, lang)]
        extra["edit_url"], extra["report_url"] = edit_links(site, "organization", slug, lang)
        extra["fill_url"], extra["mail_url"] = fill_links(site, slug)
    elif page.kind == "network":
        slug = page.context["slug"]
        extra["jsonld"] = jsonld.events(site, [m for m in site.d.meetings if m.network == slug], lang)
        extra["edit_url"], extra["report_url"] = edit_links(site, "network", slug, lang)
    elif page.kind == "contribute":
        extra["fill_url"], extra["mail_url"] = fill_links(site)
    elif page.kind == "calendar":
        extra["jsonld"] = jsonld.events(site, site.d.meetings, lang)
    if "groups" in page.context:
        extra["groups"] = page.context["groups"][lang]
    if "letters" in page.context:
        extra["letters"] = page.context["letters"][lang]
    return extra


def render_page(site: Site, page: Page, lang: str) -> bytes:
    """One page in one language as UTF-8 HTML."""
    alternates = [{"lang": l, "href": site.urls.link(page.path, l), "label": LANG_LABELS[l],
                   "absolute": site.urls.absolute(page.path, l)} for l in site.config.languages]
    context = {
        "pager": None, "edit_url": "", "report_url": "", "fill_url": "", "mail_url": "",
        **page.context, **language_context(site, page, lang), "lang": lang,
        "h": helpers(site, lang), "config": site.config, "page_kind": page.kind, "section": page.section,
        "alternates": alternates,
    }
    return render(lang, page.template, context)


def render_not_found(site: Site) -> bytes:
    """The 404 page, in the default language with links to the others."""
    lang = site.config.languages[0]
    context = {"lang": lang, "h": helpers(site, lang), "config": site.config, "page_kind": "404", "section": "",
               "alternates": []}
    return render(lang, "404.html", context)


def page_files(site: Site, pages: list[Page]) -> list[tuple[Page, str, str]]:
    """(page, language, output file) for every page, one language after another; refuses two pages
    writing one file."""
    seen = {urls.file("not_found")}
    out = []
    for lang in site.config.languages:
        for page in pages:
            target = site.urls.output(page.path, lang)
            if target in seen:
                raise BuildError(f"two pages would be written to {target}")
            seen.add(target)
            out.append((page, lang, target))
    return out


def _render_chunk(site: Site, work: list[tuple[Page, str, str]], folder: Path) -> int:
    for page, lang, target in work:
        only_language(site, lang)
        write_file(folder / target, render_page(site, page, lang))
    return len(work)


@dataclass(frozen=True)
class _Task:
    """What the worker processes of one build share: given to the pool when it starts."""

    site: Site
    work: list[tuple[Page, str, str]]
    folder: Path
    others: Callable[[], None]


_TASK: _Task | None = None
"""In a worker process: the build it works for (set once by `_start_worker`)."""


def _start_worker(task: _Task) -> None:
    global _TASK
    _TASK = task
    gc.enable()  # rendering makes short-lived objects, some in cycles: collected here (see cli.cmd_build)


def _render_slice(bounds: tuple[int, int]) -> int:
    assert _TASK is not None
    work = _TASK.work[bounds[0]:bounds[1]]
    written = _render_chunk(_TASK.site, work, _TASK.folder)
    if work[0][0].kind not in OWN_PAGES:  # a language's list pages, all in this task (see tasks)
        _TASK.site.helpers.clear()  # so its cards are not needed again: let them go
    return written


def _write_others() -> int:
    assert _TASK is not None
    _TASK.others()
    return 0


def tasks(work: list[tuple[Page, str, str]]) -> list[tuple[int, int]]:
    """The pool's tasks as (start, end) ranges of the work: a language's list pages together, so one
    process makes each card and contact row of that language once, and the own pages of
    organisations and networks in chunks of CHUNK, handed out as processes free up."""
    out: list[tuple[int, int]] = []
    start = 0
    for (_lang, own), group in itertools.groupby(work, key=lambda item: (item[1], item[0].kind in OWN_PAGES)):
        end = start + len(list(group))
        step = CHUNK if own else end - start
        out += [(first, min(first + step, end)) for first in range(start, end, step)]
        start = end
    return out


def default_jobs(files: int) -> int:
    """Processes for rendering: one for small sites, else one per core (at most 8)."""
    return 1 if files < PARALLEL_FROM else max(1, min(os.cpu_count() or 1, 8))


def render_all(site: Site, pages: list[Page], folder: Path, jobs: int | None = None,
               others: Callable[[], None] = lambda: None) -> int:
    """Render every page in every language, and the 404 page, into `folder`, and run `others`
    (which writes the files that are not pages); returns the number of pages written. With more
    than one job, a standard process pool takes `others` and chunks of the page list as tasks, in
    no order that matters."""
    work = page_files(site, pages)
    write_file(folder / urls.file("not_found"), render_not_found(site))
    jobs = default_jobs(len(work)) if jobs is None else jobs
    if jobs <= 1:
        others()
        return _render_chunk(site, work, folder) + 1
    chunks = tasks(work)
    # Workers are forked: they see the site as it is, without copying it through pickle. Freezing
    # the collector's view of the parent's objects first keeps the workers from copying the memory
    # pages that hold them (as gc.freeze's documentation recommends before fork).
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=_start_worker, initargs=(_Task(site, work, folder, others),)) as pool:
            side = pool.apply_async(_write_others)
            written = sum(pool.imap_unordered(_render_slice, chunks))
            side.get()
            return written + 1
    finally:
        gc.unfreeze()

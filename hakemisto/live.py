"""Rebuilding in `serve`: after an edit to organisation or network files, only the pages that show
them are rendered again, and only pages whose bytes changed are rewritten.

The build stays in memory between edits (content, derived data, pages, rendered cards). An edit
reloads the changed files, checks them and the rules across files, derives the pages again and
re-renders a page when its data changed: its own organisation or network, one it lists, or the
list itself (an organisation joining, leaving or moving within a theme, area or A–Ö page). Pages
that summarise everything (home, search, calendar, …) are always rendered again; they are few.
Each file is replaced atomically (written beside, then renamed), so a reader never sees half a
page, and the result is byte for byte what a full build writes. Any other change (site settings,
vocabularies, templates, styles, code) rebuilds everything. The open-data files follow right
after the pages; the search index is rebuilt in the background, and an edit made meanwhile stops
that run and starts a fresh one, so the next edit never waits for the index.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .cache import Cache
from .check import check
from .content import KINDS, Content, _entity_files, _load_one
from .exports import Pieces, joined
from .heap import paused_collector
from .model import build_directory
from .problems import Problem
from .rules import check_rules
from .search import SearchIndexError, start_pagefind, wait_pagefind
from .site import (Page, Renderer, Site, _prepare, build_prepared, collect_pages, compile_templates, environment,
                   other_files)

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one (re)build did."""

    problems: list[Problem] = field(default_factory=list)
    full: bool = False
    rendered: int = 0
    written: int = 0
    removed: int = 0
    pages_seconds: float = 0.0
    data_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def write_if_changed(target: Path, data: bytes) -> bool:
    """Replace `target` atomically when its bytes differ; True when it was written."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _remove_page(out: Path, relative: str) -> None:
    """Delete a page that no longer exists, and the folders it leaves empty."""
    target = out / relative
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class SearchIndexer:
    """Keeps the search index of a served site up to date in the background. Each request indexes
    the whole site beside `pagefind/` and swaps the result in, so searching works meanwhile; a
    newer request stops the run in progress (its pages are already out of date) and starts again."""

    def __init__(self, out: Path, report: Callable[[float, str], None] | None = None) -> None:
        self.out = out
        self.report = report
        self.seconds = 0.0
        self.error = ""
        self._lock = threading.Condition()
        self._wanted = 0
        self._done = 0
        self._process: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Index the site again soon, stopping a run that is under way."""
        with self._lock:
            self._wanted += 1
            if self._process is not None:
                self._process.terminate()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every request so far has been served; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._done == self._wanted, timeout)

    def cancel(self) -> None:
        """Stop any run and forget what was asked (a full build indexes the site itself)."""
        with self._lock:
            self._done = self._wanted
            if self._process is not None:
                self._process.terminate()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        try:
            self._serve_requests()
        except Exception as err:  # noqa: BLE001 - reported, and later requests start a new thread
            log.exception("search index")
            with self._lock:
                self.error, self._done, self._thread = str(err) or type(err).__name__, self._wanted, None
                self._lock.notify_all()
            if self.report is not None:
                self.report(0.0, self.error)

    def _serve_requests(self) -> None:
        staging, old, bundle = self.out / ".pagefind-new", self.out / ".pagefind-old", self.out / "pagefind"
        while True:
            with self._lock:
                wanted = self._wanted
                if wanted == self._done:
                    self._thread = None
                    self._lock.notify_all()
                    return
                started = time.perf_counter()
                self._process = start_pagefind(self.out, staging)
                process = self._process
            error = ""
            try:
                wait_pagefind(process, staging)
            except SearchIndexError as err:
                error = str(err)
            with self._lock:
                self._process = None
                if self._wanted != wanted or self._done == self._wanted:  # asked again, or cancelled
                    shutil.rmtree(staging, ignore_errors=True)
                    continue
                if not error:
                    if bundle.exists():
                        os.replace(bundle, old)
                    os.replace(staging, bundle)
                self.seconds, self.error = time.perf_counter() - started, error
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
            if self.report is not None:
                self.report(self.seconds, error)
            with self._lock:
                self._done = max(self._done, wanted)
                self._lock.notify_all()


class LiveBuild:
    """A site kept in memory between edits, rebuilt fully or in part."""

    def __init__(self, content_dir: Path, out: Path, base_url: str | None = None, search: bool = True,
                 cache: Cache | None = None, today: date | None = None, jobs: int | None = None,
                 report_search: Callable[[float, str], None] | None = None) -> None:
        self.content_dir = content_dir.resolve()
        self.out = out
        self.base_url = base_url
        self.search = search
        self.cache = cache
        self.today = today
        self.jobs = jobs
        self.content: Content | None = None
        self.site: Site | None = None
        self.pages: dict[str, Page] = {}
        self.renderer: Renderer | None = None
        self.pieces = Pieces()
        self.indexer = SearchIndexer(out, report_search)

    def full(self) -> Outcome:
        """Check everything and build the whole site atomically (as `build` does)."""
        started = time.perf_counter()
        self.indexer.cancel()  # the full build indexes the site itself, in the folder it swaps in
        environment.cache_clear()
        self.site = self.renderer = None
        content, problems = check(self.content_dir, self.cache)
        self.content = content
        if problems or content is None:
            return Outcome(problems=problems, full=True)
        site, pages = _prepare(content, self.base_url, self.today)
        self.pieces = Pieces()  # settings or vocabularies may have changed
        stats = build_prepared(site, pages, self.out, self.search, self.jobs, self.pieces)
        self.site, self.pages, self.renderer = site, {p.path: p for p in pages}, Renderer(site)
        self._warm(site, pages)
        gc.freeze()  # what stays in memory is out of the collector's way until `finish`
        return Outcome(full=True, rendered=stats.pages, written=stats.pages,
                       pages_seconds=time.perf_counter() - started)

    def _warm(self, site: Site, pages: list[Page]) -> None:
        """Prepare, once, what the first edit would otherwise wait for: compiled templates, every
        organisation's card in every language and the search facets (the workers' copies are gone)."""
        assert self.renderer is not None
        compile_templates(site.config.languages)
        for lang in site.config.languages:
            helpers = self.renderer.helpers[lang]
            for page in pages:
                heading = page.context.get("card_heading")
                for _group, items in page.context.get("groups", {}).get(lang, []) if heading else []:
                    for slug in items:
                        helpers.card(slug, heading)
        site.used_facets  # noqa: B018 - computed and kept

    def _entity(self, path: Path) -> tuple[str, str] | None:
        """(folder, slug) when `path` is an organisation or network file, else None."""
        try:
            relative = path.resolve().relative_to(self.content_dir)
        except ValueError:
            return None
        if len(relative.parts) == 2 and relative.parts[0] in KINDS and relative.suffix == ".yaml":
            return relative.parts[0], relative.stem
        return None

    def update(self, changed: set[Path]) -> Outcome:
        """Rebuild after `changed` files: only the affected pages when only organisation and
        network files changed and the last build succeeded, else everything. After a partial
        rebuild, call `finish` for the open-data files and the search index."""
        changed = {p for p in changed if not (p.name.startswith(".") and p.parent.name in KINDS)}  # editors' files
        if not changed and self.site is not None:
            return Outcome()
        entities = {path: self._entity(path) for path in changed}
        if self.site is None or self.content is None or not entities or None in entities.values():
            return self.full()
        started = time.perf_counter()
        with paused_collector():
            return self._update(entities, started)

    def _update(self, entities: dict[Path, tuple[str, str]], started: float) -> Outcome:
        assert self.site is not None
        content, problems, touched = self._reload(entities)
        self.content = content
        if problems:
            self.site = None  # the next change checks everything again
            return Outcome(problems=problems)
        site = Site(build_directory(content, self.site.config))
        site.inherit(self.site, touched)
        pages = collect_pages(site)
        renderer = Renderer(site)
        assert self.renderer is not None
        renderer.inherit(self.renderer, touched)
        outcome = self._write_pages(site, pages, renderer, touched)
        self.site, self.pages, self.renderer = site, {p.path: p for p in pages}, renderer
        gc.freeze()
        outcome.pages_seconds = time.perf_counter() - started
        return outcome

    def finish(self, outcome: Outcome) -> None:
        """After the pages: the open-data files, sitemap and assets; then the search index is
        rebuilt in the background (`indexer.wait()` waits for it)."""
        assert self.site is not None
        begun = time.perf_counter()
        with paused_collector():
            for relative, data in other_files(self.site, list(self.pages.values()), self.pieces):
                outcome.written += write_if_changed(self.out / relative, joined(data))
        outcome.data_seconds = time.perf_counter() - begun
        if self.search:
            self.indexer.request()
        gc.unfreeze()  # collect the cycles the replaced build left, once the site is up to date
        gc.collect()
        gc.freeze()

    def _reload(self, changed: dict[Path, tuple[str, str]]) -> tuple[Content, list[Problem], set[str]]:
        """The content with the changed files read again, its problems, and the `o:`/`n:` keys touched."""
        assert self.content is not None
        folders = {"organizations": dict(self.content.organizations), "networks": dict(self.content.networks)}
        problems: list[Problem] = []
        touched: set[str] = set()
        added = False
        for path, (folder, slug) in sorted(changed.items()):
            touched.add(f"{'o' if folder == 'organizations' else 'n'}:{slug}")
            added |= path.is_file() and slug not in folders[folder]
            folders[folder].pop(slug, None)
            if path.is_file():
                doc, found = _load_one(path, KINDS[folder])
                problems += found
                if doc is not None:
                    folders[folder][slug] = doc
        if added:  # a new file: check the file names as a full check does
            for folder in KINDS:
                problems += _entity_files(self.content_dir / folder)[1]
        content = replace(self.content, **{
            folder: dict(sorted(docs.items(), key=lambda item: item[0] + ".yaml")) for folder, docs in folders.items()})
        if not problems:
            problems = check_rules(content, {key[2:] for key in touched if key.startswith("o:")})
        return content, sorted(problems), touched

    def _write_pages(self, site: Site, pages: list[Page], renderer: Renderer, touched: set[str]) -> Outcome:
        outcome = Outcome()
        langs = site.config.languages
        seen: set[str] = set()
        for page in pages:
            seen.add(page.path)
            old = self.pages.get(page.path)
            if not (old is None or page.deps is None or old.deps is None or old.template != page.template
                    or old.lastmod != page.lastmod or page.deps & touched or old.deps & touched
                    or old.context != page.context):
                continue
            for lang in langs:
                outcome.rendered += 1
                outcome.written += write_if_changed(self.out / f"{site.prefix(lang)}{page.path}index.html",
                                                    renderer.page(page, lang))
        for path in self.pages.keys() - seen:
            for lang in langs:
                _remove_page(self.out, f"{site.prefix(lang)}{path}index.html")
                outcome.removed += 1
        return outcome

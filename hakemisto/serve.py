"""`build.py serve`: build, serve locally, rebuild on every change and reload the browser."""
from __future__ import annotations

import html
import logging
import posixpath
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .site import i18n
from .content.check import check
from .content.tree import KINDS, Content
from .content.loader import load_document
from .content.problems import report
from .data.baseforms import available
from .model.config import normalise_base_url
from .site.urls import base_path

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("content", "templates", "schemas", "static", "hakemisto/locale", "CONTRIBUTING.md")
RELOAD_PATH = "/__reload.js"
RELOAD_SCRIPT = (
    "(function(){var v=null;function poll(){fetch('/__build',{cache:'no-store'}).then(function(r)"
    "{return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})"
    ".finally(function(){setTimeout(poll,250)})}poll()})();\n"
)
"""Reloads the page when a new build is ready; served as a file of its own, as the pages' content
security policy allows only the site's own scripts."""


class State:
    """The latest build's number and, when it failed, the problems to show on every page."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.build = 0
        self.errors = ""
        self.checked: Content | None = None
        """The content of the latest check that found no problem: its unchanged files are not read again."""

    def set(self, errors: str) -> None:
        """Record the outcome of a build: its errors, or '' when it succeeded."""
        with self.lock:
            self.build += 1
            self.errors = errors


class Handler(SimpleHTTPRequestHandler):
    """Serves the built site under its base path, with a reload script and error banner. GET and HEAD
    are answered by one method with one containment check; any other method is refused (501)."""

    def __init__(self, *args: Any, state: State, base_path: str, **kwargs: Any) -> None:
        self.state = state
        self.base_path = base_path
        self.head_only = False
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug(format, *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        """Answer with a file of the site (or the error page)."""
        self.head_only = False
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        """Answer as GET would, without the body."""
        self.head_only = True
        self._answer()

    def _answer(self) -> None:
        """The response to GET (or, without its body, to HEAD): only files inside the served folder."""
        if self.path.startswith("/__build"):
            body = f"{self.state.build}".encode()
            self._send(200, "text/plain", body)
            return
        if self.path == RELOAD_PATH:
            self._send(200, "text/javascript", RELOAD_SCRIPT.encode())
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if self.base_path != "/" and path + "/" == self.base_path:
            self.send_response(301)
            self.send_header("Location", self.base_path)
            self.end_headers()
            return
        if not path.startswith(self.base_path):
            self._send(404, "text/plain", f"The site is served under {self.base_path}\n".encode())
            return
        target = self._inside(path[len(self.base_path):])
        if target is None:
            self._send(404, "text/plain", b"Not found\n")
            return
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            target = target / "index.html"
        if target.suffix == ".html" or not target.exists():
            self._send_page(target)
            return
        self.path = "/" + target.relative_to(Path(self.directory).resolve()).as_posix()
        found = self.send_head()  # the standard handler, given a path that was checked to be inside
        if found is not None:
            try:
                if not self.head_only:
                    self.copyfile(found, self.wfile)
            finally:
                found.close()

    def _inside(self, relative: str) -> Path | None:
        """The file a request path names inside the served folder, or None when it points outside."""
        root = Path(self.directory).resolve()
        try:
            target = (root / posixpath.normpath("/" + unquote(relative)).lstrip("/")).resolve()
            target.is_dir()  # a name no file system takes (a NUL byte, too long) fails here, not later
        except (ValueError, OSError):
            return None
        return target if target == root or target.is_relative_to(root) else None

    def _send_page(self, target: Path) -> None:
        status = 200
        if not target.is_file():
            status, target = 404, Path(self.directory) / "404.html"
        text = target.read_text(encoding="utf-8") if target.is_file() else "<!doctype html><title>…</title><body></body>"
        banner = ""
        with self.state.lock:
            if self.state.errors:
                banner = f'<div role="alert" class="build-errors">{html.escape(self.state.errors)}</div>'
        index = text.find(">", text.find("<body")) + 1 if "<body" in text else 0
        text = text[:index] + banner + text[index:]
        text = text.replace("</body>", f'<script src="{RELOAD_PATH}"></script></body>', 1)
        self._send(status, "text/html; charset=utf-8", text.encode("utf-8"))

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)


class Indexer:
    """Builds the search index of the latest build in a background thread, so that pages show as
    soon as they are written; a build made meanwhile is indexed next, and older ones are skipped."""

    def __init__(self) -> None:
        self._wanted: Path | None = None
        self._ready = threading.Condition()
        threading.Thread(target=self._run, daemon=True).start()

    def request(self, folder: Path) -> None:
        """Ask for a build into `folder` (a later request replaces one not yet started)."""
        with self._ready:
            self._wanted = folder
            self._ready.notify()

    def _run(self) -> None:
        from .data.search import SearchIndexError, run_pagefind

        while True:
            with self._ready:
                while self._wanted is None:
                    self._ready.wait()
                folder, self._wanted = self._wanted, None
            started = time.perf_counter()
            try:
                run_pagefind(folder)
            except (SearchIndexError, OSError) as err:
                if folder.exists() and self._wanted is None:
                    print(f"The search index could not be made: {err}", file=sys.stderr, flush=True)
                continue
            print(f"Search index ready in {time.perf_counter() - started:.1f} s", flush=True)


def edited_entities(changed: set[Path], content_dir: Path) -> list[tuple[str, str]] | None:
    """(kind, id) of the organisation and network files among the changed paths; None when
    anything else changed (settings, vocabularies, templates, code)."""
    found = []
    root = content_dir.resolve()
    for path in changed:
        try:
            folder, name = path.resolve().relative_to(root).parts
        except ValueError:
            return None
        if folder not in KINDS or not name.endswith(".yaml"):
            return None
        found.append((KINDS[folder], name[:-len(".yaml")]))
    return found


def rebuild(content_dir: Path, out: Path, base_url: str | None, state: State, lang: str,
            changed: set[Path] | None = None) -> bool:
    """Check and build everything; on problems keep the last good site and show the problems on
    every page. After an edit to organisation or network files, their own pages are rewritten
    first (the browser reloads then), and the whole site follows."""
    from .site.output import OutputError
    from .site.render import BuildError
    from .runner import build_site, make_site, write_own_pages

    started = time.perf_counter()
    edited = edited_entities(changed, content_dir) if changed else None
    content, problems = check(content_dir, state.checked if edited else None)
    if problems or content is None:
        text = report(problems, lang, github=False)
        print(text, file=sys.stderr, flush=True)
        state.set(text)
        return False
    state.checked = content
    try:
        if edited and out.is_symlink():
            written = write_own_pages(make_site(content, base_url), edited, out.resolve())
            state.set("")
            print(f"Rewrote {written} pages of the edited files in {time.perf_counter() - started:.2f} s", flush=True)
        stats = build_site(content, out, base_url=base_url, search=False)
    except (BuildError, OutputError) as err:
        print(err, file=sys.stderr, flush=True)
        state.set(str(err))
        return False
    state.set("")  # the browser reloads now
    print(f"Built {stats.pages} pages in {time.perf_counter() - started:.2f} s", flush=True)
    return True


def forget_templates(changed: set[Path]) -> None:
    """After an edit to templates or translations, read them again on the next build."""
    from .site.templating import environment

    if any(part in ("templates", "locale") for path in changed for part in path.parts):
        environment.cache_clear()
        i18n.translations.cache_clear()


def served_path(content_dir: Path, base_url: str | None) -> str:
    """The path the site is served under: from --base-url, else site.yaml (read alone), else '/'."""
    if base_url is None:
        site_file = content_dir / "site.yaml"
        doc = load_document(site_file)[0] if site_file.is_file() else None
        found = doc.data.get("base_url") if doc is not None else None
        base_url = found if isinstance(found, str) else "/"
    return base_path(normalise_base_url(base_url))


def serve(content_dir: Path, out: Path, base_url: str | None, host: str, port: int, lang: str,
          search: bool = True) -> int:
    """Build, serve on host:port, and build again whenever a watched file changes."""
    from watchfiles import watch

    state = State()
    indexer = Indexer() if search else None
    # Importing the Finnish analyser takes about a second; it is needed only when an edit brings a
    # word the base form cache does not know, so it is imported now, beside the first build, and
    # not then, when the edited page should show at once.
    threading.Thread(target=available, daemon=True).start()
    if rebuild(content_dir, out, base_url, state, lang) and indexer:
        indexer.request(out.resolve())
    path = served_path(content_dir, base_url)
    handler = partial(Handler, directory=str(out), state=state, base_path=path)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://{host}:{port}{path} — press Ctrl+C to stop", flush=True)
    paths = [ROOT / p for p in WATCHED if (ROOT / p).exists()]
    if content_dir.resolve() not in [p.resolve() for p in paths]:
        paths.append(content_dir)
    try:
        for changes in watch(*paths, debounce=100):
            changed = {Path(c[1]) for c in changes}
            log.info("changed: %s", ", ".join(sorted(map(str, changed))))
            forget_templates(changed)
            if rebuild(content_dir, out, base_url, state, lang, changed) and indexer:
                indexer.request(out.resolve())
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0

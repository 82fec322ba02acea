"""`build.py serve`: build, serve locally, rebuild on every change and reload the browser."""
from __future__ import annotations

import html
import logging
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .cache import Cache
from .live import LiveBuild
from .loader import load_document
from .model import base_path, normalise_base_url
from .problems import report

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("content", "templates", "schemas", "static", "hakemisto/locale", "CONTRIBUTING.md")
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;function poll(){fetch('/__build',{cache:'no-store'}).then(function(r)"
    "{return r.text()}).then(function(t){if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})"
    ".finally(function(){setTimeout(poll,1000)})}poll()})();</script>"
)


class State:
    """The latest build's number and, when it failed, the problems to show on every page."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.build = 0
        self.errors = ""

    def set(self, errors: str) -> None:
        with self.lock:
            self.build += 1
            self.errors = errors


class Handler(SimpleHTTPRequestHandler):
    """Serves the built site under its base path, with a reload script and error banner."""

    def __init__(self, *args: Any, state: State, base_path: str, **kwargs: Any) -> None:
        self.state = state
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug(format, *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.path.startswith("/__build"):
            body = f"{self.state.build}".encode()
            self._send(200, "text/plain", body)
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
        relative = path[len(self.base_path):]
        target = Path(self.directory) / relative
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
        self.path = "/" + relative
        super().do_GET()

    def _send_page(self, target: Path) -> None:
        status = 200
        if not target.is_file():
            status, target = 404, Path(self.directory) / "404.html"
        text = target.read_text(encoding="utf-8") if target.is_file() else "<!doctype html><title>…</title><body></body>"
        banner = ""
        with self.state.lock:
            if self.state.errors:
                banner = ('<div role="alert" style="background:#fde2e2;color:#000;border:3px solid #b00020;'
                          'padding:1rem;margin:0;white-space:pre-wrap;font-family:monospace">'
                          f"{html.escape(self.state.errors)}</div>")
        index = text.find(">", text.find("<body")) + 1 if "<body" in text else 0
        text = text[:index] + banner + text[index:]
        text = text.replace("</body>", RELOAD_SCRIPT + "</body>", 1)
        self._send(status, "text/html; charset=utf-8", text.encode("utf-8"))

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def rebuild(live: LiveBuild, state: State, lang: str, changed: set[Path] | None = None) -> bool:
    """Check and build (in full, or only what `changed` touches); on problems keep the last good
    site and show the problems on every page."""
    from .search import SearchIndexError
    from .site import BuildError

    try:
        outcome = live.full() if changed is None else live.update(changed)
        if outcome.ok:
            state.set("")  # the browser reloads now; open data and search follow
            if not outcome.full:
                live.finish(outcome)
    except (BuildError, SearchIndexError) as err:
        print(err, file=sys.stderr, flush=True)
        state.set(str(err))
        return False
    if not outcome.ok:
        text = report(outcome.problems, lang, github=False)
        print(text, file=sys.stderr, flush=True)
        state.set(text)
        return False
    if outcome.full:
        print(f"Built {outcome.written} pages in {outcome.pages_seconds:.2f} s", flush=True)
    else:
        print(f"Updated {outcome.written} files ({outcome.rendered} pages rendered, {outcome.removed} removed):"
              f" pages in {outcome.pages_seconds:.2f} s, open data in {outcome.data_seconds:.2f} s"
              + ("; the search index follows in the background" if live.search else ""), flush=True)
    return True


def _search_done(seconds: float, error: str) -> None:
    if error:
        print(f"The search index could not be updated: {error}", file=sys.stderr, flush=True)
    else:
        print(f"Search index updated in {seconds:.1f} s", flush=True)


def served_path(content_dir: Path, base_url: str | None) -> str:
    """The path the site is served under: from --base-url, else site.yaml (read alone), else '/'."""
    if base_url is None:
        site_file = content_dir / "site.yaml"
        doc = load_document(site_file)[0] if site_file.is_file() else None
        found = doc.data.get("base_url") if doc is not None else None
        base_url = found if isinstance(found, str) else "/"
    return base_path(normalise_base_url(base_url))


def serve(content_dir: Path, out: Path, base_url: str | None, host: str, port: int, lang: str,
          search: bool = True, cache: Cache | None = None) -> int:
    """Build, serve on host:port, and rebuild whenever a watched file changes."""
    from watchfiles import watch

    state = State()
    live = LiveBuild(content_dir, out, base_url, search, cache, report_search=_search_done)
    rebuild(live, state, lang)
    out.mkdir(parents=True, exist_ok=True)
    path = served_path(content_dir, base_url)
    handler = partial(Handler, directory=str(out), state=state, base_path=path)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://{host}:{port}{path} — press Ctrl+C to stop", flush=True)
    paths = [ROOT / p for p in WATCHED if (ROOT / p).exists()]
    if content_dir.resolve() not in [p.resolve() for p in paths]:
        paths.append(content_dir)
    try:
        for changes in watch(*paths, debounce=200):
            log.info("changed: %s", ", ".join(sorted(str(c[1]) for c in changes)))
            rebuild(live, state, lang, {Path(c[1]) for c in changes})
    except KeyboardInterrupt:
        pass
    finally:
        live.indexer.cancel()
        server.shutdown()
    return 0

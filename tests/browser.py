"""Headless Chromium for browser tests: Debian's chromium driven by Playwright, never downloaded."""
from __future__ import annotations

import os
import shutil
import threading
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

BASE = "/hakemisto/"
PAGES = [
    "", "jarjestot/", "jarjestot/kuvitteellinen-perheyhdistys/", "jarjestot/odottava-yhdistys/",
    "jarjestot/aaltoilevat-perheet/", "jarjestot/kuvitteellinen-lastensaatio/", "teemat/", "teemat/mielenterveys/", "alueet/", "alueet/espoo/",
    "alueet/lansi-uudenmaan-hyvinvointialue/", "verkostot/", "verkostot/kuvitteellinen-verkosto/",
    "verkostot/teemaryhma/", "yhteyshenkilot/", "kalenteri/", "osallistu/", "haku/", "data/", "saavutettavuus/",
    "lista/?o=kuvitteellinen-perheyhdistys&o=kuvitteellinen-lastensaatio",
    "jarjestot/verkkotietojen-yhdistys/", "jarjestot/oma-ja-verkko-saatio/",  # facts from web pages
    "lista/?o=verkkotietojen-yhdistys&o=oma-ja-verkko-saatio",
]
"""Every kind of page of the fictional site (below BASE, in each language), and the states of a profile."""
SMALL = {"width": 320, "height": 640}
"""The smallest phone screen: no page may be wider."""
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def require_chromium() -> None:
    """Skip with a reason on a developer machine without Chromium; fail in CI."""
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port; yields the origin URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def serve_fixture_site(factory: pytest.TempPathFactory, overlays: tuple[Path, ...] | None = None) -> Iterator[str]:
    """Build the fictional site (with register and web facts unless other overlays are given) under
    BASE and serve it; yields the origin URL."""
    from conftest import FIXTURES
    from sitebuild import build_fixture

    require_chromium()
    served = factory.mktemp("www")
    extra = (FIXTURES / "register", FIXTURES / "web") if overlays is None else overlays
    build_fixture(factory, base_url=BASE, out=served / BASE.strip("/"), overlays=extra)
    yield from serve_folder(served)


def launch(playwright):
    """Chromium from Debian, with the flags this machine needs."""
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    return playwright.chromium.launch(executable_path=executable, args=ARGS)


def axe_violations(page, within: list[str] | None = None) -> list[tuple]:
    """What axe-core finds in the page as it is now, or only in the parts named by CSS selectors
    (`within`): (rule, impact, first targets) per violation. axe is put in once per loaded page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    context = {"include": [[selector] for selector in within]} if within else None
    results = page.evaluate("context => axe.run(context || document, {resultTypes: ['violations']})", context)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]


def page_problems(page, within: list[str] | None = None, width: bool = True) -> list[tuple]:
    """What axe-core finds in the page as it is now (see axe_violations) and, when `width`, whether
    it is wider than a 320 px phone once the window is narrowed to one (then widened back)."""
    found = axe_violations(page, within)
    if width:
        size = page.viewport_size
        page.set_viewport_size(SMALL)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        page.set_viewport_size(size)
        if wide > SMALL["width"]:
            found.append(("wider than a 320 px phone", wide))
    return found


@lru_cache(maxsize=1)
def _axe_script() -> str:
    """axe-core as axe-playwright-python ships it."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script

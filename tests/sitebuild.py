"""Helpers for tests that build the fixture site and read its pages."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from hakemisto.content.check import check
from hakemisto.runner import build_site

TODAY = date(2026, 11, 27)


def build(content: Path, out: Path, base_url: str | None = None, today: date = TODAY, search: bool = False) -> Path:
    """Check and build a content tree into `out` (search index only when asked); the check must pass."""
    loaded, problems = check(content)
    assert problems == [], [p.text() for p in problems]
    build_site(loaded, out, base_url=base_url, today=today, search=search)
    return out


def build_fixture(factory, base_url: str | None = None, overlays: tuple[Path, ...] = (), search: bool = False,
                  out: Path | None = None) -> Path:
    """Copy the valid fictional tree (plus overlays) into a temporary folder and build it."""
    from conftest import VALID, overlay

    root = factory.mktemp("content") / "content"
    shutil.copytree(VALID, root)
    for extra in overlays:
        overlay(extra, root)
    return build(root, out or factory.mktemp("out") / "site", base_url=base_url, search=search)


def page(out: Path, path: str) -> BeautifulSoup:
    """A built page parsed; `path` like "sv/jarjestot/x/"."""
    file = out / path / "index.html" if not path.endswith(".html") else out / path
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def add_orgs(content: Path, count: int) -> None:
    """Fictional listed organisations (enough to fill more than one list page)."""
    for i in range(count):
        (content / "organizations" / f"kuvitteellinen-kerho-{i:03d}.yaml").write_text(
            f"name: Kuvitteellinen kerho {i:03d}\nstatus: listed\nthemes: [liikunta]\nareas: [espoo]\n",
            encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def render_organisation(content, slug: str) -> dict[str, bytes]:
    """What a build makes of one organisation: its own page in every language and all the open data,
    each file parsed as its format says (a whole build takes seconds: too slow for property tests)."""
    import json
    import xml.etree.ElementTree as ET

    from hakemisto.data.exports import all_exports, joined
    from hakemisto.site.pages import organization_page
    from hakemisto.site.render import render_page
    from hakemisto.runner import make_site

    site = make_site(content, "https://example.org/", TODAY)
    own = organization_page(site, slug)
    files = {f"{lang}/{own.path}": render_page(site, own, lang) for lang in site.config.languages}
    files.update((path, joined(data)) for path, data in all_exports(site.d, site.urls))
    for path, data in files.items():
        if path.endswith(".json"):
            json.loads(data)
        elif path.endswith(".xml"):
            ET.fromstring(data)
        elif not path.endswith((".csv", ".ics")):
            assert data.rstrip().endswith(b"</html>"), path
    return files

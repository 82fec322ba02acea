"""Output guarantees: links resolve (also under a sub-path), builds are deterministic and atomic,
Markdown is sanitised, content is escaped, and no page asks another host for anything."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import INVALID, ROOT, overlay
from sitebuild import TODAY, build, page

ORG = "organizations/kuvitteellinen-perheyhdistys.yaml"


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def internal_targets(site: Path, base_path: str) -> list[tuple[str, str]]:
    """(page, link) for every internal href/src that does not resolve to a built file."""
    broken = []
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        ids = {t["id"] for t in soup.find_all(id=True)}
        for tag in soup.find_all(["a", "link", "script", "img", "form"]):
            url = tag.get("href") or tag.get("src") or tag.get("action")
            if url and url.startswith("webcal://"):
                url = urlsplit(url).path
            if not url or url.startswith(("mailto:", "tel:", "http://", "https://")):
                continue
            parts = urlsplit(url)
            if not parts.path:
                if parts.fragment and parts.fragment not in ids:
                    broken.append((str(html.relative_to(site)), url))
                continue
            if not parts.path.startswith(base_path):
                broken.append((str(html.relative_to(site)), url))
                continue
            target = site / unquote(parts.path[len(base_path):])
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append((str(html.relative_to(site)), url))
            elif parts.fragment and target.suffix == ".html":
                other = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                if not other.find(id=parts.fragment):
                    broken.append((str(html.relative_to(site)), url))
    return broken


@pytest.mark.parametrize("base_url,base_path", [
    (None, "/"), ("/hakemisto/", "/hakemisto/"), ("https://esimerkki.github.io/hakemisto/", "/hakemisto/"),
])
def test_no_broken_internal_links(content: Path, tmp_path: Path, base_url: str | None, base_path: str) -> None:
    site = build(content, tmp_path / "site", base_url=base_url)
    assert internal_targets(site, base_path) == []
    home = page(site, "sv/")
    assert home.select_one("link[rel=stylesheet]")["href"].startswith(base_path + "assets/style.css?v=")
    if base_url and "://" in base_url:
        locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text())
        assert locs and all(loc.startswith("https://esimerkki.github.io" + base_path) for loc in locs)
    else:  # no public address: no sitemap rather than one with relative addresses
        assert not (site / "sitemap.xml").exists() and "Sitemap:" not in (site / "robots.txt").read_text()


def test_two_builds_are_byte_identical(content: Path, tmp_path: Path) -> None:
    first = tree_digest(build(content, tmp_path / "a"))
    second = tree_digest(build(content, tmp_path / "b"))
    assert first == second


def test_failed_build_leaves_previous_site_untouched(content: Path, tmp_path: Path) -> None:
    site = build(content, tmp_path / "site")
    before = tree_digest(site)
    overlay(INVALID / "references", content)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                             "--out", str(site)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert tree_digest(site) == before
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [site.resolve()]


def test_rebuild_replaces_old_files(content: Path, tmp_path: Path) -> None:
    extra = content / "organizations" / "poistuva-yhdistys.yaml"
    extra.write_text("name: Poistuva yhdistys\nstatus: listed\n", encoding="utf-8")
    site = build(content, tmp_path / "site")
    assert (site / "jarjestot" / "poistuva-yhdistys" / "index.html").is_file()
    extra.unlink()
    build(content, site)
    assert not (site / "jarjestot" / "poistuva-yhdistys").exists()
    assert (site / "jarjestot" / "zeta-saatio" / "index.html").is_file()


HOSTILE = """
description: |
  <script>alert("x")</script>

  <iframe src="https://evil.example"></iframe>

  [klikkaa](javascript:alert(1)) ja [tämä](https://example.org/ok)

  <img src="https://tracker.example/p.gif" onerror="alert(1)">

  <a href="data:text/html,boo">data</a> <b onclick="x()">lihava</b>

  # Iso otsikko

  <style>body{display:none}</style>
"""


def test_markdown_is_sanitised_and_text_escaped(content: Path, tmp_path: Path) -> None:
    target = content / ORG
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"description:\n  fi: \|\n(    .*\n|\n)+  en: .*\n", "", text)
    text = text.replace("short_name: KPY", 'short_name: "<b>KPY</b>"')
    target.write_text(text + HOSTILE, encoding="utf-8")
    site = build(content, tmp_path / "site")
    html = (site / "jarjestot" / "kuvitteellinen-perheyhdistys" / "index.html").read_text(encoding="utf-8")
    about = BeautifulSoup(html, "html.parser").find(id="about").parent
    assert about.find("script") is None and about.find("iframe") is None and about.find("img") is None
    assert about.find("style") is None
    hrefs = [a.get("href") for a in about.find_all("a")]
    assert hrefs == [None, "https://example.org/ok", None]
    assert all(not any(attr.startswith("on") for attr in tag.attrs) for tag in about.find_all(True))
    assert about.find("h3").get_text() == "Iso otsikko"
    assert "&lt;b&gt;KPY&lt;/b&gt;" in html and "<b>KPY</b>" not in html


def test_no_requests_to_other_hosts(content: Path, tmp_path: Path) -> None:
    site = build(content, tmp_path / "site")
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"]):
            url = tag.get("src") or (tag.get("href") if tag.name == "link" else None) or tag.get("data")
            if url:
                assert not urlsplit(url).netloc, (html, url)
        for style in soup.find_all(style=True):
            assert "url(" not in style["style"]
    for css in site.rglob("*.css"):
        body = css.read_text(encoding="utf-8")
        assert "@import" not in body and "url(" not in body and "//" not in body.replace("/*", "").replace("*/", "")


def test_build_is_reproducible_on_a_given_day(content: Path, tmp_path: Path) -> None:
    a = build(content, tmp_path / "a", today=TODAY)
    listing = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert "404.html" in listing and "robots.txt" in listing
    assert len([p for p in listing if p.endswith("index.html")]) == 3 * 62


def test_every_page_has_a_content_security_policy_and_no_referrer(content: Path, tmp_path: Path) -> None:
    site = build(content, tmp_path / "site")
    for html in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None, html
        rules = {part.split()[0]: part.split()[1:] for part in policy["content"].split(";") if part.strip()}
        assert rules["object-src"] == ["'none'"] and rules["base-uri"] == ["'none'"], html
        assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"] and "'unsafe-inline'" not in policy["content"]
        assert soup.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer", html
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") in ("application/ld+json", "application/json"), html
        assert not soup.find_all(style=True), html


def test_with_a_public_address_the_formats_that_need_one_have_absolute_urls(content: Path, tmp_path: Path) -> None:
    """hreflang alternates, sitemap, robots, calendar URL, Atom links, JSON-LD and HSDS `uri`."""
    import json

    from icalendar import Calendar

    origin = "https://esimerkki.github.io/hakemisto/"
    site = build(content, tmp_path / "site", base_url=origin)
    for html in site.rglob("index.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("link[hreflang]"):
            assert link["href"].startswith(origin), (html, link)
        for script in soup.select('script[type="application/ld+json"]'):
            for found in re.findall(r'"url": "([^"]+)"', script.string):
                assert found.startswith(("https://", "http://")), (html, found)
    assert re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text()) and \
        all(loc.startswith(origin) for loc in re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text()))
    assert f"Sitemap: {origin}sitemap.xml" in (site / "robots.txt").read_text()
    events = Calendar.from_ical((site / "calendar.ics").read_bytes()).walk("VEVENT")
    assert events and all(str(e["url"]).startswith(("https://", "http://")) for e in events)
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{origin}feed.xml"' in feed and 'href="/' not in feed
    hsds = json.loads((site / "api" / "hsds" / "organizations.json").read_text(encoding="utf-8"))["contents"]
    assert all(o["uri"].startswith(origin) for o in hsds)


def test_without_a_public_address_the_build_says_what_it_left_out(content: Path, tmp_path: Path) -> None:
    import json

    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                             "--out", str(tmp_path / "site"), "--no-search", "--base-url", "/hakemisto/"],
                            capture_output=True, text=True, check=True)
    assert result.stderr.count("public address is not known") == 1 and "sitemap.xml" in result.stderr
    site = tmp_path / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "feed.xml").exists()
    hsds = json.loads((site / "api" / "hsds" / "organizations.json").read_text(encoding="utf-8"))["contents"]
    assert all("uri" not in o for o in hsds)
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert not home.select_one('link[type="application/atom+xml"]')

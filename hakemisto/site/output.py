"""Writing the site: files that are not pages, and the safe swap of a finished build into place.

A build is written into a fresh folder beside the output (`.site.<random>.build`) and, once
complete and indexed, the output path is pointed at it by replacing a symbolic link, which is
atomic: at every instant `site/` is either the previous build or the new one, whole. The previous
build's folder is then removed in the background, so a build does not wait for thousands of files
to be deleted. A folder this tool made holds a marker file; `--out` refuses anything else that is
not empty, so a mistyped path never deletes someone's files.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import urls
from .urls import Urls

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parents[2] / "static"
MARKER = ".hakemisto-build"
"""A file in every folder this tool builds: proof that the folder may be replaced."""
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

FileData = bytes | Iterable[bytes]
"""A file's bytes, or its bytes in pieces made as they are written (so no one string holds a large file)."""


class OutputError(Exception):
    """The output folder cannot be used (not made by this tool, not writable, disk full)."""


# ----------------------------------------------------------------------------- files that are not pages


def assets() -> list[Path]:
    """The files served under assets/: our own (static/) and third-party scripts (static/vendor/*.js)."""
    own = [p for p in sorted(STATIC.iterdir()) if p.is_file()]
    return own + sorted((STATIC / "vendor").glob("*.js"))


def asset_versions() -> dict[str, str]:
    """A short content hash per static file, for cache-busting URLs."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10] for p in assets()}


def static_files() -> dict[str, bytes]:
    """The stylesheet, scripts and icon, under assets/."""
    return {urls.file("asset", p.name): p.read_bytes() for p in assets()}


def sitemap(links: Urls, pages: Iterable[tuple[str, str]]) -> bytes:
    """sitemap.xml: every page path (with its last-modified date, or '') in every language, with
    hreflang alternates."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path, lastmod in pages:
        for lang in links.languages:
            entry = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
            ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = links.absolute(path, lang)
            if lastmod:
                ET.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
            for alt in links.languages:
                ET.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=alt, href=links.absolute(path, alt))
    return xml_bytes(root)


def xml_bytes(root: ET.Element) -> bytes:
    """An XML document as UTF-8 with a declaration and a final newline."""
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(links: Urls) -> bytes:
    """robots.txt allowing everything and naming the sitemap (when the site's address is known). On a
    GitHub project site this file is not at the host's root, where crawlers look for it (see README)."""
    lines = ["User-agent: *", "Allow: /"] + ([f"Sitemap: {links.absolute(urls.file('sitemap'))}"] if links.known else [])
    return ("\n".join(lines) + "\n").encode("utf-8")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet shows as text and never runs as a formula: a value starting with `=`,
    `+`, `-`, `@`, tab or carriage return gets a leading apostrophe (OWASP's CSV injection advice)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def compact_json(data: Any) -> bytes:
    """JSON without spaces, as UTF-8 (the open data's form; a file adds its final newline)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_file(target: Path, data: FileData) -> None:
    """Write a file (bytes, or bytes in pieces), making its folder when it is not there yet (most
    pages have a folder of their own, so the folder is made only when the first write finds none)."""
    try:
        handle = target.open("wb")
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = target.open("wb")
    with handle:
        if isinstance(data, bytes):
            handle.write(data)
        else:
            handle.writelines(data)


def write_files(folder: Path, files: Iterable[tuple[str, FileData]]) -> None:
    """Write files (path relative to `folder` → bytes or pieces of bytes)."""
    for relative, data in files:
        write_file(folder / relative, data)


def replace_file(target: Path, data: bytes) -> None:
    """Replace one file atomically (written beside it, then renamed): a reader sees the old or the new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------------------- the output folder


def _made_here(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def check_output(out: Path) -> None:
    """Refuse an output path that this tool did not make and that is not empty."""
    if out.is_symlink():
        if not _made_here(out):
            raise OutputError(f"{out} is a link to a folder this tool did not build; choose another --out")
    elif out.is_dir():
        if any(out.iterdir()) and not _made_here(out):
            raise OutputError(f"{out} is a folder with files this tool did not write; it was left alone. "
                              f"Choose an empty or new folder for --out.")
    elif out.exists():
        raise OutputError(f"{out} is a file, not a folder; choose another --out")


def _builds(out: Path) -> list[Path]:
    """The build folders beside `out` (current, older, or left by a build that was killed)."""
    return sorted(out.parent.glob(f".{out.name}.*.build"))


def remove_stale(out: Path) -> None:
    """Remove build folders of earlier runs that `out` no longer points at."""
    current = out.resolve() if out.is_symlink() else None
    for folder in _builds(out):
        if folder.resolve() != current and _made_here(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _remove_later(folder: Path) -> None:
    """Delete a folder in a separate process that outlives this one (deleting a large tree takes seconds)."""
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                      str(folder)], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def build_into(out: Path, fill: Callable[[Path], None]) -> None:
    """Make a new build folder beside `out`, let `fill` write the site into it, then point `out`
    at it atomically. On any failure the previous site stays as it was and the new folder is removed."""
    out = Path(os.path.abspath(out))
    check_output(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".build", dir=out.parent))
    except OSError as err:
        raise OutputError(f"cannot write beside {out}: {err.strerror or err}") from err
    try:
        folder.chmod(0o755)
        (folder / MARKER).write_bytes(b"")
        fill(folder)
        previous = out.resolve() if out.is_symlink() else None
        _point(out, folder)
    except BaseException as err:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(err, OSError):
            raise OutputError(f"the site could not be written ({err.strerror or err}); the previous site is unchanged") from err
        raise
    if previous is not None and previous != folder:
        _remove_later(previous)


def _point(out: Path, folder: Path) -> None:
    """Make `out` a link to `folder` in one atomic step (a real folder there is moved aside first)."""
    link = out.parent / f".{out.name}.link"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(folder.name)
    if out.is_dir() and not out.is_symlink():  # a site built before links were used: moved aside once
        aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".build", dir=out.parent))
        os.replace(out, aside)
        _remove_later(aside)
    os.replace(link, out)

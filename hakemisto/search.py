"""Search: the facets each page is filed under, and the Pagefind index over the built site."""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from .model import Directory
from .webfacts import effective_list

log = logging.getLogger(__name__)

# Facet key (also the URL parameter) → vocabulary its values come from.
FACETS = (
    ("theme", "themes"), ("municipality", "areas"), ("area", "areas"), ("language", "languages"),
    ("target", "target-groups"), ("format", "activity-formats"), ("free", ""), ("selfref", ""), ("type", ""),
)


UNKNOWN = "unknown"
"""The filter value of an organisation that has not told where it works or in which languages."""

# Only profiles, network pages and theme pages carry data-pagefind-body; reading no other file halves index time.
PAGES_GLOB = "**/{jarjestot,verkostot,teemat}/*/index.html"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def activity_values(data: dict[str, Any], field: str) -> list[str]:
    """A list field of the organisation (its own, else its web pages') together with the same field
    of its activities, each once."""
    values = effective_list(data, field)
    for activity in data.get("activities", []):
        values += activity.get(field, [])
    return list(dict.fromkeys(values))


def page_facets(d: Directory, kind: str, slug: str) -> list[tuple[str, str]]:
    """(facet, id) pairs a profile or network page is filed under; ids are turned into labels per language."""
    data = d.org(slug) if kind == "organization" else d.net(slug)
    pairs: list[tuple[str, str]] = [("type", kind)]
    pairs += [("theme", t) for t in effective_list(data, "themes")]
    areas = activity_values(data, "areas")
    towns, touched = d.areas_touched(areas)
    pairs += [("municipality", t) for t in towns] + [("area", a) for a in touched]
    if kind == "organization" and not areas:
        pairs += [("municipality", UNKNOWN), ("area", UNKNOWN)]  # not dropped silently by an area filter
    if kind == "organization":
        pairs += [("language", l) for l in activity_values(data, "languages")] or [("language", UNKNOWN)]
        pairs += [("target", t) for t in activity_values(data, "target_groups")]
        formats = [a["format"] for a in data.get("activities", []) if a.get("format")]
        pairs += [("format", f) for f in dict.fromkeys(formats)]
        if any(a.get("cost") == "free" for a in data.get("activities", [])):
            pairs.append(("free", "yes"))
        if (data.get("referral") or {}).get("self_referral") is True:
            pairs.append(("selfref", "yes"))
    return pairs


def start_pagefind(site: Path, output: Path) -> subprocess.Popen[str]:
    """Start indexing the built site into a fresh folder `output` (one index per page language)."""
    if output.exists():
        shutil.rmtree(output)
    return subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--quiet",
         "--glob", PAGES_GLOB],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_pagefind(process: subprocess.Popen[str], output: Path) -> None:
    """Wait for a started Pagefind; SearchIndexError unless it wrote an index."""
    stdout, stderr = process.communicate()
    if process.returncode != 0 or not (output / "pagefind.js").is_file():
        raise SearchIndexError((stderr or stdout).strip() or "Pagefind wrote no index")
    log.debug("pagefind: %s", stdout.strip())


def run_pagefind(site: Path, output: Path | None = None) -> None:
    """Index the built site into a fresh `pagefind/` folder (or `output`), one index per page language."""
    bundle = output or site / "pagefind"
    wait_pagefind(start_pagefind(site, bundle), bundle)

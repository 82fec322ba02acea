"""Search: the Pagefind index over the built site (the facets each page is filed under are in
`model.facets`)."""
from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# Only profiles, network pages and theme pages carry data-pagefind-body; reading no other file halves index time.
PAGES_GLOB = "**/{jarjestot,verkostot,teemat}/*/index.html"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


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

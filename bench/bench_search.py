"""Search benchmark: index size, index time and bytes a typical query transfers, on the real
content and on N fictional organisations (default 5,000). Needs Chromium (apt-get install chromium).

usage: python bench/bench_search.py [N]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import launch, serve_folder  # noqa: E402
from generate import write_tree  # noqa: E402
from hakemisto.check import check  # noqa: E402
from hakemisto.site import build_site  # noqa: E402

QUERIES = {"real": "perheet", "fictional": "vertaistuki"}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def query_bytes(site_root: Path, query: str) -> tuple[int, int]:
    """(bytes of Pagefind files fetched for one query on the search page, number of results)."""
    from playwright.sync_api import sync_playwright

    server = serve_folder(site_root)
    origin = next(server)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page()
            sizes: list[int] = []
            page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None)
            page.goto(f"{origin}/haku/?q={query}")
            page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                                   " return s && !s.endsWith('…') && !s.startsWith('Kirjoita'); }")
            found = page.locator("#search-results li").count()
            browser.close()
            return sum(sizes), found
    finally:
        server.close()


def _indexed(content_dir: Path, out: Path) -> tuple[int, float]:
    """Build the site with its search index into `out`: (organisations, seconds spent indexing)."""
    content, problems = check(content_dir)
    assert not problems, problems[:3]
    stats = build_site(content, out, search=True)
    return len(content.organizations), stats.phases["search index"]


def measure_query(content_dir: Path, query: str) -> tuple[float, int]:
    """(KB one query transfers, results shown) on the built content."""
    with tempfile.TemporaryDirectory() as tmp:
        _indexed(content_dir, Path(tmp) / "site")
        transferred, found = query_bytes(Path(tmp) / "site", query)
    return transferred / 1024, found


def measure(label: str, content_dir: Path, query: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        count, seconds = _indexed(content_dir, out)
        size = folder_bytes(out / "pagefind")
        transferred, found = query_bytes(out, query)
    print(f"{label}: {count} organisations")
    print(f"  index time                {seconds:8.2f} s")
    print(f"  index size (3 languages)  {size / 1024:8.0f} KB")
    print(f"  query '{query}' transfers {transferred / 1024:8.0f} KB ({found} results shown)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=5000)
    args = parser.parse_args()
    measure("real content", HERE.parent / "content", QUERIES["real"])
    with tempfile.TemporaryDirectory() as tmp:
        measure("fictional", write_tree(args.n, Path(tmp) / "content"), QUERIES["fictional"])


if __name__ == "__main__":
    main()

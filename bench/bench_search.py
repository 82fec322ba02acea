"""Search benchmark: index size, index time and bytes queries transfer, on the real content and on N
fictional organisations (default 5,000): the first query of a visit (a common word, the same typed key
by key, a rare word, words on no page) and later queries of the same visit. Needs Chromium (apt-get
install chromium).

usage: python bench/bench_search.py [N]
"""
from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import launch, serve_folder  # noqa: E402
from generate import write_tree  # noqa: E402
from hakemisto.content.check import check  # noqa: E402
from hakemisto.runner import build_site  # noqa: E402

QUERIES = {"real": "perheet", "fictional": "vertaistuki"}
PHONE = {"width": 375, "height": 812}
"""The search page is measured as a worker on a phone sees it (filters folded until opened)."""


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


GZIPPED_BY_HOST = (".js", ".json", ".css")
"""GitHub Pages compresses these on the way; Pagefind's own files (.pf_*, wasm) are gzip already."""


@dataclass
class Transfer:
    """What one query on the search page fetched from the Pagefind bundle."""

    raw: int
    served: int
    parts: dict[str, int]
    found: int


def _part(name: str) -> str:
    for suffix, part in ((".pf_meta", "meta"), (".pf_index", "index"), (".pf_fragment", "fragments"),
                         (".pf_filter", "filters"), (".pagefind", "wasm"), (".js", "script"), (".json", "entry")):
        if name.endswith(suffix):
            return part
    return "other"


_SETTLED = ("(before) => { const s = document.getElementById('search-status').textContent;"
            " return s && s !== before && !s.endsWith('…') && !s.startsWith('Kirjoita'); }")


def query_transfers(site_root: Path, queries: list[str], typed: bool = False) -> list[Transfer]:
    """The Pagefind files each query fetches when they are typed one after another on one visit
    to the search page (the first also loads the engine): bytes as sent by a plain server, and as
    GitHub Pages serves them (text files gzip-compressed), by kind of file. The first query comes in
    the page's address, or, when `typed`, is typed key by key as a worker does (the page preloads
    the index for each prefix)."""
    from playwright.sync_api import sync_playwright

    server = serve_folder(site_root)
    origin = next(server)
    out: list[Transfer] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport=PHONE)  # a worker on a phone: the filters folded
            page.set_default_timeout(120_000)  # a busy machine; sizes do not depend on time
            fetched: list[tuple[str, int]] = []
            page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"]))
                    if "/pagefind/" in r.url else None)
            page.goto(f"{origin}/haku/" if typed else f"{origin}/haku/?q={queries[0]}")
            status = ""
            for index, query in enumerate(queries):
                if index or typed:
                    _enter(page, query, typed)
                page.wait_for_function(_SETTLED, arg=status)
                page.wait_for_load_state("networkidle")
                status = page.locator("#search-status").text_content() or ""
                out.append(_transfer(site_root, fetched, page.locator("#search-results li").count()))
                fetched.clear()
            browser.close()
    finally:
        server.close()
    return out


def _enter(page, query: str, typed: bool) -> None:
    """Put a query in the search box: typed key by key (150 ms apart), or filled in at once."""
    if typed:
        page.wait_for_function("() => !document.getElementById('search-filters').hidden")  # the engine is loaded
        page.type("#search-page-input", query, delay=150)
    else:
        page.fill("#search-page-input", query)
        page.press("#search-page-input", "Enter")


def _transfer(site_root: Path, fetched: list[tuple[str, int]], found: int) -> Transfer:
    raw = served = 0
    parts: dict[str, int] = {}
    for url, size in fetched:
        name = url.split("/pagefind/", 1)[1].split("?", 1)[0]
        local = site_root / "pagefind" / name
        sent = len(gzip.compress(local.read_bytes(), 6)) if name.endswith(GZIPPED_BY_HOST) and local.is_file() else size
        raw += size
        served += sent
        parts[_part(name)] = parts.get(_part(name), 0) + sent
    return Transfer(raw, served, parts, found)


def query_transfer(site_root: Path, query: str) -> Transfer:
    """What one query fetches on a first visit to the search page."""
    return query_transfers(site_root, [query])[0]


def query_bytes(site_root: Path, query: str) -> tuple[int, int]:
    """(bytes of Pagefind files fetched for one query on the search page, number of results)."""
    found = query_transfer(site_root, query)
    return found.raw, found.found


def _indexed(content_dir: Path, out: Path) -> tuple[int, float]:
    """Build the site with its search index into `out`: (organisations, seconds spent indexing)."""
    content, problems = check(content_dir)
    assert not problems, problems[:3]
    stats = build_site(content, out, search=True)
    return len(content.organizations), stats.phases["search index"]


def measure_queries(content_dir: Path, visits: list[list[str]]) -> list[list[Transfer]]:
    """What each query of each visit to the search page transfers, on the built content."""
    with tempfile.TemporaryDirectory() as tmp:
        _indexed(content_dir, Path(tmp) / "site")
        return [query_transfers(Path(tmp) / "site", queries) for queries in visits]


def visits(n: int) -> list[tuple[str, list[str], bool]]:
    """The visits measured on N fictional organisations: (what it shows, queries in order, typed)."""
    number = str(n * 47 // 100)  # in one organisation's name and its contact persons' names
    return [
        ("first query, a word on every page; then later queries: another common word, a rare one",
         ["vertaistuki", "leiri", number], False),
        ("first query, the same common word typed key by key", ["vertaistuki"], True),
        ("first query, a rare word (one organisation)", [number], False),
        *((f"first query, a word no page has ({word}: what its index chunk costs)", [word], False)
          for word in RARE_ABSENT),
    ]


RARE_ABSENT = ("keliakia", "lukihäiriö", "yksinäisyys")
"""Need words no fictional page has, spread over the alphabet: a rare word costs the chunk it falls in."""


def measure(label: str, content_dir: Path, plan: list[tuple[str, list[str], bool]]) -> None:
    """Build the content with its index and print its size and what each planned visit transfers."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        count, seconds = _indexed(content_dir, out)
        size = folder_bytes(out / "pagefind")
        print(f"{label}: {count} organisations")
        print(f"  index time                {seconds:8.2f} s")
        print(f"  index size (3 languages)  {size / 1024:8.0f} KB")
        chunks = sorted(f.stat().st_size for f in (out / "pagefind" / "index").glob("fi_*.pf_index"))
        print(f"  Finnish index chunks      {len(chunks):8d}, median {chunks[len(chunks) // 2] / 1024:.0f} KB,"
              f" largest {chunks[-1] / 1024:.0f} KB; over 100 KB: {sum(c > 100 * 1024 for c in chunks)}")
        for title, queries, typed in plan:
            print(f"  {title}:")
            for query, got in zip(queries, query_transfers(out, queries, typed)):
                _print_transfer(query, got)


def _print_transfer(query: str, got: Transfer) -> None:
    print(f"    '{query}' transfers {got.served / 1024:5.0f} KB as GitHub Pages serves it"
          f" ({got.raw / 1024:.0f} KB uncompressed; {got.found} results shown): "
          + ", ".join(f"{part} {size / 1024:.0f}" for part, size in sorted(got.parts.items())) + " KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=5000)
    args = parser.parse_args()
    measure("real content", HERE.parent / "content", [("first query", [QUERIES["real"]], False)])
    with tempfile.TemporaryDirectory() as tmp:
        measure("fictional", write_tree(args.n, Path(tmp) / "content"), visits(args.n))


if __name__ == "__main__":
    main()

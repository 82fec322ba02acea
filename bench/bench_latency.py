"""Search latency on a phone: how long after the last keystroke the first result shows on the
search page, with the CPU slowed down 4× through the Chrome DevTools Protocol
(`Emulation.setCPUThrottlingRate`), on the real content; and, apart from that target, how long a
visit that arrives with a need word (the header's box, `/haku/?q=…`) waits for its first result
from the start of the page load. Needs Chromium (apt-get install chromium).

usage: python bench/bench_latency.py [--runs N] [--rate R]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import launch, serve_folder  # noqa: E402
from hakemisto.content.check import check  # noqa: E402
from hakemisto.runner import build_site  # noqa: E402

PHONE = {"width": 375, "height": 812}
WORDS = ("perheille", "vertaistuki", "masennus", "autismi", "sateenkaari")
WATCH = """word => { window.firstShown = 0;
  new MutationObserver(() => {
    if (!window.firstShown && new URLSearchParams(location.search).get('q') === word &&
        document.querySelector('#search-results li')) window.firstShown = performance.now();
  }).observe(document.getElementById('search-results'), { childList: true }); }"""
"""Notes when the first result of the typed word is shown: a result added once the address holds the
whole word (the page puts the query there just before it searches; results of a shorter prefix
typed earlier are never added after that)."""
ARRIVE = """window.firstShown = 0; document.addEventListener('DOMContentLoaded', () =>
  new MutationObserver(() => { if (!window.firstShown && document.querySelector('#search-results li'))
    window.firstShown = performance.now(); }).observe(document.getElementById('search-results'), { childList: true }));"""
"""Notes when the first result is shown on a page that was loaded with a query (times from the page load's start)."""


def latencies(site: Path, runs: int, rate: float) -> tuple[list[float], list[float]]:
    """Milliseconds from the last keystroke of a need word to its first result, one per query; and
    from the start of loading `/haku/?q=word` to its first result, one per word and run."""
    from playwright.sync_api import sync_playwright

    server = serve_folder(site)
    origin = next(server)
    typed: list[float] = []
    arrived: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for run in range(runs):
                for word in WORDS:
                    typed.append(_typed(browser, origin, word, rate))
                    arrived.append(_arrived(browser, origin, word, rate))
            browser.close()
    finally:
        server.close()
    return typed, arrived


def _phone(browser, rate: float):
    """A new phone-sized page with the CPU slowed `rate` times."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return page


def _typed(browser, origin: str, word: str, rate: float) -> float:
    """Milliseconds from the last keystroke of `word` typed on the open search page to its first result."""
    page = _phone(browser, rate)
    page.goto(f"{origin}/haku/")
    page.wait_for_load_state("networkidle")
    page.focus("#search-page-input")
    page.evaluate(WATCH, word)
    page.keyboard.type(word[:-1], delay=80)
    start = page.evaluate("performance.now()")  # the moment of the last keystroke
    page.keyboard.press(word[-1])
    page.wait_for_function("() => window.firstShown > 0")
    found = page.evaluate("window.firstShown") - start
    page.context.close()
    return found


def _arrived(browser, origin: str, word: str, rate: float) -> float:
    """Milliseconds from the start of loading the search page with `word` in its address to its first result."""
    page = _phone(browser, rate)
    page.add_init_script(ARRIVE)
    page.goto(f"{origin}/haku/?q={word}")
    page.wait_for_function("() => window.firstShown > 0")
    found = page.evaluate("window.firstShown")
    page.context.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate", type=float, default=4.0, help="CPU slow-down (default 4)")
    args = parser.parse_args()
    content, problems = check(HERE.parent / "content")
    assert content is not None and not problems, problems[:3]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build_site(content, out, search=True)
        typed, arrived = latencies(out, args.runs, args.rate)
    print(f"search latency on a phone, CPU {args.rate:g}× slower, real content: last keystroke → first result")
    print(f"  median {statistics.median(typed):.0f} ms, slowest {max(typed):.0f} ms over {len(typed)} queries "
          f"({', '.join(WORDS)}; target ≤ 300 ms)")
    print("arriving with the need word (/haku/?q=…, as from the header's box): start of the page load → first result")
    print(f"  median {statistics.median(arrived):.0f} ms, slowest {max(arrived):.0f} ms over {len(arrived)} visits")


if __name__ == "__main__":
    main()

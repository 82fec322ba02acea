"""Search latency on a phone: how long after the last keystroke the first result shows on the
search page, with the CPU slowed down 4× through the Chrome DevTools Protocol
(`Emulation.setCPUThrottlingRate`), on the real content. Needs Chromium (apt-get install chromium).

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


def latencies(site: Path, runs: int, rate: float) -> list[float]:
    """Milliseconds from the last keystroke of a need word to its first result, one per query."""
    from playwright.sync_api import sync_playwright

    server = serve_folder(site)
    origin = next(server)
    found: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for run in range(runs):
                for word in WORDS:
                    context = browser.new_context(viewport=PHONE)
                    page = context.new_page()
                    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
                    page.goto(f"{origin}/haku/")
                    page.wait_for_load_state("networkidle")
                    page.focus("#search-page-input")
                    page.evaluate(WATCH, word)
                    page.keyboard.type(word[:-1], delay=80)
                    start = page.evaluate("performance.now()")  # the moment of the last keystroke
                    page.keyboard.press(word[-1])
                    page.wait_for_function("() => window.firstShown > 0")
                    found.append(page.evaluate("window.firstShown") - start)
                    context.close()
            browser.close()
    finally:
        server.close()
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
        found = latencies(out, args.runs, args.rate)
    print(f"search latency on a phone, CPU {args.rate:g}× slower, real content: last keystroke → first result")
    print(f"  median {statistics.median(found):.0f} ms, slowest {max(found):.0f} ms over {len(found)} queries "
          f"({', '.join(WORDS)}; target ≤ 300 ms)")


if __name__ == "__main__":
    main()

"""Build benchmark: N fictional organisations; prints time per phase and peak memory.

usage: python bench/bench_build.py [N] [--search]     (default N = 1000)
Not a test: figures vary with the machine; compare runs made side by side.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_tree  # noqa: E402
from hakemisto.content.tree import load_content  # noqa: E402
from hakemisto.content.loader import load_document  # noqa: E402
from hakemisto.content.rules import check_rules  # noqa: E402
from hakemisto.runner import Stats, build_site  # noqa: E402


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--search", action="store_true", help="also time the Pagefind index")
    parser.add_argument("--jobs", type=int, default=None, help="rendering processes (default: one per core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(args.n, Path(tmp) / "content")
        files = sorted((root / "organizations").glob("*.yaml")) + sorted((root / "networks").glob("*.yaml"))
        timings: dict[str, float] = {}
        start = time.perf_counter()
        for path in files:
            load_document(path)
        timings["load (YAML, one process)"] = time.perf_counter() - start
        start = time.perf_counter()
        content, problems = load_content(root)
        timings["load + schema"] = time.perf_counter() - start
        start = time.perf_counter()
        problems += check_rules(content)
        timings["cross-file rules"] = time.perf_counter() - start
        assert not problems, problems[:3]
        stats: Stats = build_site(content, Path(tmp) / "site", today=date(2026, 11, 27), search=args.search, jobs=args.jobs)
        timings.update(stats.phases)
    print(f"{args.n} organisations, {len(content.networks)} networks, {stats.pages} pages")
    for phase, seconds in timings.items():
        print(f"  {phase:<28} {seconds:7.2f} s")
    print(f"  {'peak memory (build)':<28} {peak_mb(resource.RUSAGE_SELF):7.0f} MB")
    if args.search:
        print(f"  {'peak memory (pagefind)':<28} {peak_mb(resource.RUSAGE_CHILDREN):7.0f} MB")


if __name__ == "__main__":
    main()

"""The `serve` rebuild at scale: build once, then edit one organisation file twice and time the updates.

usage: python bench/bench_live.py CONTENT_DIR OUT_DIR [--no-search]
Prints one JSON object: seconds for the first full build, and for each edit the seconds until the
pages were rewritten, then until the open-data files and the search index were. Not a test.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hakemisto.live import LiveBuild  # noqa: E402


def edit_and_update(live: LiveBuild, path: Path, extra: str) -> dict[str, float]:
    """Edit one file, time the update, and put the file back as it was."""
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("status: active", f"status: active\n{extra}", 1), encoding="utf-8")
    try:
        started = time.perf_counter()
        outcome = live.update({path})
        assert outcome.ok and not outcome.full, outcome
        pages = time.perf_counter() - started
        live.finish(outcome)
        live.indexer.wait()
    finally:
        path.write_text(original, encoding="utf-8")
    return {"pages": pages, "rendered": outcome.rendered, "data": outcome.data_seconds,
            "search": live.indexer.seconds if live.search else 0.0, "written": outcome.written}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-search", action="store_true")
    args = parser.parse_args()
    live = LiveBuild(args.content, args.out, search=not args.no_search)
    started = time.perf_counter()
    assert live.full().ok
    result: dict[str, object] = {"full": time.perf_counter() - started}
    active = [path for path in sorted((args.content / "organizations").glob("*.yaml"))
              if "status: active" in path.read_text(encoding="utf-8")]
    for name, path in (("first", active[len(active) // 7]), ("second", active[len(active) // 2])):
        result[name] = edit_and_update(live, path, "short_name: Muokattu")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

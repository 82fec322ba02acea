"""`serve` after one edit, end to end: N fictional organisations in three languages; a real
`build.py serve` process; one organisation file is edited and the time is taken until the edited
profile is served with the new text, and until the whole site has been built again. The edits bring
a word the Finnish base form cache has not seen (as a real edit often does), so the analyser is needed.

usage: python bench/bench_serve.py [N] [--edits E]     (default 1,000 organisations, 3 edits)
Prints JSON: {"own": s, "all": s} (the slowest of the edits). Not a test: figures vary with the machine.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write_tree  # noqa: E402


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def until(predicate, limit: float = 120) -> float:
    """Seconds until `predicate` holds, polling every 10 ms."""
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > limit:
            sys.exit("timed out")
        time.sleep(0.01)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = write_tree(args.n, Path(tmp) / "content")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(content),
                                   "--out", str(Path(tmp) / "site"), "--port", str(port), "--no-search"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        own: list[float] = []
        whole: list[float] = []
        try:
            until(lambda: get(base + "/__build") not in ("", "0"))
            target = content / "organizations" / "esimerkkiyhdistys-17-ry.yaml"
            original = target.read_text(encoding="utf-8")
            new_word = "".join(random.choices("aeiklmnoprstuv", k=9))  # not in the base form cache: the analyser is needed
            for edit in range(args.edits):
                before = get(base + "/__build")
                marker = f"Muokattu nimi {new_word} {edit}"
                start = time.perf_counter()
                target.write_text(original.replace("Esimerkkiyhdistys 17 ry", marker, 1), encoding="utf-8")
                until(lambda: marker in get(base + "/jarjestot/esimerkkiyhdistys-17-ry/"))  # noqa: B023
                own.append(time.perf_counter() - start)
                until(lambda: int(get(base + "/__build") or 0) >= int(before) + 2)  # noqa: B023 - own pages, then all
                whole.append(time.perf_counter() - start)
                time.sleep(0.5)
            target.write_text(original, encoding="utf-8")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps({"own": max(own), "all": max(whole), "n": args.n}))


if __name__ == "__main__":
    main()

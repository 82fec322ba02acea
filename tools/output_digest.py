#!/usr/bin/env python3
"""Digest of everything the build writes, to prove that a change of the code's layout or speed
changes no output byte: builds the real content and a fictional bench tree (bench/generate.py) with
a fixed date and address, and prints `sha256  path` for every file. Run it before and after a change
and compare the two listings (`diff`).

usage: python tools/output_digest.py [N_FICTIONAL_ORGANISATIONS] > digest.txt
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--today", "2026-12-01", "--base-url", "https://example.org/hakemisto/", "--no-search", "--jobs", "1"]


def digest(folder: Path, label: str) -> list[str]:
    """One line per file below `folder`: its SHA-256 and its path under `label`."""
    return [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {label}/{p.relative_to(folder).as_posix()}"
            for p in sorted(folder.rglob("*")) if p.is_file()]


def build(content: Path, out: Path) -> None:
    """Build a content tree with the project's own command."""
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out), *ARGS],
                   check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build(ROOT / "content", work / "real")
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(count), str(work / "fictional-content")],
                       check=True, stdout=subprocess.DEVNULL)
        build(work / "fictional-content", work / "fictional")
        lines = digest(work / "real", "real") + digest(work / "fictional", "fictional")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

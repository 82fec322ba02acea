"""`make bench`: our build beside Hugo on the same fictional organisations, on this machine.

Prints one table: cold build (one language, and all three per language), a build again into the
same folder, peak memory, the `serve` rebuild after editing one file at 1,000 organisations
(bench_serve.py), the real content's build, page weight and the bytes one search transfers. Installs Debian's Hugo when
it is missing and this runs as root. Machines are noisy: each build runs R times, interleaved with
Hugo's, and the median counts; peak memory is sampled in one more run of each; compare the
ratios of one run.

usage: python bench/bench_vs_hugo.py [N] [--runs R] [--skip-search]     (default 10,000 organisations, 3 runs)
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import shutil
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write_tree  # noqa: E402


def ensure_hugo() -> str:
    found = shutil.which("hugo")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True, stdout=subprocess.DEVNULL)
        return shutil.which("hugo") or sys.exit("Hugo did not install")
    sys.exit("Hugo is missing: apt-get install hugo")


def _pss_kb(pid: int) -> int:
    """Proportional set size: memory shared between forked workers is counted once, not per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> int:
    """Memory (PSS) of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
    family = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    return sum(_pss_kb(pid) for pid in family)


def run(command: list[str], cwd: Path | None = None, memory: bool = False) -> tuple[float, float]:
    """(seconds, peak MB of the whole process tree, or 0 unless `memory`) of one command. Dirty
    pages of earlier runs are written out first, so no run pays for the writing of the one before.
    Memory is sampled in runs of its own: reading a process's memory map stalls it."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if memory:
        sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err.decode()[-2000:]}")
    return seconds, peak / 1024


def ours(content: Path, out: Path, *extra: str, memory: bool = False) -> tuple[float, float]:
    return run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
                "--no-search", *extra], memory=memory)


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


class _Scripts(HTMLParser):
    """Counts the scripts that block rendering: classic external scripts without async or defer
    (module scripts are deferred by definition, JSON-LD is data)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocking = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and "src" in found and found.get("type", "text/javascript") in ("text/javascript", "") \
                and "async" not in found and "defer" not in found:
            self.blocking += 1


def blocking_scripts(html: str) -> int:
    parser = _Scripts()
    parser.feed(html)
    return parser.blocking


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--skip-search", action="store_true", help="leave out the search transfer figure")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; the median counts (default 3)")
    args = parser.parse_args()
    hugo = ensure_hugo()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        anchor = work / "hugo"
        shutil.copytree(HERE / "hugo-anchor" / "hugo-site", anchor)
        subprocess.run([sys.executable, str(HERE / "hugo-anchor" / "gen_orgs.py"), str(args.n),
                        str(anchor / "content" / "org"), "--hugo"], check=True)

        one = write_tree(args.n, work / "one", networks=0)
        site_yaml = one / "site.yaml"
        site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("languages: [fi, sv, en]", "languages: [fi]"),
                             encoding="utf-8")
        three = write_tree(args.n, work / "three", networks=0)
        runs: dict[str, list[tuple[float, float]]] = {"hugo": [], "one": [], "three": [], "hugo_again": [], "again": []}
        for i in range(args.runs):  # interleaved, so a slow spell of the machine hits all alike
            runs["hugo"].append(run([hugo, "--quiet", "-d", str(work / f"public{i}")], cwd=anchor))
            runs["one"].append(ours(one, work / f"site1-{i}"))
            runs["three"].append(ours(three, work / ("site3" if i == 0 else f"site3-{i}")))
        for i in range(args.runs):  # what `make build` does every time: build again into the same folder
            runs["hugo_again"].append(run([hugo, "--quiet", "-d", str(work / "public0")], cwd=anchor))
            runs["again"].append(ours(one, work / "site1-0"))
        hugo_s, one_s, three_s, hugo_again_s, again_s = (statistics.median(seconds for seconds, _ in found)
                                                         for found in runs.values())
        _, hugo_mb = run([hugo, "--quiet", "-d", str(work / "public-memory")], cwd=anchor, memory=True)
        _, one_mb = ours(one, work / "site1-memory", memory=True)
        _, three_mb = ours(three, work / "site3-memory", memory=True)
        live = json.loads(subprocess.run([sys.executable, str(HERE / "bench_serve.py"), "1000"], check=True,
                                         capture_output=True, text=True).stdout)
        real_s = statistics.median(run([sys.executable, str(ROOT / "build.py"), "build", "--out", str(work / "real")])[0]
                                   for _ in range(args.runs))
        profile = work / "site3" / "jarjestot" / "esimerkkiyhdistys-17-ry" / "index.html"
        css = next((work / "site3" / "assets").glob("style.css"))
        weight = gz(profile) + gz(css)
        scripts = blocking_scripts(profile.read_text(encoding="utf-8"))
        rows += [
            ("cold build, 1 language", f"{one_s:.1f} s", f"{hugo_s:.1f} s", f"{one_s / hugo_s:.2f}× (target ≤ 1.5)"),
            ("cold build, 3 languages, per language", f"{three_s / 3:.1f} s", f"{hugo_s:.1f} s",
             f"{three_s / 3 / hugo_s:.2f}× (target ≤ 1)"),
            ("build again into the same folder, 1 language", f"{again_s:.1f} s", f"{hugo_again_s:.1f} s",
             f"{again_s / hugo_again_s:.2f}× (target ≤ 1.5)"),
            ("peak memory, 1 language", f"{one_mb:.0f} MB", f"{hugo_mb:.0f} MB", f"{one_mb / hugo_mb:.2f}× (target ≤ 0.5)"),
            ("peak memory, 3 languages", f"{three_mb:.0f} MB", f"{hugo_mb:.0f} MB", f"{three_mb / hugo_mb:.2f}×"),
            ("serve at 1,000 organisations: the edited page rewritten", f"{live['own']:.2f} s", "", "target ≤ 1 s"),
            ("serve at 1,000 organisations: every page rebuilt", f"{live['all']:.2f} s", "", ""),
            ("the real content: make build, search index included", f"{real_s:.2f} s", "", "target ≤ 1.5 s"),
            ("profile page + CSS, gzip", f"{weight / 1024:.1f} KB", "", "target ≤ 14 KB"),
            ("render-blocking scripts on a profile", str(scripts), "", "target 0"),
        ]
        if not args.skip_search:
            from bench_search import measure_queries

            rare_word = str(args.n * 47 // 100)  # in one organisation's name, e-mail and contacts
            (common, warm_rare), (rare,) = measure_queries(three, [["vertaistuki", rare_word], [rare_word]])
            for label, got, target in (("search, first query: a word on every page", common, 300),
                                       ("search, first query: a rare word", rare, 200),
                                       ("search, a later query on the same visit: a rare word", warm_rare, 100)):
                rows.append((label, f"{got.served / 1024:.0f} KB", "",
                             f"target ≤ {target} KB ({got.found} results; "
                             + ", ".join(f"{part} {size / 1024:.0f}" for part, size in sorted(got.parts.items())) + " KB)"))
    print(f"{args.n} fictional organisations · Hugo {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.split()[1]}"
          f" · {os.cpu_count()} cores · build times: the median of {args.runs} runs, interleaved")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'ours':>10}  {'Hugo':>8}  ratio")
    for name, mine, theirs, ratio in rows:
        print(f"{name:<{width}}  {mine:>10}  {theirs:>8}  {ratio}")


if __name__ == "__main__":
    main()

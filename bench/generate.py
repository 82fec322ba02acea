"""Fictional content in the content model's shape, for benchmarks (never real organisations).

usage: python bench/generate.py N OUT_DIR [--networks M]
Writes OUT_DIR as a full content tree: the project's vocabularies and site.yaml, N organisations
and M networks (default N // 50) with members and meetings.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent / "hugo-anchor"))
from gen_orgs import THEMES, org as organization, text  # noqa: E402  (same data as the Hugo anchor)


def network(j: int, orgs: int, r: random.Random) -> dict:
    members = sorted(r.sample(range(orgs), min(orgs, 20)))
    return {
        "name": {"fi": f"Esimerkkiverkosto {j}"}, "kind": "network", "status": "active",
        "summary": text(r, 12), "themes": r.sample(THEMES, 2), "areas": ["uusimaa"],
        "goals": [text(r, 8) for _ in range(3)], "tasks": [text(r, 8) for _ in range(3)],
        "members": [{"organization": f"esimerkkiyhdistys-{m}-ry", "role": "member"} for m in members],
        "meetings": [{"id": f"kokous-{k}", "date": f"2026-{k + 1:02d}-15", "start": "13:00", "end": "15:00",
                      "title": text(r, 3), "kind": "meeting", "agenda": text(r, 20)} for k in range(4)],
        "reviewed": "2026-10-01",
    }


def write_tree(n: int, out: Path, networks: int | None = None) -> Path:
    """A complete fictional content tree with `n` organisations."""
    if out.exists():
        shutil.rmtree(out)
    (out / "organizations").mkdir(parents=True)
    (out / "networks").mkdir()
    for vocab in (ROOT / "content").glob("*.yaml"):
        shutil.copy(vocab, out / vocab.name)
    r = random.Random(7)
    for i in range(n):
        data = organization(i, r)
        (out / "organizations" / f"esimerkkiyhdistys-{i}-ry.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for j in range(n // 50 if networks is None else networks):
        (out / "networks" / f"esimerkkiverkosto-{j}.yaml").write_text(
            yaml.safe_dump(network(j, n, r), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--networks", type=int)
    args = parser.parse_args()
    write_tree(args.n, args.out, args.networks)


if __name__ == "__main__":
    main()

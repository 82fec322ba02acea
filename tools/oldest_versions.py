"""Print pip constraints that pin every runtime dependency to the oldest version pyproject.toml
allows (its `>=` bound), so the tests can prove those minimums work: `make test-oldest`."""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def oldest(requirement: str) -> str | None:
    """`name==minimum` for a requirement with a `>=` bound, e.g. 'jinja2>=3.1,<4' → 'jinja2==3.1'."""
    match = re.match(r"^([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    if not match:
        return None
    bound = re.search(r">=\s*([0-9][^,;\s]*)", match.group(3))
    return f"{match.group(1)}=={bound.group(1)}" if bound else None


def main() -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    missing = [r for r in project["dependencies"] if oldest(r) is None]
    if missing:
        print(f"no minimum version: {', '.join(missing)}", file=sys.stderr)
        return 1
    print("\n".join(oldest(r) or "" for r in project["dependencies"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

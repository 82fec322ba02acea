"""The whole check: load every file, check its shape, then the rules across files."""
from __future__ import annotations

from pathlib import Path

from .cache import Cache
from .content import Content, load_content
from .heap import paused_collector
from .problems import Problem
from .rules import check_rules


def check(root: Path, cache: Cache | None = None) -> tuple[Content | None, list[Problem]]:
    """Loaded content (None when unreadable) and every problem found, sorted."""
    with paused_collector():
        content, problems = load_content(root, cache)
        if content is not None:
            problems += check_rules(content)
    return content, sorted(set(problems))

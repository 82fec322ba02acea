"""The whole check: load every file, check its shape, then the rules across files."""
from __future__ import annotations

from pathlib import Path

from .content import Content, load_content
from .problems import Problem
from .rules import check_rules


def check(root: Path) -> tuple[Content | None, list[Problem]]:
    """Loaded content (None when unreadable) and every problem found, sorted."""
    content, problems = load_content(root)
    if content is not None:
        problems += check_rules(content)
    return content, sorted(set(problems))

"""The whole check: load every file, check its shape, then the rules across files."""
from __future__ import annotations

from pathlib import Path

from .tree import Content, load_content
from .problems import Problem
from .rules import check_rules


def check(root: Path, previous: Content | None = None) -> tuple[Content | None, list[Problem]]:
    """Loaded content (None when unreadable) and every problem found, sorted. `previous`: the
    content of an earlier check of `root` that found no problem (see `load_content`)."""
    content, problems = load_content(root, previous)
    if content is not None:
        problems += check_rules(content)
    return content, sorted(set(problems))


def change_file(root: Path, path: Path, text: str) -> list[Problem]:
    """Write one content file and check the whole content again; on any problem the file is put back
    as it was (removed, if it is new) and the problems are returned."""
    original = path.read_bytes() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    _content, problems = check(root)
    if problems:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    return problems

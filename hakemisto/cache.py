"""A content-addressed cache under `.cache/`: the data of parsed and checked YAML files.

Every key includes the hash of the code and schemas (the code version), so a change to either
starts a fresh cache; a file's entry is keyed by the hash of its bytes, so an edit is never served
stale. The files of one content folder are kept together in one store file: reading thousands of
small cache files costs as much as parsing the YAML again. The cache only ever skips work whose
result it stores; output is the same with or without it.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
VERSIONED = (PACKAGE, PACKAGE.parent / "schemas")

Entries = dict[str, tuple[str, Any]]
"""A content folder's cache: file path (relative to the folder) → (key of its bytes and schema, data)."""


def code_version() -> str:
    """A hash of the package's code and the schemas."""
    digest = hashlib.sha256()
    for folder in VERSIONED:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_key(raw: bytes, schema: str) -> str:
    """The cache key of a file's bytes checked against `schema`."""
    digest = hashlib.blake2b(raw, digest_size=20)
    digest.update(b"\0" + schema.encode())
    return digest.hexdigest()


class Cache:
    """The cache folder for one code version (older versions are removed when it is opened)."""

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.root = root
        self.version = version or code_version()

    @cached_property
    def folder(self) -> Path:
        folder = self.root / self.version
        if self.root.is_dir():
            for old in self.root.iterdir():
                if old.is_dir() and old.name != self.version:
                    shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def store(self, content_root: Path) -> Path:
        """The store file of one content folder."""
        name = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        return self.folder / f"content-{name}.pickle"

    def read(self, content_root: Path) -> Entries:
        """The entries kept for a content folder; none when there is no usable store."""
        try:
            entries = pickle.loads(self.store(content_root).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def write(self, content_root: Path, entries: Entries) -> None:
        """Replace the store of a content folder (atomically: a reader sees the old or the new)."""
        target = self.store(content_root)
        handle, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        log.debug("cache: %d files kept in %s", len(entries), target)

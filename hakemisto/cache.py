"""A content-addressed cache under `.cache/`: parsed and checked YAML files.

Every key includes the hash of the code and schemas (the code version), so a change to either
starts a fresh cache; a file's key is the hash of its bytes and path, so an edit is never served
stale. The cache only ever skips work whose result it stores; output is the same with or without it.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
import shutil
from functools import cached_property
from pathlib import Path
from typing import Any


log = logging.getLogger(__name__)
PACKAGE = Path(__file__).resolve().parent
VERSIONED = (PACKAGE, PACKAGE.parent / "schemas")


def code_version() -> str:
    """A hash of the package's code and the schemas."""
    digest = hashlib.sha256()
    for folder in VERSIONED:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
        (folder / "load").mkdir(parents=True, exist_ok=True)
        return folder

    @staticmethod
    def key(raw: bytes, *parts: str) -> str:
        digest = hashlib.sha256(raw)
        for part in parts:
            digest.update(b"\0" + part.encode())
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        """A stored object, or None."""
        path = self.folder / "load" / key[:2] / f"{key}.pickle"
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def put(self, key: str, value: Any) -> None:
        path = self.folder / "load" / key[:2] / f"{key}.pickle"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)

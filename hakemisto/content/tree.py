"""Loading the whole content tree: site settings, vocabularies, organisations and networks."""
from __future__ import annotations

import logging
import multiprocessing
import os
import stat
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .loader import Document, load_document, read_text, text_digest
from .problems import Problem, problem
from .schema import check_schema
from .textrules import check_texts
from .slug import SLUG, slugify

log = logging.getLogger(__name__)

VOCABULARIES = (
    "themes", "areas", "target-groups", "activity-formats", "member-roles",
    "meeting-kinds", "network-kinds", "languages",
)
KINDS = {"organizations": "organization", "networks": "network"}
@dataclass(frozen=True)
class Content:
    """Everything loaded from one content folder, as plain data keyed by slug."""

    root: Path
    site: dict[str, Any]
    vocab: dict[str, dict[str, dict[str, Any]]]
    organizations: dict[str, Document]
    networks: dict[str, Document]

    def org(self, slug: str) -> dict[str, Any]:
        """The data of one organisation."""
        return self.organizations[slug].data

    def net(self, slug: str) -> dict[str, Any]:
        """The data of one network."""
        return self.networks[slug].data


def _is_regular(path: Path) -> bool:
    """True for a regular file (not a link, a folder or a device)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _load_one(path: Path, schema: str) -> tuple[Document | None, list[Problem]]:
    """Load one file and check its shape and its text; a link or a device is refused unread."""
    if not _is_regular(path):
        return None, [problem(path, 0, 0, "file-not-regular")]
    doc, problems = load_document(path)
    if doc is None:
        return None, problems
    problems += check_schema(doc, schema)
    problems += check_texts(doc)
    return doc, problems


PARALLEL_FROM = 400
"""Files from which loading is shared by one process per core."""


def _load_chunk(items: list[tuple[Path, str]]) -> list[tuple[Document | None, list[Problem]]]:
    return [_load_one(path, schema) for path, schema in items]


def _load_all(items: list[tuple[Path, str]]) -> list[tuple[Document | None, list[Problem]]]:
    """Load and shape-check many files, in a standard process pool over chunks when there are many."""
    jobs = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or jobs < 2:
        return _load_chunk(items)
    size = -(-len(items) // (jobs * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return [item for chunk in pool.map(_load_chunk, chunks) for item in chunk]


def _entity_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The `<slug>.yaml` files of a folder, and problems for files that are misnamed."""
    files: list[Path] = []
    problems: list[Problem] = []
    if folder.is_symlink():
        return files, [problem(folder, 0, 0, "folder-not-regular")]
    if not folder.is_dir():
        return files, [problem(folder, 0, 0, "folder-missing")]
    with os.scandir(folder) as entries:  # no stat() per file: the folder listing says what is a folder
        names = sorted(entry.name for entry in entries if not entry.name.startswith(".") and not entry.is_dir())
    for name in names:
        path = folder / name
        stem, suffix = path.stem, path.suffix
        if suffix in (".yml", ".YAML", ".YML", ".Yaml"):
            problems.append(problem(path, 0, 0, "file-wrong-extension", suggestion=f"{slugify(stem)}.yaml"))
        elif suffix != ".yaml":
            problems.append(problem(path, 0, 0, "file-not-yaml"))
        elif not SLUG.fullmatch(stem):
            problems.append(problem(path, 0, 0, "file-bad-name", suggestion=f"{slugify(stem) or 'nimi'}.yaml"))
        else:
            files.append(path)
    return files, problems


def _settings_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """site.yaml and the vocabularies with their schemas, and a problem for each that is missing."""
    problems: list[Problem] = []
    items: list[tuple[Path, str]] = []
    for path, schema in [(root / "site.yaml", "site")] + [(root / f"{name}.yaml", "vocabulary") for name in VOCABULARIES]:
        if path.is_file():
            items.append((path, schema))
        else:
            problems.append(problem(path, 0, 0, "file-missing"))
    return items, problems


def unchanged(items: list[tuple[Path, str]], previous: Content) -> dict[Path, Document]:
    """The organisation and network documents of `previous` whose files are still regular files with
    the same text, by path: they need not be read, parsed and checked again."""
    before = {doc.path: doc for docs in (previous.organizations, previous.networks) for doc in docs.values()}
    found: dict[Path, Document] = {}
    for path, _schema in items:
        doc = before.get(path)
        if doc is not None and _is_regular(path):
            text, _problems = read_text(path)
            if text is not None and text_digest(text) == doc.digest:
                found[path] = doc
    return found


def load_content(root: Path, previous: Content | None = None) -> tuple[Content | None, list[Problem]]:
    """Load and shape-check every file; Content is None when a file could not be read at all.
    `previous`, a content loaded from `root` whose check found no problem, lends its documents of
    the files whose text has not changed since (as `serve` does after an edit)."""
    items, problems = _settings_files(root)
    usable = not problems
    for folder, schema in KINDS.items():
        files, found = _entity_files(root / folder)
        problems += found
        items += [(path, schema) for path in files]
    site: dict[str, Any] | None = None
    vocab: dict[str, dict[str, dict[str, Any]]] = {}
    entities: dict[str, dict[str, Document]] = {folder: {} for folder in KINDS}
    kept = unchanged(items, previous) if previous is not None else {}
    fresh = [item for item in items if item[0] not in kept]
    loaded = dict(zip([path for path, _ in fresh], _load_all(fresh)))
    for path, schema in items:
        doc, found = (kept[path], []) if path in kept else loaded[path]
        problems += found
        if doc is None:
            usable = False
        elif schema == "site":
            site = doc.data
        elif schema == "vocabulary":
            vocab[path.stem] = {k: v for k, v in doc.data.items() if isinstance(v, dict)}
        else:
            entities[path.parent.name][path.stem] = doc
    if not usable or site is None:
        return None, problems
    content = Content(root, site, vocab, entities["organizations"], entities["networks"])
    log.debug("loaded %d organisations, %d networks", len(content.organizations), len(content.networks))
    return content, problems

"""Loading the whole content tree: site settings, vocabularies, organisations and networks."""
from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Cache, file_key
from .loader import Document, load_document
from .problems import Problem, problem
from .schema import check_schema
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


def _load_one(path: Path, schema: str) -> tuple[Document | None, list[Problem]]:
    """Load and shape-check one file."""
    doc, problems = load_document(path)
    if doc is None:
        return None, problems
    problems += check_schema(doc, schema)
    return doc, problems


Loaded = tuple[Document | None, list[Problem], str]
"""A file's document (None when unusable), its problems, and its cache key ('' when not asked for)."""

PARALLEL_FROM = 400


def _load_chunk(items: list[tuple[Path, str]], keyed: bool) -> list[Loaded]:
    out: list[Loaded] = []
    for path, schema in items:
        doc, problems = _load_one(path, schema)
        key = file_key(path.read_bytes(), schema) if keyed and doc is not None and not problems else ""
        out.append((doc, problems, key))
    return out


def _load_many(items: list[tuple[Path, str]], keyed: bool) -> list[Loaded]:
    """Load and check many files, in one process per core when there are many."""
    jobs = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or jobs < 2:
        return _load_chunk(items, keyed)
    size = -(-len(items) // (jobs * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = pool.map(_load_chunk, chunks, [keyed] * len(chunks))
        return [item for chunk in results for item in chunk]


def _load_all(root: Path, items: list[tuple[Path, str]],
              cache: Cache | None) -> list[tuple[Document | None, list[Problem]]]:
    """Load and check files of the content folder `root`; files whose bytes are unchanged since
    they were last found valid are taken from the cache, and the cache is updated."""
    stored = cache.read(root) if cache is not None else {}
    names = [path.relative_to(root).as_posix() for path, _schema in items]
    found: dict[int, Loaded] = {}
    for index, ((path, schema), name) in enumerate(zip(items, names)):
        entry = stored.get(name)
        if entry is not None:
            try:
                with open(path, "rb") as handle:
                    key = file_key(handle.read(), schema)
            except OSError:
                continue
            if key == entry[0]:
                found[index] = (Document(path, entry[1]), [], key)
    missing = [index for index in range(len(items)) if index not in found]
    for index, loaded in zip(missing, _load_many([items[i] for i in missing], cache is not None)):
        found[index] = loaded
    if cache is not None:
        loaded = (found[index] for index in range(len(items)))
        keep = {name: (key, doc.data) for name, (doc, _problems, key) in zip(names, loaded) if key and doc is not None}
        if missing or keep.keys() != stored.keys():
            cache.write(root, keep)
    return [found[index][:2] for index in range(len(items))]


def _entity_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The `<slug>.yaml` files of a folder, and problems for files that are misnamed."""
    files: list[Path] = []
    problems: list[Problem] = []
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


def load_content(root: Path, cache: Cache | None = None) -> tuple[Content | None, list[Problem]]:
    """Load and shape-check every file; Content is None when a file could not be read at all."""
    problems: list[Problem] = []
    items: list[tuple[Path, str]] = []
    if (root / "site.yaml").is_file():
        items.append((root / "site.yaml", "site"))
    else:
        problems.append(problem(root / "site.yaml", 0, 0, "file-missing"))
    for name in VOCABULARIES:
        path = root / f"{name}.yaml"
        if path.is_file():
            items.append((path, "vocabulary"))
        else:
            problems.append(problem(path, 0, 0, "file-missing"))
    usable = not problems
    for folder, schema in KINDS.items():
        files, found = _entity_files(root / folder)
        problems += found
        items += [(path, schema) for path in files]
    site: dict[str, Any] | None = None
    vocab: dict[str, dict[str, dict[str, Any]]] = {}
    entities: dict[str, dict[str, Document]] = {folder: {} for folder in KINDS}
    for (path, schema), (doc, found) in zip(items, _load_all(root, items, cache)):
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

"""Loading the whole content tree: site settings, vocabularies, organisations and networks."""
from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import Cache
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


def _load_one(path: Path, schema: str, cache: Cache | None = None) -> tuple[Document | None, list[Problem]]:
    """Load and shape-check one file; a valid file's result is cached by its bytes and path."""
    key = ""
    if cache is not None:
        key = cache.key(path.read_bytes(), schema, str(path.resolve()))
        hit = cache.get(key)
        if isinstance(hit, Document):
            return hit, []
    doc, problems = load_document(path)
    if doc is None:
        return None, problems
    problems += check_schema(doc, schema)
    if cache is not None and not problems:
        cache.put(key, doc)
    return doc, problems


PARALLEL_FROM = 400


def _load_chunk(items: list[tuple[Path, str]], cache: Cache | None) -> list[tuple[Document | None, list[Problem]]]:
    return [_load_one(path, schema, cache) for path, schema in items]


def _load_many(items: list[tuple[Path, str]], cache: Cache | None) -> list[tuple[Document | None, list[Problem]]]:
    """Load and check many files, in one process per core when there are many."""
    jobs = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or jobs < 2:
        return _load_chunk(items, cache)
    if cache is not None:
        cache.folder  # noqa: B018 - make the folder (and prune old ones) once, before forking
    size = -(-len(items) // (jobs * 4))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = pool.map(_load_chunk, chunks, [cache] * len(chunks))
        return [item for chunk in results for item in chunk]


def _entity_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The `<slug>.yaml` files of a folder, and problems for files that are misnamed."""
    files: list[Path] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return files, [problem(folder, 0, 0, "folder-missing")]
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
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
    usable = True
    site_doc, found = _load_one(root / "site.yaml", "site", cache) if (root / "site.yaml").is_file() else (
        None, [problem(root / "site.yaml", 0, 0, "file-missing")])
    problems += found
    usable &= site_doc is not None
    vocab: dict[str, dict[str, dict[str, Any]]] = {}
    for name in VOCABULARIES:
        path = root / f"{name}.yaml"
        if not path.is_file():
            problems.append(problem(path, 0, 0, "file-missing"))
            usable = False
            continue
        doc, found = _load_one(path, "vocabulary", cache)
        problems += found
        if doc is None:
            usable = False
        else:
            vocab[name] = {k: v for k, v in doc.data.items() if isinstance(v, dict)}
    entities: dict[str, dict[str, Document]] = {}
    jobs: list[tuple[str, Path, str]] = []
    for folder, schema in KINDS.items():
        files, found = _entity_files(root / folder)
        problems += found
        entities[folder] = {}
        jobs += [(folder, path, schema) for path in files]
    for (folder, path, _schema), (doc, found) in zip(jobs, _load_many([(p, s) for _f, p, s in jobs], cache)):
        problems += found
        if doc is None:
            usable = False
        else:
            entities[folder][path.stem] = doc
    if not usable or site_doc is None:
        return None, problems
    content = Content(root, site_doc.data, vocab, entities["organizations"], entities["networks"])
    log.debug("loaded %d organisations, %d networks", len(content.organizations), len(content.networks))
    return content, problems

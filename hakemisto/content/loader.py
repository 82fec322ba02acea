"""Strict YAML loading with a line and column for every value.

The file is read as parser events (libyaml when available), not constructed by PyYAML, so that
duplicate keys, anchors, aliases and tags can be refused and every value keeps its position.
Only YAML 1.2 core scalars are resolved: `true`/`false`, `null`, decimal numbers. `yes`, `no`,
`on`, `10:30` and `2026-01-31` stay text, so a language code `no` or a time stays what was typed.

Most files are plain: no `&`, `*`, `!` or `%` anywhere and no document markers. Those are composed
by libyaml in C and turned into data without positions (twice as fast, a fraction of the memory);
positions are found only when a problem needs one, by reading the file again as events. Anything
the fast way cannot vouch for (a duplicate key, a non-text key, deep nesting, a syntax error, a
file that is empty or not a mapping) is read the careful way, so both give the same result.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, problem

try:
    _LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _LOADER = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
JsonPath = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")


class Record(dict):
    """Content data for templates: `record.field` is None when the field is not written."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


@dataclass
class Document:
    """A loaded file: its data and where each value and key stands (1-based line, column).

    Positions are None when the file was read the fast way; they are found on first use."""

    path: Path
    data: Any
    _values: dict[JsonPath, tuple[int, int]] | None = field(default=None, repr=False, compare=False)
    _keys: dict[JsonPath, tuple[int, int]] | None = field(default=None, repr=False, compare=False)
    digest: str = field(default="", repr=False, compare=False)
    """`text_digest` of the text the data was read from (so `serve` can tell an unchanged file)."""

    def _locate(self) -> None:
        builder = _Builder(self.path)
        text, _problems = read_text(self.path) if self.path.is_file() else (None, [])
        if text is not None:
            try:
                builder.read(text)
            except yaml.YAMLError:
                pass
        self._values, self._keys = builder.values, builder.keys

    def _positions(self) -> tuple[dict[JsonPath, tuple[int, int]], dict[JsonPath, tuple[int, int]]]:
        if self._values is None or self._keys is None:
            self._locate()
        assert self._values is not None and self._keys is not None
        return self._values, self._keys

    @property
    def values(self) -> dict[JsonPath, tuple[int, int]]:
        return self._positions()[0]

    @property
    def keys(self) -> dict[JsonPath, tuple[int, int]]:
        return self._positions()[1]

    def where(self, at: JsonPath) -> tuple[int, int]:
        """Position of the value at `at`, or of its nearest parent that has one."""
        for n in range(len(at), -1, -1):
            if at[:n] in self.values:
                return self.values[at[:n]]
        return (1, 1)

    def where_key(self, at: JsonPath) -> tuple[int, int]:
        """Position of the key naming `at`, or of the value when there is no key."""
        return self.keys.get(at) or self.where(at)


def _resolve(value: str, plain: bool) -> Any:
    """Turn a scalar into None, bool, int, float or str (YAML 1.2 core schema, dates as text)."""
    if not plain:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Builds plain Python data from parser events, collecting problems as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: Any = None
        self.values: dict[JsonPath, tuple[int, int]] = {}
        self.keys: dict[JsonPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.stack: list[list[Any]] = []  # [container, path, pending_key]
        self.documents = 0

    def read(self, text: str) -> None:
        """Take the events of `text` until the end or until the file cannot be read further."""
        for event in yaml.parse(text, Loader=_LOADER):
            if not self.feed(event):
                break

    def add(self, line_col: tuple[int, int], code: str, **params: object) -> None:
        self.problems.append(problem(self.path, *line_col, code, **params))

    def feed(self, event: yaml.Event) -> bool:
        """Take one event; False when the file cannot be read further."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.add(_pos(event.start_mark), "yaml-two-documents")
                return False
            return True
        if isinstance(event, yaml.AliasEvent):
            self.add(_pos(event.start_mark), "yaml-alias", name=event.anchor)
            return False
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
            return True
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            return True
        where = _pos(event.start_mark)
        if event.anchor is not None:
            self.add(where, "yaml-anchor", name=event.anchor)
        if event.tag not in (None, "!") and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            self.add(where, "yaml-tag", tag=event.tag)
        if isinstance(event, yaml.ScalarEvent):
            value: Any = _resolve(event.value, event.implicit[0] and event.style in (None, ""))
        elif isinstance(event, yaml.MappingStartEvent):
            value = Record()
        else:
            value = []
        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            return self._key(event, value, where)
        return self._value(event, value, where)

    def _key(self, event: yaml.Event, value: Any, where: tuple[int, int]) -> bool:
        frame = self.stack[-1]
        if not isinstance(event, yaml.ScalarEvent):
            self.add(where, "yaml-complex-key")
            return False
        if not isinstance(value, str):
            self.add(where, "yaml-key-not-text", key=event.value)
            value = event.value
        at = frame[1] + (value,)
        if value in frame[0] or at in self.keys:
            first = self.keys.get(at, where)
            self.add(where, "yaml-duplicate-key", key=value, first_line=first[0])
            value = _Duplicate(value)
        else:
            self.keys[at] = where
        frame[2] = value
        return True

    def _value(self, event: yaml.Event, value: Any, where: tuple[int, int]) -> bool:
        if not self.stack:
            at: JsonPath = ()
            self.data = value
        else:
            container, parent, key = self.stack[-1]
            if isinstance(container, dict):
                self.stack[-1][2] = None
                if isinstance(key, _Duplicate):
                    at = parent + (f"\0{key.name}",)  # keep building, but never store
                else:
                    at = parent + (key,)
                    container[key] = value
            else:
                at = parent + (len(container),)
                container.append(value)
        self.values.setdefault(at, where)
        if isinstance(value, (dict, list)):
            if len(self.stack) >= MAX_DEPTH:
                self.add(where, "yaml-too-deep", limit=MAX_DEPTH)
                return False
            self.stack.append([value, at, None])
        return True


@dataclass(frozen=True)
class _Duplicate:
    name: str


_SYNTAX_HINTS: list[tuple[str, str, bool]] = [
    # (text in the parser's message, our message code, use the context mark)
    ("cannot start any token", "yaml-bad-start", False),
    ("found a tab character", "yaml-tab", False),
    ("mapping values are not allowed", "yaml-colon-in-value", False),
    ("could not find expected ':'", "yaml-missing-colon", True),
    ("found unexpected end of stream", "yaml-unclosed-quote", True),
    ("found unknown escape character", "yaml-escape", False),
    ("did not find expected '-' indicator", "yaml-list-indent", False),
    ("did not find expected key", "yaml-indent", False),
    ("did not find expected node content", "yaml-missing-value", False),
    ("expected <block end>", "yaml-indent", False),
    ("found character that cannot start any token", "yaml-bad-start", False),
]


def _char_at(text: str, line: int, col: int) -> str:
    """The character at a 1-based line and column of `text`, or ''."""
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


def _syntax_problem(path: Path, text_of_file: str, err: yaml.YAMLError) -> Problem:
    """Turn a parser error into a plain-words problem at the right line."""
    text = getattr(err, "problem", None) or str(err)
    mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    if isinstance(err, yaml.reader.ReaderError):
        return problem(path, 1, 1, "yaml-control-character", code_point=f"U+{err.character:04X}")
    for needle, code, use_context in _SYNTAX_HINTS:
        if needle in text:
            chosen = context_mark if use_context and context_mark is not None else mark
            line, col = _pos(chosen) if chosen is not None else (1, 1)
            char = ""
            if code == "yaml-bad-start":
                char = _char_at(text_of_file, line, col)
                if char == "\t":
                    code = "yaml-tab"
            return problem(path, line, col, code, char=char)
    line, col = _pos(mark) if mark is not None else (1, 1)
    return problem(path, line, col, "yaml-syntax", detail=text)


def text_digest(text: str) -> str:
    """A digest of a file's text: the same text, the same digest."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or problems when it is too large, not UTF-8 or empty."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [problem(path, 1, 1, "file-too-large", size=len(raw), limit=MAX_BYTES)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [problem(path, line, col, "file-not-utf8")]
    return text, []


class _Fallback(Exception):
    """The fast way cannot vouch for this file: read it the careful way."""


class _Composer(yaml.cyaml.CParser if hasattr(yaml, "cyaml") else object):  # type: ignore[misc]
    """libyaml's C composer; tags are not resolved (the data walk below does YAML 1.2 itself)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""

    def descend_resolver(self, parent: Any, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode
_MAYBE_NOT_TEXT = frozenset("-+0123456789~nNtTfF")  # first characters of null, booleans and numbers


def _risky(text: str) -> bool:
    """True when the text may hold an anchor, alias, tag, directive or document marker."""
    return ("&" in text or "*" in text or "!" in text or "%" in text or "\n---" in text or "\n..." in text
            or text.startswith(("---", "...")))


_intern = sys.intern
_SHORT = 24
"""Keys and short values (ids, dates, codes) are interned: one object for every file that has
them, which saves memory at scale and survives pickling between processes as shared objects."""


def _data(node: yaml.Node, depth: int) -> Any:
    """Plain data from a composed node (YAML 1.2 scalars); _Fallback on anything unusual."""
    kind = node.__class__
    if kind is _SCALAR:
        value = node.value
        if node.style or (value and value[0] not in _MAYBE_NOT_TEXT):
            return _intern(value) if len(value) <= _SHORT else value
        value = _resolve(value, True)
        return _intern(value) if value.__class__ is str and len(value) <= _SHORT else value
    if depth >= MAX_DEPTH:
        raise _Fallback
    if kind is _MAPPING:
        out = Record()
        for key_node, value_node in node.value:
            if key_node.__class__ is not _SCALAR:
                raise _Fallback
            key = key_node.value
            if not key_node.style and (not key or key[0] in _MAYBE_NOT_TEXT):
                key = _resolve(key, True)
            if key.__class__ is not str or key in out:
                raise _Fallback
            out[_intern(key)] = _data(value_node, depth + 1)
        return out
    return [_data(item, depth + 1) for item in node.value]


def _fast(path: Path, text: str) -> Document | None:
    """The document read by libyaml's composer, or None when the careful way must decide."""
    if _Composer is object or _risky(text):
        return None
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
        data = _data(node, 1) if node is not None else None
    except (yaml.YAMLError, _Fallback, RecursionError):
        return None
    finally:
        composer.dispose()
    return Document(path, data) if isinstance(data, Record) else None


def load_document(path: Path) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file strictly; the document is None when it cannot be used at all."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    fast = _fast(path, text)
    if fast is not None:
        fast.digest = text_digest(text)
        return fast, []
    builder = _Builder(path)
    try:
        builder.read(text)
    except yaml.YAMLError as err:
        return None, builder.problems + [_syntax_problem(path, text, err)]
    if builder.problems and any(p.code in _FATAL for p in builder.problems):
        return None, builder.problems
    doc = Document(path, builder.data, builder.values, builder.keys, text_digest(text))
    if doc.data is None:
        return None, builder.problems + [problem(path, 1, 1, "file-empty")]
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        return None, builder.problems + [problem(path, line, col, "file-not-mapping")]
    return doc, builder.problems


_FATAL = {"yaml-alias", "yaml-two-documents", "yaml-complex-key", "yaml-too-deep"}

"""Changing a YAML content file in place: the fields set are written, everything else (comments,
order, quoting) stays as it was. Used by `from-issue` and `register`."""
from __future__ import annotations

import io
from typing import Any

import yaml

HEADER = "# yaml-language-server: $schema=../../schemas/organization.schema.json\n"


def editor() -> Any:
    """ruamel.yaml in round-trip mode, indenting as the project's files do."""
    from ruamel.yaml import YAML

    handler = YAML()
    handler.indent(mapping=2, sequence=4, offset=2)
    handler.width = 100
    handler.preserve_quotes = True
    return handler


def load(raw: bytes) -> Any:
    """A file's mapping, ready to change and dump again."""
    return editor().load(raw)


def dump(data: Any, header: str = "") -> str:
    """The mapping as the file's text (with `header` first, for a new file)."""
    buffer = io.StringIO()
    buffer.write(header)
    editor().dump(data, buffer)
    return buffer.getvalue()


def scalar(value: str) -> Any:
    """A text value as the file should hold it: several lines as a `|` block; one line quoted when
    the checker's YAML reader would otherwise take it for something else (`no`, `1:20`, a number)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if "\n" in value:
        return LiteralScalarString(value.strip() + "\n")
    try:
        plain = yaml.safe_load(value)
    except yaml.YAMLError:
        plain = None
    return value if plain == value else DoubleQuotedScalarString(value)


def plain(value: Any) -> Any:
    """Lists, mappings and text made ready for the file (text through `scalar`)."""
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value

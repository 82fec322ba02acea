"""The schemas: valid draft 2020-12, and every field explained (Finnish — English) for editors."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT

SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))
COMMON = json.loads((ROOT / "schemas" / "common.schema.json").read_text(encoding="utf-8"))


def _described(node: dict) -> bool:
    if "description" in node:
        return True
    ref = node.get("$ref", "")
    if "#/$defs/" in ref:
        return "description" in COMMON["$defs"][ref.split("#/$defs/")[1]]
    return False


def _properties(node, at=()):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield at + (name,), sub
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from _properties(value, at + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, at + (i,))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_and_every_field_described(path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    missing = [".".join(map(str, at)) for at, sub in _properties(schema) if "if" not in at and not _described(sub)]
    assert missing == []
    for at, sub in _properties(schema):
        text = sub.get("description", "")
        if text and not text.startswith("Vain") and len(text) > 12:
            assert " — " in text or at[-1] in ("fi", "sv", "en"), (path.name, at, text)

"""Strict YAML loading: scalars, positions and the files that must be refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from hakemisto.content.loader import MAX_BYTES, Document, load_document


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_document(path)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_yaml_1_1_surprises_stay_text(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "a: no\nb: yes\nc: 10:30\nd: 2026-01-31\ne: 0401234567\nf: on\n")
    assert problems == []
    assert doc.data == {"a": "no", "b": "yes", "c": "10:30", "d": "2026-01-31", "e": "0401234567", "f": "on"}


def test_core_scalars_resolve(tmp_path: Path) -> None:
    doc, _ = load(tmp_path, "a: true\nb: false\nc: 12\nd: 1.5\ne:\nf: ~\ng: '12'\n")
    assert doc.data == {"a": True, "b": False, "c": 12, "d": 1.5, "e": None, "f": None, "g": "12"}


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    doc, _ = load(tmp_path, "name: X\nlist:\n  - a\n  - b: 1\n")
    assert doc.where(("name",)) == (1, 7)
    assert doc.where(("list", 1)) == (4, 5)
    assert doc.where_key(("list", 1, "b")) == (4, 5)
    assert doc.where(("list", 1, "b")) == (4, 8)
    assert doc.where(("missing", "deeper")) == (1, 1)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, b"\xef\xbb\xbfname: X\n")
    assert problems == [] and doc.data == {"name": "X"}


def test_file_over_limit_is_refused(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "a: " + "x" * MAX_BYTES + "\n")
    assert doc is None and codes(problems) == ["file-too-large"]


def test_alias_bomb_is_refused_without_expansion(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    doc, problems = load(tmp_path, bomb)
    assert doc is None
    assert "yaml-alias" in codes(problems)


def test_second_document_is_refused(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "name: A\n---\nname: B\n")
    assert doc is None and codes(problems) == ["yaml-two-documents"]
    assert (problems[0].line, problems[0].column) == (2, 1)


def test_control_character_is_reported(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "name: A\x07B\n")
    assert doc is None and codes(problems) == ["yaml-control-character"]
    assert "U+0007" in problems[0].message()


def test_non_text_keys_and_tags(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "1: a\nb: !!str 5\n")
    assert codes(problems) == ["yaml-key-not-text", "yaml-tag"]
    assert doc.data == {"1": "a", "b": "5"}


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert doc is None and codes(problems) == ["yaml-too-deep"]


def test_duplicate_key_in_nested_mapping(tmp_path: Path) -> None:
    doc, problems = load(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert codes(problems) == ["yaml-duplicate-key"]
    assert (problems[0].line, problems[0].column) == (4, 3)
    assert "line 2" in problems[0].message()
    assert doc.data == {"a": {"b": 1, "c": 2}}


def _careful(path: Path) -> Document | None:
    """The file read only the careful (event) way."""
    from hakemisto.content import loader

    fast, loader._fast = loader._fast, lambda _path, _text: None
    try:
        return load_document(path)[0]
    finally:
        loader._fast = fast


def test_fast_and_careful_reading_agree_on_every_file() -> None:
    """The fast composer gives the same data and, on demand, the same positions as the careful way."""
    from hakemisto.content.loader import _fast, read_text

    files = sorted(ROOT.glob("content/**/*.yaml")) + sorted(ROOT.glob("tests/fixtures/**/*.yaml"))
    fast_count = 0
    for path in files:
        text = read_text(path)[0]
        fast = _fast(path, text) if text is not None else None
        if fast is None:
            continue
        fast_count += 1
        careful = _careful(path)
        assert careful is not None and fast.data == careful.data, path
        assert fast.values == careful.values and fast.keys == careful.keys, path
    assert fast_count > 80


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "? [a]\n: 1\n", "1: x\n", "- a\n", "", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n",
    "a: 'yes'\nb: yes\nc: 10:30\nd: 2026-01-31\ne: 1.50\nf: ~\n", "a: [1, {b: c}]\n",
])
def test_fast_path_never_decides_differently(tmp_path: Path, text: str) -> None:
    from hakemisto.content.loader import _fast

    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_document(path)
    careful_doc = _careful(path)
    assert (doc is None) == (careful_doc is None)
    if doc is not None:
        assert doc.data == careful_doc.data
    if _fast(path, text) is not None:
        assert not problems


def test_positions_are_read_only_when_a_check_finds_a_problem(tmp_path: Path, monkeypatch) -> None:
    from hakemisto.content import loader
    from hakemisto.content.tree import _load_one

    located: list[Path] = []
    original = loader.Document._locate
    monkeypatch.setattr(loader.Document, "_locate", lambda self: (located.append(self.path), original(self))[1])
    clean = next((ROOT / "content" / "organizations").glob("*.yaml"))
    _doc, problems = _load_one(clean, "organization")
    assert problems == [] and located == []
    bad = tmp_path / "esimerkki.yaml"
    bad.write_text(clean.read_text(encoding="utf-8").replace("name:", "name: \"Esimerkki\\u202e\"\nold_name:", 1),
                   encoding="utf-8")
    _doc, problems = _load_one(bad, "organization")
    assert "text-bidi" in [p.code for p in problems] and located == [bad]
    line = clean.read_text(encoding="utf-8").splitlines().index(next(
        l for l in clean.read_text(encoding="utf-8").splitlines() if l.startswith("name:"))) + 1
    assert (next(p for p in problems if p.code == "text-bidi").line) == line

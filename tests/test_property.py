"""Random edits of a valid file give either success or reported problems, never an exception."""
from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VALID
from hakemisto.content.check import check
from hakemisto.content.problems import Problem
from hakemisto.runner import render_site

ORG = "organizations/kuvitteellinen-perheyhdistys.yaml"
NET = "networks/kuvitteellinen-verkosto.yaml"
YAML_CHARS = st.sampled_from(list(":-#&*!|>'\"{}[],?%@` \t\n\\") + list("aäz019") + ["\u00a0", "\x07", "\ufeff"])


def _check_text(relative: str, text: str | bytes, render: bool = False) -> list[Problem]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(VALID, root)
        target = root / relative
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        content, problems = check(root)
        if render and not problems:
            render_site(content, today=date(2026, 11, 27))
    for found in problems:
        assert found.line >= 0 and found.column >= 0
        assert found.message("en") and found.message("fi")
    return problems


@st.composite
def text_edits(draw: st.DrawFn, original: str) -> str:
    text = original
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate-line", "swap-lines", "indent"]))
        pos = draw(st.integers(0, len(text)))
        lines = text.split("\n")
        line = draw(st.integers(0, len(lines) - 1))
        if kind == "insert":
            text = text[:pos] + "".join(draw(st.lists(YAML_CHARS, min_size=1, max_size=5))) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)):]
        elif kind == "duplicate-line":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif kind == "swap-lines" and line + 1 < len(lines):
            lines[line], lines[line + 1] = lines[line + 1], lines[line]
            text = "\n".join(lines)
        elif kind == "indent":
            lines[line] = " " * draw(st.integers(1, 3)) + lines[line]
            text = "\n".join(lines)
    return text


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    found = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, at + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, at + (i,))
    return found


def _replace(data: Any, at: tuple, new: Any) -> Any:
    if not at:
        return new
    data[at[0]] = _replace(data[at[0]], at[1:], new)
    return data


SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(st.data())
def test_random_text_edits_never_raise(data: st.DataObject) -> None:
    relative = data.draw(st.sampled_from([ORG, NET]))
    original = (VALID / relative).read_text(encoding="utf-8")
    _check_text(relative, data.draw(text_edits(original)))


@SLOW
@given(st.data())
def test_random_value_replacements_never_raise(data: st.DataObject) -> None:
    relative = data.draw(st.sampled_from([ORG, NET]))
    tree = yaml.safe_load((VALID / relative).read_text(encoding="utf-8"))
    at = data.draw(st.sampled_from(_paths(tree)))
    tree = _replace(tree, at, data.draw(JSONISH))
    text = yaml.safe_dump(tree, allow_unicode=True)
    problems = _check_text(relative, text, render=True)
    if at == ():
        assert problems


@SLOW
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(raw: bytes) -> None:
    _check_text(ORG, raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_validator_agrees_with_the_full_one(data: st.DataObject) -> None:
    """The compiled validator is only a shortcut: it accepts exactly what the Python validator accepts."""
    from hakemisto.content.loader import load_document
    from hakemisto.content.schema import fast_validator, validator

    relative, name = data.draw(st.sampled_from([(ORG, "organization"), (NET, "network")]))
    tree = load_document(VALID / relative)[0].data
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.sampled_from(_paths(tree)))
        new = data.draw(JSONISH | st.sampled_from(
            ["", " x", "2026-02-30", "31.1.2026", "25:00", "09 123 4567", "+358 40 123 4567", "x@y", "a@b.fi",
             "http://", "https://esimerkki.fi/x", "javascript:x", "1234567-1", "0000000-0", "00100", "abc-", "a-b"]))
        tree = _replace(tree, at, new)
    assert fast_validator(name).is_valid(tree) == (not list(validator(name).iter_errors(tree)))


MARKDOWN_PIECES = st.sampled_from(
    list("*_`#>-+=|:[]()!<&;\\\n \t\"'.~aä1") + ["\u00a0", "\x00", "\x0c", "\r", "```", "    ", "1. ", "3) ", "- ", "> ",
                                                 "| a | b |\n|---|:-:|\n", "https://x.fi", "javascript:x", "&nbsp;",
                                                 "&#160;", "&lt;", "&#0;", "<b>", "</li>", "<!--", "**x**", "\n\n", "  \n"])


@settings(max_examples=500, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=30).map("".join))
def test_markdown_without_raw_html_skips_only_a_sanitiser_that_would_change_nothing(text: str) -> None:
    """Markdown with no raw HTML and only plain tags is not passed through the sanitiser; the result
    is always exactly what the sanitiser gives."""
    import pyromark

    from hakemisto.site.markup import _OPTIONS, _fit_headings, _render, sanitise

    assert _render(text, 3) == sanitise(_fit_headings(pyromark.html(text, options=_OPTIONS), 3))


def _sort_key_by_letter(name: str) -> str:
    """The sort key's definition, letter by letter: Å, Ä, Ö (and Æ, Ø, Ü) placed, other accents dropped."""
    import unicodedata

    nordic = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"}
    out = []
    for char in name.casefold().lstrip("\"'“”«»-–— "):
        out.append(nordic.get(char) or "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)))
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("aAzZåÅäÄöÖæøüÜéÉßﬁ\u212b\u0308\u030a\"'“- 1ñçŁ")), max_size=12)
       | st.text(max_size=12))
def test_sort_key_is_its_letter_by_letter_definition(name: str) -> None:
    from hakemisto.site.i18n import sort_key

    assert sort_key(name) == _sort_key_by_letter(name)

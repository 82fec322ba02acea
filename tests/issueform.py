"""Issue bodies as GitHub writes them from an issue form: `### Label`, a blank line, the value
(`_No response_` when empty; `- [X]` or `- [ ]` for each checkbox), a blank line."""
from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "jarjeston-tiedot.yml"


def body(values: dict[str, object], form: Path = FORM) -> str:
    """The body GitHub would write for these answers (field id → text, option label, or list of ticked labels)."""
    spec = yaml.safe_load(form.read_text(encoding="utf-8"))
    parts = []
    for item in spec["body"]:
        if item["type"] == "markdown":
            continue
        label = item["attributes"]["label"]
        answer = values.get(item["id"])
        if item["type"] == "checkboxes":
            ticked = set(answer or [])
            text = "\n".join(f"- [{'X' if o['label'] in ticked else ' '}] {o['label']}" for o in item["attributes"]["options"])
        elif not answer:
            text = "_No response_"
        else:
            text = str(answer)
        parts.append(f"### {label}\n\n{text}")
    return "\n\n".join(parts) + "\n"


def label(field_id: str, key: str, form: Path = FORM) -> str:
    """The option label of a vocabulary entry in a checkbox field, as the form shows it."""
    from hakemisto.content.check import check
    from hakemisto.content.form import BY_ID, choices

    content, _ = check(ROOT / "content")
    return dict(choices(content, BY_ID[field_id]))[key]

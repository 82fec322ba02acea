"""The search facets: what each profile and network page is filed under (theme, municipality, area,
language, target group, activity format, free, self-referral, page type)."""
from __future__ import annotations

from typing import Any

from ..content.webfacts import effective_list
from .directory import Directory

# Facet key (also the URL parameter) → vocabulary its values come from.
FACETS = (
    ("theme", "themes"), ("municipality", "areas"), ("area", "areas"), ("language", "languages"),
    ("target", "target-groups"), ("format", "activity-formats"), ("free", ""), ("selfref", ""), ("type", ""),
)


UNKNOWN = "unknown"
"""The filter value of an organisation that has not told where it works or in which languages."""

def activity_values(data: dict[str, Any], field: str) -> list[str]:
    """A list field of the organisation (its own, else its web pages') together with the same field
    of its activities, each once."""
    values = effective_list(data, field)
    for activity in data.get("activities", []):
        values += activity.get(field, [])
    return list(dict.fromkeys(values))


def page_facets(d: Directory, kind: str, slug: str) -> list[tuple[str, str]]:
    """(facet, id) pairs a profile or network page is filed under; ids are turned into labels per language."""
    data = d.org(slug) if kind == "organization" else d.net(slug)
    pairs: list[tuple[str, str]] = [("type", kind)]
    pairs += [("theme", t) for t in effective_list(data, "themes")]
    areas = activity_values(data, "areas")
    towns, touched = d.areas_touched(areas)
    pairs += [("municipality", t) for t in towns] + [("area", a) for a in touched]
    if kind == "organization" and not areas:
        pairs += [("municipality", UNKNOWN), ("area", UNKNOWN)]  # not dropped silently by an area filter
    if kind == "organization":
        pairs += [("language", l) for l in activity_values(data, "languages")] or [("language", UNKNOWN)]
        pairs += [("target", t) for t in activity_values(data, "target_groups")]
        formats = [a["format"] for a in data.get("activities", []) if a.get("format")]
        pairs += [("format", f) for f in dict.fromkeys(formats)]
        if any(a.get("cost") == "free" for a in data.get("activities", [])):
            pairs.append(("free", "yes"))
        if (data.get("referral") or {}).get("self_referral") is True:
            pairs.append(("selfref", "yes"))
    return pairs

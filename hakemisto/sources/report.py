"""`build.py report`: completeness and freshness of every organisation and network."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ..content.tree import Content
from ..site.i18n import text
from ..model.config import months_before

ORGANIZATION_FIELDS = ("summary", "description", "website", "email", "phone", "themes", "areas",
                       "target_groups", "languages", "referral", "contacts", "reviewed")
NETWORK_FIELDS = ("summary", "goals", "tasks", "how_to_join", "meeting_rhythm", "coordinators", "contact",
                  "members", "reviewed")


@dataclass(frozen=True)
class Row:
    """One organisation or network: what is missing and how old its review is."""

    kind: str
    id: str
    name: str
    status: str
    missing: list[str]
    reviewed: str
    days_since_review: int | None
    stale: bool


def _row(kind: str, slug: str, data: dict[str, Any], fields: tuple[str, ...], today: date, months: int) -> Row:
    missing = [f for f in fields if not data.get(f)]
    reviewed = data.get("reviewed", "")
    days = (today - date.fromisoformat(reviewed)).days if reviewed else None
    stale = not reviewed or date.fromisoformat(reviewed) < months_before(today, months)
    return Row(kind, slug, text(data["name"], "fi"), data["status"], missing, reviewed, days, stale)


def rows(content: Content, today: date) -> list[Row]:
    """Every organisation, then every network, in id order."""
    months = content.site["stale_after_months"]
    out = [_row("organization", s, d.data, ORGANIZATION_FIELDS, today, months)
           for s, d in sorted(content.organizations.items())]
    out += [_row("network", s, d.data, NETWORK_FIELDS, today, months) for s, d in sorted(content.networks.items())]
    return out


def as_json(items: list[Row], today: date) -> str:
    """The report as JSON (one object per organisation or network)."""
    return json.dumps({"date": today.isoformat(), "items": [asdict(r) for r in items]}, ensure_ascii=False, indent=2) + "\n"


def inert_markdown(value: str) -> str:
    """Text from content or a register made inert in Markdown (a GitHub issue or pull request): on
    one line, with no mention, link, autolink, image, HTML or table cell it could start."""
    value = re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", " ".join(value.split()))
    return value.replace("@", "@\u200b").replace("://", ":\u200b//").replace("www.", "www\u200b.")


def as_markdown(items: list[Row], today: date, months: int) -> str:
    """The report as a Markdown table with a short summary, in Finnish."""
    stale = [r for r in items if r.stale and r.status != "ended"]
    lines = [
        f"# Tietojen ajantasaisuus {today.isoformat()}",
        "",
        f"{len(items)} organisaatiota ja verkostoa; {len(stale)} ilman tarkistuspäivää tai tarkistettu yli "
        f"{months} kuukautta sitten.",
        "",
        "| tyyppi | tunniste | nimi | tila | tarkistettu | päiviä | puuttuvat kentät |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in items:
        kind = "järjestö" if r.kind == "organization" else "verkosto"
        days = "–" if r.days_since_review is None else str(r.days_since_review)
        mark = " ⚠" if r.stale and r.status != "ended" else ""
        lines.append(f"| {kind} | `{r.id}` | {inert_markdown(r.name)} | {r.status} | {r.reviewed or '–'}{mark} | {days} | "
                     f"{', '.join(r.missing) or '–'} |")
    return "\n".join(lines) + "\n"


def outreach(content: Content, today: date) -> list[dict[str, str]]:
    """For coordinators chasing missing details: every organisation still operating, what its
    profile lacks and its personal fill-in link (empty when the repository is not known)."""
    from ..content.form import fill_in_link
    from ..model.config import repository

    repo = repository(content.site)
    out = []
    for row in rows(content, today):
        if row.kind != "organization" or row.status == "ended":
            continue
        out.append({"id": row.id, "name": row.name, "status": row.status, "missing": ", ".join(row.missing),
                    "reviewed": row.reviewed, "fill_in_link": fill_in_link(repo, row.id, row.name) if repo else "",
                    **web_columns(content.org(row.id))})
    return out


WEB_COLUMNS = ("web", "web_checked", "web_note", "conflicts")
"""What the outreach list tells of an organisation's web pages: found, unsure or not found, when, why."""


def web_columns(data: dict[str, Any]) -> dict[str, str]:
    """The outreach columns of the web block, with every difference between the organisation's (or the
    register's) value and a web fact, so that a coordinator settles it instead of anyone merging it."""
    from ..content.webfacts import conflicts, value_text

    web = data.get("web") or {}
    differences = [f"{kind}: {value_text(own)} / {value_text(fact.value)} ({fact.url}, {fact.read})"
                   for kind, own, fact in conflicts(data)]
    return {"web": web.get("result", ""), "web_checked": web.get("checked", ""), "web_note": web.get("note", ""),
            "conflicts": "; ".join(differences)}



def outreach_csv(items: list[dict[str, str]]) -> str:
    """The outreach list as CSV for a mail merge (UTF-8 with BOM for Excel)."""
    import csv
    import io

    from ..site.output import spreadsheet_safe

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "name", "status", "missing", "reviewed", "fill_in_link",
                                                *WEB_COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        writer.writerow({key: spreadsheet_safe(value) for key, value in item.items()})
    return "\ufeff" + buffer.getvalue()


def outreach_markdown(items: list[dict[str, str]], today: date) -> str:
    """The outreach list as a Markdown table, in Finnish."""
    lines = [f"# Puuttuvat tiedot {today.isoformat()}", "",
             f"{len(items)} järjestöä. Lähetä kullekin sen oma linkki lomakkeeseen.", "",
             "| tunniste | nimi | tila | puuttuvat kentät | lomake |", "|---|---|---|---|---|"]
    for item in items:
        link = f"[täydennä]({item['fill_in_link']})" if item["fill_in_link"] else "–"
        lines.append(f"| `{item['id']}` | {inert_markdown(item['name'])} | {item['status']} | {item['missing'] or '–'} | {link} |")
    lines += _web_sections(items)
    return "\n".join(lines) + "\n"


def _web_sections(items: list[dict[str, str]]) -> list[str]:
    """The organisations whose own web pages were not found or whose identity is unsure (no fact of
    theirs is shown), and the differences between their own details and their pages', in Finnish."""
    lines: list[str] = []
    unsure = [i for i in items if i.get("web") in ("unsure", "not-found")]
    if unsure:
        lines += ["", "## Verkkosivuilta ei tietoja", "",
                  f"{len(unsure)} järjestöä: omia sivuja ei löytynyt (not-found) tai järjestön henkilöllisyys on "
                  "epävarma (unsure). Sivuilta ei näytetä mitään; pyydä tiedot järjestöltä.", "",
                  "| tunniste | nimi | tulos | tarkistettu | huomio |", "|---|---|---|---|---|"]
        lines += [f"| `{i['id']}` | {inert_markdown(i['name'])} | {i['web']} | {i['web_checked']} | "
                  f"{inert_markdown(i['web_note'])} |" for i in unsure]
    differing = [i for i in items if i.get("conflicts")]
    if differing:
        lines += ["", "## Järjestön tiedot ja verkkosivut eroavat", "",
                  "Järjestön omat tiedot (tai rekisteri) näytetään; tarkista, kumpi on oikein.", "",
                  "| tunniste | nimi | erot (oma / sivulla) |", "|---|---|---|"]
        lines += [f"| `{i['id']}` | {inert_markdown(i['name'])} | {inert_markdown(i['conflicts'])} |" for i in differing]
    return lines

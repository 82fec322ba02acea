"""The settings of one build, from site.yaml and the command line, checked once."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from typing import Any


def normalise_base_url(value: str) -> str:
    """A base URL ending with '/', and starting with '/' unless absolute."""
    value = value.strip() or "/"
    if "://" not in value and not value.startswith("/"):
        value = "/" + value
    return value if value.endswith("/") else value + "/"


@dataclass(frozen=True)
class SiteConfig:
    """Settings from site.yaml, checked once; `today` decides upcoming meetings and stale reviews."""

    title: Any
    tagline: Any
    base_url: str
    repository: str
    branch: str
    coordinators_email: str
    languages: tuple[str, ...]
    stale_after_months: int
    today: date


def make_config(site: dict[str, Any], today: date, base_url: str | None = None) -> SiteConfig:
    """The frozen settings for one build."""
    return SiteConfig(
        title=site["title"],
        tagline=site.get("tagline", ""),
        base_url=normalise_base_url(base_url if base_url is not None else site["base_url"]),
        repository=repository(site),
        branch=site.get("branch", "main"),
        coordinators_email=site.get("coordinators_email", ""),
        languages=tuple(site["languages"]),
        stale_after_months=site["stale_after_months"],
        today=today,
    )


def repository(site: dict[str, Any]) -> str:
    """The GitHub repository for edit and fill-in links: from site.yaml, else (in GitHub Actions)
    the repository the build runs in, else ''."""
    written = site.get("repository", "").rstrip("/")
    if written:
        return written
    server, name = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_REPOSITORY", "")
    if os.environ.get("GITHUB_ACTIONS") == "true" and re.fullmatch(r"https://[A-Za-z0-9.-]+", server) and \
            re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", name):
        return f"{server}/{name}"
    return ""


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")

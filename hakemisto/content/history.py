"""When each content file last changed, from the Git history when the content is in a checkout:
calendars and feeds take their change times from it (not from the clock), so a rescheduled
meeting carries a new DTSTAMP, LAST-MODIFIED and SEQUENCE, and builds stay reproducible."""
from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """A file's last commit time (UTC) and how many commits have changed it."""

    time: datetime
    commits: int


def changes(root: Path) -> dict[str, Change]:
    """Content files (paths relative to `root`) and their last change; empty outside a Git checkout,
    for files never committed, and when Git is not installed."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
        log_text = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--no-renames",
                                   "--", "."], capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    found: dict[str, Change] = {}
    for entry in log_text.split("\x00")[1:]:
        lines = [line for line in entry.split("\n") if line.strip()]
        if not lines:
            continue
        when = datetime.fromtimestamp(int(lines[0]), timezone.utc)
        for name in lines[1:]:
            if not name.startswith(prefix):
                continue
            relative = name[len(prefix):]
            known = found.get(relative)
            found[relative] = Change(known.time if known else when, (known.commits if known else 0) + 1)
    return found

"""Problems found in content: collected, sorted and reported together."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .messages import render_message


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column (0 when unknown)."""

    path: str
    line: int
    column: int
    code: str
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)
    detail: str = ""
    """The parameters as text: two problems of one kind at one place differ when they name different fields."""

    def message(self, lang: str = "en") -> str:
        """The message in plain words, in `lang` (fi or en)."""
        return render_message(self.code, dict(self.params), lang)

    def text(self, lang: str = "en") -> str:
        """`path:line:col: message`, for people, on one line whatever the content quoted in it."""
        message = self.message(lang).replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.path}:{self.line}:{self.column}: {message}"

    def annotation(self, lang: str = "en") -> str:
        """A GitHub Actions workflow command that puts the message on the line."""
        text = self.message(lang).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={max(self.line, 1)},col={max(self.column, 1)}::{text}"


def display_path(path: Path | str) -> str:
    """The path relative to the working directory when inside it, with forward slashes."""
    p = Path(path)
    try:
        p = p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    return p.as_posix()


def problem(path: Path | str, line: int, column: int, code: str, **params: object) -> Problem:
    """Make a Problem; `path` is shown relative to the working directory."""
    items = tuple(sorted(params.items()))
    return Problem(display_path(path), line, column, code, items, repr(items))


def plain_output(text: str) -> str:
    """Text for a terminal or a CI log: a line that begins with `::` would be obeyed by the GitHub
    Actions runner as a workflow command, so such a line gets a leading space."""
    return "\n".join(" " + line if line.lstrip().startswith("::") else line for line in text.split("\n"))


def report(problems: list[Problem], lang: str = "en", github: bool | None = None) -> str:
    """Every problem on its own line, sorted, then a count; GitHub annotations when in Actions."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    items = sorted(set(problems))
    lines = [plain_output(p.text(lang)) for p in items]
    if github:
        lines += [p.annotation(lang) for p in items]
    lines.append(render_message("summary-problems", {"count": len(items)}, lang))
    return "\n".join(lines)

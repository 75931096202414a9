"""Problems an editor can cause, reported as `file:line: error: what — how to fix`.

Every stage collects `Problem`s instead of stopping at the first one, so a build
reports every broken file at once. `BuildFailed` carries them to the command line,
which prints them and exits 1 without a traceback.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str  # shown as written, relative to the project when possible
    line: int | None
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __lt__(self, other: "Problem") -> bool:
        """By file, then line (a whole-file problem first), then message: a stable report order."""
        return (self.path, self.line or 0, self.message) < (other.path, other.line or 0, other.message)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class BuildFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def display_path(path: Path, root: Path) -> str:
    """The path as an editor would type it: relative to the project folder."""
    try:
        return path.relative_to(root).as_posix()  # the common case, without touching the disk
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)

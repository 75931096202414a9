"""Read an editor's TOML file (site.toml, gazetteer, taxonomy, catalogue) with friendly errors."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .errors import BuildFailed, Problem, display_path


def read_toml(path: Path, root: Path, hint: str) -> tuple[dict, str]:
    """The parsed data and the raw text (for line numbers). A syntax error names the line."""
    shown = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BuildFailed([Problem(shown, None, "the file is not UTF-8 text", "save it as UTF-8")]) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column \d+\)", str(err))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise BuildFailed([Problem(shown, int(match.group(1)) if match else None,
                                   f"this is not valid TOML: {reason}", hint)]) from None


def line_of(text: str, pattern: str) -> int | None:
    """The line where a regular expression first matches, for messages."""
    match = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None

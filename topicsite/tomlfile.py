"""Read an editor's TOML file (site.toml, gazetteer, taxonomy, catalogue) with friendly errors."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .errors import BuildFailed, Problem, display_path
from .inputs import NOT_IN_TEXT


def read_toml(path: Path, root: Path, hint: str) -> tuple[dict, str]:
    """The parsed data and the raw text (for line numbers). A syntax error names the line."""
    shown = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte order mark, as some editors write, is fine
    except UnicodeDecodeError:
        raise BuildFailed([Problem(shown, None, "the file is not UTF-8 text", "save it as UTF-8")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+), column \d+\)", str(err))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise BuildFailed([Problem(shown, int(match.group(1)) if match else None,
                                   f"this is not valid TOML: {reason}", hint)]) from None
    if any(NOT_IN_TEXT.search(value) for value in texts(data)):
        escape = re.search(r"\\(?:[bf]|u00[01][0-9a-fA-F]|u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[01][0-9a-fA-F])", text)
        raise BuildFailed([Problem(shown, line_of(text, re.escape(escape.group())) if escape else None,
                                   "a text holds an escaped control code or incomplete character, which "
                                   "pages and feeds cannot carry", "remove the escape (such as \\u0001) from the text")])
    return data, text


def texts(value):
    """Every text in parsed TOML, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def line_of(text: str, pattern: str) -> int | None:
    """The line where a regular expression first matches, for messages."""
    match = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


class Block:
    """Where one [[table]] block of a file stands: its line, and the line of a key in it."""

    def __init__(self, text: str, start: int | None, end: int | None):
        self.line = text.count("\n", 0, start) + 1 if start is not None else None
        self.text = text[start:end] if start is not None else ""

    def key_line(self, key: str) -> int | None:
        found = re.search(rf"^\s*{re.escape(key)}\s*=", self.text, re.M)
        return self.line + self.text.count("\n", 0, found.start()) if found and self.line else self.line


def blocks(text: str, table: str, count: int) -> list[Block]:
    """The first `count` [[table]] blocks of a file, in order (None lines past the last one)."""
    starts = [m.start() for m in re.finditer(rf"^[ \t]*\[\[[ \t]*{table}[ \t]*\]\]", text, re.M)] + [len(text)]
    return [Block(text, starts[i], starts[i + 1]) if i < len(starts) - 1 else Block(text, None, None)
            for i in range(count)]

"""Tags: canonical names and their aliases, from `taxonomy.toml`.

`canonical()` files an alias under its tag (so 'Daesh' and 'ISIS' are one tag page), and
`find_in()` finds tags in raw text for the importer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, Problem, display_path
from .tomlfile import read_toml
from .urls import fold, slugify


@dataclass(frozen=True)
class TagEntry:
    name: str
    kind: str
    aliases: tuple[str, ...]


def is_acronym(alias: str) -> bool:
    """'IS', 'SAA', 'VBIED': matched only in capitals, as whole words."""
    return alias.isupper() and len(re.sub(r"[^A-Z]", "", alias)) <= 6 and " " not in alias


class Taxonomy:
    def __init__(self, entries: list[TagEntry]):
        self.entries = entries
        self._by_key: dict[str, TagEntry] = {}
        for entry in entries:
            for name in (entry.name, *entry.aliases):
                self._by_key.setdefault(fold(name), entry)
        patterns = []
        for entry in entries:
            for name in sorted({entry.name, *entry.aliases}, key=len, reverse=True):
                body = re.escape(name).replace(r"\ ", r"[\s-]+").replace("'", "['’]").replace(r"\-", r"[-\s]")
                flags = "" if is_acronym(name) else "(?i:"
                patterns.append((entry, re.compile(rf"(?<![\w-])(?:{flags}{body}{')' if flags else ''})(?![\w])")))
        self._patterns = patterns

    def canonical(self, name: str) -> str | None:
        entry = self._by_key.get(fold(name))
        return entry.name if entry else None


    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def find_in(self, text: str) -> list[str]:
        """Canonical tags named in the text, in taxonomy order."""
        return [entry.name for entry in self.entries
                if any(p.search(text) for e, p in self._patterns if e is entry)]


def load_taxonomy(path: Path, root: Path) -> Taxonomy:
    shown = display_path(path, root)
    if not path.exists():
        return Taxonomy([])
    data, text = read_toml(path, root, "each tag is a [[tag]] block of key = value lines")
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^\[\[tag\]\]", text, re.M)]
    entries, problems, seen = [], [], {}
    for index, raw in enumerate(data.get("tag", [])):
        line = lines[index] if index < len(lines) else None
        name, aliases = raw.get("name"), raw.get("aliases", [])
        if not isinstance(name, str) or not slugify(name):
            problems.append(Problem(shown, line, "a tag has no usable name", "add name = \"...\""))
            continue
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(Problem(shown, line, f"the aliases of '{name}' must be a list of texts",
                                    "write aliases = [\"One\", \"Two\"]"))
            continue
        for spelling in (name, *aliases):
            other = seen.get(fold(spelling))
            if other and other != name:
                problems.append(Problem(shown, line, f"'{spelling}' is listed for both '{other}' and '{name}'",
                                        "keep it under one tag only"))
            seen.setdefault(fold(spelling), name)
        entries.append(TagEntry(name, raw.get("kind", "topic"), tuple(aliases)))
    if problems:
        raise BuildFailed(problems)
    return Taxonomy(entries)

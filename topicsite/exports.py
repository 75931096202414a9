"""Machine-readable exports for researchers: articles.json, the archive's citations, places.geojson;
and the countries' outlines that the maps fall back on."""
from __future__ import annotations

import functools
import json
from functools import partial
from pathlib import Path

from . import cite
from .cache import digest
from .group import Archive, PlaceGroup
from .render import Job, Page, Renderer
from .urls import Urls


def records_json(head: dict, key: str, records: list) -> bytes:
    """{**head, key: [records]}, one record per line: readable, diffable, and fast to write."""
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ", " if head else "{"
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"{opening}{json.dumps(key)}: [\n{lines}\n]}}\n".encode("utf-8")


def archive_exports(archive: Archive, r: Renderer, listing_key, citation) -> list[Job]:
    """articles.json and the citations of every article (CSL-JSON, BibTeX, RIS, CSV), made only
    when what they list changed: their key comes from what lists show of each article
    (`listing_key`) and the names and coordinates of its places and the names of its tags."""
    rows = [(a, archive.article_places.get(a.slug, ()), archive.article_tags.get(a.slug, ())) for a in archive.articles]
    inputs = digest("\n".join(f"{listing_key(a)}\x1f{[(g.name, g.place.lat, g.place.lon) for g in places]}"
                               f"\x1f{[t.name for t in tags]}" for a, places, tags in rows).encode())

    def job(path: str, make) -> Job:
        return Job(path, digest(f"{r.global_key}\n{path}\n{inputs}".encode()), make)

    every = functools.cache(partial(_citations, archive, citation))  # once per process, for the four files
    return [job("articles.json", partial(_articles, r, rows)),
            job("articles.csl.json", lambda: cite.csl_json(every())), job("articles.bib", lambda: cite.bibtex(every())),
            job("articles.ris", lambda: cite.ris(every())), job("articles.csv", lambda: cite.spreadsheet(every()))]


# One report's citation, beside its page, as reference managers import it.
CITATION_FILES = (("cite.bib", cite.bibtex), ("cite.ris", cite.ris), ("cite.json", cite.csl_json))


def article_exports(citation: cite.Citation, r: Renderer) -> list[Job]:
    """articles/<id>/cite.bib, .ris and .json: made again only when the citation changes."""
    folder, inputs = Urls.article(citation.id), f"{r.global_key}\n{citation!r}"
    return [Job(folder + name, digest(f"{folder + name}\n{inputs}".encode()), partial(make, [citation]))
            for name, make in CITATION_FILES]


def _citations(archive: Archive, citation) -> list:
    return [citation(a) for a in archive.articles]


def _articles(r: Renderer, rows: list) -> bytes:
    records = []
    for article, places, tags in rows:
        records.append({
            "id": article.slug,
            "title": article.title,
            "date": article.date.iso() if article.date else None,
            "date_precision": article.date.precision if article.date else None,
            "date_basis": article.date_basis or None,
            "date_window": article.date_window or None,
            "date_note": article.date_note or None,
            "places": [g.name for g in places],
            "tags": [t.name for t in tags],
            "url": r.href(article, absolute=True),
            "source": {"publisher": article.source.publisher, "url": article.source.url},
        })
    return records_json({}, "articles", records)


def place_feature(group: PlaceGroup, r: Renderer) -> dict:
    place = group.place
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]},  # GeoJSON: lon, lat
        "properties": {"name": place.name, "kind": place.kind, "articles": len(group.articles),
                       "url": r.href(Urls.place(group.slug)), "parent": group.parent.name if group.parent else None},
    }


COUNTRIES = Path(__file__).parent / "data" / "countries.geojson"  # data/README.md says where it comes from
OUTLINE_MARGIN = 5  # degrees around the archive's places: the neighbours a reader sees when zooming out


@functools.cache
def _countries() -> list[tuple[tuple[float, float, float, float], dict]]:
    """The bundled countries, each with its bounding box (west, south, east, north)."""
    found = []
    for feature in json.loads(COUNTRIES.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        points = [point for polygon in polygons for ring in polygon for point in ring]
        found.append(((min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points),
                       max(p[1] for p in points)), feature))
    return found


def country_outlines(archive: Archive) -> Page:
    """outlines.geojson: the countries around the archive's places, which a map draws when its
    tiles cannot be loaded. Only those near the places, so that it stays small."""
    points = [(g.place.lon, g.place.lat) for g in archive.places if g.place.has_coordinates]
    near = []
    if points:
        west, east = min(p[0] for p in points) - OUTLINE_MARGIN, max(p[0] for p in points) + OUTLINE_MARGIN
        south, north = min(p[1] for p in points) - OUTLINE_MARGIN, max(p[1] for p in points) + OUTLINE_MARGIN
        near = [f for (w, s, e, n), f in _countries() if w <= east and e >= west and s <= north and n >= south]
    return Page("outlines.geojson", records_json({"type": "FeatureCollection"}, "features", near))


def places_geojson(archive: Archive, r: Renderer) -> Page:
    features = [place_feature(g, r) for g in archive.places if g.place.has_coordinates]
    return Page("places.geojson", records_json({"type": "FeatureCollection"}, "features", features))

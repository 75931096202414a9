"""Machine-readable exports for researchers: articles.json and places.geojson."""
from __future__ import annotations

import json
from functools import partial

from .cache import digest
from .group import Archive, PlaceGroup
from .render import Job, Page, Renderer
from .urls import Urls


def records_json(head: dict, key: str, records: list) -> bytes:
    """{**head, key: [records]}, one record per line: readable, diffable, and fast to write."""
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ", " if head else "{"
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"{opening}{json.dumps(key)}: [\n{lines}\n]}}\n".encode("utf-8")


def articles_json(archive: Archive, r: Renderer, listing_key) -> Job:
    """articles.json, made only when what it lists changed: its key comes from what lists
    show of each article (`listing_key`) and the names of its places and tags."""
    rows = [(a, archive.article_places.get(a.slug, ()), archive.article_tags.get(a.slug, ())) for a in archive.articles]
    inputs = "\n".join(f"{listing_key(a)}\x1f{[g.name for g in places]}\x1f{[t.name for t in tags]}"
                       for a, places, tags in rows)
    return Job("articles.json", digest(f"{r.global_key}\n{inputs}".encode()), partial(_articles, r, rows))


def _articles(r: Renderer, rows: list) -> bytes:
    records = []
    for article, places, tags in rows:
        records.append({
            "id": article.slug,
            "title": article.title,
            "date": article.date.iso() if article.date else None,
            "date_precision": article.date.precision if article.date else None,
            "date_basis": article.date_basis or None,
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


def places_geojson(archive: Archive, r: Renderer) -> Page:
    features = [place_feature(g, r) for g in archive.places if g.place.has_coordinates]
    return Page("places.geojson", records_json({"type": "FeatureCollection"}, "features", features))

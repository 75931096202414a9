"""Machine-readable exports for researchers: articles.json and places.geojson."""
from __future__ import annotations

import json

from .group import Archive, PlaceGroup
from .render import Page, Renderer
from .urls import Urls


def records_json(head: dict, key: str, records: list) -> bytes:
    """{**head, key: [records]}, one record per line: readable, diffable, and fast to write."""
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ", " if head else "{"
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"{opening}{json.dumps(key)}: [\n{lines}\n]}}\n".encode("utf-8")


def articles_json(archive: Archive, r: Renderer) -> Page:
    records = []
    for article in archive.articles:
        records.append({
            "id": article.slug,
            "title": article.title,
            "date": article.date.iso() if article.date else None,
            "date_precision": article.date.precision if article.date else None,
            "date_basis": article.date_basis or None,
            "places": [g.name for g in archive.article_places.get(article.slug, [])],
            "tags": [t.name for t in archive.article_tags.get(article.slug, [])],
            "url": r.href(article, absolute=True),
            "source": {"publisher": article.source.publisher, "url": article.source.url},
        })
    return Page("articles.json", records_json({}, "articles", records))


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

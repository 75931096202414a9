"""articles.json and places.geojson: valid, [longitude, latitude], exactly the published items."""
import json

import geojson

from conftest import article, run_build


def test_exports_list_exactly_the_published_articles_and_places(project):
    root = project({
        "content/a.md": article("Hajin report", date="2018-12", tags="[Daesh, SDF]", locations="[Hajin, Nowhere]",
                                body="Text."),
        "content/b.md": article("Baghuz report", date="2019-01-23", locations="[Baghuz]"),
        "content/d.md": article("Draft", date="2018", locations="[Al Tanf]", draft="true"),
    })
    assert run_build(root).returncode == 0
    site = root / "_site"
    records = json.loads((site / "articles.json").read_text())["articles"]
    assert [r["id"] for r in records] == ["b", "a"]
    assert records[1] == {"id": "a", "title": "Hajin report", "date": "2018-12", "date_precision": "month",
                          "date_basis": None, "date_window": None, "date_note": None,
                          "places": ["Hajin", "Nowhere"], "tags": ["ISIS", "SDF"],
                          "url": "https://example.org/archive/articles/a/", "source": {"publisher": "", "url": ""}}

    collection = geojson.loads((site / "places.geojson").read_text())
    assert collection.is_valid, collection.errors()
    features = {f["properties"]["name"]: f for f in collection["features"]}
    # Nowhere has no coordinates; Al Tanf is only in a draft; parents with coordinates come along.
    assert set(features) == {"Hajin", "Baghuz", "Deir ez-Zor Governorate", "Syria"}
    lon, lat = features["Hajin"]["geometry"]["coordinates"]
    assert 40 < lon < 41 and 34 < lat < 35  # GeoJSON order: longitude first
    assert features["Hajin"]["properties"] == {"name": "Hajin", "kind": "town", "articles": 1,
                                               "url": "/archive/places/hajin/", "parent": "Deir ez-Zor Governorate"}

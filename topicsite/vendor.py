"""Third-party browser files the site serves itself (no CDN): Leaflet and its marker
clusters, from the xstatic packages pinned in requirements.txt."""
from __future__ import annotations

from pathlib import Path


def vendor_files() -> list[tuple[str, bytes]]:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    leaflet_dir, cluster_dir = Path(leaflet.BASE_DIR), Path(cluster.BASE_DIR)
    files = [("leaflet/leaflet.js", leaflet_dir / "leaflet.js"), ("leaflet/leaflet.css", leaflet_dir / "leaflet.css"),
             ("leaflet/markercluster.js", cluster_dir / "leaflet.markercluster.js"),
             ("leaflet/MarkerCluster.css", cluster_dir / "MarkerCluster.css"),
             ("leaflet/MarkerCluster.Default.css", cluster_dir / "MarkerCluster.Default.css")]
    files += [(f"leaflet/images/{p.name}", p) for p in sorted((leaflet_dir / "images").iterdir())]
    return [(name, path.read_bytes()) for name, path in files]

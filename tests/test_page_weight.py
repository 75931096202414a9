"""An article page costs a reader on a slow link little: HTML and CSS at most 30 KB
compressed, and no map or search code where there is no map or search."""
import gzip
import re

ARTICLE = "articles/syria-isis-retreats-against-the-sdf-in-hajin-al-hawamah-market-and-hospital-free/index.html"


def test_article_page_weight(reader_site):
    site, base = reader_site
    html = (site / ARTICLE).read_bytes()
    css = [site / "assets" / href.decode() for href in re.findall(rb'href="/repo/assets/([^"?]+\.css)', html)]
    total = len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in css)
    assert total <= 30 * 1024
    assert b"assets/leaflet/" not in html and b"pagefind/pagefind" not in html and b"search.js" not in html


def test_map_and_search_assets_only_where_used(reader_site):
    site, base = reader_site
    place = (site / "places" / "hajin" / "index.html").read_bytes()
    search = (site / "search" / "index.html").read_bytes()
    assert b"leaflet/leaflet.js" in place and b"search.js" not in place
    assert b"search.js" in search and b"leaflet" not in search


def test_lists_show_summary_and_publisher_and_stay_light(reader_site):
    site, base = reader_site
    html = (site / "tags" / "sdf" / "index.html").read_bytes()
    assert b'<p class="summary">The SDF advance against Isis within Hajin.' in html
    assert "· Difesa &amp; Sicurezza</span>".encode() in html
    css = [site / "assets" / href.decode() for href in re.findall(rb'href="/repo/assets/([^"?]+\.css)', html)]
    assert len(gzip.compress(html)) + sum(len(gzip.compress(p.read_bytes())) for p in css) <= 30 * 1024

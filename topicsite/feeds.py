"""Atom feeds, sitemap.xml and robots.txt. Dates come from articles, never from the clock,
so two builds of the same input are byte-identical."""
from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import partial
from xml.etree import ElementTree as ET

from .cache import digest
from .content import Article
from .render import Job, Page, Renderer

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 30
EPOCH = "1970-01-01T00:00:00Z"


def timestamp(article: Article, zone: zoneinfo.ZoneInfo) -> str:
    """Midnight of the first day the article's date can mean, in the archive's time zone."""
    day = article.date.first_day()
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone).isoformat()


def feed_job(r: Renderer, keys, title: str, page_target, articles: list[Article]) -> Job:
    """Dated articles only, newest first: an undated report has no place in a stream of news."""
    entries = []
    for article in articles:  # newest first already; stop as soon as the feed is full
        if article.date:
            entries.append(article)
            if len(entries) == FEED_ENTRIES:
                break
    path = r.href(page_target, feed=True, absolute=True).removeprefix(r.urls.base_url)
    key = digest(repr((r.global_key, "feed", path, title, keys(page_target), keys(entries))).encode("utf-8"))
    return Job(path, key, partial(atom_feed, r, title, page_target, entries), bodies=tuple(a.body_digest for a in entries),
               later=True)


def atom_feed(r: Renderer, title: str, page_target, entries: list[Article]) -> bytes:
    feed_url = r.href(page_target, feed=True, absolute=True)
    zone = zoneinfo.ZoneInfo(r.config.timezone)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set("xml:lang", r.config.language)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "title", title)
    if r.config.description:
        sub(feed, "subtitle", r.config.description)
    sub(feed, "id", feed_url)
    sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    sub(feed, "link", rel="alternate", type="text/html", href=r.href(page_target, absolute=True))
    sub(feed, "updated", max((timestamp(a, zone) for a in entries), default=EPOCH))
    author = sub(feed, "author")
    sub(author, "name", r.config.title)
    for article in entries:
        entry = sub(feed, "entry")
        link = r.href(article, absolute=True)
        sub(entry, "title", article.title)
        sub(entry, "link", rel="alternate", type="text/html", href=link)
        sub(entry, "id", link)
        sub(entry, "updated", timestamp(article, zone))
        sub(entry, "published", timestamp(article, zone))
        if article.summary:
            sub(entry, "summary", article.summary)
        sub(entry, "content", r.body_html(article), type="html")
        if article.source.publisher:
            source_author = sub(entry, "author")
            sub(source_author, "name", article.source.publisher)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


SITEMAP_LIMIT = 50_000  # URLs per sitemap file, the protocol's maximum


def sitemaps(r: Renderer, jobs: list[Job]) -> list[Job]:
    """sitemap.xml; past 50,000 pages, a sitemap index of sitemap-1.xml, sitemap-2.xml…
    A sitemap lists paths only: it is made again only when the set of pages changes."""
    paths = sorted((j.path, j.lastmod) for j in jobs if j.in_sitemap)  # lastmod: an article's date
    chunks = [paths[i:i + SITEMAP_LIMIT] for i in range(0, len(paths), SITEMAP_LIMIT)] or [[]]

    def job(path: str, listed: list[str], make) -> Job:
        return Job(path, digest(repr((r.global_key, path, listed)).encode("utf-8")), partial(make, r, listed))

    if len(chunks) == 1:
        return [job("sitemap.xml", chunks[0], _urlset)]
    pages = [job(f"sitemap-{n}.xml", chunk, _urlset) for n, chunk in enumerate(chunks, 1)]
    return [job("sitemap.xml", [(page.path, "") for page in pages], _sitemap_index), *pages]


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _urlset(r: Renderer, paths: list[str]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path, lastmod in paths:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = r.href(path.removesuffix("index.html"), absolute=True)
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sitemap_index(r: Renderer, sitemaps: list[tuple[str, str]]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for path, _ in sitemaps:
        ET.SubElement(ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap"), f"{{{SITEMAP_NS}}}loc").text = \
            r.href(path, absolute=True)
    return ET.tostring(index, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(r: Renderer) -> Page:
    return Page("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {r.href('sitemap.xml', absolute=True)}\n".encode())

"""Atom feeds, sitemap.xml and robots.txt. Dates come from articles, never from the clock,
so two builds of the same input are byte-identical."""
from __future__ import annotations

import datetime as dt
import zoneinfo
from xml.etree import ElementTree as ET

from .content import Article
from .render import Page, Renderer

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 30
EPOCH = "1970-01-01T00:00:00Z"


def timestamp(article: Article, zone: zoneinfo.ZoneInfo) -> str:
    """Midnight of the first day the article's date can mean, in the archive's time zone."""
    day = article.date.first_day()
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone).isoformat()


def atom_feed(r: Renderer, title: str, page_target, articles: list[Article]) -> Page:
    """Dated articles only, newest first: an undated report has no place in a stream of news."""
    feed_url = r.href(page_target, feed=True, absolute=True)
    zone = zoneinfo.ZoneInfo(r.config.timezone)
    entries = [a for a in articles if a.date][:FEED_ENTRIES]
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
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Page(feed_url.removeprefix(r.urls.base_url), data + b"\n")


def sitemap(r: Renderer, pages: list[Page]) -> Page:
    ET.register_namespace("", "http://www.sitemaps.org/schemas/sitemap/0.9")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.Element(f"{ns}urlset")
    for path in sorted(p.path for p in pages if p.in_sitemap):
        url = ET.SubElement(root, f"{ns}url")
        ET.SubElement(url, f"{ns}loc").text = r.href(path.removesuffix("index.html"), absolute=True)
    return Page("sitemap.xml", ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


def robots(r: Renderer) -> Page:
    return Page("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {r.href('sitemap.xml', absolute=True)}\n".encode())

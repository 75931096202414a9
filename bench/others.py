"""The same synthetic corpus as a Hugo site and as a Pelican site, with minimal layouts that
make the same kinds of pages: articles, tag and place pages with pagination, year and month
archives, home, feeds, sitemap."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Bench Archive"
disableKinds = []
[pagination]
  pagerSize = 20
[taxonomies]
  tag = "tags"
  location = "locations"
  year = "years"
  month = "months"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "tags"
    weight = 1
  [[related.indices]]
    name = "locations"
    weight = 1
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="/assets/style.css"></head><body><header><a href="/">{{ site.Title }}</a>
<nav><a href="/tags/">Tags</a> <a href="/locations/">Places</a> <a href="/years/">Dates</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>
<ul>{{ range .GetTerms "locations" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range (.Paginate .Pages).Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2 January 2006" }}</li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ol>{{ range first 10 site.RegularPages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>
<ul>{{ range first 20 site.Taxonomies.tags.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul>{{ end }}""",
}


def split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


# Hugo's layouts leave out related articles: on this corpus `.Related` made Hugo's build
# of 10,000 articles take about 90 s instead of a few seconds. Our pages keep theirs.
def hugo_site(corpus: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    (target / "content" / "articles").mkdir(parents=True)
    (target / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        path = target / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (target / "static" / "assets").mkdir(parents=True)
    shutil.copy(corpus / "static" / "style.css", target / "static" / "assets" / "style.css")
    for source in sorted((corpus / "content").glob("*.md")):
        meta, body = split(source.read_text())
        date = str(meta["date"])
        meta.update(years=[date[:4]], months=[date[:7]], slug=meta.pop("id"))
        (target / "content" / "articles" / source.name).write_text("---\n" + yaml.safe_dump(meta) + "---\n" + body)
    return target


PELICAN_CONFIG = """\
AUTHOR = "Bench"
SITENAME = "Bench Archive"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
CATEGORY_URL = "places/{slug}/"
CATEGORY_SAVE_AS = "places/{slug}/index.html"
YEAR_ARCHIVE_SAVE_AS = "archive/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "archive/{date:%Y}/{date:%m}/index.html"
FEED_ALL_ATOM = "feed.xml"
TAG_FEED_ATOM = "tags/{slug}/feed.xml"
CATEGORY_FEED_ATOM = "places/{slug}/feed.xml"
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = {cache}
CACHE_CONTENT = {cache}
"""


def pelican_site(corpus: Path, target: Path) -> Path:
    """Pelican reads its own metadata format; a place becomes its (single) category."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "content").mkdir(parents=True)
    for cache in (False, True):
        (target / f"conf_{'cached' if cache else 'cold'}.py").write_text(PELICAN_CONFIG.replace("{cache}", str(cache)))
    for source in sorted((corpus / "content").glob("*.md")):
        meta, body = split(source.read_text())
        header = (f"Title: {meta['title']}\nDate: {meta['date']}\nSlug: {meta['id']}\n"
                  f"Category: {meta['locations'][0]}\nTags: {', '.join(meta['tags'])}\nSummary: {meta['summary']}\n")
        (target / "content" / source.name).write_text(header + "\n" + re.sub(r"^\s+", "", body))
    return target


def hugo_command(site: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "hugo", "--quiet", "--source", str(site), "--destination", str(output)]


def pelican_command(site: Path, output: Path, cached: bool) -> list[str]:
    return [sys.executable, "-m", "pelican", str(site / "content"), "-o", str(output), "-q",
            "-s", str(site / f"conf_{'cached' if cached else 'cold'}.py")]

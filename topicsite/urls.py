"""One slugify, one URL maker for the whole site, and one check of the addresses it links to.

Every link in every page comes from `Urls`, which knows the base path, so the site works
at a domain root and under a GitHub Pages project subpath alike. Every address the site
links out to, from any source, passes `link_problem`.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

import ada_url

RESERVED_SLUGS = frozenset({"page", "index", "feed"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no diacritics, curly quotes made straight: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'").replace("\u02bf", "'")
    return text.casefold()


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """'Deir ez-Zor' -> 'deir-ez-zor'; "Sha'fah" -> 'shafah'. May return '' (callers report it)."""
    text = fold(text).replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Urls:
    """Makes every URL of the site. Paths are site-relative like 'tags/sdf/'."""

    def __init__(self, base_url: str):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path or "/"

    def __call__(self, path: str = "") -> str:
        """The root-relative link for a site path: '/repo/tags/sdf/'."""
        return self.base_path + path.lstrip("/")

    def absolute(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    # The site's URL scheme, in one place.
    @staticmethod
    def article(slug: str) -> str:
        return f"articles/{slug}/"

    @staticmethod
    def tag(slug: str) -> str:
        return f"tags/{slug}/"

    @staticmethod
    def place(slug: str) -> str:
        return f"places/{slug}/"

    @staticmethod
    def year(year: int) -> str:
        return f"archive/{year:04d}/"

    @staticmethod
    def month(year: int, month: int) -> str:
        return f"archive/{year:04d}/{month:02d}/"

    @staticmethod
    def day(year: int, month: int, day: int) -> str:
        return f"archive/{year:04d}/{month:02d}/{day:02d}/"

    @staticmethod
    def feed(path: str) -> str:
        """Every list page that has a feed keeps it beside itself: 'tags/sdf/feed.xml'."""
        return f"{path}feed.xml"

    @staticmethod
    def paged(path: str, page: int) -> str:
        """A list's first page lives at its own URL; its numbered pages at .../page/N/."""
        return f"{path}page/{page}/" if page else path


def output_file(path: str) -> str:
    """The file a site path is written to: 'tags/sdf/' -> 'tags/sdf/index.html'."""
    return path + "index.html" if path == "" or path.endswith("/") else path


LINKABLE = ("http:", "https:", "mailto:")  # what a link may lead to; a relative address is https
_SOME_BASE = "https://archive.invalid/a/"


@lru_cache(maxsize=65536)
def link_problem(address: str) -> str | None:
    """None when a browser given `address` in an href or src would only reach a web page or
    a mail form; otherwise what is wrong with it. The address is read as a browser reads an
    attribute: character references decoded (repeatedly, so that no encoding hides a
    scheme), then parsed by the WHATWG URL rules (ada), which drop the tabs, newlines and
    control characters that browsers ignore in a scheme."""
    decoded, before = address, None
    while decoded != before and "&" in decoded:
        before, decoded = decoded, html.unescape(decoded)
    try:
        scheme = ada_url.URL(decoded, _SOME_BASE).protocol
    except ValueError:
        return "it is not a valid address"
    if scheme not in LINKABLE:
        return f"'{scheme}' addresses are never linked (only http, https and mailto are)"
    return None


def replay_address(pattern: str, url: str, captured: str) -> str:
    """The address of a captured page in the replay service the site names (replay_url, with
    {url} and {timestamp}: 'https://web.archive.org/web/{timestamp}/{url}'); '' without one,
    or when the address would lead to no web page."""
    if not (pattern and url and captured):
        return ""
    timestamp = re.sub(r"\D", "", captured)[:14]
    address = pattern.replace("{timestamp}", timestamp).replace("{url}", url)
    return address if link_problem(address) is None else ""

"""A saved or captured web page read as a report: its main text, headline, date, author,
canonical address and site name, by trafilatura (which finds the article among menus, share
bars, related links and comments, and reads the page's metadata; its dates come from
htmldate). The text is written as Markdown here, from trafilatura's tree of the article, so
that nothing of the page's markup survives: text is escaped, headings stay headings, and a
link stays a link only when its address leads to a web page (urls.link_problem).
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from .dates import PartialDate, find_printed_date, parse_partial_date
from .seedfiles import ReadReport
from .seedtext import escape_line_start, escape_markdown as escape
from .urls import link_problem

MIN_ARTICLE_WORDS = 80  # of the page's own text, outside links: less is a list, tag or home page
NOT_ARTICLE_TYPES = {"website", "profile", "collectionpage", "searchresultspage", "itemlist", "webpage"}


def read_web_page(html: str, url: str = "") -> ReadReport:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                           include_links=True, include_formatting=True, include_tables=False,
                                           include_images=False, output_format="python")
    if document is None or document.body is None:
        return ReadReport("", "", None, "", url, "", "", (), "", not_article="it has no text of its own")
    title = (document.title or "").strip()
    page_url = document.url or url
    blocks, plain, own_words = [], [], 0
    elements = list(document.body)
    # What trafilatura keeps above the headline (a kicker, a section label) is not the article.
    heads = [n for n, e in enumerate(elements) if e.tag == "head" and " ".join("".join(e.itertext()).split()) == title]
    for element in elements[heads[0] + 1 if heads else 0:]:
        kind = element.tag
        if kind == "head":
            text = " ".join("".join(element.itertext()).split())
            if text and text != title and element.get("rend", "h2") != "h1":
                blocks.append(("h2", escape(text)))
                plain.append(text)
            continue
        if kind in ("p", "quote", "list"):
            for paragraph in ([element] if kind != "list" else list(element.iter("item"))):
                markdown, text, words = inline(paragraph, page_url)
                if text and not (kind == "p" and not plain and page_furniture(text)):
                    blocks.append(("p", ("> " if kind == "quote" else "- " if kind == "list" else "") + markdown))
                    plain.append(text)
                    own_words += words
    date, evidence = page_date(html, document.date)
    not_article = ""
    page_type = declared_type(html)
    if page_type in NOT_ARTICLE_TYPES:
        not_article = f"the page says it is a {page_type} page, not an article"
    elif own_words < MIN_ARTICLE_WORDS:
        not_article = "it has little text of its own (a list, tag, home or search page)"
    return ReadReport(title, (document.author or "").strip(), date, evidence, page_url, (document.sitename or "").strip(),
                      (document.description or "").strip(), tuple(blocks), "\n".join(plain), not_article)


def inline(element, base: str) -> tuple[str, str, int]:
    """A paragraph as Markdown, as plain text, and the count of its words outside links."""
    markdown, text, own = [], [], []

    def add(piece: str, escaped: str, counted: bool) -> None:
        markdown.append(escaped)
        text.append(piece)
        if counted:
            own.append(piece)

    if element.text:
        add(element.text, escape(element.text), True)
    for child in element:
        if child.tag == "ref":
            label = " ".join("".join(child.itertext()).split())
            address = urljoin(base, child.get("target", "")) if base else child.get("target", "")
            if label and address.startswith(("http://", "https://")) and link_problem(address) is None:
                add(label, f"[{escape(label)}](<{address.replace('>', '%3E').replace(' ', '%20')}>)", False)
            else:
                add(label, escape(label), False)  # a link that leads to no web page keeps its words only
        elif child.tag == "lb":
            add(" ", " ", False)
        else:
            inner, words, _ = inline(child, base)
            mark = {"#b": "**", "#i": "*"}.get(child.get("rend", ""), "") if child.tag == "hi" and inner else ""
            add(words, f"{mark}{inner}{mark}" if mark else inner, True)
        if child.tail:
            add(child.tail, escape(child.tail), True)
    joined = " ".join("".join(markdown).split())
    return escape_line_start(joined), " ".join("".join(text).split()), len(" ".join(own).split())


BYLINE = re.compile(r"^(by|written by|posted|published|updated|release no\b)", re.I)


def page_furniture(text: str) -> bool:
    """A line above the article's first paragraph that is the page's, not the article's: a
    byline, a date line, a kicker of a few words."""
    words = text.split()
    if len(words) <= 3 and not text.rstrip().endswith((".", "!", "?")):
        return True
    return len(words) < 16 and (bool(BYLINE.match(text)) or find_printed_date([text]).date is not None)


def page_date(html: str, found: str | None) -> tuple[PartialDate | None, str]:
    """The publication date trafilatura read (from the page's metadata first, else htmldate's
    reading of the page), and where the page gives it."""
    if not found:
        return None, ""
    try:
        date = parse_partial_date(found[:10])
    except ValueError:
        return None, ""
    day = found[:10]
    for name, pattern in (("article:published_time", r"article:published_time[\"'][^>]*content=[\"']" + day),
                          ("JSON-LD datePublished", r"\"datePublished\"\s*:\s*\"" + day),
                          ("the page's <time> element", r"<time[^>]*datetime=[\"']" + day)):
        if re.search(pattern, html):
            return date, f"the page's metadata ({name})"
    return date, "the date printed on the page"


TYPE_IN_JSON_LD = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.S | re.I)
OG_TYPE = re.compile(r"<meta[^>]+property=[\"']og:type[\"'][^>]*content=[\"']([^\"']+)", re.I)


def declared_type(html: str) -> str:
    """What the page says it is (og:type, or a JSON-LD @type), lower-case; '' when it is silent
    or says it is an article."""
    types = [m.lower() for m in OG_TYPE.findall(html)]
    for block in TYPE_IN_JSON_LD.findall(html):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        items = data.get("@graph", [data]) if isinstance(data, dict) else data if isinstance(data, list) else []
        types += [str(i.get("@type", "")).lower() for i in items if isinstance(i, dict)]
    if any("article" in t or t in ("report", "newsarticle", "blogposting") for t in types):
        return ""
    return next((t for t in types if t in NOT_ARTICLE_TYPES), "")

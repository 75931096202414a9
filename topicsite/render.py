"""Render the archive into pages: (site path, bytes) pairs, nothing written yet."""
from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown

from .config import Config
from .content import Article
from .dates import PartialDate
from .errors import BuildFailed, Problem, display_path
from .group import Archive, Month, PlaceGroup, Tag, Year
from .urls import Urls

HOME_LATEST = 10
HOME_PLACES = 12
HOME_TAGS = 20


@dataclass(frozen=True)
class Page:
    path: str  # site path: 'tags/sdf/index.html'
    data: bytes
    in_sitemap: bool = False  # an HTML page readers and search engines should find


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list."""
    number: int
    count: int
    items: list
    base: str  # site path of page 1

    def path(self, number: int) -> str:
        return Urls.paged(self.base, number)


def paginate(items: list, per_page: int, base: str) -> list[Pager]:
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    return [Pager(n, len(chunks), chunk, base) for n, chunk in enumerate(chunks, 1)]


def make_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "fenced_code", "footnotes", "sane_lists", "toc"],
                             output_format="html")


class Renderer:
    def __init__(self, config: Config, static_hashes: dict[str, str]):
        self.config = config
        self.urls = Urls(config.base_url)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(config.layouts_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.env.globals.update(site=config, href=self.href, asset=self.asset)
        self.env.filters["tally"] = lambda term: (term, len(term.articles))
        self.static_hashes = static_hashes
        self.md = make_markdown()
        self._bodies: dict[str, str] = {}  # the article page and the feeds share one conversion

    def href(self, target, page: int = 1, absolute: bool = False, feed: bool = False) -> str:
        """The one function that makes a link, for anything the site has a page for."""
        if isinstance(target, Article):
            path = Urls.article(target.slug)
        elif isinstance(target, Tag):
            path = Urls.tag(target.slug)
        elif isinstance(target, PlaceGroup):
            path = Urls.place(target.slug)
        elif isinstance(target, Month):
            path = Urls.month(target.year, target.month)
        elif isinstance(target, Year):
            path = Urls.year(target.year)
        elif isinstance(target, PartialDate):  # the most precise date page that exists
            path = Urls.month(target.year, target.month) if target.month else Urls.year(target.year)
        elif isinstance(target, str):
            path = target
        else:
            raise TypeError(f"no page for {target!r}")
        path = Urls.feed(path) if feed else Urls.paged(path, page)
        return self.urls.absolute(path) if absolute else self.urls(path)

    def asset(self, name: str) -> str:
        """Static files carry a content hash so browsers never keep a stale copy."""
        return self.urls(f"assets/{name}") + f"?v={self.static_hashes.get(name, '0')}"

    def body_html(self, article: Article) -> str:
        if article.slug not in self._bodies:
            self.md.reset()
            self._bodies[article.slug] = self.md.convert(article.body)
        return self._bodies[article.slug]

    def render(self, template: str, path: str, **context) -> Page:
        try:
            html = self.env.get_template(template).render(page_path=path, **context)
        except jinja2.TemplateSyntaxError as err:
            shown = display_path(Path(err.filename or self.config.layouts_dir / template), self.config.root)
            raise BuildFailed([Problem(shown, err.lineno, f"template syntax: {err.message}",
                                       "fix the Jinja2 tag on that line")]) from None
        except jinja2.TemplateNotFound as err:
            raise BuildFailed([Problem(display_path(self.config.layouts_dir, self.config.root), None,
                                       f"the template '{err.name}' is missing", "restore it from git")]) from None
        except (jinja2.UndefinedError, TypeError, ValueError, AttributeError) as err:
            shown, line = self._template_frame(err)
            raise BuildFailed([Problem(shown, line, f"template error while rendering /{path}: {err}",
                                       "check the variable names on that line")]) from None
        listed = template not in ("404.html", "redirect.html")
        return Page(output_path(path), html.encode("utf-8"), in_sitemap=listed)

    def _template_frame(self, err: Exception) -> tuple[str, int | None]:
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if frame.filename.endswith(".html"):
                return display_path(Path(frame.filename), self.config.root), frame.lineno
        return display_path(self.config.layouts_dir, self.config.root), None


def standfirst(article: Article) -> str:
    """The summary, unless it only repeats the opening of the body (an imported lead)."""
    words = lambda text: re.findall(r"\w+", text.casefold())  # noqa: E731
    summary = words(article.summary)
    return "" if not summary or words(article.body)[:len(summary)] == summary else article.summary


def output_path(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def render_site(archive: Archive, r: Renderer, progress=None) -> list[Page]:
    config = r.config
    per = config.per_page
    pages = [
        r.render("home.html", "", title=config.title, latest=archive.articles[:HOME_LATEST],
                 places=sorted(archive.places, key=lambda g: (-len(g.articles), g.name))[:HOME_PLACES],
                 tags=sorted(archive.tags, key=lambda t: (-len(t.articles), t.name))[:HOME_TAGS],
                 years=archive.years, undated=archive.undated, total=len(archive.articles)),
        r.render("404.html", "404.html", title="Page not found"),
    ]
    for pager in paginate(archive.articles, per, "articles/"):
        pages.append(r.render("articles.html", pager.path(pager.number), title="All articles", pager=pager))
    for done, article in enumerate(archive.articles, 1):
        if progress:
            progress("Rendering", done, len(archive.articles))
        pages.append(r.render(
            "article.html", Urls.article(article.slug), title=article.title, article=article,
            body=r.body_html(article), standfirst=standfirst(article), tags=archive.article_tags.get(article.slug, []),
            places=archive.article_places.get(article.slug, []), related=archive.related.get(article.slug, []),
            previous=archive.previous.get(article.slug), following=archive.following.get(article.slug)))
    pages.append(r.render("tags.html", "tags/", title="Tags", tags=archive.tags))
    for tag in archive.tags:
        for pager in paginate(tag.articles, per, Urls.tag(tag.slug)):
            pages.append(r.render("tag.html", pager.path(pager.number), title=tag.name, tag=tag, pager=pager))
    for old, tag in archive.tag_redirects.items():
        pages.append(r.render("redirect.html", Urls.tag(old), title=tag.name, target=tag))
    pages.append(r.render("places.html", "places/", title="Places", roots=archive.place_roots, places=archive.places))
    for group in archive.places:
        for pager in paginate(group.articles, per, Urls.place(group.slug)):
            pages.append(r.render("place.html", pager.path(pager.number), title=group.name, group=group, pager=pager))
    pages.append(r.render("search.html", "search/", title="Search"))
    pages.append(r.render("archive.html", "archive/", title="Archive by date", years=archive.years, undated=archive.undated))
    for year in archive.years:
        for pager in paginate(year.articles, per, Urls.year(year.year)):
            pages.append(r.render("year.html", pager.path(pager.number), title=str(year.year), year=year, pager=pager))
        for month in year.months:
            for pager in paginate(month.articles, per, Urls.month(month.year, month.month)):
                pages.append(r.render("month.html", pager.path(pager.number), title=month.label, month=month, year=year, pager=pager))
    for pager in paginate(archive.undated, per, "archive/undated/"):
        pages.append(r.render("undated.html", pager.path(pager.number), title="Undated articles", pager=pager))
    return pages


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]

"""Turn the archive into page jobs: for each output file, a key (the hash of everything the
page is made from) and a way to make its bytes. Nothing is rendered or written here; the
writer renders only the jobs whose key differs from the previous build's."""
from __future__ import annotations

import functools
import hashlib
import re
import traceback
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit
from typing import Callable
from pathlib import Path

import jinja2
import markdown
import markdown.extensions
import markdown.treeprocessors
from markupsafe import Markup

from .cache import digest
from .config import Config
from .content import Article
from .dates import PartialDate
from .errors import BuildFailed, Problem, display_path
from .group import Archive, Month, PlaceGroup, Tag, Year
from .urls import Urls

HOME_LATEST = 10
HOME_PLACES = 12
HOME_TAGS = 20
TAGS_PER_PAGE = 500  # on the index of tags
TIMELINE_PER_MONTH = 8  # articles a year page's timeline shows per month (layouts/year.html)


@dataclass(frozen=True)
class Page:
    path: str  # site path: 'tags/sdf/index.html'
    data: bytes
    in_sitemap: bool = False  # an HTML page readers and search engines should find


@dataclass(frozen=True)
class Job:
    """One output file to be: its path, the key of its inputs, and how to make its bytes."""
    path: str
    key: str
    make: Callable[[], bytes]
    in_sitemap: bool = False
    searchable: bool = False  # an article page, indexed by Pagefind


def fixed(page: Page) -> Job:
    """A job for bytes already made (assets, exports): its key is its content."""
    return Job(page.path, digest(page.data), lambda: page.data, page.in_sitemap)


# What a page shows of the things it lists: the key of a page is made of these.
def brief(article: Article | None) -> tuple:
    if article is None:
        return ()
    return (article.slug, article.title, article.date.iso() if article.date else "", article.date_basis, article.draft)


class Briefs:
    """brief() of each article, made once: an article is listed on many pages."""

    def __init__(self):
        self.made: dict[int, str] = {}

    def __call__(self, article: Article | None) -> str:
        if article is None:
            return ""
        found = self.made.get(id(article))  # the articles outlive this object: ids stay theirs
        if found is None:
            found = self.made[id(article)] = digest(repr(brief(article)).encode("utf-8"))
        return found


def whole(article: Article) -> tuple:
    return brief(article) + (article.summary, article.body_digest, article.source, article.title_inferred)


def term(item) -> tuple:
    return (item.name, item.slug)


def counted(pairs) -> list:
    return [(term(item), n) for item, n in pairs]


PAGER_REACH = 3  # pages linked on either side of the current one


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list."""
    number: int
    count: int
    items: list
    base: str  # site path of page 1

    def path(self, number: int) -> str:
        return Urls.paged(self.base, number)

    def window(self) -> list[int | None]:
        """The page numbers to link: the first, the last, and PAGER_REACH either side of this
        one, None marking a gap. Linking every page would make a list of n pages O(n²) bytes:
        at 100,000 articles, 5,000 pages each holding 5,000 links."""
        shown = sorted({1, self.count, *range(max(1, self.number - PAGER_REACH), min(self.count, self.number + PAGER_REACH) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(number - 1 if number - numbers[-1] == 2 else None)  # a gap of one page: show it
            numbers.append(number)
        return numbers


def paginate(items: list, per_page: int, base: str) -> list[Pager]:
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    return [Pager(n, len(chunks), chunk, base) for n, chunk in enumerate(chunks, 1)]


MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "footnotes", "sane_lists", "toc"]
SAFE_SCHEMES = ("http", "https", "mailto", "")  # "" is a link inside the site


class SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Links and images may only lead to web pages: a `javascript:` or `data:` address in an
    article is replaced by '#', so copied text can never run code on the archive's domain."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    element.set(attribute, "#")
                    element.set("title", "link removed: it was not a web address")


def is_safe_url(url: str) -> bool:
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace()).lower()
    scheme = cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""
    return scheme in SAFE_SCHEMES


class ArchiveMarkdown(markdown.extensions.Extension):
    """Markdown as the archive needs it: raw HTML is shown as text, never passed through."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(SafeLinks(md), "safe_links", 0)


def make_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, ArchiveMarkdown()], output_format="html")


@functools.cache
def _markdown_of_this_process() -> markdown.Markdown:
    return make_markdown()


def markdown_to_html(body: str) -> str:
    """One body in HTML. Each process makes its Markdown instance once: making one costs a
    fifth of a conversion."""
    md = _markdown_of_this_process()
    md.reset()
    return md.convert(body)


class Renderer:
    def __init__(self, config: Config, static_hashes: dict[str, str], global_key: str = "", bodies: dict | None = None):
        self.config = config
        self.global_key = global_key  # generator version, settings, templates, assets: in every page's key
        self.urls = Urls(config.base_url)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(config.layouts_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            auto_reload=False,  # the templates do not change during a build; `serve` makes a new Renderer
        )
        # Pages call these while rendering, so a page that is reused from the last build costs nothing.
        self.env.globals.update(site=config, body_html=self.body_html, article_item=self.article_item,
                                standfirst=standfirst, csp=partial(content_security_policy, config))
        # Links are filters, `{{ tag | href }}`, as in Jekyll: Jinja calls a filter directly (a
        # function through a slower protocol) and works out `{{ 'tags/' | href }}` once, when
        # it compiles the template, instead of on every page.
        self.env.filters.update(href=self.href, asset=self.asset, tally=lambda term: (term, len(term.articles)))
        self.static_hashes = static_hashes
        self.bodies: dict[str, str] = bodies if bodies is not None else {}  # body digest -> HTML
        self.items: dict[int, Markup] = {}  # id of an article -> its list item

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

    def article_item(self, article: Article) -> Markup:
        """An article as every list shows it (partials/article_item.html). An article is on
        a dozen lists (all articles, its tags, places, year, month), so its item is made once
        per process, like Hugo's partialCached; brief() holds all it shows."""
        item = self.items.get(id(article))  # the articles outlive the renderer: ids stay theirs
        if item is None:
            item = self.items[id(article)] = Markup(self.env.get_template("partials/article_item.html").render(article=article))
        return item

    def body_html(self, article: Article) -> str:
        if article.body_digest not in self.bodies:
            self.bodies[article.body_digest] = markdown_to_html(article.body)
        return self.bodies[article.body_digest]

    def job(self, template: str, path: str, fingerprint, searchable: bool = False, **context) -> Job:
        key = digest(repr((self.global_key, template, path, fingerprint)).encode("utf-8"))
        listed = template not in ("404.html", "redirect.html")
        return Job(output_path(path), key, partial(self.render_bytes, template, path, context),
                   in_sitemap=listed, searchable=searchable)

    def render_bytes(self, template: str, path: str, context: dict) -> bytes:
        return self.render(template, path, **context).data

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
                                       template_fix(err))]) from None
        listed = template not in ("404.html", "redirect.html")
        return Page(output_path(path), html.encode("utf-8"), in_sitemap=listed)

    def _template_frame(self, err: Exception) -> tuple[str, int | None]:
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if frame.filename.endswith(".html"):
                return display_path(Path(frame.filename), self.config.root), frame.lineno
        return display_path(self.config.layouts_dir, self.config.root), None


# Names templates once called as functions, now filters (see Renderer.__init__).
NOW_FILTERS = {"href": "{{ article | href }} or {{ 'tags/' | href }}", "asset": "{{ 'style.css' | asset }}"}


def template_fix(err: Exception) -> str:
    name = re.fullmatch(r"'(\w+)' is undefined", str(err))
    if name and name.group(1) in NOW_FILTERS:
        return f"links are made with a filter now: write {NOW_FILTERS[name.group(1)]}"
    return "check the variable names on that line"


def content_security_policy(config: Config, webassembly: bool = False) -> str:
    """Only the site's own scripts run, and only the site and the map's tile server serve
    images. GitHub Pages sends no headers, so every page carries this in a <meta> tag.
    Only the search page may compile WebAssembly (Pagefind's)."""
    tiles = urlsplit(config.map_tiles.replace("{s}", "a"))
    tile_origin = f"{tiles.scheme}://{tiles.netloc}".replace("://a.", "://*.")
    scripts = "'self' 'wasm-unsafe-eval'" if webassembly else "'self'"
    return (f"default-src 'self'; script-src {scripts}; style-src 'self'; "
            f"img-src 'self' data: {tile_origin}; connect-src 'self'; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'")


def standfirst(article: Article) -> str:
    """The summary, unless it only repeats the opening of the body (an imported lead)."""
    words = lambda text: re.findall(r"\w+", text.casefold())  # noqa: E731
    summary = words(article.summary)
    opening = words(article.body[:len(article.summary) * 2 + 200])
    return "" if not summary or opening[:len(summary)] == summary else article.summary


def output_path(path: str) -> str:
    return path + "index.html" if path == "" or path.endswith("/") else path


def page_jobs(archive: Archive, r: Renderer, shards: list[str], progress=None) -> list[Job]:
    """Every HTML page of the site, as jobs. Each fingerprint lists what its template shows."""
    per = r.config.per_page
    jobs: list[Job] = []
    brief = Briefs()
    top_places = sorted(archive.places, key=lambda g: (-len(g.articles), g.name))[:HOME_PLACES]
    top_tags = sorted(archive.tags, key=lambda t: (-len(t.articles), t.name))[:HOME_TAGS]
    latest = archive.articles[:HOME_LATEST]
    years = [(y.year, len(y.articles)) for y in archive.years]
    jobs.append(r.job("home.html", "", ([brief(a) for a in latest], [(term(g), len(g.articles)) for g in top_places],
                                        [(term(t), len(t.articles)) for t in top_tags], years, len(archive.undated),
                                        len(archive.articles)),
                      title=r.config.title, latest=latest, places=top_places, tags=top_tags,
                      years=archive.years, undated=archive.undated, total=len(archive.articles)))
    jobs.append(r.job("404.html", "404.html", (), title="Page not found"))
    jobs.append(r.job("search.html", "search/", shards, title="Search", shards=shards))

    def pages_of(template: str, items: list, base: str, head, **context):
        for pager in paginate(items, per, base):
            fingerprint = (head, pager.number, pager.count, [brief(a) for a in pager.items])
            jobs.append(r.job(template, pager.path(pager.number), fingerprint, pager=pager, **context))

    pages_of("articles.html", archive.articles, "articles/", (), title="All articles")
    for done, article in enumerate(archive.articles, 1):
        if progress and done % 200 == 0:
            progress("Planning", done, len(archive.articles))
        jobs.append(article_job(archive, r, article, brief))
    for pager in paginate(archive.tags, TAGS_PER_PAGE, "tags/"):  # an archive may gather thousands of tags
        fingerprint = (len(archive.tags), pager.number, pager.count, [(term(t), len(t.articles)) for t in pager.items])
        jobs.append(r.job("tags.html", pager.path(pager.number), fingerprint, title="Tags", pager=pager,
                          total=len(archive.tags)))
    for tag in archive.tags:
        head = (term(tag), len(tag.articles), counted(tag.related), counted(tag.places), tag.related_count, tag.place_count)
        pages_of("tag.html", tag.articles, Urls.tag(tag.slug), head, title=tag.name, tag=tag)
    for old, tag in archive.tag_redirects.items():
        jobs.append(r.job("redirect.html", Urls.tag(old), term(tag), title=tag.name, target=tag))
    tree = [(term(g), g.place.kind, len(g.articles), g.parent.name if g.parent else None, [c.name for c in g.children])
            for g in archive.places]
    jobs.append(r.job("places.html", "places/", (tree, [g.name for g in archive.place_roots]),
                      title="Places", roots=archive.place_roots, places=archive.places))
    for group in archive.places:
        place = group.place
        head = (term(group), place.kind, place.known, place.lat, place.lon, term(group.parent) if group.parent else (),
                len(group.articles), [(term(c), len(c.articles)) for c in group.children], counted(group.tags), group.tag_count)
        pages_of("place.html", group.articles, Urls.place(group.slug), head, title=group.name, group=group)
    jobs.append(r.job("archive.html", "archive/", ([(y.year, len(y.articles), [(m.month, len(m.articles), m.level) for m in y.months],
                                                     len(y.month_unknown)) for y in archive.years], len(archive.undated)),
                      title="Archive by date", years=archive.years, undated=archive.undated))
    for year in archive.years:
        calendar = [(m.month, len(m.articles), [brief(a) for a in m.articles[:TIMELINE_PER_MONTH]]) for m in year.months]
        unknown = [brief(a) for a in year.month_unknown[:TIMELINE_PER_MONTH]]
        pages_of("year.html", year.articles, Urls.year(year.year), (year.year, len(year.articles), calendar, unknown,
                                                                     len(year.month_unknown)),
                 title=str(year.year), year=year)
        for month in year.months:
            pages_of("month.html", month.articles, Urls.month(month.year, month.month),
                     (year.year, month.month, len(month.articles)),
                     title=month.label, month=month, year=year)
    pages_of("undated.html", archive.undated, "archive/undated/", (), title="Undated articles")
    return jobs


def article_job(archive: Archive, r: Renderer, article: Article, brief=None) -> Job:
    brief = brief or Briefs()
    tags = archive.article_tags.get(article.slug, [])
    places = archive.article_places.get(article.slug, [])
    related = archive.related.get(article.slug, [])
    previous, following = archive.previous.get(article.slug), archive.following.get(article.slug)
    fingerprint = (whole(article), [term(t) for t in tags], [term(g) for g in places], [brief(a) for a in related],
                   brief(previous), brief(following))
    return r.job("article.html", Urls.article(article.slug), fingerprint, searchable=True, title=article.title,
                 article=article, tags=tags, places=places, related=related, previous=previous, following=following)


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]

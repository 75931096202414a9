"""Render pages: Jinja2 templates over the views `plan` gives them, Markdown bodies to HTML.

Nothing is written here. A `Job` is one output file to be: its path, the key of its inputs,
and how to make its bytes; the writer runs only the jobs whose key differs from the last
build's.
"""
from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import jinja2
import jinja2.meta
import markdown
import markdown.extensions
import markdown.treeprocessors
import markdown.postprocessors
import markdown.preprocessors
import markupsafe
from markupsafe import Markup

from .cache import digest
from .config import MARKDOWN_EXTENSIONS, Config
from .content import Article, overwrought_blocks, read_body
from .dates import PartialDate
from .errors import BuildFailed, Problem, display_path
from .inputs import NOT_IN_TEXT
from .urls import Urls, link_problem, output_file, replay_address
from .workers import write_file

def generator_version() -> str:
    """The generator's name and a hash of its own source. Every key a build keeps (pages, the
    Markdown cache, the grouped archive) includes it, so that nothing made by other code,
    even code that differs by one line, is ever reused."""
    sources = b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
    return "topicsite-8." + digest(sources)[:16]


GENERATOR_VERSION = generator_version()


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
    bodies: tuple[str, ...] = ()  # the digests of the article bodies it shows
    later: bool = False  # made after the pages, from the bodies they converted (a feed)
    lastmod: str = ""  # for the sitemap: an article page's date, as precise as it is known


def fixed(page: Page) -> Job:
    """A job for bytes already made (assets, exports): its key is its content."""
    return Job(page.path, digest(page.data), lambda: page.data, page.in_sitemap)


# --- Markdown ------------------------------------------------------------------------------

class SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Links and images may only lead to web pages: a link to any other address (such as
    `javascript:` or `data:`, however encoded) becomes its text, an image its description,
    so copied text can never run code on the archive's domain. `content` warns of them."""

    def run(self, root):
        for element in root.iter():
            attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attribute and element.get(attribute) is not None and link_problem(element.get(attribute)):
                text = element.get("alt", "") if element.tag == "img" else None
                element.attrib.clear()
                element.tag = "span"
                if text is not None:
                    element.text = text


class PlainOverwrought(markdown.preprocessors.Preprocessor):
    """A paragraph whose markup would take Markdown unbounded time or stack becomes plain
    text (`content` warns of it, by the same measure)."""

    def run(self, lines):
        for first, last, _ in reversed(overwrought_blocks(lines)):
            text = markupsafe.escape("\n".join(lines[first:last + 1]).strip())
            lines[first:last + 1] = [self.md.htmlStash.store(f"<p>{text}</p>")]
        return lines


class NoInvisibleReferences(markdown.postprocessors.Postprocessor):
    """A character reference to a character no page may hold (`&#1;`, `&#xD800;`, `&#0;`,
    past U+10FFFF) is left out, as the same character typed in the file is (`content`)."""

    REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")

    def run(self, text):
        def keep(found):
            code = int(found.group(1), 16) if found.group(1) else int(found.group(2))
            bad = code == 0 or code > 0x10FFFF or 0x80 <= code <= 0x9F or NOT_IN_TEXT.match(chr(code))
            return "" if bad else found.group()
        return self.REFERENCE.sub(keep, text) if "&#" in text else text


class ArchiveMarkdown(markdown.extensions.Extension):
    """Markdown as the archive needs it: raw HTML is shown as text, never passed through."""

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.preprocessors.register(PlainOverwrought(md), "plain_overwrought", 25)  # after whitespace is normalised
        md.treeprocessors.register(SafeLinks(md), "safe_links", 0)
        md.postprocessors.register(NoInvisibleReferences(md), "no_invisible_references", 0)


def markdown_key(extensions: tuple[str, ...]) -> str:
    """What a body's HTML depends on besides its text, so that cached HTML made by another
    generator, another Python-Markdown or other extensions is never used."""
    return digest(repr((GENERATOR_VERSION, markdown.__version__, extensions)).encode())


@functools.cache
def _markdown_of_this_process(extensions: tuple[str, ...]) -> markdown.Markdown:
    return markdown.Markdown(extensions=[*extensions, ArchiveMarkdown()], output_format="html")


def markdown_to_html(body: str, extensions: tuple[str, ...] = MARKDOWN_EXTENSIONS) -> str:
    """One body in HTML. Each process makes its Markdown instance once per set of extensions:
    making one costs a fifth of a conversion."""
    md = _markdown_of_this_process(tuple(extensions))
    md.reset()
    return md.convert(body)


# --- pages ---------------------------------------------------------------------------------

# Templates that Python renders for a template, not named in its source by {% include %}.
CALLED_TEMPLATES = {"article_item": "partials/article_item.html"}


class Renderer:
    def __init__(self, config: Config, static_hashes: dict[str, str], bodies: dict[str, str] | None = None):
        self.config = config
        self.urls = Urls(config.base_url)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(config.layouts_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            auto_reload=False,  # the templates do not change during a build; each build makes a Renderer
        )
        # Pages call these while rendering, so a page that is reused from the last build costs nothing.
        self.env.globals.update(site=config, body_html=self.body_html, article_item=self.article_item,
                                standfirst=standfirst, csp=partial(content_security_policy, config),
                                replay=partial(replay_address, config.replay_url))
        # Links are filters, `{{ tag | href }}`, as in Jekyll: Jinja calls a filter directly (a
        # function through a slower protocol) and works out `{{ 'tags/' | href }}` once, when
        # it compiles the template, instead of on every page.
        self.env.filters.update(href=self.href, asset=self.asset)
        self.static_hashes = static_hashes
        self.bodies: dict[str, str] = bodies if bodies is not None else {}  # body digest -> HTML
        self.converted: dict[str, str] = {}  # the bodies converted by this process, for the Markdown cache
        self.items: dict[int, Markup] = {}  # id of an article -> its list item
        settings = sorted((k, repr(v)) for k, v in vars(config).items() if k not in ("root", "output_dir", "size_limit_mb", "period"))
        # What every page depends on: the generator, Markdown, the settings and the assets' addresses.
        self.markdown_key = markdown_key(config.markdown_extensions)
        self.global_key = digest(repr((self.markdown_key, settings, sorted(static_hashes.items()))).encode())
        self._template_keys: dict[str, str] = {}
        self._sources: dict[str, tuple[str | None, list[str]]] = {}

    def href(self, target, page: int = 0, absolute: bool = False, feed: bool = False, file: str = "") -> str:
        """The one function that makes a link, for anything the site has a page for (or, with
        `file`, for a file beside that page, such as an article's cite.bib)."""
        if isinstance(target, Article):
            path = Urls.article(target.slug)
        elif isinstance(target, PartialDate):  # the most precise date page that exists
            path = (Urls.day(target.year, target.month, target.day) if target.day
                    else Urls.month(target.year, target.month) if target.month else Urls.year(target.year))
        elif isinstance(target, str):
            path = target
        elif hasattr(target, "url"):  # a view of an article, a term, a year or a month
            path = target.url
        else:
            raise TypeError(f"no page for {target!r}")
        path = Urls.feed(path) if feed else path + file if file else Urls.paged(path, page)
        return self.urls.absolute(path) if absolute else self.urls(path)

    def asset(self, name: str) -> str:
        """Static files carry a content hash so browsers never keep a stale copy."""
        return self.urls(f"assets/{name}") + f"?v={self.static_hashes.get(name, '0')}"

    def article_item(self, article) -> Markup:
        """An article as every list shows it (partials/article_item.html). An article is on
        a dozen lists (all articles, its tags, places, year, month), so its item is made once
        per process, like Hugo's partialCached. `article` is a plan.Item."""
        item = self.items.get(id(article))  # the articles outlive the renderer: ids stay theirs
        if item is None:
            item = self.items[id(article)] = Markup(self.env.get_template(CALLED_TEMPLATES["article_item"]).render(article=article))
        return item

    def body_html(self, article: Article) -> str:
        html = self.bodies.get(article.body_digest)
        if html is None:
            body = article.body if article.body is not None else read_body(self.config.root, article)
            html = self.bodies[article.body_digest] = self.converted[article.body_digest] = \
                markdown_to_html(body, self.config.markdown_extensions)
        return html

    def template_key(self, name: str) -> str:
        """The sources of a template and of every template it extends, includes or calls."""
        if name not in self._template_keys:
            seen, todo, parts = set(), [name], []
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    source, named = self._template_source(current)
                    parts.append((current, source))
                    todo += named
            self._template_keys[name] = digest(repr(sorted(parts, key=lambda p: p[0])).encode())
        return self._template_keys[name]

    def _template_source(self, name: str) -> tuple[str | None, list[str]]:
        """A template's source and the templates it names (parsed once per build)."""
        if name not in self._sources:
            try:
                source, _, _ = self.env.loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                self._sources[name] = (None, [])  # rendering it will say so
                return self._sources[name]
            try:
                tree = self.env.parse(source)
            except jinja2.TemplateSyntaxError:
                self._sources[name] = (source, [])
                return self._sources[name]
            named = list(jinja2.meta.find_referenced_templates(tree))
            if None in named:  # a template name made while rendering: it may be any template
                named = self.env.list_templates()
            used = {node.name for node in tree.find_all(jinja2.nodes.Name)}  # globals included
            named += [t for call, t in CALLED_TEMPLATES.items() if call in used]
            self._sources[name] = (source, [n for n in named if n])
        return self._sources[name]

    def templates_key(self) -> str:
        """Every template's source: what all pages' keys share besides the settings."""
        return digest(repr([(name, self.env.loader.get_source(self.env, name)[0])
                            for name in self.env.list_templates()]).encode())

    def job(self, template: str, path: str, context: dict, keys, searchable: bool = False) -> Job:
        """A page: its key is its template's, the settings', its address and its context's."""
        key = digest(repr((self.global_key, self.template_key(template), path,
                           [(name, keys(value)) for name, value in sorted(context.items())])).encode())
        listed = template not in ("404.html", "redirect.html")
        article = context.get("article")
        return Job(output_file(path), key, partial(self.render_bytes, template, path, context),
                   in_sitemap=listed, searchable=searchable, bodies=(article.body_digest,) if searchable else (),
                   lastmod=article.date.iso() if searchable and article.date else "")

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
        return Page(output_file(path), html.encode("utf-8"), in_sitemap=listed)

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
    if "has no attribute" in str(err):
        return "a page shows only what its view holds (topicsite/plan.py): check the name, or add the field there"
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


def standfirst(article) -> str:
    """The summary, unless it only repeats the opening of the body (an imported lead)."""
    return "" if article.lead_in_body else article.summary


_WORK: tuple = ()  # (jobs, folder, renderer) for forked workers, which inherit it instead of receiving it
SLICE = 50  # pages a worker renders at a time


def _render_slice(work: tuple[int, int, dict]) -> tuple[dict[str, int], dict[str, str]]:
    start, end, bodies = work
    jobs, folder, renderer = _WORK
    renderer.bodies.update(bodies)
    sizes = {}
    for job in jobs[start:end]:
        data = job.make()
        write_file(folder / job.path, data)
        sizes[job.path] = len(data)
    converted, renderer.converted = renderer.converted, {}
    return sizes, converted


def render_pages(jobs: list[Job], folder: Path, renderer: Renderer, cache, pool, progress=None) -> dict[str, int]:
    """Render `jobs` into `folder` on every core: the pages first, converting the Markdown the
    cache holds no HTML for, then the feeds, with the bodies the pages converted. The new
    HTML goes to the cache. Returns the size of each page written."""
    global _WORK
    wanted = sorted({d for job in jobs for d in job.bodies} - renderer.bodies.keys())
    key = renderer.markdown_key
    found = cache.bodies([key + d for d in wanted])
    renderer.bodies.update({d: found[key + d] for d in wanted if key + d in found})
    first, later = [j for j in jobs if not j.later], [j for j in jobs if j.later]
    _WORK = (first + later, folder, renderer)
    done, sizes = 0, {}
    try:
        for start, end in ((0, len(first)), (len(first), len(first) + len(later))):
            slices = [(i, min(i + SLICE, end), {d: renderer.bodies[d] for j in _WORK[0][i:min(i + SLICE, end)]
                                                  for d in j.bodies if d in renderer.bodies} if start else {})
                      for i in range(start, end, SLICE)]
            for written, converted in pool.map(_render_slice, slices, end - start):
                renderer.bodies.update(converted)
                cache.store_bodies({key + d: html for d, html in converted.items()})
                sizes.update(written)
                done += len(written)
                if progress:
                    progress("Rendering", done, len(jobs))
    finally:
        _WORK = ()
    return sizes


def file_hash(data: bytes) -> str:
    """An asset's version in its address (`?v=`), so that browsers never keep a stale copy."""
    return digest(data)[:10]

"""The build, start to finish: load config → import seeds → load content → group → render → write.

Each step is a function of its own module; this file only connects them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import exports, feeds
from .config import Config
from .content import Article, load_articles
from .errors import BuildFailed, Problem
from .gazetteer import Gazetteer, load_gazetteer
from .group import Archive, build_archive
from .output import write_site
from .search import index_site
from .vendor import vendor_files
from .taxonomy import Taxonomy, load_taxonomy
from .render import Page, Renderer, file_hash, render_site


@dataclass
class BuildResult:
    pages: int
    articles: int
    warnings: list[Problem] = field(default_factory=list)


def read_static(static_dir: Path) -> list[tuple[str, bytes]]:
    if not static_dir.is_dir():
        return []
    return [(p.relative_to(static_dir).as_posix(), p.read_bytes())
            for p in sorted(static_dir.rglob("*")) if p.is_file()]


def render_all(archive: Archive, config: Config, static: list[tuple[str, bytes]], progress=None) -> list[Page]:
    hashes = {name: file_hash(data) for name, data in static}
    r = Renderer(config, hashes)
    pages = render_site(archive, r, progress)
    pages.append(feeds.atom_feed(r, config.title, "", archive.articles))
    for term in [*archive.tags, *archive.places]:
        pages.append(feeds.atom_feed(r, f"{config.title}: {term.name}", term, term.articles))
    pages.append(exports.articles_json(archive, r))
    pages.append(exports.places_geojson(archive, r))
    pages.append(feeds.sitemap(r, pages))
    pages.append(feeds.robots(r))
    pages += [Page(f"assets/{name}", data) for name, data in static]
    pages.append(Page(".nojekyll", b""))  # GitHub Pages: serve the files as they are
    if config.cname:
        pages.append(Page("CNAME", config.cname.encode() + b"\n"))
    return pages


def check_unique_paths(pages: list[Page]) -> list[Problem]:
    counts = Counter(p.path for p in pages)
    return [Problem(path, None, f"{n} pages would be written to the same file",
                    "two names give the same URL; rename one of them") for path, n in counts.items() if n > 1]


@dataclass
class Site:
    """Everything a build knows before it writes: for `build`, `serve` and `check` alike."""
    config: Config
    gazetteer: Gazetteer
    taxonomy: Taxonomy
    articles: list[Article]  # every article that loaded, drafts included
    archive: Archive
    pages: list[Page]
    problems: list[Problem]  # warnings only: errors stop `plan` with BuildFailed


@dataclass
class Sources:
    gazetteer: Gazetteer
    taxonomy: Taxonomy
    articles: list[Article]
    problems: list[Problem]


def load_sources(config: Config) -> Sources:
    """Gazetteer, taxonomy and every article that loads, with the problems of the rest."""
    gazetteer = load_gazetteer(config.gazetteer_file, config.countries, config.root)
    taxonomy = load_taxonomy(config.taxonomy_file, config.root)
    articles, problems = load_articles(config.content_dir, config.root)
    return Sources(gazetteer, taxonomy, articles, problems)


def plan(config: Config, progress=None, include_drafts: bool = False, sources: Sources | None = None) -> Site:
    """Load, group and render the whole site in memory. Raises BuildFailed on any error."""
    sources = sources or load_sources(config)
    gazetteer, taxonomy, articles = sources.gazetteer, sources.taxonomy, sources.articles
    problems = list(sources.problems)
    archive, group_problems = build_archive(articles, gazetteer, taxonomy, include_drafts)
    problems += group_problems
    if any(p.severity == "error" for p in problems):
        raise BuildFailed(problems)
    pages = render_all(archive, config, read_static(config.static_dir) + vendor_files(), progress)
    duplicate = check_unique_paths(pages)
    if duplicate:
        raise BuildFailed(duplicate)
    return Site(config, gazetteer, taxonomy, articles, archive, pages, problems)


def build(config: Config, progress=None, include_drafts: bool = False) -> BuildResult:
    site = plan(config, progress, include_drafts)

    def add_search_index(fresh: Path, previous: Path) -> None:
        if config.search:
            if progress:
                progress("Indexing", 0, 1)
            index_site(fresh, previous, site.pages)

    write_site(site.pages, config.output_dir, config.root, finish=add_search_index)
    return BuildResult(pages=len(site.pages), articles=len(site.archive.articles), warnings=site.problems)

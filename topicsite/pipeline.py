"""The build, start to finish: load config → import seeds → load content → group → render → write.

Each step is a function of its own module; this file only connects them. A build with a
cache renders only the pages whose inputs changed (see render.Job and output.write_site),
and a build where only articles' text changed skips grouping too (see snapshot.py).
"""
from __future__ import annotations

import os
from collections import Counter
from contextlib import closing
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from . import exports, feeds, snapshot
from .bodies import Conversion
from .cache import BuildCache, digest
from .config import Config
from .content import Article, ContentFile, load_articles, scan_content
from .errors import BuildFailed, Problem
from .gazetteer import Gazetteer, load_gazetteer
from .group import Archive, build_archive
from .output import previous_build_id, spare_folder, write_site
from .render import MARKDOWN_EXTENSIONS, Job, Page, Renderer, article_job, file_hash, fixed, page_jobs
from .search import Shard, index_shards, plan_shards, with_keys
from .taxonomy import Taxonomy, load_taxonomy
from .urls import Urls
from .vendor import vendor_files
from .workers import no_cycle_collector

GENERATOR_VERSION = "topicsite-5"  # change it when output changes for the same input


@dataclass
class BuildResult:
    pages: int
    articles: int
    rendered: int = 0  # pages rendered afresh; the rest were reused from the last build
    warnings: list[Problem] = field(default_factory=list)
    unchanged: bool = False  # nothing at all changed since the last build
    indexed: list[str] = field(default_factory=list)  # search shards indexed afresh
    pending: list[Shard] = field(default_factory=list)  # search shards left to index (the preview)


def read_static(static_dir: Path) -> list[tuple[str, bytes]]:
    if not static_dir.is_dir():
        return []
    return [(p.relative_to(static_dir).as_posix(), p.read_bytes())
            for p in sorted(static_dir.rglob("*")) if p.is_file()]


def source_files(config: Config) -> list[Path]:
    """Every file besides content/ whose change can change any page."""
    files = [config.gazetteer_file, config.taxonomy_file]
    for folder in (config.layouts_dir, config.static_dir):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    return [f for f in files if f.is_file()]


def global_key(config: Config, include_drafts: bool) -> str:
    """What every page depends on: generator and Markdown versions, settings, templates,
    assets, gazetteer and taxonomy. When it changes, every page is rendered again."""
    import markdown

    settings = sorted((k, v) for k, v in vars(config).items() if k not in ("root", "output_dir"))  # where, not what
    parts = [GENERATOR_VERSION, markdown.__version__, repr(MARKDOWN_EXTENSIONS), repr(settings), str(include_drafts)]
    parts += [f"{p.relative_to(config.root)}:{digest(p.read_bytes())}" for p in source_files(config)]
    return digest("\n".join(parts).encode("utf-8"))


def inputs_key(every_page: str, files: list[ContentFile]) -> str:
    """Everything a build reads, in one hash: equal keys, equal sites."""
    parts = [every_page] + [f.key for f in files]
    return digest("\n".join(parts).encode("utf-8"))


@dataclass
class Sources:
    gazetteer: Gazetteer
    taxonomy: Taxonomy
    articles: list[Article]
    problems: list[Problem]


def load_sources(config: Config, cache: BuildCache | None = None, files: list[ContentFile] | None = None,
                 workers: int = 1) -> Sources:
    """Gazetteer, taxonomy and every article that loads, with the problems of the rest."""
    gazetteer = load_gazetteer(config.gazetteer_file, config.countries, config.root,
                               config.cache_dir if cache and cache.db else None)
    taxonomy = load_taxonomy(config.taxonomy_file, config.root)
    articles, problems = load_articles(config.content_dir, config.root, cache, files, workers)
    return Sources(gazetteer, taxonomy, articles, problems)


@dataclass
class Site:
    """Everything a build knows before it writes: for `build`, `serve` and `check` alike."""
    config: Config
    sources: Sources | None  # None when planned from the snapshot
    archive: Archive
    renderer: Renderer
    jobs: list[Job]
    problems: list[Problem]  # warnings only: errors stop `plan` with BuildFailed
    shards: list[Shard] = field(default_factory=list)  # of the search index


def all_jobs(archive: Archive, r: Renderer, static: list[tuple[str, bytes]], shards: list[str],
             progress=None) -> list[Job]:
    config = r.config
    jobs = page_jobs(archive, r, shards, progress) + feed_jobs(archive, r)
    extra = [exports.articles_json(archive, r), exports.places_geojson(archive, r), feeds.robots(r),
             Page(".nojekyll", b"")]  # .nojekyll: GitHub Pages serves the files as they are
    extra += [Page(f"assets/{name}", data) for name, data in static]
    if config.cname:
        extra.append(Page("CNAME", config.cname.encode() + b"\n"))
    return jobs + feeds.sitemaps(r, jobs) + [fixed(page) for page in extra]


def feed_jobs(archive: Archive, r: Renderer) -> list[Job]:
    jobs = [feeds.feed_job(r, r.config.title, "", archive.articles)]
    for term in [*archive.tags, *archive.places]:
        jobs.append(feeds.feed_job(r, f"{r.config.title}: {term.name}", term, term.articles))
    return jobs


def check_unique_paths(jobs: list[Job]) -> list[Problem]:
    counts = Counter(j.path for j in jobs)
    return [Problem(path, None, f"{n} pages would be written to the same file",
                    "two names give the same URL; rename one of them") for path, n in counts.items() if n > 1]


def plan(config: Config, progress=None, include_drafts: bool = False, sources: Sources | None = None,
         cache: BuildCache | None = None, files: list[ContentFile] | None = None, every_page: str = "") -> Site:
    """Load, group and plan every page. Raises BuildFailed on any error; writes nothing."""
    sources = sources or load_sources(config, cache, files)
    problems = list(sources.problems)
    archive, group_problems = build_archive(sources.articles, sources.gazetteer, sources.taxonomy, include_drafts)
    problems += group_problems
    if any(p.severity == "error" for p in problems):
        raise BuildFailed(problems)
    static = read_static(config.static_dir) + vendor_files()
    renderer = make_renderer(config, static, every_page or global_key(config, include_drafts))
    shards = plan_shards(archive, config.search_shards, config.search_shard_size) if config.search else []
    jobs = all_jobs(archive, renderer, static, [s.name for s in shards], progress)
    duplicate = check_unique_paths(jobs)
    if duplicate:
        raise BuildFailed(duplicate)
    return Site(config, sources, archive, renderer, jobs, problems, with_keys(shards, {j.path: j.key for j in jobs}))


def make_renderer(config: Config, static: list[tuple[str, bytes]], every_page: str) -> Renderer:
    return Renderer(config, {name: file_hash(data) for name, data in static}, every_page)


def plan_text_edits(config: Config, every_page: str, cache: BuildCache, files: list[ContentFile],
                    manifest: dict[str, str]) -> tuple[Site, dict]:
    """The plan of a build where only articles' text changed since the last one (see
    snapshot.py): the edited articles' pages and the feeds are planned afresh, every other
    page keeps its key. Raises snapshot.Miss when that is not the case."""
    edits = snapshot.text_edits(snapshot.load(*cache.snapshot()), snapshot_key(config, every_page), files)
    archive = edits.archive
    renderer = make_renderer(config, read_static(config.static_dir) + vendor_files(), every_page)
    fresh = {job.path: job for job in [*(article_job(archive, renderer, a) for a in edits.articles),
                                       *feed_jobs(archive, renderer)]}
    jobs = [fresh.pop(path, None) or snapshot.unchanged_job(config.output_dir, path, key)
            for path, key in manifest.items()]
    if fresh:
        raise snapshot.Miss  # a page the last build did not write
    shards = plan_shards(archive, config.search_shards, config.search_shard_size) if config.search else []
    site = Site(config, None, archive, renderer, jobs, edits.problems, with_keys(shards, {j.path: j.key for j in jobs}))
    return site, edits.files


def snapshot_key(config: Config, every_page: str) -> str:
    """What a snapshot is valid for: the key of every page, and whether search is built."""
    return every_page + ("+search" if config.search else "")


def convert_bodies(site: Site, needed: set[str], cache: BuildCache, workers: int,
                   early: Conversion | None = None) -> None:
    """Markdown for the pages about to be rendered: converted early, from the cache, or
    converted now on every core."""
    renderer = site.renderer
    articles = {a.body_digest: a.body for a in site.archive.articles if a.body_digest in needed}
    fresh = early.results() if early else {}
    renderer.bodies.update(fresh)
    renderer.bodies.update(cache.bodies(sorted(d for d in articles if d not in fresh)))
    missing = {d: articles[d] for d in articles if d not in renderer.bodies}
    if any(text is None for text in missing.values()):
        raise snapshot.Miss  # a text the snapshot left out and the Markdown cache lost
    with Conversion(missing, workers) as conversion:
        fresh.update(conversion.results())
    renderer.bodies.update(fresh)
    cache.store_bodies(fresh)


def unconverted(sources: Sources, cache: BuildCache, include_drafts: bool) -> dict[str, str]:
    """The bodies of the articles to publish whose HTML the cache does not hold."""
    texts = {a.body_digest: a.body for a in sources.articles if include_drafts or not a.draft}
    known = cache.converted(sorted(texts))
    return {d: text for d, text in texts.items() if d not in known}


def build(config: Config, progress=None, include_drafts: bool = False, use_cache: bool = True,
          workers: int | None = None, defer_search: bool = False) -> BuildResult:
    """Build the site into config.output_dir. With `defer_search`, changed search shards are
    left in result.pending, for search.index_later once the new pages are online."""
    workers = workers or int(os.environ.get("TOPICSITE_WORKERS", 0)) or os.cpu_count() or 1  # 1 to profile
    with no_cycle_collector(), closing(BuildCache(config.cache_dir if use_cache else None, GENERATOR_VERSION)) as cache:
        files = scan(config, cache)
        every_page = global_key(config, include_drafts)  # reads every template and asset: once
        inputs = inputs_key(snapshot_key(config, every_page), files)
        stored_inputs, manifest = cache.manifest(config.output_dir)
        published = use_cache and stored_inputs is not None and previous_build_id(config.output_dir) == stored_inputs
        if published and stored_inputs.split("|")[0] == inputs:
            return BuildResult(pages=len(manifest), articles=0, unchanged=True)
        old_keys = manifest if published else {}
        if published:  # only text changed? then start from the last build's archive
            try:
                site, record = plan_text_edits(config, every_page, cache, files, manifest)
                return write(site, cache, inputs, old_keys, workers, progress, defer_search, record, None)
            except snapshot.Miss:
                pass
        sources = load_sources(config, cache, files, workers)
        # Markdown is most of the work: it starts now, on every core, while the rest is planned.
        with Conversion(unconverted(sources, cache, include_drafts), workers) as early:
            site = plan(config, progress, include_drafts, sources=sources, every_page=every_page)
            record = snapshot.files_record(files, sources.articles, _by_file(sources.problems))
            taken = snapshot.Snapshot(snapshot_key(config, every_page), site.archive,
                                      site.problems[len(sources.problems):], record)
            return write(site, cache, inputs, old_keys, workers, progress, defer_search, record, taken, early)


def scan(config: Config, cache: BuildCache) -> list[ContentFile]:
    """Every content file with its hash; files whose stat is unchanged are not read."""
    known = cache.file_keys()
    files = scan_content(config.content_dir, config.root, known)
    hashed = {f.shown: (f.stat, f.key) for f in files if f.stat}
    if hashed != known:
        cache.store_file_keys(hashed)
    return files


def _by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(problem)
    return found


def write(site: Site, cache: BuildCache, inputs: str, old_keys: dict[str, str], workers: int, progress,
          defer_search: bool, record: dict, taken: snapshot.Snapshot | None,
          early: Conversion | None = None) -> BuildResult:
    """Render what changed and swap the new site in; then remember it for the next build."""
    config = site.config
    to_render = [j for j in site.jobs if old_keys.get(j.path) != j.key]
    needed = {a.body_digest for a in site.archive.articles}
    if len(to_render) < len(site.jobs):  # only what the pages to render show
        rendered_paths = {j.path for j in to_render}
        needed = {a.body_digest for a in site.archive.articles
                  if f"articles/{a.slug}/index.html" in rendered_paths} | feed_bodies(site, rendered_paths)
    convert_bodies(site, needed, cache, workers, early)
    # The build's id: its inputs and every page's key (sorted: the same however it was planned).
    build_id = inputs + "|" + digest("".join(sorted(j.path + j.key for j in site.jobs)).encode())
    result = BuildResult(pages=len(site.jobs), articles=len(site.archive.articles), warnings=site.problems)

    def add_search_index(fresh: Path, previous: Path) -> None:
        if progress and site.shards:
            progress("Indexing", 0, len(site.shards))
        changed = index_shards(fresh, previous, site.shards, defer=defer_search)
        if defer_search:
            result.pending = changed
        else:
            result.indexed = [shard.name for shard in changed]

    spare = spare_folder(config.output_dir)
    result.rendered = write_site(site.jobs, config.output_dir, config.root, old_keys, build_id, workers,
                                 finish=add_search_index, progress=progress, spare=cache.manifest(spare))
    cache.store_manifest(config.output_dir, build_id, {j.path: j.key for j in site.jobs}, retired_to=spare)
    if cache.db is not None:
        cache.store_snapshot(snapshot.dump_archive(taken) if taken else None, pickle.dumps(record, protocol=5))
    return result


def feed_bodies(site: Site, paths: set[str]) -> set[str]:
    """Bodies shown in the feeds about to be rendered (a feed carries its entries' text)."""
    archive, needed = site.archive, set()
    feeds_and_entries = [(Urls.feed(""), archive.articles)]
    feeds_and_entries += [(Urls.feed(Urls.tag(t.slug)), t.articles) for t in archive.tags]
    feeds_and_entries += [(Urls.feed(Urls.place(g.slug)), g.articles) for g in archive.places]
    for path, articles in feeds_and_entries:
        if path in paths:
            needed |= {a.body_digest for a in articles if a.date}
    return needed

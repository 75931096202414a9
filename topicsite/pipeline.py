"""The build, start to finish:

    load config → import seeds → load content → group → plan → render and write → index search

Each step is a function of its own module; this file only connects them. Every build takes
the same path: it starts from what the last one left (its `State`: kept in memory by
`serve`, in the cache by `build`), reads only the content files that changed, updates the
grouped archive by the change, plans every page with the key of its inputs, and renders and
writes only the pages whose key is new.
"""
from __future__ import annotations

import os
import uuid
from contextlib import closing
from typing import TYPE_CHECKING
from dataclasses import dataclass, field

from .cache import BuildCache, digest
from .config import Config
from .content import Content, load_content, scan_content
from .errors import BuildFailed, Problem
from .gazetteer import Gazetteer, load_gazetteer
from .group import Archive
from .inputs import files_under
from .output import MARKER, site_lock, staging_folder, write_site
from .plan import PlanMemo, Shard, Site, plan
from .render import GENERATOR_VERSION, Renderer, file_hash, render_pages
from .search import index_shards, index_size
from .taxonomy import Taxonomy, load_taxonomy
from .vendor import vendor_files
from .workers import Pool, no_cycle_collector, worker_count

if TYPE_CHECKING:
    from .importer import ImportReport


def save_whole_after() -> float:
    """The share of the site's page groups that, changed since the state was last saved
    whole, has it saved whole again (State.save). TOPICSITE_SAVE_WHOLE_AFTER sets it (a
    large number: never again, for tests of the journal)."""
    return float(os.environ.get("TOPICSITE_SAVE_WHOLE_AFTER", 0)) or 0.05


@dataclass
class State:
    """What a build leaves for the next: the content it read and the archive it grouped
    (under the gazetteer, taxonomy and drafts setting that `grouping` names)."""
    content: Content = field(default_factory=Content)
    archive: Archive | None = None
    grouping: str = ""
    plan: PlanMemo | None = None  # what the plan made of each group of pages
    saved_as: str = ""  # the name of the state last saved whole in the cache
    unsaved: set[tuple] = field(default_factory=set)  # page groups changed since it was saved

    def resume(self, saved: tuple[State, tuple | None] | None) -> None:
        """Take up the state saved in the cache, when this process has none of its own: the
        state saved whole and, from the journal, the last build's plan and the page groups
        changed since the state was saved (which the archive takes as touched)."""
        if self.archive is None and saved is not None:
            whole, journal = saved
            self.content, self.archive, self.grouping, self.saved_as = whole.content, whole.archive, whole.grouping, whole.saved_as
            self.plan, self.unsaved = journal if journal else (whole.plan, set())
            self.archive.touched |= self.unsaved

    def save(self, cache: BuildCache, files: dict[str, tuple]) -> None:
        """Into the cache: whole when the changes since it was last saved whole touch more
        than a twentieth of the site's page groups (the next build would redo them), else
        only the journal: this plan and the groups changed since. Saving 100,000 articles
        takes seconds; the journal, a moment."""
        if not self.saved_as or len(self.unsaved) > save_whole_after() * len(self.plan.groups if self.plan else ()):
            self.saved_as, self.unsaved = uuid.uuid4().hex, set()
            cache.store_state(self, self.saved_as)
        cache.store_journal(self.saved_as, (self.plan, self.unsaved), files)


@dataclass
class BuildResult:
    pages: int
    articles: int
    rendered: int = 0  # files rendered afresh; the rest were reused from the last build
    unchanged: bool = False  # nothing at all changed since the last build
    warnings: list[Problem] = field(default_factory=list)
    indexed: list[str] = field(default_factory=list)  # search shards indexed afresh
    pending: list[Shard] = field(default_factory=list)  # search shards left to index (the preview)
    imported: ImportReport | None = None  # what the import stage did, if it ran
    state: State | None = None  # for the next build
    size: tuple[int, int] = (0, 0)  # the site's bytes and files


@dataclass
class Sources:
    gazetteer: Gazetteer
    taxonomy: Taxonomy
    content: Content

    @property
    def articles(self):
        return self.content.articles

    @property
    def problems(self) -> list[Problem]:
        return self.content.problems


def load_sources(config: Config, content: Content | None = None, cache: bool = True) -> Sources:
    """Gazetteer, taxonomy and content: what `check`, `new` and `places` read too (`check`
    without the cache, so that it writes nothing)."""
    return Sources(load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir if cache else None),
                   load_taxonomy(config.taxonomy_file, config.root),
                   load_content(config.content_dir, config.root, content))


def group(sources: Sources, previous: State, include_drafts: bool) -> tuple[Archive, str]:
    """The archive, updated by what changed since the last build: articles out, articles in.
    With another gazetteer, taxonomy or drafts setting, every article is grouped again."""
    grouping = digest(repr((GENERATOR_VERSION, include_drafts, sources.gazetteer.fingerprint,
                            sources.taxonomy.fingerprint)).encode())
    archive, before = previous.archive, {a.path: a for a in previous.content.articles}
    if archive is None or previous.grouping != grouping:
        archive, before = Archive(sources.gazetteer, sources.taxonomy, include_drafts), {}
    archive.gazetteer, archive.taxonomy = sources.gazetteer, sources.taxonomy
    now = {a.path: a for a in sources.articles}
    removed = [a for path, a in before.items() if now.get(path) is not a]
    added = [a for path, a in now.items() if before.get(path) is not a]
    archive.update(removed, added)
    return archive, grouping


def plan_site(config: Config, sources: Sources, include_drafts: bool = False) -> tuple[Site, list[Problem]]:
    """The whole plan from scratch, for `check`: the archive's problems, and every page."""
    archive, _ = group(sources, State(), include_drafts)
    static = read_static(config) + vendor_files()
    site = plan(archive, Renderer(config, {name: file_hash(data) for name, data in static}), static)
    return site, archive.problems + site.problems


def build(config: Config, progress=None, include_drafts: bool = False, use_cache: bool = True,
          state: State | None = None, defer_search: bool = False, run_import: bool = True) -> BuildResult:
    """Build the site into config.output_dir. `state` is what the last build left (`serve`
    keeps it; `build` reads it from the cache); this build updates it in place, even when it
    fails after grouping, so that it always describes the archive it holds. With
    `defer_search`, changed search shards are left in result.pending, for search.index_later
    once the new pages are online."""
    with site_lock(config.output_dir), no_cycle_collector(), \
            closing(BuildCache(config.cache_dir if use_cache else None, GENERATOR_VERSION)) as cache:
        imported = import_stage(config) if run_import else None
        state = state if state is not None else State()
        known = state.content.files or cache.files()  # path -> (stat, key, …, problems)
        files = scan_content(config.content_dir, config.root, known)
        gazetteer = load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir)
        taxonomy = load_taxonomy(config.taxonomy_file, config.root)
        static = read_static(config) + vendor_files()
        inputs = inputs_key(config, [f.key for f in files], gazetteer, taxonomy, static, include_drafts)
        published_id, published, sizes = cache.manifest(config.output_dir)
        live = (published_id, published) if build_id_matches(config.output_dir, published_id) else (None, {})
        if live[0] and live[0].split("|")[0] == inputs:
            return BuildResult(len(published), len(files), unchanged=True, imported=imported, state=state,
                               warnings=[p for f in files for p in known[f.shown][-1]],
                               size=site_size(config.output_dir, sizes))
        state.resume(cache.state())
        sources = Sources(gazetteer, taxonomy, load_content(config.content_dir, config.root, state.content, files=files))
        if any(p.severity == "error" for p in sources.problems):  # with what grouping finds in the rest
            raise BuildFailed(sources.problems + group(sources, State(), include_drafts)[0].problems)
        try:
            state.archive, state.grouping = group(sources, state, include_drafts)
        except BaseException:
            state.archive = None  # half updated: the next build groups every article again
            raise
        state.content, archive = sources.content, state.archive  # the archive holds this content now
        if any(p.severity == "error" for p in archive.problems):
            raise BuildFailed(sources.problems + archive.problems)
        site = plan(archive, Renderer(config, {name: file_hash(data) for name, data in static}), static, progress,
                    state.plan, live)
        if site.problems:
            raise BuildFailed(site.problems)
        result = write(site, config, cache, progress, defer_search, inputs, (live[1], sizes if live[0] else {}))
        state.plan, state.unsaved, archive.touched = site.memo, state.unsaved | archive.touched, set()  # published
        result.imported, result.warnings, result.state = imported, sources.problems + archive.problems, state
        state.save(cache, sources.content.index)
        return result


def import_stage(config: Config) -> ImportReport:
    from .importer import import_seeds  # only when importing: it loads the text models

    return import_seeds(config)


def inputs_key(config: Config, content_keys: list[str], gazetteer: Gazetteer, taxonomy: Taxonomy,
               static: list[tuple[str, bytes]], include_drafts: bool) -> str:
    """Everything a build reads, in one hash: equal keys, equal sites."""
    layouts = files_under(config.layouts_dir, config.root)
    parts = [GENERATOR_VERSION, repr(sorted((k, repr(v)) for k, v in vars(config).items() if k not in ("root", "output_dir"))),
             str(include_drafts), gazetteer.fingerprint, taxonomy.fingerprint, *content_keys]
    parts += [f"{p.relative_to(config.layouts_dir)}:{digest(p.read_bytes())}" for p in layouts]
    parts += [f"{name}:{digest(data)}" for name, data in static]
    return digest("\n".join(parts).encode("utf-8"))


def write(site: Site, config: Config, cache: BuildCache, progress, defer_search: bool, inputs: str,
          published: tuple[dict[str, str], dict[str, int]]) -> BuildResult:
    """Render what changed into the staging folder, index it, swap it in, remember its pages.
    `published`: the page keys and sizes of the output folder, when it is the site they describe."""
    output, staging = config.output_dir, staging_folder(config.output_dir)
    pages = {j.path: j.key for j in site.jobs}
    build_id = inputs + "|" + digest("".join(sorted(path + key for path, key in pages.items())).encode())
    result = BuildResult(pages=len(site.jobs), articles=len(site.archive.articles))

    def index(fresh, current) -> None:
        if progress and site.shards:
            progress("Indexing", 0, len(site.shards))
        changed = index_shards(fresh, current, site.shards, defer=defer_search)
        if defer_search:
            result.pending = changed
        else:
            result.indexed = [shard.name for shard in changed]

    pool = Pool(worker_count())
    try:
        render = lambda jobs, folder: render_pages(jobs, folder, site.renderer, cache, pool, progress)  # noqa: E731
        result.rendered, mirrored, sizes = write_site(site.jobs, output, config.root, published,
                                                      cache.manifest(staging), build_id, render, index)
    except BaseException:
        pool.close(interrupted=True)
        raise
    pool.close()
    site.memo.build_id = build_id
    cache.store_manifest(output, build_id, pages, sizes, retired_to=staging)
    if mirrored:
        cache.store_manifest(staging, build_id, pages, sizes, retired_to=staging.with_name(staging.name + ".none"))
    result.size = site_size(output, sizes)
    return result


def site_size(folder, page_sizes: dict[str, int]) -> tuple[int, int]:
    """The bytes and files of a built site, as its host counts them: its pages, its search
    index and its marker (without walking 100,000s of files)."""
    index_bytes, index_files = index_size(folder)
    return sum(page_sizes.values()) + index_bytes + os.stat(folder / MARKER).st_size, len(page_sizes) + index_files + 1


def build_id_matches(folder, build_id: str | None) -> bool:
    from .output import build_id_of

    return build_id is not None and build_id_of(folder) == build_id


def read_static(config: Config) -> list[tuple[str, bytes]]:
    return [(p.relative_to(config.static_dir).as_posix(), p.read_bytes()) for p in files_under(config.static_dir, config.root)]

"""Plan the site: every output file as a `Job`, with the key of everything it is made from.

A page's key comes from what its template receives, never from a list of fields kept by
hand: the template's source and the partials it includes, the settings, its address, and the
key of every value in its context (`Keys`). Templates receive views: articles, and frozen
dataclasses made for the page (a `Ref` to a term, a `TagView` for a tag's own page…), each
keyed once from all of its fields. A template can only show what its views hold, so what a
page shows is always in its key.

Lists are paginated from the oldest: /tags/sdf/page/1/ holds the oldest articles and keeps
them. A list's first page shows the newest; when a report arrives, only that page, the
newest numbered page, the home page and the feeds change.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import partial

from . import exports, feeds
from .cache import digest
from .cite import Citation
from .content import Article
from .dates import MONTHS, PartialDate
from .errors import Problem
from .group import Archive, Month, PlaceGroup, Tag, Year
from .render import Job, Page, Renderer, fixed
from .urls import Urls, output_file

HOME_LATEST = 10
HOME_PLACES = 12
HOME_TAGS = 20
TAGS_PER_PAGE = 500  # on the index of tags
TIMELINE_PER_MONTH = 8  # articles a year page's timeline shows per month
OLDER_LINKS = 3  # a numbered page links this many older pages, which never change


# --- views ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """A link to a page of the site: a tag, a place, a year, a month."""
    kind: str
    name: str
    url: str  # its site path, 'tags/sdf/'


@dataclass(frozen=True)
class Item:
    """An article as lists and links show it: everything but its text, so that editing a
    report's text changes its own page and feeds, not every page that lists it."""
    slug: str
    title: str
    date: PartialDate | None
    date_basis: str
    summary: str
    locations: tuple[str, ...]
    tags: tuple[str, ...]
    draft: bool
    title_inferred: bool
    lead_in_body: bool
    source: object  # content.Source

    @property
    def url(self) -> str:
        return Urls.article(self.slug)


ITEM_FIELDS = tuple(f.name for f in fields(Item))  # each one a field of Article, in its listing key


class Items(Sequence):
    """Articles as a list shows them: a sequence of Items, each made when a page that is
    rendered reads it. Most pages of a long list are planned, keyed and found unchanged,
    and never need theirs."""

    __slots__ = ("articles", "views")

    def __init__(self, articles, views: Views):
        self.articles, self.views = articles, views

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Items(self.articles[index], self.views)
        return self.views.item(self.articles[index])

    def __iter__(self):
        return (self.views.item(article) for article in self.articles)


@dataclass(frozen=True)
class TagView:
    """What a tag's own page shows of it."""
    name: str
    url: str
    count: int
    related: tuple  # (Ref, shared articles), the most frequent
    related_count: int
    places: tuple  # (Ref, articles)
    place_count: int


@dataclass(frozen=True)
class PlaceView:
    name: str
    url: str
    kind: str
    known: bool
    lat: float | None
    lon: float | None
    parent: Ref | None
    children: tuple  # (Ref, articles)
    tags: tuple  # (Ref, articles), the most frequent
    tag_count: int
    count: int

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class PlaceNode:
    """A place in the index's tree."""
    ref: Ref
    kind: str
    count: int
    children: tuple  # PlaceNode


@dataclass(frozen=True)
class MonthView:
    name: str  # 'December 2018'
    url: str
    year: int
    month: int
    count: int
    level: int  # 1..10, for the timeline's bars
    first: tuple[Item, ...] = ()  # the first articles, for a year's timeline
    days: tuple[tuple[int, Ref], ...] = ()  # (day, its page): the days articles are dated to, for the month's page


@dataclass(frozen=True)
class DayView:
    name: str  # '14 December 2018'
    count: int
    month: Ref
    year: Ref
    earlier: Ref | None = None  # the month's day before, and after, with articles
    later: Ref | None = None


@dataclass(frozen=True)
class Slot:
    number: int
    short: str  # 'Dec'
    name: str  # 'December'
    month: MonthView | None


@dataclass(frozen=True)
class YearView:
    year: int
    url: str
    count: int
    calendar: tuple[Slot, ...]  # January to December, empty months included
    month_unknown: tuple[Item, ...]  # dated to the year only: the first of them
    unknown_count: int
    earlier: Ref | None = None  # the archive's year before, on the year's own page
    later: Ref | None = None

    @property
    def name(self) -> str:
        return str(self.year)


@dataclass(frozen=True)
class Pager:
    """One page of a list. Page 0 is the list's own address and shows the newest articles;
    numbered pages hold fixed runs of the list counted from the oldest."""
    base: str  # the list's address
    number: int
    items: Sequence  # its Items (articles) or (Ref, count) pairs (terms)
    older: int | None  # the page of the next older articles
    newer: int | None  # the page of the next newer ones (0: the first page), None on the first page
    links: tuple[int, ...]  # other pages to link: older ones, which never change, and on page 0 the newest

    def path(self, number: int) -> str:
        return Urls.paged(self.base, number)


def paginate(items, per_page: int, base: str) -> list[Pager]:
    """A list newest first (a sequence that slices), as its first page and its numbered
    pages (none if it fits on one)."""
    count = len(items)
    if count <= per_page:
        return [Pager(base, 0, items, None, None, ())]
    numbered = math.ceil(count / per_page)
    older = (count - per_page - 1) // per_page + 1  # the page holding the newest article the first page leaves out
    pages = [Pager(base, 0, items[:per_page], older, None,
                   tuple(n for n in range(numbered, 0, -1) if n > numbered - 2 * OLDER_LINKS or n == 1))]
    for n in range(1, numbered + 1):  # page n holds the (n-1)·per_page-th to the n·per_page-th oldest
        run = items[max(0, count - n * per_page):count - (n - 1) * per_page]
        pages.append(Pager(base, n, run, n - 1 or None, n + 1 if n < numbered else 0,
                           tuple(sorted({1, *range(max(1, n - OLDER_LINKS), n)} - {n}))))
    return pages


def paginate_by_name(items: list, per_page: int, base: str) -> list[Pager]:
    """A list in alphabetical order (the index of tags): its address, then page/2/, page/3/…"""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    numbers = [0] + list(range(2, len(chunks) + 1))
    return [Pager(base, numbers[i], tuple(chunk), numbers[i + 1] if i + 1 < len(chunks) else None,
                  numbers[i - 1] if i else None, tuple(numbers) if len(chunks) > 1 else ()) for i, chunk in enumerate(chunks)]


class Keys:
    """The key of any value a template receives, each computed once: an article's is its
    file's; a view's comes from all of its fields."""

    def __init__(self):
        self.memo: dict[int, str] = {}
        self.kept: list = []  # the keyed objects, so that their ids are not reused during the build

    def __call__(self, value) -> str:
        found = self.memo.get(id(value))
        if found is not None:
            return found
        if isinstance(value, (str, int, float, bool, type(None))):
            return repr(value)
        if isinstance(value, Article):
            key = value.key or digest(repr(tuple(getattr(value, f.name) for f in fields(value))).encode())
        elif isinstance(value, PartialDate):
            key = value.iso()
        elif isinstance(value, Ref):  # the most frequent view: a cheap key, as unambiguous
            key = f"{value.kind}\x1f{value.url}\x1f{value.name}"
        elif isinstance(value, Items):  # the key of the tuple of their Items, without making them
            key = digest("\x1e".join([value.views.item_key(a) for a in value.articles]).encode())
        elif isinstance(value, (tuple, list)):
            memo = self.memo  # most items are keyed already: look them up without a call
            key = digest("\x1e".join([memo.get(id(item)) or self(item) for item in value]).encode())
        elif isinstance(value, dict):
            key = digest(repr(sorted((k, self(v)) for k, v in value.items())).encode())
        elif is_dataclass(value):
            key = digest(repr((type(value).__name__, [self(getattr(value, f.name)) for f in fields(value)])).encode())
        else:
            raise TypeError(f"a page was given {type(value).__name__}, which has no key: give it a view (plan.py)")
        self.memo[id(value)] = key
        self.kept.append(value)
        return key

    def same_as(self, item: Item, article: Article) -> None:
        """An article's item has the key of what lists can show of the article, which covers
        every field of the item, computed once when the file was read."""
        if article.listing_key:
            self.memo[id(item)] = "item:" + article.listing_key
            self.kept.append(item)


class Views:
    """The views of the archive's terms, made once per build."""

    def __init__(self, archive: Archive, keys: Keys):
        self.archive, self.keys = archive, keys
        self.refs: dict[int, Ref] = {}
        self.items: dict[int, Item] = {}

    def item(self, article: Article | None) -> Item | None:
        if article is None:
            return None
        found = self.items.get(id(article))
        if found is None:
            found = self.items[id(article)] = Item(*[getattr(article, name) for name in ITEM_FIELDS])
            self.keys.same_as(found, article)
        return found

    def item_key(self, article: Article) -> str:
        """The key of an article's item, which needs no item when the article has a listing key."""
        return "item:" + article.listing_key if article.listing_key else self.keys(self.item(article))

    def items_of(self, articles) -> tuple[Item, ...]:
        items = self.items
        return tuple([items.get(id(a)) or self.item(a) for a in articles])

    def ref(self, term) -> Ref:
        found = self.refs.get(id(term))
        if found is None:
            if isinstance(term, Tag):
                found = Ref("tag", term.name, Urls.tag(term.slug))
            elif isinstance(term, PlaceGroup):
                found = Ref("place", term.name, Urls.place(term.slug))
            elif isinstance(term, Year):
                found = Ref("year", str(term.year), Urls.year(term.year))
            elif isinstance(term, Month):
                found = Ref("month", term.label, Urls.month(term.year, term.month))
            self.refs[id(term)] = found
        return found

    def counted(self, pairs) -> tuple:
        return tuple((self.ref(term), n) for term, n in pairs)

    def tag(self, tag: Tag) -> TagView:
        return TagView(tag.name, Urls.tag(tag.slug), len(tag.articles), self.counted(tag.related), tag.related_count,
                       self.counted(tag.places), tag.place_count)

    def place(self, group: PlaceGroup) -> PlaceView:
        place = group.place
        return PlaceView(group.name, Urls.place(group.slug), place.kind, place.known, place.lat, place.lon,
                         self.ref(group.parent) if group.parent else None,
                         tuple((self.ref(c), len(c.articles)) for c in group.children),
                         self.counted(group.tags), group.tag_count, len(group.articles))

    def node(self, group: PlaceGroup) -> PlaceNode:
        return PlaceNode(self.ref(group), group.place.kind, len(group.articles), tuple(self.node(c) for c in group.children))

    def month(self, month: Month, with_articles: bool) -> MonthView:
        return MonthView(month.label, Urls.month(month.year, month.month), month.year, month.month, len(month.articles),
                         month.level, self.items_of(month.articles[:TIMELINE_PER_MONTH]) if with_articles else ())

    def year(self, year: Year, with_articles: bool) -> YearView:
        calendar = tuple(Slot(n, MONTHS[n][:3], MONTHS[n], self.month(year.by_month[n], with_articles) if n in year.by_month else None)
                         for n in range(1, 13))
        unknown = year.month_unknown
        if not with_articles:
            return YearView(year.year, Urls.year(year.year), len(year.articles), calendar, (), len(unknown))
        years = [y.year for y in self.archive.years]  # newest first
        at = years.index(year.year)
        earlier = self.ref(self.archive.year_of(years[at + 1])) if at + 1 < len(years) else None
        later = self.ref(self.archive.year_of(years[at - 1])) if at else None
        return YearView(year.year, Urls.year(year.year), len(year.articles), calendar,
                        self.items_of(unknown[:TIMELINE_PER_MONTH]), len(unknown), earlier, later)


# --- search shards -------------------------------------------------------------------------

@dataclass(frozen=True)
class Shard:
    name: str  # '2018', '2018-2' when a busy year is split, 'undated', or 'all'
    pages: tuple[str, ...]  # the article pages it indexes, as output paths
    key: str = ""  # the key of those pages: equal keys, equal bundle


def plan_shards(archive: Archive, by: str, max_size: int) -> list[Shard]:
    """Articles into shards: by year (a year over max_size articles is cut between months,
    or within a month if one month alone is larger), or one shard for everything."""
    def page(article) -> str:
        return Urls.article(article.slug) + "index.html"

    if by == "none":
        return [Shard("all", tuple(sorted(page(a) for a in archive.articles)))] if archive.articles else []
    shards = []
    for year in sorted(archive.years, key=lambda y: y.year):
        groups: list[list] = [[]]
        months = [sorted(m.articles, key=lambda a: a.slug) for m in sorted(year.months, key=lambda m: m.month)]
        for month in [sorted(year.month_unknown, key=lambda a: a.slug)] + months:
            if groups[-1] and len(groups[-1]) + len(month) > max_size:
                groups.append([])
            for start in range(0, len(month), max_size):  # one month alone may be too big
                if start:
                    groups.append([])
                groups[-1] += month[start:start + max_size]
        groups = [g for g in groups if g]
        for n, group in enumerate(groups, 1):
            name = str(year.year) if len(groups) == 1 else f"{year.year}-{n}"
            shards.append(Shard(name, tuple(sorted(page(a) for a in group))))
    undated = sorted(archive.undated, key=lambda a: a.slug)
    for start in range(0, len(undated), max_size):
        name = "undated" if start == 0 else f"undated-{start // max_size + 1}"
        shards.append(Shard(name, tuple(page(a) for a in undated[start:start + max_size])))
    return shards


def with_keys(shards: list[Shard], page_keys: dict[str, str]) -> list[Shard]:
    return [Shard(s.name, s.pages, digest("".join(p + page_keys[p] for p in s.pages).encode())) for s in shards]


# --- the plan ------------------------------------------------------------------------------

@dataclass
class PlanMemo:
    """What a plan made of each group of pages, kept for the next build: a group the archive
    has not touched since, under the same settings and templates, while the published site
    is the one this plan made, keeps its pages' keys, which that site holds."""
    lineage: str  # the archive it was made from
    settings: str  # the renderer's settings and the templates' sources
    groups: dict[tuple, tuple[tuple[str, bool, str], ...]]  # group -> (path, in_sitemap, lastmod) of each file
    build_id: str = ""  # the site it was published as (set once written)


def by_day(articles: list[Article]) -> dict[int, list[Article]]:
    """A month's articles dated to the day, by day, earliest day first."""
    days: dict[int, list[Article]] = {}
    for article in articles:
        if article.date.day:
            days.setdefault(article.date.day, []).append(article)
    return dict(sorted(days.items()))


class Planner:
    """Every page of the site as jobs, in groups: the pages of an article, of a tag (its
    list pages and feed), of a place, of a month, of a year, of the list of all articles or
    of undated ones, and the pages that show the whole archive (home, indexes, main feed)."""

    def __init__(self, archive: Archive, r: Renderer, shards: list[str]):
        self.archive, self.r, self.shards = archive, r, shards
        self.views = Views(archive, Keys())
        self.terms = {"tag": {t.slug: t for t in archive.tags}, "place": {g.name: g for g in archive.places},
                      "year": {y.year: y for y in archive.years}}
        self.articles = {a.slug: a for a in archive.articles}

    def groups(self) -> list[tuple]:
        """Every group of the archive, in a fixed order."""
        groups = [("articles",)] + [("article", a.slug) for a in self.archive.articles]
        groups += [("tag", t.slug) for t in self.archive.tags] + [("place", g.name) for g in self.archive.places]
        for year in self.archive.years:
            groups += [("year", year.year)] + [("month", m.year, m.month) for m in year.months]
        return groups + ([("undated",)] if self.archive.undated else [])

    def page(self, jobs: list, template: str, path: str, searchable: bool = False, **context) -> None:
        jobs.append(self.r.job(template, path, context, self.views.keys, searchable))

    def citation(self, article: Article) -> Citation:
        places = tuple((g.name, g.place.lat, g.place.lon) for g in self.archive.article_places.get(article.slug, ()))
        return Citation(article.slug, article.title, article.date, article.date_basis, article.date_window,
                        article.date_note, article.summary,
                        article.source.publisher, article.source.url, self.r.config.title,
                        self.r.urls.absolute(Urls.article(article.slug)), places,
                        tuple(t.name for t in self.archive.article_tags.get(article.slug, ())), self.r.config.language,
                        article.source.author)

    def pages_of(self, jobs: list, template: str, articles: list, base: str, title: str, first: dict, others: dict) -> None:
        for pager in paginate(Items(articles, self.views), self.r.config.per_page, base):
            self.page(jobs, template, pager.path(pager.number), title=title, pager=pager,
                      **(first if pager.number == 0 else others))

    def feed(self, jobs: list, term) -> None:
        jobs.append(feeds.feed_job(self.r, self.views.keys, f"{self.r.config.title}: {term.name}", self.views.ref(term),
                                   term.articles))

    def group(self, group: tuple) -> list[Job]:
        archive, views, jobs = self.archive, self.views, []
        kind = group[0]
        if kind == "article":
            article = self.articles[group[1]]
            citation = self.citation(article)
            self.page(jobs, "article.html", Urls.article(article.slug), searchable=True, title=article.title,
                      article=article, tags=tuple(views.ref(t) for t in archive.article_tags.get(article.slug, [])),
                      places=tuple(views.ref(g) for g in archive.article_places.get(article.slug, [])),
                      related=views.items_of(archive.related.get(article.slug, [])),
                      previous=views.item(archive.previous.get(article.slug)),
                      following=views.item(archive.following.get(article.slug)), cite=citation)
            jobs += exports.article_exports(citation, self.r)
            for old in article.aliases:  # its earlier addresses, kept working
                self.page(jobs, "redirect.html", Urls.article(old), title=article.title, target=article,
                          name=article.title, kind="report")
        elif kind == "tag":
            tag = self.terms["tag"][group[1]]
            self.pages_of(jobs, "tag.html", tag.articles, Urls.tag(tag.slug), tag.name, {"tag": views.tag(tag)},
                          {"tag": views.ref(tag)})
            self.feed(jobs, tag)
        elif kind == "place":
            place = self.terms["place"][group[1]]
            self.pages_of(jobs, "place.html", place.articles, Urls.place(place.slug), place.name,
                          {"group": views.place(place)}, {"group": views.ref(place)})
            self.feed(jobs, place)
        elif kind == "year":
            year = self.terms["year"][group[1]]
            self.pages_of(jobs, "year.html", year.articles, Urls.year(year.year), str(year.year),
                          {"year": views.year(year, True)}, {"year": views.ref(year)})
        elif kind == "month":  # with its days' pages, which change when the month does
            year = self.terms["year"][group[1]]
            month = year.by_month[group[2]]
            days = by_day(month.articles)
            refs = [Ref("day", PartialDate(month.year, month.month, d).label(), Urls.day(month.year, month.month, d))
                    for d in days]
            self.pages_of(jobs, "month.html", month.articles, Urls.month(month.year, month.month), month.label,
                          {"month": replace(views.month(month, False), days=tuple(zip(days, refs))), "year": views.ref(year)},
                          {"month": views.ref(month), "year": views.ref(year)})
            for at, (ref, articles) in enumerate(zip(refs, days.values())):
                day = DayView(ref.name, len(articles), views.ref(month), views.ref(year),
                              refs[at - 1] if at else None, refs[at + 1] if at + 1 < len(refs) else None)
                self.pages_of(jobs, "day.html", articles, ref.url, ref.name, {"day": day}, {"day": day})
        elif kind == "articles":
            self.pages_of(jobs, "articles.html", archive.articles, "articles/", "All articles", {}, {})
        elif kind == "undated":
            self.pages_of(jobs, "undated.html", archive.undated, "archive/undated/", "Undated articles", {}, {})
        return jobs

    def whole(self) -> list[Job]:
        """The pages that show the whole archive: made every time, they are few."""
        archive, views, r, jobs = self.archive, self.views, self.r, []
        top_places = sorted(archive.places, key=lambda g: (-len(g.articles), g.name))[:HOME_PLACES]
        top_tags = sorted(archive.tags, key=lambda t: (-len(t.articles), t.name))[:HOME_TAGS]
        self.page(jobs, "home.html", "", title=r.config.title, latest=views.items_of(archive.articles[:HOME_LATEST]),
                  places=tuple((views.ref(g), len(g.articles)) for g in top_places),
                  tags=tuple((views.ref(t), len(t.articles)) for t in top_tags),
                  years=tuple((views.ref(y), len(y.articles)) for y in archive.years),
                  undated=len(archive.undated), total=len(archive.articles))
        self.page(jobs, "404.html", "404.html", title="Page not found")
        self.page(jobs, "search.html", "search/", title="Search", shards=tuple(self.shards))
        tags = archive.tags
        for pager in paginate_by_name([(views.ref(t), len(t.articles)) for t in tags], TAGS_PER_PAGE, "tags/"):
            self.page(jobs, "tags.html", pager.path(pager.number), title="Tags", pager=pager, total=len(tags))
        for old, tag in archive.tag_redirects.items():
            self.page(jobs, "redirect.html", Urls.tag(old), title=tag.name, target=views.ref(tag), name=tag.name,
                      kind="tag")
        self.page(jobs, "places.html", "places/", title="Places", roots=tuple(views.node(g) for g in archive.place_roots),
                  total=len(archive.places))
        self.page(jobs, "archive.html", "archive/", title="Archive by date",
                  years=tuple(views.year(y, False) for y in archive.years), undated=len(archive.undated))
        jobs.append(feeds.feed_job(r, views.keys, r.config.title, "", archive.articles))
        return jobs

    def remake(self, group: tuple, path: str) -> bytes:
        """A page of a reused group that has to be made after all (its file was lost)."""
        return next(job for job in self.group(group) if job.path == path).make()

    def settings(self) -> str:
        return digest(repr((self.r.global_key, self.r.templates_key())).encode())


@dataclass
class Site:
    """Everything a build knows before it writes: for `build`, `serve` and `check` alike."""
    archive: Archive
    renderer: Renderer
    jobs: list[Job]
    shards: list[Shard]
    problems: list[Problem]  # warnings only: errors stop the build before the plan
    memo: PlanMemo | None = None  # for the next build
    remade: int = 0  # groups of pages planned afresh


def plan(archive: Archive, r: Renderer, static: list[tuple[str, bytes]], progress=None,
         memo: PlanMemo | None = None, published: tuple[str | None, dict[str, str]] = (None, {})) -> Site:
    """Every output file of the site, with its key; nothing rendered, nothing written. With
    the memo of the last plan and the published site's page keys, the groups the archive has
    not touched since keep their keys."""
    config = r.config
    shards = plan_shards(archive, config.search_shards, config.search_shard_size) if config.search else []
    planner = Planner(archive, r, [s.name for s in shards])
    settings = planner.settings()
    published_id, published_keys = published
    if memo is None or (memo.lineage, memo.settings, memo.build_id) != (archive.lineage, settings, published_id):
        memo = PlanMemo(archive.lineage, settings, {})
        reusable = set()
    else:
        reusable = memo.groups.keys() - archive.touched
    jobs, groups, remade = planner.whole(), {}, 0
    every = planner.groups()
    for done, group in enumerate(every, 1):
        kept = memo.groups.get(group) if group in reusable else None
        if kept and all(path in published_keys for path, _, _ in kept):
            page = output_file(Urls.article(group[1])) if group[0] == "article" else None  # its one searchable page
            made = [Job(path, published_keys[path], partial(planner.remake, group, path), in_sitemap, path == page,
                        later=not in_sitemap, lastmod=lastmod) for path, in_sitemap, lastmod in kept]
        else:
            made, remade = planner.group(group), remade + 1
        jobs += made
        groups[group] = tuple((job.path, job.in_sitemap, job.lastmod) for job in made)
        if progress and done % 500 == 0:
            progress("Planning", done, len(every))
    jobs += exports.archive_exports(archive, r, planner.views.item_key, planner.citation)
    extra = [exports.places_geojson(archive, r), exports.country_outlines(archive), feeds.robots(r), Page(".nojekyll", b"")]  # .nojekyll: GitHub Pages serves the files as they are
    extra += [Page(f"assets/{name}", data) for name, data in static]
    if config.cname:
        extra.append(Page("CNAME", config.cname.encode() + b"\n"))
    jobs += feeds.sitemaps(r, jobs) + [fixed(page) for page in extra]
    counts = Counter(j.path for j in jobs)
    duplicate = [Problem(path, None, f"{n} pages would be written to the same file",
                         "two names give the same URL; rename one of them") for path, n in counts.items() if n > 1]
    return Site(archive, r, jobs, with_keys(shards, {j.path: j.key for j in jobs}), duplicate,
                PlanMemo(archive.lineage, settings, groups), remade)

"""Group published articles by tag, place and date, and find what is related.

The `Archive` is kept from one build to the next and updated by the change: an added
article joins its tags, places, year and month; a removed one leaves them; an edited one
does both. A cold build is the same update, from an empty archive. Only what the change
touches is recomputed: the related articles near it in date within its tags and places, its
neighbours in time, the counts of its terms. Terms hold articles newest first, and every
ordering has a tie-breaker, so an updated archive equals one grouped from scratch.

Every change is also noted in `touched`, by the page group it changes (an article's page,
a tag's, a place's, a month's, a year's, the lists of all and of undated articles), for the
plan to remake only those; the plan clears it once their pages are published.
"""
from __future__ import annotations

import heapq
import uuid
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field

from .content import Article
from .dates import MONTHS, PartialDate
from .errors import Problem
from .gazetteer import Gazetteer, Place
from .taxonomy import Taxonomy
from .urls import RESERVED_SLUGS, slugify

RELATED_ARTICLES = 5
RELATED_WINDOW = 12  # per shared term, candidates this many articles either side in date
RELATED_TAG_MIN_SHARED = 2  # a co-occurrence in one article is chance, in two a pattern
NEIGHBOUR_TERMS = 20  # a tag's related tags and places, a place's tags: the most frequent only,
# so that no page lists every term (an archive may hold thousands) and pages stay light


def _name_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _counted(counter: Counter, minimum: int = 1) -> list:
    return sorted(((item, n) for item, n in counter.items() if n >= minimum), key=lambda pair: (-pair[1], _name_key(pair[0].name)))


@dataclass(eq=False)  # compared and hashed by identity: one object per tag
class Tag:
    name: str
    slug: str
    articles: list[Article] = field(default_factory=list)  # newest first
    together: Counter = field(default_factory=Counter)  # other tag -> articles carrying both
    where: Counter = field(default_factory=Counter)  # place group -> articles naming it

    @property
    def related(self) -> list[tuple["Tag", int]]:
        return _counted(self.together, RELATED_TAG_MIN_SHARED)[:NEIGHBOUR_TERMS]

    @property
    def related_count(self) -> int:
        return sum(1 for n in self.together.values() if n >= RELATED_TAG_MIN_SHARED)

    @property
    def places(self) -> list[tuple["PlaceGroup", int]]:
        return _counted(self.where)[:NEIGHBOUR_TERMS]

    @property
    def place_count(self) -> int:
        return len(self.where)


@dataclass(eq=False)
class PlaceGroup:
    place: Place
    articles: list[Article] = field(default_factory=list)  # naming it or a place inside it
    parent: "PlaceGroup | None" = None
    children: list["PlaceGroup"] = field(default_factory=list)  # by name
    tag_counts: Counter = field(default_factory=Counter)  # tag -> articles naming this place

    @property
    def slug(self) -> str:
        return self.place.slug

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def tags(self) -> list[tuple[Tag, int]]:
        return _counted(self.tag_counts)[:NEIGHBOUR_TERMS]

    @property
    def tag_count(self) -> int:
        return len(self.tag_counts)


@dataclass
class Month:
    year: int
    month: int
    articles: list[Article] = field(default_factory=list)
    level: int = 0  # 1..10: how busy the month is next to the archive's busiest, for timeline bars

    @property
    def label(self) -> str:
        return PartialDate(self.year, self.month).label()


@dataclass(frozen=True)
class Slot:
    number: int
    short: str  # 'Dec'
    name: str  # 'December'
    month: Month | None


@dataclass
class Year:
    year: int
    articles: list[Article] = field(default_factory=list)  # every article of the year, month known or not
    by_month: dict[int, Month] = field(default_factory=dict)

    @property
    def months(self) -> list[Month]:
        """Newest first, only months with articles."""
        return [self.by_month[n] for n in sorted(self.by_month, reverse=True)]

    @property
    def calendar(self) -> list[Slot]:
        """January to December, for a time axis, empty months included."""
        return [Slot(n, MONTHS[n][:3], MONTHS[n], self.by_month.get(n)) for n in range(1, 13)]

    @property
    def month_unknown(self) -> list[Article]:
        """Articles dated only to the year: shown as the year, never on a made-up month."""
        return [a for a in self.articles if a.date.month is None]


def _day(article: Article) -> int:
    return article.date.first_day().toordinal() if article.date else -1


def _in_time(article: Article) -> tuple:
    return (article.date.sort_key(), article.slug)


class Archive:
    """The published articles grouped, kept up to date by `update`."""

    def __init__(self, gazetteer: Gazetteer, taxonomy: Taxonomy, include_drafts: bool = False):
        self.gazetteer, self.taxonomy, self.include_drafts = gazetteer, taxonomy, include_drafts
        self.articles: list[Article] = []  # published, newest first
        self.undated: list[Article] = []
        self._tags: dict[str, Tag] = {}
        self._places: dict[str, PlaceGroup] = {}
        self._years: dict[int, Year] = {}
        self.article_tags: dict[str, list[Tag]] = {}  # article slug -> its tags, by name
        self.article_places: dict[str, list[PlaceGroup]] = {}  # the places it names
        self.related: dict[str, list[Article]] = {}
        self.previous: dict[str, Article] = {}  # the next older article
        self.following: dict[str, Article] = {}  # the next newer article
        self._dated: list[Article] = []  # oldest first, for the neighbours in time
        self._members: dict[str, list[tuple[int, str]]] = {}  # term -> (day, slug) of its articles, in date order
        self._by_slug: dict[str, list[Article]] = {}
        self._aliases: Counter = Counter()  # (slug of a spelling an article used, slug of its tag)
        self._users: dict[str, dict] = {"tag": {}, "place": {}}  # kind -> slug -> spelling -> Counter of files
        self.lineage = uuid.uuid4().hex  # this archive, as opposed to one grouped afresh
        self.touched: set[tuple] = set()  # the page groups changed since their pages were last published

    # --- what pages read ------------------------------------------------------------------
    @property
    def tags(self) -> list[Tag]:
        return sorted(self._tags.values(), key=lambda t: _name_key(t.name))

    @property
    def places(self) -> list[PlaceGroup]:
        return sorted(self._places.values(), key=lambda g: _name_key(g.name))

    @property
    def place_roots(self) -> list[PlaceGroup]:
        return [g for g in self.places if g.parent is None]

    @property
    def years(self) -> list[Year]:
        return [self._years[y] for y in sorted(self._years, reverse=True)]

    def year_of(self, number: int) -> Year:
        return self._years[number]

    @property
    def tag_redirects(self) -> dict[str, Tag]:
        """URL slug of an alias an article used -> its tag."""
        used = {old: new for (old, new), n in self._aliases.items() if n > 0}
        return {old: self._tags[new] for old, new in sorted(used.items()) if old and old not in self._tags}

    @property
    def problems(self) -> list[Problem]:
        problems = []
        for slug, group in sorted(self._by_slug.items()):
            if len(group) > 1:
                files = ", ".join(a.path for a in group)
                problems += [Problem(a.path, None, f"{len(group)} articles would share the URL /articles/{slug}/: {files}",
                                     "give each a different 'id' in its front matter") for a in group]
        places = {slug: dict(spellings) for slug, spellings in self._users["place"].items()}
        for group in self._places.values():  # every distinct place needs its own URL too
            places.setdefault(group.slug, {}).setdefault(group.name, Counter())
        return problems + _collisions("tag", self._users["tag"]) + _collisions("place", places)

    # --- the change -----------------------------------------------------------------------
    def update(self, removed: list[Article], added: list[Article]) -> None:
        """Take `removed` out and put `added` in (an edited article is in both, old and new)."""
        affected: set[str] = set()
        for article in removed:
            if article.draft and not self.include_drafts:
                continue
            self._remove(article, affected)
        for article in added:
            if article.draft and not self.include_drafts:
                continue
            self._add(article, affected)
        by_slug = {a.slug: a for a in self.articles}
        for slug in sorted(affected):
            if slug in by_slug:
                self.related[slug] = self._related_to(by_slug[slug])
        self.touched.update(("article", slug) for slug in affected)
        busiest = max((len(m.articles) for y in self._years.values() for m in y.by_month.values()), default=1)
        for month in (m for y in self._years.values() for m in y.by_month.values()):
            level = max(1, -(-10 * len(month.articles) // busiest))  # ceiling, 1..10
            if level != month.level:
                month.level = level
                self.touched.update({("month", month.year, month.month), ("year", month.year)})

    def _add(self, article: Article, affected: set[str]) -> None:
        insort(self.articles, article, key=Article.sort_key)
        self._by_slug.setdefault(article.slug, []).append(article)
        tags = []
        for written in article.tags:
            name = self.taxonomy.canonical(written) or written
            slug = slugify(name)
            _use(self._users["tag"], slug, name, article.path, +1)
            tag = self._tags.get(slug) or self._tags.setdefault(slug, Tag(name, slug))
            if slugify(written) != slug:
                self._aliases[(slugify(written), slug)] += 1
            if tag not in tags:
                tags.append(tag)
                insort(tag.articles, article, key=Article.sort_key)
        named, holding = [], set()
        for name in article.locations:
            place = self.gazetteer.lookup(name) or Place(name=name, slug=slugify(name), known=False)
            _use(self._users["place"], place.slug, place.name, article.path, +1)
            for member in [place, *self.gazetteer.ancestors(place)]:
                group = self._group(member)
                if id(group) not in holding:  # 'Hajin' and its governorate in one article: listed once
                    holding.add(id(group))
                    insort(group.articles, article, key=Article.sort_key)
            if self._places[place.name] not in named:
                named.append(self._places[place.name])
        tags.sort(key=lambda t: _name_key(t.name))
        self.article_tags[article.slug], self.article_places[article.slug] = tags, named
        self._touch(article)  # now with its terms
        self._count_together(tags, named, +1)
        if article.date:
            if article.date.year not in self._years:  # a new year: the years beside it link to it
                self.touched.update(("year", y) for y in self._years)
            year = self._years.setdefault(article.date.year, Year(article.date.year))
            insort(year.articles, article, key=Article.sort_key)
            if article.date.month:
                month = year.by_month.setdefault(article.date.month, Month(article.date.year, article.date.month))
                insort(month.articles, article, key=Article.sort_key)
            self._link_in_time(article, insert=True)
        else:
            insort(self.undated, article, key=Article.sort_key)
        for term in self._terms(article):
            members = self._members.setdefault(term, [])
            insort(members, (_day(article), article.slug))
            self._mark_near(members, (_day(article), article.slug), affected)
        affected.add(article.slug)

    def _remove(self, article: Article, affected: set[str]) -> None:
        self._touch(article)
        for term in self._terms(article):
            members = self._members[term]
            self._mark_near(members, (_day(article), article.slug), affected)
            members.remove((_day(article), article.slug))
            if not members:
                del self._members[term]
        tags, named = self.article_tags.pop(article.slug), self.article_places.pop(article.slug)
        self._count_together(tags, named, -1)
        self.related.pop(article.slug, None)
        _drop(self.articles, article)
        self._by_slug[article.slug] = [a for a in self._by_slug[article.slug] if a is not article]
        if not self._by_slug[article.slug]:
            del self._by_slug[article.slug]
        for written in article.tags:
            name = self.taxonomy.canonical(written) or written
            slug = slugify(name)
            _use(self._users["tag"], slug, name, article.path, -1)
            if slugify(written) != slug:
                self._aliases[(slugify(written), slug)] -= 1
                if not self._aliases[(slugify(written), slug)]:
                    del self._aliases[(slugify(written), slug)]
        for tag in tags:
            _drop(tag.articles, article)
            if not tag.articles:
                del self._tags[tag.slug]
        for name in article.locations:
            place = self.gazetteer.lookup(name) or Place(name=name, slug=slugify(name), known=False)
            _use(self._users["place"], place.slug, place.name, article.path, -1)
            for member in [place, *self.gazetteer.ancestors(place)]:
                group = self._places.get(member.name)
                if group:
                    _drop(group.articles, article)
        for group in [g for g in self._places.values() if not g.articles]:
            del self._places[group.name]
            if group.parent:
                group.parent.children.remove(group)
        if article.date:
            year = self._years[article.date.year]
            _drop(year.articles, article)
            if article.date.month:
                _drop(year.by_month[article.date.month].articles, article)
                if not year.by_month[article.date.month].articles:
                    del year.by_month[article.date.month]
            if not year.articles:
                del self._years[article.date.year]
                self.touched.update(("year", y) for y in self._years)  # the years beside it linked to it
            self._link_in_time(article, insert=False)
        else:
            _drop(self.undated, article)

    def _touch(self, article: Article) -> None:
        """Note the page groups an article entering or leaving changes."""
        touched = self.touched
        touched.update((("article", article.slug), ("articles",)))
        touched.update(("tag", t.slug) for t in self.article_tags.get(article.slug, ()))
        for group in self.article_places.get(article.slug, ()):
            while group is not None:  # a place's articles are in every place it lies in
                touched.add(("place", group.name))
                group = group.parent
        if article.date:
            touched.add(("year", article.date.year))
            if article.date.month:
                touched.add(("month", article.date.year, article.date.month))
        else:
            touched.add(("undated",))

    def _group(self, place: Place) -> PlaceGroup:
        group = self._places.get(place.name)
        if group is None:
            group = self._places[place.name] = PlaceGroup(place)
            parent = self._places.get(place.parent) if place.parent and place.parent != place.name else None
            if parent is None and place.parent and place.parent != place.name:
                known = self.gazetteer.places.get(place.parent)
                parent = self._group(known) if known else None
            if parent is not None:
                group.parent = parent
                insort(parent.children, group, key=lambda g: _name_key(g.name))
        return group

    def _count_together(self, tags: list[Tag], named: list[PlaceGroup], step: int) -> None:
        for tag in tags:
            for other in tags:
                if other is not tag:
                    tag.together[other] += step
                    if not tag.together[other]:
                        del tag.together[other]
            for group in named:
                tag.where[group] += step
                group.tag_counts[tag] += step
                if not tag.where[group]:
                    del tag.where[group], group.tag_counts[tag]

    def _link_in_time(self, article: Article, insert: bool) -> None:
        """The next older and newer articles: only the neighbours of a change move."""
        if insert:
            insort(self._dated, article, key=_in_time)
        position = bisect_left(self._dated, _in_time(article), key=_in_time)
        older = self._dated[position - 1] if position > 0 else None
        newer = self._dated[position + 1] if position + 1 < len(self._dated) else None
        self.touched.update(("article", a.slug) for a in (older, newer) if a is not None)
        if insert:
            _link(self.previous, article, older)
            _link(self.following, article, newer)
            if older:
                self.following[older.slug] = article
            if newer:
                self.previous[newer.slug] = article
            return
        del self._dated[position]
        self.previous.pop(article.slug, None)
        self.following.pop(article.slug, None)
        if older:
            _link(self.following, older, newer)
        if newer:
            _link(self.previous, newer, older)

    # --- related articles -------------------------------------------------------------------
    def _terms(self, article: Article) -> list[str]:
        return ["t:" + t.slug for t in self.article_tags[article.slug]] + ["p:" + g.slug for g in self.article_places[article.slug]]

    @staticmethod
    def _mark_near(members: list[tuple[int, str]], key: tuple[int, str], affected: set[str]) -> None:
        """The articles whose candidates an article entering or leaving this term changes:
        its neighbours within the window, or every member of a small term."""
        if len(members) <= 2 * RELATED_WINDOW + 2:
            affected.update(slug for _, slug in members)
            return
        n = bisect_left(members, key)
        affected.update(slug for _, slug in members[max(0, n - RELATED_WINDOW - 1):n + RELATED_WINDOW + 2])

    def _related_to(self, article: Article) -> list[Article]:
        """The articles sharing most of its tags and places, nearer in date first among equals.
        Within a tag or place shared by many articles, only the RELATED_WINDOW articles nearest
        in date on either side are candidates, so the cost stays linear in the archive's size."""
        mine, key = _day(article), (_day(article), article.slug)
        shared: Counter = Counter()
        for term in self._terms(article):
            members = self._members[term]
            if len(members) > 2 * RELATED_WINDOW + 1:
                n = bisect_left(members, key)
                members = members[max(0, n - RELATED_WINDOW):n + RELATED_WINDOW + 1]
            shared.update(members)
        shared.pop(key, None)
        # Score: shared terms, plus up to 1 for nearness in date (1 the same day, 0.5 a month apart).
        if mine >= 0:
            scored = [(-(n + (1.0 / (1.0 + abs(mine - day) / 30.0) if day >= 0 else 0.0)), slug) for (day, slug), n in shared.items()]
        else:
            scored = [(-n, slug) for (_, slug), n in shared.items()]
        best = heapq.nsmallest(RELATED_ARTICLES, scored)
        return [self._by_slug[slug][0] for _, slug in best]


def _drop(articles: list[Article], article: Article) -> None:
    """Take one article out of a sorted list, found by its sort key (unique: it ends with the
    slug) and compared by identity, not by its every field."""
    n = bisect_left(articles, article.sort_key(), key=Article.sort_key)
    while n < len(articles) and articles[n] is not article:
        n += 1
    if n < len(articles):
        del articles[n]


def _link(table: dict[str, Article], article: Article, neighbour: Article | None) -> None:
    if neighbour is None:
        table.pop(article.slug, None)
    else:
        table[article.slug] = neighbour


def _use(users: dict, slug: str, name: str, path: str, step: int) -> None:
    """Count who writes a term how: two spellings of one URL are a problem to report."""
    files = users.setdefault(slug, {}).setdefault(name, Counter())
    files[path] += step
    if files[path] <= 0:
        del files[path]
        if not files:
            del users[slug][name]
            if not users[slug]:
                del users[slug]


def _collisions(kind: str, users) -> list[Problem]:
    """users: slug -> spelling -> files. Two spellings, one URL: report every file."""
    problems = []
    for slug, spellings in sorted(users.items()):
        if len(spellings) > 1:
            names = " and ".join(f"'{s}'" for s in sorted(spellings))
            for spelling, files in sorted(spellings.items()):
                for path in sorted(files):
                    problems.append(Problem(path, None, f"the {kind}s {names} would share the URL /{kind}s/{slug}/",
                                            f"write the {kind} '{spelling}' the same way in every file"))
        if not slug or slug in RESERVED_SLUGS:
            for spelling, files in sorted(spellings.items()):
                for path in sorted(files):
                    problems.append(Problem(path, None, f"the {kind} '{spelling}' gives {'no' if not slug else 'a reserved'} URL name",
                                            f"give the {kind} a name with letters or digits"))
    return problems


def build_archive(articles: list[Article], gazetteer: Gazetteer, taxonomy: Taxonomy,
                  include_drafts: bool = False) -> tuple[Archive, list[Problem]]:
    """An archive grouped from scratch: the update of an empty one. Drafts are left out of
    every page, list, count and feed, except in a preview."""
    archive = Archive(gazetteer, taxonomy, include_drafts)
    archive.update([], articles)
    return archive, archive.problems

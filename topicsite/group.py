"""Group published articles by tag, place and date, and find what is related.

Everything here is pure: articles and the gazetteer in, an `Archive` out. Terms hold
articles newest first; every ordering has a tie-breaker so output never varies.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
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


@dataclass(eq=False)  # compared and hashed by identity: one object per tag
class Tag:
    name: str
    slug: str
    articles: list[Article] = field(default_factory=list)
    related: list[tuple["Tag", int]] = field(default_factory=list)  # (tag, shared articles), the most frequent
    places: list[tuple["PlaceGroup", int]] = field(default_factory=list)  # the most frequent
    related_count: int = 0  # of all related tags
    place_count: int = 0  # of all its places


@dataclass(eq=False)
class PlaceGroup:
    place: Place
    articles: list[Article] = field(default_factory=list)  # naming it or a place inside it
    parent: "PlaceGroup | None" = None
    children: list["PlaceGroup"] = field(default_factory=list)
    tags: list[tuple[Tag, int]] = field(default_factory=list)  # the most frequent
    tag_count: int = 0  # of all its tags

    @property
    def slug(self) -> str:
        return self.place.slug

    @property
    def name(self) -> str:
        return self.place.name


@dataclass
class Month:
    year: int
    month: int
    articles: list[Article]
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
    articles: list[Article]  # every article of the year, month known or not
    months: list[Month]  # newest first, only months with articles

    @property
    def calendar(self) -> list["Slot"]:
        """January to December, for a time axis, empty months included."""
        by_number = {m.month: m for m in self.months}
        return [Slot(n, MONTHS[n][:3], MONTHS[n], by_number.get(n)) for n in range(1, 13)]

    @property
    def month_unknown(self) -> list[Article]:
        """Articles dated only to the year: shown as the year, never on a made-up month."""
        return [a for a in self.articles if a.date.month is None]


@dataclass
class Archive:
    articles: list[Article]  # published, newest first
    tags: list[Tag]  # by name
    tag_redirects: dict[str, Tag]  # URL slug of an alias an article used -> its tag
    places: list[PlaceGroup]  # by name
    place_roots: list[PlaceGroup]  # top of the hierarchy
    years: list[Year]  # newest first
    undated: list[Article]
    article_tags: dict[str, list[Tag]]  # article slug -> its tags
    article_places: dict[str, list[PlaceGroup]]
    related: dict[str, list[Article]]
    previous: dict[str, Article]  # the next older article
    following: dict[str, Article]  # the next newer article


def _name_key(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _collisions(kind: str, users: dict[str, dict[str, list[str]]]) -> list[Problem]:
    """users: slug -> spelling -> files. Two spellings, one URL: report every file."""
    problems = []
    for slug, spellings in sorted(users.items()):
        if len(spellings) > 1:
            names = " and ".join(f"'{s}'" for s in sorted(spellings))
            for spelling, files in sorted(spellings.items()):
                for path in sorted(set(files)):
                    problems.append(Problem(path, None, f"the {kind}s {names} would share the URL /{kind}s/{slug}/",
                                            f"write the {kind} '{spelling}' the same way in every file"))
        if not slug or slug in RESERVED_SLUGS:
            for spelling, files in sorted(spellings.items()):
                for path in sorted(set(files)):
                    problems.append(Problem(path, None, f"the {kind} '{spelling}' gives {'no' if not slug else 'a reserved'} URL name",
                                            f"give the {kind} a name with letters or digits"))
    return problems


def check_article_slugs(articles: list[Article]) -> list[Problem]:
    by_slug: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_slug[article.slug].append(article)
    problems = []
    for slug, group in sorted(by_slug.items()):
        if len(group) > 1:
            files = ", ".join(a.path for a in group)
            for article in group:
                problems.append(Problem(article.path, None, f"{len(group)} articles would share the URL /articles/{slug}/: {files}",
                                        "give each a different 'id' in its front matter"))
    return problems


def group_by_tag(articles: list[Article], taxonomy: Taxonomy) -> tuple[list[Tag], dict[str, Tag], list[Problem]]:
    """Tags under their canonical names. Returns the tags, the redirects from the URLs of
    aliases that articles used (old URL slug -> tag), and URL collisions."""
    tags: dict[str, Tag] = {}
    aliases: dict[str, str] = {}
    users: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        for written in article.tags:
            name = taxonomy.canonical(written) or written
            slug = slugify(name)
            users[slug][name].append(article.path)
            tag = tags.setdefault(slug, Tag(name, slug))
            if not tag.articles or tag.articles[-1] is not article:  # 'ISIS' and 'Daesh' on one article
                tag.articles.append(article)
            if slugify(written) != slug:
                aliases.setdefault(slugify(written), slug)
    redirects = {old: tags[new] for old, new in sorted(aliases.items()) if old and old not in tags}
    return sorted(tags.values(), key=lambda t: _name_key(t.name)), redirects, _collisions("tag", users)


def group_by_place(articles: list[Article], gazetteer: Gazetteer) -> tuple[list[PlaceGroup], dict[str, list[PlaceGroup]], list[Problem]]:
    """A place page lists the articles naming it or any place inside it."""
    groups: dict[str, PlaceGroup] = {}
    article_places: dict[str, list[PlaceGroup]] = {}
    users: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))

    def group_for(place: Place) -> PlaceGroup:
        if place.name not in groups:
            groups[place.name] = PlaceGroup(place)
        return groups[place.name]

    for article in articles:
        named = []
        for name in article.locations:
            place = gazetteer.lookup(name) or Place(name=name, slug=slugify(name), known=False)
            users[place.slug][place.name].append(article.path)
            chain = [place, *gazetteer.ancestors(place)]
            for member in chain:
                group = group_for(member)
                if not group.articles or group.articles[-1] is not article:
                    group.articles.append(article)
            named.append(group_for(place))
        article_places[article.slug] = list(dict.fromkeys(named))
    for group in groups.values():
        parent_name = group.place.parent
        if parent_name in groups and parent_name != group.name:
            group.parent = groups[parent_name]
            group.parent.children.append(group)
    ordered = sorted(groups.values(), key=lambda g: _name_key(g.name))
    for group in ordered:
        group.children.sort(key=lambda g: _name_key(g.name))
        group.articles.sort(key=Article.sort_key)
    # Every distinct place needs its own URL too.
    for group in ordered:
        users[group.slug].setdefault(group.name, [])
    return ordered, article_places, _collisions("place", users)


def group_by_year(articles: list[Article]) -> tuple[list[Year], list[Article]]:
    years: dict[int, list[Article]] = defaultdict(list)
    undated = []
    for article in articles:
        (years[article.date.year] if article.date else undated).append(article)
    result = [Year(year, years[year], group_by_month(years[year])) for year in sorted(years, reverse=True)]
    busiest = max((len(m.articles) for y in result for m in y.months), default=1)
    for month in (m for y in result for m in y.months):
        month.level = max(1, -(-10 * len(month.articles) // busiest))  # ceiling, 1..10
    return result, undated


def group_by_month(articles: list[Article]) -> list[Month]:
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        if article.date and article.date.month:
            months[(article.date.year, article.date.month)].append(article)
    return [Month(y, m, months[(y, m)]) for (y, m) in sorted(months, reverse=True)]


def _counted(counter: Counter, minimum: int = 1) -> list:
    return sorted(((item, n) for item, n in counter.items() if n >= minimum), key=lambda pair: (-pair[1], _name_key(pair[0].name)))


def link_terms(tags: list[Tag], article_places: dict[str, list[PlaceGroup]]) -> dict[str, list[Tag]]:
    """Fill related tags (co-occurrence), a tag's places and a place's tags."""
    article_tags: dict[str, list[Tag]] = defaultdict(list)
    for tag in tags:
        for article in tag.articles:
            article_tags[article.slug].append(tag)
    place_tags: dict[PlaceGroup, Counter] = defaultdict(Counter)
    for tag in tags:
        together: Counter = Counter()
        where: Counter = Counter()
        for article in tag.articles:
            together.update(t for t in article_tags[article.slug] if t is not tag)
            for group in article_places.get(article.slug, []):
                where[group] += 1
                place_tags[group][tag] += 1
        related = _counted(together, RELATED_TAG_MIN_SHARED)
        tag.related, tag.related_count = related[:NEIGHBOUR_TERMS], len(related)
        tag.places, tag.place_count = _counted(where)[:NEIGHBOUR_TERMS], len(where)
    for group, counter in place_tags.items():
        group.tags, group.tag_count = _counted(counter)[:NEIGHBOUR_TERMS], len(counter)
    for slug in article_tags:
        article_tags[slug].sort(key=lambda t: _name_key(t.name))
    return dict(article_tags)


def related_articles(articles: list[Article], article_tags: dict[str, list[Tag]],
                     article_places: dict[str, list[PlaceGroup]]) -> dict[str, list[Article]]:
    """For each article, the articles sharing most of its tags and places, nearer in date
    first among equals. Within a tag or place shared by many articles, only the
    RELATED_WINDOW articles nearest in date on either side are candidates, so the cost stays
    linear in the archive's size (exact for terms of up to twice that many articles)."""
    # Articles and terms as numbers: this loop runs for every article of the archive.
    day = [a.date.first_day().toordinal() if a.date else -1 for a in articles]
    slugs = [a.slug for a in articles]
    term_ids: dict[str, int] = {}
    article_terms: list[list[int]] = []
    for article in articles:
        names = (["t:" + t.slug for t in article_tags.get(article.slug, [])]
                 + ["p:" + g.slug for g in article_places.get(article.slug, [])])
        article_terms.append([term_ids.setdefault(name, len(term_ids)) for name in names])
    members: list[list[int]] = [[] for _ in term_ids]
    for i, terms in enumerate(article_terms):
        for t in terms:
            members[t].append(i)
    position: list[dict[int, int]] = []
    for group in members:
        group.sort(key=lambda i: (day[i], slugs[i]))
        position.append({i: n for n, i in enumerate(group)})

    wide = 2 * RELATED_WINDOW + 1
    related = {}
    for i, article in enumerate(articles):
        candidates: list[int] = []
        for t in article_terms[i]:
            group = members[t]
            if len(group) > wide:
                n = position[t][i]
                group = group[max(0, n - RELATED_WINDOW):n + RELATED_WINDOW + 1]
            candidates += group
        shared = Counter(candidates)
        shared.pop(i, None)
        mine = day[i]
        # Score: shared terms, plus up to 1 for nearness in date (1 the same day, 0.5 a month apart).
        if mine >= 0:
            scored = [(-(n + (1.0 / (1.0 + abs(mine - day[j]) / 30.0) if day[j] >= 0 else 0.0)), slugs[j], j)
                      for j, n in shared.items()]
        else:
            scored = [(-n, slugs[j], j) for j, n in shared.items()]
        related[article.slug] = [articles[j] for _, _, j in heapq.nsmallest(RELATED_ARTICLES, scored)]
    return related


def neighbours_in_time(articles: list[Article]) -> tuple[dict[str, Article], dict[str, Article]]:
    dated = sorted((a for a in articles if a.date), key=lambda a: (a.date.sort_key(), a.slug))
    older = {b.slug: a for a, b in zip(dated, dated[1:])}
    newer = {a.slug: b for a, b in zip(dated, dated[1:])}
    return older, newer


def build_archive(articles: list[Article], gazetteer: Gazetteer, taxonomy: Taxonomy,
                  include_drafts: bool = False) -> tuple[Archive, list[Problem]]:
    """Drafts are left out of every page, list, count and feed, except in a preview."""
    published = sorted((a for a in articles if include_drafts or not a.draft), key=Article.sort_key)
    problems = check_article_slugs(published)
    tags, tag_redirects, tag_problems = group_by_tag(published, taxonomy)
    places, article_places, place_problems = group_by_place(published, gazetteer)
    problems += tag_problems + place_problems
    article_tags = link_terms(tags, article_places)
    years, undated = group_by_year(published)
    older, newer = neighbours_in_time(published)
    archive = Archive(
        articles=published, tags=tags, tag_redirects=tag_redirects, places=places,
        place_roots=[g for g in places if g.parent is None],
        years=years, undated=undated, article_tags=article_tags, article_places=article_places,
        related=related_articles(published, article_tags, article_places),
        previous=older, following=newer,
    )
    return archive, problems

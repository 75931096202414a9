"""`python build.py check`: everything a build checks, and what an editor should look at
before publishing. Writes nothing."""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import zlib
import zoneinfo
from itertools import combinations
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .config import Config
from .content import MARKDOWN_LINK, Article, link_address
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .gazetteer import Gazetteer
from .pipeline import load_sources, plan_site
from .render import markdown_to_html
from .taxonomy import Taxonomy
from .unresolved import check_problems, unresolved_places
from .urls import Urls, output_file

SHINGLE_WORDS = 5
SKETCH_SIZE = 32
DUPLICATE_SIMILARITY = 0.8  # share of five-word runs two reports have in common
MIN_WORDS_FOR_DUPLICATE = 30


def item_line(text: str, key: str, value: str) -> int | None:
    """The line of `value` in the front-matter list `key`, for a message that points at it."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(rf"{key}\s*:", line)), None)
    if start is None:
        return None
    for i in range(start, min(len(lines), start + 200)):
        if i > start and re.match(r"[A-Za-z_]\w*\s*:|---", lines[i]):
            break
        if value in lines[i]:
            return i + 1
    return start + 1


def unknown_terms(article: Article, text: str, gazetteer: Gazetteer, taxonomy: Taxonomy) -> list[Problem]:
    problems = []
    place_names = sorted(gazetteer.places)
    for name in article.locations:
        if gazetteer.lookup(name) is None:
            hint = did_you_mean(name, place_names)
            hint = (hint + " " if hint else "") + "If it is a new place, add it to gazetteer.toml: python build.py places prints its entry."
            problems.append(Problem(article.path, item_line(text, "locations", name),
                                    f"the place '{name}' is not in the gazetteer", hint, "warning"))
    for name in article.tags:
        if taxonomy.entries and taxonomy.canonical(name) is None:
            hint = taxonomy.suggestion(name)
            hint = (hint + " " if hint else "") + "If it is a new tag, add it to taxonomy.toml."
            problems.append(Problem(article.path, item_line(text, "tags", name),
                                    f"the tag '{name}' is not in the taxonomy", hint, "warning"))
    return problems


def shingles(body: str) -> set[int]:
    words = re.findall(r"\w+", body.casefold())
    return {zlib.crc32(" ".join(words[i:i + SHINGLE_WORDS]).encode()) for i in range(len(words) - SHINGLE_WORDS + 1)}


def likely_duplicates(articles: list[Article]) -> list[Problem]:
    """Near-identical bodies. A bottom-k sketch finds candidate pairs without comparing every pair."""
    sets = {a.path: shingles(a.body) for a in articles if len(a.body.split()) >= MIN_WORDS_FOR_DUPLICATE}
    by_hash: dict[int, list[str]] = {}
    for path, hashes in sets.items():
        for value in sorted(hashes)[:SKETCH_SIZE]:
            by_hash.setdefault(value, []).append(path)
    candidates = {pair for paths in by_hash.values() for pair in combinations(sorted(paths), 2)}
    problems = []
    for first, second in sorted(candidates):
        a, b = sets[first], sets[second]
        similarity = len(a & b) / len(a | b)
        if similarity >= DUPLICATE_SIMILARITY:
            problems.append(Problem(second, None, f"this report is nearly identical to {first} "
                                    f"({similarity:.0%} of its wording is the same)",
                                    "keep one of them, or set draft: true on the other", "warning"))
    return problems


def broken_links(article: Article, site_paths: set[str], urls: Urls, extensions: tuple[str, ...]) -> list[Problem]:
    """Links and images of the article's body that lead nowhere: to no page or file of this
    site, or to no heading of the article itself ('#anchor')."""
    problems = []
    own = urls(Urls.article(article.slug))
    anchors = None  # the ids of the article's rendered body, made only when a link needs them
    for match in MARKDOWN_LINK.finditer(article.body):
        target = link_address(match)
        line = article.body_line + article.body.count("\n", 0, match.start())
        parts = urlsplit(target)
        if target.startswith("#"):
            anchors = page_anchors(article.body, extensions) if anchors is None else anchors
            if unquote(target[1:]) not in anchors:
                problems.append(Problem(article.path, line, f"the link '{target}' leads to no heading of this article",
                                        anchor_hint(unquote(target[1:]), anchors)))
            continue
        if parts.scheme in ("http", "https") and target.startswith(urls.base_url):
            path = urls.base_path + target[len(urls.base_url):]
        elif parts.scheme or parts.netloc:
            continue  # outside the site
        else:
            path = urlsplit(urljoin_path(own, target)).path
        relative = path[len(urls.base_path):] if path.startswith(urls.base_path) else None
        file = None if relative is None else (relative + "index.html" if relative == "" or relative.endswith("/") else relative)
        if file in site_paths or (file or "") + "/index.html" in site_paths:
            continue
        if match.group("image"):
            problems.append(Problem(article.path, line, f"the image '{target}' is not a file of this site",
                                    f"put the image in static/ and write its address as {urls('assets/<file>')}"
                                    + nearest_asset(relative or "", site_paths, urls)))
        else:
            problems.append(Problem(article.path, line, f"the link '{target}' leads to no page of this site",
                                    link_hint(relative or "", site_paths, urls)))
    return problems


def page_anchors(body: str, extensions: tuple[str, ...]) -> set[str]:
    """The ids a reader's browser can jump to in the article's body, as the build renders it."""
    return set(re.findall(r'\bid="([^"]+)"', markdown_to_html(body, extensions)))


def anchor_hint(name: str, anchors: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(anchors), n=1, cutoff=0.6)
    if close:
        return f"did you mean '#{close[0]}'?"
    if anchors:
        return "an in-page link names a heading's anchor, such as " + ", ".join(f"'#{a}'" for a in sorted(anchors)[:5])
    return "an in-page link leads to a heading ('## Heading' is reached as '#heading'); this article has none"


def nearest_asset(relative: str, site_paths: set[str], urls: Urls) -> str:
    files = sorted(p.removeprefix("assets/") for p in site_paths if p.startswith("assets/"))
    close = difflib.get_close_matches(relative.removeprefix("assets/"), files, n=1, cutoff=0.6)
    return f"; did you mean {urls('assets/' + close[0])}?" if close else ""


def date_problems(article: Article, text: str, period, today: dt.date) -> list[Problem]:
    """An article's date that is probably a slip: missing, in the future, or outside the
    years the archive covers (site.toml's 'period')."""
    if article.date is None:
        return [Problem(article.path, 1, "the article has no date, so it is listed under Undated",
                        "add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY) when it is known", "warning")]
    line = next((n for n, row in enumerate(text.split("\n"), 1) if row.startswith("date:")), 1)
    shown = article.date.iso()
    fix = "correct the date, or remove the 'date:' line if the report's date is not known"
    if article.date.first_day() > today:
        return [Problem(article.path, line, f"the date {shown} is in the future", fix, "warning")]
    if period and (article.date.last_day() < period[0].first_day() or article.date.first_day() > period[1].last_day()):
        return [Problem(article.path, line, f"the date {shown} is outside the archive's period, "
                        f"{period[0].iso()} to {period[1].iso()}", fix + "; 'period' in site.toml sets the range",
                        "warning")]
    return []


# What each section of the site holds, for the hint of a broken link into it.
SECTIONS = {"articles": ("article pages are", Urls.article("<id>")), "tags": ("tag pages are", Urls.tag("<name>")),
            "places": ("place pages are", Urls.place("<name>")), "archive": ("date pages are", "archive/<year>/<month>/"),
            "assets": ("static files are", "assets/<file>")}


def link_hint(relative: str, site_paths: set[str], urls: Urls) -> str:
    """The hint that fits a broken link: the address of its section's pages, and the
    nearest page of that section when one is close."""
    section = relative.split("/", 1)[0]
    what, pattern = SECTIONS.get(section, ("the site's pages are listed at", "articles/"))
    within = {p.removesuffix("index.html")[len(section) + 1:] for p in site_paths if p.startswith(section + "/")}
    close = difflib.get_close_matches(relative[len(section) + 1:], sorted(within), n=1, cutoff=0.6) if section in SECTIONS else []
    nearest = f"; did you mean {urls(section + '/' + close[0])}?" if close else ""
    return f"correct the address: {what} {urls(pattern)}{nearest}"


def urljoin_path(base: str, target: str) -> str:
    return urljoin("http://site" + base, target).removeprefix("http://site")


def incomplete(article: Article) -> list[Problem]:
    """What a published article lacks for readers and citations (check --strict)."""
    missing = [(field, hint) for field, value, hint in (
        ("summary", article.summary, "add 'summary: ' with one or two sentences on what the report says"),
        ("source publisher", article.source.publisher, "add '  publisher: ' under 'source:', the outlet that published it"),
        ("source url", article.source.url, "add '  url: ' under 'source:', the report's original address"))
        if not value]
    return [Problem(article.path, 1, f"the article has no {field}", hint, "warning") for field, hint in missing]


def check_site(config: Config, strict: bool = False) -> list[Problem]:
    """Every problem of the project. `strict`, for an archive about to be published, also
    asks of every article what a reader or a citation needs: a summary and its source."""
    try:
        sources = load_sources(config, cache=False)
    except BuildFailed as failure:
        return failure.problems
    problems = list(sources.problems)
    today = dt.datetime.now(zoneinfo.ZoneInfo(config.timezone)).date()
    for article in sources.articles:
        text = (config.root / article.path).read_text(encoding="utf-8-sig", errors="replace")
        problems += unknown_terms(article, text, sources.gazetteer, sources.taxonomy)
        problems += date_problems(article, text, config.period, today)
        if strict:
            problems += incomplete(article)
    problems += likely_duplicates(sources.articles)
    places = unresolved_places(sources.articles, sources.gazetteer, sources.taxonomy)
    problems += check_problems(places, sources.gazetteer, display_path(config.gazetteer_file, config.root))
    try:
        site, planned = plan_site(config, sources)
    except BuildFailed as failure:
        return sorted(set(problems) | set(failure.problems))
    site_paths = {job.path for job in site.jobs}
    urls = Urls(config.base_url)
    for article in sources.articles:
        problems += broken_links(article, site_paths, urls, config.markdown_extensions)
    problems += vanishing_addresses(config, site_paths, sources.articles, urls)
    return sorted(set(problems) | set(planned))


def vanishing_addresses(config: Config, site_paths: set[str], articles: list[Article], urls: Urls) -> list[Problem]:
    """Article addresses of the published site that the next build would not have: an id
    changed without keeping the old one in 'aliases', or an article was deleted."""
    published = config.output_dir / "articles"
    if not published.is_dir():
        return []
    by_stem = {Path(a.path).stem: a for a in articles}
    problems = []
    for name in sorted(entry.name for entry in os.scandir(published) if entry.is_dir()):
        if output_file(Urls.article(name)) in site_paths:
            continue
        article = by_stem.get(name)  # the file it was probably named after, now with another id
        text = (config.root / article.path).read_text(encoding="utf-8-sig", errors="replace") if article else ""
        line = next((n for n, row in enumerate(text.split("\n"), 1) if row.startswith("id:")), None) if article else None
        problems.append(Problem(article.path if article else display_path(config.content_dir, config.root), line,
                                f"the published address {urls(Urls.article(name))} would disappear: no article has the "
                                f"id '{name}' any more", f"if an article's id changed, add 'aliases: [{name}]' to it, so "
                                "that the old address leads to it; if the article was deleted, this is expected", "warning"))
    return problems

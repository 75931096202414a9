"""`python build.py check`: everything a build checks, and what an editor should look at
before publishing. Writes nothing."""
from __future__ import annotations

import difflib
import os
import re
import zlib
from itertools import combinations
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .config import Config
from .content import MARKDOWN_LINK, Article, link_address
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .gazetteer import Gazetteer
from .pipeline import load_sources, plan_site
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


def broken_links(article: Article, site_paths: set[str], urls: Urls) -> list[Problem]:
    problems = []
    own = urls(Urls.article(article.slug))
    for match in MARKDOWN_LINK.finditer(article.body):
        if match.group("image"):
            continue  # links only: images are not checked here
        target = link_address(match)
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and target.startswith(urls.base_url):
            path = urls.base_path + target[len(urls.base_url):]
        elif parts.scheme or parts.netloc or target.startswith("#"):
            continue  # outside the site, or a place on this page
        else:
            path = urlsplit(urljoin_path(own, target)).path
        relative = path[len(urls.base_path):] if path.startswith(urls.base_path) else None
        file = None if relative is None else (relative + "index.html" if relative == "" or relative.endswith("/") else relative)
        if file not in site_paths and (file or "") + "/index.html" not in site_paths:
            line = article.body_line + article.body.count("\n", 0, match.start())
            problems.append(Problem(article.path, line, f"the link '{target}' leads to no page of this site",
                                    link_hint(relative or "", site_paths, urls)))
    return problems


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
    for article in sources.articles:
        text = (config.root / article.path).read_text(encoding="utf-8-sig", errors="replace")
        problems += unknown_terms(article, text, sources.gazetteer, sources.taxonomy)
        if article.date is None:
            problems.append(Problem(article.path, 1, "the article has no date, so it is listed under Undated",
                                    "add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY) when it is known", "warning"))
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
        problems += broken_links(article, site_paths, urls)
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

"""Import raw seed texts into `content/*.md`, one article per seed.

Seeds are never modified. An article remembers its seed's SHA-256 and a fingerprint of
what the importer wrote, so importing again skips unchanged seeds, re-imports a changed
seed whose article nobody touched, and never overwrites an article an editor has edited.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .config import Config
from .content import content_files, parse_article, read_text
from .dates import DateHints, PartialDate, numeric_order, parse_partial_date
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .gazetteer import Gazetteer, load_gazetteer
from .mentions import Unresolved, find_actors, find_places
from .seedtext import SeedContext, SeedText, lead_sentence, learn_site_furniture, read_seed, without_dateline
from .taxonomy import Taxonomy, load_taxonomy
from .tomlfile import line_of, read_toml
from .inputs import files_under
from .urls import link_problem, slugify

CATALOGUE = "catalogue.toml"
CATALOGUE_FIELDS = ("url", "publisher", "title", "date", "date_basis", "date_window", "date_note")
SEED_SUFFIXES = (".txt",)
MAX_SLUG = 80
HOST_PREFIXES = ("www", "en", "eng", "english", "m", "mobile", "amp", "news", "legacy", "newsinfo")


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # a place in no gazetteer -> the articles naming it


@dataclass(frozen=True)
class ImportedArticle:
    """What the importer learned from one seed, ready to write."""
    title: str
    title_inferred: bool
    date: PartialDate | None
    date_basis: str
    summary: str
    locations: tuple[str, ...]
    tags: tuple[str, ...]
    body: str
    unresolved: tuple[Unresolved, ...] = ()  # places named in the text that no gazetteer holds
    actors: tuple[str, ...] = ()  # organisations and people the taxonomy does not know
    date_evidence: str = ""  # the printed text the date was read from
    ambiguous_dates: tuple[PartialDate, ...] = ()  # a numeric date that reads two ways


# --- Markdown escaping -----------------------------------------------------------------

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+\-=|]|\d+(?=[.)]\s))")


def escape_markdown(text: str) -> str:
    """Raw text that renders as the same text: no emphasis, links, HTML or lists by accident."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    return LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


# --- the catalogue -----------------------------------------------------------------------

def load_catalogue(seeds_dir: Path, root: Path) -> dict[str, dict]:
    path = seeds_dir / CATALOGUE
    if not path.exists():
        return {}
    shown = display_path(path, root)
    data, text = read_toml(path, root, "each seed is a [\"file name\"] block of key = \"value\" lines")
    problems = []
    for name, entry in data.items():
        line = line_of(text, rf'^\[\s*"{re.escape(name)}"\s*\]')
        if not isinstance(entry, dict):
            problems.append(Problem(shown, line, f"'{name}' must be a [\"{name}\"] block", "see the file's header"))
            continue
        for key, value in entry.items():
            if key not in CATALOGUE_FIELDS:
                problems.append(Problem(shown, line, f"unknown catalogue field '{key}' for {name}",
                                        did_you_mean(key, CATALOGUE_FIELDS) or "use: " + ", ".join(CATALOGUE_FIELDS)))
            elif not isinstance(value, str):
                problems.append(Problem(shown, line, f"'{key}' for {name} must be text", "put it in quotes"))
        if isinstance(entry.get("url"), str) and entry["url"] and link_problem(entry["url"]):
            problems.append(Problem(shown, line, f"the url for {name} is not a web address: {link_problem(entry['url'])}",
                                    "write the report's http or https address, or leave the url out"))
        if isinstance(entry.get("date"), str):
            try:
                parse_partial_date(entry["date"])
            except ValueError as err:
                problems.append(Problem(shown, line, f"impossible date for {name}: {err}", "write YYYY, YYYY-MM or YYYY-MM-DD"))
    if problems:
        raise BuildFailed(problems)
    return data


# --- one seed ------------------------------------------------------------------------

def seed_context(entry: dict, site_furniture: frozenset[str] = frozenset(), dates: DateHints = DateHints(),
                 language: str = "en") -> SeedContext:
    """What the catalogue's address tells about a seed: the site's name and the headline's words."""
    parts = urlsplit(entry.get("url", ""))
    labels = [label for label in parts.hostname.split(".")[:-1] if label not in HOST_PREFIXES] if parts.hostname else []
    words: tuple[str, ...] = ()
    for segment in reversed(parts.path.split("/")):  # '…/coalition-strikes-destroy-isis/amp': the words
        words = tuple(w for w in re.split(r"[-_+]+", re.sub(r"\.\w{2,5}$", "", segment.casefold())) if w and not w.isdigit())
        if len(words) >= 3:
            break
    names = tuple(dict.fromkeys(label.replace("-", "") for label in labels))
    return SeedContext(site_furniture, names, words if len(words) >= 3 else (), dates, language)


def import_text(text: str, entry: dict, gazetteer: Gazetteer, taxonomy: Taxonomy,
                context: SeedContext | None = None) -> ImportedArticle:
    seed: SeedText = read_seed(text, context or seed_context(entry))
    title, inferred = seed.title, False
    if not title:
        # A text of nothing but punctuation has no lead sentence either (found by fuzzing).
        title = entry.get("title") or lead_sentence(seed.paragraphs[0] if seed.paragraphs else "") or "Untitled report"
        inferred = "title" not in entry
    elif entry.get("title"):
        title = entry["title"]

    date, basis = seed.date, "printed" if seed.date else ""
    if entry.get("date"):
        date, basis = parse_partial_date(entry["date"]), entry.get("date_basis", "inferred")

    summary = seed.summary or (lead_sentence(without_dateline(seed.paragraphs[0]), limit=300) + "." if seed.paragraphs else "")
    article_text = f"{title}\n{seed.plain_text()}"
    places = find_places(article_text, gazetteer, taxonomy, seed.datelines)
    tags = taxonomy.find_in(article_text)
    body = "\n\n".join(("## " if kind == "h2" else "") + escape_markdown(line) for kind, line in seed.blocks)
    return ImportedArticle(title=title, title_inferred=inferred, date=date, date_basis=basis, summary=summary,
                           locations=tuple(places.names), tags=tuple(tags), body=body + "\n",
                           unresolved=tuple(places.unresolved), actors=tuple(find_actors(article_text, taxonomy, gazetteer)),
                           date_evidence=seed.date_evidence, ambiguous_dates=seed.ambiguous_dates if not entry.get("date") else ())


def fingerprint(text: str) -> str:
    """What the importer wrote, minus the fingerprint line itself."""
    without = re.sub(r"^imported: .*\n", "", text, count=1, flags=re.M)
    return hashlib.sha256(without.encode("utf-8")).hexdigest()


def render_article(article: ImportedArticle, slug: str, seed_name: str, seed_sha: str, entry: dict) -> str:
    meta: dict = {"title": article.title, "id": slug}
    if article.title_inferred:
        meta["title_inferred"] = True
    if article.date:
        meta["date"] = article.date.iso()
        meta["date_basis"] = article.date_basis
        for key in ("date_window", "date_note"):
            if entry.get(key):
                meta[key] = entry[key]
    if article.summary:
        meta["summary"] = article.summary
    meta["locations"] = list(article.locations)
    meta["tags"] = list(article.tags)
    meta["source"] = {"publisher": entry.get("publisher", ""), "url": entry.get("url", ""),
                      "seed": seed_name, "sha256": seed_sha}
    if entry:
        meta["source"]["catalogue"] = entry_hash(entry)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    text = f"---\n{front}imported: PENDING\n---\n\n{article.body}"
    return text.replace("imported: PENDING", f"imported: {fingerprint(text)}")


SEED_LINE = re.compile(r"^\s*seed:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)
ENTRY_LINE = re.compile(r"^\s*catalogue:\s*['\"]?(\w+)['\"]?\s*$", re.M)


@dataclass
class KnownArticle:
    """An article in content/ that an earlier import wrote from a seed."""
    path: Path
    text: str
    entry_hash: str  # the catalogue entry it was imported with

    @property
    def untouched(self) -> bool:
        stored = re.search(r"^imported: (\w+)$", self.text, re.M)
        return bool(stored) and stored.group(1) == fingerprint(self.text)


def scan_articles(content_dir: Path, root: Path) -> tuple[dict[str, KnownArticle], set[str], list[PartialDate]]:
    """One read of content/: seed file name -> the article imported from it, every id in use,
    and every date (the archive's range). The seed is found even in an article whose front
    matter is broken, so a broken article is never imported a second time beside itself."""
    by_seed, slugs, dates = {}, set(), []
    for path in content_files(content_dir, root):
        text, _ = read_text(path.read_bytes(), display_path(path, root))
        if text is None:
            slugs.add(slugify(path.stem))
            continue
        article, _ = parse_article(text, path.name, slugify(path.stem))
        slugs.add(article.slug if article else slugify(path.stem))
        if article and article.date:
            dates.append(article.date)
        front = text.split("\n---", 2)[0] if text.startswith("---") else ""
        match = SEED_LINE.search(front)
        if match:
            entry = ENTRY_LINE.search(front)
            by_seed[match.group(1)] = KnownArticle(path, text, entry.group(1) if entry else "")
    return by_seed, slugs, dates


def entry_hash(entry: dict) -> str:
    """A short hash of a catalogue entry: when it changes, the seed is imported again."""
    return hashlib.sha256(json.dumps(entry, sort_keys=True).encode("utf-8")).hexdigest()[:16] if entry else ""


def free_path(content_dir: Path, slug: str, taken: set[str]) -> tuple[Path, str]:
    candidate, n = slug, 2
    while candidate in taken or (content_dir / f"{candidate}.md").exists():
        candidate, n = f"{slug}-{n}", n + 1
    return content_dir / f"{candidate}.md", candidate


@dataclass
class Seed:
    path: Path
    shown: str
    sha: str
    text: str
    entry: dict
    host: str  # the site, from the catalogue's address ('' when unknown)
    warning: Problem | None = None  # how it was read, if not as UTF-8


def read_seed_file(path: Path, catalogue: dict, root: Path) -> Seed:
    data = path.read_bytes()
    shown = display_path(path, root)
    warning = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warning = Problem(shown, None, "the seed is not UTF-8; it was read as Windows-1252",
                          "check the article's accented letters", severity="warning")
    entry = catalogue.get(path.name, {})
    host = (urlsplit(entry.get("url", "")).hostname or "").removeprefix("www.")
    return Seed(path, shown, hashlib.sha256(data).hexdigest(), text, entry, host, warning)


def date_hints(seeds: list[Seed], dates: list[PartialDate]) -> dict[str, DateHints]:
    """Per site: the archive's range (its articles and catalogue), and how the site writes a
    numeric date, learned from the dates it prints that can be read one way only."""
    known = [d.first_day() for d in dates]
    for seed in seeds:
        if seed.entry.get("date"):
            known.append(parse_partial_date(seed.entry["date"]).first_day())
    orders: dict[str, set[str]] = {}
    for seed in seeds:
        for line in seed.text.split("\n")[:40]:
            order = numeric_order(line) if len(line) < 120 else ""
            if order:
                orders.setdefault(seed.host, set()).add(order)
    today = dt.date.today()
    base = DateHints(min(known, default=None), max(known, default=None), today)
    return {host: replace(base, order=next(iter(found))) for host, found in orders.items() if len(found) == 1 and host} \
        | {"": base}


def import_seeds(config: Config, seeds_dir: Path | None = None, content_dir: Path | None = None,
                 gazetteer: Gazetteer | None = None, taxonomy: Taxonomy | None = None) -> ImportReport:
    seeds_dir = (seeds_dir or config.seeds_dir).resolve()
    content_dir = (content_dir or config.content_dir).resolve()
    report = ImportReport()
    if not seeds_dir.is_dir():
        return report
    paths = [p for p in files_under(seeds_dir, config.root) if p.parent == seeds_dir and p.suffix in SEED_SUFFIXES]
    if not paths:
        return report
    catalogue = load_catalogue(seeds_dir, config.root)
    catalogue_shown = display_path(seeds_dir / CATALOGUE, config.root)
    content_dir.mkdir(parents=True, exist_ok=True)
    existing, taken, dates = scan_articles(content_dir, config.root)

    # Which seeds to import: new ones, and changed ones (the seed or its catalogue entry) whose
    # article nobody has edited.
    todo: list[Path] = []
    for path in paths:
        known = existing.get(path.name)
        if not known:
            todo.append(path)
            continue
        shown = display_path(known.path, config.root)
        entry = entry_hash(catalogue.get(path.name, {}))
        seed_changed = hashlib.sha256(path.read_bytes()).hexdigest() not in known.text
        if not seed_changed and entry == known.entry_hash:
            report.skipped.append(shown)
        elif known.untouched:
            todo.append(path)
        elif not known.entry_hash and not seed_changed:
            report.skipped.append(shown)  # written before entries were recorded, and edited since: left alone
        elif seed_changed:
            report.warnings.append(Problem(display_path(path, config.root), None,
                                           f"the seed changed, but {shown} was edited, so it was not re-imported",
                                           f"merge the change by hand, or delete {shown} to import the seed afresh",
                                           severity="warning"))
        else:
            line = line_of(read_toml(seeds_dir / CATALOGUE, config.root, "")[1], rf'^\[\s*"{re.escape(path.name)}"\s*\]') \
                if (seeds_dir / CATALOGUE).exists() else None
            report.warnings.append(Problem(catalogue_shown, line,
                                           f"the catalogue entry of {path.name} changed, but {shown} was edited, so it "
                                           "was not re-imported", f"copy the change into {shown} by hand, or delete "
                                           f"{shown} to import the seed afresh", severity="warning"))
    if not todo:
        return report

    gazetteer = gazetteer or load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir)
    taxonomy = taxonomy or load_taxonomy(config.taxonomy_file, config.root)
    # Furniture is learned from every seed of a site, imported or not.
    seeds = {path: read_seed_file(path, catalogue, config.root) for path in paths}
    furniture = learn_site_furniture([(seed.host, seed.text) for seed in seeds.values()])
    hints = date_hints(list(seeds.values()), dates)
    actors: dict[str, int] = {}
    for path in todo:
        seed = seeds[path]
        if seed.warning:
            report.warnings.append(seed.warning)
        context = seed_context(seed.entry, furniture.get(seed.host, frozenset()), hints.get(seed.host, hints[""]),
                               config.language)
        article = import_text(seed.text, seed.entry, gazetteer, taxonomy, context)
        previous = existing.get(path.name)
        if previous:
            target = previous.path
            slug = re.search(r"^id: (.+)$", previous.text, re.M)
            slug = slug.group(1).strip() if slug else slugify(target.stem)
        else:
            base = slugify(article.title)[:MAX_SLUG].rstrip("-") or slugify(path.stem) or "article"
            target, slug = free_path(content_dir, base, taken)
        taken.add(slug)
        text = render_article(article, slug, path.name, seed.sha, seed.entry)
        target.write_text(text, encoding="utf-8")
        shown = display_path(target, config.root)
        (report.updated if previous else report.created).append(shown)
        report.warnings += article_warnings(article, shown, text, seed)
        for name in article.actors:
            actors[name] = actors.get(name, 0) + 1
        for place in article.unresolved:
            report.unresolved.setdefault(place.name, []).append(shown)
    report.warnings += actor_suggestions(actors, display_path(config.taxonomy_file, config.root))
    return report


def article_warnings(article: ImportedArticle, shown: str, text: str, seed: Seed) -> list[Problem]:
    warnings = []
    if article.ambiguous_dates:
        readings = " or ".join(d.label() for d in article.ambiguous_dates)
        warnings.append(Problem(shown, None, f"the printed date '{article.date_evidence}' can be read as {readings}, "
                                "and nothing tells which; the article is undated",
                                f"add the date to {CATALOGUE} or to the article's front matter", severity="warning"))
    elif not article.date:
        warnings.append(Problem(shown, None, "no publication date was found; the article is undated",
                                f"add the date to {CATALOGUE} or to the article's front matter", severity="warning"))
    if article.title_inferred:
        warnings.append(Problem(shown, 2, "the text has no headline; the title was made from the lead sentence",
                                "write a better title in the article, or a 'title' in the catalogue", severity="warning"))
    locations_line = next((n for n, line in enumerate(text.split("\n"), 1) if line.startswith("locations:")), None)
    for place in article.unresolved:
        near = f" (named beside {', '.join(place.near[:2])})" if place.near else ""
        warnings.append(Problem(shown, locations_line, f"the {place.kind} '{place.name}'{near} is in no gazetteer; its page "
                                "will have no map marker", "run python build.py places for a gazetteer.toml entry to "
                                "complete", severity="warning"))
    return warnings


MAX_ACTOR_SUGGESTIONS = 20


def actor_suggestions(actors: dict[str, int], shown: str) -> list[Problem]:
    """'12 articles name 'National Defence Forces': add it to taxonomy.toml?' for the names
    the taxonomy lacks, most frequent first."""
    ranked = sorted(actors.items(), key=lambda item: (-item[1], item[0]))[:MAX_ACTOR_SUGGESTIONS]
    return [Problem(shown, None, f"{count} article{'s name' if count != 1 else ' names'} '{name}', which is not in the "
                    "taxonomy", "add it as a [[tag]] if it should be a tag, or leave it", severity="warning")
            for name, count in ranked]


def print_report(report: ImportReport, stream=sys.stdout) -> None:
    for path in report.created:
        print(f"imported {path}", file=stream)
    for path in report.updated:
        print(f"re-imported {path}", file=stream)
    for problem in report.warnings:
        print(problem, file=sys.stderr)
    print(f"Import: {len(report.created)} created, {len(report.updated)} re-imported, "
          f"{len(report.skipped)} unchanged, {len(report.warnings)} warnings", file=stream)

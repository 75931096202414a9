"""Import seeds into `content/*.md`: one article per text, saved page or PDF, and one per
article page a web archive captured (seedfiles.py reads each format).

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
from collections import Counter
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
from .seedtext import (SeedContext, SeedText, escape_markdown, lead_sentence, learn_site_furniture, read_seed,
                       without_dateline)
from .taxonomy import Taxonomy, load_taxonomy
from .tomlfile import line_of, read_toml
from .inputs import files_under
from .seedfiles import ReadReport, SeedDocument, counted, latest_captures, read_seed_documents, seed_suffix
from .urls import link_problem, slugify

CATALOGUE = "catalogue.toml"
CATALOGUE_FIELDS = ("url", "publisher", "title", "date", "date_basis", "date_window", "date_note")
MAX_SLUG = 80
HOST_PREFIXES = ("www", "en", "eng", "english", "m", "mobile", "amp", "news", "legacy", "newsinfo")


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # a place in no gazetteer -> the articles naming it
    not_articles: dict[str, Counter] = field(default_factory=dict)  # seed file -> what it holds that is no report, by kind


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
    source: tuple[tuple[str, str], ...] = ()  # what the seed itself says of its source: publisher, url, author, capture
    date_note: str = ""  # where a page or PDF gives its date


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


def import_report(read: ReadReport, document: SeedDocument, entry: dict, gazetteer: Gazetteer,
                  taxonomy: Taxonomy) -> ImportedArticle:
    """An article from what a saved page, a capture or a PDF says of itself (webpage.py,
    pdfreport.py): its date is 'printed' by the page's metadata or text."""
    title = entry.get("title") or read.title
    inferred = not title
    paragraphs = [text for kind, text in read.blocks if kind == "p"]
    if inferred:
        title = lead_sentence(read.plain.split("\n")[0] if read.plain else "") or "Untitled report"
    date, basis = read.date, "printed" if read.date else ""
    if entry.get("date"):
        date, basis = parse_partial_date(entry["date"]), entry.get("date_basis", "inferred")
    first = read.plain.split("\n", 1)[0] if read.plain else ""
    summary = read.description or (lead_sentence(without_dateline(first), limit=300) if paragraphs else "")
    if summary and summary[-1] not in ".!?…\"”":
        summary += "."
    article_text = f"{title}\n{read.plain}"
    places = find_places(article_text, gazetteer, taxonomy)
    body = "\n\n".join({"h2": "## ", "h3": "### "}.get(kind, "") + text for kind, text in read.blocks)
    source = (("publisher", read.site_name), ("url", document.url or read.url), ("author", read.author),
              ("captured", document.captured), ("record", document.record))
    return ImportedArticle(title=title, title_inferred=inferred, date=date, date_basis=basis, summary=summary,
                           locations=tuple(places.names), tags=tuple(taxonomy.find_in(article_text)), body=body + "\n",
                           unresolved=tuple(places.unresolved), actors=tuple(find_actors(article_text, taxonomy, gazetteer)),
                           date_evidence=read.date_evidence, source=tuple((k, v) for k, v in source if v),
                           date_note=f"Read from {read.date_evidence}." if basis == "printed" and read.date_evidence else "")


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
        if article.date_note and "date_note" not in meta and article.date_basis == "printed":
            meta["date_note"] = article.date_note
    if article.summary:
        meta["summary"] = article.summary
    meta["locations"] = list(article.locations)
    meta["tags"] = list(article.tags)
    found = dict(article.source)  # the catalogue's word wins over the page's
    meta["source"] = {"publisher": entry.get("publisher") or found.pop("publisher", ""),
                      "url": entry.get("url") or found.pop("url", "")} | found | {"seed": seed_name, "sha256": seed_sha}
    if entry:
        meta["source"]["catalogue"] = entry_hash(entry)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    text = f"---\n{front}imported: PENDING\n---\n\n{article.body}"
    return text.replace("imported: PENDING", f"imported: {fingerprint(text)}")


SEED_LINE = re.compile(r"^\s*seed:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)
CAPTURE_URL = re.compile(r"^\s+url:\s*['\"]?([^'\"\s]+)['\"]?\s*$", re.M)  # a capture is known by its address
ENTRY_LINE = re.compile(r"^\s*catalogue:\s*['\"]?(\w+)['\"]?\s*$", re.M)


@dataclass
class KnownArticle:
    """An article in content/ that an earlier import wrote from a seed."""
    path: Path
    text: str
    entry_hash: str  # the catalogue entry it was imported with

    @property
    def captured(self) -> str:
        found = re.search(r"^\s+captured:\s*['\"]?([^'\"\s]+)", self.text, re.M)
        return found.group(1) if found else ""

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
            address = CAPTURE_URL.search(front) if re.search(r"^\s+captured:", front, re.M) else None
            by_seed[address.group(1) if address else match.group(1)] = KnownArticle(path, text, entry.group(1) if entry else "")
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
    """One report of a seed file (the file itself, or a page a web archive captured), with
    what the catalogue says of it."""
    path: Path
    document: SeedDocument
    entry: dict
    host: str  # the site, from the catalogue's address ('' when unknown)
    file_shown: str  # its file, as messages name it (the document's `shown` names a capture within it too)
    warning: Problem | None = None  # how it was read, if not as UTF-8

    @property
    def key(self) -> str:
        """What its article remembers it by: the file's name, or a capture's address."""
        return self.document.key

    @property
    def shown(self) -> str:
        return self.document.shown

    @property
    def sha(self) -> str:
        return self.document.sha

    @property
    def text(self) -> str:
        return self.document.text


def read_seed_file(path: Path, catalogue: dict, root: Path) -> tuple[list[Seed], Counter]:
    """The reports of one seed file, and what else it holds (by kind) that is none."""
    shown = display_path(path, root)
    read = read_seed_documents(path, shown)
    seeds = []
    for document in read.documents:
        warning = None
        if document.decoded_as == "cp1252":
            warning = Problem(document.shown, None, "the seed is not UTF-8; it was read as Windows-1252",
                              "check the article's accented letters", severity="warning")
        # A catalogue entry is named by the file, or, for one page of a web archive, by its address.
        entry = catalogue.get(document.url, {}) if document.url else catalogue.get(path.name, {})
        host = (urlsplit(entry.get("url", "") or document.url).hostname or "").removeprefix("www.")
        seeds.append(Seed(path, document, entry, host, shown, warning))
    return seeds, read.skipped


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
    paths = [p for p in files_under(seeds_dir, config.root) if p.parent == seeds_dir and seed_suffix(p.name)]
    if not paths:
        return report
    catalogue = load_catalogue(seeds_dir, config.root)
    catalogue_shown = display_path(seeds_dir / CATALOGUE, config.root)
    content_dir.mkdir(parents=True, exist_ok=True)
    existing, taken, dates = scan_articles(content_dir, config.root)
    memo = SeedMemo.load(config.cache_dir, seeds_dir, entry_hash(catalogue))
    seeds: list[Seed] = []
    unread: set[str] = set()  # the articles of web archives not read again: unchanged, unless another seed says so
    for path in paths:
        known = memo.unchanged(path, existing)
        if known is not None:  # a file read before, unchanged, all of whose articles are there
            unread.update(known)
            continue
        found, not_reports = read_seed_file(path, catalogue, config.root)
        seeds += found
        memo.read(path, [seed.key for seed in found])
        if not_reports:
            report.not_articles[display_path(path, config.root)] = not_reports
    seeds = latest_seeds(seeds, report)
    unread -= {seed.key for seed in seeds}
    report.skipped += sorted(display_path(existing[key].path, config.root) for key in unread)

    # Which seeds to import: new ones, and changed ones (the seed or its catalogue entry) whose
    # article nobody has edited.
    todo: list[Seed] = []
    for seed in seeds:
        known = existing.get(seed.key)
        if not known:
            todo.append(seed)
            continue
        shown = display_path(known.path, config.root)
        entry = entry_hash(seed.entry)
        seed_changed = seed.sha not in known.text
        if seed.document.captured and seed.document.captured < known.captured:
            report.skipped.append(shown)  # the article holds a later capture (from an archive not read again)
        elif not seed_changed and entry == known.entry_hash:
            report.skipped.append(shown)
        elif known.untouched:
            todo.append(seed)
        elif not known.entry_hash and not seed_changed:
            report.skipped.append(shown)  # written before entries were recorded, and edited since: left alone
        elif seed_changed:
            what = "a new capture of the page" if seed.document.captured else "the seed"
            report.warnings.append(Problem(seed.shown, None, f"{what} changed, but {shown} was edited, so it was not "
                                           "re-imported", f"merge the change by hand, or delete {shown} to import the "
                                           "seed afresh", severity="warning"))
        else:
            line = line_of(read_toml(seeds_dir / CATALOGUE, config.root, "")[1], rf'^\[\s*"{re.escape(seed.key)}"\s*\]') \
                if (seeds_dir / CATALOGUE).exists() else None
            report.warnings.append(Problem(catalogue_shown, line,
                                           f"the catalogue entry of {seed.key} changed, but {shown} was edited, so it "
                                           "was not re-imported", f"copy the change into {shown} by hand, or delete "
                                           f"{shown} to import the seed afresh", severity="warning"))
    report.skipped = list(dict.fromkeys(report.skipped))  # a page in two archives is one article
    if not todo:
        memo.save()
        return report

    gazetteer = gazetteer or load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir)
    taxonomy = taxonomy or load_taxonomy(config.taxonomy_file, config.root)
    # Furniture is learned from every text seed of a site, imported or not.
    texts = [seed for seed in seeds if seed.document.kind == "text"]
    furniture = learn_site_furniture([(seed.host, seed.text) for seed in texts])
    hints = date_hints(texts, dates)
    actors: dict[str, int] = {}
    for seed in todo:
        if seed.warning:
            report.warnings.append(seed.warning)
        article, skipped = import_document(seed, gazetteer, taxonomy, furniture, hints, config.language, report)
        if skipped:
            report.not_articles.setdefault(seed.file_shown, Counter())[skipped] += 1
            memo.no_article(seed.path, seed.key)
        if article is None:
            continue
        previous = existing.get(seed.key)
        if previous:
            target = previous.path
            slug = re.search(r"^id: (.+)$", previous.text, re.M)
            slug = slug.group(1).strip() if slug else slugify(target.stem)
        else:
            base = slugify(article.title)[:MAX_SLUG].rstrip("-") or slugify(seed.path.stem) or "article"
            target, slug = free_path(content_dir, base, taken)
        taken.add(slug)
        text = render_article(article, slug, seed.path.name, seed.sha, seed.entry)
        target.write_text(text, encoding="utf-8")
        shown = display_path(target, config.root)
        (report.updated if previous else report.created).append(shown)
        report.warnings += article_warnings(article, shown, text, seed)
        for name in article.actors:
            actors[name] = actors.get(name, 0) + 1
        for place in article.unresolved:
            report.unresolved.setdefault(place.name, []).append(shown)
    report.warnings += actor_suggestions(actors, display_path(config.taxonomy_file, config.root))
    memo.save()
    return report


@dataclass
class SeedMemo:
    """What the importer last read of each seed file (its size and time, and the reports it
    held), so that an unchanged web archive of any size is not read again at every build.
    Kept in the build cache: deleting it only costs one full read."""
    path: Path
    context: str  # the seeds folder and its catalogue: another one, and every file is read again
    files: dict[str, list]  # name -> [size, mtime_ns, [document keys], [keys of pages that are no article]]

    @classmethod
    def load(cls, cache_dir: Path, seeds_dir: Path, catalogue: str) -> SeedMemo:
        path, context = cache_dir / "seeds.json", f"{seeds_dir}|{catalogue}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data["files"] if data.get("context") == context else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            files = {}
        return cls(path, context, files)

    def unchanged(self, seed: Path, existing: dict) -> list[str] | None:
        """The keys of a web archive unchanged since it was read, when each of its pages has
        its article or is known to be none; None when it must be read."""
        if seed_suffix(seed.name) not in (".warc", ".warc.gz", ".wacz"):
            return None  # a file of one report is hashed: as cheap as asking
        stat = seed.stat()
        size, mtime, keys, none = (self.files.get(seed.name) or [None, None, [], []])[:4]
        if (size, mtime) != (stat.st_size, stat.st_mtime_ns) or not all(k in existing or k in none for k in keys):
            return None
        return [key for key in keys if key in existing]

    def read(self, seed: Path, keys: list[str]) -> None:
        stat = seed.stat()
        self.files[seed.name] = [stat.st_size, stat.st_mtime_ns, keys, []]

    def no_article(self, seed: Path, key: str) -> None:
        if seed.name in self.files:
            self.files[seed.name][3].append(key)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"context": self.context, "files": self.files}, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)


def latest_seeds(seeds: list[Seed], report: ImportReport) -> list[Seed]:
    """A page captured in several web archives is one report: its latest capture's."""
    chosen = {d.key: d for d in latest_captures([s.document for s in seeds], Counter())}
    kept = [seed for seed in seeds if chosen[seed.key] is seed.document]
    for seed in seeds:
        if chosen[seed.key] is not seed.document:
            report.not_articles.setdefault(seed.file_shown, Counter())["earlier"] += 1
    return kept


def import_document(seed: Seed, gazetteer: Gazetteer, taxonomy: Taxonomy, furniture: dict, hints: dict,
                    language: str, report: ImportReport) -> tuple[ImportedArticle | None, str]:
    """The article of one seed, by its format; None for a PDF without text (with a warning)
    or, with what it is instead, for a page that is no report."""
    document = seed.document
    if document.kind == "text":
        context = seed_context(seed.entry, furniture.get(seed.host, frozenset()), hints.get(seed.host, hints[""]),
                               language)
        return import_text(seed.text, seed.entry, gazetteer, taxonomy, context), ""
    if document.kind == "pdf":
        from .pdfreport import read_pdf_report

        read = read_pdf_report(document)
        if read.not_article:
            report.warnings.append(Problem(seed.shown, None, f"the PDF has {read.not_article}, so no article was made",
                                           "run it through OCR (for example ocrmypdf) and put the result in seeds/",
                                           severity="warning"))
            return None, ""
    else:
        from .webpage import read_web_page

        read = read_web_page(seed.text, document.url)
        if read.not_article:
            return None, "not article"
    return import_report(read, document, seed.entry, gazetteer, taxonomy), ""


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
    for shown, kinds in sorted(report.not_articles.items()):
        total = sum(kinds.values())
        print(f"{shown}: {total} record{'s' if total != 1 else ''} skipped, not articles: {counted(kinds)}", file=stream)
    for problem in report.warnings:
        print(problem, file=sys.stderr)
    print(f"Import: {len(report.created)} created, {len(report.updated)} re-imported, "
          f"{len(report.skipped)} unchanged, {len(report.warnings)} warnings", file=stream)

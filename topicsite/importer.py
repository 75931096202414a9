"""Import raw seed texts into `content/*.md`, one article per seed.

Seeds are never modified. An article remembers its seed's SHA-256 and a fingerprint of
what the importer wrote, so importing again skips unchanged seeds, re-imports a changed
seed whose article nobody touched, and never overwrites an article an editor has edited.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import Config
from .content import content_files, parse_article, read_text
from .dates import PartialDate, parse_partial_date
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .gazetteer import Gazetteer, Place, load_gazetteer
from .seedtext import SeedText, lead_sentence, read_seed
from .taxonomy import Taxonomy, load_taxonomy
from .tomlfile import line_of, read_toml
from .urls import slugify

CATALOGUE = "catalogue.toml"
CATALOGUE_FIELDS = ("url", "publisher", "title", "date", "date_basis", "date_window", "date_note")
SEED_SUFFIXES = (".txt",)
MAX_SLUG = 80


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


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


# --- Markdown escaping -----------------------------------------------------------------

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+\-=|]|\d+(?=[.)]\s))")


def escape_markdown(text: str) -> str:
    """Raw text that renders as the same text: no emphasis, links, HTML or lists by accident."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    return LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


# --- places ------------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_][\w'’ʿ-]*")
MAX_PLACE_WORDS = 4
IMPLIED_KINDS = ("country", "governorate")


def find_places(text: str, gazetteer: Gazetteer) -> list[Place]:
    """Places named in the text, longest name first, in order of first mention.
    Only capitalised words count, so 'hit' is never the Iraqi town of Hit; an adjective
    like 'Syrian' is a different word from 'Syria' and is never a place."""
    found: dict[str, Place] = {}
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        words = [(m.group(0), m.start()) for m in WORD.finditer(sentence)]
        i = 0
        while i < len(words):
            matched = 0
            for size in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
                span = [w for w, _ in words[i:i + size]]
                if not span[-1][0].isupper():
                    continue
                place = gazetteer.lookup_in_text(" ".join(span))
                if place and (span[0][0].isupper() or span[0].lower() in ("al", "al-", "el")):
                    found.setdefault(place.name, place)
                    matched = size
                    break
            i += matched or 1
    # A country or governorate is implied by the towns inside it: keep the precise names.
    implied = {a.name for p in found.values() for a in gazetteer.ancestors(p) if a.kind in IMPLIED_KINDS}
    return [p for p in found.values() if p.name not in implied]


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
        if isinstance(entry.get("date"), str):
            try:
                parse_partial_date(entry["date"])
            except ValueError as err:
                problems.append(Problem(shown, line, f"impossible date for {name}: {err}", "write YYYY, YYYY-MM or YYYY-MM-DD"))
    if problems:
        raise BuildFailed(problems)
    return data


# --- one seed ------------------------------------------------------------------------

def import_text(text: str, entry: dict, gazetteer: Gazetteer, taxonomy: Taxonomy) -> ImportedArticle:
    seed: SeedText = read_seed(text)
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

    summary = seed.summary or (lead_sentence(seed.paragraphs[0], limit=300) + "." if seed.paragraphs else "")
    article_text = f"{title}\n{seed.plain_text()}"
    places = find_places(article_text, gazetteer)
    tags = taxonomy.find_in(article_text)
    body = "\n\n".join(("## " if kind == "h2" else "") + escape_markdown(line) for kind, line in seed.blocks)
    return ImportedArticle(title=title, title_inferred=inferred, date=date, date_basis=basis, summary=summary,
                           locations=tuple(p.name for p in places), tags=tuple(tags), body=body + "\n")


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
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    text = f"---\n{front}imported: PENDING\n---\n\n{article.body}"
    return text.replace("imported: PENDING", f"imported: {fingerprint(text)}")


SEED_LINE = re.compile(r"^\s*seed:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)


def scan_articles(content_dir: Path, root: Path) -> tuple[dict[str, tuple[Path, str]], set[str]]:
    """One read of content/: seed file name -> (article path, its text) for imported articles,
    and every id in use. The seed is found even in an article whose front matter is broken,
    so a broken article is never imported a second time beside itself."""
    by_seed, slugs = {}, set()
    for path in content_files(content_dir):
        text, _ = read_text(path.read_bytes(), display_path(path, root))
        if text is None:
            slugs.add(slugify(path.stem))
            continue
        article, _ = parse_article(text, path.name, slugify(path.stem))
        slugs.add(article.slug if article else slugify(path.stem))
        match = SEED_LINE.search(text.split("\n---", 2)[0] if text.startswith("---") else "")
        if match:
            by_seed[match.group(1)] = (path, text)
    return by_seed, slugs


def free_path(content_dir: Path, slug: str, taken: set[str]) -> tuple[Path, str]:
    candidate, n = slug, 2
    while candidate in taken or (content_dir / f"{candidate}.md").exists():
        candidate, n = f"{slug}-{n}", n + 1
    return content_dir / f"{candidate}.md", candidate


def import_seeds(config: Config, seeds_dir: Path | None = None, content_dir: Path | None = None,
                 gazetteer: Gazetteer | None = None, taxonomy: Taxonomy | None = None) -> ImportReport:
    seeds_dir = (seeds_dir or config.seeds_dir).resolve()
    content_dir = (content_dir or config.content_dir).resolve()
    report = ImportReport()
    if not seeds_dir.is_dir():
        return report
    seeds = sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix in SEED_SUFFIXES)
    if not seeds:
        return report
    catalogue = load_catalogue(seeds_dir, config.root)
    gazetteer = gazetteer or load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir)
    taxonomy = taxonomy or load_taxonomy(config.taxonomy_file, config.root)
    content_dir.mkdir(parents=True, exist_ok=True)
    existing, taken = scan_articles(content_dir, config.root)
    for seed_path in seeds:
        shown_seed = display_path(seed_path, config.root)
        data = seed_path.read_bytes()
        seed_sha = hashlib.sha256(data).hexdigest()
        entry = catalogue.get(seed_path.name, {})
        previous = existing.get(seed_path.name)
        if previous:
            path, text = previous
            shown = display_path(path, config.root)
            if seed_sha in text:
                report.skipped.append(shown)
                continue
            stored = re.search(r"^imported: (\w+)$", text, re.M)
            if not stored or stored.group(1) != fingerprint(text):
                report.warnings.append(Problem(shown_seed, None, f"the seed changed, but {shown} was edited, so it was not re-imported",
                                               f"merge the change by hand, or delete {shown} to import the seed afresh",
                                               severity="warning"))
                continue
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raw = data.decode("cp1252", errors="replace")
            report.warnings.append(Problem(shown_seed, None, "the seed is not UTF-8; it was read as Windows-1252",
                                           "check the article's accented letters", severity="warning"))
        article = import_text(raw, entry, gazetteer, taxonomy)
        if previous:
            path = previous[0]
            slug = re.search(r"^id: (.+)$", previous[1], re.M)
            slug = slug.group(1).strip() if slug else slugify(path.stem)
        else:
            base = slugify(article.title)[:MAX_SLUG].rstrip("-") or slugify(seed_path.stem) or "article"
            path, slug = free_path(content_dir, base, taken)
        taken.add(slug)
        text = render_article(article, slug, seed_path.name, seed_sha, entry)
        path.write_text(text, encoding="utf-8")
        shown = display_path(path, config.root)
        (report.updated if previous else report.created).append(shown)
        if not article.date:
            report.warnings.append(Problem(shown, None, "no publication date was found; the article is undated",
                                           f"add the date to {CATALOGUE} or to the article's front matter",
                                           severity="warning"))
        if article.title_inferred:
            report.warnings.append(Problem(shown, 2, "the text has no headline; the title was made from the lead sentence",
                                           "write a better title in the article, or a 'title' in the catalogue",
                                           severity="warning"))
    return report


def print_report(report: ImportReport, stream=sys.stdout) -> None:
    for path in report.created:
        print(f"imported {path}", file=stream)
    for path in report.updated:
        print(f"re-imported {path}", file=stream)
    for problem in report.warnings:
        print(problem, file=sys.stderr)
    print(f"Import: {len(report.created)} created, {len(report.updated)} re-imported, "
          f"{len(report.skipped)} unchanged, {len(report.warnings)} warnings", file=stream)

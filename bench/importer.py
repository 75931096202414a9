"""Score the importer on real news pages it was not written for.

    python bench/importer.py [--verbose] [--speed 1000]

`bench/pages/` holds real pages saved as plain text, as a browser copy gives them, each
`<name>.txt` beside `<name>.toml`, its ground truth written by hand: the headline, the
printed date, the first and last body paragraph, where the comments start, the furniture
lines inside the body, and the places and actors the body names (see bench/pages/README.md).

For each topic the pages become the seeds of a fresh project (its countries in site.toml,
the address of each page in seeds/catalogue.toml, as an editor would give them), which is
imported with `python build.py import`'s own code. The table compares what was written to
`content/` with the ground truth. --verbose lists every miss; --speed N times the import of
N seeds made from the pages (their body lines varied, so that only real furniture recurs).
"""
from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

import markdown  # noqa: E402
import yaml  # noqa: E402

from topicsite.config import load_config  # noqa: E402
from topicsite.gazetteer import load_gazetteer, place_key, skeleton  # noqa: E402
from topicsite.importer import import_seeds  # noqa: E402

PAGES = HERE / "pages"
WORK = HERE / "work" / "importer"
# Topics on the archive's own subject use its gazetteer and taxonomy; the others start empty,
# as a new archive on another subject would.
OWN_TOPICS = ("hajin", "mosul", "syria-east")


@dataclass
class Page:
    name: str
    text: str
    truth: dict


@dataclass
class Score:
    pages: int = 0
    sites: set[str] = field(default_factory=set)
    headlines: int = 0
    places: int = 0
    places_found: int = 0
    kept: int = 0
    dates: int = 0
    dates_read: int = 0
    invented: int = 0
    starts: int = 0
    ends: int = 0
    summaries: int = 0
    wrong_places: int = 0
    locations: int = 0
    misses: list[str] = field(default_factory=list)


def norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def load_pages(folder: Path) -> list[Page]:
    return [Page(p.stem, p.with_suffix(".txt").read_text(encoding="utf-8"), tomllib.loads(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.toml"))]


def make_project(topic: str, pages: list[Page], work: Path) -> Path:
    project = work / topic
    shutil.rmtree(project, ignore_errors=True)
    (project / "seeds").mkdir(parents=True)
    countries = pages[0].truth["countries"]
    (project / "site.toml").write_text(f'title = "{topic}"\ncountries = {countries!r}\n'.replace("'", '"'), encoding="utf-8")
    if topic in OWN_TOPICS:
        for name in ("gazetteer.toml", "taxonomy.toml"):
            shutil.copy(REPO / name, project / name)
    catalogue = []
    for page in pages:
        (project / "seeds" / f"{page.name}.txt").write_text(page.text, encoding="utf-8")
        catalogue.append(f'["{page.name}.txt"]\nurl = "{page.truth["url"]}"\n')
    (project / "seeds" / "catalogue.toml").write_text("\n".join(catalogue), encoding="utf-8")
    return project


def read_article(path: Path) -> tuple[dict, list[str]]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    rendered = markdown.markdown(body)
    blocks = [norm(html.unescape(re.sub(r"<[^>]+>", "", b))) for b in re.findall(r"<(?:p|h\d)>(.*?)</(?:p|h\d)>", rendered, re.S)]
    return yaml.safe_load(front), [b for b in blocks if b]


def non_body_lines(page: Page) -> list[str]:
    """The lines a reader must never see as article text: furniture inside the body, everything
    above the lead but the headline, and the comment section."""
    lines = [norm(line) for line in page.text.split("\n") if norm(line)]
    truth = page.truth
    first = next(i for i, line in enumerate(lines) if line.startswith(norm(truth["first"])))
    comments = next((i for i, line in enumerate(lines) if truth["comments"] and line.startswith(norm(truth["comments"]))),
                    len(lines))
    above = [line for line in lines[:first] if line != norm(truth["headline"]) and line != norm(truth.get("standfirst", ""))]
    return [line for line in above + [norm(f) for f in truth["furniture"]] + lines[comments:] if len(line) >= 4]


def found_place(name: str, locations: set[str], gazetteer) -> bool:
    known = gazetteer.lookup(name) or gazetteer.lookup_variant(name)
    if known and known.name in locations:
        return True
    shape = skeleton(place_key(name))
    return any(skeleton(place_key(location)) == shape for location in locations)


def headline_places(page: Page, gazetteer) -> set[str]:
    """Places the headline names are rightly found too, though the truth lists the body's."""
    from topicsite.mentions import find_places

    return set(find_places(page.truth["headline"], gazetteer).names)


def score_page(page: Page, article: tuple[dict, list[str]] | None, gazetteer, score: Score) -> None:
    truth = page.truth
    score.pages += 1
    score.sites.add(truth["site"])
    miss = score.misses.append
    if article is None:
        miss(f"{page.name}: no article written")
        return
    meta, body = article
    if norm(meta["title"]).rstrip(".") == norm(truth["headline"]).rstrip("."):  # printed with and without its full stop
        score.headlines += 1
    else:
        miss(f"{page.name}: headline {meta['title']!r}, truth {truth['headline']!r}")

    locations = set(meta.get("locations", []))
    with_ancestors = set(locations)
    for name in locations:
        place = gazetteer.lookup(name)
        if place:
            with_ancestors.update(a.name for a in gazetteer.ancestors(place))
    for name in truth["places"]:
        score.places += 1
        if found_place(name, with_ancestors, gazetteer):
            score.places_found += 1
        else:
            miss(f"{page.name}: place {name!r} not found (locations: {sorted(locations)})")

    summary = norm(meta.get("summary", ""))
    for line in non_body_lines(page):
        if any(line == block or (len(line) >= 25 and line in block) for block in body):
            score.kept += 1
            miss(f"{page.name}: kept as article text: {line[:90]!r}")
    lead = norm(truth["first"])[:40]
    if summary and not (summary.startswith(lead[:30]) or any(summary[:30] in block for block in body)
                        or summary == norm(truth.get("standfirst", ""))):
        miss(f"{page.name}: summary is not the standfirst or the lead: {summary[:90]!r}")
    else:
        score.summaries += 1

    if body and body[0].startswith(norm(truth["first"])[:40]):
        score.starts += 1
    else:
        miss(f"{page.name}: body starts with {body[0][:70] if body else ''!r}, truth {truth['first'][:70]!r}")
    if body and body[-1].startswith(norm(truth["last"])[:40]):
        score.ends += 1
    else:
        miss(f"{page.name}: body ends with {body[-1][:70] if body else ''!r}, truth {truth['last'][:70]!r}")

    date, basis = str(meta.get("date", "")), meta.get("date_basis", "")
    if truth["date"]:
        score.dates += 1
        if date == truth["date"] and basis == "printed":
            score.dates_read += 1
        else:
            miss(f"{page.name}: date {date or 'none'!r}, truth {truth['date']!r} ({truth['date_text']!r})")
    if basis == "printed" and date != truth["date"]:
        score.invented += 1
        miss(f"{page.name}: INVENTED date {date!r}, truth {truth['date'] or 'none'!r}")

    named = truth["places"] + truth.get("other_places", [])
    for name in locations:
        score.locations += 1
        if not any(found_place(n, {name}, gazetteer) for n in named) and name not in headline_places(page, gazetteer):
            score.wrong_places += 1
            miss(f"{page.name}: {name!r} is not a place the body names")


def run(pages: list[Page], work: Path) -> tuple[Score, list[str]]:
    score, reports = Score(), []
    by_topic: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_topic[page.truth["topic"]].append(page)
    for topic, group in sorted(by_topic.items()):
        project = make_project(topic, group, work)
        config = load_config(project)
        report = import_seeds(config)
        reports += [str(w) for w in report.warnings] + [str(w) for w in getattr(report, "suggestions", [])]
        gazetteer = load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir)
        articles = {}
        for path in (project / "content").glob("*.md"):
            meta, body = read_article(path)
            articles[meta["source"]["seed"].removesuffix(".txt")] = (meta, body)
        for page in group:
            score_page(page, articles.get(page.name), gazetteer, score)
    return score, reports


def percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.0f}%)" if whole else "none"


def table(score: Score) -> str:
    rows = [
        ("headline right", percent(score.headlines, score.pages), "≥ 95%"),
        ("places named in the body that were found (towns, villages, provinces, countries)",
         percent(score.places_found, score.places), "≥ 90%"),
        ("places written that the text does not name", percent(score.wrong_places, score.locations), ""),
        ("comment or furniture lines published as article text", str(score.kept), "0"),
        ("a printed publication date read", percent(score.dates_read, score.dates), "≥ 90%"),
        ("an invented date", str(score.invented), "0"),
        ("body starts at the lead", percent(score.starts, score.pages), ""),
        ("body ends at the last paragraph", percent(score.ends, score.pages), ""),
        ("summary is the standfirst or the lead", percent(score.summaries, score.pages), ""),
    ]
    lines = [f"{score.pages} pages from {len(score.sites)} sites", "", "| | result | goal |", "|---|---|---|"]
    return "\n".join(lines + [f"| {a} | {b} | {c} |" for a, b, c in rows])


def speed(pages: list[Page], count: int, work: Path) -> None:
    """Import `count` seeds made from the pages; body lines get a number so that they differ."""
    project = work / "speed"
    shutil.rmtree(project, ignore_errors=True)
    (project / "seeds").mkdir(parents=True)
    for name in ("gazetteer.toml", "taxonomy.toml"):
        shutil.copy(REPO / name, project / name)
    (project / "site.toml").write_text('title = "speed"\ncountries = ["SY", "IQ"]\n', encoding="utf-8")
    catalogue = []
    for n in range(count):
        page = pages[n % len(pages)]
        lines, first = page.text.split("\n"), norm(page.truth["first"])
        start = next(i for i, line in enumerate(lines) if norm(line).startswith(first))
        varied = lines[:start] + [line.replace(". ", f". In report {n}, ", 1) if len(line) > 80 else line
                                  for line in lines[start:]]
        (project / "seeds" / f"{n:04d}.txt").write_text("\n".join(varied), encoding="utf-8")
        catalogue.append(f'["{n:04d}.txt"]\nurl = "{page.truth["url"].rstrip("/")}-{n}"\n')
    (project / "seeds" / "catalogue.toml").write_text("\n".join(catalogue), encoding="utf-8")
    config = load_config(project)
    started = time.perf_counter()
    report = import_seeds(config)
    seconds = time.perf_counter() - started
    print(f"imported {len(report.created)} seeds in {seconds:.1f} s ({1000 * seconds / count:.1f} ms a seed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--speed", type=int, metavar="N", help="time importing N seeds made from the pages")
    args = parser.parse_args()
    pages = load_pages(args.pages)
    if args.speed:
        speed(pages, args.speed, WORK)
        return
    score, _ = run(pages, WORK)
    if args.verbose:
        print("\n".join(score.misses), end="\n\n")
    print(table(score))


if __name__ == "__main__":
    main()

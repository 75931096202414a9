"""`python build.py new "Title"`: a new article with complete front matter, ready to write."""
from __future__ import annotations

from pathlib import Path

import yaml

from .config import Config
from .content import content_files
from .dates import parse_partial_date
from .errors import BuildFailed, Problem, did_you_mean
from .gazetteer import load_gazetteer
from .taxonomy import load_taxonomy
from .urls import RESERVED_SLUGS, slugify

MAX_SLUG = 80


def unique_slug(title: str, content_dir: Path, root: Path) -> str:
    """A slug no file or id in content/ uses yet: 'hajin-market', then 'hajin-market-2'…"""
    files = content_files(content_dir, root)
    taken = {p.stem for p in files} | RESERVED_SLUGS
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n")[:40]:
            if line.startswith("id:"):
                taken.add(line[3:].strip().strip("'\""))
    base = slugify(title)[:MAX_SLUG].rstrip("-")
    if not base:
        raise BuildFailed([Problem("(title)", None, f"the title '{title}' gives no URL name",
                                   "use a title with letters or digits")])
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def new_article(config: Config, title: str, places: list[str], tags: list[str],
                date: str | None = None) -> tuple[Path, list[Problem]]:
    """A draft with complete front matter. Undated unless the editor gives the report's date:
    today's date would file a report of years ago under today."""
    if date is not None:
        try:
            parse_partial_date(date)
        except ValueError as err:
            raise BuildFailed([Problem("--date", None, f"impossible date: {err}",
                                       "write the report's date as YYYY, YYYY-MM or YYYY-MM-DD")]) from None
    gazetteer = load_gazetteer(config.gazetteer_file, config.countries, config.root, config.cache_dir)
    taxonomy = load_taxonomy(config.taxonomy_file, config.root)
    warnings = []
    known_places = []
    for name in places:
        place = gazetteer.lookup(name)
        if place is None:
            hint = did_you_mean(name, sorted(gazetteer.places)) or "add it to gazetteer.toml if it is right"
            warnings.append(Problem("--place", None, f"'{name}' is not in the gazetteer", hint, "warning"))
        known_places.append(place.name if place else name)
    known_tags = []
    for name in tags:
        canonical = taxonomy.canonical(name)
        if canonical is None and taxonomy.entries:
            hint = taxonomy.suggestion(name) or "add it to taxonomy.toml if it is right"
            warnings.append(Problem("--tag", None, f"'{name}' is not in the taxonomy", hint, "warning"))
        known_tags.append(canonical or name)
    config.content_dir.mkdir(parents=True, exist_ok=True)
    slug = unique_slug(title, config.content_dir, config.root)
    meta = {"title": title, "id": slug, **({"date": date, "date_basis": "editor"} if date else {}), "summary": "",
            "locations": list(dict.fromkeys(known_places)), "tags": list(dict.fromkeys(known_tags)),
            "draft": True, "source": {"publisher": "", "url": ""}}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    path = config.content_dir / f"{slug}.md"
    with path.open("x", encoding="utf-8") as file:  # never overwrite an existing article
        file.write(f"---\n{front}---\n\nWrite the article here. It stays off the published site until you set draft: false.\n")
    return path, warnings

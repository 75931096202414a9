"""A deterministic synthetic archive for benchmarks: N articles of 500–700 words written the
way editors write them (headings, lists, emphasis, quotations, links inside and outside the
archive, numbered lists, and places the gazetteer does not hold); 2–5 tags of about 60 with
a skewed frequency; 1–3 places of about 120; dates spread over three years. The same N
always gives the same files."""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

WORDS = ("offensive forces fighters positions town river desert attack coalition report sources "
         "village province border withdrew advanced clashes militants strike convoy checkpoint "
         "civilians fled camps statement commander reinforcements supply route bridge market "
         "hospital district pocket defence ambush artillery drone patrol frontline siege").split()
TAGS = [f"Actor {n:02d}" for n in range(40)] + [f"Topic {n:02d}" for n in range(20)]
PLACES = [f"Place {n:03d}" for n in range(120)]
UNLISTED = [f"Hamlet {n:02d}" for n in range(30)]  # named in bodies, in no gazetteer


def skewed_choice(rng: random.Random, items: list[str], k: int) -> list[str]:
    """Zipf-like: the first items are far more frequent, as in a real archive."""
    weights = [1 / (rank + 1) for rank in range(len(items))]
    chosen: list[str] = []
    while len(chosen) < k:
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def marked_paragraph(rng: random.Random, words: int) -> str:
    """Running text with the inline Markdown editors use: emphasis, strong, a code span."""
    parts = [rng.choice(WORDS) for _ in range(words)]
    for at in sorted(rng.sample(range(1, words - 2, 3), 3), reverse=True):  # never overlapping
        mark = rng.choice(["*", "**", "_", "`"])
        parts[at:at + 2] = [f"{mark}{parts[at]} {parts[at + 1]}{mark}"]
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def article_text(n: int, rng: random.Random, total: int) -> str:
    day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    tags = skewed_choice(rng, TAGS, rng.randint(2, 5))
    places = skewed_choice(rng, PLACES, rng.randint(1, 3))
    hamlet = rng.choice(UNLISTED)
    body = [marked_paragraph(rng, 90)]
    for section in range(3):
        body.append(f"## Section {section + 1}")
        body.append(marked_paragraph(rng, 70) + f" Residents of {hamlet}, east of {places[0]}, \"fled\" at dawn.")
        if section == 1:
            body.append(f"> \"{paragraph(rng, 25)}\" said a commander in {hamlet}.\n>\n> {paragraph(rng, 12)}")
        body.append("\n".join(f"- {paragraph(rng, 8)}" for _ in range(3)) if section != 2 else
                    "\n".join(f"{k}. {marked_paragraph(rng, 12)}" for k in range(1, 4)))
        other = rng.randrange(total)
        body.append(paragraph(rng, 50) + f" See [an earlier report](/articles/a{other:06d}/), "
                    f"[the source](https://example.org/{n}/{section}) and <https://example.org/{n}/raw>.")
    return (f"---\ntitle: Report {n} on the {rng.choice(WORDS)} near {places[0]}\nid: a{n:06d}\n"
            f"date: {day.isoformat()}\nlocations: [{', '.join(places)}]\ntags: [{', '.join(tags)}]\n"
            f"summary: {paragraph(rng, 20)}\n---\n\n" + "\n\n".join(body) + "\n")


def gazetteer_text() -> str:
    rng = random.Random(7)
    lines = ['[[place]]\nname = "Benchland"\nkind = "country"\nlat = 35.0\nlon = 40.0\n']
    for region in range(6):
        lines.append(f'[[place]]\nname = "Region {region}"\nkind = "governorate"\nparent = "Benchland"\n')
    for n, name in enumerate(PLACES):
        lines.append(f'[[place]]\nname = "{name}"\nkind = "town"\nparent = "Region {n % 6}"\n'
                     f"lat = {33 + rng.random() * 4:.4f}\nlon = {38 + rng.random() * 5:.4f}\n")
    return "\n".join(lines)


def taxonomy_text() -> str:
    return "\n".join(f'[[tag]]\nname = "{tag}"\nkind = "{tag.split()[0].lower()}"\n' for tag in TAGS)


def write_corpus(folder: Path, count: int, layouts: Path, static: Path) -> Path:
    """A complete project: site.toml, gazetteer, taxonomy, layouts, static and N articles."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(layouts, folder / "layouts", dirs_exist_ok=True)
    shutil.copytree(static, folder / "static", dirs_exist_ok=True)
    (folder / "site.toml").write_text('title = "Bench Archive"\nbase_url = "https://example.org/"\ncountries = []\n')
    (folder / "gazetteer.toml").write_text(gazetteer_text())
    (folder / "taxonomy.toml").write_text(taxonomy_text())
    content = folder / "content"
    content.mkdir(exist_ok=True)
    rng = random.Random(2018)
    for n in range(count):
        (content / f"a{n:06d}.md").write_text(article_text(n, rng, count))
    return folder

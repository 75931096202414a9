"""Proof that an incremental build equals a cold build: apply random sequences of changes to
a synthetic archive (edits, renames, moves, tag, place and date changes, additions,
deletions, drafts; templates changed so that the output changes, a new field in a partial,
a removed block; the Markdown extensions; site.toml's title and page size; the gazetteer's
coordinates, aliases and parents; the taxonomy's aliases and kinds; an id changed, the old
one kept in aliases); after each, build
incrementally and from scratch, and compare every byte.

    python bench/incremental.py --articles 300 --steps 200 --seed 1 [--in-memory]

The test suite runs a short version (tests/test_incremental.py).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import PLACES, TAGS, write_corpus  # noqa: E402


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, output: Path, *flags: str, env: dict | None = None) -> None:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(project / "site.toml"),
                             "--no-import", "--no-search", "--output", str(output), *flags],
                            capture_output=True, text=True, env=os.environ | (env or {}))
    if result.returncode != 0:
        raise AssertionError(result.stderr)


KINDS = ["body", "title", "tags", "places", "date", "rename", "delete", "add", "draft", "move", "comment",
         "partial_field", "remove_block", "markdown", "site_title", "per_page", "coordinates", "place_alias",
         "parent", "tag_alias", "tag_kind", "id_alias"]
MARKDOWN_SETS = ['["tables", "fenced_code", "footnotes", "sane_lists", "toc"]', '["tables", "footnotes", "sane_lists"]',
                 '["tables", "fenced_code", "footnotes", "sane_lists", "toc", "smarty", "nl2br"]']


def setting(project: Path, key: str, value: str) -> None:
    """site.toml with `key = value` (a TOML value), replacing any earlier line for the key."""
    config = project / "site.toml"
    config.write_text(re.sub(rf"^{key} = .*\n", "", config.read_text(), flags=re.M) + f"{key} = {value}\n")


def toggle(path: Path, original: str, changed: str) -> None:
    """Make a change to a layout, or take it back."""
    text = path.read_text()
    path.write_text(text.replace(original, changed, 1) if original in text else text.replace(changed, original, 1))


def entry(text: str, name: str) -> tuple[int, int]:
    """Where the [[place]] or [[tag]] block named `name` starts and ends in a TOML file."""
    start = text.index(f'name = "{name}"\n')
    end = text.find("\n[[", start)
    return start, len(text) if end < 0 else end


def mutate(project: Path, rng: random.Random, kind: str | None = None) -> str:
    """One change an editor could make (of `kind`, or of a random kind); returns what it did."""
    content, layouts = project / "content", project / "layouts"
    files = sorted(content.rglob("*.md"))
    victim = rng.choice(files)
    text = victim.read_text()
    kind = kind or rng.choice(KINDS)
    gazetteer, taxonomy = project / "gazetteer.toml", project / "taxonomy.toml"
    if kind == "body":
        victim.write_text(text + f"\nA new paragraph {rng.randrange(10**6)}, with *emphasis* and \"quotes\".\n")
    elif kind == "title":
        victim.write_text(re.sub(r"^title: .*$", f"title: Retitled {rng.randrange(10**6)}", text, count=1, flags=re.M))
    elif kind == "tags":
        tags = rng.sample(TAGS, rng.randint(1, 4))
        victim.write_text(re.sub(r"^tags: .*$", f"tags: [{', '.join(tags)}]", text, count=1, flags=re.M))
    elif kind == "places":
        places = rng.sample(PLACES[:10], rng.randint(1, 3))
        victim.write_text(re.sub(r"^locations: .*$", f"locations: [{', '.join(places)}]", text, count=1, flags=re.M))
    elif kind == "date":
        date = rng.choice(["2017", "2017-06", f"2018-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"])
        victim.write_text(re.sub(r"^date: .*$", f"date: {date}", text, count=1, flags=re.M))
    elif kind == "id_alias":  # a new id, the old one kept in aliases: its address redirects
        old_id = re.search(r"^id: (.*)$", text, re.M)
        if old_id and "aliases:" not in text:
            victim.write_text(text.replace(old_id.group(0), f"id: moved{rng.randrange(10**6)}\naliases: [{old_id.group(1)}]", 1))
    elif kind == "rename":  # a new file name and a new id: the old page must go
        new_id = f"renamed{rng.randrange(10**6)}"
        victim.with_name(f"{new_id}.md").write_text(re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M))
        victim.unlink()
    elif kind == "delete" and len(files) > 3:
        victim.unlink()
    elif kind == "add":
        new_id = f"added{rng.randrange(10**6)}"
        copy = re.sub(r"^aliases: .*\n", "", text, flags=re.M)  # an alias is one article's only
        (content / f"{new_id}.md").write_text(re.sub(r"^id: .*$", f"id: {new_id}", copy, count=1, flags=re.M))
    elif kind == "draft":
        victim.write_text(text.replace("---\ntitle:", "---\ndraft: true\ntitle:", 1) if "draft: true" not in text
                          else text.replace("draft: true\n", "", 1))
    elif kind == "move":  # into a sub-folder: same id, same page
        (content / "sub").mkdir(exist_ok=True)
        victim.rename(content / "sub" / victim.name)
    elif kind == "comment":  # a change to a template that changes no page
        layout = layouts / "partials" / "article_list.html"
        layout.write_text(layout.read_text().replace("</ol>", f"</ol>\n{{# revision {rng.randrange(10**6)} #}}", 1))
    elif kind == "partial_field":  # a field no template showed before, in a partial every list uses
        toggle(layouts / "partials" / "article_item.html", "  </li>",
               '    {% if article.summary %}<p class="summary">{{ article.summary }}</p>{% endif %}\n  </li>')
    elif kind == "remove_block":  # the related articles taken off article pages, or put back
        path, kept = layouts / "article.html", project / ".related-block"
        original = path.read_text()
        start, end = original.find("{% if related %}"), original.rindex("{% endblock %}")
        if start >= 0:
            kept.write_text(original[start:end])
            path.write_text(original[:start] + original[end:])
        else:
            path.write_text(original[:end] + kept.read_text() + original[end:])
    elif kind == "markdown":
        setting(project, "markdown_extensions", rng.choice(MARKDOWN_SETS))
    elif kind == "site_title":
        setting(project, "title", f'"Bench Archive {rng.randrange(100)}"')
    elif kind == "per_page":
        setting(project, "per_page", str(rng.choice([3, 5, 20])))
    elif kind in ("coordinates", "place_alias", "parent"):
        place = rng.choice(PLACES[:10])
        data = gazetteer.read_text()
        start, end = entry(data, place)
        block = data[start:end]
        if kind == "coordinates":
            block = re.sub(r"lat = [\d.]+", f"lat = {33 + rng.random() * 4:.4f}", block)
        elif kind == "parent":
            block = re.sub(r'parent = "Region \d"', f'parent = "Region {rng.randrange(6)}"', block)
        else:  # a new spelling of the place, which an article then uses
            spelling = f"{place} spelt {rng.randrange(1000)}"
            block = re.sub(r"aliases = .*\n", "", block) + f'aliases = ["{spelling}"]\n'
            victim.write_text(re.sub(r"^locations: .*$", f"locations: [{spelling}]", text, count=1, flags=re.M))
        gazetteer.write_text(data[:start] + block + data[end:])
    elif kind in ("tag_alias", "tag_kind"):
        tag = rng.choice(TAGS[:10])
        data = taxonomy.read_text()
        start, end = entry(data, tag)
        block = data[start:end]
        if kind == "tag_kind":
            block = re.sub(r'kind = "\w+"', f'kind = "{rng.choice(["actor", "topic", "person"])}"', block)
        else:  # an article tagged with another name of the tag
            alias = f"{tag} also {rng.randrange(1000)}"
            block = re.sub(r"aliases = .*\n", "", block) + f'aliases = ["{alias}"]\n'
            victim.write_text(re.sub(r"^tags: .*$", f"tags: [{alias}]", text, count=1, flags=re.M))
        taxonomy.write_text(data[:start] + block + data[end:])
    return f"{kind} {victim.name}"


class InMemory:
    """Incremental builds as `serve` makes them: in this process, the state kept in memory
    between builds (the cache on disk still holds the Markdown and the published pages)."""

    def __init__(self):
        from topicsite.pipeline import State

        self.state = State()

    def __call__(self, project: Path, output: Path) -> None:
        from topicsite.config import load_config
        from topicsite.errors import BuildFailed
        from topicsite.pipeline import build as build_site

        config = load_config(project, {"output_dir": str(output)}, config_path=project / "site.toml")
        try:
            build_site(replace(config, search=False), state=self.state, run_import=False)
        except BuildFailed as failure:
            raise AssertionError("\n".join(map(str, failure.problems))) from None


def check(folder: Path, articles: int, steps: int, seed: int, in_memory: bool = False, journal: bool = False) -> list[str]:
    """Returns the list of changes applied; raises AssertionError at the first difference.
    With `in_memory`, the incremental builds keep their state in memory, as `serve` does.
    With `journal`, they save the state whole only the first time, and a journal after."""
    project = write_corpus(folder / "archive", articles, REPO / "layouts", REPO / "static")
    setting(project, "per_page", "5")
    rng = random.Random(seed)
    incremental, cold = folder / "incremental", folder / "cold"
    journaled = {"TOPICSITE_SAVE_WHOLE_AFTER": "1000000"} if journal else {}
    build_incrementally = InMemory() if in_memory else partial(build, env=journaled)
    build_incrementally(project, incremental)
    done, first = [], rng.sample(KINDS, len(KINDS))  # every kind once, in random order, then any
    for step in range(steps):
        for _ in range(rng.randint(1, 3)):  # sometimes several changes between two builds
            done.append(mutate(project, rng, first.pop() if first else None))
        build_incrementally(project, incremental)
        build(project, cold, "--no-cache")
        a, b = digests(incremental), digests(cold)
        if a != b:
            differing = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            raise AssertionError(f"step {step} after {done[-3:]}: incremental differs from cold in {differing[:10]}")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--in-memory", action="store_true", help="keep the state in memory, as serve does")
    parser.add_argument("--journal", action="store_true", help="save the state whole once, then only its journal")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        done = check(Path(folder), args.articles, args.steps, args.seed, args.in_memory, args.journal)
    print(f"{args.steps} steps, {len(done)} changes: every incremental build equal to the cold build.")


if __name__ == "__main__":
    main()

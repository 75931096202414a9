"""Proof that an incremental build equals a cold build: apply random sequences of edits,
renames, tag changes, additions and deletions to a synthetic archive; after each, build
incrementally and from scratch, and compare every byte.

    python bench/incremental.py --articles 300 --steps 200 --seed 1

The test suite runs a short version (tests/test_incremental.py).
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import PLACES, TAGS, write_corpus  # noqa: E402


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, output: Path, *flags: str) -> None:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--config", str(project / "site.toml"),
                             "--no-import", "--no-search", "--output", str(output), *flags],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(result.stderr)


def mutate(project: Path, rng: random.Random) -> str:
    """One random change an editor could make; returns what it did."""
    content = project / "content"
    files = sorted(content.rglob("*.md"))
    victim = rng.choice(files)
    text = victim.read_text()
    kind = rng.choice(["body", "title", "tags", "places", "date", "rename", "delete", "add", "draft", "move",
                       "template", "per_page"])
    if kind == "body":
        victim.write_text(text + f"\nA new paragraph {rng.randrange(10**6)}.\n")
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
    elif kind == "rename":  # a new file name and a new id: the old page must go
        new_id = f"renamed{rng.randrange(10**6)}"
        victim.with_name(f"{new_id}.md").write_text(re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M))
        victim.unlink()
    elif kind == "delete" and len(files) > 3:
        victim.unlink()
    elif kind == "add":
        new_id = f"added{rng.randrange(10**6)}"
        (content / f"{new_id}.md").write_text(re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M))
    elif kind == "draft":
        victim.write_text(text.replace("---\ntitle:", "---\ndraft: true\ntitle:", 1) if "draft: true" not in text
                          else text.replace("draft: true\n", "", 1))
    elif kind == "move":  # into a sub-folder: same id, same page
        (content / "sub").mkdir(exist_ok=True)
        victim.rename(content / "sub" / victim.name)
    elif kind == "template":
        layout = project / "layouts" / "partials" / "article_list.html"
        layout.write_text(layout.read_text().replace("</ol>", f"</ol>\n{{# revision {rng.randrange(10**6)} #}}", 1))
    elif kind == "per_page":
        config = project / "site.toml"
        config.write_text(re.sub(r"per_page = \d+\n", "", config.read_text()) + f"per_page = {rng.choice([3, 5, 20])}\n")
    return f"{kind} {victim.name}"


def check(folder: Path, articles: int, steps: int, seed: int) -> list[str]:
    """Returns the list of changes applied; raises AssertionError at the first difference."""
    project = write_corpus(folder / "archive", articles, REPO / "layouts", REPO / "static")
    (project / "site.toml").write_text((project / "site.toml").read_text() + "per_page = 5\n")
    rng = random.Random(seed)
    incremental, cold = folder / "incremental", folder / "cold"
    build(project, incremental)
    done = []
    for step in range(steps):
        for _ in range(rng.randint(1, 3)):  # sometimes several changes between two builds
            done.append(mutate(project, rng))
        build(project, incremental)
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
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        done = check(Path(folder), args.articles, args.steps, args.seed)
    print(f"{args.steps} steps, {len(done)} changes: every incremental build equal to the cold build.")


if __name__ == "__main__":
    main()

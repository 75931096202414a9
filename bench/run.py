"""Benchmark: build a synthetic archive of N articles and time what editors do all day.

    python bench/run.py --articles 1000 10000 [--runs 3] [--compare] [--search]

For each N it generates the corpus (deterministically) in bench/work/, then reports the
median over --runs runs of wall time, CPU time and peak memory for: a cold build (no cache,
no output); a rebuild with nothing changed; the first and second changes after a cold build
(editing one article's body, then adding one article: what an editor meets first); and,
once those are undone, a rebuild after editing one article's body, after changing one
article's tags, after adding one article (a new report, dated like the newest), after
adding one dated years back, after deleting one. Before each timed build it waits for the
disk (os.sync), so that the kernel's lazy writing of one build's files is not charged to
the next. Search
indexing is left out (`--no-search`) so that the comparison with Hugo is like for like;
--search times it apart. --compare builds the same corpus with Hugo and Pelican in the same
run and prints the ratios.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import write_corpus  # noqa: E402
from bench.measure import Measure, measure, median_measure  # noqa: E402
from bench.others import hugo_command, hugo_site, pelican_command, pelican_site  # noqa: E402

WORK = HERE / "work"


def ours(project: Path, *flags: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "--config", str(project / "site.toml"), "--no-import", *flags]


def clear(*folders: Path) -> None:
    """Remove folders before a cold build, then wait for the disk: the kernel finishes a
    large delete lazily, and that work must not be charged to whichever build runs next."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def reset(project: Path) -> None:
    clear(*(project / name for name in ("_site", "._site.staging", ".cache")))  # output, the site kept to update, cache


class Scenario:
    """One change an editor makes, and how to undo it so every run starts alike."""

    def __init__(self, project: Path):
        self.content = project / "content"
        self.victim = self.content / "a000007.md"
        self.original = self.victim.read_text()
        self.edits = 0
        dates = (re.search(r"^date: (.+)$", p.read_text(), re.M) for p in self.content.glob("*.md"))
        self.newest = max(found.group(1) for found in dates if found)

    def edit_body(self):
        self.edits += 1  # every edit a new text, as an editor's: nothing made before can be reused
        self.victim.write_text(self.original + f"\nAn added sentence about the river crossing ({self.edits}).\n")

    def change_tags(self):
        self.victim.write_text(self.original.replace("tags: [", "tags: [Topic 19, ", 1))

    def add_article(self):
        """A report arrives: dated like the newest in the archive, so that it joins the
        first page of each of its lists and the newest numbered one."""
        text = re.sub(r"^date: .+$", f"date: {self.newest}", self.original, count=1, flags=re.M)
        (self.content / "zz-new.md").write_text(text.replace("id: a000007", "id: zz-new"))

    def add_old_article(self):
        """A report from long ago joins the archive: every numbered page newer than its date
        moves by one article, in each of its lists."""
        (self.content / "zz-new.md").write_text(self.original.replace("id: a000007", "id: zz-new"))

    def delete_article(self):
        self.victim.unlink()

    def undo(self):
        (self.content / "zz-new.md").unlink(missing_ok=True)
        self.victim.write_text(self.original)


def bench_ours(project: Path, runs: int) -> dict[str, Measure]:
    results: dict[str, list[Measure]] = {}

    def timed(name: str) -> None:
        os.sync()  # the last build's writes, which the kernel finishes lazily, are not this one's
        results.setdefault(name, []).append(measure(ours(project, "--no-search"), project))

    for _ in range(runs):
        reset(project)
        timed("cold build")
        timed("nothing changed")
        scenario = Scenario(project)
        # The first changes after a cold build have rows of their own: an editor meets them first.
        scenario.edit_body()
        timed("first change after a cold build: one body edited")
        scenario.add_article()
        timed("second change: one article added")
        scenario.undo()
        measure(ours(project, "--no-search"), project)
        for name, change in [("one body edited", scenario.edit_body), ("one article's tags changed", scenario.change_tags),
                             ("one article added", scenario.add_article),
                             ("one article added, dated years back", scenario.add_old_article),
                             ("one article deleted", scenario.delete_article)]:
            change()
            timed(name)
            scenario.undo()
            measure(ours(project, "--no-search"), project)  # back to the corpus as generated
    return {name: median_measure(values) for name, values in results.items()}


def bench_search(project: Path, runs: int) -> dict[str, Measure]:
    """Pagefind on its own: a full index of the built site, and the rebuild after one edit."""
    measures, edits = [], []
    for _ in range(runs):
        reset(project)
        measure(ours(project, "--no-search"), project)
        with_search = measure(ours(project), project)  # only the index is new work here
        measures.append(with_search)
        scenario = Scenario(project)
        scenario.edit_body()
        edits.append(measure(ours(project), project))
        scenario.undo()
    return {"search index, full": median_measure(measures), "one body edited, with search": median_measure(edits)}


def bench_others(project: Path, runs: int) -> dict[str, Measure]:
    hugo = hugo_site(project, project.parent / "hugo")
    pelican = pelican_site(project, project.parent / "pelican")
    results: dict[str, list[Measure]] = {}
    for _ in range(runs):
        clear(hugo / "public")
        results.setdefault("Hugo cold build", []).append(measure(hugo_command(hugo, hugo / "public"), hugo))
        os.sync()
        results.setdefault("Hugo rebuild, nothing changed", []).append(measure(hugo_command(hugo, hugo / "public"), hugo))
    for _ in range(max(1, runs // 2)):  # Pelican is slow: fewer runs
        clear(pelican / "output", pelican / "cache")
        results.setdefault("Pelican cold build", []).append(
            measure(pelican_command(pelican, pelican / "output", cached=False), pelican))
        measure(pelican_command(pelican, pelican / "output", cached=True), pelican)  # fill its cache
        os.sync()
        results.setdefault("Pelican rebuild with its cache", []).append(
            measure(pelican_command(pelican, pelican / "output", cached=True), pelican))
    return {name: median_measure(values) for name, values in results.items()}


def table(count: int, rows: dict[str, Measure], hugo: Measure | None) -> str:
    lines = [f"\n### {count:,} articles\n", "| build | wall | CPU | peak memory |" + (" vs Hugo cold |" if hugo else ""),
             "|---|---:|---:|---:|" + ("---:|" if hugo else "")]
    for name, m in rows.items():
        ratio = f" {m.wall / hugo.wall:.2f}× |" if hugo else ""
        lines.append(f"| {name} | {m.wall:.2f} s | {m.cpu:.2f} s | {m.peak_mb:.0f} MB |{ratio}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", action="store_true", help="also build the corpus with Hugo and Pelican")
    parser.add_argument("--search", action="store_true", help="also time the Pagefind index")
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.runs} runs.")
    for count in args.articles:
        project = WORK / f"n{count}" / "archive"
        if not (project / "content" / f"a{count - 1:06d}.md").exists():
            shutil.rmtree(project.parent, ignore_errors=True)
            write_corpus(project, count, REPO / "layouts", REPO / "static")
        else:  # keep the corpus, take the current layouts
            shutil.copytree(REPO / "layouts", project / "layouts", dirs_exist_ok=True)
            shutil.copytree(REPO / "static", project / "static", dirs_exist_ok=True)
        rows = bench_ours(project, args.runs)
        if args.search:
            rows.update(bench_search(project, args.runs))
        hugo = None
        if args.compare:
            others = bench_others(project, args.runs)
            hugo = others["Hugo cold build"]
            rows.update(others)
        print(table(count, rows, hugo), flush=True)
        if args.compare:
            pelican = rows["Pelican cold build"]
            cold = rows["cold build"]
            changes = ", ".join(f"{name} {rows[name].wall / hugo.wall:.0%}" for name in rows
                                if name not in ("cold build", "nothing changed") and not name.startswith(("Hugo", "Pelican")))
            print(f"\nCold build: {cold.wall / hugo.wall:.2f}× Hugo's wall time, {pelican.wall / cold.wall:.1f}× faster "
                  f"than Pelican, peak memory {cold.peak_mb / hugo.peak_mb:.0%} of Hugo's. Against Hugo's full build: "
                  f"{changes}.")


if __name__ == "__main__":
    main()

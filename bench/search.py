"""Search figures: Pagefind's index time and peak memory at several archive sizes, sharded by
year and as one single index; the re-index after a one-article edit; and, in Chromium on
loopback, the bytes a reader downloads for a first query and for a filtered one, and the time
from typing to the first result.

    python bench/search.py --articles 1000 10000 30000
    python bench/search.py --articles 100000 --no-browser --sharded-only

Run bench/run.py first for the same sizes, or let this script generate the corpora.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.corpus import write_corpus  # noqa: E402
from bench.measure import measure  # noqa: E402
from bench.run import WORK, Scenario, ours  # noqa: E402


def set_sharding(project: Path, mode: str) -> None:
    config = project / "site.toml"
    text = re.sub(r"search_shards = .*\n", "", config.read_text())
    config.write_text(text + f'search_shards = "{mode}"\n')


def index_figures(project: Path, single: bool = True) -> dict[str, str]:
    rows = {}
    modes = (("none", "single index"), ("year", "sharded by year")) if single else (("year", "sharded by year"),)
    for mode, label in modes:
        set_sharding(project, mode)
        measure(ours(project, "--no-search"), project)  # pages ready; only the index is new work below
        for site in ("_site", "._site.staging"):  # no bundle left to reuse: a full index
            shutil.rmtree(project / site / "pagefind", ignore_errors=True)
        full = measure(ours(project), project)
        rows[f"full index, {label}"] = str(full)
        scenario = Scenario(project)
        scenario.edit_body()
        edit = measure(ours(project), project)
        rows[f"one article edited, {label} (build and index)"] = str(edit)
        scenario.undo()
        measure(ours(project), project)
    return rows


def browser_figures(project: Path) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    from topicsite.server import serve_in_background

    server = serve_in_background(project / "_site", "/")
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        downloaded = {"bytes": 0}

        def count(response):
            if "/pagefind/" in response.url:
                try:
                    downloaded["bytes"] += len(response.body())
                except Exception:  # noqa: BLE001 - a cancelled request has no body
                    pass

        page.on("response", count)
        page.goto(base + "search/")
        page.locator("#search.search-ready").wait_for()
        downloaded["bytes"] = 0
        started = time.perf_counter()
        page.fill("#search-q", "convoy")
        page.locator("#search-results li").first.wait_for()
        rows["typing to first result"] = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        page.wait_for_timeout(500)
        rows["bytes for a first query"] = f"{downloaded['bytes'] / 1024:.0f} KB (after the search page itself)"
        downloaded["bytes"] = 0
        page.select_option("#search-place", "Place 000")
        page.wait_for_timeout(1500)
        rows["bytes for a filtered query"] = f"{downloaded['bytes'] / 1024:.0f} KB more"
        browser.close()
    server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--sharded-only", action="store_true",
                        help="skip the single index (at 100,000 articles it needs more memory than this machine has)")
    args = parser.parse_args()
    for count in args.articles:
        project = WORK / f"n{count}" / "archive"
        if not (project / "content" / f"a{count - 1:06d}.md").exists():
            shutil.rmtree(project.parent, ignore_errors=True)
            write_corpus(project, count, REPO / "layouts", REPO / "static")
        shutil.copytree(REPO / "layouts", project / "layouts", dirs_exist_ok=True)
        shutil.copytree(REPO / "static", project / "static", dirs_exist_ok=True)
        rows = index_figures(project, single=not args.sharded_only)
        if not args.no_browser:
            rows.update(browser_figures(project))
        print(f"\n### Search, {count:,} articles\n\n| what | figure |\n|---|---|")
        for name, value in rows.items():
            print(f"| {name} | {value} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

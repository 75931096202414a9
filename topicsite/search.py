"""Full-text search with Pagefind, sharded: one Pagefind bundle per shard of articles (a year,
split when busy), merged in the browser with `mergeIndex`. A shard is indexed again only
when one of its article pages changed; the others are reused as they are. So one edit
re-indexes one shard, and memory stays bounded however large the archive grows.

Pagefind writes its filter files in an order that varies from run to run; reusing a shard
whose pages are unchanged also keeps rebuilds of the same input byte-identical.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING
from pathlib import Path

from .errors import BuildFailed, Problem

if TYPE_CHECKING:
    from .plan import Shard  # planned there; read here

BUNDLES = "pagefind"  # pagefind/<shard>/pagefind.js …
STAMP = ".indexed-pages"  # inside each bundle: the key of the pages it was built from
SIZE = ".indexed-size"  # and its bytes and files, the stamp's included (not this file's own bytes)


def index_shards(fresh: Path, previous: Path, shards: list[Shard], defer: bool = False) -> list[Shard]:
    """Write fresh/pagefind/<shard>/ for every shard: reused from the previous output when
    its pages are unchanged, else indexed by Pagefind from those pages only. Returns the
    shards that were indexed. With `defer` (the preview), a changed shard keeps its old
    bundle for now and is returned, for `index_later` once the page has reloaded."""
    changed, to_index = [], []
    bundles = fresh / BUNDLES
    wanted = {shard.name for shard in shards}
    if bundles.is_dir():  # a staging folder being updated: drop the bundles of shards that are gone
        for folder in bundles.iterdir():
            if folder.name not in wanted:
                shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
    for shard in shards:
        target = bundles / shard.name
        if _stamp(target) == shard.key:
            continue  # the staging folder already has it
        shutil.rmtree(target, ignore_errors=True)
        old = previous / BUNDLES / shard.name
        if _stamp(old) == shard.key:
            shutil.copytree(old, target, copy_function=os.link)
            continue
        changed.append(shard)
        if defer and _stamp(old) is not None:
            shutil.copytree(old, target, copy_function=os.link)
            continue
        to_index.append(shard)

    def index(shard: Shard) -> None:
        target = fresh / BUNDLES / shard.name
        run_pagefind(fresh, shard, target)
        stamp(target, shard.key)

    # One Pagefind process per shard, as many at a time as there are cores.
    with ThreadPoolExecutor(max_workers=max(1, min(len(to_index), os.cpu_count() or 1))) as pool:
        list(pool.map(index, to_index))
    return changed


def stamp(bundle: Path, key: str) -> None:
    """Mark a bundle as made from the pages of `key`, and note its size for index_size (apart:
    the size varies with the order Pagefind writes its filters in, the key does not)."""
    size, files = _walk(bundle)
    (bundle / STAMP).write_text(key + "\n")
    (bundle / SIZE).write_text(f"{size + len(key) + 1} {files + 2}\n")


def _walk(bundle: Path) -> tuple[int, int]:
    size = files = 0
    for folder, _, names in os.walk(bundle):
        for name in names:
            size, files = size + os.stat(os.path.join(folder, name)).st_size, files + 1
    return size, files


def _stamp(bundle: Path) -> str | None:
    try:
        return (bundle / STAMP).read_text().strip()
    except OSError:
        return None


def index_size(site: Path) -> tuple[int, int]:
    """The bytes and files of a site's search index, from the stamps of its bundles."""
    size = files = 0
    for bundle in (site / BUNDLES).iterdir() if (site / BUNDLES).is_dir() else ():
        try:
            text = (bundle / SIZE).read_text()
            counted = [int(n) for n in text.split()]
            size, files = size + counted[0] + len(text), files + counted[1]
        except (OSError, ValueError, IndexError):  # not a bundle this version stamped
            walked = _walk(bundle) if bundle.is_dir() else (bundle.stat().st_size, 1)
            size, files = size + walked[0], files + walked[1]
    return size, files


def index_later(site: Path, shards: list[Shard]) -> None:
    """Re-index shards of a live site, each swapped in whole when it is ready."""
    for shard in shards:
        target = site / BUNDLES / shard.name
        fresh = site / BUNDLES / f".{shard.name}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        run_pagefind(site, shard, fresh)
        stamp(fresh, shard.key)
        old = site / BUNDLES / f".{shard.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def run_pagefind(site: Path, shard: Shard, target: Path) -> None:
    """Pagefind reads whole folders fast: give it a folder holding only the shard's pages
    (hard links, at their paths in the site, so result URLs come out right)."""
    pages = site / f".shard-{shard.name}"
    shutil.rmtree(pages, ignore_errors=True)
    try:
        for path in shard.pages:
            (pages / path).parent.mkdir(parents=True, exist_ok=True)
            os.link(site / path, pages / path)
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(target),
                                 "--silent"], capture_output=True, text=True)
    finally:
        shutil.rmtree(pages, ignore_errors=True)
    if result.returncode != 0 or not (target / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BuildFailed([Problem("(search index)", None, f"Pagefind failed on shard {shard.name}: {detail[0]}",
                                   "run again; if it persists, build with --no-search and report it")])

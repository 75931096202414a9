"""Full-text search with Pagefind: index the article pages of a freshly written site.

Pagefind writes its filter files in an order that varies from run to run, so an index
is reused from the previous build whenever the pages it indexes are unchanged: a rebuild
of the same input stays byte-identical, and costs nothing.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import BuildFailed, Problem

BUNDLE = "pagefind"
STAMP = ".indexed-pages-sha256"  # inside the bundle: what it was built from


def index_site(fresh: Path, previous: Path, wanted: str) -> bool:
    """Write fresh/pagefind/. `wanted` is the key of every page Pagefind reads (the article
    pages). Returns True if Pagefind ran, False if the previous index was reused."""
    old_bundle = previous / BUNDLE
    stamp = old_bundle / STAMP
    if stamp.is_file() and stamp.read_text().strip() == wanted:
        shutil.copytree(old_bundle, fresh / BUNDLE)
        return False
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(fresh), "--output-subdir", BUNDLE,
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0 or not (fresh / BUNDLE / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise BuildFailed([Problem("(search index)", None, f"Pagefind failed: {detail[0]}",
                                   "run again; if it persists, build with --no-search and report it")])
    (fresh / BUNDLE / STAMP).write_text(wanted + "\n")
    return True

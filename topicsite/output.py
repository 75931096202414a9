"""Write the rendered site into a fresh folder, then swap it into place in one step.

A failed or interrupted build therefore never touches the published output. The build
only ever deletes folders it made itself: the output carries a marker file.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

from .errors import BuildFailed, Problem, display_path
from .render import Page

MARKER = ".topicsite"  # says "this folder was written by the generator and may be replaced"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    result = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def check_replaceable(output: Path, root: Path) -> None:
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise BuildFailed([Problem(display_path(output, root), None,
                                   "the output folder exists and was not made by this generator, so it will not be replaced",
                                   "move it away, or set another output_dir in site.toml")])


def write_site(pages: list[Page], output: Path, root: Path, finish=None) -> None:
    """Write every page into a fresh folder, let `finish(fresh, previous)` add to it (the
    search index), then swap it into place. Until the swap, `output` is untouched."""
    check_replaceable(output, root)
    output.parent.mkdir(parents=True, exist_ok=True)
    for stale in output.parent.glob(f".{output.name}.*-tmp"):
        shutil.rmtree(stale, ignore_errors=True)  # left behind by an interrupted build
    fresh = output.parent / f".{output.name}.new-tmp"
    fresh.mkdir()
    try:
        for page in pages:
            target = fresh / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.data)
        (fresh / MARKER).write_text("Written by build.py; the whole folder is replaced on each build.\n")
        if finish:
            finish(fresh, output)
    except OSError as err:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildFailed([Problem(display_path(output, root), None, f"could not write the site: {err.strerror}",
                                   "check the disk space and permissions")]) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if output.exists() and _exchange(fresh, output):
        shutil.rmtree(fresh)  # now holds the previous site
        return
    old = output.parent / f".{output.name}.old-tmp"
    if output.exists():
        output.rename(old)
    fresh.rename(output)
    shutil.rmtree(old, ignore_errors=True)

"""Write the next site into a staging folder beside the published one, and swap it in.

One path for every build. The staging folder holds the site the last build replaced, with
the key of each of its pages; it is brought up to date (a page whose key is unchanged stays,
one unchanged since the published site is hard-linked from it, the rest is rendered), then
exchanged with the published folder in one atomic step, and the replaced site becomes the
next build's staging folder. A folder of unknown state starts empty; the published site is
never written into. A lock keeps a second build of the same output waiting.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from .workers import write_file
from .errors import BuildFailed, Problem, display_path

MARKER = ".topicsite"  # says "this folder was written by the generator and may be replaced"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def staging_folder(output: Path) -> Path:
    return output.parent / f".{output.name}.staging"


@contextmanager
def site_lock(output: Path, out=sys.stderr):
    """One build of an output folder at a time: a second one waits, and says why."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output.parent / f".{output.name}.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            print(f"Another build of {output.name}/ is running ({holder}); waiting for it to finish…", file=out, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"process {os.getpid()}")
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def check_replaceable(output: Path, root: Path) -> None:
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).exists())):
        raise BuildFailed([Problem(display_path(output, root), None,
                                   "the output folder exists and was not made by this generator, so it will not be replaced",
                                   "move it away, or set another output_dir in site.toml")])


def build_id_of(folder: Path) -> str | None:
    """The id the build that completed a folder wrote into its marker, or None."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[1].removeprefix("build: ") if len(lines) > 1 and lines[1].startswith("build: ") else None


def write_site(jobs: list, output: Path, root: Path, published: tuple[dict[str, str], dict[str, int]],
               staged: tuple[str | None, dict[str, str], dict[str, int]], build_id: str, render,
               finish=None) -> tuple[int, bool, dict[str, int]]:
    """Bring the staging folder to the next site and swap it into place; until the swap,
    `output` is untouched. `published` and `staged` are the page keys and sizes of the
    output folder and of the staging folder (with the build id it must carry);
    `render(jobs, folder)` makes the pages no folder holds and returns their sizes, and
    `finish(folder, output)` may add to the result (the search index). Returns how many
    pages were rendered, whether the staging folder is now a copy of the new site (after a
    first build) rather than the site it replaced, and the size of every page."""
    check_replaceable(output, root)
    staging = staging_folder(output)
    (published_keys, published_sizes), (staged_id, staged_keys, staged_sizes) = published, staged
    if staged_id is None or build_id_of(staging) != staged_id:
        discard(staging)  # an unknown or unfinished state: not worth repairing
        staged_keys = {}
    try:
        staging.mkdir(parents=True, exist_ok=True)
        write_file(staging / MARKER, b"Being rewritten by build.py\nbuild: unfinished\n")
        to_render, sizes = [], {}
        staged_in, published_in = f"{staging}{os.sep}", f"{output}{os.sep}"  # strings: a site has 100,000s of files
        for job in jobs:
            if staged_keys.get(job.path) == job.key and os.path.isfile(staged_in + job.path):
                sizes[job.path] = staged_sizes.get(job.path)
            elif published_keys.get(job.path) == job.key and _link(published_in + job.path, staged_in + job.path):
                sizes[job.path] = published_sizes.get(job.path)
            else:
                to_render.append(job)
        wanted = {job.path for job in jobs}
        for path in sorted(set(staged_keys) - wanted):  # pages of articles and terms that are gone
            _remove(staging, path)
        sizes.update(render(to_render, staging))
        for path in [path for path, size in sizes.items() if size is None]:  # kept by an older version
            sizes[path] = os.stat(staged_in + path).st_size
        if finish:
            finish(staging, output)
        write_file(staging / MARKER, ("Written by build.py; the whole folder is replaced on each build.\n"
                                      f"build: {build_id}\n").encode("utf-8"))
    except OSError as err:
        raise BuildFailed([Problem(display_path(output, root), None, f"could not write the site: {err.strerror}",
                                   "check the disk space and permissions")]) from None
    first = not output.exists()
    _swap(staging, output)
    if first:  # no site was replaced: stage a copy (hard links), so the next build writes only what changes
        try:
            _mirror(output, staging)
        except OSError:
            discard(staging)
    return len(to_render), first, sizes


def _mirror(site: Path, copy: Path) -> None:
    for folder, _, files in os.walk(site):
        target = copy / os.path.relpath(folder, site)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), target / name)


def _remove(folder: Path, path: str) -> None:
    gone = folder / path
    gone.unlink(missing_ok=True)
    for parent in gone.parents:
        if parent == folder or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()


def _link(old: str, new: str) -> bool:
    """Reuse a page of the published site: a hard link costs no copy; False if it is gone."""
    try:
        os.unlink(new)
    except FileNotFoundError:
        pass
    try:
        os.link(old, new)
    except FileNotFoundError:
        if not os.path.isfile(old):
            return False
        os.makedirs(os.path.dirname(new), exist_ok=True)
        os.link(old, new)
    except OSError:
        if not os.path.isfile(old):
            return False
        os.makedirs(os.path.dirname(new), exist_ok=True)
        shutil.copy2(old, new)  # another file system: copy instead
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None
    if libc is None or not hasattr(libc, "renameat2"):
        return False
    return libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


def _swap(staging: Path, output: Path) -> None:
    """The new site takes the place of the published one, which becomes the staging folder."""
    if output.exists() and _exchange(staging, output):
        return
    if output.exists():  # no atomic exchange here: two renames, the second at once
        old = output.parent / f".{output.name}.old-tmp"
        discard(old)
        output.rename(old)
        staging.rename(output)
        old.rename(staging)
    else:
        staging.rename(output)


def discard(folder: Path) -> None:
    """Delete a folder the generator made (it holds the marker), or nothing."""
    if folder.is_dir() and ((folder / MARKER).is_file() or not any(folder.iterdir())):
        shutil.rmtree(folder, ignore_errors=True)


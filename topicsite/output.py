"""Write the rendered site into a fresh folder, then swap it into place in one step.

A failed or interrupted build therefore never touches the published output. The build
only ever deletes folders it made itself: the output carries a marker file.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

from .errors import BuildFailed, Problem, display_path

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


def previous_build_id(output: Path) -> str | None:
    """The id the last complete build wrote into its marker, or None."""
    try:
        lines = (output / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[1].removeprefix("build: ") if len(lines) > 1 and lines[1].startswith("build: ") else None


PARALLEL_MIN = 200  # below this many pages to render, starting worker processes costs more than it saves
_WORK: tuple = ()  # (jobs, folder) for forked workers, which inherit it instead of receiving it


def _render_slice(bounds: tuple[int, int]) -> int:
    jobs, folder = _WORK
    for job in jobs[bounds[0]:bounds[1]]:
        _write(folder / job.path, job.make())
    return bounds[1] - bounds[0]


def _write(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def render_jobs(jobs: list, folder: Path, workers: int, progress=None) -> None:
    global _WORK
    if len(jobs) < PARALLEL_MIN or workers < 2:
        for done, job in enumerate(jobs, 1):
            _write(folder / job.path, job.make())
            if progress and done % 100 == 0:
                progress("Rendering", done, len(jobs))
        return
    from multiprocessing import get_context

    for job in jobs:  # folders first, so workers never race to create them
        (folder / job.path).parent.mkdir(parents=True, exist_ok=True)
    _WORK = (jobs, folder)
    step = 100
    slices = [(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)]
    try:
        with get_context("fork").Pool(workers) as pool:
            done = 0
            for count in pool.imap_unordered(_render_slice, slices):
                done += count
                if progress:
                    progress("Rendering", done, len(jobs))
    finally:
        _WORK = ()


def write_site(jobs: list, output: Path, root: Path, old_keys: dict[str, str], build_id: str, workers: int = 1,
               finish=None, progress=None) -> int:
    """Fill a fresh folder: pages whose key is unchanged are hard-linked from the current
    output, the others rendered (on every core when many). Then `finish(fresh, previous)`
    may add to it (the search index), and it is swapped into place in one step. Until the
    swap, `output` is untouched. Returns how many pages were rendered."""
    check_replaceable(output, root)
    output.parent.mkdir(parents=True, exist_ok=True)
    for stale in output.parent.glob(f".{output.name}.*-tmp"):
        shutil.rmtree(stale, ignore_errors=True)  # left behind by an interrupted build
    fresh = output.parent / f".{output.name}.new-tmp"
    fresh.mkdir()
    try:
        to_render = []
        for job in jobs:
            if old_keys.get(job.path) == job.key and _link(output / job.path, fresh / job.path):
                continue
            to_render.append(job)
        render_jobs(to_render, fresh, workers, progress)
        (fresh / MARKER).write_text("Written by build.py; the whole folder is replaced on each build.\n"
                                    f"build: {build_id}\n", encoding="utf-8")
        if finish:
            finish(fresh, output)
    except OSError as err:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildFailed([Problem(display_path(output, root), None, f"could not write the site: {err.strerror}",
                                   "check the disk space and permissions")]) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    swap_into_place(fresh, output)
    return len(to_render)


def _link(old: Path, new: Path) -> bool:
    """Reuse a page of the current output: a hard link costs no copy; False if it is gone."""
    try:
        os.link(old, new)
    except FileNotFoundError:
        if not old.is_file():
            return False
        new.parent.mkdir(parents=True, exist_ok=True)
        os.link(old, new)
    except OSError:
        if not old.is_file():
            return False
        new.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(old, new)  # another file system: copy instead
    return True


def swap_into_place(fresh: Path, output: Path) -> None:
    if output.exists() and _exchange(fresh, output):
        discard(fresh)  # now holds the previous site
        return
    old = output.parent / f".{output.name}.old-tmp"
    if output.exists():
        output.rename(old)
    fresh.rename(output)
    discard(old)


def discard(folder: Path) -> None:
    """Delete a replaced site. Removing thousands of folders takes seconds that nobody needs
    to wait for, so a detached `rm` does it; the next build sweeps up whatever remains."""
    trash = folder.with_name(folder.name.replace("-tmp", "") + f".trash-{os.getpid()}-tmp")
    try:
        folder.rename(trash)
    except OSError:
        trash = folder
    rm = shutil.which("rm")
    if rm:
        subprocess.Popen([rm, "-rf", "--", str(trash)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        shutil.rmtree(trash, ignore_errors=True)

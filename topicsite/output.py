"""Write the rendered site beside the published one, then swap it into place in one step.

A failed or interrupted build therefore never touches the published output. The site it
replaces is kept as the spare, and the next build updates that spare into the next site,
writing only what changed. The build only ever deletes folders it made itself: they carry
a marker file.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

from .errors import BuildFailed, Problem, display_path
from .workers import fork_pool

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
    """A new file, never written into an old one: the old one may be a hard link to a page
    of the published site, which must not change."""
    target.unlink(missing_ok=True)
    try:
        target.write_bytes(data)
    except FileNotFoundError:  # its folder is new: made here, in the workers (exist_ok: two may race to it)
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
    _WORK = (jobs, folder)
    step = 100
    slices = [(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)]
    try:
        with fork_pool(workers) as pool:
            done = 0
            for count in pool.imap_unordered(_render_slice, slices):
                done += count
                if progress:
                    progress("Rendering", done, len(jobs))
    finally:
        _WORK = ()


def spare_folder(output: Path) -> Path:
    """Where the site before the current one is kept, to be updated into the next one."""
    return output.parent / f".{output.name}.spare"


def write_site(jobs: list, output: Path, root: Path, old_keys: dict[str, str], build_id: str, workers: int = 1,
               finish=None, progress=None, spare: tuple[str | None, dict[str, str]] = (None, {})) -> int:
    """Make the next site beside the current one, then swap it into place in one step; until
    the swap, `output` is untouched. The next site is made in the spare folder, which holds
    the site before the current one, when its marker shows which build that was (`spare` is
    that build's id and page keys): only the pages that differ from it are written, so a
    small change costs a few files, not a tree of thousands. Otherwise it is made in a fresh
    folder, where pages whose key is unchanged are hard-linked from the current output.
    Either way, a page whose key is new is rendered (on every core when there are many),
    and `finish(next, current)` may add to the result (the search index) before the swap.
    Returns how many pages were rendered."""
    check_replaceable(output, root)
    output.parent.mkdir(parents=True, exist_ok=True)
    for stale in output.parent.glob(f".{output.name}.*-tmp"):
        shutil.rmtree(stale, ignore_errors=True)  # left behind by an interrupted build
    folder = spare_folder(output)
    spare_id, spare_keys = spare
    reuse = spare_id is not None and previous_build_id(folder) == spare_id
    if not reuse and (folder / MARKER).is_file():
        discard(folder)  # an unknown or unfinished state: not worth repairing
    fresh = folder if reuse else output.parent / f".{output.name}.new-tmp"
    try:
        if reuse:
            _write(fresh / MARKER, b"Being rewritten by build.py\nbuild: unfinished\n")
            to_render = _update_spare(jobs, fresh, output, old_keys, spare_keys)
        else:
            fresh.mkdir()
            to_render = [job for job in jobs
                         if not (old_keys.get(job.path) == job.key and _link(output / job.path, fresh / job.path))]
        render_jobs(to_render, fresh, workers, progress)
        if finish:
            finish(fresh, output)
        _write(fresh / MARKER, ("Written by build.py; the whole folder is replaced on each build.\n"
                                f"build: {build_id}\n").encode("utf-8"))
    except OSError as err:
        _abandon(fresh, reuse)
        raise BuildFailed([Problem(display_path(output, root), None, f"could not write the site: {err.strerror}",
                                   "check the disk space and permissions")]) from None
    except BaseException:
        _abandon(fresh, reuse)
        raise
    swap_into_place(fresh, output)
    return len(to_render)


def _abandon(folder: Path, is_spare: bool) -> None:
    if not is_spare:  # a spare keeps its 'unfinished' marker: the next build discards it
        shutil.rmtree(folder, ignore_errors=True)


def _update_spare(jobs: list, spare: Path, output: Path, old_keys: dict[str, str], spare_keys: dict[str, str]) -> list:
    """Bring the spare site up to date except for the pages to render, which are returned.
    Files are replaced, never written into: the spare shares hard links with the output."""
    to_render = []
    for job in jobs:
        if spare_keys.get(job.path) == job.key:
            continue
        target = spare / job.path
        if old_keys.get(job.path) == job.key:
            target.unlink(missing_ok=True)
            if _link(output / job.path, target):
                continue
        to_render.append(job)
    wanted = {job.path for job in jobs}
    for path in sorted(set(spare_keys) - wanted):  # pages of articles and terms that are gone
        gone = spare / path
        gone.unlink(missing_ok=True)
        for parent in gone.parents:
            if parent == spare or any(parent.iterdir()):
                break
            parent.rmdir()
    return to_render


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
    """The new site takes the place of the current one, which becomes the spare."""
    spare = spare_folder(output)
    if output.exists() and _exchange(fresh, output):
        old = fresh  # now holds the previous site
    else:
        old = output.parent / f".{output.name}.old-tmp"
        if output.exists():
            output.rename(old)
        fresh.rename(output)
    if old != spare and old.exists():
        try:
            if spare.exists() and (spare / MARKER).is_file():
                discard(spare)
            old.rename(spare)
        except OSError:
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

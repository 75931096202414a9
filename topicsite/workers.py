"""The build's worker processes: one pool, forked once the site is planned, renders pages
(and converts their Markdown) on every core; and the one way a page file is written."""
from __future__ import annotations

import gc
import os
import signal
from contextlib import contextmanager
import threading
from multiprocessing import active_children, get_context
from pathlib import Path

PARALLEL_MIN = 100  # below this many pages, starting processes costs more than it saves
STOPPING = {signal.SIGINT, signal.SIGTERM}


class Pool:
    """Forked on first use, so that the workers start with everything the build has made;
    used for each round of work after that; serial when there is little to do."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None

    def map(self, function, items: list, size: int, progress=None) -> list:
        """`function` over slices of `items`; `size` is how much work they hold (pages)."""
        if size < PARALLEL_MIN or self.workers < 2:
            return [function(item) for item in items]
        if self.pool is None:
            # Ctrl-C or SIGTERM waits until the pool exists, so that close() can stop every
            # worker it started: a signal in the middle of starting them would leave some behind.
            held = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
            try:
                self.pool = get_context("fork").Pool(self.workers, initializer=start_worker)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        results = []
        for result in self.pool.imap(function, items):
            results.append(result)
            if progress:
                progress(len(results), len(items))
        return results

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers. Interrupted (Ctrl-C, SIGTERM, an error) in the middle of a round,
        the pool's terminate() can wait for ever for a queue lock that a worker held when it
        was stopped (a test of SIGTERM once hung so): it is given ten seconds (it has
        stopped the pool from starting new workers by then), and what is left is killed. The
        process then ends with os._exit (cli.main), skipping the pool's exit handlers."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if not interrupted:
            pool.terminate()
            pool.join()
            return
        stopping = threading.Thread(target=pool.terminate, daemon=True)
        stopping.start()
        stopping.join(10)
        for worker in active_children():
            worker.kill()
            worker.join(5)


def write_file(target: Path, data: bytes) -> None:
    """A new file, never written into an old one: the old one may be a hard link to a page
    of the published site, which must not change."""
    target.unlink(missing_ok=True)
    try:
        target.write_bytes(data)
    except FileNotFoundError:  # its folder is new (exist_ok: two workers may race to it)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def start_worker() -> None:
    """A worker leaves signals to the build's process, which stops it: Ctrl-C reaches the
    whole process group, and the pool stops its workers with SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # held while the pool started (Pool.map)
    gc.enable()


def worker_count() -> int:
    return int(os.environ.get("TOPICSITE_WORKERS", 0)) or os.cpu_count() or 1  # 1 to profile


@contextmanager
def no_cycle_collector():
    """Python's cycle collector off for the duration. A build loads millions of objects that
    live until it ends (articles, terms, page keys) and makes almost no garbage cycles; the
    collector would walk them all again and again: at 100,000 articles, half of the 11 s a
    text edit took. It is back on afterwards, for `serve`'s next build."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()

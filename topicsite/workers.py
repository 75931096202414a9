"""Worker processes for the build's heavy stages (parsing, Markdown, rendering)."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.pool import Pool


def fork_pool(workers: int) -> Pool:
    """Processes forked from the build, so they start with everything it has loaded. The
    build turns Python's cycle collector off in its own process (see `no_cycle_collector`);
    the workers, which make and drop many objects, run with it on."""
    return get_context("fork").Pool(workers, initializer=gc.enable)


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

"""Article bodies, from Markdown to HTML, on every core.

Converting is most of a cold build's work. The build starts it as soon as the articles are
loaded, so that it runs while the archive is grouped and its pages are planned; the pages
are rendered once `Conversion.results()` has everything.
"""
from __future__ import annotations

from .render import markdown_to_html
from .workers import fork_pool

PARALLEL_MIN = 50  # below this many bodies, starting worker processes costs more than it saves


class Conversion:
    """Bodies being converted, by their digest. Always `close()` it (a `with` block does)."""

    def __init__(self, texts: dict[str, str], workers: int):
        self.digests = sorted(texts)
        self.texts = texts
        self.pool = None
        if len(texts) >= PARALLEL_MIN and workers > 1:
            self.pool = fork_pool(workers)
            self.pending = self.pool.map_async(markdown_to_html, [texts[d] for d in self.digests], chunksize=64)

    def results(self) -> dict[str, str]:
        """Wait for every body; HTML by digest."""
        if self.pool is None:
            converted = [markdown_to_html(self.texts[d]) for d in self.digests]
        else:
            converted = self.pending.get()
            self.close()
        return dict(zip(self.digests, converted))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Conversion:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

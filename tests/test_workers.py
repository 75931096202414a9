"""The build's own process and its workers (topicsite/workers.py)."""
import gc

import pytest

from conftest import article
from topicsite.config import load_config
from topicsite.errors import BuildFailed
from topicsite.pipeline import build


def test_the_cycle_collector_is_off_during_a_build_and_on_after_it_even_when_it_fails(project):
    """`serve` runs build after build in one process: what one build leaves behind must be
    collectable by the next, so the collector must come back on, whatever happened."""
    seen = []
    root = project({f"content/a{n}.md": article(f"Report {n}", date="2018-12-12") for n in range(3)})
    build(load_config(root), progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and not any(seen)  # off while it ran
    assert gc.isenabled()
    (root / "content" / "b.md").write_text(article("Broken", date="2018-02-30"))
    with pytest.raises(BuildFailed):
        build(load_config(root))
    assert gc.isenabled()

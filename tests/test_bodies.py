"""Markdown converted on every core while the build plans its pages (topicsite/bodies.py)."""
import multiprocessing

import pytest

from conftest import article
from topicsite.bodies import PARALLEL_MIN, Conversion
from topicsite.config import load_config
from topicsite.errors import BuildFailed
from topicsite.pipeline import build
from topicsite.render import markdown_to_html


def test_bodies_converted_on_two_cores_equal_those_converted_one_by_one():
    texts = {f"d{n:03d}": f"## Part {n}\n\nThe *convoy* crossed at [Hajin](https://example.org/{n}).\n\n- one\n- two\n"
             for n in range(PARALLEL_MIN + 30)}
    with Conversion(texts, workers=2) as conversion:
        assert conversion.pool is not None  # enough bodies to use the workers
        converted = conversion.results()
    assert converted == {d: markdown_to_html(text) for d, text in texts.items()}
    assert '<h2 id="part-7">Part 7</h2>' in converted["d007"]


def test_a_build_that_fails_while_the_bodies_convert_leaves_no_worker_behind(project):
    """`serve` runs build after build in one process: a failed one must not leak processes."""
    files = {f"content/a{n:03d}.md": article(f"Report {n}", body=f"Report number {n}.") for n in range(PARALLEL_MIN + 10)}
    files["content/b.md"] = article("Report", tags="['Al Tanf', 'al-tanf']")  # two tags, one URL: found when grouping
    root = project(files)
    with pytest.raises(BuildFailed) as failed:
        build(load_config(root), workers=2)
    assert "would share the URL /tags/al-tanf/" in str(failed.value.problems)
    assert multiprocessing.active_children() == []

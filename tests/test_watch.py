from pathlib import Path

import pytest

from topicsite.watch import classify

ROOT = Path("/project")


@pytest.mark.parametrize("path, kind", [
    ("content/a.md", "content"), ("content/sub/b.md", "content"), ("layouts/base.html", "layouts"),
    ("seeds/005.txt", "seeds"), ("static/style.css", "static"), ("site.toml", "config"),
    ("gazetteer.toml", "config"), ("taxonomy.toml", "config"),
])
def test_changes_that_need_a_rebuild(path, kind):
    assert classify(ROOT / path, ROOT) == kind


@pytest.mark.parametrize("path", [
    "content/.a.md.swp", "content/a.md.swx", "content/a.md~", "content/.#a.md", "content/4913",
    "layouts/.base.html.swp", "_site/index.html", ".cache/serve/site/index.html", "README.md",
    "content/__pycache__/x", ".git/index", "other/site.toml", "/elsewhere/content/a.md",
])
def test_changes_to_ignore(path):
    assert classify(ROOT / path, ROOT) is None

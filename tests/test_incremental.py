"""An incremental build is byte-identical to a cold build of the same input, after random
sequences of edits, renames, moves, tag and place changes, additions, deletions, drafts,
template and settings changes (a short run; bench/incremental.py runs a long one)."""
import pytest

from bench.incremental import check


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_builds_equal_cold_builds(tmp_path, seed):
    done = check(tmp_path, articles=25, steps=6, seed=seed)
    assert len(done) >= 6


def test_the_cache_survives_being_corrupted(tmp_path):
    from bench.incremental import build, digests
    from bench.corpus import write_corpus
    from conftest import REPO

    project = write_corpus(tmp_path / "archive", 10, REPO / "layouts", REPO / "static")
    build(project, tmp_path / "out")
    expected = digests(tmp_path / "out")
    cache = project / ".cache" / "build" / "cache.sqlite"
    cache.write_bytes(cache.read_bytes()[:1000])  # truncated mid-file
    (project / "content" / "a000001.md").write_text((project / "content" / "a000001.md").read_text() + "\nMore.\n")
    build(project, tmp_path / "out")
    build(project, tmp_path / "cold", "--no-cache")
    assert digests(tmp_path / "out") == digests(tmp_path / "cold") != expected
    cache.write_bytes(b"garbage" * 100)
    build(project, tmp_path / "out")
    assert digests(tmp_path / "out") == digests(tmp_path / "cold")

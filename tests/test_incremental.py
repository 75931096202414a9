"""An incremental build is byte-identical to a cold build of the same input, after random
sequences of edits, renames, moves, tag and place changes, additions, deletions, drafts,
template and settings changes (a short run; bench/incremental.py runs a long one)."""
from bench.incremental import KINDS, check


def every_kind_was_made(done: list[str]) -> bool:
    return {change.split()[0] for change in done} == set(KINDS)


def test_incremental_builds_equal_cold_builds(tmp_path):
    done = check(tmp_path, articles=25, steps=14, seed=1)
    assert every_kind_was_made(done)


def test_builds_that_replay_the_journal_equal_cold_builds(tmp_path):
    """Each build starts from the state saved whole by the first and the journal of the
    builds since (what a large archive does between two saves of its whole state)."""
    done = check(tmp_path, articles=25, steps=14, seed=4, journal=True)
    assert every_kind_was_made(done)


def test_builds_that_keep_their_state_in_memory_equal_cold_builds(tmp_path, monkeypatch):
    """As `serve` builds: one process, the state kept in memory between builds."""
    monkeypatch.setenv("TOPICSITE_WORKERS", "1")  # no workers forked from the test runner
    done = check(tmp_path, articles=25, steps=14, seed=2, in_memory=True)
    assert every_kind_was_made(done)


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


def test_updating_the_staging_folder_never_changes_the_published_site(tmp_path):
    """The next site is written into the staging folder, whose unchanged pages are hard links
    shared with the published site: writing a page there must replace the link, not write
    through it. So the site a build replaces is still byte for byte what readers saw."""
    from bench.incremental import build, digests
    from bench.corpus import write_corpus
    from conftest import REPO

    project = write_corpus(tmp_path / "archive", 12, REPO / "layouts", REPO / "static")
    output, spare = tmp_path / "out", tmp_path / ".out.staging"
    published = []
    for n in range(4):  # a different article each time: its page is shared with the published site
        victim = project / "content" / f"a00000{n + 2}.md"
        victim.write_text(victim.read_text().replace("title: ", f"title: Edit {n} ", 1) + f"\nParagraph {n}.\n")
        build(project, output)
        published.append(digests(output))
        if n:
            assert digests(spare) == published[n - 1]  # the site this build replaced, untouched
    assert len({str(sorted(site.items())) for site in published}) == 4
    build(project, tmp_path / "cold", "--no-cache")
    assert digests(output) == digests(tmp_path / "cold")


def test_a_change_that_keeps_the_size_and_the_time_is_still_seen(tmp_path):
    """The build recognises unchanged files by their size and times, without reading them;
    a copy that restores the old modification time (cp -p, rsync -t, an unzip) must not
    fool it: the change time, which no tool sets back, differs."""
    import os
    import time

    from bench.incremental import build, digests
    from bench.corpus import write_corpus
    from conftest import REPO

    project = write_corpus(tmp_path / "archive", 5, REPO / "layouts", REPO / "static")
    victim = project / "content" / "a000002.md"
    past = time.time_ns() - 3_600_000_000_000  # an hour ago: settled, so known by its stat
    for path in (project / "content").glob("*.md"):
        os.utime(path, ns=(past, past))
    time.sleep(2.1)  # the change time too must be settled
    build(project, tmp_path / "out")
    before = digests(tmp_path / "out")
    text = victim.read_text()
    changed = text.replace("title: ", "title: X", 1).replace("\n\n", "\n", 1)  # same length
    assert len(changed.encode()) == len(text.encode())
    victim.write_text(changed)
    os.utime(victim, ns=(past, past))
    build(project, tmp_path / "out")
    build(project, tmp_path / "cold", "--no-cache")
    assert digests(tmp_path / "out") == digests(tmp_path / "cold") != before

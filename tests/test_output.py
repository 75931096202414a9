"""Publishing: builds of one output folder never overlap, and what readers see is always a
complete site."""
import subprocess
import sys

from bench.corpus import write_corpus
from bench.incremental import digests
from conftest import REPO


def start_build(project, output, *flags):
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "--config", str(project / "site.toml"),
                             "--no-import", "--no-search", "--output", str(output), *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_started_at_once_leave_a_complete_site_equal_to_a_cold_build(tmp_path):
    project = write_corpus(tmp_path / "archive", 150, REPO / "layouts", REPO / "static")
    output = tmp_path / "out"
    first, second = start_build(project, output), start_build(project, output)
    results = [(p.wait(120), *p.communicate()) for p in (first, second)]
    assert [rc for rc, _, _ in results] == [0, 0], results
    assert sum("Another build of out/ is running" in err for _, _, err in results) == 1, results
    cold = tmp_path / "cold"
    assert start_build(project, cold, "--no-cache").wait(120) == 0
    assert digests(output) == digests(cold) and len(digests(cold)) > 500

    # a third build, started while a fourth with a change runs, waits for it, then sees it
    (project / "content" / "a000007.md").write_text((project / "content" / "a000007.md").read_text() + "\nLater.\n")
    fourth = start_build(project, output)
    third = start_build(project, output)
    assert fourth.wait(120) == 0 and third.wait(120) == 0
    assert start_build(project, cold, "--no-cache").wait(120) == 0
    assert digests(output) == digests(cold)

"""Builds killed with SIGKILL at random moments: the output is always the old site or the new
one, complete; the next build needs no cleanup and equals a clean build."""
import random
import signal
import subprocess
import sys
import time

from bench.corpus import write_corpus
from bench.incremental import build, digests
from conftest import REPO

KILLS = 20


def test_sigkill_at_random_moments_leaves_old_or_new_never_a_mix(tmp_path):
    project = write_corpus(tmp_path / "archive", 60, REPO / "layouts", REPO / "static")
    victim = project / "content" / "a000003.md"
    states = {"A": victim.read_text()}
    states["B"] = states["A"].replace("title: ", "title: Changed ", 1) + "\nA new paragraph.\n"
    clean = {}
    for name, text in states.items():  # what a clean build of each state looks like
        victim.write_text(text)
        build(project, tmp_path / f"clean-{name}", "--no-cache")
        clean[name] = digests(tmp_path / f"clean-{name}")
    output = tmp_path / "site"
    build(project, output)  # the site of state B
    current = "B"
    started = time.perf_counter()
    build(project, output)
    duration = max(time.perf_counter() - started, 0.5)
    rng = random.Random(20)
    outcomes = []
    for _ in range(KILLS):
        target = "A" if current == "B" else "B"
        victim.write_text(states[target])
        process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--config", str(project / "site.toml"),
                                    "--no-import", "--no-search", "--output", str(output)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen = digests(output)
        assert seen in (clean[current], clean[target]), "the output is a mix of two builds"
        outcomes.append("new" if seen == clean[target] else "old")
        build(project, output)  # no manual cleanup
        assert digests(output) == clean[target]
        current = target
    assert "old" in outcomes  # some kills did land while writing

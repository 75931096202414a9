"""Run a command as a child process and measure it: wall time, CPU time (user + system,
children included) and peak memory (the largest resident set of the process tree)."""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    wall: float  # seconds
    cpu: float  # seconds
    peak_mb: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU, {self.peak_mb:.0f} MB"


def measure(command: list[str], cwd, env=None, check: bool = True) -> Measure:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)  # this child's usage, its own children included
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if check and process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors[-2000:]}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def median_measure(measures: list[Measure]) -> Measure:
    return Measure(median([m.wall for m in measures]), median([m.cpu for m in measures]),
                   median([m.peak_mb for m in measures]))

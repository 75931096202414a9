"""The command line as an editor meets it: the help, misspelt commands."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO
from topicsite.cli import COMMANDS


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True, text=True, timeout=60)


def test_the_help_lists_each_command_once_and_every_build_option():
    result = run("--help")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    for command in COMMANDS:
        assert sum(1 for line in lines if re.match(rf" {{4}}{command}(\s|$)", line)) == 1, command
    for option in ("--config FILE", "--base-url URL", "--output DIR", "--no-import", "--no-cache", "--no-search"):
        assert any(line.strip().startswith(option) for line in lines), option
    assert "SIGTERM" in result.stdout and "70 for a bug" in result.stdout


def test_a_misspelt_command_gets_a_suggestion_and_builds_nothing(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "chek"], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "python build.py: unknown command 'chek' — did you mean 'check'?\n"
    assert list(tmp_path.iterdir()) == []

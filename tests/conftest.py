"""Shared helpers: build small real sites in temporary folders, run the real command line."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SITE_TOML = """\
title = "Test Archive"
description = "A small archive for tests."
base_url = "https://example.org/archive/"
timezone = "UTC"
per_page = 20
"""


def make_project(root: Path, files: dict[str, str], site_toml: str = SITE_TOML) -> Path:
    """A project folder with the repository's layouts, static files, gazetteer and taxonomy,
    and the given files (paths relative to the project, e.g. 'content/a.md')."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("layouts", "static"):
        shutil.copytree(REPO / name, root / name)
    for name in ("gazetteer.toml", "taxonomy.toml"):
        shutil.copy(REPO / name, root / name)
    (root / "site.toml").write_text(site_toml, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python build.py` as an editor runs it, against the project's site.toml."""
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONHASHSEED": "random"}
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--config", str(project / "site.toml")],
                          capture_output=True, text=True, env=env, cwd=project, timeout=300)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file's SHA-256 by relative path: equal digests mean byte-identical trees."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def article(title: str = "A report", **fields) -> str:
    lines = ["---", f"title: {title}"]
    for key, value in fields.items():
        if key == "body":
            continue
        lines.append(f"{key}: {value}")
    lines += ["---", "", fields.get("body", "Some text about Hajin.")]
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path):
    return lambda files, site_toml=SITE_TOML: make_project(tmp_path / "site", files, site_toml)

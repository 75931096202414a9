"""The project's input files, and never a file from outside it; the characters no text may hold.

A symbolic link in static/, layouts/, seeds/ or content/ could otherwise publish any file
on the machine (`ln -s ~/.ssh/id_rsa static/key`). A link to a file inside the project is
read as that file; a link that leads out of the project is an error naming it. Links to
folders are not followed, so that a loop of links cannot hang the build.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import BuildFailed, Problem, display_path

# Characters no web page, feed or JSON may carry: C0 controls but tab and newline (a NUL
# makes a file binary), lone surrogates (a YAML "\uD800"), the non-characters U+FFFE and
# U+FFFF. Every text read from the project is checked for them (content, TOML files).
NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def link_out_of_project(path: Path, root: Path) -> Problem | None:
    """The problem with a symbolic link that leads out of the project, if it does."""
    target = path.resolve()
    if target.is_relative_to(root.resolve()):
        return None
    return Problem(display_path(path, root), None, f"this is a link to {target}, outside the project, which is never "
                   "published", "copy the file into the project, or remove the link")


def files_under(folder: Path, root: Path) -> list[Path]:
    """Every file under `folder`, sorted, with links inside the project read as their files."""
    if not folder.is_dir():
        return []
    found, problems = [], []
    for where, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(where, name)
            if path.is_symlink():
                trouble = link_out_of_project(path, root)
                if trouble:
                    problems.append(trouble)
                elif name in files and path.is_file():
                    found.append(path)
            elif name in files:
                found.append(path)
    if problems:
        raise BuildFailed(problems)
    return sorted(found)

"""Which file-system changes matter to a preview, as pure functions that tests can call."""
from __future__ import annotations

from pathlib import Path

WATCHED_FOLDERS = ("content", "layouts", "seeds", "static")
WATCHED_FILES = ("site.toml", "gazetteer.toml", "taxonomy.toml")


def is_editor_temporary(name: str) -> bool:
    """Files editors write while saving: vim's .swp and 4913, emacs' .#x and x~, and friends."""
    return (name.endswith((".swp", ".swx", ".swo", "~", ".tmp", ".part", ".crdownload")) or name.startswith((".#", "#"))
            or name == "4913" or name in (".DS_Store", "Thumbs.db") or (name.startswith(".") and name.endswith(".kate-swp")))


def classify(path: Path, root: Path) -> str | None:
    """'content', 'layouts', 'seeds', 'static' or 'config' for a change that needs a rebuild,
    None for one to ignore (editor temporaries, the output, caches, anything else)."""
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    parts = relative.parts
    if not parts or is_editor_temporary(parts[-1]) or any(p in ("__pycache__", ".git") for p in parts):
        return None
    if len(parts) == 1 and parts[0] in WATCHED_FILES:
        return "config"
    if parts[0] in WATCHED_FOLDERS:
        return parts[0]
    return None

"""The build cache: what earlier builds learned, so the next one repeats no work.

One SQLite file in `.cache/build/` (ignored by git). It holds parsed articles keyed by
their file's content hash, Markdown conversions keyed by the body's hash, each content
file's stat and hash, for the output folder and its spare what inputs each page came from,
and the last build's grouped archive (snapshot.py). Everything in it can be derived
again: a cache that is missing, truncated or corrupt is deleted and the build starts cold.
"""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (digest TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS bodies (digest TEXT PRIMARY KEY, html TEXT);
CREATE TABLE IF NOT EXISTS manifests (output TEXT PRIMARY KEY, build TEXT, pages BLOB);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stat TEXT, key TEXT);
CREATE TABLE IF NOT EXISTS snapshot (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class BuildCache:
    def __init__(self, folder: Path | None, version: str):
        """`folder=None` gives a cache that remembers nothing (a cold build)."""
        self.version = version
        self.db: sqlite3.Connection | None = None
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cache.sqlite"
        try:
            self.db = self._open(path)
        except (sqlite3.DatabaseError, pickle.UnpicklingError, OSError):
            path.unlink(missing_ok=True)  # corrupt or truncated: start again
            self.db = self._open(path)

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None)
        db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
        stored = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if stored is None or stored[0] != self.version:
            # Another generator version parsed and rendered differently: forget it all.
            db.executescript("DELETE FROM articles; DELETE FROM bodies; DELETE FROM manifests; DELETE FROM files; DELETE FROM snapshot; DELETE FROM meta;")
            db.execute("INSERT INTO meta VALUES ('version', ?)", (self.version,))
        db.execute("SELECT count(*) FROM articles").fetchone()  # fails now, not later, if the file is damaged
        return db

    def _safely(self, action, default):
        if self.db is None:
            return default
        try:
            return action(self.db)
        except (sqlite3.DatabaseError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return default  # a damaged entry is a miss; the build computes it again

    # Parsed articles, by the content hash of their file (and their path, which gives the default id).
    def articles(self, keys: list[str]) -> dict[str, object]:
        rows = lambda db: _rows_with_keys(db, "SELECT digest, value FROM articles", keys)  # noqa: E731
        return self._safely(lambda db: {key: pickle.loads(value) for key, value in rows(db)}, {})

    def store_articles(self, items: dict[str, object]) -> None:
        self._safely(lambda db: db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)",
                                               [(k, pickle.dumps(v, protocol=5)) for k, v in items.items()]), None)

    # Markdown conversions, by the hash of the body and the converter's settings.
    def bodies(self, keys: list[str]) -> dict[str, str]:
        return self._safely(lambda db: dict(_rows_with_keys(db, "SELECT digest, html FROM bodies", keys)), {})

    def converted(self, keys: list[str]) -> set[str]:
        """Which of these bodies the cache holds the HTML of."""
        return self._safely(lambda db: {d for (d,) in _rows_with_keys(db, "SELECT digest FROM bodies", keys)}, set())

    def store_bodies(self, items: dict[str, str]) -> None:
        self._safely(lambda db: db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", list(items.items())), None)

    # What each content file hashed to, and its stat then: an unchanged stat means unchanged bytes.
    def file_keys(self) -> dict[str, tuple]:
        def load(db):
            return {path: (tuple(int(n) for n in stat.split()), key) for path, stat, key in db.execute("SELECT * FROM files")}
        return self._safely(load, {})

    def store_file_keys(self, files: dict[str, tuple]) -> None:
        """`files` maps every content file to (stat, key); a file with no stat is not trusted by it."""
        def store(db):
            db.execute("BEGIN")
            db.execute("DELETE FROM files")
            db.executemany("INSERT INTO files VALUES (?, ?, ?)",
                           [(path, " ".join(map(str, stat)), key) for path, (stat, key) in files.items() if stat])
            db.execute("COMMIT")
        self._safely(store, None)

    # The last build's archive and files (see snapshot.py), as two blobs.
    def snapshot(self) -> tuple[bytes | None, bytes | None]:
        def load(db):
            found = dict(db.execute("SELECT name, value FROM snapshot"))
            return found.get("archive"), found.get("files")
        return self._safely(load, (None, None))

    def store_snapshot(self, archive: bytes | None, files: bytes) -> None:
        """`archive=None` keeps the stored archive (only text changed)."""
        def store(db):
            db.execute("BEGIN")
            if archive is not None:
                db.execute("INSERT OR REPLACE INTO snapshot VALUES ('archive', ?)", (archive,))
            db.execute("INSERT OR REPLACE INTO snapshot VALUES ('files', ?)", (files,))
            db.execute("COMMIT")
        self._safely(store, None)

    # What each page of an output folder was made from, and that folder's build id.
    def manifest(self, output: Path) -> tuple[str | None, dict[str, str]]:
        def load(db):
            row = db.execute("SELECT build, pages FROM manifests WHERE output = ?", (str(output),)).fetchone()
            return (row[0], pickle.loads(row[1])) if row else (None, {})
        return self._safely(load, (None, {}))

    def store_manifest(self, output: Path, build_id: str, pages: dict[str, str], retired_to: Path | None = None) -> None:
        """The pages of the build just written to `output`; the manifest of the site it
        replaced moves to `retired_to`, the folder that site was moved to."""
        def store(db):
            db.execute("BEGIN")
            try:
                if retired_to is not None:
                    db.execute("DELETE FROM manifests WHERE output = ?", (str(retired_to),))
                    db.execute("UPDATE manifests SET output = ? WHERE output = ?", (str(retired_to), str(output)))
                db.execute("INSERT OR REPLACE INTO manifests VALUES (?, ?, ?)",
                           (str(output), build_id, pickle.dumps(pages, protocol=5)))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._safely(store, None)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def _rows_with_keys(db: sqlite3.Connection, select: str, keys: list[str]):
    """The rows of `select` whose digest is one of `keys`, asked 500 at a time (SQLite's
    limit on parameters)."""
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        yield from db.execute(f"{select} WHERE digest IN ({','.join('?' * len(chunk))})", chunk)

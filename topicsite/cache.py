"""The build cache: what earlier builds made, so the next one repeats no work.

In `.cache/build/` (ignored by git): one SQLite file, with a table for each stage that keeps
something: Markdown conversions by the hash of the body and of the converter's settings
(`bodies`), for the output folder and its staging folder the key of every page in them
(`manifests`), and the stat and key of every content file the last build read (`state`,
small: enough to tell that nothing changed, and the journal of the builds since the state
was last saved whole). Beside it, `state.pickle`: that state (the content read and the
archive grouped), written aside and renamed into place. Everything in it can be made again: a cache that is missing, damaged or not a file
is set aside and the build starts cold.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS bodies (digest TEXT PRIMARY KEY, html TEXT);
CREATE TABLE IF NOT EXISTS manifests (output TEXT PRIMARY KEY, build TEXT, pages BLOB);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
"""
DAMAGED = (sqlite3.DatabaseError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError, IndexError)


def digest(data: bytes) -> str:
    """The one hash of the build: content files, page keys, Markdown, assets."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class BuildCache:
    def __init__(self, folder: Path | None, version: str):
        """`folder=None` gives a cache that remembers nothing (a cold build)."""
        self.version = version
        self.db: sqlite3.Connection | None = None
        self.folder = folder
        if folder is None:
            return
        path = folder / "cache.sqlite"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = self._open(path)
        except (sqlite3.DatabaseError, OSError):
            self.db = None  # damaged, a folder, or no room: build without it, and start it afresh
            try:
                path.unlink(missing_ok=True) if not path.is_dir() else path.rename(path.with_suffix(".damaged"))
                self.db = self._open(path)
            except (sqlite3.DatabaseError, OSError):
                self.db = None

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, timeout=60)
        db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
        stored = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if stored is None or stored[0] != self.version:
            # Another generator version parsed and rendered differently: forget it all.
            db.executescript("DELETE FROM bodies; DELETE FROM manifests; DELETE FROM state; DELETE FROM meta;")
            db.execute("INSERT INTO meta VALUES ('version', ?)", (self.version,))
        db.execute("SELECT count(*) FROM bodies").fetchone()  # fails now, not later, if the file is damaged
        return db

    def _safely(self, action, default):
        if self.db is None:
            return default
        try:
            return action(self.db)
        except DAMAGED:
            return default  # a damaged entry is a miss; the build makes it again
        except sqlite3.OperationalError:
            return default  # a full disk or a locked file: the same

    # Markdown conversions, by the hash of the body and of the converter's settings.
    def bodies(self, keys: list[str]) -> dict[str, str]:
        def load(db):
            found = {}
            for start in range(0, len(keys), 500):  # SQLite's limit on parameters
                chunk = keys[start:start + 500]
                found.update(db.execute(f"SELECT digest, html FROM bodies WHERE digest IN ({','.join('?' * len(chunk))})", chunk))
            return found
        return self._safely(load, {})

    def store_bodies(self, items: dict[str, str]) -> None:
        self._safely(lambda db: db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", list(items.items())), None)

    # The build's state: saved whole now and then (`state.pickle`, written aside and renamed
    # into place), with a journal of the builds since, and the index of the content files
    # the last build read, which tells the next one whether anything changed at all.
    def state(self) -> tuple[object, object] | None:
        """The state last saved whole and the journal kept since (None if it is another's)."""
        if self.db is None:
            return None
        try:
            with open(self.folder / "state.pickle", "rb") as file:
                version, saved_as, state = pickle.load(file)
        except (OSError, ValueError, *DAMAGED):
            return None
        if version != self.version:
            return None
        journal = self._row("journal", (None, None))
        return state, journal[1] if journal[0] == saved_as else None

    def files(self) -> dict[str, tuple]:
        return self._row("files", {})

    def store_state(self, state, saved_as: str) -> None:
        """Save the state whole, as `saved_as`; it comes back with a journal of that name."""
        if self.db is None:
            return
        fresh = self.folder / f".state.pickle.{os.getpid()}"
        try:
            with open(fresh, "wb") as file:
                pickle.dump((self.version, saved_as, state), file, protocol=5)  # articles pickle without their text
            os.replace(fresh, self.folder / "state.pickle")
        except OSError:
            fresh.unlink(missing_ok=True)

    def store_journal(self, saved_as: str, journal, files: dict[str, tuple]) -> None:
        def store(db):
            db.execute("INSERT OR REPLACE INTO state VALUES ('journal', ?)", (pickle.dumps((saved_as, journal), protocol=5),))
            db.execute("INSERT OR REPLACE INTO state VALUES ('files', ?)", (pickle.dumps(files, protocol=5),))
        self._safely(store, None)

    def _row(self, name: str, default):
        def load(db):
            row = db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
            return pickle.loads(row[0]) if row else default
        return self._safely(load, default)

    # What each page of an output folder was made from, and that folder's build id.
    def manifest(self, output: Path) -> tuple[str | None, dict[str, str], dict[str, int]]:
        """The build id of an output folder, and the key and the size of each of its pages."""
        def load(db):
            row = db.execute("SELECT build, pages FROM manifests WHERE output = ?", (str(output),)).fetchone()
            return (row[0], *pickle.loads(row[1])) if row else (None, {}, {})
        return self._safely(load, (None, {}, {}))

    def store_manifest(self, output: Path, build_id: str, pages: dict[str, str], sizes: dict[str, int],
                       retired_to: Path) -> None:
        """The pages of the build just written to `output`; the manifest of the site it
        replaced moves to `retired_to`, the folder that site was moved to."""
        def store(db):
            db.execute("BEGIN")
            try:
                db.execute("DELETE FROM manifests WHERE output = ?", (str(retired_to),))
                db.execute("UPDATE manifests SET output = ? WHERE output = ?", (str(retired_to), str(output)))
                db.execute("INSERT OR REPLACE INTO manifests VALUES (?, ?, ?)",
                           (str(output), build_id, pickle.dumps((pages, sizes), protocol=5)))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        self._safely(store, None)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

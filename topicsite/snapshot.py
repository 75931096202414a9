"""The archive as the last build grouped it: the start of a build where only text changed.

Grouping and planning read every article's metadata, seconds of work at 10,000 articles.
Editing an article's text changes none of it: no list, count, link or related article
moves. Such a build takes the last build's archive, puts the new text in, and plans only
the pages that show that text, the article's own page and the feeds that carry it; every
other page keeps the key it had. Anything else (a file added, deleted or renamed, a change
to a title, date, tags or places, to templates, settings, gazetteer or taxonomy) takes the
full path, and so does any doubt: `Miss` sends the build back to it.
"""
from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path

from .content import Article, ContentFile, parse_article, read_text
from .errors import Problem
from .group import Archive
from .render import Job
from .urls import slugify

# What a page may show of an article besides its text; all must be unchanged.
METADATA = tuple(f.name for f in fields(Article) if f.name not in ("body", "body_digest", "body_line"))


class Miss(Exception):
    """The snapshot cannot give this build: take the full path."""


@dataclass
class Snapshot:
    key: str  # global key, drafts and search: what every page depends on
    archive: Archive  # articles without their text (body None), to keep it small
    group_problems: list[Problem]
    files: dict[str, tuple[str, str, list[Problem]]]  # content file -> its key, its body's digest, its warnings


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj) is Article:  # the text stays out: it is in the content files and the Markdown cache
            return _article, tuple(None if name == "body" else getattr(obj, name) for name in _FIELDS)
        return NotImplemented


_FIELDS = tuple(f.name for f in fields(Article))


def _article(*values) -> Article:
    article = Article.__new__(Article)
    article.__dict__.update(zip(_FIELDS, values))  # as pickle itself does: no checks, no copies
    return article


def dump_archive(snapshot: Snapshot) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=5).dump((snapshot.key, snapshot.archive, snapshot.group_problems))
    return buffer.getvalue()


def load(archive_blob: bytes | None, files_blob: bytes | None) -> Snapshot | None:
    if not archive_blob or not files_blob:
        return None
    try:
        key, archive, group_problems = pickle.loads(archive_blob)
        files = pickle.loads(files_blob)
    except Exception:  # noqa: BLE001 - a damaged snapshot is only a missed shortcut
        return None
    return Snapshot(key, archive, group_problems, files)


def files_record(files: list[ContentFile], articles: list[Article], warnings: dict[str, list[Problem]]) -> dict:
    digests = {a.path: a.body_digest for a in articles}
    return {f.shown: (f.key, digests.get(f.shown, ""), warnings.get(f.shown, [])) for f in files}


@dataclass
class TextEdits:
    """What changed since the snapshot: only the text of these published articles."""
    archive: Archive  # the snapshot's, with the new text in
    articles: list[Article]  # the edited ones, as they are in `archive`
    problems: list[Problem]  # every warning of the build, as a full build reports them
    files: dict  # the new files record


def text_edits(snapshot: Snapshot | None, key: str, files: list[ContentFile]) -> TextEdits:
    """Raises Miss unless the only changes since the snapshot are to published articles' text."""
    if snapshot is None or snapshot.key != key or [f.shown for f in files] != list(snapshot.files):
        raise Miss
    changed = [f for f in files if snapshot.files[f.shown][0] != f.key]
    if not changed:
        raise Miss  # nothing changed, yet the output is not the last build's: rebuild it
    by_path = {a.path: a for a in snapshot.archive.articles}
    edited, new_files = [], dict(snapshot.files)
    for file in changed:
        old = by_path.get(file.shown)
        text, trouble = read_text(file.data, file.shown)
        if old is None or text is None:
            raise Miss
        new, found = parse_article(text, file.shown, slugify(file.path.stem))
        if new is None or any(getattr(new, name) != getattr(old, name) for name in METADATA):
            raise Miss
        edited.append((old, new))
        new_files[file.shown] = (file.key, new.body_digest, ([trouble] if trouble else []) + found)
    for article in snapshot.archive.articles:  # text edited in earlier builds since the snapshot was taken
        digest = new_files[article.path][1]
        if article.body_digest != digest:
            object.__setattr__(article, "body_digest", digest)
    for old, new in edited:
        # Every list of the archive holds this one object: changing it changes them all.
        for name in ("body", "body_digest", "body_line"):
            object.__setattr__(old, name, getattr(new, name))
    problems = [p for entry in new_files.values() for p in entry[2]] + snapshot.group_problems
    return TextEdits(snapshot.archive, [old for old, _ in edited], problems, new_files)


def published_bytes(output: str, path: str) -> bytes:
    """A page unchanged since the last build, when the writer cannot link it (it is gone)."""
    try:
        with open(os.path.join(output, path), "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise Miss from None


def unchanged_job(output: Path, path: str, key: str) -> Job:
    return Job(path, key, partial(published_bytes, str(output), path))

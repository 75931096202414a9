"""Seed files in the forms archivists keep reports: text copied from a page (.txt), a saved
page (.html, .htm: a single file, a SingleFile page, or one with its _files folder), a web
archive (.warc, .warc.gz, .wacz) and a PDF. Each is read into documents, one per report, for
the importer; a web archive's records that hold no page (images, scripts, redirects) are
counted, not read.

A web archive is read as a stream, record by record (warcio), so a capture of any size
takes bounded memory: only the HTML pages are kept, each at most MAX_PAGE_BYTES.
"""
from __future__ import annotations

import hashlib
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .dates import PartialDate

SEED_SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz", ".wacz", ".pdf")
MAX_PAGE_BYTES = 5_000_000  # a page larger than this in a web archive is not a report
HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z")


def seed_suffix(name: str) -> str | None:
    """The seed format a file name says, or None: 'captures.warc.gz' -> '.warc.gz'."""
    lowered = name.lower()
    return next((suffix for suffix in sorted(SEED_SUFFIXES, key=len, reverse=True) if lowered.endswith(suffix)), None)


@dataclass(frozen=True)
class SeedDocument:
    """One report in a seed file, as the importer receives it."""
    key: str  # what its article remembers it by: the file's name, or for a capture its address
    shown: str  # how messages name it: 'seeds/site.wacz' or 'seeds/site.wacz, https://…'
    kind: str  # "text", "html" or "pdf"
    text: str  # the text or the HTML ("" for a PDF, read only when it is imported: `data`)
    sha: str  # of its bytes: a changed document is imported again
    url: str = ""  # a capture's original address (WARC-Target-URI)
    captured: str = ""  # when it was captured (WARC-Date), ISO 8601
    record: str = ""  # the capture's WARC-Record-ID
    decoded_as: str = "utf-8"  # how its bytes were read
    data: bytes = b""  # a PDF's bytes (pdfreport.py reads them)


@dataclass(frozen=True)
class ReadReport:
    """What a page or a PDF says of itself, read by webpage.py or pdfreport.py."""
    title: str
    author: str
    date: PartialDate | None
    date_evidence: str  # where the document gives its date
    url: str  # its canonical address ('' for a PDF)
    site_name: str  # who published it
    description: str
    blocks: tuple[tuple[str, str], ...]  # (kind, Markdown): "p", "h2", "h3", the report's text
    plain: str  # the same text without markup, for finding places and tags
    not_article: str = ""  # why it is not a report ("" when it is one)


@dataclass
class SeedRead:
    documents: list[SeedDocument] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # records that hold no report, by kind


def read_seed_documents(path: Path, shown: str) -> SeedRead:
    suffix = seed_suffix(path.name)
    if suffix in (".warc", ".warc.gz"):
        with path.open("rb") as stream:
            return read_web_archive([stream], shown)
    if suffix == ".wacz":
        with zipfile.ZipFile(path) as wacz:
            members = sorted(n for n in wacz.namelist() if n.startswith("archive/") and seed_suffix(n) in (".warc", ".warc.gz"))
            streams = [wacz.open(name) for name in members]
            try:
                return read_web_archive(streams, shown)
            finally:
                for stream in streams:
                    stream.close()
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":  # its text is extracted only if it is imported: every build reads the seeds
        return SeedRead([SeedDocument(path.name, shown, "pdf", "", sha, data=data)])
    text, decoded_as = decode(data, declared_charset(data) if suffix in (".html", ".htm") else "")
    return SeedRead([SeedDocument(path.name, shown, "html" if suffix in (".html", ".htm") else "text", text, sha,
                                  decoded_as=decoded_as)])


def decode(data: bytes, charset: str = "") -> tuple[str, str]:
    """Text from bytes: UTF-8 (with or without a byte order mark), else the charset the page
    declares, else Windows-1252, which every byte is."""
    for encoding in dict.fromkeys(["utf-8-sig", charset.lower()] if charset else ["utf-8-sig"]):
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace"), "cp1252"


CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def declared_charset(data: bytes) -> str:
    found = CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else ""


# What a seed holds that is no report, as the import report counts it: (one, many).
NOT_REPORTS = {
    "image": ("image", "images"), "script": ("script", "scripts"), "stylesheet": ("stylesheet", "stylesheets"),
    "json": ("JSON file", "JSON files"), "font": ("font", "fonts"), "other": ("other file", "other files"),
    "redirect": ("redirect", "redirects"), "error": ("error response", "error responses"),
    "revisit": ("repeated capture (revisit record)", "repeated captures (revisit records)"),
    "earlier": ("earlier capture of a page captured again", "earlier captures of pages captured again"),
    "large": ("page too large to be a report", "pages too large to be reports"),
    "not article": ("page that is not an article (a list, tag, home or search page)",
                    "pages that are not articles (lists, tags, home and search pages)"),
}


def counted(kinds: Counter) -> str:
    """'5 pages that are not articles (…), 2 images, 1 script': most first."""
    ranked = sorted(kinds.items(), key=lambda item: (-item[1], NOT_REPORTS[item[0]][0]))
    return ", ".join(f"{n} {NOT_REPORTS[kind][0 if n == 1 else 1]}" for kind, n in ranked)


def record_kind(mime: str, status: str) -> str:
    """What a web-archive record that holds no page is (a key of NOT_REPORTS)."""
    if status.startswith("3"):
        return "redirect"
    if status and not status.startswith("2"):
        return "error"
    major, _, minor = mime.partition("/")
    if major == "image":
        return "image"
    if "javascript" in minor or "ecmascript" in minor:
        return "script"
    if minor == "css":
        return "stylesheet"
    if "json" in minor:
        return "json"
    if major == "font" or "font" in minor:
        return "font"
    return "other"


def read_web_archive(streams: list, shown: str) -> SeedRead:
    """The HTML pages of WARC streams (one file, or a WACZ's members). Where one address was
    captured more than once, the latest capture stands for it."""
    from warcio.archiveiterator import ArchiveIterator

    read = SeedRead()
    for stream in streams:
        for record in ArchiveIterator(stream):
            if record.rec_type == "revisit":
                read.skipped["revisit"] += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue  # requests, warcinfo and metadata describe captures, they are none
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            status = record.http_headers.get_statuscode() or ""
            content_type = record.http_headers.get_header("Content-Type") or ""
            mime = content_type.split(";")[0].strip().lower()
            if not status.startswith("2") or mime not in HTML_TYPES:
                read.skipped[record_kind(mime, status)] += 1
                continue
            data = record.content_stream().read(MAX_PAGE_BYTES + 1)
            if len(data) > MAX_PAGE_BYTES:
                read.skipped["large"] += 1
                continue
            charset = re.search(r"charset=([\w-]+)", content_type)
            text, decoded_as = decode(data, charset.group(1) if charset else declared_charset(data))
            captured = record.rec_headers.get_header("WARC-Date") or ""
            document = SeedDocument(url, f"{shown}, {url}", "html", text, hashlib.sha256(data).hexdigest(), url=url,
                                    captured=captured if WARC_DATE.fullmatch(captured) else "",
                                    record=record.rec_headers.get_header("WARC-Record-ID") or "",
                                    decoded_as=decoded_as)
            read.documents.append(document)
    read.documents = latest_captures(read.documents, read.skipped)
    return read


def latest_captures(documents: list[SeedDocument], skipped: Counter) -> list[SeedDocument]:
    """One document per page: where an address was captured more than once (in one archive or
    in several), the latest capture stands for it, and the others are counted in `skipped`."""
    latest: dict[str, SeedDocument] = {}
    for document in documents:
        earlier = latest.get(document.key)
        if earlier:
            skipped["earlier"] += 1
        if not earlier or (document.captured, document.shown) > (earlier.captured, earlier.shown):
            latest[document.key] = document
    return sorted(latest.values(), key=lambda d: d.key)

"""Citations: what researchers' tools read of a report, the same facts in every form they read.

One `Citation` per article, a plain view the article page receives. From it: the page's
schema.org JSON-LD, its Highwire (`citation_*`), Dublin Core and OpenGraph tags (which Zotero,
Citoid and link previews read), a ready citation to copy, and the entries of the
archive-wide exports in CSL-JSON, BibTeX, RIS and CSV. A date keeps its precision everywhere
(2018, December 2018, 12 December 2018), and a date the importer inferred says so.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from markupsafe import Markup, escape

from .dates import PartialDate


@dataclass(frozen=True)
class Citation:
    id: str  # the article's id: its citation key too
    title: str
    date: PartialDate | None
    date_basis: str  # printed, inferred or editor
    date_window: str  # the range an inferred date must lie in: 2018-12-10/2018-12-14
    date_note: str  # why the date is what it is
    summary: str
    publisher: str  # who first published the report
    source_url: str  # where they published it
    archive: str  # the archive's name
    url: str  # the article's absolute address in the archive
    places: tuple[tuple[str, float | None, float | None], ...]  # name, latitude, longitude
    tags: tuple[str, ...]
    language: str
    author: str = ""  # the report's author, as its page names them (one name, not split)

    @property
    def inferred(self) -> bool:
        return self.date_basis == "inferred"

    def evidence(self) -> str:
        """'Date inferred, between 2018-12-10 and 2018-12-14: <note>', or ''."""
        if not (self.inferred or self.date_note or self.date_window):
            return ""
        window = f", between {self.date_window.replace('/', ' and ')}" if self.date_window else ""
        return ("Date inferred" if self.inferred else "Date") + window + (f": {self.date_note}" if self.date_note else "")

    # --- on the page -------------------------------------------------------------------

    def text(self) -> str:
        """The ready citation: publisher, title, date, original address, archived copy."""
        date = (self.date.label() + (" (date inferred)" if self.inferred else "")) if self.date else "undated"
        parts = [f"{self.publisher}." if self.publisher else "", f"“{self.title.rstrip('.')}.”", f"{date}."]
        if self.source_url:
            parts.append(f"{self.source_url}.")
        parts.append(f"Archived in {self.archive}, {self.url}.")
        return " ".join(p for p in parts if p)

    def json_ld(self) -> Markup:
        """schema.org JSON-LD, safe inside a <script> element: no '<', '>' or '&' in it."""
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "@id": self.url, "url": self.url,
                "headline": self.title, "inLanguage": self.language,
                "isPartOf": {"@type": "Collection", "name": self.archive}}
        if self.date:
            data["datePublished"] = self.date.iso()
        if self.summary:
            data["description"] = self.summary
        if self.publisher or self.source_url:
            original = {"@type": "NewsArticle", "headline": self.title}
            if self.source_url:
                original["url"] = self.source_url
            if self.publisher:
                original["publisher"] = {"@type": "Organization", "name": self.publisher}
            if self.author:
                original["author"] = {"@type": "Person", "name": self.author}
            data["isBasedOn"] = original
        if self.places:
            data["contentLocation"] = [
                {"@type": "Place", "name": name, **({"geo": {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}}
                                                     if lat is not None and lon is not None else {})}
                for name, lat, lon in self.places]
        if self.tags:
            data["about"] = [{"@type": "Thing", "name": tag} for tag in self.tags]
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    def head(self) -> Markup:
        """The <meta> tags and the JSON-LD, for the page's head: made here in one piece, every
        value escaped, since an archive has tens of thousands of pages with forty tags each."""
        tags = "".join(f'<meta {attribute}="{name}" content="{escape(content)}">\n'
                       for attribute, name, content in self.meta())
        return Markup(f'{tags}<script type="application/ld+json">{self.json_ld()}</script>')

    def meta(self) -> tuple[tuple[str, str, str], ...]:
        """(attribute, name, content) of each <meta> tag: Highwire, Dublin Core, OpenGraph."""
        tags = [("name", "citation_title", self.title)]
        tags += [("name", "citation_author", self.author)] if self.author else []
        if self.date:
            tags.append(("name", "citation_publication_date", self.date.iso().replace("-", "/")))
        if self.publisher:
            tags.append(("name", "citation_publisher", self.publisher))
        tags += [("name", "citation_public_url", self.url), ("name", "citation_language", self.language)]
        tags += [("name", "citation_keywords", "; ".join(self.tags))] if self.tags else []
        tags += [("name", "DC.title", self.title), ("name", "DC.type", "Text"), ("name", "DC.identifier", self.url)]
        tags += [("name", "DC.creator", self.author)] if self.author else []
        if self.date:
            tags.append(("name", "DC.date", self.date.iso()))
        if self.publisher:
            tags.append(("name", "DC.publisher", self.publisher))
        if self.source_url:
            tags.append(("name", "DC.source", self.source_url))
        tags += [("name", "DC.subject", tag) for tag in self.tags]
        tags += [("name", "DC.coverage", name) for name, _, _ in self.places]
        tags += [("property", "og:type", "article"), ("property", "og:title", self.title),
                 ("property", "og:url", self.url), ("property", "og:site_name", self.archive)]
        if self.summary:
            tags.append(("property", "og:description", self.summary))
        if self.date and self.date.day:
            tags.append(("property", "article:published_time", self.date.iso()))
        tags += [("property", "article:tag", tag) for tag in self.tags]
        return tuple(tags)

    # --- in the exports ----------------------------------------------------------------

    def csl(self) -> dict:
        item = {"id": self.id, "type": "article-newspaper", "title": self.title, "URL": self.source_url or self.url,
                "archive": self.archive, "archive_location": self.url, "language": self.language}
        if self.date:
            parts = [self.date.year] + ([self.date.month] if self.date.month else []) + ([self.date.day] if self.date.day else [])
            item["issued"] = {"date-parts": [parts], **({"circa": True} if self.inferred else {})}
        if self.publisher:
            item["container-title"] = item["publisher"] = self.publisher
        if self.author:
            item["author"] = [{"literal": self.author}]
        if self.summary:
            item["abstract"] = self.summary
        if self.tags:
            item["keyword"] = ", ".join(self.tags)
        if self.evidence():
            item["note"] = self.evidence()
        return item

    def bibtex(self) -> str:
        fields = [("title", braced(self.title))]
        fields += [("author", "{" + braced(self.author) + "}")] if self.author else []  # one name, kept whole
        if self.date:
            fields += [("date", self.date.iso()), ("year", str(self.date.year))]
        if self.publisher:
            fields.append(("organization", braced(self.publisher)))
        if self.source_url:
            fields.append(("url", plain_url(self.source_url)))
        note = f"Archived in {braced(self.archive)}: \\url{{{plain_url(self.url)}}}"
        fields.append(("note", note + (f". {braced(self.evidence())}" if self.evidence() else "")))
        if self.tags:
            fields.append(("keywords", braced(", ".join(self.tags))))
        fields.append(("langid", braced(self.language)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@online{{{self.id},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [("TY", "NEWS"), ("ID", self.id), ("TI", self.title)]
        lines += [("AU", self.author)] if self.author else []
        if self.date:
            parts = self.date.iso().split("-")
            lines += [("PY", parts[0]), ("DA", "/".join(parts + [""] * (3 - len(parts))) + "/")]
        if self.publisher:
            lines += [("T2", self.publisher), ("PB", self.publisher)]
        if self.source_url:
            lines.append(("UR", self.source_url))
        lines += [("UR", self.url), ("DB", self.archive), ("LA", self.language)]
        lines += [("AB", self.summary)] if self.summary else []
        lines += [("KW", tag) for tag in self.tags]
        lines += [("N1", self.evidence())] if self.evidence() else []
        return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines) + "ER  - \r\n"

    def row(self) -> list[str]:
        return [self.id, self.title, self.date.iso() if self.date else "", self.date.precision if self.date else "",
                self.date_basis, self.date_window, self.date_note, self.publisher, self.source_url, self.url, "; ".join(n for n, _, _ in self.places),
                "; ".join(self.tags), self.summary]


CSV_HEADER = ["id", "title", "date", "date_precision", "date_basis", "date_window", "date_note", "publisher", "source_url", "url", "places",
              "tags", "summary"]


def csl_json(citations: list[Citation]) -> bytes:
    lines = ",\n".join(json.dumps(c.csl(), ensure_ascii=False, sort_keys=True) for c in citations)
    return f"[\n{lines}\n]\n".encode("utf-8")


def bibtex(citations: list[Citation]) -> bytes:
    return "\n".join(c.bibtex() for c in citations).encode("utf-8")


def ris(citations: list[Citation]) -> bytes:
    return "\r\n".join(c.ris() for c in citations).encode("utf-8")


def spreadsheet(citations: list[Citation]) -> bytes:
    """articles.csv, with a byte order mark so that spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for c in citations:
        writer.writerow([formula_safe(v) for v in c.row()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def braced(text: str) -> str:
    """Text inside a BibTeX field: its specials escaped, so no brace can close the field."""
    for char, escaped in (("\\", "\\textbackslash{}"), ("{", "\\{"), ("}", "\\}"), ("%", "\\%"), ("&", "\\&"),
                          ("#", "\\#"), ("$", "\\$"), ("_", "\\_"), ("^", "\\^{}"), ("~", "\\~{}")):
        text = text.replace(char, escaped) if char != "\\" else text.replace(char, "\x00")
    return one_line(text.replace("\x00", "\\textbackslash{}"))


def plain_url(url: str) -> str:
    return "".join(ch for ch in url if ch not in "{}\\ \t\r\n")


def one_line(text: str) -> str:
    return " ".join(text.split())


def formula_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula ('=', '+', '-', '@') is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

"""A PDF report read as an article: its title and date from the document's information (or
its first page), its text page by page under "Page N" headings (reached as #page-3), with
running headers, footers and page numbers left out and lines joined back into paragraphs.
A PDF without a text layer (a scan) reads as no report: OCR it first.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from .dates import PartialDate, find_printed_date
from .seedfiles import ReadReport, SeedDocument
from .seedtext import escape_markdown

PAGE_NUMBER = re.compile(r"^(page\s+)?\d+(\s*(of|/)\s*\d+)?$", re.I)
PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
SENTENCE_END = re.compile(r"[.!?:;\"”)]$")


def read_pdf_report(document: SeedDocument) -> ReadReport:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(document.data))
    info = {str(k): v for k, v in (reader.metadata or {}).items() if isinstance(v, str)}
    pages = [[line.strip() for line in (page.extract_text() or "").split("\n")] for page in reader.pages]
    if not any(line for page in pages for line in page):
        return ReadReport("", "", None, "", "", "", "", (), "", not_article="no text layer (it is a scan)")
    # A line on most pages is a running header or footer, not the report's text.
    counts = Counter(line for page in pages for line in set(page) if line)
    running = {line for line, n in counts.items() if len(pages) > 1 and n > len(pages) / 2}
    pages = [[line for line in page if line and line not in running and not PAGE_NUMBER.match(line)] for page in pages]
    title = info.get("/Title", "").strip() or next((line for page in pages for line in page), "")
    date, evidence = metadata_date(info.get("/CreationDate", ""))
    first = pages[0] if pages else []
    # The first page's title block: the lines up to the title and a printed date line under it.
    printed = find_printed_date(first[:8])
    if date is None and printed.date:
        date, evidence = printed.date, "the date printed on the report's first page"
    head = 0
    for n, line in enumerate(first[:8]):
        if line == title or (printed.date and printed.evidence and printed.evidence in line):
            head = n + 1
    if head:
        pages[0] = first[head:] if any(first[head:]) else first
    blocks, plain = [], []
    for number, lines in enumerate(pages, 1):
        if not lines:
            continue
        blocks.append(("h2", f"Page {number}"))
        for kind, text in paragraphs(lines):
            blocks.append((kind, escape_markdown(text)))
            plain.append(text)
    return ReadReport(title, info.get("/Author", "").strip(), date, evidence, "", info.get("/Author", "").strip(),
                      info.get("/Subject", "").strip(), tuple(blocks), "\n".join(plain))


def metadata_date(value: str) -> tuple[PartialDate | None, str]:
    found = PDF_DATE.match(value.strip())
    if not found:
        return None, ""
    year, month, day = (int(g) if g else None for g in found.groups())
    try:
        return PartialDate(year, month, day if month else None), "the PDF's document information (CreationDate)"
    except ValueError:
        return None, ""


def paragraphs(lines: list[str]) -> list[tuple[str, str]]:
    """Lines back into paragraphs: a paragraph's last line is shorter than the page's full
    lines and ends a sentence; a short line that ends none is a heading."""
    full = max(len(line) for line in lines)
    found, current = [], []
    for line in lines:
        short = len(line) < 0.8 * full
        after_sentence = not current or SENTENCE_END.search(current[-1])
        if short and not SENTENCE_END.search(line) and after_sentence and len(line) < 70:
            if current:
                found.append(("p", join_lines(current)))
                current = []
            found.append(("h3", line))
            continue
        current.append(line)
        if short and SENTENCE_END.search(line):
            found.append(("p", join_lines(current)))
            current = []
    if current:
        found.append(("p", join_lines(current)))
    return found


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated at the line's end
        else:
            text = f"{text} {line}" if text else line
    return text

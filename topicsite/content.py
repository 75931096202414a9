"""Load `content/**/*.md` into `Article`s, checking every front-matter field.

Problems are collected for all files, so an editor sees every broken file at once.
"""
from __future__ import annotations

import os
import re
import unicodedata
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from .dates import PartialDate, parse_partial_date
from .cache import digest
from .errors import BuildFailed, Problem, did_you_mean, display_path
from .inputs import NOT_IN_TEXT, link_out_of_project
from .urls import RESERVED_SLUGS, link_problem, slugify


class FrontMatterLoader(yaml.SafeLoader):
    """YAML as editors mean it: dates stay text (we keep their precision ourselves),
    only true/false are booleans (YAML 1.1 reads NO, yes, on as booleans), and no
    aliases, which would allow a 'billion laughs' bomb."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter", mark)
        return super().compose_node(parent, index)


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class FastFrontMatterLoader(yaml.CSafeLoader):
    """The same reading of YAML as FrontMatterLoader, by libyaml, ten times faster."""


FastFrontMatterLoader.yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers
# Anchors and aliases need the checking loader, which refuses them with a clear message.
MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]")


class FrontMatterYAML(YAMLHandler):
    def load(self, fm, **kwargs):
        if yaml.__with_libyaml__ and not MAYBE_ALIAS.search(fm):
            try:
                return yaml.load(fm, Loader=FastFrontMatterLoader)  # noqa: S506 - a safe loader
            except yaml.YAMLError:
                pass  # the pure-Python loader's messages point more precisely: let it report
        return yaml.load(fm, Loader=FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass


@dataclass(frozen=True)
class Source:
    publisher: str = ""
    url: str = ""
    seed: str = ""
    sha256: str = ""
    catalogue: str = ""  # the importer's hash of the seed's catalogue entry: a changed entry re-imports the seed
    author: str = ""  # who wrote it, as the page says
    captured: str = ""  # when a web archive captured the page (ISO 8601), its seed being that archive
    record: str = ""  # the capture's record in the archive (WARC-Record-ID)


NO_SOURCE = Source()  # one for all the articles that name none


@dataclass(frozen=True)
class Article:
    path: str  # as an editor names it: content/x.md
    slug: str
    title: str
    body: str  # Markdown
    date: PartialDate | None = None
    date_basis: str = ""
    date_window: str = ""  # for an inferred date: the range it must lie in, as the importer found it
    date_note: str = ""  # why the date is what it is
    locations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    draft: bool = False
    title_inferred: bool = False
    source: Source = NO_SOURCE
    body_line: int = 1  # the file line where the body starts, for messages about the body
    body_digest: str = ""  # the body's hash: keys the Markdown cache
    lead_in_body: bool = False  # the summary only repeats the body's opening words (an imported lead)
    key: str = ""  # the hash of its file's name and bytes, from which every field above comes
    listing_key: str = ""  # the hash of what a list can show of it: every field but the text and the file
    aliases: tuple[str, ...] = ()  # earlier ids: their addresses redirect here

    def __reduce__(self):
        """Pickled as its values, without its text: the build's state keeps no bodies (they
        are in content/ and, as HTML, in the Markdown cache), and a tuple is quick to read."""
        values = list(self.__dict__.values())
        values[_BODY] = None
        date, source = values[_DATE], values[_SOURCE]
        values[_DATE] = (date.year, date.month, date.day) if date else None
        values[_SOURCE] = None if source == NO_SOURCE else tuple(source.__dict__.values())
        return _article, tuple(values)

    def with_listing_key(self) -> Article:
        unlisted = ("path", "body", "body_line", "body_digest", "key", "listing_key")
        shown = tuple(getattr(self, f.name) for f in fields(self) if f.name not in unlisted)
        return replace(self, listing_key=digest(repr(shown).encode("utf-8")))

    def sort_key(self):
        """Newest first, undated last, ties broken by slug so order never varies."""
        date_key = self.date.sort_key() if self.date else (0, 0, 0)
        return (tuple(-part for part in date_key), self.slug)


_BODY, _DATE, _SOURCE = (list(Article.__dataclass_fields__).index(name) for name in ("body", "date", "source"))


def _article(*values) -> Article:
    values = list(values)
    values[_DATE] = PartialDate(*values[_DATE]) if values[_DATE] else None
    values[_SOURCE] = Source(*values[_SOURCE]) if values[_SOURCE] else NO_SOURCE
    article = Article.__new__(Article)
    article.__dict__.update(zip(Article.__dataclass_fields__, values))  # as pickle itself does: no checks
    return article


FIELDS = {
    "title": "the headline (text, required)",
    "id": "the permanent URL name, e.g. hajin-market-freed",
    "date": "YYYY, YYYY-MM or YYYY-MM-DD",
    "date_basis": "how the date was established: printed or inferred",
    "date_window": "the plausible range of an inferred date, e.g. 2018-12-10/2018-12-14",
    "date_note": "why the date is what it is",
    "locations": "a list of place names",
    "tags": "a list of tags",
    "summary": "one or two sentences",
    "draft": "true or false",
    "title_inferred": "true when the importer made up the headline",
    "source": "publisher, url, and for imported articles seed, sha256 and catalogue",
    "aliases": "the article's earlier ids, whose addresses redirect to it",
    "imported": "the importer's fingerprint of what it wrote (leave it as it is)",
}
SOURCE_FIELDS = ("publisher", "url", "author", "seed", "sha256", "catalogue", "captured", "record")
DATE_BASES = ("printed", "inferred", "editor")


def yaml_problem(err: yaml.YAMLError, shown: str, fm_first: int, first_line: int) -> Problem:
    """Where YAML's reading broke, told from where the broken thing starts: an unclosed
    bracket or quote is named at the line that opened it, with the hint that fits."""
    mark, opened = getattr(err, "problem_mark", None), getattr(err, "context_mark", None)
    problem, context = str(getattr(err, "problem", "") or err), str(getattr(err, "context", "") or "")
    line = lambda m: fm_first + m.line + 1 if m else first_line  # noqa: E731
    if opened and ("expected ',' or ']'" in problem or "expected ',' or '}'" in problem or "flow" in context):
        if "]" in problem or "sequence" in context:
            return Problem(shown, line(opened), "the front matter is not valid YAML: the '[' opened here is not closed",
                           "end the list with ']' on the same line, like tags: [SDF, Hajin]")
        return Problem(shown, line(opened), "the front matter is not valid YAML: the '{' opened here is not closed",
                       "put a text that starts with '{' in quotes")
    if opened and "quoted scalar" in context:
        return Problem(shown, line(opened), "the front matter is not valid YAML: the quote opened here is not closed",
                       "end the text with the same quote mark it starts with")
    if opened and ("stream end" in problem or "end of stream" in problem):
        mark = opened
    return Problem(shown, line(mark), f"the front matter is not valid YAML: {problem}",
                   "check quotes and indentation; put a value with ':' or '#' in quotes")


def _key_lines(fm_text: str) -> tuple[dict[str, int], dict[str, int]]:
    """Line (0-based, within the front matter) of each top-level key, and of each key's
    second appearance, if it has one."""
    lines, again = {}, {}
    for number, line in enumerate(fm_text.split("\n")):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            (again if match.group(1) in lines else lines).setdefault(match.group(1), number)
    return lines, again


MAX_NAME = 100  # characters in an id, or in the URL name of a tag or place: a file name must hold it
MAX_ARTICLE_BYTES = 5_000_000  # a report, however long, is far smaller; anything bigger is a mistake
MAX_TERMS = 100  # places or tags on one article


def read_text(data: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """The file's text, with Windows line endings made plain. UTF-8 (with or without a byte
    order mark) is read silently; text that can only be Windows-1252 (or Latin-1, which it
    contains) is read with a warning; anything else is an error."""
    if len(data) > MAX_ARTICLE_BYTES:
        return None, Problem(shown, None, f"the file is {len(data) / 1e6:.0f} MB; an article may be at most "
                                          f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB", "split it, or move data out of content/")
    if b"\x00" in data:
        return None, Problem(shown, None, "this is not a text file", "content/ may only hold Markdown text files")
    try:
        text = data.decode("utf-8-sig")
        trouble = None
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None, Problem(shown, line, "the file is not UTF-8 text, nor any encoding it could safely be read as",
                                 "save it as UTF-8 in your editor")
        trouble = Problem(shown, line, "the file is not UTF-8; it was read as Windows-1252 (Latin-1)",
                          "check its accented letters, then save it as UTF-8", "warning")
    return text.replace("\r\n", "\n").replace("\r", "\n"), trouble


def parse_article(text: str, shown: str, default_slug: str) -> tuple[Article | None, list[Problem]]:
    """Parse one file's text. Returns the article, or None with the problems that stop it."""
    problems: list[Problem] = []
    found = NOT_IN_TEXT.search(text)
    if found:
        problems.append(Problem(shown, text.count("\n", 0, found.start()) + 1, f"the file holds the invisible "
                                f"character {ascii(found.group())}, which pages and feeds cannot carry; it was left out",
                                "delete it in your editor", "warning"))
        text = NOT_IN_TEXT.sub("", text)
    start = len(text) - len(text.lstrip())
    first_line = text.count("\n", 0, start) + 1
    if not text.startswith("---", start):
        return None, [Problem(shown, first_line, "the file has no front matter",
                              "start it with a line '---', then 'title: ...', then another '---'")]
    handler = FrontMatterYAML()
    try:
        fm_text, body = handler.split(text.strip())
    except ValueError:
        return None, [Problem(shown, first_line, "the front matter is not closed",
                              "end it with a line '---' before the article's text")]
    # Line numbers come from the original text: frontmatter strips it before splitting.
    fm_offset = text.find(fm_text, start + 3)
    fm_first = text.count("\n", 0, fm_offset)  # 0-based file line of fm_text's first line
    body = body.strip()
    body_start = text.find(body, fm_offset + len(fm_text)) if body else -1
    body_line = text.count("\n", 0, body_start) + 1 if body else text.count("\n", 0, fm_offset + len(fm_text)) + 2
    try:
        meta = handler.load(fm_text)
    except ValueError:  # a number too long for Python to read (more than 4,300 digits)
        long_number = re.search(r"\d{4000,}", fm_text)
        line = fm_first + fm_text.count("\n", 0, long_number.start()) + 1 if long_number else first_line
        return None, [Problem(shown, line, "the front matter holds a number thousands of digits long",
                              "shorten it, or put it in quotes if it is text")]
    except yaml.YAMLError as err:
        return None, [yaml_problem(err, shown, fm_first, first_line)]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [Problem(shown, fm_first + 1, "the front matter must be a list of 'key: value' lines",
                              "write it like 'title: My headline'")]

    key_lines, repeated = _key_lines(fm_text)
    for key, number in repeated.items():
        problems.append(Problem(shown, fm_first + number + 1, f"'{key}' is written twice (first on line "
                                f"{fm_first + key_lines[key] + 1})", "keep one of them"))
    if repeated:  # which of the two YAML kept is not what the editor may think: nothing else can be trusted
        return None, problems

    def line_of(key: str) -> int:
        return fm_first + key_lines.get(key, 0) + 1

    def problem(key: str, message: str, hint: str) -> None:
        problems.append(Problem(shown, line_of(key), message, hint))

    for key, value in meta.items():
        clean = without_invisible(value)
        if clean != value:
            meta[key] = clean
            problems.append(Problem(shown, line_of(str(key)), f"'{key}' holds an invisible character (a control code "
                                    "or an incomplete character), which pages and feeds cannot carry; it "
                                    "was left out", "remove the escape (such as \\x01 or \\uD800) from the value", "warning"))

    for key in meta:
        if key not in FIELDS:
            key_text = str(key)
            hint = did_you_mean(key_text, FIELDS) or "known fields: " + ", ".join(FIELDS)
            problem(key_text, f"unknown front-matter field '{key_text}'", hint)

    def text_field(key: str, required: bool = False) -> str:
        value = meta.get(key)
        if value is None:
            if required:
                problems.append(Problem(shown, fm_first + 1, f"the field '{key}' is missing", f"add a line '{key}: ...'"))
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            kind = "empty" if isinstance(value, str) else f"a {type(value).__name__}"
            problem(key, f"'{key}' must be text, not {kind}", f"write {key}: followed by {FIELDS[key]}")
            return ""
        return value.strip()

    def list_field(key: str) -> tuple[str, ...]:
        value = meta.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problem(key, f"'{key}' must be a list of names",
                    f"write {key}: [First, Second] or one '- name' line per item")
            return ()
        names = tuple(dict.fromkeys(unicodedata.normalize("NFC", v.strip()) for v in value))  # unique, order kept
        for name in names:
            if len(slugify(name)) > MAX_NAME:
                problem(key, f"the name '{name[:40]}…' is too long for a page of its own; a name may have at most "
                        f"{MAX_NAME} letters", "shorten it")
                return ()
        if len(names) > MAX_TERMS:
            problem(key, f"'{key}' lists {len(names)} names; an article may have at most {MAX_TERMS}",
                    "keep the ones the article is really about")
            return ()
        return names

    def bool_field(key: str) -> bool:
        value = meta.get(key, False)
        if not isinstance(value, bool):
            problem(key, f"'{key}' must be true or false", f"write {key}: true or {key}: false")
            return False
        return value

    title = text_field("title", required=True)
    summary = text_field("summary")
    date_basis = text_field("date_basis")
    date_window, date_note = text_field("date_window"), text_field("date_note")
    text_field("imported")
    if date_basis and date_basis not in DATE_BASES:
        problem("date_basis", f"unknown date_basis '{date_basis}'", "use one of: " + ", ".join(DATE_BASES))
    locations, tags, aliases = list_field("locations"), list_field("tags"), list_field("aliases")
    wrong = [a for a in aliases if slugify(a) != a]
    if wrong:
        problem("aliases", f"'aliases' must list earlier ids (lower-case letters, digits and hyphens), not '{wrong[0]}'",
                f"write aliases: [{slugify(wrong[0]) or 'old-id'}]")
        aliases = ()
    draft, title_inferred = bool_field("draft"), bool_field("title_inferred")

    date = None
    raw_date = meta.get("date")
    if raw_date is not None:
        if isinstance(raw_date, int) and not isinstance(raw_date, bool):
            raw_date = f"{raw_date:04d}"
        if not isinstance(raw_date, str):
            problem("date", "'date' must be written YYYY, YYYY-MM or YYYY-MM-DD", "for example date: 2018-12-12")
        else:
            try:
                date = parse_partial_date(raw_date)
            except ValueError as err:
                problem("date", f"impossible date: {err}", "write the date as YYYY, YYYY-MM or YYYY-MM-DD")

    slug = default_slug
    raw_id = meta.get("id")
    if raw_id is not None:
        if not isinstance(raw_id, str) or slugify(raw_id) != raw_id:
            suggestion = slugify(str(raw_id)) or "hajin-market-freed"
            problem("id", f"'id' must be lower-case letters, digits and hyphens, not '{raw_id}'",
                    f"write id: {suggestion}")
        elif len(raw_id) > MAX_NAME:
            problem("id", f"'id' has {len(raw_id)} characters; an id may have at most {MAX_NAME}", "write a shorter id")
        else:
            slug = raw_id
    if len(slug) > MAX_NAME:
        problems.append(Problem(shown, first_line, f"the file name gives a URL name of {len(slug)} characters; it may have at most {MAX_NAME}",
                                "rename the file, or add a shorter 'id: some-name'"))
    if not slug:
        problems.append(Problem(shown, first_line, "the file name gives an empty URL name",
                                "rename the file with letters or digits, or add 'id: some-name'"))
    elif slug in RESERVED_SLUGS:
        problem("id", f"'{slug}' is reserved for the site's own pages", "choose another id")

    source = NO_SOURCE
    raw_source = meta.get("source")
    if raw_source is not None:
        if not isinstance(raw_source, dict):
            problem("source", "'source' must list publisher, url, seed and sha256",
                    "write source: then indented lines like '  url: https://...'")
        else:
            unknown = [k for k in raw_source if k not in SOURCE_FIELDS]
            wrong = [k for k in SOURCE_FIELDS if k in raw_source and not isinstance(raw_source[k], str)]
            for key in unknown:
                problem("source", f"unknown source field '{key}'",
                        did_you_mean(str(key), SOURCE_FIELDS) or "use: " + ", ".join(SOURCE_FIELDS))
            for key in wrong:
                problem("source", f"source '{key}' must be text", f"put the {key} in quotes")
            if not unknown and not wrong and raw_source.get("url") and link_problem(raw_source["url"]):
                problems.append(Problem(shown, line_of("source"), f"the source url is not linked: {link_problem(raw_source['url'])}",
                                        "write the report's http or https address", "warning"))
                raw_source = {**raw_source, "url": ""}
            if not unknown and not wrong:
                source = Source(**raw_source)
                source = NO_SOURCE if source == NO_SOURCE else source

    if any(p.severity == "error" for p in problems):
        return None, problems
    if not body:
        problems.append(Problem(shown, body_line - 1, "the article has no text after its front matter",
                                "write the article below the closing '---'", "warning"))
    problems += unlinked_addresses(body, body_line, shown)
    problems += [Problem(shown, body_line + first, f"this paragraph is shown as plain text: {reason}, more than "
                         "Markdown can convert in good time", "split it, or remove the markup it does not need", "warning")
                 for first, _, reason in overwrought_blocks(body.split("\n"))]
    article = Article(path=shown, slug=slug, title=title, body=body, date=date, date_basis=date_basis,
                      date_window=date_window, date_note=date_note,
                      locations=locations, tags=tags, summary=summary, draft=draft,
                      title_inferred=title_inferred, source=source, body_line=body_line, aliases=aliases,
                      body_digest=digest(body.encode("utf-8")), lead_in_body=repeats_opening(summary, body))
    return article.with_listing_key(), problems


def without_invisible(value):
    """A front-matter value with the characters NOT_IN_TEXT names left out, in texts at any depth."""
    if isinstance(value, str):
        return NOT_IN_TEXT.sub("", value)
    if isinstance(value, list):
        return [without_invisible(v) for v in value]
    if isinstance(value, dict):
        return {k: without_invisible(v) for k, v in value.items()}
    return value


# Python-Markdown's time grows with the square of a paragraph's inline markup (each match
# copies the paragraph) and faster still with nested brackets, and deep nesting exhausts
# Python's stack (emphasis about 1,000 deep, lists about 250). A paragraph past these limits,
# measured in bench/markdown.py and far beyond what any report needs, is shown as plain text.
MARKUP = re.compile(r"[\[\]*_`&<!\\]")
MAX_MARKUP = 1_000  # marks in one paragraph
MAX_MARKUP_WORK = 50_000_000  # marks × characters in one paragraph
MAX_NESTING = 16  # brackets inside brackets, quotes inside quotes
MAX_INDENT = 100  # columns: lists about 25 deep
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def overwrought_blocks(lines: list[str]) -> list[tuple[int, int, str]]:
    """The paragraphs (first and last line index, what is wrong) whose Markdown would take
    unbounded time or stack to convert. Fenced code is left alone: it has no inline markup."""
    found, start, fence = [], None, None
    for number, line in enumerate([*lines, ""]):
        opens = FENCE.match(line)
        if fence or opens:
            if opens and (fence is None or opens.group(1) == fence):
                fence = None if fence else opens.group(1)
            if start is not None:
                found += _overwrought(lines, start, number - 1)
                start = None
        elif not line.strip():
            if start is not None:
                found += _overwrought(lines, start, number - 1)
                start = None
        elif start is None:
            start = number
    return found


def _overwrought(lines: list[str], first: int, last: int) -> list[tuple[int, int, str]]:
    block = "\n".join(lines[first:last + 1])
    marks = MARKUP.findall(block)
    if len(marks) > MAX_MARKUP or len(marks) * len(block) > MAX_MARKUP_WORK:
        return [(first, last, f"{len(marks):,} marks of Markdown in one paragraph of {len(block):,} characters")]
    depth = deepest = 0
    for mark in marks:
        if mark == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif mark == "]":
            depth = max(depth - 1, 0)
    indent = max(len(line) - len(line.lstrip(" \t>")) for line in lines[first:last + 1])
    quotes = max(line[:len(line) - len(line.lstrip(" \t>"))].count(">") for line in lines[first:last + 1])
    if deepest > MAX_NESTING or quotes > MAX_NESTING:
        return [(first, last, f"brackets or quotes nested {max(deepest, quotes)} deep")]
    if indent > MAX_INDENT:
        return [(first, last, f"lines indented {indent} columns")]
    return []


# Where a Markdown body names an address: [text](address), ![image](address), [label]: address,
# and href="…" in HTML an article shows as text. `check` reads its links with it too.
MARKDOWN_LINK = re.compile(r"(?P<image>!?)\[[^\]]*\]\(\s*<?(?P<inline>[^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)"
                           r"|^\s*\[[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)|href=[\"'](?P<href>[^\"']+)[\"']", re.M)


def link_address(found: re.Match) -> str:
    return found.group("inline") or found.group("reference") or found.group("href")


def unlinked_addresses(body: str, body_line: int, shown: str) -> list[Problem]:
    """A warning for each link the page will show as text because of its address (render's
    SafeLinks does it, with the same check)."""
    problems = []
    for found in MARKDOWN_LINK.finditer(body):
        if found.group("href"):
            continue  # raw HTML is shown as text, never as a link
        address = link_address(found)
        trouble = link_problem(address)
        if trouble:
            shown_address = address if len(address) <= 40 else address[:40] + "…"
            problems.append(Problem(shown, body_line + body.count("\n", 0, found.start()),
                                    f"the link to {shown_address!r} is shown as text: {trouble}",
                                    "link to an http or https address, or remove the link", "warning"))
    return problems


def repeats_opening(summary: str, body: str) -> bool:
    """Whether the summary is only the first words of the body, as an imported lead is."""
    words = lambda text: re.findall(r"\w+", text.casefold())  # noqa: E731
    said = words(summary)
    return bool(said) and words(body[:len(summary) * 2 + 200])[:len(said)] == said


def content_entries(content_dir: Path, root: Path) -> list[os.DirEntry]:
    """Every Markdown file under content/, in a stable order. Symlinked folders are not
    followed, so a symlink loop cannot hang the build, and a symlinked file, which could
    bring in anything from the disk, does not count."""
    found, folders, outside = [], [str(content_dir)], []
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # gone, or unreadable: as os.walk, skip it
            continue
        for entry in entries:
            if entry.is_symlink():
                outside.append(link_out_of_project(Path(entry.path), root))
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir():
                folders.append(entry.path)
            elif entry.name.endswith(".md") and entry.is_file():
                found.append(entry)
    if any(outside):
        raise BuildFailed([p for p in outside if p])
    return sorted(found, key=lambda entry: entry.path)


def content_files(content_dir: Path, root: Path) -> list[Path]:
    return [Path(entry.path) for entry in content_entries(content_dir, root)]


@dataclass
class ContentFile:
    location: str  # where it is on disk
    shown: str  # content/x.md
    key: str  # hash of its name and bytes: keys the parse cache and the build's inputs
    stat: tuple[int, ...] = ()  # size, mtime, ctime and inode when it was hashed
    _data: bytes | None = None

    @property
    def data(self) -> bytes:
        if self._data is None:
            with open(self.location, "rb") as file:
                self._data = file.read()
        return self._data

    @property
    def path(self) -> Path:
        return Path(self.location)


SETTLED_NS = 2_000_000_000  # a file untouched this long can be recognised by its stat alone


def scan_content(content_dir: Path, root: Path, known: dict[str, tuple] | None = None) -> list[ContentFile]:
    """Hash every article file: the build's inputs. `known` maps a file to the stat and key
    it had when last hashed (the first two of each value); a file whose size, times and inode are unchanged is not read
    again. Like git, a file changed in the last moments before it was hashed is never
    trusted by its stat (its time may not yet tell two writes apart), and the change time,
    which no tool can set back, guards against copies that restore an old modification time."""
    known = known or {}
    settled = time.time_ns() - SETTLED_NS
    prefix = display_path(content_dir, root) + "/"
    start = len(str(content_dir)) + 1
    files = []
    for entry in content_entries(content_dir, root):
        shown = prefix + entry.path[start:].replace(os.sep, "/")
        info = entry.stat(follow_symlinks=False)
        stat = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        remembered = known.get(shown)
        if remembered and remembered[0] == stat:
            files.append(ContentFile(entry.path, shown, remembered[1], stat))
            continue
        with open(entry.path, "rb") as file:
            data = file.read()
        settled_stat = stat if max(info.st_mtime_ns, info.st_ctime_ns) < settled else ()
        files.append(ContentFile(entry.path, shown, digest(shown.encode() + b"\0" + data), settled_stat, data))
    return files


@dataclass
class Content:
    """What content/ held at the last load: for each file, its stat and key and what it gave
    (the article, or None, and its problems). A load starts from the previous one and parses
    only the files whose bytes changed."""
    files: dict[str, tuple[tuple, str, Article | None, list[Problem]]] = field(default_factory=dict)

    @property
    def articles(self) -> list[Article]:
        return [record[2] for record in self.files.values() if record[2] is not None]

    @property
    def problems(self) -> list[Problem]:
        return [p for record in self.files.values() for p in record[3]]

    @property
    def index(self) -> dict[str, tuple]:
        """Each file's stat, key and problems: enough to tell that nothing changed."""
        return {path: (record[0], record[1], record[3]) for path, record in self.files.items()}


def load_content(content_dir: Path, root: Path, previous: Content | None = None, progress=None,
                 files: list[ContentFile] | None = None) -> Content:
    """Every article under content/, with the problems of every file. A file whose stat or
    bytes are those of the previous load is not parsed again (its warnings are kept with it,
    so they are reported every time). `files`: the content as scan_content found it."""
    previous = previous or Content()
    if files is None:
        files = scan_content(content_dir, root, previous.files)
    loaded = Content()
    for done, file in enumerate(files, 1):
        record = previous.files.get(file.shown)
        if record and record[1] == file.key:
            loaded.files[file.shown] = (file.stat, file.key, record[2], record[3])
            continue
        article, problems = parse_file((file.data, file.shown, file.path.stem))
        loaded.files[file.shown] = (file.stat, file.key, replace(article, key=file.key) if article else None, problems)
        if progress and done % 500 == 0:
            progress("Reading", done, len(files))
    return loaded


def read_body(root: Path, article: Article) -> str:
    """The text of an article kept without it (the build's state keeps no bodies)."""
    shown = article.path
    text, _ = read_text((root / shown).read_bytes(), shown)
    again, _ = parse_article(text or "", shown, article.slug)
    return again.body if again else ""


def parse_file(item: tuple[bytes, str, str]) -> tuple[Article | None, list[Problem]]:
    """A file's bytes, its name as shown and its stem: the article (None if it has errors)
    and every problem found."""
    data, shown, stem = item
    text, trouble = read_text(data, shown)
    warnings = [trouble] if trouble else []
    if text is None:
        return None, warnings
    article, found = parse_article(text, shown, slugify(stem))
    return article, warnings + found

"""Read one raw article text (copied from a web page) into its parts.

Pure functions on text. A page copied from a browser is a column of lines: site banners, menus
and taglines, then the headline, a byline and date, captions, the standfirst, the article,
and at the end related links and the reader comments. Each line gets a role:

- furniture: known page chrome (share and print buttons, app and follow-us prompts, government
  banners…), lines that recur across several seeds of the same site, markup fragments, text
  in another script, and what jusText's stop-word and length model calls boilerplate;
- caption: photo captions and credits, image IDs, a line the page printed twice;
- meta: bylines, date lines, reading times, counters, ID lines, the site's own name;
- comments: a comment counter or form, from which everything is dropped;
- text: the rest.

Then the parts: the body starts at the first run of running text (the lead); the headline is
the best-scored candidate above it (position, length, case, a repeat, the catalogue's URL
slug); a line of running text between them is the standfirst; the printed date is read from
the lines above the lead and its dateline. No file I/O here; `importer` does that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from .dates import DateHints, PartialDate, find_printed_date

# --- what a line can be ------------------------------------------------------------------

def whole(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Page chrome, by kind. Matched against a whole line.
FURNITURE = whole(
    r"skip to (?:main )?content", r"back to top", r"top of page", r"(?:select|close|print|email|share) (?:page|this)",
    r"illustrative (?:image|photo)", r"(?:featured|file) (?:image|photo)",
    # sharing, printing, type size
    r"(?:share|tweet|print|email|e-mail|facebook|twitter|telegram|whatsapp|reddit|linkedin|vk|pinterest|copy link)"
    r"(?:\s*(?:this|it|on \w+|article|story|post|page))*[:!]?",
    r"click to (?:share|print|email).*", r"share (?:on|via|with) .{0,40}", r"share\s+next story.*",
    r"(?:a\s*){2,3}", r"(?:a[+-]\s*){1,3}", r"(?:text|font) size.{0,20}", r"listen to (?:this|the) (?:article|story).*",
    # apps, newsletters, following, donating
    r"(?:download|get|install) (?:our|the) (?:\w+ )?app.{0,60}", r"available on (?:the )?(?:app store|google play).*",
    r"(?:follow|join|like) us(?: on \w+)?.{0,60}", r"subscribe(?: now| to (?:our|the) newsletter)?.{0,40}",
    r"(?:sign up|register) for (?:our|the) newsletter.{0,60}",
    r"(?:sign up|subscribe|register|join)\b.{0,80}\b(?:newsletter|inbox|updates|alerts|offers)\b.{0,80}",
    r".{0,40}\b(?:unauthori[sz]ed use|all rights reserved|reproduction (?:is )?(?:prohibited|forbidden)|"
    r"may not be (?:published|reproduced|reprinted|redistributed))\b.{0,200}",
    r"(?:please )?(?:consider )?(?:donat(?:e|ing)|support)(?: to)?(?: us| our work| the site)?.{0,80}",
    r".{0,80}\b(?:donate|donation|paypal|patreon|subscribestar)\b.{0,80}",
    r".{0,80}\b(?:seal|logo|icon|banner|thumbnail)", r"advertisement", r"sponsored(?: content)?", r"article continues (?:after|below) .{0,30}", r"loading\.{0,3}",
    # government banners
    r"an official website of the .{3,60}", r"here'?s how you know", r"official websites use \.\w+.*",
    r"(?:a|an) \.\w+ website belongs to .*", r"(?:a lock|https://) .{0,40}means you.{0,4}ve safely connected.*",
    # navigation
    r"(?:home|menu|search|search form|close|next|previous|prev|top|latest|more|replay|you are here|"
    r"don'?t miss|mobile version|read more|see more|view all|select page|x)(?: »)?",
    r"(?:posted )?in:? (?:news|world|defence|middle east|syria|uncategori[sz]ed)\.?", r"-?\s*in uncategori[sz]ed",
    r"(?:posts? )?tagged:? .{1,60}", r"(?:archives?|posts|stories) (?:for|of|about) .{1,60}", r"categor(?:y|ies):? .{1,80}",
    # pointers to what the copy lost: a video, a link, a gallery
    r"(?:see|watch|click|view|follow)\b.{0,40}\b(?:link|video|here|below|gallery|photos)\b.{0,120}",
    r"tags?:.{0,200}", r"[»›>|•·\-–—\s]+",
)
CREDIT = re.compile(
    r"(?:photo|image|picture|credit|caption|pic|archive photo|file photo)s?(?: credit)?\s*[:©]|©|"
    r"\((?:\w+ )?(?:photo|afp|ap|reuters|epa|getty images|aa|anadolu)[^)]{0,60}\)\s*$|\[(?:afp|ap|reuters|getty|epa)[^\]]*\]\s*$|"
    r"(?:^|\s)/\s*(?:afp|ap|reuters|epa)\b|\b(?:reuters|afp|epa|ap)/\w+|\bfile photo\.?\s*$|^epa\d+|"
    r"in this (?:still )?(?:image|photo|picture) taken|^image captured from|^caption:|\bphoto credit\b|"
    r"\(photo: [^)]*\)", re.IGNORECASE)
META = whole(
    r"(?:-\s*)?(?:by|written by|author:?|reporting by|posted by|edited by)\s+[\w .,'’&|:/()+-]{2,140}",
    r"\d+\s*(?:min(?:ute)?s?|mins?)\.? read\.?", r"(?:\d+\s*)?(?:views?|reads?|shares?)", r"\d{1,6}",
    r".{0,80}\b(?:read|viewed|seen|visited)\s+\d[\d,]*\s+times\.?",  # a page's counter, with its date
    r"(?:source|date|published|posted|updated|last updated|modified)(?: date| at| on)?\s*:.{0,120}",
    r"(?:-\s*)?(?:published|posted|updated|last updated|modified)\b.{0,120}",
    r"(?:release|media|news|article|post|story|image|photo) (?:id|no\.?|number|#|code)\s*[:#]?\s*[\w-]+",
    r"(?:release )?# ?\d[\d-]{4,}", r"last updated:? .{0,40}ago", r"powered by .{0,40}", r"beta v\.?\d.*",
)
# A line that starts the comment section: everything from it on is dropped.
COMMENT_MARKERS = whole(
    r"\d*\s*comments?\s*\d*:?", r"(?:one|no|\d+) comments?(?: yet)?\.?", r"be the first to comment.*",
    r"(?:leave|post|add|write) a (?:reply|comment|response).*", r"join the (?:discussion|conversation).*",
    r"comments? (?:are )?(?:closed|section).*", r"(?:show|load|view) (?:more |all )?comments.*",
    r"\d+ (?:responses|replies|thoughts on).*", r"reader comments", r"what do you think\??",
    r"your email address will not be published.*", r"(?:log ?in|sign ?in) to (?:reply|comment).*", r"disqus.*",
    r"discussion",
)
# A line that starts a block of links to other pages ("Read more:", "Related Posts"): it and the
# short lines under it are dropped; running text after them is the article again.
BLOCK_MARKERS = whole(
    r"read (?:more|also|next)\b.{0,120}", r"related(?: articles| posts| news| stories| content)?:?",
    r"(?:you|we) (?:may|might) also like:?", r"recommended(?: for you)?:?", r"more (?:news|stories|from .{1,40}):?",
    r"(?:see|check) also:?", r"also read:?", r"most (?:read|popular|viewed):?", r"trending(?: now)?:?", r"latest(?: news)?:?",
    r"(?:watch|listen):", r"list (?:of )?newspapers.*", r"dear (?:reader|readers|friends?|subscribers?),?",
)
# A threaded comment: a bullet, then a user name alone on its line (seed 000).
COMMENT_BULLET = re.compile(r"^\s*[•●▪◦·*]\s+(\S+(?: \S+)?)$")
# An embedded post: '— Mustafa Bali (@mustefabali) March 5, 2019'.
POST_SIGNATURE = re.compile(r"^[—–-]\s*.{1,60}\(@\w+\)\s*.{0,30}\d{4}\s*$")
# A stray fragment of the page's code: attributes, a PHP dump, JSON, a script (a tag inside
# a headline is text, and is kept, escaped).
MARKUP = re.compile(r"\b(?:style|class|href|target|rel|data-[\w-]+)=[\"']|string\(\d+\)|"
                    r"\{\s*\"\w+\"\s*:|\bvar \w+\s*=|function\s*\(")
BYLINE_DATE = re.compile(r"(?:19|20)\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")
NON_LATIN = re.compile(r"[\u0590-\u08ff\u0400-\u04ff\u0530-\u058f\u4e00-\u9fff]")
WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s", re.IGNORECASE)
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Za-z'’ .,-]{1,60}?)\s*(?:\((?P<inside>[^)]{2,40})\)\s*)?[-–—:]+\s+(?=\S)")
PERSONAL = re.compile(r"\b(I|I'm|I’m|me|my|you|your|you're|you’re|u|we|our|us)\b")
ATTRIBUTION = re.compile(r"\b(?:said|says|told|added|stated|according|announced|wrote|tweeted)\b", re.IGNORECASE)
SLANG = re.compile(r"\b(lol|lmao|rofl|xd|haha\w*|omg|wtf|btw|imho|yep|nope)\b|:\)|:\(|;\)", re.IGNORECASE)
TERMINAL = tuple('.!?:;"”’)…')
WRAP_WIDTH = 100  # a text whose lines are all this short was wrapped by hand
# Reader remarks: 3 of 4 lines in a row read like remarks, after at least 2 lines of article.
REMARK_RUN, REMARK_WINDOW, ARTICLE_BEFORE_REMARKS = 3, 4, 2
HEADLINE_LENGTH = (12, 220)


@dataclass
class Line:
    text: str
    role: str = "text"  # text, furniture, caption, meta, comments, block
    prose: bool = False  # running text by jusText's length and stop-word model


@dataclass(frozen=True)
class SeedContext:
    """What the importer knows about a seed besides its text."""
    site_furniture: frozenset[str] = frozenset()  # line keys that recur across seeds of the same site
    site_names: tuple[str, ...] = ()  # the site's name, from the address: 'kurdistan24', 'naharnet'
    slug_words: tuple[str, ...] = ()  # the words of the address's last part
    dates: DateHints = DateHints()
    language: str = "en"


@dataclass
class SeedText:
    title: str = ""
    summary: str = ""
    date: PartialDate | None = None
    date_evidence: str = ""  # the printed text the date was read from
    dateline: str = ""  # the place a dated dateline names ('DEIR EZ-ZOR (OCTOBER 28, 2018) –')
    datelines: tuple[str, ...] = ()  # the places the lead's dateline names ('HASANSHAM, Iraq –')
    ambiguous_dates: tuple[PartialDate, ...] = ()  # a numeric date that reads two ways
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    dropped: list[str] = field(default_factory=list)  # every line left out, for review and tests

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "p"]

    def plain_text(self) -> str:
        return "\n".join([self.title, self.dateline, self.summary, *(text for _, text in self.blocks)])


def line_key(text: str) -> str:
    """The words of a line, for comparing lines across seeds and spotting repeats."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def same_words(a: str, b: str) -> bool:
    return line_key(a) == line_key(b)


# --- lines -----------------------------------------------------------------------------

def split_lines(text: str) -> list[str]:
    """The text's paragraphs, one per line. Lines separated by blank lines are paragraphs;
    in a hard-wrapped text (every line short, paragraphs separated by blank lines) the lines
    of a block are joined back into one paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    blocks = [[line.rstrip() for line in block.split("\n") if line.strip()] for block in re.split(r"\n\s*\n", text)]
    blocks = [b for b in blocks if b]
    longest = max((len(line.strip()) for block in blocks for line in block), default=0)
    hard_wrapped = longest <= WRAP_WIDTH and any(len(block) > 1 for block in blocks) and not any(
        sum(1 for line in block if line.strip().endswith(TERMINAL)) > 1 for block in blocks)
    lines: list[str] = []
    for block in blocks:
        if hard_wrapped and not any(COMMENT_BULLET.match(line) for line in block):
            lines.append(" ".join(line.strip() for line in block))
            continue
        for raw in block:
            lines.append(raw if COMMENT_BULLET.match(raw) else re.sub(r"\s+", " ", raw.strip()))
    return lines


@lru_cache(maxsize=8)
def stoplist(language: str) -> frozenset[str]:
    import justext
    import pycountry

    entry = pycountry.languages.get(alpha_2=language.split("-")[0])
    try:
        return frozenset(justext.get_stoplist(entry.name if entry else "English"))
    except ValueError:  # jusText has no list for this language
        return frozenset(justext.get_stoplist("English"))


def judge_with_justext(lines: list[Line], language: str) -> None:
    """jusText's model: a line is running text by its length and its share of stop words (a
    menu of short names, however long, is not)."""
    from justext.core import classify_paragraphs
    from justext.paragraph import Paragraph

    paragraphs = []
    for line in lines:
        paragraph = Paragraph(SimpleNamespace(dom="body.p", xpath="/body/p"))
        paragraph.append_text(line.text)
        paragraphs.append(paragraph)
    classify_paragraphs(paragraphs, stoplist(language))
    for line, paragraph in zip(lines, paragraphs):
        line.prose = paragraph.cf_class in ("good", "neargood")


def is_foreign(text: str) -> bool:
    """A line in another script (the archive's language is written in Latin letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and len(text) <= 200 and sum(bool(NON_LATIN.match(ch)) for ch in letters) > len(letters) / 2


def speaks_to_reader(text: str, times: int = 1) -> bool:
    """The page speaking to its reader ('we ask you to be our partner'), not reporting."""
    outside_quotes = re.sub(r"[\"“][^\"”]*(?:[\"”]|$)", "", text)
    return len(PERSONAL.findall(outside_quotes)) >= times and not ATTRIBUTION.search(outside_quotes)


def is_appeal(text: str) -> bool:
    return speaks_to_reader(text, times=2)


def is_breadcrumb(text: str) -> bool:
    """'Iraq Conflict - Mosul Kurdish - Kurdish Peshmerga', 'Current Events & News, Daesh/ISIS, Rest
    of World': short title-case pieces between separators."""
    pieces = [p for p in re.split(r"\s+[|/›»>–-]\s+|\s*,\s*|\s*/\s*", text) if p]
    return len(pieces) >= 3 and all(len(p.split()) <= 4 and p[:1].isupper() for p in pieces) and not text.endswith(".")


def speaks_of_the_site(text: str, names: tuple[str, ...]) -> bool:
    """'Middle East Eye delivers independent and unrivalled coverage…': the site about itself."""
    compact = re.sub(r"[^a-z0-9]", "", text.casefold())
    return any(len(n) >= 5 and compact.startswith(n) for n in names) and not ATTRIBUTION.search(text)


def names_the_site(text: str, names: tuple[str, ...]) -> bool:
    """'kurdistan24.net', 'ARA News', 'Al-Thawra Net': the site's own name, from its address."""
    from rapidfuzz.fuzz import ratio

    compact = re.sub(r"[^a-z0-9]", "", text.casefold())
    # 'TRT World's Francis Collings reports on the plight of civilians.'
    possessive = r"['’]s(?=[A-Z\s])"
    owner = re.sub(r"[^a-z0-9]", "", re.split(possessive, text, maxsplit=1)[0].casefold()) if re.search(possessive, text) else ""
    return bool(compact) and len(text) < 100 and any(
        len(n) >= 4 and (compact in n or (n in compact and len(compact) <= len(n) + 12) or ratio(compact, n) >= 85
                         or (owner == n and len(text.split()) <= 12)) for n in names)


def classify(raw_lines: list[str], context: SeedContext) -> list[Line]:
    lines = [Line(text) for text in raw_lines]
    judge_with_justext(lines, context.language)
    keys = [line_key(line.text) for line in lines]
    for index, line in enumerate(lines):
        text = line.text.strip()
        key = keys[index]
        if not key:
            line.role = "furniture"
        elif COMMENT_MARKERS.fullmatch(text) or COMMENT_BULLET.match(line.text):
            line.role = "comments"
        elif BLOCK_MARKERS.fullmatch(text) or (is_foreign(text) and len(text) < 60):
            line.role = "block"
        elif (FURNITURE.fullmatch(text) or key in context.site_furniture or MARKUP.search(text) or is_foreign(text)
              or is_appeal(text) or POST_SIGNATURE.match(text)):
            line.role = "furniture"
        elif CREDIT.search(text) or (index and keys[index - 1] == key and not lines[index - 1].role == "text"):
            line.role = "caption"
        elif META.fullmatch(text) or names_the_site(text, context.site_names) or is_date_line(text) \
                or (index and line.prose and speaks_of_the_site(text, context.site_names)):
            line.role = "meta"
        elif len(text) >= 70 and not line.prose and (is_breadcrumb(text) or text.count(" | ") >= 2):
            line.role = "furniture"  # a menu: long, and few of the words that make sentences
    # A caption printed twice (its alt text, then the caption); a headline printed twice is
    # shorter and ends no sentence.
    for index in range(1, len(lines)):
        text = lines[index].text
        if keys[index] and keys[index] == keys[index - 1] and lines[index].role == "text" and \
                (len(text) > 160 or (len(text) > 40 and text.endswith("."))):
            lines[index].role = lines[index - 1].role = "caption"
        # An image's alt text cut short, then its caption.
        if len(keys[index - 1]) >= 40 and keys[index].startswith(keys[index - 1]) and lines[index].role == "caption":
            lines[index - 1].role = "caption"
    return lines


def is_date_line(text: str) -> bool:
    """A line that is only a date, perhaps with a weekday, a time and a label."""
    if not BYLINE_DATE.search(text) or len(text) > 80:
        return False
    rest = re.sub(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)"
                  r"[a-z]*\.?|\b(?:am|pm|gmt|utc|ast|amt|at|on|of|the|as|by|date|published|posted|updated|last|"
                  r"modified|\d+(?:st|nd|rd|th)?)\b|[\d:+().,|/-]", " ", text)
    return len(rest.split()) <= 2


# --- the parts -------------------------------------------------------------------------

def is_running(line: Line) -> bool:
    """Running text: a paragraph of reporting rather than a label, a headline, a button or the
    page speaking to its reader ('For $5 a month you will receive…')."""
    words = len(line.text.split())
    return line.role == "text" and (line.prose or words >= 16 or (words >= 8 and line.text.endswith(TERMINAL))) \
        and not speaks_to_reader(line.text)


def runs_of_text(lines: list[Line]) -> list[list[int]]:
    """Running-text lines grouped into runs. What may stand inside a run, between two
    paragraphs, is what a page puts into an article: up to six short lines (a gallery, an
    embedded post, a caption). A block of links, or a longer stretch, ends the run."""
    runs: list[list[int]] = []
    previous = None
    for index, line in enumerate(lines):
        if not is_running(line):
            continue
        gap = lines[previous + 1:index] if previous is not None else []
        if previous is None or len(gap) > 6 or any(other.role == "block" or len(other.text) >= 100 for other in gap):
            if line.text.startswith(("•", "*", "- ")):
                continue  # a list item does not start an article
            runs.append([])
        runs[-1].append(index)
        previous = index
    return runs


def find_body_start(lines: list[Line]) -> int | None:
    """The first line of the article's main run of running text (the one with the most text):
    the lead, or the standfirst or a caption above it."""
    runs = runs_of_text(lines)
    if not runs:
        return None
    best = max(runs, key=lambda run: (sum(len(lines[i].text) for i in run), -run[0]))
    return best[0]


def headline_score(index: int, lines: list[Line], body: int, context: SeedContext) -> float:
    text = headline_text(lines[index].text, context)
    words = re.findall(r"[\w'’-]+", text)
    score = 0.0
    if context.slug_words:
        mine = {w.casefold().strip("'’-") for w in re.findall(r"[\w]+", text)}
        shared = sum(1 for w in context.slug_words if w in mine)
        score += 6 * shared / max(len(context.slug_words), 1)
    if any(same_words(text, other.text) for j, other in enumerate(lines[:body + 1]) if j != index):
        score += 2  # the page printed its headline twice (title and heading)
    if len(words) >= 4:
        score += 1
    elif len(words) < 3:
        score -= 1
    if 25 <= len(text) <= 160:
        score += 1
    if text.isupper():
        score -= 1
    if re.search(r"[.!?]\s+\S.*[.!?]$", text) or (text.endswith(".") and len(words) > 18):
        score -= 2  # two sentences, or a long one: a standfirst
    following = next((j for j in range(index + 1, len(lines)) if lines[j].role == "text"), None)
    if following is not None and (following == body or is_running(lines[following])):
        score += 1.5  # directly above the standfirst or the lead
    if len(words) <= 6 and any(line_key(text) in line_key(line.text) for line in lines[body:body + 30]):
        score -= 1.5  # a name the article itself uses ('The Syrian Observatory for Human Rights'): the site's
    score -= 0.05 * sum(1 for line in lines[index + 1:body] if line.role == "text")
    return score


LEADING_DATE = re.compile(r"^(?:date\s+)?(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|"
                          r"(?:[A-Z][a-z]+,?\s+)?[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8},? \d{4})\s*[-–—|:]?\s+(?=[A-Z0-9“\"'‘])")


def headline_text(text: str, context: SeedContext) -> str:
    """'ISIS Torches Qayyara Oil Field | ASHARQ AL-AWSAT English Archive' -> the headline alone;
    a bullet or a date glued in front ('• 8 Turkish soldiers…', 'date 2018-03-03 Turkish…') goes too."""
    text = re.sub(r"^[•●▪◦·*–—-]\s+", "", text)
    text = LEADING_DATE.sub("", text, count=1)
    if " | " in text:
        head, tail = text.rsplit(" | ", 1)
        if names_the_site(tail, context.site_names) or tail.isupper() or \
                (len(tail.split()) <= 8 and len(head) > 2 * len(tail)):
            return head.strip()
    parts = re.split(r"\s+[–—-]\s+(?=[^–—-]*$)", text)
    if len(parts) == 2 and names_the_site(parts[1], context.site_names):
        return parts[0].strip()
    return text


def choose_headline(lines: list[Line], body: int, context: SeedContext) -> int | None:
    candidates = []
    for index in range(0, min(body + 1, len(lines))):
        line = lines[index]
        text = headline_text(line.text, context)
        if line.role != "text" or not HEADLINE_LENGTH[0] <= len(text) <= HEADLINE_LENGTH[1]:
            continue
        if len(text.split()) < 2 or text.endswith((":", ",")) or is_breadcrumb(text) or looks_like_caption(text):
            continue
        if index == body and (is_running(line) and (len(text) > 160 or text.endswith("."))):
            continue  # the lead paragraph itself: the text has no headline
        candidates.append((headline_score(index, lines, body, context), -index, index))
    if not candidates:
        return None
    best = max(candidates)[2]
    # Printed twice ('Syria, the Coalition strikes…' and 'Syria, The Coalition Strikes…'):
    # the spelling with fewer capitals is the one the editor wrote.
    twins = [i for i in range(0, body + 1) if same_words(lines[i].text, lines[best].text)]
    return min(twins, key=lambda i: (sum(ch.isupper() for ch in lines[i].text), i))


# 'HASANSHAM, Iraq –', 'BAGHDAD:', 'ERBIL (Kurdistan 24) –', 'Baghdad, October 11:', 'Duhok –'
LEAD_DATELINE = re.compile(
    r"^\(?\s*(?P<where>[A-Z][A-Z'’.-]{2,}(?:[ ,]+[A-Z][A-Za-z'’.-]*){0,4}|[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2}"
    r"(?:, [A-Z][A-Za-z]+(?: [A-Z][a-z]+)?(?: \d{1,2})?)?)\s*(?:\([^)]{2,40}\)\s*)?(?:[-–—]+|:)\s+\S")
# A caption's date, after a comma and before a full stop: '…with the 3rd Cavalry Regiment, June 23, 2018.'
CAPTION_DATE = re.compile(r",\s+(?:[A-Z][a-z]+\s+)?(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8},? \d{4})\.")


def looks_like_caption(text: str) -> bool:
    return bool(CREDIT.search(text) or (CAPTION_DATE.search(text) and not ATTRIBUTION.search(text.split(". ")[0])))


def is_standfirst_shape(line: Line) -> bool:
    """A standfirst that does not end a sentence, as our sources print it: short, no attribution
    (an unfinished lead is longer, and says who said it)."""
    return not line.text.endswith(TERMINAL) and len(line.text) <= 200 and not ATTRIBUTION.search(line.text)


def find_lead(lines: list[Line], headline: int | None, body: int) -> tuple[int, int | None]:
    """The lead paragraph, and the standfirst above it if there is one."""
    top = headline + 1 if headline is not None else 0
    running = [i for i in range(top, len(lines)) if is_running(lines[i])]
    if not running:
        return len(lines), None
    start = body if body >= top and body in running else next((i for i in running if i >= body), running[0])
    # A lead printed twice, as a teaser above the article and again at its top: the article
    # starts at the second copy, and what stands between is the header.
    twin = next((i for i in running if i > start and line_key(lines[i].text) == line_key(lines[start].text)), None)
    if twin is not None and twin - start <= 8:
        lines[start].role = "furniture"
        running = [i for i in running if i != start]
        start = twin
    following = [i for i in running if i >= start]
    lead = next((i for i in following[:4] if LEAD_DATELINE.match(lines[i].text)), start)
    lead = next((i for i in following if i >= lead and not looks_like_caption(lines[i].text)), lead)
    above = [i for i in running if top <= i < lead and not looks_like_caption(lines[i].text)
             and not speaks_to_reader(lines[i].text)]
    if above:
        return lead, above[0]
    after = [i for i in running if i > lead]
    between = [line for line in lines[top:lead] if line.role == "text"]
    if headline is None or not after or lead != start or between or LEAD_DATELINE.match(lines[lead].text):
        return lead, None
    # Dropped lines (a date, a caption, a label) part it from the next paragraph, or it does
    # not end a sentence: a standfirst.
    parting = lines[lead + 1:after[0]]
    if is_standfirst_shape(lines[lead]) or (parting and all(is_label(line) or line.role == "furniture" for line in parting)
                                            and any(is_label(line) for line in parting)):
        return after[0], lead
    return lead, None


def is_label(line: Line) -> bool:
    """What stands between a standfirst and the lead: a date, a byline, a caption, or a short
    label ('- Middle East'). Share buttons and the like stand inside articles too."""
    return line.role in ("meta", "caption") or (line.role == "text" and len(line.text) < 40
                                                and len(line.text.split()) <= 4 and not line.text.endswith("."))


def cut_tail(lines: list[Line], start: int) -> int:
    """Where the article ends: at the comment section, or at the first of a run of remarks
    after the article (comments with no marker, seed 004)."""
    cut = next((i for i in range(start, len(lines)) if lines[i].role == "comments"), len(lines))
    remarks = [line.role == "text" and is_remark(line.text) for line in lines[:cut]]
    for i in range(start + ARTICLE_BEFORE_REMARKS, cut):
        window = remarks[i:i + REMARK_WINDOW]
        if remarks[i] and len(window) >= REMARK_RUN and sum(window) >= REMARK_RUN:
            return i
    return cut


def is_remark(line: str) -> bool:
    """Does the line read like a reader's remark rather than a reporter's paragraph?"""
    words = line.split()
    informal = (SLANG.search(line) or PERSONAL.search(line) or "?" in line or "!" in line
                or line[:1].islower() or line.endswith(("..", "…")))
    plain = len(line) <= 80 and not any(w[:1].isupper() for w in words[1:])  # no names, places or actors
    return len(line) <= 600 and bool(informal or plain)


PARTICIPLE_CAPTION = re.compile(r"^[A-Z][\w'’-]*\s+(?:[\w'’-]+\s+){0,5}(?!(?:is|are|was|were|be|been)\b)\w+ing\b")
# 'Maute members with a captured police vehicle': what a photo shows, and no verb.
WITH_CAPTION = re.compile(r"^[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4}\s+with\s+(?:a|an|the|their|his|her|its)\s")
FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|said|says|told|may|might|must)\b")


def is_caption_like(text: str, headline: str) -> bool:
    """A photo's caption standing between paragraphs: 'Maute militants flying the Black Standard
    in Marawi', 'Maps of Syria and Iraq showing…', a gallery's 'Headline 3', or a single
    unfinished sentence too long for a sub-heading."""
    words = text.split()
    if headline and re.fullmatch(rf"{re.escape(line_key(headline))}(?: \d+)?", line_key(text)):
        return True
    if len(words) > 25 or text.endswith((":", "?", '"', "”")):
        return False
    if (PARTICIPLE_CAPTION.match(text) or WITH_CAPTION.search(text)) and not ATTRIBUTION.search(text) \
            and not FINITE.search(text) and len(words) <= 20:
        return True
    return not text.endswith(TERMINAL) and len(words) >= 9 and not re.search(r"[.!?]\s", text)


def is_unfinished_sentence(text: str) -> bool:
    """The last line of a text cut off mid-sentence ('Daesh had seized swathes of S'), not a
    list of keywords or a heading in capitals that ends a page."""
    words = text.split()
    function_words = sum(w.casefold() in stoplist("en") for w in words)
    return len(words) >= 4 and not text.isupper() and function_words >= max(1, len(words) // 5)


def is_pull_quote(text: str, before: str) -> bool:
    return len(text) <= 200 and bool(re.fullmatch(r"[\"“].+[\"”]", text)) and not ATTRIBUTION.search(text) \
        and not before.endswith(":") and not before.startswith(("\"", "“"))


def body_lines(lines: list[Line], start: int, end: int, headline: str, dropped: list[str], cut_off: bool) -> list[str]:
    """The article's own lines from the lead to the end: lines of other roles, blocks of links,
    captions between paragraphs, embedded posts, repeats of the headline, and the short lines
    after the last paragraph left out. A text `cut_off` mid-sentence keeps its last line."""
    kept: list[int] = []
    in_block = False
    running_after = [i for i in range(start, end) if is_running(lines[i])]
    for index in range(start, end):
        line = lines[index]
        if line.role == "block":
            in_block = True
        elif in_block and is_running(line) and not line.text.endswith(("…", "...")) \
                and not speaks_to_reader(line.text) and not line.text.lstrip().startswith(("•", "-", "*")) \
                and any(i > index for i in running_after):
            in_block = False  # the article again: running text, and more of it after
        unfinished = cut_off and index == end - 1 and is_unfinished_sentence(line.text)
        if in_block or line.role != "text" or (index > start and not unfinished and is_caption_like(line.text, headline)):
            dropped.append(line.text)
        else:
            kept.append(index)
    # A pull quote: a quotation standing alone, with nobody named as saying it, that no
    # paragraph introduces.
    pulled = [index for position, index in enumerate(kept) if position and index > start
              and is_pull_quote(lines[index].text, lines[kept[position - 1]].text)]
    kept = [index for index in kept if index not in pulled]
    dropped += [lines[index].text for index in pulled]
    # An embedded post: the lines about its signature ('— Name (@handle) date') that read as posts.
    for index in range(start, end):
        if POST_SIGNATURE.match(lines[index].text):
            for j in [*range(index - 1, max(start, index - 6) - 1, -1), *range(index + 1, min(end, index + 6))]:
                if j in kept and (re.search(r"[#@]\w", lines[j].text) or lines[j].text.startswith("-")):
                    kept.remove(j)
                    dropped.append(lines[j].text)
    last_running = max((i for i in kept if is_running(lines[i]) or lines[i].text.endswith(TERMINAL)
                        or (cut_off and i == end - 1 and is_unfinished_sentence(lines[i].text))), default=None)
    result = []
    for index in kept:
        if last_running is not None and index > last_running:
            dropped.append(lines[index].text)
        else:
            result.append(lines[index].text)
    return result


def read_seed(text: str, context: SeedContext = SeedContext()) -> SeedText:
    seed = SeedText()
    lines = classify(split_lines(text), context)
    body = find_body_start(lines)
    if body is None:
        body = next((i for i, line in enumerate(lines) if line.role == "text"), len(lines))
    end, total = cut_tail(lines, body), len(lines)
    seed.dropped += [line.text for line in lines[end:]]
    lines = lines[:end]

    headline = choose_headline(lines, body, context)
    if headline is not None:
        seed.title = headline_text(lines[headline].text, context)
        title_key = line_key(seed.title)
        for index, line in enumerate(lines):  # printed twice, or inside 'From The Australian (Jun 27): <headline>'
            key = line_key(line.text)
            if index != headline and (key == title_key or (title_key in key and len(key) < len(title_key) + 60)):
                line.role = "furniture"
    lead, standfirst = find_lead(lines, headline, body)
    if standfirst is not None:
        seed.summary = lines[standfirst].text
    elif headline is not None and lead < len(lines):
        # A short line under the headline that is no caption and does not end a sentence.
        short = [i for i in range(headline + 1, lead) if lines[i].role == "text"]
        if len(short) == 1 and len(lines[short[0]].text.split()) >= 6 and is_standfirst_shape(lines[short[0]]) \
                and not is_caption_like(lines[short[0]].text, seed.title) and not looks_like_caption(lines[short[0]].text):
            seed.summary = lines[short[0]].text

    # The printed date: above the lead, in a byline or date line first, then in a short line
    # (a caption or a standfirst tells of the events, not of the page), or in the lead's dateline.
    header = [line.text for line in lines[:lead] if line.role == "meta"] + [
        line.text for line in lines[:lead] if line.role == "text" and line.text != seed.summary
        and not (is_running(line) and len(line.text) > 100) and not looks_like_caption(line.text)]
    dateline = DATELINE.match(lines[lead].text) if lead < len(lines) else None
    prefix = re.match(r"^(.{3,80}?)\s+[-–—]+\s", lines[lead].text) if lead < len(lines) else None
    if prefix and not dateline:  # 'DEIR EZ-ZOR (AFP)Dec 12, 2018 – …': a dateline with its date glued on
        header.append(prefix.group(1))
    where = LEAD_DATELINE.match(lines[lead].text) if lead < len(lines) else None
    if where:
        names = [n.strip() for n in where.group("where").split(",")]
        seed.datelines = tuple(n for n in names if n and not re.search(r"\d", n) and not is_date_line(n + " 2000"))
    if dateline and dateline.group("inside"):
        header.append(dateline.group("inside"))
    printed = find_printed_date(header, context.dates)
    seed.date, seed.date_evidence, seed.ambiguous_dates = printed.date, printed.evidence, printed.ambiguous

    seed.dropped += [line.text for index, line in enumerate(lines[:lead]) if index not in (headline, standfirst)]
    body_text = body_lines(lines, lead, len(lines), seed.title, seed.dropped, cut_off=end == total)
    if body_text and dateline and dateline.group("inside") and printed.date and \
            printed.evidence == dateline.group("inside").strip():
        # 'DEIR EZ-ZOR (OCTOBER 28, 2018) – Fighters…': the place stays known, the prefix goes.
        seed.dateline = dateline.group("place").strip()
        seed.dropped.append(body_text[0][:dateline.end()].strip())
        body_text[0] = body_text[0][dateline.end():].strip()
    for index, line in enumerate(body_text):
        following = body_text[index + 1] if index + 1 < len(body_text) else None
        if not line.endswith(TERMINAL) and following and following.endswith(TERMINAL):
            seed.blocks.append(("h2", line))
        else:
            seed.blocks.append(("p", line))
    return seed


LEARNED_LINE_LENGTH = 120  # furniture is short; a longer line shared by two seeds is quoted text


def learn_site_furniture(seeds: list[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Lines that recur across several seeds of one site (the site as the catalogue's address
    names it) are its furniture: banners, menus, bylines of the desk, footers. A line counts
    once per seed, and seeds that are copies of each other (the same report twice) teach nothing."""
    by_site: dict[str, list[tuple[set[str], set[str]]]] = {}
    for site, text in seeds:
        if site:
            lines = split_lines(text)
            every = {line_key(line) for line in lines} - {""}
            short = {line_key(line) for line in lines if len(line) <= LEARNED_LINE_LENGTH} - {""}
            by_site.setdefault(site, []).append((every, short))
    learned = {}
    for site, texts in by_site.items():
        counts: dict[str, int] = {}
        distinct = [short for i, (every, short) in enumerate(texts)
                    if not any(len(every & other) > 0.5 * min(len(every), len(other)) for other, _ in texts[:i])]
        for keys in distinct:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        learned[site] = frozenset(key for key, count in counts.items() if count >= 2)
    return learned


ABBREVIATIONS = frozenset("lt gen col brig maj capt sgt cpl adm gov sen rep st mr mrs ms dr no vol jan feb mar apr jun "
                          "jul aug sep sept oct nov dec u.s u.k u.n".split())


def lead_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a paragraph, cut at a word if long: for an inferred headline or a
    summary. 'Nov. 5' and 'Lt. Gen.' end no sentence."""
    sentence = text
    for match in re.finditer(r"[.!?](?=\s+[\"“A-Z0-9]|$)", text):
        word = re.search(r"([\w.]+)$", text[:match.start()])
        if match.group(0) == "." and word and (word.group(1).casefold() in ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        sentence = text[:match.end()]
        break
    sentence = sentence.rstrip(".")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def without_dateline(paragraph: str) -> str:
    """'SOUTHWEST ASIA - Coalition forces…' -> 'Coalition forces…': a summary shown in lists
    starts with the news, not with where it was filed."""
    match = LEAD_DATELINE.match(paragraph) or re.match(r"^.{3,60}?\(\w[\w\s.]{1,20}\)\S*[^–—-]{0,20}\s+[-–—]+\s+(?=\S)", paragraph)
    if not match:
        return paragraph
    start = match.end() - 1 if LEAD_DATELINE.match(paragraph) else match.end()
    rest = paragraph[start:].lstrip()
    return rest[:1].upper() + rest[1:] if rest else paragraph


# --- Markdown escaping ---------------------------------------------------------------------

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
LINE_START_SPECIAL = re.compile(r"^(\s*)(?:([#>+\-=|])|(\d+)([.)])(?=\s))")


def escape_line_start(text: str) -> str:
    """'# x', '- x', '1. x' as text, not a heading or a list ('1\\. x': a backslash before a
    digit would show)."""
    return LINE_START_SPECIAL.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)),
                                  text)


def escape_markdown(text: str) -> str:
    """Raw text that renders as the same text: no emphasis, links, HTML or lists by accident."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return escape_line_start(INLINE_SPECIAL.sub(r"\\\1", text))

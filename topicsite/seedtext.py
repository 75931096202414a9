"""Read one raw article text (copied from a web page) into its parts.

Pure functions on text: furniture and reader comments out, title, standfirst, dateline,
paragraphs and sub-headings identified. No file I/O here; `importer` does that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import MONTHS, PartialDate, parse_partial_date

# Lines that belong to the web page, not to the article. Matched against a whole line.
FURNITURE = [re.compile(p, re.IGNORECASE) for p in (
    r"skip to (main )?content", r"back to top", r"illustrative (image|photo)", r"(featured|file) (image|photo)",
    r"share( this( article| story)?)?:?", r"(tweet|print|email|e-mail|facebook|twitter|telegram|whatsapp|reddit|linkedin|vk)",
    r"click to (share|print|email).*", r"share on (facebook|twitter|telegram|whatsapp).*",
    r"(please )?(consider )?(donat(e|ing)|support)( to)?( us| our work| the site| southfront)?.{0,80}",
    r".{0,80}\b(donate|donation|paypal|patreon|subscribestar)\b.{0,80}",
    r"(follow|subscribe to) us.*", r"subscribe( now| to our newsletter)?.{0,40}", r"advertisement", r"sponsored",
    r"related( articles| posts| news)?:?", r"read (more|also):?.{0,120}", r"you may also like:?", r"more (news|stories)",
    r"tags?:.{0,200}", r"(posted )?in:? (news|world|defence|middle east|syria)\.?", r"loading\.{0,3}",
    r"(photo|image|picture|credit|source|caption|pic)s?( credit)?\s*[:©].{0,200}", r"©.{0,120}",
    r"(home|menu|search|close|next|previous|prev|top)( »)?", r"[»›>|•·\-–—\s]+",
)]

# A line that starts the comment section: everything from it on is dropped.
COMMENT_MARKERS = [re.compile(p, re.IGNORECASE) for p in (
    r"\d*\s*comments?:?", r"(leave|post|add|write) a (reply|comment|response).*", r"join the discussion.*",
    r"comments? (are )?(closed|section).*", r"(show|load|view) (more )?comments.*", r"\d+ (responses|replies|thoughts on).*",
    r"reader comments", r"what do you think\??", r"your email address will not be published.*",
    r"(log ?in|sign ?in) to (reply|comment).*", r"disqus.*", r"discussion",
)]

# A threaded comment: a bullet, then a user name alone on its line (seed 000).
COMMENT_BULLET = re.compile(r"^\s*[•●▪◦·*]\s+(\S.{0,40})$")

BYLINE = re.compile(r"^(by|written by|author:?|reporting by|posted by)\s+[\w .,'’-]{2,80}$", re.IGNORECASE)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s*"
MONTH_NAMES = "|".join(MONTHS[1:]) + "|" + "|".join(m[:3] for m in MONTHS[1:]) + "|sept"
DATE_FORMS = [
    # 'October 28, 2018' / 'Oct. 28 2018'
    (re.compile(rf"({MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I), ("m", "d", "y")),
    # '4 June 2018' / 'Monday 4 June 2018'
    (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_NAMES})\.?,?\s+(\d{{4}})", re.I), ("d", "m", "y")),
    # '23-01-2019' / '23/01/2019' / '23.01.2019' (day first, as our sources print it)
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "mn", "y")),
    # '2019-01-23'
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("y", "mn", "d")),
]
# A dateline: 'DEIR EZ-ZOR (OCTOBER 28, 2018) –', or a line that is only a date.
DATELINE = re.compile(rf"^(?:[A-Z][A-Z' .,-]{{1,60}}\s*)?\(\s*(?:{WEEKDAY})?(?P<date>[^)]{{6,40}})\)\s*[-–—:]+\s*", re.I)
DATE_ONLY = re.compile(rf"^(?:(?:published|posted|updated|date)(?: on)?:?\s*)?(?:{WEEKDAY})?(?P<date>[\w ,./-]{{6,40}}?)\s*(?:\d{{1,2}}:\d{{2}}.*)?$", re.I)

TERMINAL = tuple('.!?:;"”’)…')
WRAP_WIDTH = 100  # a text whose lines are all this short was wrapped by hand
# Reader remarks: 3 of 4 lines in a row read like remarks, after at least 2 lines of article.
REMARK_RUN, REMARK_WINDOW, ARTICLE_BEFORE_REMARKS = 3, 4, 2
SLANG = re.compile(r"\b(lol|lmao|rofl|xd|haha\w*|omg|wtf|btw|imho|yep|nope)\b|:\)|:\(|;\)", re.IGNORECASE)
PERSONAL = re.compile(r"\b(I|I'm|I’m|me|my|you|your|you're|you’re|u|we)\b")
NON_LATIN = re.compile(r"[\u0590-\u08ff\u0400-\u04ff\u0530-\u058f\u4e00-\u9fff]")


@dataclass
class SeedText:
    title: str = ""
    summary: str = ""
    date: PartialDate | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    dropped: list[str] = field(default_factory=list)  # every line left out, for review and tests

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "p"]

    def plain_text(self) -> str:
        return "\n".join([self.title, self.summary, *(text for _, text in self.blocks)])


def parse_date(text: str) -> PartialDate | None:
    """A full printed date (day, month and year) in one of our sources' forms, else None."""
    for pattern, order in DATE_FORMS:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        if "m" in parts:
            name = parts["m"].lower()[:3]
            month = next(i for i in range(1, 13) if MONTHS[i].lower().startswith(name))
        else:
            month = int(parts["mn"])
        try:
            return parse_partial_date(f"{int(parts['y']):04d}-{month:02d}-{int(parts['d']):02d}")
        except ValueError:
            return None
    return None


def is_furniture(line: str) -> bool:
    """Page furniture, or a caption in another script (the archive's language is English)."""
    letters = [ch for ch in line if ch.isalpha()]
    foreign = letters and len(line) <= 200 and sum(bool(NON_LATIN.match(ch)) for ch in letters) > len(letters) / 2
    return bool(foreign) or any(p.fullmatch(line.strip()) for p in FURNITURE)


def same_words(a: str, b: str) -> bool:
    words = lambda s: re.findall(r"\w+", s.casefold())  # noqa: E731
    return words(a) == words(b)


def split_lines(text: str) -> list[str]:
    """The text's paragraphs, one per line. Lines separated by blank lines are paragraphs;
    in a hard-wrapped text (every line short, paragraphs separated by blank lines) the lines
    of a block are joined back into one paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    blocks = [[line.rstrip() for line in block.split("\n") if line.strip()] for block in re.split(r"\n\s*\n", text)]
    blocks = [b for b in blocks if b]
    longest = max((len(line.strip()) for block in blocks for line in block), default=0)
    hard_wrapped = longest <= WRAP_WIDTH and any(len(block) > 1 for block in blocks)
    lines: list[str] = []
    for block in blocks:
        if hard_wrapped and not any(COMMENT_BULLET.match(line) for line in block):
            lines.append(" ".join(line.strip() for line in block))
            continue
        for raw in block:
            lines.append(raw if COMMENT_BULLET.match(raw) else raw.strip())
    return lines


def is_remark(line: str) -> bool:
    """Does the line read like a reader's remark rather than a reporter's paragraph?"""
    words = line.split()
    informal = (SLANG.search(line) or PERSONAL.search(line) or "?" in line or "!" in line
                or line[:1].islower() or line.endswith(("..", "…")))
    plain = len(line) <= 80 and not any(w[:1].isupper() for w in words[1:])  # no names, places or actors
    return len(line) <= 600 and bool(informal or plain)


def cut_comments(lines: list[str], dropped: list[str]) -> list[str]:
    """Drop the reader-comment thread, in whichever shape it comes: after a marker line
    ("Leave a Reply", "12 comments"), from a threaded bullet under a user name (seed 000),
    or, with no marker at all, from the first of a run of remarks after the article (seed 004)."""
    cut = len(lines)
    for i, line in enumerate(lines):
        if any(p.fullmatch(line.strip()) for p in COMMENT_MARKERS) or COMMENT_BULLET.match(line):
            cut = i
            break
    remarks = [is_remark(line) for line in lines[:cut]]
    for i in range(ARTICLE_BEFORE_REMARKS, cut):
        window = remarks[i:i + REMARK_WINDOW]
        if remarks[i] and len(window) >= REMARK_RUN and sum(window) >= REMARK_RUN:
            cut = i
            break
    dropped += lines[cut:]
    return lines[:cut]


def read_seed(text: str) -> SeedText:
    seed = SeedText()
    kept = []
    for line in split_lines(text):
        if is_furniture(line) or BYLINE.match(line):
            seed.dropped.append(line)
        else:
            kept.append(line)
    kept = cut_comments(kept, seed.dropped)

    # Datelines and date-only lines near the top give the printed date.
    body: list[str] = []
    for index, line in enumerate(kept):
        if index < 4 and not seed.date:
            dateline = DATELINE.match(line)
            only = DATE_ONLY.fullmatch(line)
            if dateline and parse_date(dateline.group("date")):
                seed.date = parse_date(dateline.group("date"))
                rest = line[dateline.end():].strip()
                if rest:
                    body.append(rest)
                continue
            if only and parse_date(only.group("date")):
                seed.date = parse_date(only.group("date"))
                seed.dropped.append(line)
                continue
        body.append(line)

    # The title: the first line, if it reads as a headline rather than a paragraph.
    if body and len(body[0]) <= 200 and not body[0].endswith((".", "!", ",", ";", ":")):
        seed.title = body.pop(0)
        while body and same_words(body[0], seed.title):  # the page printed it twice
            seed.dropped.append(body.pop(0))
    # The standfirst: the line after the title that does not end a sentence.
    if seed.title and body and not body[0].endswith(TERMINAL) and len(body) > 1:
        seed.summary = body.pop(0)

    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if not line.endswith(TERMINAL) and following and following.endswith(TERMINAL):
            seed.blocks.append(("h2", line))
        else:
            seed.blocks.append(("p", line))
    return seed


def lead_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a paragraph, cut at a word if long: for an inferred headline."""
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = (match.group(1) if match else text).rstrip(".")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence

"""Dates with the precision we actually know: a year, a month, or a day."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = tuple(calendar.month_name)  # English names; index 1..12, locale-independent


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __reduce__(self):
        return PartialDate, (self.year, self.month, self.day)  # smaller and quicker than a dict

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """As written in front matter: '2018', '2018-12' or '2018-12-12'."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def label(self) -> str:
        """As a reader sees it: '2018', 'December 2018', '12 December 2018'."""
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[int, int, int]:
        # A month-precision article sorts after the dated days of that month it
        # might belong to: '2018-12' is known to be December, not the 1st.
        return (self.year, self.month or 13, self.day or 32)


DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_partial_date(text: str) -> PartialDate:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; raises ValueError with a reader's reason."""
    match = DATE_PATTERN.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        raise ValueError(f"'{text}' has no real year")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"'{text}' is not a real day: {MONTHS[month]} {year} has {last} days")
    return PartialDate(year, month, day)


# --- printed dates in raw text ------------------------------------------------------------
#
# dateparser finds and reads the dates; this code only decides which of them is a publication
# date and how precise it is. A date is taken only if its year is printed ("Tuesday, September
# 29" has none, and dateparser would fill one in), and a numeric date that reads two ways
# (12/11/18) is resolved by what else is known, or left out.

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-])")


@dataclass(frozen=True)
class DateHints:
    """What makes one reading of a date more plausible than another."""
    earliest: dt.date | None = None  # the archive's range, from its other articles
    latest: dt.date | None = None
    today: dt.date | None = None  # nothing is published in the future
    months: frozenset[int] = frozenset()  # months the text's own events name ("on December 29")
    order: str = ""  # "DMY" or "MDY": how the same site writes its unambiguous numeric dates


@dataclass(frozen=True)
class PrintedDate:
    date: PartialDate | None
    evidence: str = ""  # the text it was read from
    ambiguous: tuple[PartialDate, ...] = ()  # two readings that nothing could tell apart


def unglue(line: str) -> str:
    """Spaces where a page glued words: '(AFP)Dec 12,2018' -> '(AFP) Dec 12, 2018';
    'Oct.' -> 'Oct'; '11-Oct-2017' -> '11 Oct 2017'."""
    text = re.sub(r"(?<=[A-Za-z)\]])(?=\d)|(?<=\d)(?=[A-Za-z]{2})(?!st|nd|rd|th)", " ", line)
    text = re.sub(r"(?<=[A-Z]{2})(?=[A-Z][a-z])|\)(?=\w)", lambda m: m.group(0) + " ", text)
    text = re.sub(r",(?=\d)", ", ", text)
    text = re.sub(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.", r"\1", text, flags=re.I)
    return re.sub(r"\b(\d{1,2})[-/]([A-Za-z]{3,9})[-/](\d{4})\b", r"\1 \2 \3", text)


@lru_cache(maxsize=4)
def _parser(order: str):
    from dateparser import DateDataParser

    return DateDataParser(languages=["en"], settings={"DATE_ORDER": order, "RETURN_AS_TIMEZONE_AWARE": False,
                                                      "PREFER_DAY_OF_MONTH": "first"})


def _read(text: str, order: str) -> PartialDate | None:
    data = _parser(order).get_date_data(text)
    if not data or not data.date_obj or data.period not in ("day", "month"):
        return None
    when = data.date_obj
    return PartialDate(when.year, when.month, when.day if data.period == "day" else None)


def readings(span: str) -> list[PartialDate]:
    """Every reading of one printed date whose year is printed too."""
    numeric = NUMERIC.search(span)
    if numeric:
        first, second, year = int(numeric.group(1)), int(numeric.group(3)), numeric.group(4)
        year = int(year) + (2000 if len(year) == 2 and int(year) < 50 else 1900 if len(year) == 2 else 0)
        found = []
        for day, month in ((first, second), (second, first)):
            try:
                found.append(parse_partial_date(f"{year:04d}-{month:02d}-{day:02d}"))
            except ValueError:
                pass
        return list(dict.fromkeys(found))
    if not YEAR.search(span):
        return []  # no printed year: never supply one
    date = _read(span, "DMY")
    return [date] if date and str(date.year) in span else []


def plausible(date: PartialDate, line: str, hints: DateHints) -> int:
    """A score for one reading: impossible readings are negative."""
    score = 0
    day = date.first_day()
    if hints.today and day > hints.today:
        return -10
    weekday = next((i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name[:3]}", line, re.I)), None)
    if weekday is not None and date.day:
        score += 3 if day.weekday() == weekday else -3
    if hints.earliest and hints.latest:
        score += 1 if hints.earliest <= day <= hints.latest else 0
    if date.month in hints.months:
        score += 1
    return score


def find_printed_date(lines: list[str], hints: DateHints = DateHints()) -> PrintedDate:
    """The first publication date printed in these lines (the header and byline zone)."""
    from dateparser.search import search_dates

    for line in lines:
        text = unglue(line)
        if not (YEAR.search(text) or NUMERIC.search(text)):
            continue
        found = search_dates(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False,
                                                                "PREFER_DATES_FROM": "past"}) or []
        # dateparser's search can cut a date apart ('Date :11 Oct 2017'); the line's pieces
        # between separators are read whole as well.
        pieces = [p for p in re.split(r"\s+[|•·–—-]\s+|\s*:\s+|\s+:\s*|\(|\)", text) if YEAR.search(p)]
        spans = [span for span, _ in found] + [m.group(0) for m in NUMERIC.finditer(text)] + pieces
        for span in spans:
            options = readings(span)
            if len(options) == 1:
                return PrintedDate(options[0], line.strip())
            if len(options) == 2:
                numeric = NUMERIC.search(span)
                if hints.order:
                    day_first = options[0] if int(numeric.group(1)) == options[0].day else options[1]
                    chosen = day_first if hints.order == "DMY" else next(o for o in options if o != day_first)
                    return PrintedDate(chosen, line.strip())
                scores = [plausible(o, text, hints) for o in options]
                if scores[0] != scores[1]:
                    return PrintedDate(options[scores.index(max(scores))], line.strip())
                return PrintedDate(None, line.strip(), tuple(options))
    return PrintedDate(None)


def numeric_order(line: str) -> str:
    """'DMY' or 'MDY' where a numeric date can only be read one way (21/06/2018), else ''."""
    match = NUMERIC.search(unglue(line))
    if not match:
        return ""
    first, second = int(match.group(1)), int(match.group(3))
    return "DMY" if first > 12 >= second else "MDY" if second > 12 >= first else ""

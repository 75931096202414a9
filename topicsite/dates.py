"""Dates with the precision we actually know: a year, a month, or a day."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = tuple(calendar.month_name)  # English names; index 1..12, locale-independent


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

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

"""Calendar words and arithmetic for date expressions: month and weekday names, small number
words, the latest occurrence of a day or month on or before a reference day."""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = [
    "MIN_YEAR",
    "MONTHS_SHORT",
    "ORDINALS",
    "SMALL_NUMBERS",
    "WEEKDAYS",
    "day_of",
    "latest_month",
    "latest_on_or_before",
    "month_end",
    "month_name",
    "month_number",
    "number_word",
    "parse_day",
    "plausible_year",
    "shift_months",
]

MIN_YEAR = 1900

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTHS_SHORT = frozenset(name for name in MONTHS if len(name) <= 4 and name != "june")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SMALL_NUMBERS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30,
}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4, "final": 4}


def month_number(name: str) -> int:
    """Return 1-12 for a month name or abbreviation ("Dec.", "December"), else 0."""
    return MONTHS.get(name.strip().rstrip(".").lower(), 0)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def latest_on_or_before(month: int, day: int, limit: date) -> date:
    """The most recent month/day that is not after ``limit`` (29 Feb looks back to a leap year)."""
    for year in range(limit.year, limit.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate
    raise ValueError("no such day")


def latest_month(month: int, limit: date) -> tuple[date, date]:
    """The most recent calendar month ``month`` that has started by ``limit``, clipped to it."""
    year = limit.year if month <= limit.month else limit.year - 1
    return date(year, month, 1), min(month_end(year, month), limit)


def plausible_year(year: int, published: date | None) -> bool:
    latest = published.year + 1 if published else 2100
    return MIN_YEAR <= year <= latest


def number_word(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else SMALL_NUMBERS[word]


def parse_day(expr: str) -> tuple[int, int, int | None]:
    """Month, day and optional year of a day expression such as "Jan. 19, 2020"."""
    month = 0
    day = year = None
    for token in re.findall(r"[A-Za-z]+|\d+", expr):
        if token.isdigit():
            if len(token) == 4:
                year = int(token)
            else:
                day = int(token)
        elif month_number(token):
            month = month_number(token)
    if not month or day is None:
        raise ValueError(f"not a day: {expr!r}")
    return month, day, year


def day_of(expr: str, published: date | None, limit: date | None = None) -> date | None:
    month, day, year = parse_day(expr)
    if year is not None:
        return date(year, month, day) if plausible_year(year, published) else None
    reference = limit or published
    if reference is None:
        return None
    return latest_on_or_before(month, day, reference)


def month_name(month: int) -> str:
    """The English name of month 1-12."""
    return calendar.month_name[month]

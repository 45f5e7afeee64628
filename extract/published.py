"""Publication dates as analysts and feeds write them, read strictly: a date that cannot be read,
is ambiguous, is before :data:`~extract.days.MIN_YEAR` or in the future is refused with a message
that quotes it (a :class:`ValueError`)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from extract.days import MIN_YEAR, month_number

__all__ = ["parse_published"]


def parse_published(value: str, *, today: date | None = None) -> date:
    """Read a publication date: ISO ("2020-01-28", "2020-01-28T09:00:00Z"), "Jan 28, 2020",
    "28 January 2020", RFC 822 ("Tue, 28 Jan 2020 09:00:00 +0000"), "2020/01/28".

    Parameters
    ----------
    value
        The date as written.
    today
        Reference for rejecting future dates (more than a day ahead); defaults to today.

    Raises
    ------
    ValueError
        When the value is not a date, is ambiguous (01/02/2020), is before 1900 or in the future.
    """
    text = value.strip()
    if not text:
        raise ValueError("the date is empty")
    parsed = _parse_date_text(text)
    if parsed is None:
        raise ValueError(f"{text!r} is not a date I can read (use YYYY-MM-DD)")
    limit = (today or date.today()) + timedelta(days=1)
    if parsed.year < MIN_YEAR:
        raise ValueError(f"{text!r} is before {MIN_YEAR}, not a plausible publication date")
    if parsed > limit:
        raise ValueError(f"{text!r} is in the future")
    return parsed


def _parse_date_text(text: str) -> date | None:
    iso = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", text
    )
    if iso:
        return _checked(text, int(iso[1]), int(iso[2]), int(iso[3]))
    if re.fullmatch(r"\d{8}", text):
        return _checked(text, int(text[:4]), int(text[4:6]), int(text[6:]))
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(f"{text!r} is ambiguous (day/month order); write it as YYYY-MM-DD")
        day, month = (first, second) if first > 12 else (second, first)
        return _checked(text, year, month, day)
    words = re.sub(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", text)
    month_day = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", words)
    if month_day and month_number(month_day[1]):
        return _checked(text, int(month_day[3]), month_number(month_day[1]), int(month_day[2]))
    day_month = re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+(\d{4})(?:\s+[\d:]+.*)?", words
    )
    if day_month and month_number(day_month[2]):
        return _checked(text, int(day_month[3]), month_number(day_month[2]), int(day_month[1]))
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _checked(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date ({exc})") from None

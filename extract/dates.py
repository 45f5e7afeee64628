"""Date expressions in news text, resolved to day intervals relative to the published date.

Each expression becomes a :class:`DateSpan` with ``precision`` 1 (a day), 2 (a week or a range of
days) or 3 (a month or vaguer). Dates written without a year take the most recent occurrence on or
before the published date ("Jan. 19" in an article of 2020-01-28 is 2020-01-19, "Dec. 1" is
2019-12-01). Expressions that need a reference date (weekdays, "last week", "in December") are
skipped when the published date is unknown. Bare numbers never become dates: a year needs a
preposition ("in 2019") or a month, a day needs a month name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from extract.days import (
    MONTHS_SHORT,
    ORDINALS,
    SMALL_NUMBERS,
    WEEKDAYS,
    day_of,
    latest_month,
    month_end,
    month_name,
    month_number,
    number_word,
    parse_day,
    plausible_year,
    shift_months,
)
from extract.records import DateSpan

__all__ = ["find_dates", "month_number"]

# Month names are matched case-sensitively (capitalised), so "may" the verb is no date.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"
_DAY_NUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY = (
    rf"(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_MONTH}\s+{_DAY_NUM}|{_DAY_NUM}\s+(?:of\s+)?{_MONTH})"
    rf"(?:,?\s+{_YEAR})?(?![\d,]*\d)"
)
_DAY_B = rf"(?:{_DAY}|{_DAY_NUM}(?:,?\s+(?P<y>{_YEAR}))?(?![\d,]*\d))"
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?:day|week|month|year)s?"
_SEP = r"\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*"

_Resolved = tuple[date, date, int] | None


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], date | None], _Resolved]


def find_dates(text: str, published: date | None) -> list[DateSpan]:
    """Find date expressions in ``text`` and resolve each to an interval of days.

    Parameters
    ----------
    text
        Text to scan (offsets in the result index it).
    published
        Publication date of the article; relative expressions are resolved against it.

    Returns
    -------
    list[DateSpan]
        Non-overlapping spans in text order; where two readings overlap, the longer one wins.
    """
    candidates: list[tuple[int, int, int, date, date, int]] = []
    for order, rule in enumerate(_RULES):
        for match in rule.pattern.finditer(text):
            try:
                resolved = rule.resolve(match, published)
            except ValueError:  # an impossible date such as "Feb. 30"
                resolved = None
            if resolved is None:
                continue
            start, end, precision = resolved
            if start > end:
                continue
            candidates.append((match.start(), match.end(), order, start, end, precision))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, int, date, date, int]] = []
    for cand in candidates:
        if all(cand[1] <= t[0] or cand[0] >= t[1] for t in taken):
            taken.append(cand)
    taken.sort(key=lambda c: c[0])
    spans = [
        DateSpan(start=s, end=e, precision=p, text=text[a:b], char_start=a, char_end=b)
        for a, b, _, s, e, p in taken
    ]
    return _with_anchored(text, spans, published)


# "since the offensive began": from the day the article said it began.
_SINCE_IT_BEGAN = re.compile(
    r"(?i)\bsince\s+the\s+(?:[\w-]+\s+){0,2}?(?:war|conflict|fighting|offensive|assault"
    r"|campaign|crisis|coup|siege|clashes|violence|insurgency|operation|battle)\s+(?:began"
    r"|started|erupted|broke\s+out|was\s+launched)\b"
)
_BEGINNING = re.compile(
    r"(?i)\b(?:began|begun|started|launched|erupted|broke\s+out|ordered|seized\s+power"
    r"|since)\b"
)


def _with_anchored(text: str, spans: list[DateSpan], published: date | None) -> list[DateSpan]:
    """Add "since the offensive began" as a range from the latest beginning dated before it.

    A beginning is a day span whose sentence says something began, was launched or ordered
    ("Abiy ordered the offensive on Nov. 4"). With none, or no publication date, nothing is added.
    """
    if published is None:
        return spans
    added: list[DateSpan] = []
    for match in _SINCE_IT_BEGAN.finditer(text):
        if any(s.char_start < match.end() and match.start() < s.char_end for s in spans):
            continue
        starts = [
            s
            for s in spans
            if s.char_end <= match.start()
            and s.start <= published
            and _BEGINNING.search(text, max(0, s.char_start - 120), s.char_end + 40)
        ]
        if starts:
            added.append(
                DateSpan(
                    start=starts[-1].start,
                    end=published,
                    precision=2,
                    text=match.group(),
                    char_start=match.start(),
                    char_end=match.end(),
                )
            )
    return sorted(spans + added, key=lambda s: s.char_start) if added else spans


# --- resolvers --------------------------------------------------------------------------------


def _resolve_iso(m: re.Match[str], published: date | None) -> _Resolved:
    day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    return (day, day, 1) if plausible_year(day.year, published) else None


def _resolve_day(m: re.Match[str], published: date | None) -> _Resolved:
    day = day_of(m.group(), published)
    return (day, day, 1) if day else None


def _resolve_since_day(m: re.Match[str], published: date | None) -> _Resolved:
    day = day_of(m["a"], published)
    if day is None or published is None:
        return None
    return day, published, 2


def _resolve_day_range(m: re.Match[str], published: date | None) -> _Resolved:
    first, second = m["a"], m["b"]
    if not re.search(_MONTH, second):
        month = parse_day(first)[0]  # "Dec. 1-5": the second day shares the month
        second = f"{second} {month_name(month)}" + (f" {m['y']}" if m["y"] else "")
    _, _, year_a = parse_day(first)
    _, _, year_b = parse_day(second)
    if year_b is None and year_a is not None:
        begin = day_of(first, published)
        if begin is None:
            return None
        month_b, day_b, _ = parse_day(second)
        finish = date(begin.year, month_b, day_b)
        if finish < begin:
            finish = date(begin.year + 1, month_b, day_b)
        return begin, finish, 2
    end = day_of(second, published)
    if end is None:
        return None
    start = day_of(first, published, limit=end) if year_a is None else day_of(first, published)
    return (start, end, 2) if start else None


def _resolve_month_range(m: re.Match[str], published: date | None) -> _Resolved:
    month_a, month_b = month_number(m["a"]), month_number(m["b"])
    if m["y"]:
        year = int(m["y"])
        if not plausible_year(year, published):
            return None
        start_year = year if month_a <= month_b else year - 1
        return date(start_year, month_a, 1), month_end(year, month_b), 3
    if published is None:
        return None
    end_start, end = latest_month(month_b, published)
    start_year = end_start.year if month_a <= month_b else end_start.year - 1
    return date(start_year, month_a, 1), end, 3


def _resolve_month_year(m: re.Match[str], published: date | None) -> _Resolved:
    year, month = int(m["y"]), month_number(m["m"])
    if not plausible_year(year, published):
        return None
    return _part_of_month(date(year, month, 1), month_end(year, month), m["part"])


def _part_of_month(first: date, last: date, part: str | None) -> tuple[date, date, int]:
    part = (part or "").lower().rstrip("- ")
    if part == "early":
        return first, min(last, first.replace(day=10)), 2
    if part == "mid":
        return first.replace(day=11), min(last, first.replace(day=20)), 2
    if part == "late":
        return first.replace(day=21), last, 2
    return first, last, 3


def _resolve_month(m: re.Match[str], published: date | None) -> _Resolved:
    name, pre = m["m"], (m["pre"] or "").lower()
    needs_context = name in {"May", "March"} or name.rstrip(".").lower() in MONTHS_SHORT
    if needs_context and not pre and not m["alone"]:
        return None
    if published is None:
        return None
    month = month_number(name)
    first, last = latest_month(month, published)
    if pre == "last" and (first.year, first.month) == (published.year, published.month):
        first = date(first.year - 1, month, 1)
        last = month_end(first.year, month)
    elif pre == "next":
        year = published.year if month > published.month else published.year + 1
        first, last = date(year, month, 1), month_end(year, month)
    elif pre == "this":
        first = date(published.year, month, 1)
        last = min(month_end(published.year, month), max(published, first))
    if pre.startswith("since"):
        return first, published, 3
    return _part_of_month(first, last, pre)


def _resolve_year_part(m: re.Match[str], published: date | None) -> _Resolved:
    year = int(m["y"])
    if not plausible_year(year, published):
        return None
    which, size, unit = m["which"].lower(), m["n"], m["unit"].lower().rstrip("s")
    if unit in {"quarter", "half"}:
        months = 3 if unit == "quarter" else 6
        index = ORDINALS.get(which, 0)
        if not index or index > 12 // months:
            return None
        if which in {"last", "final"}:
            index = 12 // months
        first_month = (index - 1) * months + 1
        return date(year, first_month, 1), month_end(year, first_month + months - 1), 3
    count = number_word(size) if size else 1
    if not 1 <= count <= 12 or which not in {"first", "last", "final"}:
        return None
    if which == "first":
        return date(year, 1, 1), month_end(year, count), 3
    return date(year, 13 - count, 1), date(year, 12, 31), 3


def _resolve_year(m: re.Match[str], published: date | None) -> _Resolved:
    year = int(m["y"])
    if not plausible_year(year, published):
        return None
    pre = m["pre"].lower()
    start, end = date(year, 1, 1), date(year, 12, 31)
    part = (m["part"] or "").lower().rstrip("- ")
    if part == "early":
        end = date(year, 4, 30)
    elif part == "mid":
        start, end = date(year, 5, 1), date(year, 8, 31)
    elif part == "late":
        start = date(year, 9, 1)
    if pre == "since" and published is not None:
        end = published
    return start, end, 3


def _resolve_year_range(m: re.Match[str], published: date | None) -> _Resolved:
    first, last = int(m["a"]), int(m["b"])
    if not (plausible_year(first, published) and plausible_year(last, published)):
        return None
    return date(first, 1, 1), date(last, 12, 31), 3


def _resolve_weekday(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    pre = (m["pre"] or "").lower()
    target = WEEKDAYS.index(m["wd"].lower())
    back = (published.weekday() - target) % 7
    if pre == "last" and back == 0:
        back = 7
    if pre == "next":
        ahead = (target - published.weekday()) % 7 or 7
        day = published + timedelta(days=ahead)
        return day, day, 1
    day = published - timedelta(days=back)
    if pre == "since":
        return day, published, 2
    return day, day, 1


def _resolve_relative_day(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    word = m.group().lower()
    if "before yesterday" in word:
        day = published - timedelta(days=2)
    elif "yesterday" in word or "last night" in word:
        day = published - timedelta(days=1)
    else:
        day = published
    return day, day, 1


def _resolve_this_last(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    which, unit = m["which"].lower(), m["unit"].lower()
    rolling = bool(m["the"]) or which == "past"
    if unit == "week":
        if rolling:
            return published - timedelta(days=7), published, 2
        monday = published - timedelta(days=published.weekday())
        if which == "this":
            return monday, published, 2
        return monday - timedelta(days=7), monday - timedelta(days=1), 2
    if unit == "month":
        if rolling:
            return shift_months(published, -1), published, 3
        first = published.replace(day=1)
        if which == "this":
            return first, published, 3
        previous = shift_months(first, -1)
        return previous, first - timedelta(days=1), 3
    if rolling:
        return shift_months(published, -12), published, 3
    if which == "this":
        return date(published.year, 1, 1), published, 3
    return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), 3


def _back(published: date, count: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return published - timedelta(days=count)
    if unit == "week":
        return published - timedelta(weeks=count)
    return shift_months(published, -count * (12 if unit == "year" else 1))


def _unit_precision(unit: str) -> int:
    return 2 if unit.lower().rstrip("s") in {"day", "week"} else 3


def _resolve_window(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    count = number_word(m["n"])
    if count <= 0:
        return None
    return _back(published, count, m["unit"]), published, _unit_precision(m["unit"])


def _resolve_ago(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    count, unit = number_word(m["n"]), m["unit"]
    day = _back(published, count, unit)
    precision = 1 if unit.lower().startswith("day") else _unit_precision(unit)
    return day, day, precision


def _resolve_recent(m: re.Match[str], published: date | None) -> _Resolved:
    if published is None:
        return None
    unit = m["unit"].lower()
    days = {"days": 7, "weeks": 28, "months": 90}[unit]
    return published - timedelta(days=days), published, _unit_precision(unit)


_RULES: tuple[_Rule, ...] = (
    _Rule(
        re.compile(r"(?<![\w+./-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w/-])"),
        _resolve_iso,
    ),
    _Rule(
        re.compile(rf"\b(?i:between)\s+(?P<a>{_DAY})\s+(?i:and)\s+(?P<b>{_DAY_B})"),
        _resolve_day_range,
    ),
    _Rule(
        re.compile(rf"(?:\b(?i:from)\s+)?\b(?P<a>{_DAY}){_SEP}(?P<b>{_DAY_B})"),
        _resolve_day_range,
    ),
    _Rule(re.compile(rf"\b(?i:since)\s+(?P<a>{_DAY})"), _resolve_since_day),
    # "the war, which began on April 15, 2023, has killed...": from that day on
    _Rule(
        re.compile(rf"\b(?i:began|started|erupted|broke\s+out)\s+(?i:on\s+)?(?P<a>{_DAY})"),
        _resolve_since_day,
    ),
    _Rule(re.compile(rf"\b{_DAY}"), _resolve_day),
    _Rule(
        re.compile(
            rf"\b(?i:between|from)\s+(?P<a>{_MONTH})\s+(?i:and|to|until|through)\s+"
            rf"(?P<b>{_MONTH})(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
        _resolve_month_range,
    ),
    _Rule(
        re.compile(
            rf"\b(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"
        ),
        _resolve_month_year,
    ),
    _Rule(
        re.compile(
            rf"(?i:\b(?:in\s+|during\s+)?the\s+)?\b(?i:(?P<which>first|last|final|second|third"
            rf"|fourth)\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>months?|quarter|half)\s+of)\s+(?P<y>{_YEAR})\b"
        ),
        _resolve_year_part,
    ),
    _Rule(
        re.compile(
            rf"\b(?P<pre>(?i:in|of|since|during|throughout|until|till|by|for|from|through))\s+"
            rf"(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<y>{_YEAR})\b(?![-–]?\w|[.,]\d)"
        ),
        _resolve_year,
    ),
    _Rule(
        re.compile(
            rf"\b(?i:between|from)\s+(?P<a>{_YEAR})\s*(?:-|–|(?i:and|to|until|through))\s*"
            rf"(?P<b>{_YEAR})\b"
        ),
        _resolve_year_range,
    ),
    _Rule(
        re.compile(
            rf"\b(?:(?P<pre>(?i:since\s+the\s+(?:start|beginning)\s+of|in|since|during|through"
            rf"|throughout|until|till|by|from|of|last"
            rf"|this|next|early|mid|late))(?:\s+|-))?(?P<m>{_MONTH})(?P<alone>\s+(?i:alone))?"
            r"(?![\w.]*\s*\d)"
        ),
        _resolve_month,
    ),
    _Rule(
        re.compile(
            rf"\b(?:(?P<pre>(?i:on|last|this|next|since|by|until|early|late))\s+)?"
            rf"(?P<wd>{_WEEKDAY})\b"
        ),
        _resolve_weekday,
    ),
    _Rule(
        re.compile(
            r"(?i)\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night"
            r"|this\s+(?:morning|afternoon|evening))\b"
        ),
        _resolve_relative_day,
    ),
    _Rule(
        re.compile(
            r"(?i)\b(?:(?:earlier|later)\s+)?(?P<the>the\s+)?(?P<which>this|last|past|previous)\s+"
            r"(?P<unit>week|month|year)\b(?!s|end)"
        ),
        _resolve_this_last,
    ),
    _Rule(
        re.compile(
            rf"(?i)\b(?:(?:in|over|during|within|for)\s+)?(?:the\s+)?(?:past|last|previous)\s+"
            rf"(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\b"
        ),
        _resolve_window,
    ),
    _Rule(
        re.compile(
            rf"(?i)\b(?:in|within)\s+(?:just\s+|only\s+)?(?:less\s+than|under|fewer\s+than)\s+"
            rf"(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\b"
        ),
        _resolve_window,
    ),
    _Rule(
        re.compile(rf"(?i)\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+ago\b"),
        _resolve_ago,
    ),
    _Rule(
        re.compile(r"(?i)\b(?:in|over|during)\s+(?:the\s+)?recent\s+(?P<unit>days|weeks|months)\b"),
        _resolve_recent,
    ),
)

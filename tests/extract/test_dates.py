"""Date expressions resolved against the published date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extract.dates import find_dates

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
JAN_28 = date(2020, 1, 28)  # a Tuesday
DEC_26 = date(2019, 12, 26)  # a Thursday


def _one(text: str, published: date | None = JAN_28) -> tuple[str, str, str, int]:
    spans = find_dates(text, published)
    assert len(spans) == 1, spans
    span = spans[0]
    assert text[span.char_start : span.char_end] == span.text
    return span.text, span.start.isoformat(), span.end.isoformat(), span.precision


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("fled on Jan. 19 to the north", "2020-01-19", "2020-01-19", 1),
        ("fled on Dec. 1 to the north", "2019-12-01", "2019-12-01", 1),
        ("on January 19, 2020 they left", "2020-01-19", "2020-01-19", 1),
        ("on 19 January 2020 they left", "2020-01-19", "2020-01-19", 1),
        ("report dated 2020-01-19.", "2020-01-19", "2020-01-19", 1),
        ("between Dec. 1 and Jan. 19 many fled", "2019-12-01", "2020-01-19", 2),
        ("from Dec. 1 to 5 the town was shelled", "2019-12-01", "2019-12-05", 2),
        ("said in a statement on Tuesday", "2020-01-28", "2020-01-28", 1),
        ("left the city on Monday.", "2020-01-27", "2020-01-27", 1),
        ("last Tuesday they fled", "2020-01-21", "2020-01-21", 1),
        ("This week, the army advanced", "2020-01-27", "2020-01-28", 2),
        ("he warned last week that", "2020-01-20", "2020-01-26", 2),
        ("strikes this month have", "2020-01-01", "2020-01-28", 3),
        ("strikes last month have", "2019-12-01", "2019-12-31", 3),
        ("displaced in less than 10 days", "2020-01-18", "2020-01-28", 2),
        ("displaced in less than ten days", "2020-01-18", "2020-01-28", 2),
        ("in the past 10 days", "2020-01-18", "2020-01-28", 2),
        ("killed in December alone", "2019-12-01", "2019-12-31", 3),
        ("in December thousands fled", "2019-12-01", "2019-12-31", 3),
        ("in the first nine months of 2019", "2019-01-01", "2019-09-30", 3),
        ("an offensive that started in April", "2019-04-01", "2019-04-30", 3),
        ("the offensive since April", "2019-04-01", "2020-01-28", 3),
        ("deaths in 2019 rose", "2019-01-01", "2019-12-31", 3),
        ("deaths last year rose", "2019-01-01", "2019-12-31", 3),
        ("fighting over the last year", "2019-01-28", "2020-01-28", 3),
        ("three days ago", "2020-01-25", "2020-01-25", 1),
        ("displaced since Dec. 1, the UN said", "2019-12-01", "2020-01-28", 2),
        ("displaced since the start of December", "2019-12-01", "2020-01-28", 3),
        ("yesterday", "2020-01-27", "2020-01-27", 1),
    ],
)
def test_expressions_resolve_relative_to_published(
    text: str, start: str, end: str, precision: int
) -> None:
    _, got_start, got_end, got_precision = _one(text)
    assert (got_start, got_end, got_precision) == (start, end, precision)


def test_current_month_is_clipped_to_the_published_date() -> None:
    assert _one("65 children in December alone", DEC_26)[1:] == ("2019-12-01", "2019-12-26", 3)


def test_weekday_is_the_latest_such_day_on_or_before_published() -> None:
    assert _one("a statement on Tuesday", JAN_28)[1] == "2020-01-28"  # the day itself
    assert _one("a statement on Tuesday", DEC_26)[1] == "2019-12-24"


def test_range_text_covers_the_whole_phrase() -> None:
    text, *_ = _one("Already between Dec. 1 and Jan. 19 some fled")
    assert text == "between Dec. 1 and Jan. 19"


def test_weekday_with_explicit_date_is_one_span() -> None:
    assert _one("on Tuesday, Dec. 24, 2019 the group said")[1:] == (
        "2019-12-24",
        "2019-12-24",
        1,
    )


def test_explicit_dates_need_no_published_date() -> None:
    assert _one("on January 19, 2020 they left", None)[1] == "2020-01-19"


def test_relative_expressions_are_skipped_without_published_date() -> None:
    assert find_dates("on Tuesday, last week and in December", None) == []


@pytest.mark.parametrize(
    "text",
    [
        "call +963 11 234 5678 or 0944-123-456 for help",
        "Syria's eight-year civil war",
        "the town of Saraqib, about 15 miles northeast",
        "some 358,000 were displaced",
        "2019 people gathered at 1 Main St",
        "It may rain. March on, they said.",
        "the year 1700 or on Feb. 30",
        "in 2031 maybe",
        "room 2020-13-45",
        "three observation posts",
    ],
)
def test_no_date_from_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, JAN_28) == []


def test_seed_001_dates() -> None:
    text = (SEEDS / "001_08f143545b554bad.txt").read_text(encoding="utf-8")
    found = {d.text: (d.start.isoformat(), d.end.isoformat()) for d in find_dates(text, DEC_26)}
    assert found["in less than 10 days"] == ("2019-12-16", "2019-12-26")
    assert found["in the first nine months of 2019"] == ("2019-01-01", "2019-09-30")
    assert found["in December alone"] == ("2019-12-01", "2019-12-26")
    assert found["on Tuesday"] == ("2019-12-24", "2019-12-24")
    assert found["last week"] == ("2019-12-16", "2019-12-22")
    assert found["in April"] == ("2019-04-01", "2019-04-30")
    assert not any("eight" in key or "15" in key for key in found)


def test_a_war_that_began_on_a_day_runs_from_it() -> None:
    (span,) = find_dates(
        "Sudan's war, which began on April 15, 2023, has killed thousands.", date(2024, 5, 13)
    )
    assert (span.start, span.end, span.precision) == (date(2023, 4, 15), date(2024, 5, 13), 2)


def test_since_the_offensive_began_runs_from_the_day_it_was_ordered() -> None:
    text = (
        "The government ordered the offensive on Nov. 4. More than 43,000 refugees have "
        "crossed the border since the fighting began, the agency said."
    )
    spans = {s.text: (s.start, s.end) for s in find_dates(text, date(2020, 11, 29))}
    assert spans["since the fighting began"] == (date(2020, 11, 4), date(2020, 11, 29))
    assert find_dates("Thousands fled since the war began.", date(2020, 11, 29)) == []

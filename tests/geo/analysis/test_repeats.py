"""A figure several articles repeat is shown once, with every article listed; figures that
differ in amount, place, time or size stay apart."""

from __future__ import annotations

from datetime import date

from geo.analysis.repeats import merge_repeated_figures
from geo.features import features_from_records

IDLIB = (35.93, 36.63)
MAARAT = (35.64, 36.67)  # about 33 km south of Idlib
ADEN = (12.78, 45.04)


def figure(doc: str, value: int, spot: tuple[float, float], start: date, end: date,
           published: date, precision: int = 2, quote: str = "q") -> dict[str, object]:  # fmt: skip
    return {
        "kind": "figure", "category": "displaced", "value": value, "low": value, "high": None,
        "qualifier": "more_than", "lat": spot[0], "lon": spot[1], "start": start, "end": end,
        "doc_id": doc, "title": f"Article {doc}", "published": published,
        "geo_precision": precision, "time_precision": 2, "quote": quote,
    }  # fmt: skip


def test_one_tally_in_four_articles_is_one_figure_with_four_sources() -> None:
    rows = [
        figure("a", 100_000, IDLIB, date(2019, 12, 17), date(2019, 12, 27), date(2019, 12, 27)),
        figure("b", 100_000, MAARAT, date(2019, 12, 1), date(2019, 12, 31), date(2019, 12, 30),
               precision=1),
        figure("c", 100_000, IDLIB, date(2019, 12, 21), date(2019, 12, 31), date(2020, 1, 10)),
        figure("d", 100_000, IDLIB, date(2019, 12, 21), date(2019, 12, 31), date(2020, 1, 20)),
        {"kind": "place", "name": "Idlib", "lat": IDLIB[0], "lon": IDLIB[1], "doc_id": "a"},
    ]  # fmt: skip
    shown = merge_repeated_figures(features_from_records(rows))
    figures = shown.loc[shown["kind"] == "figure"]
    assert len(figures) == 1 and (shown["kind"] == "place").sum() == 1
    merged = figures.iloc[0]
    assert merged["doc_id"] == "b"  # the most precise place: the town, not the province
    assert merged["sources"] == (
        "Article a (2019-12-27) | Article b (2019-12-30) | Article c (2020-01-10) | "
        "Article d (2020-01-20)"
    )


def test_different_amounts_places_times_or_articles_stay_apart() -> None:
    dec = (date(2019, 12, 1), date(2019, 12, 31))
    rows = [
        figure("a", 100_000, IDLIB, *dec, date(2019, 12, 27)),
        figure("b", 120_000, IDLIB, *dec, date(2019, 12, 28)),  # another amount
        figure("c", 100_000, ADEN, *dec, date(2019, 12, 28)),  # another country
        figure("d", 100_000, IDLIB, date(2020, 6, 1), date(2020, 6, 30), date(2020, 6, 30)),
        figure("a", 100_000, MAARAT, *dec, date(2019, 12, 27)),  # twice in one article
    ]
    shown = merge_repeated_figures(features_from_records(rows))
    assert len(shown) == 5 and shown["sources"].isna().all()


def test_small_counts_merge_only_when_the_sentence_is_the_same() -> None:
    day = (date(2020, 3, 2), date(2020, 3, 2), date(2020, 3, 2))
    rows = [
        figure("a", 2, IDLIB, *day, quote="2 soldiers were killed at a checkpoint."),
        figure("b", 2, IDLIB, *day, quote="2 civilians were killed by shelling."),
        figure("c", 2, IDLIB, *day, quote="2 soldiers were killed at a checkpoint."),
    ]
    shown = merge_repeated_figures(features_from_records(rows))
    assert len(shown) == 2
    assert shown["sources"].dropna().tolist() == ["Article a (2020-03-02) | Article c (2020-03-02)"]

"""The displacement timeline: one row per distinct figure, repeats across articles counted once."""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo.features import empty_features, features_from_records
from geo.render.timeline import displacement_timeline, timeline_chart


def _figure(doc: str, value: int | None, **extra: object) -> dict[str, object]:
    return {
        "kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93, "category": "displaced",
        "value": value, "qualifier": "about", "doc_id": doc,
        "start": date(2019, 12, 1), "end": date(2020, 1, 19), **extra,
    }  # fmt: skip


def test_a_figure_repeated_in_two_articles_is_one_line() -> None:
    frame = features_from_records(
        [
            _figure("a", 358000, source="United Nations"),
            _figure("b", 358000, source="United Nations"),
            _figure(
                "b",
                None,
                low=100000,
                high=999999,
                qualifier="vague",
                start=date(2020, 1, 28),
                end=date(2020, 1, 28),
            ),
            _figure("a", 800000, category="at_risk"),
            {"kind": "event", "name": "Idlib", "lon": 36.6, "lat": 35.9, "category": "siege"},
        ]
    )
    table = displacement_timeline(frame)
    assert list(table["people"]) == [358000, 100000]
    first = table.iloc[0]
    assert (first["articles"], first["source"]) == (2, "United Nations")
    assert first["label"] == "358,000 displaced in Idlib (2 articles)"
    assert first["start"] == pd.Timestamp("2019-12-01")
    assert first["end"] == pd.Timestamp("2020-01-20")  # the last day, drawn to its end
    assert table.iloc[1]["label"] == "at least 100,000 displaced in Idlib"
    chart = timeline_chart(table).to_dict()
    assert len(chart["layer"]) == 2


def test_no_figures_give_an_empty_table() -> None:
    assert displacement_timeline(empty_features()).empty

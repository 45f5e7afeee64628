"""Displacement over time, from the figures in a features frame, for the app's chart.

Each reported figure is one row: the number of people it states (the value; for "more than"
or "at least" its lower bound; for a vague amount its lower bound) over the period it covers.
Figures are not summed: periods overlap and sources count the same people, so a sum would
mislead. The same figure repeated in several articles (same category, amount, place and
period) is shown once, with how many articles repeat it.
"""

from __future__ import annotations

from typing import Final

import altair as alt
import geopandas as gpd
import pandas as pd

from geo.features import as_timestamps

DISPLACEMENT_CATEGORIES: Final = ("displaced",)
_AT_LEAST = {"more_than": "more than ", "at_least": "at least ", "vague": "at least "}
TIMELINE_COLUMNS: Final = (
    "category",
    "people",
    "start",
    "end",
    "place",
    "source",
    "articles",
    "label",
)

TIMELINE_NOTE: Final = (
    "People reported displaced (vertical) over the days each figure covers (horizontal). Each "
    "line is one reported figure, at the number it states (the lower bound for 'more than' and "
    "vague amounts). Figures are not added up: their periods overlap and sources count the "
    "same people; a figure repeated in several articles is drawn once."
)
"""What the chart shows, for the caption under it."""
NO_TIMELINE: Final = "No displacement figures in the chosen range and layers."


def displacement_timeline(
    features: gpd.GeoDataFrame, categories: tuple[str, ...] = DISPLACEMENT_CATEGORIES
) -> pd.DataFrame:
    """One row per distinct displacement figure: people, period start/end, place, source.

    ``end`` is the last day covered plus one, so a one-day figure still has a width on a chart.
    """
    if features.empty:
        return pd.DataFrame(columns=list(TIMELINE_COLUMNS))
    rows = features[
        (features["kind"] == "figure").to_numpy() & features["category"].isin(categories).to_numpy()
    ]
    if rows.empty:
        return pd.DataFrame(columns=list(TIMELINE_COLUMNS))
    table = pd.DataFrame(
        {
            "category": rows["category"].astype(str).to_numpy(),
            "people": pd.to_numeric(rows["value"], errors="coerce")
            .fillna(pd.to_numeric(rows["low"], errors="coerce"))
            .to_numpy(),
            "start": as_timestamps(rows["start"]).to_numpy(),
            "end": as_timestamps(rows["end"]).to_numpy(),
            "place": rows["name"].astype(str).to_numpy(),
            "source": rows["source"].fillna("").astype(str).to_numpy(),
            "doc_id": rows["doc_id"].astype(str).to_numpy(),
            "qualifier": rows["qualifier"].fillna("").astype(str).to_numpy(),
        }
    ).dropna(subset=["people", "start"])
    table["end"] = table["end"].fillna(table["start"]) + pd.Timedelta(days=1)
    keys = ["category", "people", "qualifier", "place", "start", "end"]
    grouped = table.groupby(keys, as_index=False, sort=True).agg(
        source=("source", lambda s: ", ".join(sorted({v for v in s if v}))),
        articles=("doc_id", "nunique"),
    )
    grouped["people"] = grouped["people"].astype(int)
    grouped["label"] = [
        f"{_AT_LEAST.get(qualifier, '')}{people:,} {category.replace('_', ' ')} in {place}"
        + (f" ({articles} articles)" if articles > 1 else "")
        for people, qualifier, category, place, articles in zip(
            grouped["people"],
            grouped["qualifier"],
            grouped["category"],
            grouped["place"],
            grouped["articles"],
            strict=True,
        )
    ]
    return grouped.reindex(columns=list(TIMELINE_COLUMNS)).sort_values("start", ignore_index=True)


def timeline_chart(table: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """Each figure as a horizontal line at its number of people across the days it covers,
    with a dot at its end: overlapping figures stay visible and nothing is added up.

    Axes and legend carry no titles (the app's caption says what they are): Vega would put
    "titled" into their aria labels, which screen readers and label lookups confuse with the
    app's form fields."""
    base = alt.Chart(table).encode(
        y=alt.Y("people:Q", title=None, scale=alt.Scale(zero=True)),
        color=alt.Color("category:N", title=None),
        tooltip=[
            alt.Tooltip("label:N", title="figure"),
            alt.Tooltip("start:T", title="from", format="%Y-%m-%d"),
            alt.Tooltip("end:T", title="until (exclusive)", format="%Y-%m-%d"),
            alt.Tooltip("source:N", title="according to"),
        ],
    )
    spans = base.mark_rule(strokeWidth=4).encode(x=alt.X("start:T", title=None), x2="end:T")
    ends = base.mark_point(filled=True, size=50).encode(x=alt.X("end:T", title=None))
    return alt.layer(spans, ends)

"""Features frames (see geo.schema): the empty frame, and the filters the app applies.

Dates in a frame are ``datetime.date`` objects or None; frames read back from a file may carry
pandas timestamps or ISO strings instead, so the filters coerce what they compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.schema import FEATURE_COLUMNS

CRS = "EPSG:4326"


def empty_features() -> gpd.GeoDataFrame:
    """A features frame with the schema's columns, no rows, in WGS84."""
    columns: dict[str, pd.Series] = {name: pd.Series(dtype=object) for name in FEATURE_COLUMNS}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def features_from_records(records: Iterable[Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """A features frame from plain rows (missing columns are None); a row without a
    ``geometry`` gets a point at its ``lon``/``lat``, or no geometry when they are unknown."""
    rows = list(records)
    if not rows:
        return empty_features()
    table = pd.DataFrame(
        [{name: row.get(name) for name in FEATURE_COLUMNS} for row in rows], dtype=object
    )
    lon = pd.to_numeric(table["lon"], errors="coerce")
    lat = pd.to_numeric(table["lat"], errors="coerce")
    points = gpd.points_from_xy(lon, lat)
    located = (lon.notna() & lat.notna()).to_list()
    geometry = [
        row["geometry"] if row.get("geometry") is not None else (pt if ok else None)
        for row, pt, ok in zip(rows, points, located, strict=True)
    ]
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)


def as_timestamps(values: pd.Series) -> pd.Series:
    """Dates (date, Timestamp, ISO string or None) as datetime64 days; missing ones as NaT."""
    stamps = pd.to_datetime(values.astype(object), errors="coerce")
    return stamps.dt.tz_localize(None) if stamps.dt.tz is not None else stamps


def filter_by_dates(
    features: gpd.GeoDataFrame, start: date, end: date, *, keep_undated: bool = True
) -> gpd.GeoDataFrame:
    """Features whose [start, end] interval overlaps the closed range [``start``, ``end``].

    A feature with only one of its dates set is taken as that single day. A feature with no
    dates at all (a place named with no time expression near it) is kept by default: the
    article still names it, and dropping it would hide places the user never chose to hide.
    Pass ``keep_undated=False`` to drop them.
    """
    if start > end:
        start, end = end, start
    if features.empty:
        return features.copy()
    first = as_timestamps(features["start"])
    last = as_timestamps(features["end"])
    first, last = first.fillna(last), last.fillna(first)
    undated = first.isna()
    overlaps = (first <= pd.Timestamp(end)) & (last >= pd.Timestamp(start))
    keep = overlaps | (undated & keep_undated)
    return features.loc[keep.to_numpy()].copy()


def filter_kinds(features: gpd.GeoDataFrame, kinds: Iterable[str]) -> gpd.GeoDataFrame:
    """Features whose ``kind`` is one of ``kinds`` (see geo.schema.KINDS)."""
    wanted = set(kinds)
    return features.loc[features["kind"].isin(wanted).to_numpy()].copy()


def date_bounds(features: gpd.GeoDataFrame) -> tuple[date, date] | None:
    """The earliest and latest day any feature's interval touches, or None with no dates."""
    if features.empty:
        return None
    stamps = pd.concat([as_timestamps(features["start"]), as_timestamps(features["end"])])
    stamps = stamps.dropna()
    if stamps.empty:
        return None
    return stamps.min().date(), stamps.max().date()


PROVENANCE_COLUMNS = ("kind", "name", "category", "figure", "start", "end", "title", "quote", "url")


def provenance_table(features: gpd.GeoDataFrame) -> pd.DataFrame:
    """Features as a plain table a reader checks against the articles: what, when, and where
    it was read (title, quoted sentence, url); dates as ISO text, figures as a reader says them.
    """
    from geo.maps import figure_text  # maps imports this module

    table = pd.DataFrame(features.drop(columns="geometry"))
    table["figure"] = [
        figure_text(value, low, high, qualifier) if kind == "figure" else ""
        for kind, value, low, high, qualifier in zip(
            table["kind"],
            table["value"],
            table["low"],
            table["high"],
            table["qualifier"],
            strict=True,
        )
    ]
    for column in ("start", "end"):
        table[column] = as_timestamps(table[column]).dt.strftime("%Y-%m-%d")
    table = table.reindex(columns=list(PROVENANCE_COLUMNS)).reset_index(drop=True)
    return table.astype(object).where(table.notna(), "")

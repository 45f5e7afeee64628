"""Features: the table every layer passes on, one row per place, figure, event, zone or line.

A features frame is a GeoDataFrame in EPSG:4326 with exactly the columns of
:data:`FEATURE_COLUMNS` plus ``geometry`` (see README: "What every feature carries"). Dates are
``datetime.date`` objects or None; frames read back from a file may carry pandas timestamps or
ISO strings instead, so the filters coerce what they compare. The date filter keeps a feature
whose [start, end] interval overlaps the chosen range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

import geopandas as gpd
import pandas as pd

CRS: Final = "EPSG:4326"

KINDS: Final = ("place", "figure", "event", "control_zone", "frontline")

# geo_precision: 1 exact place, 2 admin area or "around X", 3 country.
# time_precision: 1 day, 2 week or range, 3 month or vaguer.
FEATURE_COLUMNS: Final = (
    "kind",  # one of KINDS
    "name",  # place name as the gazetteer spells it
    "geonameid",  # int or None
    "lon",
    "lat",
    "start",  # date or None
    "end",  # date or None
    "category",  # figure category (displaced, killed...) or event category (advance, siege...)
    "value",  # figure value (int) or None for vague amounts
    "low",
    "high",
    "qualifier",  # exact, about, more_than, at_least, up_to, vague
    "source",  # who the figure or event is attributed to
    "actor",  # normalised actor of an event (government, rebels, Turkey, Russia)
    "actor_text",  # actor as written
    "direction",  # west, north-east... for advances
    "mentions",  # how many times the place is named (place features)
    "doc_id",
    "title",
    "url",
    "published",
    "quote",  # the sentence quoted as provenance
    "char_start",  # span of the quoted evidence in the document text
    "char_end",
    "geo_precision",
    "time_precision",
    "status",  # events: reported, or goal for a stated aim ("to encircle", "would push west")
    "place_source",  # where the point comes from: the gazetteer source, or how it was placed
    "subtype",  # events: armed_clash, shelling, airstrike, explosive, attack_on_civilians...
    "target",  # events: whom the event is aimed at (normalised like actor)
    "target_text",  # the target as written
    "unit",  # figures: people, households or families
    "sources",  # figures: every article stating the same figure, when it repeats
    "parts",  # figures: the counts listed together that make it up ("14 soldiers + 17 fighters")
)

DATE_COLUMNS: Final = ("start", "end", "published")
"""Columns holding days (``datetime.date`` or None)."""
INTEGER_COLUMNS: Final = (
    "geonameid",
    "mentions",
    "char_start",
    "char_end",
    "geo_precision",
    "time_precision",
)
"""Columns of whole numbers."""
AMOUNT_COLUMNS: Final = ("value", "low", "high")
"""A figure's number and bounds: whole people, kept as reals by the stores."""


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
    """Features whose ``kind`` is one of ``kinds`` (see :data:`KINDS`)."""
    wanted = set(kinds)
    return features.loc[features["kind"].isin(wanted).to_numpy()].copy()


def concat_features(*frames: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Features frames in one (empty ones left out; the first frame when all are empty)."""
    full = [frame for frame in frames if not frame.empty]
    if len(full) < 2:
        return full[0] if full else frames[0]
    return gpd.GeoDataFrame(pd.concat(full, ignore_index=True), geometry="geometry", crs=CRS)

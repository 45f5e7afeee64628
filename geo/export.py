"""Features frames (see geo.schema) to files people download: GeoJSON (RFC 7946) and CSV.

Both keep every schema column; dates become ISO ``YYYY-MM-DD`` strings (empty when unknown).
"""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.frames import CRS, as_timestamps
from geo.schema import FEATURE_COLUMNS

DATE_COLUMNS = ("start", "end", "published")
INTEGER_COLUMNS = (
    "geonameid",
    "value",
    "low",
    "high",
    "mentions",
    "char_start",
    "char_end",
    "geo_precision",
    "time_precision",
)
TEXT_COLUMNS = ("name", "title", "url", "quote", "source", "actor_text")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _plain(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The schema columns in order, in WGS84, with dates as ISO strings or None."""
    frame = features.copy()
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    frame = frame.to_crs(CRS)
    for column in FEATURE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in DATE_COLUMNS:
        iso = as_timestamps(frame[column]).dt.strftime("%Y-%m-%d")
        frame[column] = iso.astype(object).where(iso.notna(), None)
    for column in INTEGER_COLUMNS:
        numbers = pd.to_numeric(frame[column], errors="coerce").round().astype("Int64")
        frame[column] = numbers.astype(object).where(numbers.notna(), None)
    return frame[[*FEATURE_COLUMNS, "geometry"]]


def _json_value(value: Any) -> Any:
    """A property value JSON can hold: numpy scalars unwrapped, NaN and NA as null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _json_value(value.item())
    return value


def _defuse_formula(value: Any) -> Any:
    """Article text that a spreadsheet would run as a formula (``=HYPERLINK(...)``) gets a
    leading apostrophe, as OWASP advises for CSV files opened in spreadsheets."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_geojson(features: gpd.GeoDataFrame) -> str:
    """An RFC 7946 FeatureCollection: lon/lat WGS84, no "crs" member, no feature ids."""
    frame = _plain(features)
    records = frame.drop(columns="geometry").to_dict("records")
    collection = [
        {
            "type": "Feature",
            "properties": {key: _json_value(value) for key, value in record.items()},
            "geometry": None if geometry is None else geometry.__geo_interface__,
        }
        for record, geometry in zip(records, frame.geometry, strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": collection}, ensure_ascii=False)


def to_csv(features: gpd.GeoDataFrame) -> str:
    """One row per feature with the schema columns; ``lon``/``lat`` filled in from the geometry
    (its representative point for lines and areas) where they are missing."""
    frame = _plain(features)
    points = frame.geometry.representative_point()
    table = pd.DataFrame(frame.drop(columns="geometry"))
    has_point = frame.geometry.notna() & ~frame.geometry.is_empty
    table["lon"] = table["lon"].where(table["lon"].notna() | ~has_point, points.x)
    table["lat"] = table["lat"].where(table["lat"].notna() | ~has_point, points.y)
    for column in TEXT_COLUMNS:
        table[column] = table[column].map(_defuse_formula)
    return str(table.to_csv(index=False, lineterminator="\n"))

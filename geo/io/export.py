"""Features frames (:mod:`geo.features`) to files people download: GeoJSON (RFC 7946), CSV and
GeoPackage; joined admin areas to GeoJSON.

Both keep every schema column; dates become ISO ``YYYY-MM-DD`` strings (empty when unknown).
A value no feature can hold (a count of people over ``extract.amounts.MAX_COUNT``, as a store
written by an older version may hold, or a whole number past 64 bits) is left empty with a
warning naming its documents, so one such row never stops an export.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from extract.amounts import MAX_COUNT
from geo.features import (
    AMOUNT_COLUMNS,
    CRS,
    DATE_COLUMNS,
    FEATURE_COLUMNS,
    INTEGER_COLUMNS,
    as_timestamps,
)

TEXT_COLUMNS = ("name", "title", "url", "quote", "source", "actor_text")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_LARGEST_WHOLE = 2**53  # whole numbers a float (and JSON) holds exactly; far past any offset
_log = logging.getLogger(__name__)


def without_absurd_values(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the numbers no feature can hold emptied: amounts (``value``, ``low``,
    ``high``) that are negative, not finite or over ``MAX_COUNT``, and whole-number columns
    past 2**53. A warning names the columns and documents; the frame is returned as it is when
    every number is plausible."""
    limits = {
        **dict.fromkeys(AMOUNT_COLUMNS, (0, MAX_COUNT)),
        **dict.fromkeys(INTEGER_COLUMNS, (-_LARGEST_WHOLE, _LARGEST_WHOLE)),
    }
    bad: dict[str, pd.Series] = {}
    for column, (low, high) in limits.items():
        if column not in frame.columns or frame.empty:
            continue
        numbers = pd.to_numeric(frame[column], errors="coerce").astype(float)
        absurd = numbers.notna() & ~numbers.between(low, high)
        if absurd.any():
            bad[column] = absurd
    if not bad:
        return frame
    frame = frame.copy()
    rows = np.zeros(len(frame), dtype=bool)
    for column, absurd in bad.items():
        frame[column] = frame[column].astype(object).where(~absurd, None)
        rows |= absurd.to_numpy()
    # each article by its title where it has one (what the app's reader knows it by), else id
    titles = frame["title"] if "title" in frame else pd.Series(None, index=frame.index)
    ids = frame["doc_id"] if "doc_id" in frame else pd.Series(None, index=frame.index)
    documents = sorted(
        {
            str(t if isinstance(t, str) and t else d)
            for t, d in zip(titles[rows], ids[rows], strict=True)
        }
        - {"None"}
    )
    shown = ", ".join(documents[:3]) + (
        f" and {len(documents) - 3} more" if len(documents) > 3 else ""
    )
    message = (
        f"{int(rows.sum())} feature(s) held a number no feature can ({', '.join(sorted(bad))};"
        f" counts of people stop at {MAX_COUNT:,}): left empty"
        + (f" (articles {shown})" if documents else "")
    )
    _log.warning("%s", message)
    # said where the frame goes too (the app shows frame.attrs["warnings"] beside the map)
    frame.attrs["warnings"] = [*frame.attrs.get("warnings", []), message]
    return frame


def _plain(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The schema columns in order, in WGS84, with dates as ISO strings or None."""
    frame = without_absurd_values(features).copy()
    if frame.crs is None:
        frame = frame.set_crs(CRS)
    frame = frame.to_crs(CRS)
    for column in FEATURE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in DATE_COLUMNS:
        iso = as_timestamps(frame[column]).dt.strftime("%Y-%m-%d")
        frame[column] = iso.astype(object).where(iso.notna(), None)
    for column in (*INTEGER_COLUMNS, *AMOUNT_COLUMNS):
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


def write_gpkg(features: gpd.GeoDataFrame, path: Path) -> None:
    """A GeoPackage layer ``features``: dates as DATE fields, integers as integer fields."""
    frame = without_absurd_values(features).copy()
    for column in DATE_COLUMNS:
        frame[column] = as_timestamps(frame[column])
    for column in (*INTEGER_COLUMNS, *AMOUNT_COLUMNS):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").round().astype("Int64")
    for column in ("lon", "lat"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame.to_file(path, layer="features", driver="GPKG", engine="pyogrio")


def write_areas(
    areas: gpd.GeoDataFrame,
    out_path: str | Path,
    *,
    columns: Sequence[str] | None = None,
    tolerance: float | None = None,
) -> Path:
    """Write one GeoJSON (RFC 7946: WGS84, no ``crs`` member) feature per area.

    Parameters
    ----------
    areas
        Admin areas, such as a join's (:class:`geo.analysis.joins.JoinResult`) ``areas``.
    columns
        Properties to keep (default: all); ``value`` and ``rows`` are always kept when present.
    tolerance
        Simplify by this many degrees first, keeping shared borders shared
        (``shapely.coverage_simplify``); the 272 Syrian sub-districts weigh 5.4 MB unsimplified.
    """
    areas = areas.to_crs(CRS) if areas.crs is not None else areas.set_crs(CRS)
    if columns is not None:
        keep = [*columns, *(c for c in ("value", "rows") if c in areas and c not in columns)]
        areas = areas[[*keep, "geometry"]]
    if tolerance:
        areas = areas.assign(
            geometry=shapely.coverage_simplify(areas.geometry.to_numpy(), tolerance)
        )
    path = Path(out_path)
    if path.exists():
        path.unlink()  # the GeoJSON driver does not overwrite
    areas.to_file(path, driver="GeoJSON", engine="pyogrio", RFC7946="YES")
    return path

"""One figure for a figure that several articles repeat.

News and situation reports repeat a tally for days ("more than 100,000 people fled in under ten
days"), each article dating and placing it a little differently. Drawn once per article, one
displacement shows as four points with four periods, and any sum counts it four times. Here
figures from different articles that state the same thing are merged into one: the same
category and amount (value, or bounds for a vague one), places within :data:`NEAR_KM` of one
another (or the same place), and periods that overlap or lie within :data:`GAP_DAYS`. Small
counts (under :data:`SMALL`) are merged only when their sentences are the same, since "2
killed" near one town in one month is more often two incidents than one repeated.

The merged figure keeps the most precise place and period among its reports (the lowest
``geo_precision``, then ``time_precision``; the earliest article on a tie) and lists every
report in ``sources`` ("title (published)", oldest first). The store keeps each article's own
row; merging is for what is shown and downloaded.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.features import CRS, concat_features, features_from_records
from geo.geodesy import great_circle_km

__all__ = ["GAP_DAYS", "NEAR_KM", "SMALL", "merge_repeated_figures"]

NEAR_KM = 150.0
GAP_DAYS = 31
SMALL = 100


def merge_repeated_figures(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``features`` with each figure that several articles repeat shown once (see the module's
    docstring); rows of other kinds, and figures stated once, are returned as they are."""
    if features.empty or "kind" not in features:
        return features
    is_figure = (features["kind"] == "figure").to_numpy()
    figures = features.loc[is_figure]
    if figures["doc_id"].nunique() < 2:
        return features
    rows = figures.to_dict("records")
    groups: dict[Hashable, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(_amount_key(row), []).append(row)
    merged: list[dict[str, Any]] = []
    for same_amount in groups.values():
        for cluster in _clusters(same_amount):
            merged.append(_merge(cluster) if len(cluster) > 1 else cluster[0])
    kept = features.loc[~is_figure]
    out = features_from_records(merged) if merged else features.iloc[0:0]
    return gpd.GeoDataFrame(concat_features(kept, out), geometry="geometry", crs=CRS)


def _amount_key(row: dict[str, Any]) -> Hashable:
    """Rows that may state one figure share this key: the same category and amount, and for a
    small count the same quote too (so the pairwise checks stay within small groups)."""
    key = (row.get("category"), _number(row.get("value")), _number(row.get("low")),
           _number(row.get("high")))  # fmt: skip
    size = max(_number(row.get("value")) or 0, _number(row.get("high")) or 0)
    return (*key, row.get("quote")) if size < SMALL else key


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _clusters(rows: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows joined when one of a cluster's reports states the same figure (single linkage)."""
    clusters: list[list[dict[str, Any]]] = []
    for row in sorted(rows, key=_published):
        home = next((c for c in clusters if any(_same_figure(row, other) for other in c)), None)
        if home is None:
            clusters.append([row])
        else:
            home.append(row)
    return clusters


def _same_figure(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("doc_id") == b.get("doc_id"):
        return False  # one article stating a number twice states two things
    size = max(_number(a.get("value")) or 0, _number(a.get("high")) or 0)
    if size < SMALL and a.get("quote") != b.get("quote"):
        return False
    if not _near(a, b):
        return False
    return _close_in_time(a, b)


def _near(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid"):
        return True
    lat1, lon1, lat2, lon2 = (_number(row.get(axis)) for row in (a, b) for axis in ("lat", "lon"))
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return False
    return float(great_circle_km(lat1, lon1, lat2, lon2)) <= NEAR_KM


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _close_in_time(a: dict[str, Any], b: dict[str, Any]) -> bool:
    a0, a1, b0, b1 = (_day(a.get("start")), _day(a.get("end")), _day(b.get("start")),
                      _day(b.get("end")))  # fmt: skip
    if None in (a0, a1, b0, b1):
        return True  # an undated report of the same amount at the same place
    assert a0 and a1 and b0 and b1
    gap = max((b0 - a1).days, (a0 - b1).days, 0)
    return gap <= GAP_DAYS


def _published(row: dict[str, Any]) -> tuple[date, str]:
    return (_day(row.get("published")) or date.max, str(row.get("doc_id")))


def _precision(row: dict[str, Any]) -> tuple[float, float, tuple[date, str]]:
    geo = _number(row.get("geo_precision"))
    when = _number(row.get("time_precision"))
    return (geo if geo is not None else 9.0, when if when is not None else 9.0, _published(row))


def _merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One row for reports of one figure: the most precise report, every report listed."""
    chosen: dict[str, Any] = min(reports, key=_precision)
    best = dict(chosen)
    ordered = sorted(reports, key=_published)
    labels = []
    for report in ordered:
        day = _day(report.get("published"))
        label = f"{report.get('title') or report.get('doc_id')} ({day or 'undated'})"
        if label not in labels:
            labels.append(label)
    best["sources"] = " | ".join(labels)
    return best

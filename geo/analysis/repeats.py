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
import numpy as np
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
    """Rows joined when one of a cluster's reports states the same figure (single linkage):
    in publication order, each report joins the first cluster made that holds a report of the
    same figure, or starts one."""
    ordered = sorted(rows, key=_published)
    same = _same_figures(ordered)
    clusters: list[list[dict[str, Any]]] = []
    cluster_of = np.zeros(len(ordered), dtype=np.int64)
    for i, row in enumerate(ordered):
        matches = np.flatnonzero(same[i, :i])
        if matches.size == 0:
            cluster_of[i] = len(clusters)
            clusters.append([row])
        else:
            cluster_of[i] = cluster_of[matches].min()
            clusters[cluster_of[i]].append(row)
    return clusters


def _same_figures(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    """Which pairs of ``rows`` (figures of one category and amount) state the same figure:
    reports from different articles, of the same sentence for a small count, at the same place
    or within NEAR_KM, in periods at most GAP_DAYS apart (an undated report matches any)."""

    def column(name: str) -> np.ndarray:
        return np.array([row.get(name) for row in rows], dtype=object)

    def numbers(name: str) -> np.ndarray:
        return np.array([_number(row.get(name)) for row in rows], dtype=float)

    doc, quote, place = column("doc_id"), column("quote"), column("geonameid")
    same = doc[:, None] != doc[None, :]  # one article stating a number twice states two things
    size = np.fmax(np.nan_to_num(numbers("value")), np.nan_to_num(numbers("high")))
    same &= (size >= SMALL)[:, None] | (quote[:, None] == quote[None, :])
    lat, lon = numbers("lat"), numbers("lon")
    with np.errstate(invalid="ignore"):
        close = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :]) <= NEAR_KM
    known = np.array([p is not None and not (isinstance(p, float) and np.isnan(p)) for p in place])
    same &= close | (known[:, None] & known[None, :] & (place[:, None] == place[None, :]))
    first, last = (np.array([_ordinal(row.get(c)) for row in rows], dtype=float)
                   for c in ("start", "end"))  # fmt: skip
    gap = np.maximum(first[None, :] - last[:, None], first[:, None] - last[None, :])
    undated = np.isnan(first) | np.isnan(last)
    with np.errstate(invalid="ignore"):
        same &= (gap <= GAP_DAYS) | undated[:, None] | undated[None, :]
    return same


def _ordinal(value: object) -> float:
    day = _day(value)
    return float(day.toordinal()) if day is not None else np.nan


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

"""What one session sees of a shared store: the features of the articles in its view, for the
chosen dates and kinds, with the control zones drawn for the range's last day."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

import geopandas as gpd
import pandas as pd

from geo.analysis.control import ControlMap
from geo.analysis.repeats import merge_repeated_figures
from geo.features import KINDS, concat_features, filter_by_dates, filter_kinds
from geo.store import Store

Notice = tuple[str, str]
"""A message for the user: level (error, warning, info, success, or note for a caption) and
text."""

ZONE_KINDS = ("control_zone", "frontline")  # drawn from the control files, never stored

View = Collection[str] | None
"""The ids of the articles a session shows; None for every article in the store."""

Period = tuple[date, date, bool]
"""A date range and whether undated features stay in it."""


def in_view(features: gpd.GeoDataFrame, view: View) -> gpd.GeoDataFrame:
    """The rows of ``features`` from articles in ``view``."""
    if view is None or features.empty:
        return features
    return features.loc[features["doc_id"].isin(list(view)).to_numpy()].reset_index(drop=True)


def shown_features(
    store: Store,
    view: View,
    period: Period | None,
    kinds: Sequence[str],
    zones: ControlMap | None,
) -> gpd.GeoDataFrame:
    """What the map, table and downloads show: stored features of the chosen kinds in the date
    range (filtered by the store), a figure several articles repeat shown once with its sources
    (:mod:`geo.analysis.repeats`), and the zones drawn for the range's end."""
    first, last, undated = period if period is not None else (None, None, True)
    stored = [kind for kind in kinds if kind not in ZONE_KINDS]
    features = in_view(store.read(first, last, stored, keep_undated=undated), view)
    features = merge_repeated_figures(features)  # a tally several articles repeat, once
    if zones is None:
        return features
    drawn = filter_kinds(zones.features, kinds)
    if period is not None:
        drawn = filter_by_dates(drawn, period[0], period[1], keep_undated=undated)
    return concat_features(features, drawn)


def stored_articles(store: Store, view: View) -> pd.DataFrame:
    """The stored articles in ``view``, one row each (geo.store columns), oldest first."""
    table = store.documents()
    if view is not None:
        table = table.loc[table["id"].isin(list(view)).to_numpy()]
    return table.reset_index(drop=True)


def store_has_documents(store: Store) -> tuple[bool, Notice | None]:
    """Whether the store holds any article (True when it cannot be read: load nothing), and a
    notice when it could not be read."""
    try:
        return store.counts().get("documents", 0) > 0, None
    except Exception as error:
        return True, ("error", f"Could not read the store: {error}")


def layer_kinds(counts: dict[str, int], zones: ControlMap | None) -> list[str]:
    """The kinds of feature there is something of: stored ones, and the zones drawn."""
    drawn = set(zones.features["kind"]) if zones is not None else set()
    return [
        kind
        for kind in KINDS
        if (counts.get(kind, 0) > 0 and kind not in ZONE_KINDS) or kind in drawn
    ]


def feature_total(stored: pd.DataFrame, zones: ControlMap | None) -> int:
    """How many features the session's articles gave, with the zones drawn."""
    total = int(stored["features"].sum()) if not stored.empty else 0
    return total + (len(zones.features) if zones is not None else 0)

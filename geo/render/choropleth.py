"""A choropleth of a figure table joined to admin areas: value classes, their colours and the
layer drawn under the map's points."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.features import CRS
from geo.render.popups import text_of
from geo.render.style import AREAS, CHOROPLETH_COLORS, NO_VALUE_COLOR

DRAW_TOLERANCE = 0.003  # degrees (~300 m): areas simplified for the map, shared borders kept


@dataclass(frozen=True)
class Choropleth:
    """Areas coloured by a value: ``label`` and ``value`` columns and polygons (WGS84)."""

    areas: gpd.GeoDataFrame
    title: str  # what the value is ("IDP_Flow_Estimation")


def value_breaks(values: Sequence[Any] | pd.Series, classes: int = 5) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes of the values present (distinct)."""
    present = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").dropna()
    if present.empty:
        return []
    quantiles = present.quantile([i / classes for i in range(1, classes + 1)])
    return sorted({float(q) for q in quantiles})


def class_labels(values: Sequence[Any] | pd.Series, breaks: Sequence[float]) -> list[str]:
    """How the legend names each class: "12–340" (the first from the smallest value)."""
    present = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").dropna()
    lows = [float(present.min()) if not present.empty else 0.0, *breaks[:-1]]
    return [
        f"{low:,.0f}–{high:,.0f}" if i == 0 else f"over {low:,.0f}–{high:,.0f}"
        for i, (low, high) in enumerate(zip(lows, breaks, strict=True))
    ]


def _class_colors(count: int) -> list[str]:
    """``count`` colours spread over CHOROPLETH_COLORS, lightest first."""
    if count <= 1:
        return [CHOROPLETH_COLORS[-2]] * count
    step = (len(CHOROPLETH_COLORS) - 1) / (count - 1)
    return [CHOROPLETH_COLORS[round(i * step)] for i in range(count)]


def add_choropleth(m: folium.Map, choropleth: Choropleth) -> list[tuple[str, str]]:
    """Draw the areas (one GeoJson layer); return the legend's (class label, colour) pairs."""
    areas = choropleth.areas.to_crs(CRS)
    values = pd.to_numeric(areas["value"].astype(object), errors="coerce")
    breaks = value_breaks(values)
    colors = _class_colors(len(breaks))
    index = np.searchsorted(np.array(breaks), values.fillna(0).to_numpy(), side="left")
    features = []
    for i, (label, value, geometry) in enumerate(
        zip(areas["label"], values, areas.geometry, strict=True)
    ):
        known = not pd.isna(value)
        amount = f"{value:,.0f}" if known else "no value"
        features.append(
            {
                "type": "Feature",
                "id": i,
                "properties": {
                    "color": colors[min(int(index[i]), len(colors) - 1)]
                    if known
                    else NO_VALUE_COLOR,
                    "tooltip": f"<b>{html.escape(text_of(label))}</b><br>"
                    f"{html.escape(choropleth.title)}: {amount}",
                },
                "geometry": geometry.__geo_interface__,
            }
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=f"{AREAS.title}: {choropleth.title}",
        style_function=lambda feature: {
            "color": "#7b341e",
            "weight": 0.6,
            "opacity": 0.7,
            "fillColor": feature["properties"]["color"],
            "fillOpacity": 0.7,
        },
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        className=AREAS.css_class,
    ).add_to(m)
    legend = list(zip(class_labels(values, breaks), colors, strict=True))
    if values.isna().any():
        legend.append(("no value", NO_VALUE_COLOR))
    return legend


def choropleth_of(
    areas: gpd.GeoDataFrame, label_column: str, value_column: str = "value", title: str = ""
) -> Choropleth:
    """Joined areas as a choropleth of their ``value_column``, simplified for drawing."""
    simple = shapely.coverage_simplify(areas.geometry.to_numpy(), DRAW_TOLERANCE)
    frame = gpd.GeoDataFrame(
        {
            "label": areas[label_column].astype(str).to_numpy(),
            "value": areas[value_column].to_numpy(),
        },
        geometry=simple,
        crs=areas.crs or CRS,
    )
    return Choropleth(frame, title or value_column)

"""A features frame (see geo.features) to a folium map that draws with no network.

The map loads Leaflet from the app's own static files (``/app/static/vendor``, filled by
``make static``), has no tile layer by default and draws country outlines from the
``countryinfo`` package instead. Each layer is one ``folium.GeoJson``; every text that came from
an article is HTML-escaped in Python before it is put into a tooltip or popup.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure

from extract.events import DIRECTIONS
from geo.features import CRS, as_timestamps
from geo.io.boundaries import OUTLINE_TOLERANCE, REGION, country_outlines
from geo.render.choropleth import Choropleth, add_choropleth
from geo.render.legend import LEGEND_CSS, Legend
from geo.render.popups import number_of, popup_html, text_of, tooltip_html
from geo.render.style import (
    ADVANCES,
    ASSET_BASE,
    DEFAULT_BOUNDS,
    EVENT_OUTLINES,
    FRONTLINE_WEIGHT,
    FRONTLINES,
    LAYERS,
    MAX_ZOOM,
    OUTLIER_MIN_FEATURES,
    VIEW_QUANTILES,
    ZONE_OPACITY,
    Layer,
    actor_color,
    layer_titles,
)

ARROW_KM = 25.0  # length of an advance arrow
_KM_PER_DEGREE = 111.32


def _radius(row: dict[str, Any]) -> float:
    kind = text_of(row.get("kind"))
    if kind == "place":
        mentions = number_of(row.get("mentions")) or 1
        return min(4.0 + 3.0 * math.sqrt(mentions), 18.0)
    if kind == "figure":
        amount = (
            number_of(row.get("value")) or number_of(row.get("high")) or number_of(row.get("low"))
        )
        if amount is None or amount <= 0:
            return 5.0
        return min(max(3.0 * math.log10(amount + 1), 4.0), 24.0)
    return 7.0


def advance_arrows(features: gpd.GeoDataFrame, length_km: float = ARROW_KM) -> gpd.GeoDataFrame:
    """An arrow for every advance with a direction: a shaft from the place toward the direction
    and a small triangular head, as two rows (LineString, Polygon) carrying the event's columns.

    Built with vectorised shapely calls; bearings come from extract.events.DIRECTIONS.
    """

    kinds = features["kind"].astype(object)
    bearing = features["direction"].map(lambda d: DIRECTIONS.get(text_of(d), np.nan))
    wanted = (
        (kinds == "event").to_numpy()
        & (features["category"].astype(object) == "advance").to_numpy()
        & bearing.notna().to_numpy()
        & features.geometry.notna().to_numpy()
    )
    rows = features[wanted]
    if rows.empty:
        return rows.iloc[0:0].copy()
    origin = shapely.centroid(rows.geometry.to_numpy())  # points: the place itself
    x0, y0 = shapely.get_x(origin), shapely.get_y(origin)
    theta = np.radians(bearing[wanted].to_numpy(dtype=float))
    dy = np.cos(theta) * length_km / _KM_PER_DEGREE
    dx = np.sin(theta) * length_km / (_KM_PER_DEGREE * np.cos(np.radians(y0)))
    x1, y1 = x0 + dx, y0 + dy
    # The head: a triangle whose tip is 30% beyond the shaft's end, its base across the end.
    tip_x, tip_y = x1 + 0.3 * dx, y1 + 0.3 * dy
    left_x, left_y = x1 - 0.2 * dy * np.cos(np.radians(y0)), y1 + 0.2 * dx / np.cos(np.radians(y0))
    right_x = x1 + 0.2 * dy * np.cos(np.radians(y0))
    right_y = y1 - 0.2 * dx / np.cos(np.radians(y0))
    shafts = shapely.linestrings(np.stack([np.stack([x0, y0], 1), np.stack([x1, y1], 1)], 1))
    heads = shapely.polygons(
        np.stack(
            [np.stack(pair, 1) for pair in ((tip_x, tip_y), (left_x, left_y), (right_x, right_y))],
            1,
        )
    )
    shaft_rows = rows.copy().set_geometry(gpd.GeoSeries(shafts, index=rows.index, crs=CRS))
    head_rows = rows.copy().set_geometry(gpd.GeoSeries(heads, index=rows.index, crs=CRS))
    return gpd.GeoDataFrame(
        pd.concat([shaft_rows, head_rows], ignore_index=True), geometry="geometry", crs=CRS
    )


def _event_look(row: dict[str, Any]) -> dict[str, Any]:
    """Display properties of an event: colour by actor, outline by category, hollow if a goal."""
    dash, weight, radius = EVENT_OUTLINES.get(text_of(row.get("category")), ("", 2, 7))
    return {
        "color": actor_color(row.get("actor")),
        "dash": dash,
        "weight": weight,
        "radius": radius,
        "fill_opacity": 0.15 if text_of(row.get("status")) == "goal" else 0.8,
    }


def _layer_data(features: gpd.GeoDataFrame) -> dict[str, Any]:
    """The layer's FeatureCollection: geometry plus the few display properties the map uses."""
    rows = features.drop(columns="geometry").to_dict("records")
    starts = as_timestamps(features["start"]).dt.strftime("%Y-%m-%d")
    ends = as_timestamps(features["end"]).dt.strftime("%Y-%m-%d")
    collection: list[dict[str, Any]] = []
    for index, (row, geometry, first, last) in enumerate(
        zip(rows, features.geometry, starts, ends, strict=True)
    ):
        properties = {
            "kind": text_of(row.get("kind")),
            "name": text_of(row.get("name")),
            "category": text_of(row.get("category")),
            "start": None if pd.isna(first) else first,
            "end": None if pd.isna(last) else last,
            "radius": round(_radius(row), 1),
            "tooltip": tooltip_html(row),
            "popup": popup_html(row),
        }
        if properties["kind"] == "event":
            properties.update(_event_look(row))
        elif properties["kind"] == "control_zone":
            properties["fill"] = actor_color(row.get("actor"))
        collection.append(
            {
                "type": "Feature",
                "id": index,  # folium's per-feature styling keys on it; exports carry no id
                "properties": properties,
                "geometry": geometry.__geo_interface__,
            }
        )
    return {"type": "FeatureCollection", "features": collection}


def _style(layer: Layer) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        geometry_type = feature["geometry"]["type"]
        props = feature["properties"]
        if "dash" in props:  # an event: its own colour, outline and fill
            solid = geometry_type in ("Polygon", "MultiPolygon")
            return {
                "radius": props["radius"],
                "color": props["color"] if geometry_type != "Point" or props["dash"] else "#1a202c",
                "weight": props["weight"] if geometry_type != "LineString" else 3,
                "dashArray": props["dash"] if geometry_type == "Point" else "",
                "fill": geometry_type != "LineString",
                "fillColor": props["color"],
                "fillOpacity": 0.9 if solid else props["fill_opacity"],
                "opacity": 0.95,
            }
        if layer is FRONTLINES:
            return {"color": layer.color, "weight": FRONTLINE_WEIGHT, "opacity": 0.95}
        if "fill" in props:  # a control zone: the colour of the actor holding it
            return {
                "color": props["fill"],
                "weight": 1.5,
                "opacity": 0.8,
                "fill": True,
                "fillColor": props["fill"],
                "fillOpacity": ZONE_OPACITY,
            }
        if geometry_type in ("LineString", "MultiLineString"):
            return {"color": layer.color, "weight": 3, "opacity": 0.9}
        if geometry_type in ("Polygon", "MultiPolygon"):
            return {
                "color": layer.color,
                "weight": 1,
                "fill": True,
                "fillColor": layer.color,
                "fillOpacity": 0.2,
            }
        return {
            "radius": feature["properties"]["radius"],
            "color": "#ffffff",
            "weight": 1,
            "fill": True,
            "fillColor": layer.color,
            "fillOpacity": 0.75,
        }

    return style


FAN_STEP = 0.006  # degrees (~600 m): spacing of points fanned out around one place


def fan_out(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Points that share one spot, fanned out around it so each can be clicked.

    The first stays on the spot; the others follow a sunflower spiral (the k-th at
    ``FAN_STEP * sqrt(k)`` degrees, turning by the golden angle), so 50 points at one town
    spread over about 4 km: apart when zoomed in, still around their place when zoomed out. Only
    the drawing moves: downloads and tables keep the true coordinates.
    """
    points = features.geometry.geom_type.eq("Point").to_numpy()
    if points.sum() < 2:
        return features
    geoms = features.geometry.to_numpy()
    xs = pd.Series(np.where(points, shapely.get_x(geoms), np.nan), index=features.index).round(5)
    ys = pd.Series(np.where(points, shapely.get_y(geoms), np.nan), index=features.index).round(5)
    rank = features.groupby([xs, ys]).cumcount().where(points).fillna(0).to_numpy()
    if not rank.any():
        return features
    angle = rank * math.radians(137.508)
    radius = FAN_STEP * np.sqrt(rank)
    moved = features.copy()
    moved.loc[points, "geometry"] = gpd.points_from_xy(
        xs[points] + radius[points] * np.cos(angle[points]),
        ys[points] + radius[points] * np.sin(angle[points]),
        crs=features.crs,
    )
    return moved


def _add_layer(m: folium.Map, features: gpd.GeoDataFrame, layer: Layer) -> None:
    data = _layer_data(features if layer is ADVANCES else fan_out(features))
    # Arrows decorate events already drawn: they are not features of their own.
    role = "atlas-arrow" if layer is ADVANCES else "atlas-feature"
    folium.GeoJson(
        data,
        name=layer.title,
        style_function=_style(layer),
        marker=folium.CircleMarker(radius=6, class_name=f"{role} {layer.css_class}"),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=380),
        className=f"{role} {layer.css_class}",
    ).add_to(m)


def _add_basemap(m: folium.Map, basemap: gpd.GeoDataFrame) -> None:
    outlines = basemap[["geometry"]].to_crs(CRS)
    folium.GeoJson(
        json.loads(outlines.to_json(drop_id=True)),
        name="Country outlines",
        style_function=lambda _: {
            "color": "#8a8f98",
            "weight": 1,
            "fillColor": "#f7f4ec",
            "fillOpacity": 1.0,
        },
        interactive=False,
        className="atlas-basemap",
    ).add_to(m)


def _bounds(features: gpd.GeoDataFrame) -> list[list[float]]:
    """Bounds of the initial view: the features finer than a country (a point for "Russia"
    would zoom the map out to Asia) and, with many features, their 10th-90th percentile box so
    one far-off place (Moscow, for talks) does not shrink the rest; else DEFAULT_BOUNDS.
    Features outside the view are still drawn."""
    located = features[features.geometry.notna() & ~features.geometry.is_empty]
    context = located["kind"].isin(["control_zone", "frontline"]).to_numpy()
    if not context.all():  # zones and lines frame the places; the view is about the places
        located = located[~context]
    finer = located[pd.to_numeric(located["geo_precision"], errors="coerce").fillna(1) < 3]
    geometries = (finer if not finer.empty else located).geometry
    if geometries.empty:
        (south, west), (north, east) = DEFAULT_BOUNDS
        return [[south, west], [north, east]]
    boxes = geometries.bounds
    if len(boxes) >= OUTLIER_MIN_FEATURES:
        low, high = VIEW_QUANTILES
        west, south = boxes["minx"].quantile(low), boxes["miny"].quantile(low)
        east, north = boxes["maxx"].quantile(high), boxes["maxy"].quantile(high)
    else:
        west, south, east, north = (
            boxes["minx"].min(),
            boxes["miny"].min(),
            boxes["maxx"].max(),
            boxes["maxy"].max(),
        )
    west, south, east, north = (float(v) for v in (west, south, east, north))
    pad_x, pad_y = max(0.0, 0.5 - (east - west)) / 2, max(0.0, 0.5 - (north - south)) / 2
    return [[south - pad_y, west - pad_x], [north + pad_y, east + pad_x]]


def build_map(
    features: gpd.GeoDataFrame,
    *,
    basemap: gpd.GeoDataFrame | None = None,
    tiles: str | None = None,
    asset_base: str = ASSET_BASE,
    choropleth: Choropleth | None = None,
) -> folium.Map:
    """Draw ``features`` (geo.features columns, WGS84) as one GeoJson layer per kind.

    With ``tiles=None`` (the default, offline) the map has no tile layer and draws ``basemap``
    outlines, the countryinfo outlines of REGION when none is given. ``tiles`` names a folium
    tile provider for online use. ``asset_base`` is the URL prefix of the local Leaflet copy.
    ``choropleth`` adds areas coloured by a value (drawn under the features) to the legend.
    Control zones take their actor's colour, as events do; the view fits the point features.
    """
    m = folium.Map(tiles=tiles, control_scale=True, prefer_canvas=False)
    m.default_js = [("leaflet", f"{asset_base}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet/leaflet.css")]
    m.options["max_zoom"] = MAX_ZOOM
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(LEGEND_CSS), name="atlas_css")

    if basemap is None and tiles is None:
        basemap = country_outlines(REGION, OUTLINE_TOLERANCE)
    if basemap is not None and not basemap.empty:
        _add_basemap(m, basemap)
    classes: list[tuple[str, str]] = []
    if choropleth is not None and not choropleth.areas.empty:
        classes = add_choropleth(m, choropleth)

    if features.crs is None:
        features = features.set_crs(CRS)
    shown = features[features.geometry.notna() & ~features.geometry.is_empty]
    titles = layer_titles(shown) if not shown.empty else pd.Series(dtype=object)
    drawn: list[tuple[Layer, int]] = []
    for layer in LAYERS:
        if layer is ADVANCES:
            rows = advance_arrows(shown) if not shown.empty else shown
        else:
            rows = shown[(titles == layer.title).to_numpy()] if not shown.empty else shown
        if rows.empty:
            continue
        _add_layer(m, rows.to_crs(CRS), layer)
        drawn.append((layer, len(rows) // 2 if layer is ADVANCES else len(rows)))

    events = shown[(shown["kind"] == "event").to_numpy()] if not shown.empty else shown
    coloured = shown[shown["kind"].isin(["event", "control_zone"]).to_numpy()]
    actors = sorted({text_of(a) or "unnamed" for a in coloured["actor"]})
    categories = [c for c in EVENT_OUTLINES if not events.empty and c in set(events["category"])]
    title = choropleth.title if choropleth is not None else ""
    Legend(drawn, actors, categories, classes, title).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    if shown.empty and choropleth is not None and not choropleth.areas.empty:
        west, south, east, north = (float(v) for v in choropleth.areas.total_bounds)
        m.fit_bounds([[south, west], [north, east]])
    else:
        m.fit_bounds(_bounds(shown))
    return m

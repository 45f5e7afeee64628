"""A features frame (see geo.features) to a folium map that draws with no network.

The map loads Leaflet and its plugins from the app's own static files (``/app/static``, filled
by ``make static``). Every feature, for every date, goes to the browser once, as compact
columns of JSON (:mod:`geo.render.layers`) in the page or in a file the app serves
(:class:`geo.render.browser.DataFiles`); the browser script static/atlas/map.js draws it
(event symbols, proportional figures, zones, frontlines, clusters that spread to exact spots)
and filters it by day with a timeline control, so moving the range never reloads the map.
Every text that came from an article is HTML-escaped in Python before it goes into the page.
"""

from __future__ import annotations

from urllib.parse import quote

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, Figure

from geo.features import CRS
from geo.render.basemap import add_basemap
from geo.render.browser import AtlasLayers, DataFiles
from geo.render.choropleth import Choropleth, add_choropleth
from geo.render.layers import advance_arrows, map_layers
from geo.render.legend import LEGEND_CSS, Legend, legend_html
from geo.render.style import (
    ASSET_BASE,
    DEFAULT_BOUNDS,
    MAX_ZOOM,
    OUTLIER_MIN_FEATURES,
    VIEW_QUANTILES,
)

__all__ = ["advance_arrows", "build_map"]


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
    data: DataFiles | None = None,
) -> folium.Map:
    """Draw ``features`` (geo.features columns, WGS84; every date: the browser filters them).

    The index of ``features`` must be unique integers: it is each feature's id on the map (a
    table row shows its feature by it, see geo.render.browser.show_feature). With
    ``tiles=None`` (the default, offline) the map draws ``basemap`` outlines when given, else
    the offline vector basemap (geo.render.basemap; countryinfo outlines if its file is
    missing). ``tiles`` names a folium tile provider for online use. ``asset_base`` is the URL
    prefix of the local Leaflet copy.
    ``choropleth`` adds areas coloured by a value (drawn under the features) to the legend.
    With ``data`` (the app's :class:`DataFiles`) the features go to a file the browser fetches
    while the map's scripts load, else into the page itself.
    The view opens on the point features (see :func:`_bounds`).
    """
    m = folium.Map(tiles=tiles, control_scale=True, prefer_canvas=False)
    m.default_js = [("leaflet", f"{asset_base}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{asset_base}/leaflet/leaflet.css")]
    m.options["max_zoom"] = MAX_ZOOM
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(LEGEND_CSS), name="atlas_css")

    add_basemap(m, basemap=basemap, tiles=tiles, asset_base=asset_base)
    classes: list[tuple[str, str]] = []
    if choropleth is not None and not choropleth.areas.empty:
        classes = add_choropleth(m, choropleth)

    if features.crs is None:
        features = features.set_crs(CRS)
    located = features[features.geometry.notna() & ~features.geometry.is_empty]
    if located.empty and choropleth is not None and not choropleth.areas.empty:
        west, south, east, north = (float(v) for v in choropleth.areas.total_bounds)
        bounds = [[south, west], [north, east]]
    else:
        bounds = _bounds(located)
    layers = map_layers(features)
    title = choropleth.title if choropleth is not None else ""
    Legend(legend_html(layers.data, classes, title)).add_to(m)  # before the layers: they count
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)  # before the layers too: map.js adds a switch per kind to it
    url = data.publish(layers.digest, layers.json) if data is not None else None
    if url:  # first of the map's scripts: it starts fetching the data while the others load
        preload = f"{asset_base.rsplit('/', 1)[0]}/atlas/preload.js?data={quote(url, safe='/')}"
        m.default_js = [("atlas_preload", preload), *m.default_js]
    AtlasLayers(
        layers.json, control, asset_base, digest=layers.digest, bounds=bounds, data_url=url
    ).add_to(m)
    return m

"""A features frame (see geo.schema) to a folium map that draws with no network.

The map loads Leaflet from the app's own static files (``/app/static/vendor``, filled by
``make static``), has no tile layer by default and draws country outlines from the
``countryinfo`` package instead. Each layer is one ``folium.GeoJson``; every text that came from
an article is HTML-escaped in Python before it is put into a tooltip or popup.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from shapely.geometry import shape

from geo.frames import CRS, as_timestamps

ASSET_BASE = "/app/static/vendor"
"""Where Streamlit serves the npm-installed browser assets (static/vendor/)."""

MAX_ZOOM = 14
REGION = ("Syria", "Turkey", "Lebanon", "Iraq", "Jordan", "Israel", "Cyprus", "Palestine", "Egypt")
"""Countries drawn by the default outline basemap."""

DEFAULT_BOUNDS = ((32.3, 35.5), (37.4, 42.4))  # Syria, as (south, west), (north, east)
DISPLACEMENT = frozenset({"displaced", "refugees", "returned", "at_risk"})
QUALIFIERS = {"about": "about", "more_than": "more than", "at_least": "at least", "up_to": "up to"}
OUTLIER_MIN_FEATURES = 20  # from this many features on, the view leaves out far-off ones
VIEW_QUANTILES = (0.1, 0.9)  # the view's box: where most of the places named lie
QUOTE_LIMIT = 600  # characters of the quoted sentence shown in a popup


@dataclass(frozen=True)
class Layer:
    """How one layer of the map looks: its title, colour and a stable CSS class for its shapes."""

    title: str
    color: str
    css_class: str
    note: str


PLACES = Layer("Places named", "#2b6cb0", "atlas-place", "size: times named")
DISPLACEMENT_FIGURES = Layer(
    "Displacement figures", "#d97706", "atlas-displacement", "size: people (log)"
)
OTHER_FIGURES = Layer("Other figures", "#7c3aed", "atlas-figure", "size: people (log)")
EVENTS = Layer("Events", "#c53030", "atlas-event", "colour: actor; outline: what happened")
ADVANCES = Layer("Advances", "#c53030", "atlas-advance", "arrow: direction of an advance")
ZONES = Layer("Control zones", "#718096", "atlas-zone", "fill: actor holding the area")
FRONTLINES = Layer("Frontlines", "#1a202c", "atlas-frontline", "where two actors' zones meet")
AREAS = Layer("Figures by area", "#9c4221", "atlas-area", "")
LAYERS = (ZONES, FRONTLINES, DISPLACEMENT_FIGURES, OTHER_FIGURES, PLACES, EVENTS, ADVANCES)
"""In drawing order: areas and big figure circles first, so small place dots stay on top."""

ACTOR_COLORS = {
    "government": "#c53030",
    "rebels": "#2f855a",
    "Turkey": "#d53f8c",
    "Russia": "#2c5282",
}
OTHER_ACTOR_COLOR = "#4a5568"  # other states, and events whose actor is not named
EVENT_OUTLINES = {
    # category: (outline dash pattern, outline weight, radius); "" is a solid outline
    "advance": ("", 2, 7),
    "capture": ("", 4, 8),
    "siege": ("2 3", 4, 9),
    "encircle": ("6 3", 3, 9),
    "attack": ("1 2", 2, 6),
    "control": ("", 1, 11),
    "withdraw": ("8 4", 2, 7),
    "ceasefire": ("4 4", 1, 6),
}
"""How each event category is outlined; the fill says who acted, a hollow fill a stated goal."""

CHOROPLETH_COLORS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
"""Sequential classes of a choropleth, lowest first."""
NO_VALUE_COLOR = "#e2e8f0"
ZONE_OPACITY = 0.22
FRONTLINE_WEIGHT = 5
TOOLTIP_QUOTE = 280  # characters of a zone's provenance shown on hover

ARROW_KM = 25.0  # length of an advance arrow
_KM_PER_DEGREE = 111.32


def layer_titles(features: gpd.GeoDataFrame) -> pd.Series:
    """The title of the layer each feature is drawn in (figures split by category)."""
    kind = features["kind"].astype(object)
    category = features["category"].astype(object)
    titles = kind.map(
        {
            "place": PLACES.title,
            "figure": OTHER_FIGURES.title,
            "event": EVENTS.title,
            "control_zone": ZONES.title,
            "frontline": FRONTLINES.title,
        }
    )
    titles[(kind == "figure") & category.isin(DISPLACEMENT)] = DISPLACEMENT_FIGURES.title
    return titles


@lru_cache(maxsize=8)
def _outlines(countries: tuple[str, ...], tolerance: float) -> gpd.GeoDataFrame:
    from countryinfo import CountryInfo

    names: list[str] = []
    shapes: list[Any] = []
    for country in countries:
        for feature in CountryInfo(country).geo_json().get("features", []):
            names.append(country)
            shapes.append(shape(feature["geometry"]))
    frame = gpd.GeoDataFrame({"name": names}, geometry=shapes, crs=CRS)
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    return frame


def outline_basemap(
    countries: tuple[str, ...] = REGION, tolerance: float = 0.01
) -> gpd.GeoDataFrame:
    """Simplified country outlines (``name``, geometry in WGS84) from the countryinfo package.

    Built once per set of countries and cached; a copy is returned so callers may change it.
    """
    return _outlines(tuple(countries), tolerance).copy()


def _number(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def figure_text(value: Any, low: Any, high: Any, qualifier: Any) -> str:
    """A figure as a reader says it: "about 358,000", "more than 100,000", "100,000–500,000"."""
    exact, lo, hi = _number(value), _number(low), _number(high)
    words = QUALIFIERS.get(_text(qualifier), "")
    if exact is not None:
        amount = f"{exact:,}"
    elif lo is not None and hi is not None and lo != hi:
        amount = f"{lo:,}–{hi:,}"
    elif lo is not None or hi is not None:
        amount = f"{(lo if lo is not None else hi):,}"
    else:
        return "an unstated number"
    return f"{words} {amount}" if words else amount


def date_text(start: date | None, end: date | None) -> str:
    """A feature's interval as ISO days: one day, a range, or "undated"."""
    first, last = start or end, end or start
    if first is None or last is None:
        return "undated"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def _day(value: Any) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.date()


def _what(row: dict[str, Any]) -> str:
    """The line under the name: what the feature says, in plain words (not yet escaped)."""
    kind = _text(row.get("kind"))
    category = _text(row.get("category")).replace("_", " ")
    if kind == "place":
        mentions = _number(row.get("mentions")) or 1
        return f"named {mentions} time{'s' if mentions != 1 else ''}"
    if kind == "figure":
        amount = figure_text(
            row.get("value"), row.get("low"), row.get("high"), row.get("qualifier")
        )
        return f"{amount} {category}".strip()
    actor = _text(row.get("actor")) or _text(row.get("actor_text"))
    if kind == "control_zone":
        return f"held by {actor or 'an unnamed actor'} ({category or 'inferred'})"
    if kind == "frontline":
        return "front line between " + " and ".join(actor.split(" | "))
    direction = _text(row.get("direction"))
    parts = [category or kind.replace("_", " ")]
    if actor:
        parts.append(f"by {actor}")
    if direction:
        parts.append(f"towards the {direction}")
    return " ".join(parts)


def _link(url: str, label: str) -> str:
    """An escaped link for http(s) URLs only; other schemes (javascript:...) become plain text."""
    if url.lower().startswith(("http://", "https://")):
        return (
            f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(label)}</a>"
        )
    return html.escape(label)


def tooltip_html(row: dict[str, Any]) -> str:
    """Short hover text: name, what and when (all escaped)."""
    when = date_text(_day(row.get("start")), _day(row.get("end")))
    text = (
        f"<b>{html.escape(_text(row.get('name')) or 'unnamed')}</b><br>"
        f"{html.escape(_what(row))}<br><span class='atlas-when'>{html.escape(when)}</span>"
    )
    if _text(row.get("kind")) in ("control_zone", "frontline"):  # how it was made
        how = _text(row.get("quote"))
        if len(how) > TOOLTIP_QUOTE:
            how = how[: TOOLTIP_QUOTE - 1] + "…"
        text += f"<br><span class='atlas-how'>{html.escape(how)}</span>"
    return text


def popup_html(row: dict[str, Any]) -> str:
    """Click text: name, what, when, the quoted sentence and the article it came from (escaped)."""
    quote = _text(row.get("quote"))
    if len(quote) > QUOTE_LIMIT:
        quote = quote[: QUOTE_LIMIT - 1] + "…"
    title = _text(row.get("title")) or "untitled article"
    published = _day(row.get("published"))
    source = _text(row.get("source"))
    lines = [f"<div>{tooltip_html(row)}</div>"]
    if quote:
        lines.append(f"<blockquote class='atlas-quote'>“{html.escape(quote)}”</blockquote>")
    article = _link(_text(row.get("url")), title)
    if published is not None:
        article += f" ({published.isoformat()})"
    lines.append(f"<div class='atlas-source'>{article}</div>")
    if source:
        lines.append(f"<div class='atlas-source'>according to {html.escape(source)}</div>")
    return "".join(lines)


def _radius(row: dict[str, Any]) -> float:
    kind = _text(row.get("kind"))
    if kind == "place":
        mentions = _number(row.get("mentions")) or 1
        return min(4.0 + 3.0 * math.sqrt(mentions), 18.0)
    if kind == "figure":
        amount = _number(row.get("value")) or _number(row.get("high")) or _number(row.get("low"))
        if amount is None or amount <= 0:
            return 5.0
        return min(max(3.0 * math.log10(amount + 1), 4.0), 24.0)
    return 7.0


def actor_color(actor: Any) -> str:
    """The colour events of an actor are drawn in."""
    return ACTOR_COLORS.get(_text(actor), OTHER_ACTOR_COLOR)


def advance_arrows(features: gpd.GeoDataFrame, length_km: float = ARROW_KM) -> gpd.GeoDataFrame:
    """An arrow for every advance with a direction: a shaft from the place toward the direction
    and a small triangular head, as two rows (LineString, Polygon) carrying the event's columns.

    Built with vectorised shapely calls; bearings come from extract.events.DIRECTIONS.
    """
    from extract.events import DIRECTIONS

    kinds = features["kind"].astype(object)
    bearing = features["direction"].map(lambda d: DIRECTIONS.get(_text(d), np.nan))
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
    dash, weight, radius = EVENT_OUTLINES.get(_text(row.get("category")), ("", 2, 7))
    return {
        "color": actor_color(row.get("actor")),
        "dash": dash,
        "weight": weight,
        "radius": radius,
        "fill_opacity": 0.15 if _text(row.get("status")) == "goal" else 0.8,
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
            "kind": _text(row.get("kind")),
            "name": _text(row.get("name")),
            "category": _text(row.get("category")),
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


def _add_choropleth(m: folium.Map, choropleth: Choropleth) -> list[tuple[str, str]]:
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
                    "tooltip": f"<b>{html.escape(_text(label))}</b><br>"
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


def _outline_icon(category: str) -> str:
    """A tiny SVG circle outlined the way the map outlines an event category."""
    dash, weight, _ = EVENT_OUTLINES.get(category, ("", 2, 7))
    return (
        "<svg width='14' height='14' class='atlas-outline'><circle cx='7' cy='7' r='5' "
        f"fill='none' stroke='#1a202c' stroke-width='{min(weight, 3)}' "
        f"stroke-dasharray='{html.escape(dash)}'/></svg>"
    )


class Legend(MacroElement):
    """A small legend control listing the layers drawn, built from escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var div = null;
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                div = L.DomUtil.create("div", "atlas-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
            // A popup opens clear of the legend and the zoom buttons: the map pans to fit it.
            map.on("popupopen", function (e) {
                var box = div ? div.getBoundingClientRect() : {width: 0, height: 0};
                e.popup.options.autoPanPaddingTopLeft = L.point(50, 90);
                e.popup.options.autoPanPaddingBottomRight = L.point(
                    box.width + 16, box.height + 16);
                e.popup.update();
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layers: list[tuple[Layer, int]],
        actors: Sequence[str] = (),
        categories: Sequence[str] = (),
        classes: Sequence[tuple[str, str]] = (),
        classes_title: str = "",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        rows = [
            f"<div class='atlas-legend-row'><span class='atlas-swatch' "
            f"style='background:{html.escape(layer.color)}'></span>"
            f"{html.escape(layer.title)} ({count}) <small>{html.escape(layer.note)}</small></div>"
            for layer, count in layers
        ]
        if actors:
            rows.append(
                "<div class='atlas-legend-row atlas-legend-events'>"
                + " ".join(
                    f"<span class='atlas-nowrap'><span class='atlas-swatch' "
                    f"style='background:{actor_color(a)}'></span>{html.escape(a)}</span>"
                    for a in actors
                )
                + " <small>actor (events and zones)</small></div>"
            )
        if categories:
            rows.append(
                "<div class='atlas-legend-row atlas-legend-events'>"
                + " ".join(
                    f"<span class='atlas-nowrap'>{_outline_icon(c)}{html.escape(c)}</span>"
                    for c in categories
                )
                + " <small>hollow: a stated goal</small></div>"
            )
        if classes:
            rows.append(
                f"<div class='atlas-legend-row atlas-legend-classes'><b>"
                f"{html.escape(classes_title)}</b> by area<br>"
                + "<br>".join(
                    f"<span class='atlas-swatch atlas-square' style='background:{color}'></span>"
                    f"{html.escape(label)}"
                    for label, color in classes
                )
                + "</div>"
            )
        if not rows:
            rows = ["<div class='atlas-legend-row'>No features in this range</div>"]
        elif layers:
            rows.append(
                "<div class='atlas-legend-row'><small>points at one place fan out around it; "
                "downloads keep the exact spot</small></div>"
            )
        self.html = (
            "<details open><summary><b>Legend</b> <small>(click to fold)</small></summary>"
            + "".join(rows)
            + "</details>"
        )


LEGEND_CSS = """
<style>
div.leaflet-container { background: #dde7ee; }
.atlas-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.4 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 260px; }
.atlas-legend small { color: #555; }
.atlas-legend summary { cursor: pointer; }
.atlas-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 6px; }
.atlas-nowrap { white-space: nowrap; margin-right: 4px; }
.atlas-outline { vertical-align: middle; margin-right: 2px; }
.leaflet-control-layers { font: 12px/1.5 sans-serif; }
.leaflet-control-layers-expanded { padding: 4px 8px; }
.atlas-square { border-radius: 1px; border: 1px solid #7b341e; }
.atlas-how { color: #444; font-size: 11px; display: inline-block; max-width: 320px;
  white-space: normal; }
.atlas-quote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #ccc; font-style: italic; }
.atlas-when, .atlas-source { color: #444; font-size: 11px; }
</style>
"""


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
    """Draw ``features`` (geo.schema columns, WGS84) as one GeoJson layer per kind.

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
        basemap = outline_basemap()
    if basemap is not None and not basemap.empty:
        _add_basemap(m, basemap)
    classes: list[tuple[str, str]] = []
    if choropleth is not None and not choropleth.areas.empty:
        classes = _add_choropleth(m, choropleth)

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
    actors = sorted({_text(a) or "unnamed" for a in coloured["actor"]})
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

"""A features frame as the data the map's browser script draws: one GeoJSON FeatureCollection
for every date, sent once with the page, which the map filters by day in the browser.

Every feature keeps its exact geometry. Its properties say how to draw it (``draw``: an event
badge, a place dot, a figure circle, an area or line, a control zone, a frontline, an advance
arrow), when it holds (``s``/``e``, ISO days; zones and frontlines hold from ``s`` until ``e``,
and show when the range's last day falls in that span) and what its tooltip and popup say. The
popup's pieces are HTML escaped here, in Python; the script only puts escaped pieces together.
Each piece of text is listed once (``text``: an article's line, a quoted sentence, a tooltip)
and features point at it, which keeps a page of 20,000 features to a few megabytes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from extract.events import DIRECTIONS
from geo.features import CRS, as_timestamps
from geo.render.popups import (
    article_html,
    attribution_html,
    number_of,
    quote_html,
    text_of,
    tooltip_html,
)
from geo.render.style import KIND_LABELS, PLACES, actor_color
from geo.render.symbols import (
    SYMBOL_NAMES,
    badge_svg,
    event_symbol,
    figure_amount,
    figure_scale,
    radius_for,
    short_number,
)

ARROW_KM = 25.0  # length of an advance arrow
_KM_PER_DEGREE = 111.32
DIGITS = 5  # decimals kept of a point (about a metre): exact for every gazetteer point
SHAPE_DIGITS = 4  # decimals kept of lines and areas (about 10 m)
SHAPE_TOLERANCE = 0.002  # degrees (~200 m): lines and outlines simplified for drawing
AS_OF_KINDS: Final = ("control_zone", "frontline")
"""Kinds that hold over a span and are drawn as of the range's last day."""
DIGEST_COLUMNS: Final = (
    "kind", "name", "start", "end", "category", "subtype", "actor", "status", "value", "low",
    "high", "mentions", "quote", "title", "url", "published", "source", "sources", "direction",
)  # fmt: skip
"""What a map shows of a feature, besides its geometry: what :func:`digest` reads."""
_MEMO_SIZE = 6


def advance_arrows(features: gpd.GeoDataFrame, length_km: float = ARROW_KM) -> gpd.GeoDataFrame:
    """An arrow for every advance with a direction: a shaft from the place toward the direction
    and a small triangular head, as two rows (LineString, Polygon) carrying the event's columns
    (and its index, so the arrow follows its event through the date filter).

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
    stretch = np.cos(np.radians(y0))
    dy = np.cos(theta) * length_km / _KM_PER_DEGREE
    dx = np.sin(theta) * length_km / (_KM_PER_DEGREE * stretch)
    x1, y1 = x0 + dx, y0 + dy
    # The head: a triangle whose tip is 30% beyond the shaft's end, its base across the end.
    tip = (x1 + 0.3 * dx, y1 + 0.3 * dy)
    left = (x1 - 0.2 * dy * stretch, y1 + 0.2 * dx / stretch)
    right = (x1 + 0.2 * dy * stretch, y1 - 0.2 * dx / stretch)
    shafts = shapely.linestrings(np.stack([np.stack([x0, y0], 1), np.stack([x1, y1], 1)], 1))
    heads = shapely.polygons(np.stack([np.stack(pair, 1) for pair in (tip, left, right)], 1))
    shaft_rows = rows.copy().set_geometry(gpd.GeoSeries(shafts, index=rows.index, crs=CRS))
    head_rows = rows.copy().set_geometry(gpd.GeoSeries(heads, index=rows.index, crs=CRS))
    both = pd.concat([shaft_rows, head_rows])
    return gpd.GeoDataFrame(
        both.assign(event_index=both.index).reset_index(drop=True), geometry="geometry", crs=CRS
    )


def _records(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` (all but the geometry) as dicts, missing values as None: pandas'
    own to_dict boxes every value one by one, which is most of the time for 20,000 rows."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _iso(values: pd.Series) -> list[str | None]:
    days = as_timestamps(values).dt.strftime("%Y-%m-%d")
    return [None if pd.isna(day) else str(day) for day in days]


def _draw(kind: str, geometry_type: str) -> str:
    """How a feature is drawn in the browser."""
    if kind == "control_zone":
        return "zone"
    if kind == "frontline":
        return "front"
    if geometry_type != "Point":
        return "area"  # a region, a road, a river: drawn as what it is
    return {"event": "badge", "figure": "circle"}.get(kind, "dot")


def _look(row: dict[str, Any], draw: str, badges: dict[str, str]) -> dict[str, Any]:
    """Colour, size and symbol of one feature."""
    kind = text_of(row.get("kind"))
    if kind == "figure":
        scale = figure_scale(row.get("category"))
        amount = figure_amount(row)
        look: dict[str, Any] = {"c": scale.color, "r": radius_for(amount, scale)}
        look["solid"] = scale.solid
        if amount is not None:
            look["lbl"] = short_number(amount)
        return look
    if kind in ("event", "control_zone", "frontline"):
        color = actor_color(row.get("actor"))
        look = {"c": color}
        if kind != "frontline":
            look["a"] = text_of(row.get("actor")) or "unnamed"
        if kind == "event":
            symbol = event_symbol(row.get("category"), row.get("subtype"))
            goal = text_of(row.get("status")) == "goal"
            key = f"{symbol}|{color}|{int(goal)}"
            badges.setdefault(key, badge_svg(symbol, color, hollow=goal))
            look.update(sym=key, goal=goal)
        return look
    mentions = number_of(row.get("mentions")) or 1
    return {"c": PLACES.color, "r": round(min(3.0 + 1.5 * float(np.sqrt(mentions)), 9.0), 1)}


def _spot(point: Any) -> tuple[float, float]:
    return round(point.x, DIGITS), round(point.y, DIGITS)


def _geometry(geometry: Any) -> dict[str, Any]:
    """A geometry as GeoJSON: a point exactly where it is, lines and areas simplified."""
    if geometry.geom_type == "Point":
        return {"type": "Point", "coordinates": _spot(geometry)}
    simple = shapely.simplify(geometry, SHAPE_TOLERANCE, preserve_topology=True)
    return dict(shapely.geometry.mapping(shapely.set_precision(simple, 10**-SHAPE_DIGITS)))


def _feature(fid: int, geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def map_data(features: gpd.GeoDataFrame) -> dict[str, Any]:
    """The map's data: every located feature of ``features`` (keyed by its index, which must be
    unique integers: a table row finds its feature on the map by it), the advance arrows, the
    pieces of text, the badges drawn and the date span."""
    if features.crs is None:
        features = features.set_crs(CRS)
    located = features[features.geometry.notna() & ~features.geometry.is_empty].to_crs(CRS)
    rows = _records(located)
    starts, ends = _iso(located["start"]), _iso(located["end"])
    texts: dict[str, int] = {"": 0}
    badges: dict[str, str] = {}

    def text(piece: str) -> int:
        return texts.setdefault(piece, len(texts))

    collection = []
    for fid, row, geometry, first, last in zip(
        located.index, rows, located.geometry, starts, ends, strict=True
    ):
        kind = text_of(row.get("kind"))
        draw = _draw(kind, geometry.geom_type)
        properties = {
            "kind": kind,
            "draw": draw,
            "n": text_of(row.get("name")),
            "s": first,
            "e": last,
            "tip": text(tooltip_html(row)),
            "q": text(quote_html(row)),
            "d": text(article_html(row)),
            "x": text(attribution_html(row)),
            **_look(row, draw, badges),
        }
        if kind == "figure" and draw == "area":
            point = geometry.representative_point()
            properties["at"] = [round(point.y, DIGITS), round(point.x, DIGITS)]
        collection.append(_feature(int(fid), _geometry(geometry), properties))
    arrows = advance_arrows(located) if not located.empty else located
    for index, row, geometry in zip(
        arrows.get("event_index", []), arrows.to_dict("records"), arrows.geometry, strict=True
    ):
        properties = {"kind": "event", "draw": "arrow", "of": int(index)}
        properties.update(c=actor_color(row.get("actor")), n=text_of(row.get("name")))
        collection.append(_feature(-1, _geometry(geometry), properties))
    as_of = located["kind"].isin(AS_OF_KINDS).to_numpy()  # a zone set: only its first day
    days = [d for d in (*starts, *(e for e, z in zip(ends, as_of, strict=True) if not z)) if d]
    return {
        "features": {"type": "FeatureCollection", "features": collection},
        "text": list(texts),
        "badges": badges,
        "symbols": {key: SYMBOL_NAMES[key.split("|")[0]] for key in badges},
        "days": [min(days), max(days)] if days else None,
        "kinds": {kind: str(label) for kind, label in KIND_LABELS.items()},
    }


def map_json(data: dict[str, Any]) -> str:
    """The map's data as JSON safe inside a <script> element: no "</" (which would close it)
    and no "<!" (which would start a comment) as such. The popups' HTML keeps its other "<",
    which would cost six bytes each escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!", "\\u003c!")


def digest(features: gpd.GeoDataFrame) -> str:
    """A short fingerprint of what a map draws of ``features`` (ids, geometry and the columns it
    shows): equal frames give equal digests, so a map drawn once is not computed again."""
    columns = [c for c in DIGEST_COLUMNS if c in features.columns]
    hashed = pd.util.hash_pandas_object(pd.DataFrame(features[columns]), index=True).to_numpy()
    geometries = features.geometry.to_wkb().fillna(b"")
    fingerprint = hashlib.sha1(hashed.tobytes())
    fingerprint.update(b"".join(geometries))
    return fingerprint.hexdigest()[:20]


@dataclass(frozen=True)
class MapLayers:
    """The map's data (:func:`map_data`), as JSON for the page, and that JSON's digest."""

    data: dict[str, Any]
    json: str
    digest: str


_memo_lock = threading.Lock()
_memo: OrderedDict[str, MapLayers] = OrderedDict()


def map_layers(features: gpd.GeoDataFrame) -> MapLayers:
    """:func:`map_data` and its JSON, remembered for the last few frames: every rerun of the
    app draws the map again from the same features, and 20,000 of them take seconds."""
    key = digest(features)
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    data = map_data(features)
    text = map_json(data)
    layers = MapLayers(data, text, hashlib.sha1(text.encode()).hexdigest()[:16])
    with _memo_lock:
        _memo[key] = layers
        while len(_memo) > _MEMO_SIZE:
            _memo.popitem(last=False)
    return layers

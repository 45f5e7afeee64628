"""A features frame as the data the map's browser script draws: every feature for every date,
sent once with the page, which the map filters by day in the browser.

Every feature keeps its exact geometry. The data is laid out by column, one list per property,
so that a page of 20,000 features stays small and quick to read: ``id`` (each feature's id on
the map), ``x``/``y`` (a point's longitude and latitude in units of 10^-5 degree; lines and
areas are in ``shapes``), ``s``/``e`` (first and last day, as days since 1970-01-01; zones and
frontlines hold from ``s`` until ``e``), ``look`` (how it is drawn: an entry of ``looks``, which
says ``draw``, an event badge, a place dot, a figure circle, an area or line, a control zone, a
frontline, and its colour, size and symbol), ``name`` (an entry of ``names``) and the pieces of
its hover text and popup (``head``, ``quote``, ``article``, ``credit`` and, for zones and
frontlines, ``how``: entries of ``text``). The pieces are HTML escaped here, in Python; the
script only puts escaped pieces together (and the dates, which it writes from the day numbers).
Each piece of text is listed once, however many features share it.
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from extract.events import DIRECTIONS
from geo.features import CRS, as_timestamps
from geo.render.popups import (
    article_html,
    attribution_html,
    how_text,
    number_of,
    quote_text,
    text_of,
    tooltip_head,
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
    "kind", "name", "start", "end", "category", "subtype", "actor", "actor_text", "status",
    "value", "low", "high", "qualifier", "unit", "mentions", "quote", "title", "url",
    "published", "source", "sources", "direction", "doc_id", "geonameid", "geo_precision",
    "time_precision",
)  # fmt: skip
"""What a map shows of a feature, besides its geometry, and what decides which figures are one
and which events make zones (geo.service.mapview): what :func:`digest` reads."""
LOOK_COLUMNS: Final = (
    "kind", "category", "subtype", "actor", "status", "value", "low", "high", "mentions"
)  # fmt: skip
"""What a feature's colour, size and symbol depend on."""
HEAD_COLUMNS: Final = (
    "kind", "name", "category", "value", "low", "high", "qualifier", "unit", "actor",
    "actor_text", "direction", "mentions",
)  # fmt: skip
"""What the first lines of a feature's hover text depend on."""
ARTICLE_COLUMNS: Final = ("title", "url", "published")
_MEMO_SIZE = 6
_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")
_EPOCH = np.datetime64("1970-01-01", "D")


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


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    """A column's values, every missing one (None, NaN, NaT) as None."""
    if name not in frame.columns:
        return [None] * len(frame)
    values = frame[name].astype(object)
    return values.where(values.notna(), None).tolist()


def _per_distinct(
    frame: pd.DataFrame, columns: Sequence[str], make: Callable[[dict[str, Any]], Any]
) -> list[Any]:
    """``make(row)`` for every row of ``frame``, computed once per distinct combination of
    ``columns`` (the row it gets holds only those): 20,000 features share a few thousand."""
    made: dict[Hashable, Any] = {}
    out = []
    for key in zip(*(_column(frame, c) for c in columns), strict=True):
        if key not in made:
            made[key] = make(dict(zip(columns, key, strict=True)))
        out.append(made[key])
    return out


def _days(values: pd.Series) -> list[int | None]:
    """Dates as days since 1970-01-01 (None when missing)."""
    stamps = as_timestamps(values).to_numpy().astype("datetime64[D]")
    missing = np.isnat(stamps)
    days = (stamps - _EPOCH).astype(np.int64)
    return [None if gone else int(day) for day, gone in zip(days, missing, strict=True)]


def _iso(values: pd.Series) -> list[str]:
    days = as_timestamps(values).dropna().dt.strftime("%Y-%m-%d")
    return [str(day) for day in days]


def _draw(kinds: np.ndarray, points: np.ndarray) -> np.ndarray:
    """How each feature is drawn in the browser: a zone, a front, an area or line (a region, a
    road, a river: drawn as what it is), an event badge, a figure circle or a place dot."""
    return np.select(
        [kinds == "control_zone", kinds == "frontline", ~points, kinds == "event",
         kinds == "figure"],
        ["zone", "front", "area", "badge", "circle"],
        "dot",
    )  # fmt: skip


def _look(row: dict[str, Any], badges: dict[str, str]) -> dict[str, Any]:
    """How one feature is drawn: its kind and drawing, colour, size and symbol."""
    kind = text_of(row.get("kind"))
    look: dict[str, Any] = {"kind": kind, "draw": row["draw"]}
    if kind == "figure":
        scale = figure_scale(row.get("category"))
        amount = figure_amount(row)
        look.update(c=scale.color, r=radius_for(amount, scale), solid=scale.solid)
        if amount is not None:
            look["lbl"] = short_number(amount)
        return look
    if kind in ("event", "control_zone", "frontline"):
        color = actor_color(row.get("actor"))
        look["c"] = color
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
    look.update(c=PLACES.color, r=round(min(3.0 + 1.5 * float(np.sqrt(mentions)), 9.0), 1))
    return look


def _shapes(geometries: np.ndarray) -> list[dict[str, Any]]:
    """Lines and areas as GeoJSON, simplified for drawing (points go in ``x``/``y``)."""
    if not len(geometries):
        return []
    simple = shapely.simplify(geometries, SHAPE_TOLERANCE, preserve_topology=True)
    snapped = shapely.set_precision(simple, 10**-SHAPE_DIGITS)
    return [json.loads(text) for text in shapely.to_geojson(snapped)]


def _listed(made: list[Any], table: dict[Any, int]) -> list[int]:
    """Each of ``made`` as its position in ``table`` (added there when new)."""
    return [table.setdefault(item, len(table)) for item in made]


def _pieces(frame: pd.DataFrame) -> dict[str, Any]:
    """How each feature looks and what its hover text and popup say: positions in the tables
    of looks, names and escaped pieces of text, which list each distinct entry once."""
    texts: dict[str, int] = {"": 0}
    names: dict[str, int] = {}
    looks: dict[str, int] = {}
    badges: dict[str, str] = {}
    look = _per_distinct(frame, (*LOOK_COLUMNS, "draw"), lambda r: json.dumps(_look(r, badges)))
    pieces = {
        "look": _listed(look, looks),
        "name": _listed([text_of(n) for n in _column(frame, "name")], names),
        "head": _listed(_per_distinct(frame, HEAD_COLUMNS, tooltip_head), texts),
        "how": _listed(_per_distinct(frame, ("kind", "quote"), how_text), texts),
        "quote": _listed(_per_distinct(frame, ("quote",), quote_text), texts),
        "article": _listed(_per_distinct(frame, ARTICLE_COLUMNS, article_html), texts),
        "credit": _listed(_per_distinct(frame, ("source", "sources"), attribution_html), texts),
    }
    return pieces | {
        "looks": [json.loads(entry) for entry in looks],
        "names": list(names),
        "text": list(texts),
        "badges": badges,
        "symbols": {key: SYMBOL_NAMES[key.split("|")[0]] for key in badges},
    }


def _places(geometries: np.ndarray, kinds: np.ndarray) -> dict[str, Any]:
    """Where each feature is: a point's longitude and latitude in 10^-5 degree (``x``, ``y``),
    a line's or an area's shape (``shapes``) and a figure's circle inside its area (``at``)."""
    points = shapely.get_type_id(geometries) == shapely.GeometryType.POINT
    x: list[int | None] = [None] * len(geometries)
    y: list[int | None] = [None] * len(geometries)
    if points.any():
        spots = np.rint(shapely.get_coordinates(geometries[points]) * 10**DIGITS).astype(np.int64)
        for row, (lon, lat) in zip(np.flatnonzero(points).tolist(), spots.tolist(), strict=True):
            x[row], y[row] = lon, lat
    others = np.flatnonzero(~points).tolist()
    shapes = [[row, shape] for row, shape in zip(others, _shapes(geometries[others]), strict=True)]
    at = []
    for row in others:
        if kinds[row] == "figure":  # a tally over an area: its circle inside the area
            spot = geometries[row].representative_point()
            at.append([row, round(spot.y, DIGITS), round(spot.x, DIGITS)])
    return {"x": x, "y": y, "shapes": shapes, "at": at}


def map_data(features: gpd.GeoDataFrame) -> dict[str, Any]:
    """The map's data (see the module's docstring): every located feature of ``features``
    (its id is its index, which must be unique integers: a table row finds its feature on the
    map by it), the advance arrows, the pieces of text, the badges drawn and the date span."""
    if features.crs is None:
        features = features.set_crs(CRS)
    located = features[features.geometry.notna() & ~features.geometry.is_empty].to_crs(CRS)
    geometries = located.geometry.to_numpy()
    points = shapely.get_type_id(geometries) == shapely.GeometryType.POINT
    kinds = np.array([text_of(k) for k in _column(located, "kind")], dtype=object)
    frame = pd.DataFrame(located.drop(columns=located.geometry.name))
    arrows = advance_arrows(located) if not located.empty else located
    as_of = np.isin(kinds, AS_OF_KINDS)  # a zone set: only its first day
    days = _iso(located["start"]) + _iso(located.loc[~as_of, "end"]) if len(located) else []
    return {
        "id": [int(i) for i in located.index],
        "s": _days(located["start"]) if len(located) else [],
        "e": _days(located["end"]) if len(located) else [],
        **_places(geometries, kinds),
        **_pieces(frame.assign(draw=_draw(kinds, points))),
        "arrows": [
            [int(of), actor_color(actor), dict(shapely.geometry.mapping(geometry))]
            for of, actor, geometry in zip(
                arrows.get("event_index", []),
                arrows.get("actor", []),
                arrows.geometry,
                strict=True,
            )
        ],
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
    shows): equal frames give equal digests, so a map drawn once is not computed again. The
    frames the map is drawn from are shared and never changed, so a frame seen before gets its
    digest back without hashing it again."""
    known = _digests.get(id(features))
    if known is not None and known[0]() is features:
        return known[1]
    columns = [c for c in DIGEST_COLUMNS if c in features.columns]
    hashed = pd.util.hash_pandas_object(pd.DataFrame(features[columns]), index=True).to_numpy()
    geometries = features.geometry.to_wkb().fillna(b"")
    fingerprint = hashlib.sha1(hashed.tobytes())
    fingerprint.update(b"".join(geometries))
    value = fingerprint.hexdigest()[:20]
    key = id(features)
    _digests[key] = (weakref.ref(features, lambda _: _digests.pop(key, None)), value)
    return value


_digests: dict[int, tuple[weakref.ref[gpd.GeoDataFrame], str]] = {}


@dataclass(frozen=True)
class MapLayers:
    """The map's data (:func:`map_data`), as JSON for the page, and that JSON's digest."""

    data: dict[str, Any]
    json: str
    digest: str


class Memo(Generic[_K, _V]):
    """The results for the last few keys, each computed once: a caller asking for a key that
    another thread is computing waits for that result (sessions opening at once, or the
    launcher preparing the map while the first visitor arrives)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._done: OrderedDict[_K, _V] = OrderedDict()
        self._running: dict[_K, threading.Lock] = {}

    def get(self, key: _K, compute: Callable[[], _V]) -> _V:
        """The result for ``key``, computed by ``compute`` unless remembered or under way."""
        while True:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    return self._done[key]
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Lock()
                    running.acquire()
                    break
            with running:  # another thread computes it: wait, then look again
                pass
        try:
            value = compute()
            with self._lock:
                self._done[key] = value
                while len(self._done) > self.size:
                    self._done.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._running[key]
            running.release()

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._done.clear()


_memo: Memo[str, MapLayers] = Memo(_MEMO_SIZE)


def _layers(features: gpd.GeoDataFrame) -> MapLayers:
    data = map_data(features)
    text = map_json(data)
    return MapLayers(data, text, hashlib.sha1(text.encode()).hexdigest()[:16])


def map_layers(features: gpd.GeoDataFrame) -> MapLayers:
    """:func:`map_data` and its JSON, remembered for the last few frames: every rerun of the
    app draws the map again from the same features, and 20,000 of them take a while."""
    return _memo.get(digest(features), lambda: _layers(features))

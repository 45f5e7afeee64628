"""Control observations ("actor X holds place P on day D"): read from a CSV the analyst loads,
from extracted events, or as dated control polygons (GeoJSON/GeoPackage, as conflict trackers
publish them). :mod:`geo.analysis.zones` turns them into zones and frontlines as of a day."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from extract.actors import holding_side
from extract.readers import InputError, decode, read_csv, read_file_bytes
from geo.features import CRS, as_timestamps
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.io.boundaries import BoundaryFileError, read_boundaries

# Event categories that say who holds a place after the event (see observations_from_features).
CHANGE_CATEGORIES = ("capture", "retake")
STATE_CATEGORIES = ("control",)

Geocoder = Callable[[str], tuple[float, float] | None]
"""A place name to ``(lon, lat)``, or None when the name is unknown."""

_PLACE_COLUMNS = ("place", "name", "location", "town", "toponym")
_LAT_COLUMNS = ("lat", "latitude", "y")
_LON_COLUMNS = ("lon", "lng", "long", "longitude", "x")
_DATE_COLUMNS = ("date", "day", "as_of", "valid_from", "observed", "event_date")
_ACTOR_COLUMNS = ("actor", "controlled_by", "control", "holder", "side", "party")


@dataclass(frozen=True)
class Observation:
    """An actor holds the place at ``lon``/``lat`` on ``date``; ``source`` says who said so."""

    lon: float
    lat: float
    date: date
    actor: str
    place: str | None = None
    source: str = ""

    @property
    def label(self) -> str:
        """The place name, or its coordinates when it has none."""
        return self.place or f"{self.lat:.4f}, {self.lon:.4f}"


@dataclass(frozen=True)
class LoadedObservations:
    """Observations read from a file or frame, and the rows that gave none (with why)."""

    observations: tuple[Observation, ...]
    problems: tuple[str, ...]


def gazetteer_geocoder(
    gazetteer: Gazetteer | None = None, *, country: str | None = None
) -> Geocoder:
    """A :data:`Geocoder` over the offline gazetteer: the best-ranked place of a name.

    Parameters
    ----------
    gazetteer
        A :class:`geo.gazetteer.Gazetteer`; the default one when None.
    country
        ISO code ("SY"): only places in that country count ("Ariha" is then not Jericho).
    """
    if gazetteer is None:
        gazetteer = default_gazetteer()

    def geocode(name: str) -> tuple[float, float] | None:
        for place in gazetteer.lookup(name):
            if country is None or place.country_code == country.upper():
                return (place.lon, place.lat)
        return None

    return geocode


def _column(columns: Sequence[str], wanted: Sequence[str]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    return next((lowered[w] for w in wanted if w in lowered), None)


def parse_day(value: Any) -> date | None:
    """A day from a date, timestamp or text (ISO first, then what pandas reads); else None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    stamp = pd.to_datetime(text, errors="coerce")
    return None if pd.isna(stamp) else stamp.date()


def _read_csv(
    source: str | Path | bytes, name: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[str]]:
    """Columns, rows (file line, cells by column) and skipped lines of an observations CSV."""
    try:
        data = source if isinstance(source, bytes) else read_file_bytes(source, name=name)
        table = read_csv(name, decode(name, data))
    except OSError as exc:
        raise ValueError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    except InputError as exc:
        raise ValueError(str(exc)) from exc
    rows = [(line, dict(zip(table.columns, cells, strict=True))) for line, cells in table.rows]
    return table.columns, rows, [f"{name} {problem}" for problem in table.problems]


def observations_from_csv(
    source: str | Path | bytes, *, geocoder: Geocoder | None = None, name: str | None = None
) -> LoadedObservations:
    """Observations from a CSV with ``place`` or ``lat``/``lon``, and ``date`` and ``actor``.

    Parameters
    ----------
    source
        A path, or the file's bytes (an upload).
    geocoder
        Name to ``(lon, lat)`` for rows given by place name (e.g. :func:`gazetteer_geocoder`).
        Rows with coordinates never need it.
    name
        The file name used in messages (defaults to the path's name).

    Returns
    -------
    LoadedObservations
        One observation per usable row; every other row is in ``problems`` as
        ``"FILE row N: why"`` (N counts the header as row 1).

    Raises
    ------
    ValueError
        The file cannot be read, or lacks a date, an actor, or a place/lat+lon column.
    """
    label = name or (Path(source).name if not isinstance(source, bytes) else "observations.csv")
    columns, rows, problems = _read_csv(source, label)
    place_col = _column(columns, _PLACE_COLUMNS)
    lat_col, lon_col = _column(columns, _LAT_COLUMNS), _column(columns, _LON_COLUMNS)
    date_col, actor_col = _column(columns, _DATE_COLUMNS), _column(columns, _ACTOR_COLUMNS)
    has_coords = lat_col is not None and lon_col is not None
    missing = [
        what
        for what, ok in (
            ("date", date_col),
            ("actor", actor_col),
            ("place or lat/lon", place_col or has_coords),
        )
        if not ok
    ]
    if missing:
        raise ValueError(
            f"{label}: no {' and no '.join(missing)} column; columns are: {', '.join(columns)}"
        )
    assert date_col is not None and actor_col is not None
    found: list[Observation] = []
    for number, row in rows:
        where = f"{label} row {number}"
        place = str(row[place_col]).strip() if place_col else ""
        day = parse_day(row[date_col])
        actor = str(row[actor_col]).strip()
        point = _row_point(row, lat_col, lon_col)
        why = None
        if day is None:
            why = f"unreadable date {row[date_col]!r}"
        elif not actor:
            why = "no actor"
        elif point is None and not place:
            why = "neither a place nor lat/lon"
        elif point is None and geocoder is None:
            why = f"place {place!r} needs a geocoder"
        elif point is None and geocoder is not None:
            point = geocoder(place)
            why = None if point is not None else f"place {place!r} not found"
        if why or point is None or day is None:
            problems.append(f"{where}: {why}")
            continue
        found.append(Observation(point[0], point[1], day, actor, place or None, where))
    return LoadedObservations(tuple(found), tuple(problems))


def _row_point(
    row: dict[str, Any], lat_col: str | None, lon_col: str | None
) -> tuple[float, float] | None:
    if lat_col is None or lon_col is None:
        return None
    try:
        lat, lon = float(row[lat_col]), float(row[lon_col])
    except (TypeError, ValueError, KeyError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return (lon, lat)


def observations_from_features(features: gpd.GeoDataFrame) -> LoadedObservations:
    """Observations from extracted event features (kind ``event``).

    - ``capture`` / ``retake``: the event's actor holds the place from the end of the event's
      period (its start when there is no end): the change is complete once the period is over.
    - ``control`` ("rebel-held Saraqib"): the actor holds the place from the period's start.
    - ``siege``: no observation. The event names the besieger, who by definition does not hold
      the place; the besieged place stays with its defender, whose hold the place's other
      observations carry. Inventing the defender would be wrong wherever more than two sides
      fight.

    Only events reported as fact count: a stated aim (``goal``, "pushing to capture Saraqib")
    or an earlier state (``past``, "had been held by") says nothing of the day it was reported.
    Events with no actor, no location or no date are listed in ``problems``.
    """
    if features.empty:
        return LoadedObservations((), ())
    wanted = features["kind"].eq("event") & features["category"].isin(
        [*CHANGE_CATEGORIES, *STATE_CATEGORIES]
    )
    if "status" in features.columns:
        wanted &= features["status"].fillna("reported").eq("reported")
    events = features.loc[wanted.to_numpy()]
    if events.empty:
        return LoadedObservations((), ())
    geoms = events.geometry.to_numpy()
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = shapely.point_on_surface(np.where(located, geoms, None))
    lon, lat = shapely.get_x(points), shapely.get_y(points)
    start, end = as_timestamps(events["start"]), as_timestamps(events["end"])
    change = events["category"].isin(CHANGE_CATEGORIES).to_numpy()
    day = np.where(change, end.fillna(start), start.fillna(end))
    found: list[Observation] = []
    problems: list[str] = []
    for i, row in enumerate(events.drop(columns="geometry").to_dict("records")):
        what = f"{row['category']} event at {row.get('name') or 'an unnamed place'}"
        where = row.get("title") or row.get("doc_id") or "an unknown document"
        actor = row.get("actor")
        stamp = pd.Timestamp(day[i])
        if not actor or pd.isna(actor):
            problems.append(f"{what} ({where}): no actor")
        elif not located[i]:
            problems.append(f"{what} ({where}): no location")
        elif pd.isna(stamp):
            problems.append(f"{what} ({where}): no date")
        else:
            quote = row.get("quote") or ""
            source = f"{what} in {where}" + (f': "{quote}"' if quote else "")
            found.append(
                Observation(
                    float(lon[i]),
                    float(lat[i]),
                    stamp.date(),
                    holding_side(str(actor)),  # a named group holds ground for its side
                    row.get("name"),
                    source,
                )
            )
    return LoadedObservations(tuple(found), tuple(problems))


def control_polygons(path: str | Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Dated control polygons (GeoJSON/GeoPackage with date and actor properties).

    Returns
    -------
    GeoDataFrame
        ``date`` (datetime.date), ``actor``, ``file`` (the file's name), ``source`` ("observed
        polygon from FILE dated D") and polygon geometry in WGS84.

    Raises
    ------
    BoundaryFileError
        The file cannot be read, has no date or actor property, or has rows with no date or
        actor; the message names the file, the columns and the rows.
    """
    path = Path(path)
    frame = read_boundaries(path, layer=layer)
    columns = [c for c in frame.columns if c != "geometry"]
    date_col, actor_col = _column(columns, _DATE_COLUMNS), _column(columns, _ACTOR_COLUMNS)
    if date_col is None or actor_col is None:
        missing = " and ".join(w for w, c in (("date", date_col), ("actor", actor_col)) if not c)
        raise BoundaryFileError(
            f"{path.name}: no {missing} property; properties are: {', '.join(columns)}"
        )
    days = [parse_day(v) for v in frame[date_col]]
    actors = frame[actor_col].astype(object).where(frame[actor_col].notna(), "").astype(str)
    bad = [i + 1 for i, (d, a) in enumerate(zip(days, actors, strict=True)) if not d or not a]
    if bad:
        listed = ", ".join(map(str, bad[:10])) + (" ..." if len(bad) > 10 else "")
        raise BoundaryFileError(f"{path.name}: features {listed} lack a readable date or actor")
    sources = [f"observed polygon from {path.name} dated {d.isoformat()}" for d in days if d]
    return gpd.GeoDataFrame(
        {"date": days, "actor": actors.str.strip(), "file": path.name, "source": sources},
        geometry=frame.geometry.to_numpy(),
        crs=CRS,
    )

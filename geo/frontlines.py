"""Control observations to control zones as of a date, and frontlines where zones meet.

Observations ("actor X holds place P on day D") come from a CSV the analyst loads, from
extracted events, or as dated control polygons (GeoJSON/GeoPackage, as conflict trackers publish
them). For a day D, each place keeps its latest observation on or before D; a Voronoi
tessellation of those places gives every cell its observation's actor; cells are dissolved by
actor and clipped to a boundary. Observed polygons win over inferred zones: they are cut out of
them. Zones never overlap and, with inferred zones present, cover the boundary.

Every zone says how it was made in ``quote`` ("observed polygon from FILE dated D", or "inferred
from N observations: place (date), ..."); ``category`` is ``observed`` or ``inferred``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.boundaries import BoundaryFileError, BoundaryLike, boundary_shape, read_boundaries
from geo.frames import CRS, as_timestamps, empty_features, features_from_records

# Event categories that say who holds a place after the event (see observations_from_features).
CHANGE_CATEGORIES = ("capture", "retake")
STATE_CATEGORIES = ("control",)
SIEGE = "siege"

# A degree is about 111 km; the default boundary pads the observations' hull by this much.
DEFAULT_MARGIN_DEG = 0.1
_LISTED = 25  # observations named in an inferred zone's provenance before "and N more"
_PLACE_DECIMALS = 4  # observations this close (about 10 m) are the same place
_FRONT_GRID = 1e-9  # snapping grid (degrees) that makes shared zone edges meet exactly

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


# --- reading observations ---------------------------------------------------------------------


def gazetteer_geocoder(gazetteer: Any = None, *, country: str | None = None) -> Geocoder:
    """A :data:`Geocoder` over the offline gazetteer: the best-ranked place of a name.

    Parameters
    ----------
    gazetteer
        A :class:`geo.gazetteer.Gazetteer`; the default one when None.
    country
        ISO code ("SY"): only places in that country count ("Ariha" is then not Jericho).
    """
    if gazetteer is None:
        from geo.gazetteer import default_gazetteer

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


def _read_csv(source: str | Path | bytes, name: str) -> pd.DataFrame:
    try:
        handle: Any = io.BytesIO(source) if isinstance(source, bytes) else source
        return pd.read_csv(handle, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{name}: cannot be read as CSV ({exc})") from exc


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
    table = _read_csv(source, label)
    columns = list(table.columns)
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
    problems: list[str] = []
    for number, row in enumerate(table.to_dict("records"), start=2):
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
                    float(lon[i]), float(lat[i]), stamp.date(), str(actor), row.get("name"), source
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


# --- as of a date -----------------------------------------------------------------------------


def observations_as_of(
    observations: Iterable[Observation], as_of: date, *, max_age_days: int | None = None
) -> tuple[Observation, ...]:
    """The latest observation of each place on or before ``as_of`` (newest first).

    Places are the same when their coordinates agree to about 10 m. Of two observations of
    one place on one day, the later one in the input wins. With ``max_age_days``, observations
    older than that many days before ``as_of`` are ignored.
    """
    oldest = as_of - timedelta(days=max_age_days) if max_age_days is not None else date.min
    latest: dict[tuple[float, float], Observation] = {}
    for obs in observations:
        if not oldest <= obs.date <= as_of:
            continue
        key = (round(obs.lon, _PLACE_DECIMALS), round(obs.lat, _PLACE_DECIMALS))
        held = latest.get(key)
        if held is None or obs.date >= held.date:
            latest[key] = obs
    return tuple(sorted(latest.values(), key=lambda o: o.date, reverse=True))


def polygons_as_of(
    polygons: gpd.GeoDataFrame, as_of: date, *, max_age_days: int | None = None
) -> gpd.GeoDataFrame:
    """Control polygons valid on ``as_of``: dated on or before it, a newer one cutting the
    ground it covers out of every older one (so the most recent word on each spot wins)."""
    oldest = as_of - timedelta(days=max_age_days) if max_age_days is not None else date.min
    if polygons.crs is not None and not polygons.crs.equals(CRS):
        polygons = polygons.to_crs(CRS)
    days = pd.Series([parse_day(v) for v in polygons["date"]], index=polygons.index)
    keep = days.map(lambda d: d is not None and oldest <= d <= as_of).astype(bool)
    valid = polygons.loc[keep.to_numpy()].assign(date=days[keep]).sort_values("date", kind="stable")
    geoms = shapely.make_valid(valid.geometry.to_numpy())
    # Newer-wins overlay: the union of everything newer than each polygon, built from the end.
    newer = np.empty(len(geoms), dtype=object)
    covered = Polygon()
    for i in range(len(geoms) - 1, -1, -1):
        newer[i] = covered
        covered = shapely.union(covered, geoms[i])
    valid = valid.assign(geometry=shapely.difference(geoms, newer))
    return valid.loc[~valid.geometry.is_empty.to_numpy()]


def default_boundary(
    observations: Sequence[Observation],
    polygons: gpd.GeoDataFrame | None = None,
    *,
    margin: float = DEFAULT_MARGIN_DEG,
) -> Polygon:
    """The region to clip zones to when none is given: the convex hull of the observed places
    (and control polygons), buffered by ``margin`` degrees or a tenth of its extent, whichever
    is larger. A country outline is the other choice (:func:`geo.boundaries.country_outline`).
    """
    shapes = [shapely.points([(o.lon, o.lat) for o in observations])] if observations else []
    if polygons is not None and not polygons.empty:
        shapes.append(polygons.geometry.to_numpy())
    if not shapes:
        raise ValueError("no observations or polygons to draw a default boundary around")
    hull = shapely.convex_hull(shapely.union_all(np.concatenate(shapes)))
    xmin, ymin, xmax, ymax = hull.bounds
    pad = max(margin, 0.1 * max(xmax - xmin, ymax - ymin))
    result = shapely.buffer(hull, pad)
    assert isinstance(result, Polygon)
    return result


# --- zones and lines --------------------------------------------------------------------------


def _voronoi_cells(lon: np.ndarray, lat: np.ndarray, frame: Polygon) -> np.ndarray:
    """Voronoi cells of the points (in input order) covering ``frame``, nearest by distance on
    the ground: longitudes are scaled by cos(latitude) before the tessellation and back after.
    """
    k = math.cos(math.radians(float(np.mean(lat))))
    scaled = shapely.points(np.column_stack([lon * k, lat]))
    xmin, ymin, xmax, ymax = frame.bounds
    pad = max(xmax - xmin, ymax - ymin) + 1.0
    extent = shapely.box(xmin * k - pad, ymin - pad, xmax * k + pad, ymax + pad)
    if len(scaled) == 1:
        cells = np.array([extent])
    else:
        tess = shapely.voronoi_polygons(shapely.multipoints(scaled), extend_to=extent, ordered=True)
        cells = shapely.get_parts(tess)
    return shapely.transform(cells, lambda xy: xy / np.array([k, 1.0]))


def _provenance(observations: Sequence[Observation]) -> str:
    listed = ", ".join(f"{o.label} ({o.date.isoformat()})" for o in observations[:_LISTED])
    more = len(observations) - _LISTED
    tail = f" and {more} more" if more > 0 else ""
    return f"inferred from {len(observations)} observations: {listed}{tail}"


def _inferred_zones(
    current: Sequence[Observation], region: Polygon | MultiPolygon, observed: Any
) -> list[dict[str, Any]]:
    lon = np.array([o.lon for o in current])
    lat = np.array([o.lat for o in current])
    cells = shapely.intersection(_voronoi_cells(lon, lat, region), region)
    actors = np.array([o.actor for o in current], dtype=object)
    by_actor = gpd.GeoDataFrame({"actor": actors}, geometry=cells, crs=CRS).dissolve("actor")
    areas = shapely.difference(by_actor.geometry.to_numpy(), observed)
    rows = []
    for actor, area in zip(by_actor.index, areas, strict=True):
        if area.is_empty:
            continue
        mine = [o for o in current if o.actor == actor]
        rows.append(
            {
                "actor": actor,
                "category": "inferred",
                "source": "observations",
                "quote": _provenance(mine),
                "geometry": area,
            }
        )
    return rows


def control_zones(
    observations: Iterable[Observation],
    *,
    as_of: date,
    boundary: BoundaryLike | None = None,
    polygons: gpd.GeoDataFrame | None = None,
    max_age_days: int | None = None,
) -> gpd.GeoDataFrame:
    """Control zones as of a day, in the features schema (kind ``control_zone``).

    Parameters
    ----------
    observations
        Place observations (:class:`Observation`); each place counts with its latest one on or
        before ``as_of``.
    as_of
        The day the zones describe; it is each zone's ``start`` and ``end``.
    boundary
        Region to clip to (polygon or frame of polygons, WGS84); by default
        :func:`default_boundary` of the observations and polygons.
    polygons
        Dated control polygons (:func:`control_polygons`); those valid on ``as_of`` win over
        inferred zones where both exist.
    max_age_days
        Ignore observations and polygons older than this many days before ``as_of``.

    Returns
    -------
    GeoDataFrame
        One row per actor for the inferred zones and one per valid observed polygon: ``actor``,
        ``category`` (observed or inferred), ``source`` and the provenance text in ``quote``.
        Zones never overlap; with at least one observation they cover the boundary.
    """
    items = list(observations)
    current = observations_as_of(items, as_of, max_age_days=max_age_days)
    valid = (
        polygons_as_of(polygons, as_of, max_age_days=max_age_days)
        if polygons is not None and not polygons.empty
        else None
    )
    if not current and (valid is None or valid.empty):
        return empty_features()
    region = (
        boundary_shape(boundary)
        if boundary is not None
        else default_boundary(current or items, valid if valid is not None else polygons)
    )
    rows: list[dict[str, Any]] = []
    observed: Any = Polygon()
    if valid is not None and not valid.empty:
        clipped = shapely.intersection(valid.geometry.to_numpy(), region)
        for row, geom in zip(valid.to_dict("records"), clipped, strict=True):
            if not geom.is_empty:
                rows.append(
                    {
                        "actor": row["actor"],
                        "category": "observed",
                        "source": row.get("file") or "control polygons",
                        "quote": row["source"],
                        "geometry": geom,
                    }
                )
        observed = shapely.union_all(clipped)
    if current:
        rows.extend(_inferred_zones(current, region, observed))
    for row in rows:
        row.update(
            kind="control_zone",
            name=f"{row['actor']} ({row['category']})",
            start=as_of,
            end=as_of,
            geo_precision=2,
            time_precision=1,
        )
    return features_from_records(rows)


def frontlines(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Lines where control zones of different actors meet, in the features schema.

    Zones of one actor are merged first; each pair of actors whose zones touch gives one row
    (kind ``frontline``, ``actor`` "A | B" with the names sorted) whose geometry is their shared
    boundary, merged into as few lines as possible.
    """
    zones = zones.loc[zones["kind"].eq("control_zone").to_numpy()]
    if zones.empty:
        return empty_features()
    merged = zones[["actor", "geometry"]].dissolve("actor")
    actors = merged.index.to_numpy()
    geoms = merged.geometry.to_numpy()
    left, right = merged.sindex.query(geoms, predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    edges = shapely.intersection(
        shapely.boundary(geoms[left]), shapely.boundary(geoms[right]), grid_size=_FRONT_GRID
    )
    last_day = max((d for d in as_timestamps(zones["end"]).dropna()), default=None)
    day = last_day.date() if last_day is not None else None
    rows = []
    for i, j, edge in zip(left, right, edges, strict=True):
        parts = shapely.get_parts(edge)
        lines = parts[shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING]
        if not len(lines):
            continue  # zones touching at a corner only
        line = shapely.line_merge(shapely.union_all(lines))
        a, b = sorted((str(actors[i]), str(actors[j])))
        rows.append(
            {
                "kind": "frontline",
                "name": f"{a} / {b} front",
                "actor": f"{a} | {b}",
                "start": day,
                "end": day,
                "source": "control zones",
                "quote": f"where the {a} and {b} zones meet",
                "geo_precision": 2,
                "time_precision": 1,
                "geometry": line,
            }
        )
    return features_from_records(rows)

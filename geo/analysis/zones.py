"""Control observations to control zones as of a date, and frontlines where zones meet.

Observations ("actor X holds place P on day D") come from a CSV the analyst loads, from
extracted events, or as dated control polygons (GeoJSON/GeoPackage, as conflict trackers publish
them). For a day D, each place keeps its latest observation on or before D; a Voronoi
tessellation of those places gives every cell its observation's actor; cells are dissolved by
actor and clipped to a boundary. Observed polygons win over inferred zones: they are cut out of
them. Zones never overlap and, with inferred zones present, cover the boundary.

Zones (and so frontlines) never reach past longitude -180..180 or latitude -90..90: the region
is clipped to the world first, whatever the boundary or the padding around the observations.

Every zone says how it was made in ``quote`` ("observed polygon from FILE dated D", or "inferred
from N observations: place (date), ..."); ``category`` is ``observed`` or ``inferred``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.analysis.observations import Observation, parse_day
from geo.features import CRS, as_timestamps, empty_features, features_from_records
from geo.io.boundaries import WORLD, BoundaryLike, boundary_shape

# A degree is about 111 km; the default boundary pads the observations' hull by this much.
DEFAULT_MARGIN_DEG = 0.1
_LISTED = 25  # observations named in an inferred zone's provenance before "and N more"
_PLACE_DECIMALS = 4  # observations this close (about 10 m) are the same place
_FRONT_GRID = 1e-9  # snapping grid (degrees) that makes shared zone edges meet exactly


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
    is larger. A country outline is the other choice (:func:`geo.io.boundaries.country_outline`).
    """
    shapes = [shapely.points([(o.lon, o.lat) for o in observations])] if observations else []
    if polygons is not None and not polygons.empty:
        shapes.append(polygons.geometry.to_numpy())
    if not shapes:
        raise ValueError("no observations or polygons to draw a default boundary around")
    hull = shapely.convex_hull(shapely.union_all(np.concatenate(shapes)))
    xmin, ymin, xmax, ymax = hull.bounds
    pad = max(margin, 0.1 * max(xmax - xmin, ymax - ymin))
    result = shapely.intersection(shapely.buffer(hull, pad), WORLD)
    if not isinstance(result, Polygon) or result.is_empty:
        raise ValueError("the observations lie outside the longitude/latitude range")
    return result


# --- zones and lines --------------------------------------------------------------------------


def _within_world(region: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    """``region`` clipped to the lon/lat range (a boundary file may reach past it)."""
    clipped = shapely.intersection(region, WORLD)
    parts = [p for p in shapely.get_parts(clipped) if isinstance(p, Polygon) and not p.is_empty]
    if not parts:
        raise ValueError("the boundary lies outside the longitude/latitude range")
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


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
    cells = _voronoi_cells(lon, lat, region)
    actors = np.array([o.actor for o in current], dtype=object)
    names = sorted(set(actors))
    # The cells tile the plane edge to edge: each actor's are merged as a coverage (quick),
    # then clipped to the region once, rather than each cell clipped and then merged.
    merged = [shapely.coverage_union_all(cells[actors == actor]) for actor in names]
    areas = shapely.difference(shapely.intersection(np.array(merged), region), observed)
    rows = []
    for actor, area in zip(names, areas, strict=True):
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
    region = _within_world(region)
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
    if zones["actor"].is_unique:  # one zone per actor already (the inferred ones)
        actors = zones["actor"].to_numpy()
        geoms = zones.geometry.to_numpy()
    else:
        merged = zones[["actor", "geometry"]].dissolve("actor")
        actors, geoms = merged.index.to_numpy(), merged.geometry.to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
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

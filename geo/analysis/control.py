"""Control zones and frontlines for the map as of one day, from everything the analyst has:
the events extracted from the articles, observation CSVs and dated control polygons.

Over :mod:`geo.analysis.zones`: it picks the observations worth using, chooses (and names) the
region to clip to, and memoises the tessellation so the map only recomputes when the day or the
inputs change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely
from countryinfo import CountryInfo
from shapely.geometry import MultiPolygon, Polygon

from geo.analysis.observations import LoadedObservations, Observation, observations_from_features
from geo.analysis.zones import control_zones, default_boundary, frontlines
from geo.features import CRS, concat_features, empty_features
from geo.gazetteer import default_gazetteer
from geo.geodesy import great_circle_km
from geo.io.boundaries import boundary_shape, country_outline

EXACT_PLACE = 1  # geo_precision of an event placed at the town its sentence names

PolygonRow = tuple[date, str, str, str, bytes]
"""A control polygon in hashable form: date, actor, file, source, WKB geometry."""


@dataclass(frozen=True)
class Country:
    """The country most of the map's places lie in."""

    code: str  # ISO 3166 alpha-2 ("SY")
    name: str


@dataclass(frozen=True)
class ControlMap:
    """Zones and frontlines as of ``as_of`` (features schema), and how they were made."""

    zones: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    as_of: date
    boundary_note: str
    observations: int  # observations (events and files) on or before as_of
    polygons: int  # control polygons dated on or before as_of

    @property
    def features(self) -> gpd.GeoDataFrame:
        """Zones then lines, as one features frame."""
        return concat_features(empty_features(), self.zones, self.lines)


def event_observations(features: gpd.GeoDataFrame) -> LoadedObservations:
    """Observations from the reported capture, retake and control events placed at the town
    their sentence names. Events that fell back to the article's focus (geo_precision 2, "the
    town had been held...") or sit on a country point say nothing about who holds that spot."""
    if features.empty:
        return LoadedObservations((), ())
    precision = pd.to_numeric(features["geo_precision"], errors="coerce")
    return observations_from_features(features.loc[(precision == EXACT_PLACE).to_numpy()])


def main_country(features: gpd.GeoDataFrame) -> Country | None:
    """The country of most of the places named (from the gazetteer's record of each place)."""
    if features.empty:
        return None
    ids = pd.to_numeric(features.loc[features["kind"].eq("place").to_numpy(), "geonameid"],
                        errors="coerce").dropna()  # fmt: skip
    if ids.empty:
        return None
    gazetteer = default_gazetteer()
    codes = Counter(
        place.country_code
        for place in (gazetteer.get(int(i)) for i in ids)
        if place is not None and place.country_code
    )
    if not codes:
        return None
    code = codes.most_common(1)[0][0]
    try:
        name = str(CountryInfo(code).name()).title()
    except Exception:  # countryinfo lacks a few territories: the code still names it
        name = code
    return Country(code, name)


def _polygon_rows(polygons: Iterable[gpd.GeoDataFrame]) -> tuple[PolygonRow, ...]:
    rows: list[PolygonRow] = []
    for frame in polygons:
        for record, geometry in zip(
            frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True
        ):
            rows.append(
                (
                    record["date"],
                    str(record["actor"]),
                    str(record.get("file", "")),
                    str(record.get("source", "")),
                    shapely.to_wkb(geometry),
                )
            )
    return tuple(rows)


def _polygon_frame(rows: tuple[PolygonRow, ...]) -> gpd.GeoDataFrame | None:
    if not rows:
        return None
    days, actors, files, sources, shapes = zip(*rows, strict=True)
    return gpd.GeoDataFrame(
        {"date": list(days), "actor": list(actors), "file": list(files), "source": list(sources)},
        geometry=shapely.from_wkb(list(shapes)),
        crs=CRS,
    )


# Beyond this span (the hull's diagonal) observations with no one country are not one front.
SPREAD_KM = 1500.0


def default_region(
    observations: Sequence[Observation],
    polygons: gpd.GeoDataFrame | None,
    country: Country | None,
) -> tuple[Polygon | MultiPolygon, str]:
    """The region zones are clipped to when the analyst gave none, and a note saying what it is:
    the area around the observations (their hull, padded), within the country's outline."""
    hull = default_boundary(observations, polygons)
    note = (
        f"the area around all {len(observations)} observations loaded, of every date "
        "(convex hull, padded)"
    )
    minx, miny, maxx, maxy = hull.bounds
    if great_circle_km(miny, minx, maxy, maxx) > SPREAD_KM:
        # Observations across continents (a world corpus): a hull over them would draw zones
        # and fronts across seas. No zones unless the analyst gives a boundary.
        return Polygon(), "nothing: the observations lie too far apart for one front"
    if country is None:
        return hull, note
    try:
        outline = boundary_shape(country_outline(country.code))
    except ValueError:
        return hull, note
    clipped = shapely.intersection(hull, outline)
    if clipped.is_empty or not isinstance(clipped, Polygon | MultiPolygon):
        return hull, note
    return clipped, f"{note}, within {country.name}'s outline (countryinfo)"


@lru_cache(maxsize=32)
def _control(
    observations: tuple[Observation, ...],
    as_of: date,
    boundary: bytes | None,
    boundary_name: str,
    polygons: tuple[PolygonRow, ...],
    country: Country | None,
) -> ControlMap:
    current = [o for o in observations if o.date <= as_of]
    frame = _polygon_frame(polygons)
    valid = sum(1 for row in polygons if row[0] <= as_of)
    if not current and not valid:
        return ControlMap(empty_features(), empty_features(), as_of, "", 0, 0)
    if boundary is not None:
        region = shapely.from_wkb(boundary)
        note = f"boundary file {boundary_name}"
    else:
        region, note = default_region(list(observations), frame, country)  # steady frame
    if region.is_empty:
        return ControlMap(empty_features(), empty_features(), as_of, note, len(current), valid)
    zones = control_zones(observations, as_of=as_of, boundary=region, polygons=frame)
    return ControlMap(zones, frontlines(zones), as_of, note, len(current), valid)


def control_map(
    observations: Iterable[Observation],
    *,
    as_of: date,
    polygons: Iterable[gpd.GeoDataFrame] = (),
    boundary: Polygon | MultiPolygon | None = None,
    boundary_name: str = "",
    country: Country | None = None,
) -> ControlMap:
    """Control zones and frontlines as of ``as_of`` (memoised on the inputs).

    Parameters
    ----------
    observations
        From :func:`event_observations` and :func:`observations_from_upload`.
    polygons
        Frames from :func:`polygons_from_upload`; they win over inferred zones where valid.
    boundary, boundary_name
        A region to clip to (e.g. :func:`region_from_upload`) and its file name; by default
        :func:`default_region` around the observations, within ``country``.
    """
    shape = shapely.to_wkb(boundary) if boundary is not None else None
    result = _control(
        tuple(observations), as_of, shape, boundary_name, _polygon_rows(polygons), country
    )
    return ControlMap(
        result.zones.copy(),
        result.lines.copy(),
        result.as_of,
        result.boundary_note,
        result.observations,
        result.polygons,
    )


def holder_at(zones: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """The actor whose zone holds the point, or None outside every zone."""
    if zones.empty:
        return None
    point = shapely.Point(lon, lat)
    hits = zones.loc[zones.geometry.covers(point).to_numpy()]
    return None if hits.empty else str(hits.iloc[0]["actor"])

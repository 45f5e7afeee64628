"""Control zones for the app: the analyst's control files read with messages naming them, and
the zones and frontlines as of a day from those files and the events extracted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
from shapely.geometry import MultiPolygon, Polygon

from geo.analysis.control import ControlMap, Country, control_map, event_observations, main_country
from geo.analysis.observations import (
    LoadedObservations,
    Observation,
    control_polygons,
    gazetteer_geocoder,
    observations_from_csv,
)
from geo.io.boundaries import BoundaryFileError, boundary_shape, read_boundaries, upload_path
from geo.service.views import Notice

__all__ = [
    "ControlFiles",
    "control_for",
    "observations_from_upload",
    "polygons_from_upload",
    "read_control_files",
    "region_from_upload",
    "zones_caption",
]

Upload = tuple[str, bytes]
"""A file the analyst gave: its name and its bytes."""


@dataclass
class ControlFiles:
    """The control files one session has loaded, by file name."""

    observations: dict[str, tuple[Observation, ...]] = field(default_factory=dict)
    polygons: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    region: tuple[str, Polygon | MultiPolygon] | None = None  # a boundary to clip zones to


def observations_from_upload(
    name: str, data: bytes, *, country: Country | None = None
) -> LoadedObservations:
    """Observations in an uploaded CSV (place or lat/lon, date, actor); place names are looked
    up in the offline gazetteer, within ``country`` when given.

    Raises ValueError naming the file when it cannot be read or lacks a needed column.
    """
    if not data.strip():
        raise ValueError(f"{name}: is empty")
    geocoder = gazetteer_geocoder(country=country.code if country else None)
    return observations_from_csv(data, geocoder=geocoder, name=name)


def polygons_from_upload(name: str, data: bytes) -> gpd.GeoDataFrame:
    """Dated control polygons from an uploaded GeoJSON/GeoPackage/zipped shapefile.

    Raises BoundaryFileError naming the file (no date or actor property, unreadable...).
    """
    with upload_path(name, data, "control polygon") as path:
        return control_polygons(path)


def region_from_upload(name: str, data: bytes) -> Polygon | MultiPolygon:
    """The region (union of the polygons) of an uploaded boundary file to clip zones to.

    Raises BoundaryFileError naming the file.
    """
    with upload_path(name, data, "boundary") as path:
        frame = read_boundaries(path)
    try:
        return boundary_shape(frame)
    except ValueError as error:
        raise BoundaryFileError(f"{name}: {error}") from error


def read_control_files(
    files: ControlFiles,
    *,
    observations: list[Upload],
    polygons: list[Upload],
    boundary: Upload | None,
    places: gpd.GeoDataFrame,
) -> list[Notice]:
    """Read uploaded control files into ``files``; one notice per file (or skipped row).

    ``places`` are the place features shown: their main country is where observation CSVs'
    place names are looked up.
    """
    notices: list[Notice] = []
    country = main_country(places)
    for name, data in observations:
        try:
            read = observations_from_upload(name, data, country=country)
        except ValueError as error:
            notices.append(("error", str(error)))
            continue
        files.observations[name] = read.observations
        notices.extend(("warning", problem) for problem in read.problems[:20])
        notices.append(("success", f"{name}: {len(read.observations)} observation(s)."))
    for name, data in polygons:
        try:
            frame = polygons_from_upload(name, data)
        except ValueError as error:  # BoundaryFileError is one
            notices.append(("error", str(error)))
            continue
        files.polygons[name] = frame
        notices.append(("success", f"{name}: {len(frame)} control polygon(s)."))
    if boundary is not None:
        name, data = boundary
        try:
            files.region = (name, region_from_upload(name, data))
        except ValueError as error:
            notices.append(("error", str(error)))
        else:
            notices.append(("success", f"{name}: zones clipped to it."))
    return notices


def control_for(
    features: gpd.GeoDataFrame, files: ControlFiles, as_of: date | None
) -> ControlMap | None:
    """Zones and frontlines as of ``as_of`` (by default the last day anything is known) from the
    events among ``features`` and the control files loaded; None when there is nothing to draw.
    """
    observations: list[Observation] = list(event_observations(features).observations)
    for loaded in files.observations.values():
        observations.extend(loaded)
    polygons = list(files.polygons.values())
    if as_of is None:
        days = [o.date for o in observations]
        days += [d for frame in polygons for d in frame["date"]]
        as_of = max(days, default=None)
    if as_of is None or (not observations and not polygons):
        return None
    name, region = files.region or ("", None)
    return control_map(
        observations,
        as_of=as_of,
        polygons=polygons,
        boundary=region,
        boundary_name=name,
        country=main_country(features),
    )


def zones_caption(zones: ControlMap) -> str:
    """How the control zones on the map were made, in a sentence."""
    return (
        f"Control zones and frontlines as of {zones.as_of.isoformat()} (the end of the date "
        f"range), from {zones.observations} observation(s) and {zones.polygons} control "
        f"polygon(s); clipped to {zones.boundary_note}."
    )

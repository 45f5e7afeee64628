"""Boundary files (admin areas, a region to clip to) read into WGS84 GeoDataFrames.

Formats: GeoJSON, GeoPackage and zipped shapefiles, all through pyogrio. Every failure raises
:class:`BoundaryFileError` with the file's name and what is wrong with it. Areas with no shape
(empty geometries) or with coordinates outside longitude -180..180 / latitude -90..90 are left
out, each said in ``frame.attrs["problems"]``; a file with no usable area left is
refused (out-of-range numbers everywhere usually mean a projected file that does not say so).
When the analyst loads nothing, :func:`country_outline` gives a country's outline from the
countryinfo package (outlines only: no installed package carries first-level admin shapes).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.features import CRS
from geo.gazetteer.outlines import country_shape
from geo.io.formats import BOUNDARY_PATH_SUFFIXES, BOUNDARY_SUFFIXES

REGION = ("Syria", "Turkey", "Lebanon", "Iraq", "Jordan", "Israel", "Cyprus", "Palestine", "Egypt")
"""The countries drawn and divided into areas when nothing else says where the map is."""
OUTLINE_TOLERANCE = 0.01  # degrees (~1 km): outlines simplified for drawing

BoundaryLike: TypeAlias = Polygon | MultiPolygon | gpd.GeoDataFrame | gpd.GeoSeries
WORLD = shapely.box(-180.0, -90.0, 180.0, 90.0)
"""Every longitude and latitude there is: nothing drawn or written lies outside it."""
_SLACK = 1e-7  # degrees of rounding tolerated past the range (180.00000001 in some exports)


class BoundaryFileError(ValueError):
    """A boundary file that cannot be used; the message names the file."""


def usable_areas(frame: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The rows of ``frame`` (WGS84) with a shape inside the lon/lat range, and one message per
    kind of row left out (naming ``name`` and the rows, 1-based as the file lists them)."""
    geometry = frame.geometry.to_numpy()
    empty = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    bounds = shapely.bounds(geometry)  # NaN for missing and empty shapes
    with np.errstate(invalid="ignore"):
        outside = ~empty & (
            (bounds[:, 0] < -180 - _SLACK)
            | (bounds[:, 2] > 180 + _SLACK)
            | (bounds[:, 1] < -90 - _SLACK)
            | (bounds[:, 3] > 90 + _SLACK)
            | ~np.isfinite(bounds).all(axis=1)
        )
    problems = []
    for mask, why in (
        (empty, "no shape (an empty geometry)"),
        (outside, "coordinates outside longitude -180..180 / latitude -90..90"),
    ):
        if mask.any():
            rows = [str(i + 1) for i in np.flatnonzero(mask)]
            shown = ", ".join(rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
            problems.append(f"{name}: {len(rows)} area(s) left out, {why}: feature {shown}")
    kept = frame.loc[~(empty | outside)]
    return kept, problems


def _polygonal(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    kinds = frame.geometry.geom_type
    return frame.loc[kinds.isin(["Polygon", "MultiPolygon"]).to_numpy()]


def _layer_of(path: Path, layer: str | None) -> str | None:
    """The layer to read: the one asked for, else the only (or first polygon) layer."""
    try:
        layers = pyogrio.list_layers(_gdal_path(path))
    except Exception as exc:
        raise BoundaryFileError(f"{path.name}: cannot be read as a boundary file ({exc})") from exc
    names = [str(name) for name, _ in layers]
    if layer is not None:
        if layer not in names:
            raise BoundaryFileError(
                f"{path.name}: no layer {layer!r}; layers are: {', '.join(names) or 'none'}"
            )
        return layer
    polygon_layers = [str(name) for name, kind in layers if kind and "Polygon" in str(kind)]
    return next(iter(polygon_layers or names), None)


def _gdal_path(path: Path) -> str:
    return f"/vsizip/{path}" if path.suffix.lower() == ".zip" else str(path)


def read_boundaries(path: str | Path, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Polygons of a boundary file (GeoJSON, GeoPackage, zipped shapefile) in WGS84.

    Parameters
    ----------
    path
        The file. A zip must hold one shapefile (or name the shapefile layer with ``layer``).
    layer
        Layer of a GeoPackage or zip; by default the first layer with polygons.

    Raises
    ------
    BoundaryFileError
        Missing file, unknown format, unreadable data, no polygons: the message names the file.
    """
    path = Path(path)
    if not path.exists():
        raise BoundaryFileError(f"{path}: no such boundary file")
    if path.suffix.lower() not in BOUNDARY_PATH_SUFFIXES:
        raise BoundaryFileError(
            f"{path.name}: unknown boundary format {path.suffix or '(no suffix)'}; "
            f"use one of {', '.join(BOUNDARY_PATH_SUFFIXES)}"
        )
    chosen = _layer_of(path, layer)
    try:
        frame = gpd.read_file(_gdal_path(path), layer=chosen, engine="pyogrio")
    except Exception as exc:
        raise BoundaryFileError(f"{path.name}: cannot be read ({exc})") from exc
    if frame.crs is None:
        frame = frame.set_crs(CRS)  # GeoJSON without crs is WGS84 by RFC 7946
    try:
        frame = frame.to_crs(CRS)
    except Exception as exc:
        raise BoundaryFileError(f"{path.name}: cannot be put in WGS84 ({exc})") from exc
    frame, problems = usable_areas(frame.reset_index(drop=True), path.name)
    polygons = _polygonal(frame)
    if polygons.empty and problems and frame.empty:
        raise BoundaryFileError(f"{path.name}: no usable areas: {'; '.join(problems)}")
    if polygons.empty:
        raise BoundaryFileError(
            f"{path.name}: no polygons in layer {chosen!r} ({len(frame)} features of other types)"
        )
    polygons = polygons.assign(geometry=shapely.make_valid(polygons.geometry.to_numpy()))
    result = gpd.GeoDataFrame(polygons.reset_index(drop=True), geometry="geometry", crs=CRS)
    result.attrs["problems"] = problems
    return result


def boundary_shape(boundary: BoundaryLike) -> Polygon | MultiPolygon:
    """One (multi)polygon from a polygon, a frame or a series of polygons (their union)."""
    if isinstance(boundary, Polygon | MultiPolygon):
        return boundary
    series = boundary.geometry if isinstance(boundary, gpd.GeoDataFrame) else boundary
    if series.crs is not None and not series.crs.equals(CRS):
        series = series.to_crs(CRS)
    merged = shapely.union_all(shapely.make_valid(series.to_numpy()))
    parts = [
        part
        for part in shapely.get_parts(merged)
        if isinstance(part, Polygon | MultiPolygon) and not part.is_empty
    ]
    if not parts:
        raise ValueError("the boundary holds no polygon")
    single = shapely.union_all(parts)
    assert isinstance(single, Polygon | MultiPolygon)
    return single


def country_outline(country: str) -> gpd.GeoDataFrame:
    """A country's outline (``name``, geometry in WGS84) from the countryinfo package.

    Parameters
    ----------
    country
        Name or ISO code countryinfo knows ("Syria", "SY", "SYR").
    """
    try:
        return country_outlines((country,))
    except Exception as exc:
        raise ValueError(f"countryinfo has no outline for {country!r} ({exc})") from exc


def country_outlines(countries: Sequence[str], tolerance: float = 0.0) -> gpd.GeoDataFrame:
    """Outlines of ``countries`` (``name``, geometry in WGS84) from the countryinfo package,
    simplified to ``tolerance`` degrees (0 keeps them as shipped). Read once per set of
    countries; a copy is returned so callers may change it."""
    frame = _outlines(tuple(countries), tolerance)
    if frame.empty:
        raise ValueError(f"countryinfo has no outline for {', '.join(countries)}")
    return frame.copy()


@lru_cache(maxsize=16)
def _outlines(countries: tuple[str, ...], tolerance: float) -> gpd.GeoDataFrame:
    names: list[str] = []
    shapes: list[Any] = []
    for country in countries:
        outline = country_shape(country)
        if outline is not None:
            names.append(country)
            shapes.append(outline)
    frame = gpd.GeoDataFrame({"name": names}, geometry=shapes, crs=CRS)
    if tolerance > 0:
        frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    return frame


@contextmanager
def upload_path(name: str, data: bytes, what: str = "boundary") -> Iterator[Path]:
    """An uploaded boundary file written to a temporary file of the same name, for readers that
    want a path; the file and its folder are removed when the block ends.

    Raises BoundaryFileError naming the file when its suffix is not a boundary format or it is
    empty.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in BOUNDARY_SUFFIXES:
        raise BoundaryFileError(
            f"{name}: unknown {what} format {suffix or '(no suffix)'}; "
            f"use {', '.join(BOUNDARY_SUFFIXES)}"
        )
    if not data:
        raise BoundaryFileError(f"{name}: is empty")
    with tempfile.TemporaryDirectory(prefix="atlas-upload-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        yield path


def boundaries_from_upload(name: str, data: bytes) -> gpd.GeoDataFrame:
    """Polygons of an uploaded boundary file (GeoJSON, GeoPackage, zipped shapefile), WGS84.

    Raises BoundaryFileError naming the file.
    """
    with upload_path(name, data) as path:
        return read_boundaries(path)


def boundary_columns(areas: gpd.GeoDataFrame) -> list[str]:
    """The properties of a boundary file that can key a join (every column but the geometry)."""
    return [str(c) for c in areas.columns if c != "geometry"]

"""Boundary files (admin areas, a region to clip to) read into WGS84 GeoDataFrames.

Formats: GeoJSON, GeoPackage and zipped shapefiles, all through pyogrio. Every failure raises
:class:`BoundaryFileError` with the file's name and what is wrong with it. When the analyst
loads nothing, :func:`country_outline` gives a country's outline from the countryinfo package
(outlines only: no installed package carries first-level admin shapes).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

CRS = "EPSG:4326"
SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".shp")

BoundaryLike: TypeAlias = Polygon | MultiPolygon | gpd.GeoDataFrame | gpd.GeoSeries


class BoundaryFileError(ValueError):
    """A boundary file that cannot be used; the message names the file."""


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
    if path.suffix.lower() not in SUFFIXES:
        raise BoundaryFileError(
            f"{path.name}: unknown boundary format {path.suffix or '(no suffix)'}; "
            f"use one of {', '.join(SUFFIXES)}"
        )
    chosen = _layer_of(path, layer)
    try:
        frame = gpd.read_file(_gdal_path(path), layer=chosen, engine="pyogrio")
    except Exception as exc:
        raise BoundaryFileError(f"{path.name}: cannot be read ({exc})") from exc
    frame = frame.loc[frame.geometry.notna().to_numpy()]
    polygons = _polygonal(frame)
    if polygons.empty:
        raise BoundaryFileError(
            f"{path.name}: no polygons in layer {chosen!r} ({len(frame)} features of other types)"
        )
    if polygons.crs is None:
        polygons = polygons.set_crs(CRS)  # GeoJSON without crs is WGS84 by RFC 7946
    polygons = polygons.to_crs(CRS)
    polygons["geometry"] = shapely.make_valid(polygons.geometry.to_numpy())
    return gpd.GeoDataFrame(polygons.reset_index(drop=True), geometry="geometry", crs=CRS)


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
    from countryinfo import CountryInfo

    try:
        collection = CountryInfo(country).geo_json()
    except Exception as exc:
        raise ValueError(f"countryinfo has no outline for {country!r} ({exc})") from exc
    shapes = [shape(feature["geometry"]) for feature in collection.get("features", [])]
    if not shapes:
        raise ValueError(f"countryinfo has no outline for {country!r}")
    return gpd.GeoDataFrame({"name": [country] * len(shapes)}, geometry=shapes, crs=CRS)

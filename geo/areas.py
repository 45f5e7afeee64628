"""Admin areas for the app: uploaded boundary files and figure tables, the default areas that ship
with the project, and the tables and choropleth the app shows. A thin layer over
:mod:`geo.joins` and :mod:`geo.boundaries`; every failure names the file.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import BoundaryFileError, read_boundaries
from geo.gazetteer import Gazetteer, Place, default_gazetteer
from geo.joins import JoinResult, TableFileError, aggregate_by_area, join_table, read_table
from geo.maps import Choropleth, outline_basemap

BOUNDARY_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
DRAW_TOLERANCE = 0.003  # degrees (~300 m): areas simplified for the map, shared borders kept
DEFAULT_AREAS_NOTE = (
    "first-level areas approximated from GeoNames: Voronoi cells of each area's towns' middle, "
    "clipped to countryinfo's country outlines; no package ships admin-1 shapes"
)
COUNT_COLUMNS = ("features", "figures", "events", "displaced", "displaced_vague")


def upload_path(name: str, data: bytes, suffixes: Sequence[str], what: str) -> Path:
    """The upload written to a temporary file of the same name, for readers that want a path.

    Raises BoundaryFileError naming the file when its suffix is not one of ``suffixes`` or it
    is empty.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in suffixes:
        raise BoundaryFileError(
            f"{name}: unknown {what} format {suffix or '(no suffix)'}; use {', '.join(suffixes)}"
        )
    if not data:
        raise BoundaryFileError(f"{name}: is empty")
    path = Path(tempfile.mkdtemp(prefix="atlas-upload-")) / Path(name).name
    path.write_bytes(data)
    return path


def boundaries_from_upload(name: str, data: bytes) -> gpd.GeoDataFrame:
    """Polygons of an uploaded boundary file (GeoJSON, GeoPackage, zipped shapefile), WGS84.

    Raises BoundaryFileError naming the file.
    """
    return read_boundaries(upload_path(name, data, BOUNDARY_SUFFIXES, "boundary"))


def boundary_columns(areas: gpd.GeoDataFrame) -> list[str]:
    """The properties of a boundary file that can key a join (text or whole-number columns)."""
    return [str(c) for c in areas.columns if c != "geometry"]


def default_areas() -> gpd.GeoDataFrame:
    """The areas used when the analyst loads none: the region's first-level areas (``name``,
    ``country``), approximated from GeoNames as in :func:`approximate_admin1`."""
    return _default_areas().copy()


@lru_cache(maxsize=1)
def _default_areas() -> gpd.GeoDataFrame:
    return approximate_admin1(outline_basemap())


def approximate_admin1(
    outlines: gpd.GeoDataFrame, gazetteer: Gazetteer | None = None
) -> gpd.GeoDataFrame:
    """First-level areas of each country in ``outlines`` (``name``, geometry), approximated.

    No package ships admin-1 shapes, but the gazetteer knows each admin-1 area's name and the
    middle of its towns: each area becomes the part of its country nearer its middle than any
    other's (a Voronoi cell clipped to the country's outline). Borders are rough; a country
    whose areas the gazetteer does not know stays whole.
    """
    gaz = gazetteer or default_gazetteer()
    codes = {p.name: p.country_code for p in gaz if p.feature_code == "PCLI"}
    members: dict[str, list[Place]] = {}
    for place in gaz:
        if place.feature_code == "ADM1":
            members.setdefault(place.country_code, []).append(place)
    rows: list[dict[str, object]] = []
    for country, outline in zip(outlines["name"], outlines.geometry, strict=True):
        areas = members.get(codes.get(country, ""), [])
        if len(areas) < 2:
            rows.append({"name": country, "country": country, "geometry": outline})
            continue
        points = shapely.points([p.lon for p in areas], [p.lat for p in areas])
        cells = shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(points), extend_to=outline)
        )
        for place, point in zip(areas, points, strict=True):
            cell = next(c for c in cells if c.contains(point))
            rows.append(
                {"name": place.name, "country": country, "geometry": cell.intersection(outline)}
            )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame.loc[~frame.geometry.is_empty].reset_index(drop=True)


def area_counts(
    features: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, *, area_key: str
) -> pd.DataFrame:
    """Figures and events per area (spatial join), the areas with any, most features first."""
    if features.empty:
        return pd.DataFrame(columns=[area_key, *COUNT_COLUMNS])
    counted = aggregate_by_area(features, areas, area_key=area_key)
    table = pd.DataFrame(counted.drop(columns="geometry"))[[area_key, *COUNT_COLUMNS]]
    table = table.loc[table["features"].gt(0).to_numpy()]
    table["displaced"] = table["displaced"].round().astype(int)
    return table.sort_values(["features", area_key], ascending=[False, True], ignore_index=True)


def table_sheets(name: str, data: bytes) -> list[str]:
    """Sheet names of an XLSX upload; [] for a CSV. Raises TableFileError naming the file."""
    if Path(name).suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    try:
        with pd.ExcelFile(io.BytesIO(data), engine="openpyxl") as book:
            return [str(sheet) for sheet in book.sheet_names]
    except Exception as error:
        raise TableFileError(f"{name}: cannot be read as a workbook ({error})") from error


def table_columns(name: str, data: bytes, sheet: str | None = None) -> list[str]:
    """The columns of an uploaded figure table. Raises TableFileError naming the file."""
    if Path(name).suffix.lower() not in TABLE_SUFFIXES:
        raise TableFileError(
            f"{name}: unknown table format; use one of {', '.join(TABLE_SUFFIXES)}"
        )
    if not data.strip():
        raise TableFileError(f"{name}: is empty")
    return [str(c) for c in read_table(data, sheet=sheet, name=name).frame.columns]


def join_upload(
    name: str,
    data: bytes,
    areas: gpd.GeoDataFrame,
    *,
    table_key: str,
    boundary_key: str,
    value: str,
    sheet: str | None = None,
) -> JoinResult:
    """An uploaded figure table summed per area (see :func:`geo.joins.join_table`)."""
    table = read_table(data, sheet=sheet, name=name)
    return join_table(
        table, areas, table_key=table_key, boundary_key=boundary_key, value=value, name=name
    )


def unmatched_rows(result: JoinResult) -> pd.DataFrame:
    """The table rows no area took: file row, reason, then the row's cells."""
    frame = result.unmatched
    first = ["file_row", "reason"]
    return frame[[*first, *(c for c in frame.columns if c not in first)]].astype(str)


def choropleth(result: JoinResult, label: str) -> Choropleth:
    """The joined areas as a choropleth of the summed value, simplified for drawing."""
    areas = result.areas
    simple = shapely.coverage_simplify(areas.geometry.to_numpy(), DRAW_TOLERANCE)
    frame = gpd.GeoDataFrame(
        {"label": areas[label].astype(str).to_numpy(), "value": areas["value"].to_numpy()},
        geometry=simple,
        crs=areas.crs,
    )
    return Choropleth(frame, result.value_column)

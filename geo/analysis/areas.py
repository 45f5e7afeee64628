"""Admin areas: the first-level areas used when the analyst loads none (approximated from the
gazetteer), and the figures and events counted per area."""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from geo.analysis.joins import aggregate_by_area
from geo.gazetteer import Gazetteer, Place, default_gazetteer
from geo.io.boundaries import OUTLINE_TOLERANCE, REGION, country_outlines

DEFAULT_AREAS_NOTE = (
    "first-level areas approximated from GeoNames: Voronoi cells of each area's towns' middle, "
    "clipped to countryinfo's country outlines; no package ships admin-1 shapes"
)
COUNT_COLUMNS = ("features", "figures", "events", "displaced", "displaced_vague")


def default_areas() -> gpd.GeoDataFrame:
    """The areas used when the analyst loads none: the region's first-level areas (``name``,
    ``country``), approximated from GeoNames as in :func:`approximate_admin1`."""
    return _default_areas().copy()


@lru_cache(maxsize=1)
def _default_areas() -> gpd.GeoDataFrame:
    return approximate_admin1(country_outlines(REGION, tolerance=OUTLINE_TOLERANCE))


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

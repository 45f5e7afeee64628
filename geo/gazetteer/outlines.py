"""Country outlines from a registry package (countryinfo), for parts of countries ("northwest
Syria") and for boundary defaults."""

from __future__ import annotations

from functools import lru_cache

import shapely
from countryinfo import CountryInfo
from shapely.geometry import MultiPolygon, Polygon, shape

__all__ = ["country_shape"]


@lru_cache(maxsize=64)
def country_shape(country: str) -> Polygon | MultiPolygon | None:
    """The outline of ``country`` (a name or an ISO code countryinfo knows), or None."""
    try:
        features = CountryInfo(country).geo_json().get("features", [])
    except Exception:  # countryinfo raises KeyError and others for names it lacks
        return None
    parts = [shape(feature["geometry"]) for feature in features]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    return merged if isinstance(merged, Polygon | MultiPolygon) else None

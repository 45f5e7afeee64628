"""The one list of the file types each input and output accepts (readers, the CLI, the app)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from extract.documents import SUPPORTED_SUFFIXES

ARTICLE_SUFFIXES: Final = SUPPORTED_SUFFIXES
"""Articles: text, Markdown, HTML, CSV/TSV, JSON/JSONL, RSS/Atom (read by extract.documents)."""
BOUNDARY_SUFFIXES: Final = (".geojson", ".json", ".gpkg", ".zip")
"""Polygons (admin areas, control polygons, a region to clip to): GeoJSON, GeoPackage, zipped
shapefile. A path on the command line may also be a ``.shp`` beside its sidecar files."""
BOUNDARY_PATH_SUFFIXES: Final = (*BOUNDARY_SUFFIXES, ".shp")
TABLE_SUFFIXES: Final = (".csv", ".txt", ".xlsx", ".xlsm")
"""Figure tables: CSV (comma, semicolon or tab) or an Excel workbook."""
EXCEL_SUFFIXES: Final = (".xlsx", ".xlsm")
OBSERVATION_SUFFIXES: Final = (".csv", ".txt")
"""Control observations: CSV of place or lat/lon, date and actor."""
EXPORT_SUFFIXES: Final = (".geojson", ".json", ".gpkg", ".csv")
"""What ``atlas export`` writes: GeoJSON (RFC 7946), GeoPackage or CSV."""


def upload_types(suffixes: Sequence[str]) -> list[str]:
    """Suffixes as a file picker takes them: without the dot."""
    return [suffix.lstrip(".") for suffix in suffixes]

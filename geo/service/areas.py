"""Admin areas for the app and the CLI: a figure table joined to boundary files (uploads or
paths), its choropleth and unmatched rows, and figures and events counted per area."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd

from geo.analysis.areas import DEFAULT_AREAS_NOTE, area_counts, default_areas
from geo.analysis.joins import JoinResult, join_table
from geo.io.boundaries import boundaries_from_upload
from geo.io.tables import read_table
from geo.render.choropleth import Choropleth, choropleth_of

__all__ = [
    "COUNTS_NOTE",
    "DEFAULT_AREAS_NOTE",
    "AreaChoice",
    "JoinSpec",
    "area_counts",
    "choropleth",
    "counts_per_area",
    "join_notes",
    "join_upload",
    "join_uploads",
    "unmatched_rows",
]


@dataclass
class AreaChoice:
    """What the analyst chose for admin areas: boundaries (or None for the default areas), the
    property keying them, and a figure table joined to them; and what went wrong."""

    boundary_name: str = ""
    areas: gpd.GeoDataFrame | None = None
    key: str = "name"
    table_name: str = ""
    join: JoinResult | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class JoinSpec:
    """How to join a figure table to boundaries: the table's key and value columns (headers or
    HXL tags), the boundary property to match, and the workbook sheet."""

    table_key: str
    boundary_key: str
    value: str
    sheet: str | None = None


def join_uploads(
    table_name: str, table_data: bytes, boundary_name: str, boundary_data: bytes, spec: JoinSpec
) -> JoinResult:
    """An uploaded figure table summed per area of an uploaded boundary file.

    Raises TableFileError or BoundaryFileError naming the file.
    """
    boundaries = boundaries_from_upload(boundary_name, boundary_data)
    return join_upload(
        table_name,
        table_data,
        boundaries,
        table_key=spec.table_key,
        boundary_key=spec.boundary_key,
        value=spec.value,
        sheet=spec.sheet,
    )


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
    """An uploaded figure table summed per area (see :func:`geo.analysis.joins.join_table`).

    Raises TableFileError naming the file.
    """
    table = read_table(data, sheet=sheet, name=name)
    return join_table(
        table, areas, table_key=table_key, boundary_key=boundary_key, value=value, name=name
    )


def join_notes(join: JoinResult, table_name: str, boundary_name: str) -> list[tuple[str, str]]:
    """What a join did, in words: its totals (a note), then the rows that matched no area and the
    values that could not be read (warnings)."""
    matched = int(join.areas["rows"].gt(0).sum())
    notes = [
        (
            "note",
            f"{table_name}: {join.value_column} joined to {boundary_name} by {join.match}: table "
            f"total {join.total_table:,.0f}, joined total {join.total_joined:,.0f}; {matched} "
            "areas carry values.",
        )
    ]
    if not join.unmatched.empty:
        rows = ", ".join(str(r) for r in join.unmatched["file_row"].head(20))
        notes.append(
            (
                "warning",
                f"{table_name}: {len(join.unmatched)} row(s) matched no area (rows {rows}); "
                "their values are not on the map.",
            )
        )
    if not join.invalid.empty:
        notes.append(
            ("warning", f"{table_name}: {len(join.invalid)} value(s) unreadable, counted as 0.")
        )
    notes.extend(("warning", problem) for problem in join.problems)  # areas left out
    return notes


COUNTS_NOTE = (
    "Figures and events shown, per area ({where}); displaced is the largest figure reported "
    "there, since reports repeat and update each other."
)


def unmatched_rows(result: JoinResult) -> pd.DataFrame:
    """The table rows no area took: file row, reason, then the row's cells."""
    frame = result.unmatched
    first = ["file_row", "reason"]
    return frame[[*first, *(c for c in frame.columns if c not in first)]].astype(str)


def choropleth(result: JoinResult, label: str) -> Choropleth:
    """The joined areas as a choropleth of the summed value, labelled by ``label``."""
    return choropleth_of(result.areas, label, "value", result.value_column)


def counts_per_area(
    features: gpd.GeoDataFrame, areas: gpd.GeoDataFrame | None, area_key: str
) -> pd.DataFrame:
    """Figures and events per area of ``areas``, or of the default areas when None."""
    if areas is None:
        return area_counts(features, default_areas(), area_key="name")
    return area_counts(features, areas, area_key=area_key)

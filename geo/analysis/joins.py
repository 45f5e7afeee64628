"""Figures and events joined to admin areas, and figure tables (CSV/XLSX) joined to boundaries.

Two joins an analyst asks for: how many features and displaced people fall in each admin area
(a spatial join of the map's points), and a humanitarian figure table (one row per community,
P-codes, HXL tags) summed per area by code or by name. No table row is dropped silently: rows
that match no area, or two areas, come back in ``unmatched`` with the reason. Areas with no
shape or with coordinates outside the lon/lat range take part in neither join
(:func:`geo.io.boundaries.usable_areas`), and the join says so in ``problems``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from extract.normalize import name_key
from geo.features import CRS
from geo.io.boundaries import read_boundaries, usable_areas
from geo.io.tables import Table, TableFileError, present, read_table

MatchMode = Literal["auto", "code", "name"]
_BLANKS = frozenset({"", "-", "–", "—", "n/a", "na", "nan", "none", "null", ".."})
_THOUSANDS = re.compile(r"(?<=\d)[,\s\u00a0\u202f'’](?=\d{3}(?!\d))")


def aggregate_by_area(
    features: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, *, area_key: str
) -> gpd.GeoDataFrame:
    """Per admin area: how many figures and events lie in it and how many people were displaced.

    A point on the border of two areas counts once, in the first area listed. Only point
    features of kind ``figure`` or ``event`` count.

    Parameters
    ----------
    features
        A features frame (geo.features).
    areas
        Admin areas (polygons) with a key column.
    area_key
        The column naming each area (a P-code or a name).

    Returns
    -------
    GeoDataFrame
        The areas (all their columns and geometry, in WGS84) with ``features``, ``figures``,
        ``events`` (counts), ``displaced`` (the largest displaced figure reported there: articles
        repeat and update one another's tallies, so a sum would count the same people twice) and
        ``displaced_vague`` (displaced figures with no number). A figure's number is its
        ``value``, else its ``low`` bound ("more than 100,000" counts 100,000); one with neither
        ("hundreds of thousands") counts only in ``displaced_vague``.
    """
    if area_key not in areas.columns:
        raise KeyError(f"no area key column {area_key!r}; columns are: {', '.join(areas.columns)}")
    areas = areas.to_crs(CRS) if areas.crs is not None else areas.set_crs(CRS)
    areas = usable_areas(areas.reset_index(drop=True), "the admin areas")[0].reset_index(drop=True)
    counted = features.loc[
        features["kind"].isin(["figure", "event"]).to_numpy()
        & (features.geometry.geom_type == "Point").to_numpy()
    ]
    counted = counted.to_crs(CRS) if counted.crs is not None else counted.set_crs(CRS)
    hits = gpd.sjoin(counted, areas[["geometry"]], how="inner", predicate="intersects")
    hits = hits.loc[~hits.index.duplicated(keep="first")]
    area = hits["index_right"].to_numpy()
    figure = hits["kind"].eq("figure").to_numpy()
    displaced = figure & hits["category"].eq("displaced").to_numpy()
    number = pd.to_numeric(hits["value"], errors="coerce").fillna(
        pd.to_numeric(hits["low"], errors="coerce")
    )
    size = len(areas)
    out = areas.copy()
    out["features"] = np.bincount(area, minlength=size)
    out["figures"] = np.bincount(area, weights=figure, minlength=size).astype(int)
    out["events"] = out["features"] - out["figures"]
    people = np.where(displaced, number.fillna(0).to_numpy(), 0.0)
    largest = np.zeros(size)
    np.maximum.at(largest, area, people)  # reports overlap: adding them up would count twice
    out["displaced"] = largest
    vague = displaced & number.isna().to_numpy()
    out["displaced_vague"] = np.bincount(area, weights=vague, minlength=size).astype(int)
    return out


# --- figure tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinResult:
    """A figure table summed per area.

    ``areas`` holds every boundary feature with ``value`` (the sum of its rows, None when no
    row matched it) and ``rows`` (how many rows matched). ``unmatched`` holds the table rows
    that matched no area (or several), with ``file_row`` and ``reason``; ``invalid`` the rows
    whose value could not be read (counted as 0); ``blanks`` how many values were empty
    (counted as 0). ``total_table`` sums every readable value, ``total_joined`` the matched ones.
    """

    areas: gpd.GeoDataFrame
    unmatched: pd.DataFrame
    invalid: pd.DataFrame
    total_table: float
    total_joined: float
    blanks: int
    match: Literal["code", "name"]
    value_column: str
    hxl: bool
    problems: tuple[str, ...] = ()  # areas left out (no shape, coordinates out of range)


def _hxl_parts(tag: str) -> tuple[str, frozenset[str]]:
    head, *attrs = re.sub(r"\s+", "", tag.lower()).split("+")
    return head, frozenset(attrs)


def resolve_column(table: Table, spec: str, what: str) -> str:
    """The column ``spec`` names: its header (exact, then case/space-insensitive), or an HXL
    tag ("#adm3+code" matches a column tagged "#adm3+code+v_pcode")."""
    columns = list(table.frame.columns)
    if spec in columns:
        return spec
    squeeze = re.compile(r"\s+")
    loose = {squeeze.sub("", c.lower()): c for c in columns}
    found = loose.get(squeeze.sub("", spec.lower()))
    if found is not None:
        return found
    if spec.strip().startswith("#") and table.hxl:
        head, attrs = _hxl_parts(spec)
        hits = [
            col
            for col, tag in table.hxl.items()
            if _hxl_parts(tag)[0] == head and attrs <= _hxl_parts(tag)[1]
        ]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise TableFileError(
                f"{table.name}: HXL tag {spec!r} fits several columns: {', '.join(hits)}"
            )
    tags = f"; HXL tags are: {', '.join(table.hxl.values())}" if table.hxl else ""
    raise TableFileError(
        f"{table.name}: no {what} column {spec!r}; columns are: {', '.join(columns)}{tags}"
    )


def parse_values(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Numbers from table cells: "1,234", "1 234" and 1234.0 read as 1234.

    Returns
    -------
    numbers, blank, invalid
        The numbers (0 for blank and unreadable cells) and masks of the blank cells (empty, "-",
        "n/a") and of the unreadable ones.
    """
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    blank = text.str.lower().isin(_BLANKS)
    cleaned = text.str.replace(_THOUSANDS, "", regex=True).str.replace(r"\s+", "", regex=True)
    numbers = pd.to_numeric(cleaned.where(~blank, "0"), errors="coerce")
    invalid = numbers.isna()
    return numbers.fillna(0.0).astype(float), blank, invalid


def code_key(value: Any) -> str:
    """A code compared case- and space-insensitively; 760.0 (a number read from Excel) as 760."""
    text = re.sub(r"\s+", "", str(value)).upper()
    return re.sub(r"^(\d+)\.0+$", r"\1", text)


def _keys(values: pd.Series, mode: str) -> pd.Series:
    known = values.map(present)
    keys = values.astype(object).where(known, "").map(code_key if mode == "code" else _name)
    return keys.astype(str)


def _name(value: Any) -> str:
    return name_key(str(value))


def _lookup(table_keys: pd.Series, area_keys: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Area position per table key (-1 if none) and how many areas carry each table key."""
    counts = area_keys[area_keys != ""].value_counts()
    first = pd.Series(np.arange(len(area_keys)), index=area_keys.to_numpy())
    first = first[~first.index.duplicated(keep="first")]
    n = table_keys.map(counts).fillna(0).astype(int)
    position = table_keys.map(first).where(n == 1, -1).fillna(-1).astype(int)
    return position, n


def _boundaries_frame(
    boundaries: str | Path | gpd.GeoDataFrame, key: str
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The usable areas of the boundaries and what was left out of them."""
    frame = read_boundaries(boundaries) if isinstance(boundaries, str | Path) else boundaries
    where = Path(boundaries).name if isinstance(boundaries, str | Path) else "the boundaries"
    if key not in frame.columns:
        columns = ", ".join(c for c in frame.columns if c != "geometry")
        raise TableFileError(f"{where}: no boundary key column {key!r}; columns are: {columns}")
    problems = list(frame.attrs.get("problems", ()))
    frame = frame.to_crs(CRS) if frame.crs is not None else frame.set_crs(CRS)
    frame, more = usable_areas(frame.reset_index(drop=True), where)
    return frame.reset_index(drop=True), problems + more


def join_table(
    table: str | Path | bytes | Table,
    boundaries: str | Path | gpd.GeoDataFrame,
    *,
    table_key: str,
    boundary_key: str,
    value: str,
    sheet: str | None = None,
    match: MatchMode = "auto",
    name: str | None = None,
) -> JoinResult:
    """Sum a figure table's values per area, matching rows to areas by code or by name.

    Parameters
    ----------
    table
        CSV/XLSX path or bytes (or a :class:`Table` from :func:`read_table`).
    boundaries
        Boundary file (GeoJSON, GeoPackage, zipped shapefile) or frame.
    table_key, value
        Table columns: by header, or by HXL tag ("#adm3+code", "#affected+idps").
    boundary_key
        The boundary property to match (``PCODE``, ``NAME_EN``).
    sheet
        XLSX sheet by name.
    match
        ``code``: exact, ignoring case and spaces. ``name``: :func:`extract.normalize.name_key`
        ("Ma'arrat An Nu'man" meets "Maarat al-Numan"). ``auto``: whichever matches more rows
        (code on a tie).
    name
        The file name used in messages when ``table`` is bytes (an upload).

    Raises
    ------
    TableFileError
        Unreadable file, missing sheet or column (the message lists what there is).
    """
    read = table if isinstance(table, Table) else read_table(table, sheet=sheet, name=name)
    key_col = resolve_column(read, table_key, "table key")
    value_col = resolve_column(read, value, "value")
    areas, problems = _boundaries_frame(boundaries, boundary_key)
    frame = read.frame
    numbers, blank, invalid = parse_values(frame[value_col])
    modes: Sequence[Literal["code", "name"]] = ("code", "name") if match == "auto" else (match,)
    tried = {m: _lookup(_keys(frame[key_col], m), _keys(areas[boundary_key], m)) for m in modes}
    mode = max(modes, key=lambda m: int((tried[m][0] >= 0).sum()))
    position, n_areas = tried[mode]
    matched = (position >= 0).to_numpy()
    sums = numbers[matched].groupby(position[matched].to_numpy()).sum()
    rows = position[matched].value_counts()
    out = areas.copy()
    summed = sums.reindex(range(len(out)))
    whole = bool((numbers % 1 == 0).all())
    out["value"] = summed.astype("Int64" if whole else float).set_axis(out.index)
    out["rows"] = rows.reindex(range(len(out))).fillna(0).astype(int).to_numpy()
    file_rows = pd.Series(read.file_rows or range(2, len(frame) + 2), index=frame.index)
    reasons = np.where(
        frame[key_col].map(present).to_numpy(),
        np.where(n_areas.to_numpy() > 1, "matches several areas", "matches no area"),
        "no key",
    )
    unmatched = frame.loc[~matched].assign(file_row=file_rows[~matched], reason=reasons[~matched])
    bad = invalid.to_numpy()
    invalid_rows = frame.loc[bad, [key_col, value_col]].assign(file_row=file_rows[bad])
    return JoinResult(
        areas=gpd.GeoDataFrame(out, geometry="geometry", crs=CRS),
        unmatched=unmatched.reset_index(drop=True),
        invalid=invalid_rows.reset_index(drop=True),
        total_table=float(numbers.sum()),
        total_joined=float(numbers[matched].sum()),
        blanks=int(blank.sum()),
        match=mode,
        value_column=value_col,
        hxl=bool(read.hxl),
        problems=tuple(problems),
    )

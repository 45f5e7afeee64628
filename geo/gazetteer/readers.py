"""Gazetteer files an analyst brings, read into plain entries.

- GeoNames dumps in their 19-column tab-separated format: a country file (``SY.txt``), its
  ``.zip`` as GeoNames serves it, ``allCountries`` or any subset; read line by line, so a large
  dump streams (``countries`` keeps only some country codes).
- Tables and layers of named points, as OCHA's populated-places and humanitarian-site datasets
  publish them: CSV (with ``lat``/``lon`` columns), GeoJSON or GeoPackage (point, line or polygon
  geometry; a line or an area keeps its shape). Columns are found by their usual names: a
  name, alternate names, a feature type, admin names, a P-code and a country code.

Every problem raises :class:`~extract.readers.InputError` naming the file (and the line).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import geopandas as gpd
import pyogrio
import shapely

from extract.readers import InputError, check_regular_file, decode, read_csv, read_file_bytes

__all__ = ["SUFFIXES", "Entry", "read_entries"]

GEONAMES_SUFFIXES = (".txt", ".zip", ".tsv")
POINT_SUFFIXES = (".csv", ".geojson", ".json", ".gpkg")
SUFFIXES = GEONAMES_SUFFIXES + POINT_SUFFIXES
# GeoNames' allCountries dump is about 1.6 GB unzipped (0.4 GB zipped); a country's is far less.
MAX_DUMP_BYTES = 4 * 1024**3

_NAME_COLUMNS = ("name", "name_en", "placename", "place_name", "site_name", "camp_name",
                 "location", "toponym", "feature_name", "featurename", "label")  # fmt: skip
_NAME_ENDINGS = ("name_en", "name")  # OCHA: admin4Name_en, pplName...
_LAT_COLUMNS = ("lat", "latitude", "y", "lat_y")
_LON_COLUMNS = ("lon", "lng", "long", "longitude", "x", "lon_x")
_ALT_COLUMNS = ("alternatenames", "alternate_names", "alt_names", "altnames", "aliases",
                "alias", "other_names", "name_alt", "alternative_names")  # fmt: skip
_TYPE_COLUMNS = ("feature_code", "featurecode", "fcode", "feature_type", "type", "site_type",
                 "class")  # fmt: skip
_COUNTRY_COLUMNS = ("country_code", "countrycode", "iso2", "cc", "iso_a2", "admin0pcode")
_PCODE_COLUMNS = ("pcode", "p_code", "admin4pcode", "admin3pcode", "ppl_pcode", "site_pcode")
_ALT_SEPARATORS = ("|", ";", ",")
# Feature types as datasets write them, to GeoNames feature codes.
_TYPES = {
    "camp": "CMP", "idp camp": "CMP", "refugee camp": "CMP", "settlement": "PPL",
    "informal settlement": "PPLL", "village": "PPL", "town": "PPL", "city": "PPL",
    "hamlet": "PPL", "neighbourhood": "PPLX", "neighborhood": "PPLX", "district": "ADM2",
    "sub-district": "ADM3", "subdistrict": "ADM3", "road": "RD", "highway": "RD", "river": "STM",
    "checkpoint": "CHKP", "crossing": "PSTB", "border crossing": "PSTB", "airport": "AIRP",
    "hospital": "HSP", "school": "SCH", "mountain": "MT", "plain": "PLN", "valley": "VAL",
    "region": "RGN", "area": "AREA",
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One named place of a gazetteer file."""

    name: str
    lat: float
    lon: float
    feature_code: str = "PPL"
    country_code: str = ""
    admin1_code: str = ""
    population: int = 0
    geonameid: int | None = None  # GeoNames' own id; None for other datasets
    alternates: tuple[str, ...] = ()
    shape: bytes | None = None  # WKB of a line or an area
    note: str = ""  # what the dataset says besides (its P-code)


def read_entries(path: Path, *, countries: frozenset[str] | None = None) -> Iterator[Entry]:
    """The entries of a gazetteer file, by its format (see the module's docstring).

    Raises
    ------
    InputError
        Unknown suffix, unreadable file, no name or coordinate columns, a broken line.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    check_regular_file(path, limit=MAX_DUMP_BYTES, name=path.name)  # never a pipe or a folder
    if suffix not in SUFFIXES:
        raise InputError(
            path.name,
            f"unknown gazetteer format {suffix or '(no suffix)'}; use {', '.join(SUFFIXES)}",
        )
    if suffix == ".zip":
        yield from _geonames_zip(path, countries)
    elif suffix in (".txt", ".tsv"):
        with path.open("rb") as raw:
            yield from _geonames_lines(path.name, raw, countries)
    elif suffix == ".csv":
        yield from _csv_points(path, countries)
    else:
        yield from _layer_points(path, countries)


def _geonames_zip(path: Path, countries: frozenset[str] | None) -> Iterator[Entry]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InputError(path.name, f"is not a zip archive ({exc})") from None
    with archive:
        inside = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        if len(inside) != 1:
            raise InputError(path.name, "should hold one GeoNames .txt file (and its readme)")
        with archive.open(inside[0]) as raw:
            yield from _geonames_lines(f"{path.name}/{inside[0]}", raw, countries)


def _geonames_lines(name: str, raw: IO[bytes], countries: frozenset[str] | None) -> Iterator[Entry]:
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    number = 0
    try:
        for number, line in enumerate(text, start=1):
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) != 19:
                if number == 1:
                    raise InputError(
                        name, f"is not a GeoNames dump (line 1 has {len(cells)} columns, not 19)"
                    )
                raise InputError(f"{name} line {number}", f"{len(cells)} columns, not 19")
            cc = cells[8]
            if countries is not None and cc not in countries:
                continue
            yield _geonames_entry(name, number, cells)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} line {number + 1}", f"is not UTF-8 ({exc.reason})") from None


def _geonames_entry(name: str, number: int, cells: list[str]) -> Entry:
    try:
        geonameid, lat, lon = int(cells[0]), float(cells[4]), float(cells[5])
        population = int(cells[14] or 0)
    except ValueError as exc:
        raise InputError(
            f"{name} line {number}", f"unreadable id, coordinates or population ({exc})"
        ) from None
    _check_point(f"{name} line {number}", lat, lon)
    alternates = tuple(a for a in cells[3].split(",") if a) + ((cells[2],) if cells[2] else ())
    return Entry(
        name=cells[1],
        lat=lat,
        lon=lon,
        feature_code=cells[7] or "PPL",
        country_code=cells[8],
        admin1_code=cells[10],
        population=population,
        geonameid=geonameid,
        alternates=alternates,
    )


def _check_point(where: str, lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(where, f"coordinates out of range (lat {lat}, lon {lon})")


def _pick(columns: list[str], exact: tuple[str, ...], endings: tuple[str, ...] = ()) -> str | None:
    lowered = {c.strip().lower(): c for c in columns}
    for want in exact:
        if want in lowered:
            return lowered[want]
    for ending in endings:
        for low, original in lowered.items():
            if low.endswith(ending) and not low.startswith(("admin1", "admin2", "admin0")):
                return original
    return None


def _alternates(value: object) -> tuple[str, ...]:
    text = str(value or "").strip()
    if not text:
        return ()
    sep = next((s for s in _ALT_SEPARATORS if s in text), None)
    return tuple(p.strip() for p in (text.split(sep) if sep else [text]) if p.strip())


def _feature_code(value: object, default: str) -> str:
    text = str(value or "").strip()
    if not text:
        return default
    if text.isupper() and text.isalpha() and len(text) <= 5:
        return text  # a GeoNames feature code already
    return _TYPES.get(text.lower(), default)


def _csv_points(path: Path, countries: frozenset[str] | None) -> Iterator[Entry]:
    table = read_csv(path.name, decode(path.name, read_file_bytes(path, name=path.name)))
    columns = table.columns
    hxl = bool(table.rows) and all(c.strip().startswith("#") for c in table.rows[0][1] if c.strip())
    rows = table.rows[1:] if hxl else table.rows
    name_col = _pick(columns, _NAME_COLUMNS, _NAME_ENDINGS)
    lat_col, lon_col = _pick(columns, _LAT_COLUMNS), _pick(columns, _LON_COLUMNS)
    if name_col is None or lat_col is None or lon_col is None:
        missing = [
            w for w, c in (("name", name_col), ("lat", lat_col), ("lon", lon_col)) if c is None
        ]
        raise InputError(
            path.name, f"no {' and no '.join(missing)} column; columns are: {', '.join(columns)}"
        )
    index = {c: i for i, c in enumerate(columns)}
    alt_col, type_col = _pick(columns, _ALT_COLUMNS), _pick(columns, _TYPE_COLUMNS)
    cc_col, pcode_col = _pick(columns, _COUNTRY_COLUMNS), _pick(columns, _PCODE_COLUMNS)

    def cell(cells: list[str], column: str | None) -> str:
        return cells[index[column]].strip() if column is not None else ""

    for line, cells in rows:
        where = f"{path.name} line {line}"
        name = cell(cells, name_col)
        if not name:
            continue
        try:
            lat, lon = float(cell(cells, lat_col)), float(cell(cells, lon_col))
        except ValueError:
            raise InputError(where, "unreadable lat/lon") from None
        _check_point(where, lat, lon)
        cc = cell(cells, cc_col).upper()[:2]
        if countries is not None and cc and cc not in countries:
            continue
        pcode = cell(cells, pcode_col)
        yield Entry(
            name=name,
            lat=lat,
            lon=lon,
            feature_code=_feature_code(cell(cells, type_col), "PPL"),
            country_code=cc,
            alternates=_alternates(cell(cells, alt_col)),
            note=f"P-code {pcode}" if pcode else "",
        )


def _layer_points(path: Path, countries: frozenset[str] | None) -> Iterator[Entry]:
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise InputError(
            path.name, f"cannot be read as a GeoJSON or GeoPackage layer ({exc})"
        ) from None
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    columns = [str(c) for c in frame.columns if c != "geometry"]
    name_col = _pick(columns, _NAME_COLUMNS, _NAME_ENDINGS)
    if name_col is None:
        raise InputError(path.name, f"no name property; properties are: {', '.join(columns)}")
    alt_col, type_col = _pick(columns, _ALT_COLUMNS), _pick(columns, _TYPE_COLUMNS)
    cc_col, pcode_col = _pick(columns, _COUNTRY_COLUMNS), _pick(columns, _PCODE_COLUMNS)
    records = frame.drop(columns="geometry").to_dict("records")
    for number, (record, geometry) in enumerate(zip(records, frame.geometry, strict=True), 1):
        name = str(record.get(name_col) or "").strip()
        if not name or geometry is None or geometry.is_empty:
            continue
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        _check_point(f"{path.name} feature {number}", point.y, point.x)
        cc = str(record.get(cc_col) or "").upper()[:2] if cc_col else ""
        if countries is not None and cc and cc not in countries:
            continue
        area = geometry.geom_type not in ("Point", "MultiPoint")
        default = "RD" if "Line" in geometry.geom_type else ("AREA" if area else "PPL")
        pcode = str(record.get(pcode_col) or "").strip() if pcode_col else ""
        yield Entry(
            name=name,
            lat=float(point.y),
            lon=float(point.x),
            feature_code=_feature_code(record.get(type_col) if type_col else "", default),
            country_code=cc,
            alternates=_alternates(record.get(alt_col) if alt_col else ""),
            shape=shapely.to_wkb(geometry) if area else None,
            note=f"P-code {pcode}" if pcode else "",
        )

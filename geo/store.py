"""Where ingested articles and their features live: a GeoPackage file by default, PostGIS for
a shared server, both behind one :class:`Store` interface picked by :func:`open_store`.

Guarantees, in both stores:

- Idempotent: a document id is a content hash (``extract.documents.document_id``); adding a
  document already stored changes nothing, and its features are never stored twice (they are
  keyed by ``(doc_id, seq)``).
- Atomic: :meth:`Store.add` writes documents and their features in one transaction, so a crash
  or ``kill -9`` leaves every document either stored with all its features or absent.
- Concurrent writers lose nothing: SQLite takes the write lock up front (``BEGIN IMMEDIATE``,
  with a busy timeout); PostgreSQL inserts with ``ON CONFLICT DO NOTHING``.
- Reads filter in the database by date overlap, kind and bounding box (an R*Tree over space and
  time in the GeoPackage; GiST indexes on geometry and date range in PostGIS).
- One store object may be shared by threads (the app shares one per URL between browser
  sessions): each call holds the store's lock, so transactions never interleave.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
import struct
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, Final, ParamSpec, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import pandas as pd
import shapely

from extract.records import Document
from geo.frames import CRS, as_timestamps, empty_features
from geo.schema import FEATURE_COLUMNS

__all__ = [
    "DEFAULT_STORE",
    "AddResult",
    "BBox",
    "GeoPackageStore",
    "PostGISStore",
    "Store",
    "StoreError",
    "default_store_path",
    "open_store",
]

DEFAULT_STORE: Final = Path(__file__).resolve().parent.parent / "data" / "store" / "atlas.gpkg"

BBox = tuple[float, float, float, float]
"""(min lon, min lat, max lon, max lat) in WGS84."""

DATE_COLUMNS: Final = ("start", "end", "published")
INTEGER_COLUMNS: Final = (
    "geonameid",
    "mentions",
    "char_start",
    "char_end",
    "geo_precision",
    "time_precision",
)
REAL_COLUMNS: Final = ("lon", "lat", "value", "low", "high")
DOCUMENT_COLUMNS: Final = (
    "id",
    "title",
    "url",
    "published",
    "source",
    "origin",
    "text_hash",
    "ingested_at",
    "features",
)


_P = ParamSpec("_P")
_R = TypeVar("_R")
_S = TypeVar("_S", bound="Store")


def _locked(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Run ``method`` holding the store's lock (one connection, many threads)."""

    @functools.wraps(method)
    def run(self: _S, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


class StoreError(RuntimeError):
    """A store that cannot be opened or written; the message says which and why."""


@dataclass(frozen=True)
class AddResult:
    """What one :meth:`Store.add` changed: new documents and features, and documents skipped
    because they were stored already (by an earlier ingest or a concurrent writer)."""

    documents: int
    features: int
    skipped: int
    ids: tuple[str, ...] = ()  # the documents stored by this call


class Store(ABC):
    """Documents and their features, read back filtered by dates, kinds and a bounding box."""

    url: str
    _lock: threading.RLock

    @abstractmethod
    def add(self, documents: Sequence[Document], features: gpd.GeoDataFrame) -> AddResult:
        """Store ``documents`` with their ``features`` (rows whose ``doc_id`` is one of them) in
        one transaction; documents stored already, and their features, are left as they are."""

    @abstractmethod
    def replace(self, document: Document, features: gpd.GeoDataFrame) -> AddResult:
        """Store ``document`` (new, or a new version of a stored one: same id, other metadata
        such as its publication date) with ``features`` in place of any it had, in one
        transaction: a failure leaves the document and its old features as they were."""

    @abstractmethod
    def date_range(self) -> tuple[date, date] | None:
        """The earliest and latest day any stored feature touches, None with no dated ones."""

    @abstractmethod
    def known(self, ids: Iterable[str]) -> set[str]:
        """The ones among document ``ids`` that are stored already."""

    @abstractmethod
    def read(
        self,
        since: date | None = None,
        until: date | None = None,
        kinds: Iterable[str] | None = None,
        bbox: BBox | None = None,
        *,
        keep_undated: bool = True,
    ) -> gpd.GeoDataFrame:
        """Features (geo.schema columns) whose [start, end] overlaps [since, until], of one of
        ``kinds``, inside ``bbox``. As in ``geo.frames.filter_by_dates``, a feature with one date
        is that day, and undated features are kept unless ``keep_undated`` is False."""

    @abstractmethod
    def documents(self, *, with_text: bool = False) -> pd.DataFrame:
        """Stored documents, one row each (id, title, url, published, source, origin,
        text_hash, ingested_at, features), oldest ingest first."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Stored features per kind, plus ``"documents"``."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def default_store_path() -> Path:
    """The embedded store: data/store/atlas.gpkg in the project (git-ignored by a .gitignore
    the store writes into data/store)."""
    return DEFAULT_STORE


def open_store(url_or_path: str | Path | None = None) -> Store:
    """The store at ``url_or_path``: ``postgresql://`` (or ``postgres://``) URLs open PostGIS
    (``?schema=NAME`` keeps its tables in that schema); anything else is a GeoPackage path
    (``gpkg://`` or ``file://`` prefixes allowed); None is :func:`default_store_path`."""
    if url_or_path is None:
        return GeoPackageStore(default_store_path())
    text = str(url_or_path)
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        return PostGISStore(text)
    if scheme in ("gpkg", "file", "sqlite"):
        return GeoPackageStore(Path(text.split("://", 1)[1]))
    if scheme:
        raise StoreError(f"{text}: unknown store scheme {scheme!r} (use a path or postgresql://)")
    return GeoPackageStore(Path(text))


# -- rows shared by both stores ------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    """A date (date, Timestamp, ISO string) as 'YYYY-MM-DD', or None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp.date().isoformat()


def _number(value: Any, integer: bool) -> int | float | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:
        return None
    return round(number) if integer else number


def _column(values: pd.Series, name: str) -> list[Any]:
    """One schema column as plain Python values (None where missing), vectorised."""
    if name in DATE_COLUMNS:
        text = as_timestamps(values).dt.strftime("%Y-%m-%d")
    elif name in INTEGER_COLUMNS or name in REAL_COLUMNS:
        numbers = pd.to_numeric(values, errors="coerce")
        if name in INTEGER_COLUMNS:
            numbers = numbers.round().astype("Int64")
        text = numbers.astype(object)
    else:
        text = values.astype(object).map(lambda v: v if isinstance(v, str) else str(v))
    return [None if pd.isna(v) else v for v in text.astype(object).where(values.notna(), None)]


def _feature_rows(features: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Schema rows with plain Python values, a sequence number within each document, and the
    geometry (a point at lon/lat where it has none; None when neither is known)."""
    if features.empty:
        return []
    frame = features
    if frame.crs is not None and frame.crs != CRS:
        frame = frame.to_crs(CRS)
    frame = frame.reset_index(drop=True)
    missing = pd.Series(None, index=frame.index, dtype=object)
    columns = {
        name: _column(frame[name] if name in frame.columns else missing, name)
        for name in FEATURE_COLUMNS
    }
    if any(not doc_id for doc_id in columns["doc_id"]):
        raise ValueError("every stored feature needs the doc_id of the document it is from")
    columns["seq"] = frame.groupby(frame["doc_id"].astype(str), sort=False).cumcount().tolist()
    geometry = frame.geometry.array
    absent = geometry.isna() | geometry.is_empty
    lon = pd.to_numeric(frame.get("lon", missing), errors="coerce")
    lat = pd.to_numeric(frame.get("lat", missing), errors="coerce")
    points = shapely.points(lon.to_numpy(float), lat.to_numpy(float))
    placed = (lon.notna() & lat.notna()).to_numpy()
    shapes = [
        (point if ok else None) if gone else shape
        for shape, gone, point, ok in zip(geometry, absent, points, placed, strict=True)
    ]
    columns["geometry"] = shapes
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _document_row(document: Document, features: int, now: str) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "published": _iso(document.published),
        "source": document.source,
        "origin": document.origin,
        "text_hash": hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        "ingested_at": now,
        "features": features,
        "text": document.text,
    }


def _check_features(documents: Sequence[Document], rows: Sequence[dict[str, Any]]) -> None:
    ids = {d.id for d in documents}
    strays = {row["doc_id"] for row in rows} - ids
    if strays:
        shown = ", ".join(sorted(strays)[:3])
        raise ValueError(f"features of documents not being added: {shown}")


def _frame(rows: Sequence[dict[str, Any]], geometries: Sequence[Any]) -> gpd.GeoDataFrame:
    """A features frame from stored rows: dates back to ``datetime.date``, object columns."""
    if not rows:
        return empty_features()
    table = pd.DataFrame(list(rows), columns=list(FEATURE_COLUMNS), dtype=object)
    for column in DATE_COLUMNS:
        days = as_timestamps(table[column])
        table[column] = pd.Series(
            [None if pd.isna(d) else d.date() for d in days], index=table.index, dtype=object
        )
    table = table.where(table.notna(), None)
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(list(geometries), crs=CRS), crs=CRS)


def _bounds(row: Sequence[Any] | None) -> tuple[date, date] | None:
    """(earliest, latest) of a row (min start, min end, max start, max end), None if undated."""
    days = [date.fromisoformat(v) if isinstance(v, str) else v for v in (row or ())]
    low = [d for d in days[:2] if d is not None]
    high = [d for d in days[2:] if d is not None]
    if not low or not high:
        return None
    return min(low), max(high)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _kinds(kinds: Iterable[str] | None) -> list[str] | None:
    return None if kinds is None else sorted(set(kinds))


# -- GeoPackage --------------------------------------------------------------------------------

_GPKG_APPLICATION_ID: Final = 0x47504B47  # "GPKG"
_GPKG_USER_VERSION: Final = 10400
_SRS_4326: Final = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
_SQL_TYPES: Final = {
    **dict.fromkeys(DATE_COLUMNS, "DATE"),
    **dict.fromkeys(INTEGER_COLUMNS, "INTEGER"),
    **dict.fromkeys(REAL_COLUMNS, "REAL"),
}
# R*Tree stand-ins: undated features span all time, features without geometry sit far outside
# any bounding box a user can draw (so a bbox filter drops them, no bbox keeps them).
_ALL_TIME: Final = (-1.0e8, 1.0e8)
_NOWHERE: Final = 1.0e7
_EVERYWHERE: Final = (-1.0e8, 1.0e8)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _gpkg_blob(geometry: Any) -> bytes | None:
    """A GeoPackage geometry blob: 'GP' header (SRS 4326, xy envelope) followed by WKB."""
    if geometry is None:
        return None
    if geometry.is_empty:
        return b"GP\x00\x11" + struct.pack("<i", 4326) + shapely.to_wkb(geometry)
    minx, miny, maxx, maxy = geometry.bounds
    header = b"GP\x00\x03" + struct.pack("<i4d", 4326, minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geometry)


_ENVELOPE_BYTES: Final = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _wkb_of(blob: bytes | None) -> bytes | None:
    if blob is None:
        return None
    flags = blob[3]
    return blob[8 + _ENVELOPE_BYTES.get((flags >> 1) & 0x07, 0) :]


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run ``sql``'s statements in the open transaction (``executescript`` would commit it)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _day(value: str | None) -> float | None:
    return None if value is None else float(date.fromisoformat(value).toordinal())


class GeoPackageStore(Store):
    """A GeoPackage file any GIS opens: a ``features`` layer and a ``documents`` table.

    Writes go through sqlite3 in WAL mode, one ``BEGIN IMMEDIATE`` transaction per
    :meth:`add`. An R*Tree (``atlas_features_index``: lon, lat and day numbers) serves reads.
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path).expanduser()
        self.url = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.resolve().parent == DEFAULT_STORE.parent:
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._create()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a store I can open ({err})") from None

    def _create(self) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'atlas_features_index'"
            ).fetchone()
            if exists is None:
                self._create_tables()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _create_tables(self) -> None:
        db = self._db
        db.execute(f"PRAGMA application_id = {_GPKG_APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {_GPKG_USER_VERSION}")
        _script(
            db,
            """
            CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
                srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
                organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
                definition TEXT NOT NULL, description TEXT);
            CREATE TABLE IF NOT EXISTS gpkg_contents (
                table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
                identifier TEXT UNIQUE, description TEXT DEFAULT '',
                last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
                srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
                table_name TEXT NOT NULL, column_name TEXT NOT NULL,
                geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
                z TINYINT NOT NULL, m TINYINT NOT NULL,
                CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
            """,
        )
        db.executemany(
            "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", None),
                ("Undefined geographic SRS", 0, "NONE", 0, "undefined", None),
                ("WGS 84 geodetic", 4326, "EPSG", 4326, _SRS_4326, None),
            ],
        )
        columns = ",\n".join(
            f"{_quote(c)} {_SQL_TYPES.get(c, 'TEXT')}" + (" NOT NULL" if c == "doc_id" else "")
            for c in FEATURE_COLUMNS
        )
        _script(
            db,
            f"""
            CREATE TABLE features (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                geom GEOMETRY,
                {columns},
                seq INTEGER NOT NULL,
                UNIQUE (doc_id, seq));
            CREATE INDEX features_kind ON features (kind);
            CREATE INDEX features_dates ON features ("start", "end");
            CREATE TABLE documents (
                fid INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE, title TEXT, url TEXT, published DATE, source TEXT,
                origin TEXT, text_hash TEXT NOT NULL, ingested_at DATETIME NOT NULL,
                features INTEGER NOT NULL, text TEXT);
            CREATE VIRTUAL TABLE atlas_features_index
                USING rtree(id, minx, maxx, miny, maxy, t0, t1);
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                VALUES ('features', 'features', 'features',
                        'Dispatch Atlas features (geo.schema)', 4326),
                       ('documents', 'attributes', 'documents', 'ingested articles', 0);
            INSERT INTO gpkg_geometry_columns VALUES ('features', 'geom', 'GEOMETRY', 4326, 0, 0);
            """,
        )

    # writes

    @_locked
    def add(self, documents: Sequence[Document], features: gpd.GeoDataFrame) -> AddResult:
        rows = _feature_rows(features)
        _check_features(documents, rows)
        per_doc: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            per_doc.setdefault(row["doc_id"], []).append(row)
        unique = list({d.id: d for d in documents}.values())
        now = _now()
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            new: list[str] = []
            for document in unique:
                record = _document_row(document, len(per_doc.get(document.id, ())), now)
                cursor = db.execute(
                    "INSERT INTO documents (id, title, url, published, source, origin, text_hash,"
                    " ingested_at, features, text) VALUES (:id, :title, :url, :published,"
                    " :source, :origin, :text_hash, :ingested_at, :features, :text)"
                    " ON CONFLICT (id) DO NOTHING",
                    record,
                )
                if cursor.rowcount == 1:
                    new.append(document.id)
            written = [row for doc_id in new for row in per_doc.get(doc_id, ())]
            self._insert_features(written)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return AddResult(len(new), len(written), len(unique) - len(new), tuple(new))

    @_locked
    def replace(self, document: Document, features: gpd.GeoDataFrame) -> AddResult:
        rows = _feature_rows(features)
        _check_features([document], rows)
        record = _document_row(document, len(rows), _now())
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "DELETE FROM atlas_features_index WHERE id IN"
                " (SELECT fid FROM features WHERE doc_id = ?)",
                (document.id,),
            )
            db.execute("DELETE FROM features WHERE doc_id = ?", (document.id,))
            db.execute(
                "INSERT INTO documents (id, title, url, published, source, origin, text_hash,"
                " ingested_at, features, text) VALUES (:id, :title, :url, :published,"
                " :source, :origin, :text_hash, :ingested_at, :features, :text)"
                " ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url,"
                " published = excluded.published, source = excluded.source,"
                " origin = excluded.origin, text_hash = excluded.text_hash,"
                " features = excluded.features, text = excluded.text",
                record,
            )
            self._insert_features(rows)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return AddResult(1, len(rows), 0, (document.id,))

    def _insert_features(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        db = self._db
        (last,) = db.execute("SELECT coalesce(max(fid), 0) FROM features").fetchone()
        names = ["fid", "geom", *FEATURE_COLUMNS, "seq"]
        placeholders = ", ".join("?" for _ in names)
        values = []
        index = []
        for fid, row in enumerate(rows, start=last + 1):
            geometry = row["geometry"]
            values.append(
                (fid, _gpkg_blob(geometry), *(row[c] for c in FEATURE_COLUMNS), row["seq"])
            )
            t0 = _day(row["start"] or row["end"])
            t1 = _day(row["end"] or row["start"])
            if t0 is None or t1 is None:
                t0, t1 = _ALL_TIME
            elif t0 > t1:
                t0, t1 = t1, t0
            if geometry is None:
                minx = maxx = miny = maxy = _NOWHERE
            else:
                minx, miny, maxx, maxy = geometry.bounds
            index.append((fid, minx, maxx, miny, maxy, t0, t1))
        columns = ", ".join(_quote(n) for n in names)
        db.executemany(f"INSERT INTO features ({columns}) VALUES ({placeholders})", values)
        db.executemany("INSERT INTO atlas_features_index VALUES (?, ?, ?, ?, ?, ?, ?)", index)
        db.execute(
            "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
            " min_x = min(coalesce(min_x, 180), ?), max_x = max(coalesce(max_x, -180), ?),"
            " min_y = min(coalesce(min_y, 90), ?), max_y = max(coalesce(max_y, -90), ?)"
            " WHERE table_name = 'features'",
            _extent([row["geometry"] for row in rows]),
        )

    # reads

    @_locked
    def known(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(
                r[0]
                for r in self._db.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
            )
        return found

    @_locked
    def read(
        self,
        since: date | None = None,
        until: date | None = None,
        kinds: Iterable[str] | None = None,
        bbox: BBox | None = None,
        *,
        keep_undated: bool = True,
    ) -> gpd.GeoDataFrame:
        where: list[str] = []
        params: list[Any] = []
        index: list[str] = []
        if since is not None or until is not None:
            low = float(since.toordinal()) if since is not None else _ALL_TIME[0]
            high = float(until.toordinal()) if until is not None else _ALL_TIME[1]
            if low > high:
                low, high = high, low
                since, until = until, since
            index += ["i.t1 >= ?", "i.t0 <= ?"]
            params += [low, high]
        if bbox is not None:
            minx, miny, maxx, maxy = bbox
            index += ["i.maxx >= ?", "i.minx <= ?", "i.maxy >= ?", "i.miny <= ?"]
            params += [minx, maxx, miny, maxy]
        # The R*Tree stores 32-bit floats rounded outwards; the exact test follows on the row.
        if since is not None or until is not None:
            first = 'coalesce(f."start", f."end")'
            last = 'coalesce(f."end", f."start")'
            dated = []
            if until is not None:
                dated.append(f"{first} <= ?")
                params.append(until.isoformat())
            if since is not None:
                dated.append(f"{last} >= ?")
                params.append(since.isoformat())
            clause = " AND ".join(dated)
            where.append(f"(({clause}) OR {first} IS NULL)" if keep_undated else clause)
        if not keep_undated:
            where.append('coalesce(f."start", f."end") IS NOT NULL')
        if bbox is not None:
            where.append("f.geom IS NOT NULL")
        wanted = _kinds(kinds)
        if wanted is not None:
            where.append(f"f.kind IN ({', '.join('?' for _ in wanted)})")
            params += wanted
        names = ", ".join(f"f.{_quote(c)}" for c in FEATURE_COLUMNS)
        source = "features f"
        if index:
            source = "atlas_features_index i JOIN features f ON f.fid = i.id AND " + " AND ".join(
                index
            )
        sql = f"SELECT {names}, f.geom FROM {source}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY f.fid"
        fetched = self._db.execute(sql, params).fetchall()
        rows = [dict(zip(FEATURE_COLUMNS, r[:-1], strict=True)) for r in fetched]
        geometries = shapely.from_wkb([_wkb_of(r[-1]) for r in fetched]) if fetched else []
        return _frame(rows, list(geometries))

    @_locked
    def documents(self, *, with_text: bool = False) -> pd.DataFrame:
        columns = [*DOCUMENT_COLUMNS, "text"] if with_text else list(DOCUMENT_COLUMNS)
        names = ", ".join(_quote(c) for c in columns)
        fetched = self._db.execute(f"SELECT {names} FROM documents ORDER BY fid").fetchall()
        table = pd.DataFrame.from_records(fetched, columns=columns)
        table["published"] = [
            date.fromisoformat(v) if isinstance(v, str) else None for v in table["published"]
        ]
        return table

    @_locked
    def date_range(self) -> tuple[date, date] | None:
        row = self._db.execute(
            'SELECT min("start"), min("end"), max("start"), max("end") FROM features'
        ).fetchone()
        return _bounds(row)

    @_locked
    def counts(self) -> dict[str, int]:
        found = dict(self._db.execute("SELECT kind, count(*) FROM features GROUP BY kind"))
        (documents,) = self._db.execute("SELECT count(*) FROM documents").fetchone()
        return {**{str(k): int(v) for k, v in found.items()}, "documents": int(documents)}

    @_locked
    def close(self) -> None:
        self._db.close()


def _extent(geometries: Sequence[Any]) -> tuple[float, float, float, float]:
    shapes = [g for g in geometries if g is not None and not g.is_empty]
    if not shapes:
        return (180.0, -180.0, 90.0, -90.0)
    minx, miny, maxx, maxy = shapely.total_bounds(shapes)
    return (float(minx), float(maxx), float(miny), float(maxy))


# -- PostGIS -----------------------------------------------------------------------------------

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_PG_TYPES: Final = {
    **dict.fromkeys(DATE_COLUMNS, "date"),
    **dict.fromkeys(INTEGER_COLUMNS, "bigint"),
    **dict.fromkeys(REAL_COLUMNS, "double precision"),
}
_LOCK_KEY: Final = 0x41744C53  # pg_advisory_xact_lock key taken while creating the tables


def _split_schema(url: str) -> tuple[str, str | None]:
    """The libpq URL without our ``schema`` query parameter, and that schema."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    scheme = "postgresql" if parts.scheme.startswith("postgres") else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, rest, parts.fragment)), schema


class PostGISStore(Store):
    """Tables ``documents`` and ``features`` (geometry(Geometry, 4326) with a GiST index, and a
    GiST-indexed ``span`` daterange) in a PostgreSQL database with PostGIS."""

    def __init__(self, url: str, *, schema: str | None = None) -> None:
        import psycopg

        dsn, from_url = _split_schema(url)
        self.schema = schema or from_url or "public"
        if not _SCHEMA_NAME.fullmatch(self.schema):
            raise StoreError(f"schema {self.schema!r}: use lower-case letters, digits and _")
        self.url = url
        self._lock = threading.RLock()
        try:
            self._db = psycopg.connect(dsn, autocommit=False, connect_timeout=10)
        except psycopg.OperationalError as err:
            shown = urlsplit(dsn)._replace(netloc=urlsplit(dsn).hostname or "").geturl()
            raise StoreError(f"{shown}: cannot connect to PostgreSQL ({err})".strip()) from None
        self._create()

    def _create(self) -> None:
        schema = self.schema
        columns = ",\n".join(
            f"{_quote(c)} {_PG_TYPES.get(c, 'text')}" + (" NOT NULL" if c == "doc_id" else "")
            for c in FEATURE_COLUMNS
        )
        first = 'coalesce("start", "end")'
        last = 'coalesce("end", "start")'
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
            if cur.fetchone() is None:
                cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {_quote(schema)}")
            cur.execute(f"SET LOCAL search_path TO {_quote(schema)}, public")
            cur.execute(
                f"""
                CREATE TABLE IF NOT EXISTS documents (
                    fid bigserial PRIMARY KEY, id text NOT NULL UNIQUE, title text, url text,
                    published date, source text, origin text, text_hash text NOT NULL,
                    ingested_at timestamptz NOT NULL, features integer NOT NULL, text text);
                CREATE TABLE IF NOT EXISTS features (
                    fid bigserial PRIMARY KEY,
                    geom geometry(Geometry, 4326),
                    {columns},
                    seq integer NOT NULL,
                    span daterange GENERATED ALWAYS AS (CASE WHEN {first} IS NULL
                        THEN daterange(NULL, NULL)
                        ELSE daterange(least({first}, {last}), greatest({first}, {last}), '[]')
                        END) STORED,
                    UNIQUE (doc_id, seq));
                CREATE INDEX IF NOT EXISTS features_geom ON features USING gist (geom);
                CREATE INDEX IF NOT EXISTS features_span ON features USING gist (span);
                CREATE INDEX IF NOT EXISTS features_kind ON features (kind);
                """
            )
        self._set_path()

    def _set_path(self) -> None:
        with self._db.cursor() as cur:
            cur.execute(f"SET search_path TO {_quote(self.schema)}, public")
        self._db.commit()

    @_locked
    def add(self, documents: Sequence[Document], features: gpd.GeoDataFrame) -> AddResult:
        rows = _feature_rows(features)
        _check_features(documents, rows)
        per_doc: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            per_doc.setdefault(row["doc_id"], []).append(row)
        unique = list({d.id: d for d in documents}.values())
        now = _now()
        records = [_document_row(d, len(per_doc.get(d.id, ())), now) for d in unique]
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute(
                "INSERT INTO documents (id, title, url, published, source, origin, text_hash,"
                " ingested_at, features, text)"
                " SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::date[],"
                " %s::text[], %s::text[], %s::text[], %s::timestamptz[], %s::int[], %s::text[])"
                " ON CONFLICT (id) DO NOTHING RETURNING id",
                [[r[c] for r in records] for c in (*DOCUMENT_COLUMNS, "text")],
            )
            new = [r[0] for r in cur.fetchall()]
            written = [row for doc_id in new for row in per_doc.get(doc_id, ())]
            if written:
                self._insert_features(cur, written)
        return AddResult(len(new), len(written), len(unique) - len(new), tuple(new))

    @_locked
    def replace(self, document: Document, features: gpd.GeoDataFrame) -> AddResult:
        rows = _feature_rows(features)
        _check_features([document], rows)
        record = _document_row(document, len(rows), _now())
        names = [*DOCUMENT_COLUMNS, "text"]
        updated = ", ".join(
            f"{_quote(c)} = excluded.{_quote(c)}" for c in names if c not in ("id", "ingested_at")
        )
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute("DELETE FROM features WHERE doc_id = %s", (document.id,))
            cur.execute(
                f"INSERT INTO documents ({', '.join(_quote(c) for c in names)})"
                f" VALUES ({', '.join('%s' for _ in names)})"
                f" ON CONFLICT (id) DO UPDATE SET {updated}",
                [record[c] for c in names],
            )
            if rows:
                self._insert_features(cur, rows)
        return AddResult(1, len(rows), 0, (document.id,))

    def _insert_features(self, cur: Any, rows: Sequence[dict[str, Any]]) -> None:
        names = [*FEATURE_COLUMNS, "seq"]
        casts = [f"{_PG_TYPES.get(c, 'text')}[]" for c in FEATURE_COLUMNS] + ["int[]"]
        arrays = [[row[c] for row in rows] for c in names]
        wkb = [None if row["geometry"] is None else shapely.to_wkb(row["geometry"]) for row in rows]
        selects = ", ".join(f"%s::{cast}" for cast in casts)
        columns = ", ".join(_quote(n) for n in names)
        picked = ", ".join(f"t.{_quote(n)}" for n in names)
        cur.execute(
            f"INSERT INTO features (geom, {columns})"
            f" SELECT ST_SetSRID(ST_GeomFromWKB(t.g), 4326), {picked}"
            f" FROM unnest(%s::bytea[], {selects})"
            f" AS t(g, {columns}) ON CONFLICT (doc_id, seq) DO NOTHING",
            [wkb, *arrays],
        )

    @_locked
    def known(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        with self._db.cursor() as cur:
            cur.execute("SELECT id FROM documents WHERE id = ANY(%s)", (wanted,))
            found = {r[0] for r in cur.fetchall()}
        self._db.commit()
        return found

    @_locked
    def read(
        self,
        since: date | None = None,
        until: date | None = None,
        kinds: Iterable[str] | None = None,
        bbox: BBox | None = None,
        *,
        keep_undated: bool = True,
    ) -> gpd.GeoDataFrame:
        where: list[str] = []
        params: list[Any] = []
        if since is not None or until is not None:
            if since is not None and until is not None and since > until:
                since, until = until, since
            where.append("span && daterange(%s, %s, '[]')")
            params += [since, until]
        if not keep_undated:
            where.append('coalesce("start", "end") IS NOT NULL')
        if bbox is not None:
            where.append("geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)")
            params += list(bbox)
        wanted = _kinds(kinds)
        if wanted is not None:
            where.append("kind = ANY(%s)")
            params.append(wanted)
        names = ", ".join(_quote(c) for c in FEATURE_COLUMNS)
        sql = f"SELECT {names}, ST_AsBinary(geom) FROM features"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY fid"
        with self._db.cursor() as cur:
            cur.execute(sql, params)
            fetched = cur.fetchall()
        self._db.commit()
        rows = [dict(zip(FEATURE_COLUMNS, r[:-1], strict=True)) for r in fetched]
        geometries = (
            shapely.from_wkb([None if r[-1] is None else bytes(r[-1]) for r in fetched])
            if fetched
            else []
        )
        return _frame(rows, list(geometries))

    @_locked
    def documents(self, *, with_text: bool = False) -> pd.DataFrame:
        columns = [*DOCUMENT_COLUMNS, "text"] if with_text else list(DOCUMENT_COLUMNS)
        names = ", ".join(_quote(c) for c in columns)
        with self._db.cursor() as cur:
            cur.execute(f"SELECT {names} FROM documents ORDER BY fid")
            fetched = cur.fetchall()
        self._db.commit()
        table = pd.DataFrame.from_records(fetched, columns=columns)
        table["ingested_at"] = [v.isoformat(timespec="seconds") for v in table["ingested_at"]]
        return table

    @_locked
    def date_range(self) -> tuple[date, date] | None:
        with self._db.cursor() as cur:
            cur.execute('SELECT min("start"), min("end"), max("start"), max("end") FROM features')
            row = cur.fetchone()
        self._db.commit()
        return _bounds(row)

    @_locked
    def counts(self) -> dict[str, int]:
        with self._db.cursor() as cur:
            cur.execute("SELECT kind, count(*) FROM features GROUP BY kind")
            found = {str(k): int(v) for k, v in cur.fetchall()}
            cur.execute("SELECT count(*) FROM documents")
            row = cur.fetchone()
        self._db.commit()
        return {**found, "documents": int(row[0]) if row else 0}

    @_locked
    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests use a schema each)."""
        if self.schema == "public":
            raise StoreError("refusing to drop the public schema")
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {_quote(self.schema)} CASCADE")

    @_locked
    def close(self) -> None:
        self._db.close()

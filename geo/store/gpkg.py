"""The embedded store: one GeoPackage file (sqlite3), which any GIS opens.

A file the user may not write (no write permission, even for root) is opened read-only: reads
work, writes raise :class:`~geo.store.base.StoreError`. Every sqlite3 error (a damaged file, a
full disk) becomes a ``StoreError`` that names the file and the problem; a failed write is
rolled back, so what was stored stays as it was.
"""

from __future__ import annotations

import sqlite3
import struct
import threading
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd
import shapely

from extract.records import Document
from geo.config import settings
from geo.features import DATE_COLUMNS, FEATURE_COLUMNS, INTEGER_COLUMNS
from geo.io.paths import writable
from geo.store.base import (
    DOCUMENT_COLUMNS,
    DOCUMENT_FIELDS,
    REAL_COLUMNS,
    AddResult,
    BBox,
    Store,
    StoreError,
    check_features,
    day_bounds,
    document_from_row,
    document_row,
    feature_rows,
    features_frame,
    kind_list,
    locked,
    now_iso,
    quote_identifier,
)
from geo.store.gpkg_file import check_path, connect, guarded, prepare_folder, problem_of

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

    def __init__(self, path: str | Path, *, timeout: float = 60.0, read_only: bool = False) -> None:
        """Open (or create, unless ``read_only``) the store file at ``path``.

        Raises
        ------
        StoreError
            The path is a folder or lies under a file, the file is not a store, is damaged, or
            (``read_only``) does not exist; the message names the path and the problem.
        """
        self.path = Path(path).expanduser()
        self.url = str(self.path)
        self._lock = threading.RLock()
        check_path(self.path, read_only=read_only)
        self.read_only = read_only or (self.path.exists() and not writable(self.path))
        if not self.read_only:
            prepare_folder(self.path, ignored=settings().default_store.parent)
        try:
            self._db = connect(self.path, timeout=timeout, read_only=self.read_only)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: not a store I can open ({err})") from None
        failed = f"{self.path}: not a store I can open"
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if self.read_only:
                self._check_tables()
            else:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._create()
        except sqlite3.Error as err:
            self._db.close()
            problem = problem_of(self.path, err, writing=False)
            if "could not be used" in problem:
                problem = f"{failed} ({err})"
            raise StoreError(problem) from None

    def _check_tables(self) -> None:
        names = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master")}
        if not {"features", "documents", "atlas_features_index"} <= names:
            raise sqlite3.DatabaseError("it holds no Dispatch Atlas tables")

    def _writing(self) -> None:
        if self.read_only:
            raise StoreError(
                f"{self.path}: the store is read-only (the file may not be written); nothing "
                "was written. Make it writable (chmod u+w) or give another store"
            )

    @guarded
    def check(self) -> None:
        """Raise StoreError when the file is damaged (sqlite's quick check over every page) or,
        unless it is read-only, cannot be written."""
        problems = [str(r[0]) for r in self._db.execute("PRAGMA quick_check(1)")]
        if problems != ["ok"]:
            first = problems[0].splitlines()[-1] if problems else "no answer"
            raise sqlite3.DatabaseError(f"database disk image is malformed: {first}")

    def _rollback(self) -> None:
        """Undo the open transaction; a damaged file may refuse even that (sqlite then drops
        the transaction itself when the connection closes)."""
        try:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _create(self) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'atlas_features_index'"
            ).fetchone()
            if exists is None:
                self._create_tables()
            else:
                self._add_new_columns()
            db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _add_new_columns(self) -> None:
        """Give a store written by an earlier version the feature columns added since."""
        have = {row[1] for row in self._db.execute("PRAGMA table_info(features)")}
        for column in FEATURE_COLUMNS:
            if column not in have:
                kind = _SQL_TYPES.get(column, "TEXT")
                self._db.execute(
                    f"ALTER TABLE features ADD COLUMN {quote_identifier(column)} {kind}"
                )

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
            f"{quote_identifier(c)} {_SQL_TYPES.get(c, 'TEXT')}"
            + (" NOT NULL" if c == "doc_id" else "")
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
                        'Dispatch Atlas features (geo.features)', 4326),
                       ('documents', 'attributes', 'documents', 'ingested articles', 0);
            INSERT INTO gpkg_geometry_columns VALUES ('features', 'geom', 'GEOMETRY', 4326, 0, 0);
            """,
        )

    # writes

    @guarded
    def add(self, documents: Sequence[Document], features: gpd.GeoDataFrame) -> AddResult:
        self._writing()
        rows = feature_rows(features)
        check_features(documents, rows)
        per_doc: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            per_doc.setdefault(row["doc_id"], []).append(row)
        unique = list({d.id: d for d in documents}.values())
        now = now_iso()
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            new: list[str] = []
            for document in unique:
                record = document_row(document, len(per_doc.get(document.id, ())), now)
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
            self._rollback()
            raise
        return AddResult(len(new), len(written), len(unique) - len(new), tuple(new))

    @guarded
    def replace(self, document: Document, features: gpd.GeoDataFrame) -> AddResult:
        self._writing()
        rows = feature_rows(features)
        check_features([document], rows)
        record = document_row(document, len(rows), now_iso())
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
            self._rollback()
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
        columns = ", ".join(quote_identifier(n) for n in names)
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

    @guarded
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

    @guarded
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
        wanted = kind_list(kinds)
        if wanted is not None:
            where.append(f"f.kind IN ({', '.join('?' for _ in wanted)})")
            params += wanted
        names = ", ".join(f"f.{quote_identifier(c)}" for c in FEATURE_COLUMNS)
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
        return features_frame(rows, list(geometries))

    @guarded
    def documents(self) -> pd.DataFrame:
        columns = list(DOCUMENT_COLUMNS)
        names = ", ".join(quote_identifier(c) for c in columns)
        fetched = self._db.execute(f"SELECT {names} FROM documents ORDER BY fid").fetchall()
        table = pd.DataFrame.from_records(fetched, columns=columns)
        table["published"] = [
            date.fromisoformat(v) if isinstance(v, str) else None for v in table["published"]
        ]
        return table

    @guarded
    def document(self, doc_id: str) -> Document | None:
        names = ", ".join(quote_identifier(c) for c in DOCUMENT_FIELDS)
        row = self._db.execute(f"SELECT {names} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else document_from_row(row)

    @guarded
    def date_range(self) -> tuple[date, date] | None:
        row = self._db.execute(
            'SELECT min("start"), min("end"), max("start"), max("end") FROM features'
        ).fetchone()
        return day_bounds(row)

    @guarded
    def counts(self) -> dict[str, int]:
        found = dict(self._db.execute("SELECT kind, count(*) FROM features GROUP BY kind"))
        (documents,) = self._db.execute("SELECT count(*) FROM documents").fetchone()
        return {**{str(k): int(v) for k, v in found.items()}, "documents": int(documents)}

    @locked
    def close(self) -> None:
        self._db.close()


def _extent(geometries: Sequence[Any]) -> tuple[float, float, float, float]:
    shapes = [g for g in geometries if g is not None and not g.is_empty]
    if not shapes:
        return (180.0, -180.0, 90.0, -90.0)
    minx, miny, maxx, maxy = shapely.total_bounds(shapes)
    return (float(minx), float(maxx), float(miny), float(maxy))

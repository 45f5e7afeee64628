"""The shared store: PostgreSQL with PostGIS, for a team or a server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import geopandas as gpd
import pandas as pd
import shapely

from extract.records import Document
from geo.features import DATE_COLUMNS, FEATURE_COLUMNS, INTEGER_COLUMNS
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
    shown_url,
)

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
            reason = " ".join(str(err).split())  # psycopg's message runs over several lines
            raise StoreError(f"{shown_url(dsn)}: cannot connect to PostgreSQL ({reason})") from None
        self._create()

    def _create(self) -> None:
        schema = self.schema
        columns = ",\n".join(
            f"{quote_identifier(c)} {_PG_TYPES.get(c, 'text')}"
            + (" NOT NULL" if c == "doc_id" else "")
            for c in FEATURE_COLUMNS
        )
        first = 'coalesce("start", "end")'
        last = 'coalesce("end", "start")'
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
            if cur.fetchone() is None:
                cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(schema)}")
            cur.execute(f"SET LOCAL search_path TO {quote_identifier(schema)}, public")
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
            for column in FEATURE_COLUMNS:  # a store written by an earlier version
                name, kind = quote_identifier(column), _PG_TYPES.get(column, "text")
                cur.execute(f"ALTER TABLE features ADD COLUMN IF NOT EXISTS {name} {kind}")
        self._set_path()

    def _set_path(self) -> None:
        with self._db.cursor() as cur:
            cur.execute(f"SET search_path TO {quote_identifier(self.schema)}, public")
        self._db.commit()

    @locked
    def add(self, documents: Sequence[Document], features: gpd.GeoDataFrame) -> AddResult:
        rows = feature_rows(features)
        check_features(documents, rows)
        per_doc: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            per_doc.setdefault(row["doc_id"], []).append(row)
        unique = list({d.id: d for d in documents}.values())
        now = now_iso()
        records = [document_row(d, len(per_doc.get(d.id, ())), now) for d in unique]
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

    @locked
    def replace(self, document: Document, features: gpd.GeoDataFrame) -> AddResult:
        rows = feature_rows(features)
        check_features([document], rows)
        record = document_row(document, len(rows), now_iso())
        names = [*DOCUMENT_COLUMNS, "text"]
        updated = ", ".join(
            f"{quote_identifier(c)} = excluded.{quote_identifier(c)}"
            for c in names
            if c not in ("id", "ingested_at")
        )
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute("DELETE FROM features WHERE doc_id = %s", (document.id,))
            cur.execute(
                f"INSERT INTO documents ({', '.join(quote_identifier(c) for c in names)})"
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
        columns = ", ".join(quote_identifier(n) for n in names)
        picked = ", ".join(f"t.{quote_identifier(n)}" for n in names)
        cur.execute(
            f"INSERT INTO features (geom, {columns})"
            f" SELECT ST_SetSRID(ST_GeomFromWKB(t.g), 4326), {picked}"
            f" FROM unnest(%s::bytea[], {selects})"
            f" AS t(g, {columns}) ON CONFLICT (doc_id, seq) DO NOTHING",
            [wkb, *arrays],
        )

    @locked
    def known(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        with self._db.cursor() as cur:
            cur.execute("SELECT id FROM documents WHERE id = ANY(%s)", (wanted,))
            found = {r[0] for r in cur.fetchall()}
        self._db.commit()
        return found

    @locked
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
        wanted = kind_list(kinds)
        if wanted is not None:
            where.append("kind = ANY(%s)")
            params.append(wanted)
        names = ", ".join(quote_identifier(c) for c in FEATURE_COLUMNS)
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
        return features_frame(rows, list(geometries))

    @locked
    def documents(self) -> pd.DataFrame:
        columns = list(DOCUMENT_COLUMNS)
        names = ", ".join(quote_identifier(c) for c in columns)
        with self._db.cursor() as cur:
            cur.execute(f"SELECT {names} FROM documents ORDER BY fid")
            fetched = cur.fetchall()
        self._db.commit()
        table = pd.DataFrame.from_records(fetched, columns=columns)
        table["ingested_at"] = [v.isoformat(timespec="seconds") for v in table["ingested_at"]]
        return table

    @locked
    def document(self, doc_id: str) -> Document | None:
        names = ", ".join(quote_identifier(c) for c in DOCUMENT_FIELDS)
        with self._db.cursor() as cur:
            cur.execute(f"SELECT {names} FROM documents WHERE id = %s", (doc_id,))
            row = cur.fetchone()
        self._db.commit()
        return None if row is None else document_from_row(row)

    @locked
    def date_range(self) -> tuple[date, date] | None:
        with self._db.cursor() as cur:
            cur.execute('SELECT min("start"), min("end"), max("start"), max("end") FROM features')
            row = cur.fetchone()
        self._db.commit()
        return day_bounds(row)

    @locked
    def counts(self) -> dict[str, int]:
        with self._db.cursor() as cur:
            cur.execute("SELECT kind, count(*) FROM features GROUP BY kind")
            found = {str(k): int(v) for k, v in cur.fetchall()}
            cur.execute("SELECT count(*) FROM documents")
            row = cur.fetchone()
        self._db.commit()
        return {**found, "documents": int(row[0]) if row else 0}

    @locked
    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests use a schema each)."""
        if self.schema == "public":
            raise StoreError("refusing to drop the public schema")
        with self._db.transaction(), self._db.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {quote_identifier(self.schema)} CASCADE")

    @locked
    def check(self) -> None:
        import psycopg

        try:
            with self._db.cursor() as cur:
                cur.execute("SELECT 1")
            self._db.rollback()
        except psycopg.Error as err:
            raise StoreError(f"{self.shown_url}: the store cannot be reached ({err})") from None

    @locked
    def close(self) -> None:
        self._db.close()

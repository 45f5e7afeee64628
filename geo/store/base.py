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
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

import geopandas as gpd
import pandas as pd
import shapely

from extract.records import Document
from geo.features import (
    AMOUNT_COLUMNS,
    CRS,
    DATE_COLUMNS,
    FEATURE_COLUMNS,
    INTEGER_COLUMNS,
    as_timestamps,
    empty_features,
)
from geo.io.export import without_absurd_values

BBox = tuple[float, float, float, float]
"""(min lon, min lat, max lon, max lat) in WGS84."""

REAL_COLUMNS: Final = ("lon", "lat", *AMOUNT_COLUMNS)
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


def locked(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Run ``method`` holding the store's lock (one connection, many threads)."""

    @functools.wraps(method)
    def run(self: _S, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    return run


def shown_url(url: str) -> str:
    """A store URL without its password, to show."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


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
    read_only: bool = False  # opened only to read: writes raise StoreError
    _lock: threading.RLock

    @property
    def shown_url(self) -> str:
        """The store's URL without its password, to show."""
        return shown_url(self.url)

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
        """Features (geo.features columns) whose [start, end] overlaps [since, until], of one of
        ``kinds``, inside ``bbox``. As in ``geo.features.filter_by_dates``, a feature with one date
        is that day, and undated features are kept unless ``keep_undated`` is False."""

    @abstractmethod
    def documents(self) -> pd.DataFrame:
        """Stored documents, one row each (id, title, url, published, source, origin,
        text_hash, ingested_at, features), oldest ingest first; their texts stay in the store."""

    @abstractmethod
    def document(self, doc_id: str) -> Document | None:
        """The stored document ``doc_id`` with its text, or None."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Stored features per kind, plus ``"documents"``."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    @abstractmethod
    def check(self) -> None:
        """Raise StoreError, naming the store, when it is damaged or cannot be reached: called
        before a long write, so the work is not done for nothing."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# -- rows shared by both stores ------------------------------------------------------------------


def iso_day(value: Any) -> str | None:
    """A date (date, Timestamp, ISO string) as 'YYYY-MM-DD', or None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    stamp = pd.to_datetime(value, errors="coerce")
    return None if pd.isna(stamp) else stamp.date().isoformat()


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


def feature_rows(features: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Schema rows with plain Python values, a sequence number within each document, and the
    geometry (a point at lon/lat where it has none; None when neither is known)."""
    if features.empty:
        return []
    frame = without_absurd_values(features)  # never store a count of 10^30 people
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


def document_row(document: Document, features: int, now: str) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "url": document.url,
        "published": iso_day(document.published),
        "source": document.source,
        "origin": document.origin,
        "text_hash": hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        "ingested_at": now,
        "features": features,
        "text": document.text,
    }


def check_features(documents: Sequence[Document], rows: Sequence[dict[str, Any]]) -> None:
    ids = {d.id for d in documents}
    strays = {row["doc_id"] for row in rows} - ids
    if strays:
        shown = ", ".join(sorted(strays)[:3])
        raise ValueError(f"features of documents not being added: {shown}")


def features_frame(rows: Sequence[dict[str, Any]], geometries: Sequence[Any]) -> gpd.GeoDataFrame:
    """A features frame from stored rows: dates back to ``datetime.date``, object columns; a
    number no feature can hold (a count of 10^30 people an older version stored) is left empty,
    with a warning, so one such row never breaks a map or an export."""
    if not rows:
        return empty_features()
    table = pd.DataFrame(list(rows), columns=list(FEATURE_COLUMNS), dtype=object)
    table = without_absurd_values(table)
    for column in DATE_COLUMNS:
        days = as_timestamps(table[column])
        table[column] = pd.Series(
            [None if pd.isna(d) else d.date() for d in days], index=table.index, dtype=object
        )
    said = table.attrs.get("warnings", [])
    table = table.where(table.notna(), None)
    frame = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(list(geometries), crs=CRS), crs=CRS)
    frame.attrs["warnings"] = list(said)  # what reading it had to say, for the app to show
    return frame


def day_bounds(row: Sequence[Any] | None) -> tuple[date, date] | None:
    """(earliest, latest) of a row (min start, min end, max start, max end), None if undated."""
    days = [date.fromisoformat(v) if isinstance(v, str) else v for v in (row or ())]
    low = [d for d in days[:2] if d is not None]
    high = [d for d in days[2:] if d is not None]
    if not low or not high:
        return None
    return min(low), max(high)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def kind_list(kinds: Iterable[str] | None) -> list[str] | None:
    return None if kinds is None else sorted(set(kinds))


def quote_identifier(name: str) -> str:
    """A table or column name quoted for SQL (both databases quote with double quotes)."""
    return '"' + name.replace('"', '""') + '"'


DOCUMENT_FIELDS: Final = ("id", "text", "title", "url", "published", "source", "origin")
"""The stored columns a :class:`Document` is rebuilt from, in its constructor's order."""


def document_from_row(row: Sequence[Any]) -> Document:
    """A :class:`Document` from a stored row of :data:`DOCUMENT_FIELDS`."""
    doc_id, text, title, url, published, source, origin = row
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return Document(
        id=str(doc_id),
        text=str(text or ""),
        title=str(title or ""),
        url=str(url or ""),
        published=published or None,
        source=str(source or ""),
        origin=str(origin or ""),
    )

"""Where ingested articles and their features live, behind one :class:`Store` interface:
a GeoPackage file by default (:mod:`geo.store.gpkg`), PostGIS for a shared server
(:mod:`geo.store.postgis`). :func:`open_store` picks one from a path or URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from geo.config import settings
from geo.store.base import AddResult, BBox, Store, StoreError, shown_url
from geo.store.gpkg import GeoPackageStore
from geo.store.postgis import PostGISStore

__all__ = [
    "AddResult",
    "BBox",
    "GeoPackageStore",
    "PostGISStore",
    "Store",
    "StoreError",
    "open_store",
    "shown_url",
]


def open_store(url_or_path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The store at ``url_or_path``: ``postgresql://`` (or ``postgres://``) URLs open PostGIS
    (``?schema=NAME`` keeps its tables in that schema); anything else is a GeoPackage path
    (``gpkg://`` or ``file://`` prefixes allowed); None is the configured store (ATLAS_STORE,
    else the default GeoPackage under the data folder, see :mod:`geo.config`).

    ``read_only`` opens a GeoPackage only to read it (a missing file is then an error, never a
    new empty store); a GeoPackage the user may not write is opened that way in any case."""
    text = str(url_or_path) if url_or_path is not None else settings().store
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        return PostGISStore(text)
    if scheme in ("gpkg", "file", "sqlite"):
        return GeoPackageStore(Path(text.split("://", 1)[1]), read_only=read_only)
    if scheme:
        raise StoreError(f"{text}: unknown store scheme {scheme!r} (use a path or postgresql://)")
    if not text.strip():
        raise StoreError("the store path is empty: give a .gpkg file or a postgresql:// URL")
    return GeoPackageStore(Path(text), read_only=read_only)

"""Where Dispatch Atlas keeps its files, read once from the environment.

- ``ATLAS_DATA_DIR``: the folder for caches (the gazetteer index, Nominatim's answers) and the
  default store. In a source checkout it defaults to the checkout's ``data/``; an installed
  package uses the user's data folder (``~/.local/share/dispatch-atlas`` on Linux).
- ``ATLAS_STORE``: the store, a GeoPackage path or a ``postgresql://`` URL; by default the
  GeoPackage ``store/atlas.gpkg`` in the data folder.
- ``ATLAS_BASEMAP``: the offline basemap tiles (``make basemap`` writes
  ``static/basemap/world.pmtiles`` in a checkout, where the app serves them from).

Everything that needs a path asks :func:`settings`; nothing else builds paths from ``__file__``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_path

DATA_DIR_ENV = "ATLAS_DATA_DIR"
STORE_ENV = "ATLAS_STORE"
BASEMAP_ENV = "ATLAS_BASEMAP"
BASEMAP_FILE = Path("static") / "basemap" / "world.pmtiles"  # in a checkout, beside app.py
APP_NAME = "dispatch-atlas"

# A source checkout: the folder above this package holds pyproject.toml and data/.
_CHECKOUT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """The folders and store in use."""

    data_dir: Path
    store_url: str  # "" for the default GeoPackage
    basemap_file: Path = _CHECKOUT / BASEMAP_FILE

    @property
    def cache_dir(self) -> Path:
        """Rebuildable files: the gazetteer index, Nominatim's cached answers."""
        return self.data_dir / "cache"

    @property
    def gazetteer_index(self) -> Path:
        """The built gazetteer index."""
        return self.cache_dir / "gazetteer.pkl"

    @property
    def default_store(self) -> Path:
        """The GeoPackage used when ATLAS_STORE names none."""
        return self.data_dir / "store" / "atlas.gpkg"

    @property
    def store(self) -> str:
        """The store to open: ATLAS_STORE, else the default GeoPackage's path."""
        return self.store_url or str(self.default_store)


def _default_data_dir() -> Path:
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data").is_dir():
        return _CHECKOUT / "data"
    return user_data_path(APP_NAME, appauthor=False)


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings, read from the environment on first use and kept for the process."""
    given = os.environ.get(DATA_DIR_ENV, "").strip()
    data_dir = Path(given).expanduser() if given else _default_data_dir()
    store_url = os.environ.get(STORE_ENV, "").strip()
    basemap = os.environ.get(BASEMAP_ENV, "").strip()
    if basemap:
        return Settings(data_dir, store_url, Path(basemap).expanduser())
    return Settings(data_dir=data_dir, store_url=store_url)


def reload() -> Settings:
    """Read the environment again (tests that change ATLAS_DATA_DIR or ATLAS_STORE call this)."""
    settings.cache_clear()
    return settings()

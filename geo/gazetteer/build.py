"""Build the gazetteer index file from every source it has."""

from __future__ import annotations

from pathlib import Path

from geo.config import settings
from geo.files import write_pickle
from geo.gazetteer.builder import IndexBuilder
from geo.gazetteer.packages import add_package_sources


def build_index(path: Path | None = None) -> Path:
    """Build the gazetteer index from the packaged GeoNames data and write it to ``path``.

    Parameters
    ----------
    path
        Where to write the pickle (parent folders are created); the configured cache by default
        (:attr:`geo.config.Settings.gazetteer_index`).

    Returns
    -------
    Path
        Where it was written.
    """
    path = path or settings().gazetteer_index
    builder = IndexBuilder()
    add_package_sources(builder)
    write_pickle(path, builder.payload())  # two processes building at once: the last one wins
    return path

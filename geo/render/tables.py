"""Tables shown beside the map: the features with where each was read, and the articles."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.features import as_timestamps
from geo.io.export import to_csv, to_geojson, write_gpkg
from geo.render.popups import figure_text

PROVENANCE_COLUMNS = (
    "kind", "name", "category", "figure", "unit", "parts", "start", "end", "title", "quote", "url",
    "sources",
)  # fmt: skip


def provenance_table(features: gpd.GeoDataFrame) -> pd.DataFrame:
    """Features as a plain table a reader checks against the articles: what, when, and where
    it was read (title, quoted sentence, url); dates as ISO text, figures as a reader says them.
    """
    table = pd.DataFrame(features.drop(columns="geometry"))
    table["figure"] = [
        figure_text(value, low, high, qualifier) if kind == "figure" else ""
        for kind, value, low, high, qualifier in zip(
            table["kind"],
            table["value"],
            table["low"],
            table["high"],
            table["qualifier"],
            strict=True,
        )
    ]
    for column in ("start", "end"):
        table[column] = as_timestamps(table[column]).dt.strftime("%Y-%m-%d")
    table = table.reindex(columns=list(PROVENANCE_COLUMNS)).reset_index(drop=True)
    return table.astype(object).where(table.notna(), "")


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per stored article (geo.store's documents table), with how many features it gave."""
    table = pd.DataFrame(
        {
            "title": [title or "(untitled)" for title in articles["title"]],
            "published": [day.isoformat() if day else "" for day in articles["published"]],
            "source": articles["source"],
            "from": articles["origin"],
            "features": articles["features"].astype(int),
            "url": articles["url"],
        }
    )
    return table.reset_index(drop=True)


def article_label(row: pd.Series) -> str:
    """An article as a picker lists it: title (publication date)."""
    when = row["published"].isoformat() if row["published"] else "undated"
    return f"{row['title'] or row['origin'] or row['id']} ({when})"


@dataclass(frozen=True)
class Download:
    """A file offered for the features shown, made when it is asked for (``data()``)."""

    label: str
    data: Callable[[], str | bytes]
    file_name: str
    mime: str


def gpkg_bytes(features: gpd.GeoDataFrame) -> bytes:
    """The features as a GeoPackage file (one layer, ``features``), as bytes to download."""
    with tempfile.TemporaryDirectory(prefix="atlas-gpkg-") as folder:
        path = Path(folder) / "dispatch-atlas.gpkg"
        write_gpkg(features.reset_index(drop=True), path)
        return path.read_bytes()


def downloads(features: gpd.GeoDataFrame) -> list[Download]:
    """The files offered for the features shown: GeoJSON (RFC 7946), CSV and GeoPackage,
    each written only when downloaded (20,000 features take seconds)."""
    return [
        Download(
            "Download GeoJSON",
            partial(to_geojson, features),
            "dispatch-atlas.geojson",
            "application/geo+json",
        ),
        Download("Download CSV", partial(to_csv, features), "dispatch-atlas.csv", "text/csv"),
        Download(
            "Download GeoPackage",
            partial(gpkg_bytes, features),
            "dispatch-atlas.gpkg",
            "application/geopackage+sqlite3",
        ),
    ]

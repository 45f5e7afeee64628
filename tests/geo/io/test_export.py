"""GeoJSON (RFC 7946) and CSV exports read back with GDAL and pandas."""

from __future__ import annotations

import io
import json
from datetime import date

import geopandas as gpd
import pandas as pd
from shapely.geometry import Polygon

from geo.features import FEATURE_COLUMNS, empty_features, features_from_records
from geo.io.export import to_csv, to_geojson


def sample():
    return features_from_records(
        [
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "category": "displaced", "value": 358000, "qualifier": "about",
             "start": date(2019, 12, 1), "end": date(2020, 1, 19),
             "published": date(2020, 1, 20), "title": "UN says about 358,000 displaced",
             "quote": "About 358,000 people have fled since Dec. 1.", "doc_id": "a1",
             "geonameid": 169389, "geo_precision": 2, "time_precision": 2},
            {"kind": "place", "name": "Ma'arrat an Nu'man", "lon": 36.68, "lat": 35.65,
             "mentions": 4, "start": date(2020, 1, 28), "end": date(2020, 1, 28),
             "title": "=HYPERLINK(\"http://x\")", "quote": "It fell, \"they\" said;\nthen left.",
             "doc_id": "a2"},
            {"kind": "control_zone", "name": "government", "lon": None, "lat": None,
             "actor": "government", "start": date(2020, 2, 1), "end": date(2020, 2, 1),
             "geometry": Polygon([(36.0, 35.0), (37.0, 35.0), (37.0, 36.0), (36.0, 36.0)])},
        ]
    )  # fmt: skip


def test_geojson_is_rfc7946_without_crs_or_ids(tmp_path):
    data = json.loads(to_geojson(sample()))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    assert all("id" not in feature for feature in data["features"])
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}
    assert first["properties"]["start"] == "2019-12-01"
    assert first["properties"]["value"] == 358000
    assert list(first["properties"]) == list(FEATURE_COLUMNS)


def test_geojson_reads_back_with_gdal_with_the_same_rows(tmp_path):
    frame = sample()
    path = tmp_path / "features.geojson"
    path.write_text(to_geojson(frame), encoding="utf-8")
    back = gpd.read_file(path, DATE_AS_STRING="YES")
    assert back.crs.to_epsg() == 4326
    assert back["name"].tolist() == frame["name"].tolist()
    assert back["start"].tolist() == ["2019-12-01", "2020-01-28", "2020-02-01"]
    assert back.loc[0, "value"] == 358000
    assert back.loc[0, "quote"] == frame.loc[0, "quote"]
    assert back.loc[1, "quote"] == frame.loc[1, "quote"]
    assert back.geometry.iloc[0].equals(frame.geometry.iloc[0])
    assert back.geometry.iloc[2].equals(frame.geometry.iloc[2])


def test_geojson_reprojects_to_wgs84():
    projected = sample().to_crs("EPSG:3857")
    data = json.loads(to_geojson(projected))
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert round(lon, 6) == 36.63
    assert round(lat, 6) == 35.93


def test_empty_exports():
    assert json.loads(to_geojson(empty_features())) == {
        "type": "FeatureCollection",
        "features": [],
    }
    assert to_csv(empty_features()).strip() == ",".join(FEATURE_COLUMNS)


def test_csv_has_lon_lat_iso_dates_and_defused_formulas():
    table = pd.read_csv(io.StringIO(to_csv(sample())), dtype=str, keep_default_na=False)
    assert list(table.columns) == list(FEATURE_COLUMNS)
    assert table.loc[0, "lon"] == "36.63"
    assert table.loc[0, "start"] == "2019-12-01"
    assert table.loc[0, "value"] == "358000"
    assert table.loc[1, "quote"] == 'It fell, "they" said;\nthen left.'
    assert table.loc[1, "title"].startswith("'=")
    # The zone has no lon/lat of its own: its representative point fills them in.
    assert 36.0 < float(table.loc[2, "lon"]) < 37.0
    assert 35.0 < float(table.loc[2, "lat"]) < 36.0

"""Tables beside the map: each feature as text a reader checks against the articles."""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo.features import features_from_records
from geo.render.tables import provenance_table


def test_provenance_table_says_figures_and_dates_as_text():
    features = features_from_records(
        [
            {"kind": "place", "name": "Maarat al-Numan", "lon": 36.68, "lat": 35.65,
             "start": date(2019, 12, 20), "end": date(2019, 12, 20), "mentions": 3},
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "category": "displaced", "value": 358000, "qualifier": "about",
             "start": date(2019, 12, 1), "end": date(2020, 1, 19)},
        ]
    )  # fmt: skip
    table = provenance_table(features)
    assert table.loc[1, "figure"] == "about 358,000"
    assert table.loc[1, "start"] == "2019-12-01"
    assert table.loc[0, "figure"] == ""
    assert list(table.columns)[:4] == ["kind", "name", "category", "figure"]


def test_downloads_hold_the_features_shown_as_geojson_csv_and_geopackage(tmp_path):
    import json

    import geopandas as gpd
    from shapely.geometry import box

    from geo.render.tables import downloads

    features = features_from_records(
        [
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "category": "capture",
             "actor": "government", "start": date(2020, 2, 6), "end": date(2020, 2, 6)},
            {"kind": "figure", "name": "Northwest Syria", "category": "displaced", "value": 900000,
             "geometry": box(36.0, 35.5, 37.0, 36.5)},
            {"kind": "figure", "name": "(no place named)", "category": "killed", "value": 3},
        ]
    ).set_index(pd.Index([4, 9, 11]))  # their ids on the map  # fmt: skip
    files = {d.file_name: d for d in downloads(features)}
    assert sorted(files) == ["dispatch-atlas.csv", "dispatch-atlas.geojson", "dispatch-atlas.gpkg"]
    geojson = json.loads(files["dispatch-atlas.geojson"].data())
    assert [f["properties"]["name"] for f in geojson["features"]][:2] == [
        "Saraqib", "Northwest Syria"
    ]  # fmt: skip
    assert "Saraqib" in files["dispatch-atlas.csv"].data()
    path = tmp_path / "out.gpkg"
    path.write_bytes(files["dispatch-atlas.gpkg"].data())
    read = gpd.read_file(path, layer="features")
    assert list(read["name"]) == ["Saraqib", "Northwest Syria", "(no place named)"]
    assert read.geometry.iloc[0].x == 36.8 and read.geometry.iloc[0].y == 35.86
    assert read.geometry.iloc[1].geom_type == "Polygon" and read.geometry.iloc[2] is None
    assert str(read["start"].iloc[0])[:10] == "2020-02-06"
    assert files["dispatch-atlas.gpkg"].mime == "application/geopackage+sqlite3"

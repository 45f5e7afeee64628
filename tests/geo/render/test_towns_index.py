"""The basemap's towns for the map's search (static/build_basemap.py, ``make basemap``): every
town the tiles name, found by the spellings an analyst types, biggest first.

The keys are checked here against the built file; tests/e2e/test_basemap_browser.py checks that
the browser, applying the file's own rules, finds a town by another spelling.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import folium
import pytest

from geo.config import BASEMAP_FILE
from geo.features import features_from_records
from geo.render.basemap import TOWNS_FILE, TOWNS_URL, add_basemap
from geo.render.map import build_map

ROOT = Path(__file__).resolve().parents[3]
TOWNS = (ROOT / BASEMAP_FILE).with_name(TOWNS_FILE)
MAX_MEGABYTES = 10


@cache
def builder() -> ModuleType:
    """static/build_basemap.py, which is a script, not a package module."""
    spec = importlib.util.spec_from_file_location("build_basemap", ROOT / "static/build_basemap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@cache
def index() -> dict[str, Any]:
    assert TOWNS.is_file(), f"{TOWNS} is missing: `make basemap` builds it"
    data: dict[str, Any] = json.loads(gzip.decompress(TOWNS.read_bytes()))
    return data


def towns_keyed(text: str) -> list[tuple[str, str, float, float]]:
    """The towns (name, country, lat, lon) that have ``text``'s key among theirs, in the
    file's order."""
    data = index()
    key = builder().town_key(text)
    return [
        (data["name"][i], data["cc"][2 * i : 2 * i + 2], data["lat"][i] / 1e4, data["lon"][i] / 1e4)
        for i, keys in enumerate(data["keys"])
        if key in keys.split("|")
    ]


@pytest.mark.parametrize(
    "spelling",
    ["Maarat al-Numan", "Ma'arrat an-Nu'man", "MA`ARRAT AN NU`MAN", "Maarrat al-Nu'man",
     "Ma‘arrat an Nu‘mān"],
)  # fmt: skip
def test_the_spellings_of_maarat_al_numan_give_one_key(spelling):
    assert builder().town_key(spelling) == "maratalnuman"


def test_an_article_is_read_as_one_only_beside_a_name():
    key = builder().town_key
    assert key("Maarat an") == "maratal"  # typed so far: still finds Ma'arrat an-Nu'man
    assert key("As") == "as" and key("Ed") == "ed"  # towns called As or Ed, not every "al"


def test_the_rules_read_the_same_in_python_and_javascript():
    # map.js compiles each pattern as it is with new RegExp(pattern, "g"): no Python-only syntax
    for pattern, replacement in index()["rules"]:
        assert "(?P" not in pattern and "(?#" not in pattern, pattern
        assert not re.search(r"\\[AZz]", pattern), pattern
        assert "\\g<" not in replacement, replacement
    assert [list(rule) for rule in builder().TOWN_KEY_RULES] == index()["rules"]


@pytest.mark.parametrize(
    ("typed", "town", "lat", "lon"),
    [
        ("Maarat al-Numan", "Ma‘arrat an Nu‘mān", 35.6483, 36.6769),
        ("Saraqeb", "Saraqib", 35.8645, 36.8059),
        ("Salqin", "Salqīn", 36.1386, 36.4524),
        ("Kafr Nubl", "Kafranbel", 35.6138, 36.5646),
        ("Deir ez-Zor", "Deir ez-Zor", 35.3359, 40.1408),
    ],
)
def test_a_syrian_town_is_found_by_the_spelling_typed_at_its_geonames_point(typed, town, lat, lon):
    syrian = [found for found in towns_keyed(typed) if found[1] == "SY"]
    assert syrian, f"{typed!r} finds no Syrian town"
    name, _, found_lat, found_lon = syrian[0]
    assert name == town
    assert abs(found_lat - lat) < 0.001 and abs(found_lon - lon) < 0.001


def test_every_town_of_the_tiles_is_listed_biggest_first_in_a_small_file():
    data = index()
    count = len(data["name"])
    assert count > 200_000  # GeoNames towns of 500 people or more, as the tiles name
    assert all(len(data[column]) == count for column in ("pop", "lat", "lon", "keys"))
    assert len(data["cc"]) == 2 * count
    assert data["countries"]["SY"] == "Syria"
    seat = builder().SEAT_POPULATION
    ranks = [pop or seat for pop in data["pop"]]
    assert ranks == sorted(ranks, reverse=True)
    assert data["name"][0] in ("Shanghai", "Tokyo", "Delhi", "Chongqing")  # biggest in GeoNames
    assert TOWNS.stat().st_size < MAX_MEGABYTES * 1e6
    for i in range(0, count, 997):  # each town's own name gives its first key
        assert data["keys"][i].split("|")[0] == builder().town_key(data["name"][i])


def test_the_map_gives_the_search_the_towns_address_only_when_the_file_is_there(tmp_path):
    html = build_map(features_from_records([])).get_root().render()
    assert f'towns: "{TOWNS_URL}"' in html
    tiles = tmp_path / "world.pmtiles"
    tiles.write_bytes(b"")  # tiles but no towns' list beside them
    alone = folium.Map(tiles=None)
    assert add_basemap(alone, tiles_file=tiles) == "offline"
    assert "towns: null" in alone.get_root().render()

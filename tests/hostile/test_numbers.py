"""Absurd numbers: never read as a count of people, never stored, and one stored by an older
version breaks neither an export nor the map's view of the store."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import date
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from extract.amounts import MAX_COUNT, parse_amount
from extract.documents import document_from_text
from extract.grammar import load_grammar
from extract.parse import parse_document
from extract.records import Figure
from geo.features import features_from_records
from geo.io.export import to_csv, to_geojson, write_gpkg
from geo.service.views import shown_features
from geo.store import GeoPackageStore, Store


def _figures(text: str) -> list[Figure]:
    from extract.figures import find_figures

    document = document_from_text(text, published=date(2020, 1, 2))
    return find_figures(parse_document(document, grammar=load_grammar()), [])


def _values(text: str) -> list[tuple[str, int | None]]:
    return [(f.category, f.value) for f in _figures(text)]


@pytest.mark.parametrize(
    "text",
    [
        "The war displaced 10^30 people in Idlib.",
        "Some 10**30 people were displaced.",
        "The fighting displaced " + "9" * 60 + " people.",
        "1e9 people were displaced.",
        "The clashes displaced 1e9 people.",
        "About 2.5e6 people fled the city.",
        "12,000,000,000,000 people were killed.",
        "The war displaced 20 billion people.",
        "Some 5 x 10^6 people fled.",
    ],
)
def test_absurd_or_scientific_amounts_give_no_figure(text: str) -> None:
    assert _figures(text) == []


def test_ten_to_the_thirty_is_never_thirty_displaced() -> None:
    text = "Officials said 10^30 people were displaced and 40 people were killed."
    assert _values(text) == [("killed", 40)]


def test_counts_up_to_the_cap_are_read() -> None:
    assert _values("The war displaced 9 billion people.") == [("displaced", 9_000_000_000)]
    assert parse_amount("10,000,000,000") == (MAX_COUNT, None, None)
    assert parse_amount("10,000,000,001") == (None, None, None)
    assert parse_amount("ten billion") == (MAX_COUNT, None, None)
    assert parse_amount("eleven billion") == (None, None, None)


def test_a_number_of_thousands_of_digits_is_refused_without_an_error() -> None:
    digits = "7" * 5000  # past Python's limit on turning text into an int
    assert parse_amount(digits) == (None, None, None)
    assert _figures(f"Officials said {digits} people were displaced.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Two and a half million people were displaced.", 2_500_000),
        ("The fighting has displaced a quarter of a million people.", 250_000),
        ("Some three quarters of a million people have fled.", 750_000),
        ("1.5 million people fled.", 1_500_000),
        ("Half a million people fled the city.", 500_000),
    ],
)
def test_fractions_of_millions_stay_right(text: str, value: int) -> None:
    (figure,) = _figures(text)
    assert figure.value == value


# --- exports and stores --------------------------------------------------------------------


def _poisoned() -> tuple[gpd.GeoDataFrame, str]:
    """Three figures of one document, the second with a count of 10^30 people."""
    doc = document_from_text("Officials counted people in three towns.", title="counts")
    rows = [
        {"kind": "figure", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "value": 1500,
         "low": 1500, "high": 1500, "category": "displaced", "doc_id": doc.id},
        {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93, "value": 1e30,
         "low": 1e30, "high": 1e30, "category": "displaced", "doc_id": doc.id},
        {"kind": "figure", "name": "Ariha", "lon": 36.6, "lat": 35.81, "value": 42,
         "low": 42, "high": 42, "category": "killed", "doc_id": doc.id},
    ]  # fmt: skip
    return features_from_records(rows), doc.id


def _by_name(collection: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {f["properties"]["name"]: f["properties"] for f in collection["features"]}


def test_export_leaves_an_absurd_count_empty_and_keeps_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    features, doc_id = _poisoned()
    with caplog.at_level(logging.WARNING):
        collection = json.loads(to_geojson(features))
    props = _by_name(collection)
    assert props["Idlib"]["value"] is None and props["Idlib"]["high"] is None
    assert props["Saraqib"]["value"] == 1500 and props["Ariha"]["value"] == 42
    assert doc_id in caplog.text and "10,000,000,000" in caplog.text

    csv_lines = to_csv(features).splitlines()
    assert len(csv_lines) == 4
    assert "1e+30" not in to_csv(features) and "1500" in csv_lines[1]

    out = tmp_path / "out.gpkg"
    write_gpkg(features, out)
    read = pyogrio.read_dataframe(out)
    assert sorted(read["value"].dropna().astype(int)) == [42, 1500]


def _poison_gpkg(path: Path) -> None:
    """What an older version wrote: the counts of one figure stored as 10^30."""
    db = sqlite3.connect(path)
    db.execute("UPDATE features SET value = 1e30, low = 1e30, high = 1e30 WHERE name = 'Idlib'")
    db.commit()
    db.close()


@pytest.fixture(params=["geopackage", "postgis"])
def poisoned_store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """A store holding the three figures, Idlib's count 10^30 as an older version stored it."""
    features, doc_id = _poisoned()
    clean = features.assign(value=[1500, 7, 42], low=[1500, 7, 42], high=[1500, 7, 42])
    doc = document_from_text("Officials counted people in three towns.", title="counts")
    assert doc.id == doc_id
    if request.param == "postgis":
        store: Store = request.getfixturevalue("postgis_store")
        store.add([doc], clean)
        store._db.execute(  # type: ignore[attr-defined]
            "UPDATE features SET value = 1e30, low = 1e30, high = 1e30 WHERE name = 'Idlib'"
        )
        store._db.commit()  # type: ignore[attr-defined]
        return store
    path = tmp_path / "old.gpkg"
    with GeoPackageStore(path) as store:
        store.add([doc], clean)
    _poison_gpkg(path)
    opened = GeoPackageStore(path)
    request.addfinalizer(opened.close)
    return opened


def test_a_poisoned_store_reads_exports_and_shows(poisoned_store: Store) -> None:
    read = poisoned_store.read()
    assert len(read) == 3
    values = dict(zip(read["name"], read["value"], strict=True))
    assert values["Idlib"] is None and values["Saraqib"] == 1500 and values["Ariha"] == 42
    # said, naming the article, for whoever shows the frame (the app, beside the map)
    (warning,) = read.attrs["warnings"]
    assert warning.startswith("1 feature(s) held a number no feature can")
    assert f"(articles {read.loc[read['name'] == 'Idlib', 'doc_id'].iloc[0]})" in warning

    props = _by_name(json.loads(to_geojson(read)))
    assert props["Idlib"]["value"] is None and props["Ariha"]["value"] == 42

    view = shown_features(poisoned_store, None, None, ["figure"], None)
    assert sorted(view["name"]) == ["Ariha", "Idlib", "Saraqib"]
    assert json.loads(to_geojson(view))["features"]


def test_an_absurd_count_is_never_stored(tmp_path: Path) -> None:
    features, doc_id = _poisoned()
    doc = document_from_text("Officials counted people in three towns.", title="counts")
    with GeoPackageStore(tmp_path / "new.gpkg") as store:
        store.add([doc], features)
        read = store.read()
    (stored,) = (
        sqlite3.connect(tmp_path / "new.gpkg")
        .execute("SELECT count(*) FROM features WHERE value > ?", (MAX_COUNT,))
        .fetchone()
    )
    assert stored == 0
    assert dict(zip(read["name"], read["value"], strict=True))["Saraqib"] == 1500
    assert set(read["doc_id"]) == {doc_id}

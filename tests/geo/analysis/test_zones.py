"""Control zones as of a day and the frontlines between them: synthetic fronts and Idlib 2020."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from geo.analysis.observations import (
    Observation,
    control_polygons,
    gazetteer_geocoder,
    observations_from_csv,
    observations_from_features,
)
from geo.analysis.zones import control_zones, frontlines, observations_as_of
from geo.features import FEATURE_COLUMNS, features_from_records
from geo.io.boundaries import BoundaryFileError, read_boundaries
from geo.io.export import to_geojson

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
ADMIN1 = SHARED / "geodata" / "ocha-cod-ab-syria" / "syr_admin1.geojson"
DAY = date(2020, 1, 10)
SQUARE = box(-1.0, -1.0, 1.0, 1.0)
SPACING = 0.2


def grid(day: date = DAY) -> list[Observation]:
    """A 10 x 10 grid in the square: A holds the points west of x=0, B those east of it."""
    steps = np.round(np.arange(-0.9, 1.0, SPACING), 6)
    return [
        Observation(float(x), float(y), day, "A" if x < 0 else "B", f"p{x:+.1f}{y:+.1f}", "test")
        for x, y in itertools.product(steps, steps)
    ]


def zone_of(zones: gpd.GeoDataFrame, lon: float, lat: float) -> str:
    """The actor whose zone holds the point (exactly one zone must hold it)."""
    holders = zones.loc[zones.geometry.contains(Point(lon, lat)).to_numpy(), "actor"].tolist()
    assert len(holders) == 1, holders
    return str(holders[0])


def assert_partition(zones: gpd.GeoDataFrame, region) -> None:  # type: ignore[no-untyped-def]
    geoms = zones.geometry.to_list()
    for a, b in itertools.combinations(geoms, 2):
        assert a.intersection(b).area < 1e-9
    assert shapely.union_all(geoms).symmetric_difference(region).area < 1e-9


def test_west_and_east_hold_their_own_points_and_the_front_runs_between():
    observations = grid()
    zones = control_zones(observations, as_of=DAY, boundary=SQUARE)
    assert list(zones.columns) == [*FEATURE_COLUMNS, "geometry"]
    assert sorted(zones["actor"]) == ["A", "B"]
    assert set(zones["kind"]) == {"control_zone"}
    assert all(zone_of(zones, o.lon, o.lat) == o.actor for o in observations)
    assert_partition(zones, SQUARE)
    assert zones["quote"].str.startswith("inferred from 50 observations: ").all()

    lines = frontlines(zones)
    assert lines["kind"].tolist() == ["frontline"]
    assert lines["actor"].tolist() == ["A | B"]
    front = lines.geometry.iloc[0]
    xy = shapely.get_coordinates(front)
    assert np.abs(xy[:, 0]).max() < SPACING / 2
    assert front.length == pytest.approx(2.0, abs=1e-6)  # crosses the whole square
    assert lines["end"].tolist() == [DAY]


def test_an_uneven_front_still_separates_every_point():
    rng = np.random.default_rng(5)
    points = rng.uniform(-0.95, 0.95, size=(200, 2))
    observations = [
        Observation(float(x), float(y), DAY, "A" if x < 0.3 * np.sin(3 * y) else "B")
        for x, y in points
    ]
    zones = control_zones(observations, as_of=DAY, boundary=SQUARE)
    assert all(zone_of(zones, o.lon, o.lat) == o.actor for o in observations)
    assert_partition(zones, SQUARE)
    front = frontlines(zones).geometry.iloc[0]
    assert front.distance(Point(0.0, 0.0)) < 0.2


def test_observations_after_the_day_are_ignored_and_later_captures_flip_a_place():
    held = [
        Observation(-0.5, 0.0, date(2020, 1, 1), "A", "West"),
        Observation(0.5, 0.0, date(2020, 1, 1), "B", "East"),
        Observation(0.5, 0.0, date(2020, 1, 20), "A", "East", "capture"),
    ]
    before = control_zones(held, as_of=date(2020, 1, 19), boundary=SQUARE)
    assert zone_of(before, 0.5, 0.0) == "B"
    assert sorted(before["actor"]) == ["A", "B"]
    after = control_zones(held, as_of=date(2020, 1, 20), boundary=SQUARE)
    assert after["actor"].tolist() == ["A"]
    assert after.geometry.iloc[0].equals(SQUARE)
    assert frontlines(after).empty
    assert "East (2020-01-20)" in after["quote"].iloc[0]
    # Nothing observed yet on the day: no zones at all.
    assert control_zones(held, as_of=date(2019, 12, 31), boundary=SQUARE).empty
    # Too old to count.
    fresh = observations_as_of(held, date(2020, 1, 25), max_age_days=10)
    assert [o.place for o in fresh] == ["East"]


def test_a_loaded_polygon_wins_over_the_inferred_zone(tmp_path):
    path = tmp_path / "tracker.geojson"
    gpd.GeoDataFrame(
        {"date": ["2020-01-05", "2020-02-01"], "actor": ["B", "A"]},
        geometry=[box(-0.8, -0.8, -0.2, -0.2), box(0.2, 0.2, 0.8, 0.8)],
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    polygons = control_polygons(path)
    assert polygons["actor"].tolist() == ["B", "A"]
    zones = control_zones(grid(), as_of=DAY, boundary=SQUARE, polygons=polygons)
    observed = zones.loc[zones["category"].eq("observed").to_numpy()]
    assert observed["quote"].tolist() == ["observed polygon from tracker.geojson dated 2020-01-05"]
    assert observed["source"].tolist() == ["tracker.geojson"]
    assert zone_of(zones, -0.5, -0.5) == "B"  # inside the polygon, though A's point is there
    assert zone_of(zones, -0.5, 0.5) == "A"
    assert zone_of(zones, 0.5, 0.5) == "B"  # the polygon dated after the day does not count
    assert_partition(zones, SQUARE)
    fronts = frontlines(zones)
    assert fronts["actor"].tolist() == ["A | B"]
    ring = box(-0.8, -0.8, -0.2, -0.2).exterior
    assert fronts.geometry.iloc[0].buffer(1e-6).contains(ring)


def test_control_polygons_name_the_file_when_properties_are_missing(tmp_path):
    path = tmp_path / "bare.geojson"
    gpd.GeoDataFrame({"who": ["A"]}, geometry=[SQUARE], crs="EPSG:4326").to_file(path)
    with pytest.raises(BoundaryFileError, match=r"bare.geojson: no date and actor property"):
        control_polygons(path)


def test_csv_rows_by_name_or_coordinates_and_problems_reported(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(
        "place,lat,lon,date,actor\n"
        "Saraqib,,,2020-02-08,government\n"
        ",35.9,36.6,2020-01-01,rebels\n"
        "Atlantis,,,2020-01-01,rebels\n"
        "Idlib,,,someday,rebels\n"
        "Ariha,,,2020-01-01,\n",
        encoding="utf8",
    )
    places = {"saraqib": (36.806, 35.864)}
    loaded = observations_from_csv(path, geocoder=lambda name: places.get(name.lower()))
    assert [(o.place, o.lon, o.lat, o.date, o.actor) for o in loaded.observations] == [
        ("Saraqib", 36.806, 35.864, date(2020, 2, 8), "government"),
        (None, 36.6, 35.9, date(2020, 1, 1), "rebels"),
    ]
    assert loaded.problems == (
        "obs.csv row 4: place 'Atlantis' not found",
        "obs.csv row 5: unreadable date 'someday'",
        "obs.csv row 6: no actor",
    )
    with pytest.raises(ValueError, match=r"upload.csv: no actor column; columns are: place, date"):
        observations_from_csv(b"place,date\nSaraqib,2020-01-01\n", name="upload.csv")


def test_events_become_observations_and_sieges_do_not():
    features = features_from_records(
        [
            {"kind": "event", "category": "capture", "actor": "government", "name": "Saraqib",
             "lon": 36.806, "lat": 35.864, "start": date(2020, 2, 6), "end": date(2020, 2, 8),
             "title": "Saraqib falls", "quote": "Government forces captured Saraqib."},
            {"kind": "event", "category": "control", "actor": "rebels", "name": "Idlib",
             "lon": 36.634, "lat": 35.931, "start": date(2020, 1, 3), "end": date(2020, 1, 9)},
            {"kind": "event", "category": "capture", "actor": "government", "name": "Idlib",
             "lon": 36.634, "lat": 35.931, "start": date(2020, 2, 1), "status": "goal"},
            {"kind": "event", "category": "siege", "actor": "government", "name": "Taftanaz",
             "lon": 36.78, "lat": 35.99, "start": date(2020, 2, 1)},
            {"kind": "event", "category": "capture", "actor": None, "name": "Ariha",
             "lon": 36.61, "lat": 35.81, "start": date(2020, 2, 1), "title": "Ariha"},
            {"kind": "figure", "category": "displaced", "value": 10, "lon": 36.6, "lat": 35.9},
        ]
    )  # fmt: skip
    loaded = observations_from_features(features)
    assert [(o.place, o.actor, o.date) for o in loaded.observations] == [
        ("Saraqib", "government", date(2020, 2, 8)),  # held once the capture is over
        ("Idlib", "rebels", date(2020, 1, 3)),  # held from the start of the report
    ]
    assert 'Saraqib falls: "Government forces captured Saraqib."' in loaded.observations[0].source
    assert loaded.problems == ("capture event at Ariha (Ariha): no actor",)


def test_default_boundary_holds_every_observation():
    observations = grid()
    zones = control_zones(observations, as_of=DAY)
    region = shapely.union_all(zones.geometry.to_numpy())
    assert region.contains(shapely.points([(o.lon, o.lat) for o in observations])).all()
    assert region.area > SQUARE.area


# Control in and around Idlib from the public timeline (docs/TIMELINE.md), in our own words:
# who held each town before the offensive, then the captures and retakes of early 2020.
BEFORE = date(2019, 12, 1)
IDLIB_TIMELINE = (
    ("Aleppo", BEFORE, "government"),
    ("Hama", BEFORE, "government"),
    ("Morek", BEFORE, "government"),
    ("Khan Shaykhun", date(2019, 8, 23), "government"),
    ("Idlib", BEFORE, "rebels"),
    ("Maarat al-Numan", BEFORE, "rebels"),
    ("Saraqib", BEFORE, "rebels"),
    ("Ariha", BEFORE, "rebels"),
    ("Jisr al-Shughur", BEFORE, "rebels"),
    ("Kafr Nabl", BEFORE, "rebels"),
    ("Dana", BEFORE, "rebels"),
    ("Binnish", BEFORE, "rebels"),
    ("Maarat Misrin", BEFORE, "rebels"),
    ("Atarib", BEFORE, "rebels"),
    ("Maarat al-Numan", date(2020, 1, 29), "government"),
    ("Saraqib", date(2020, 2, 8), "government"),
    ("Kafr Nabl", date(2020, 2, 25), "government"),
    ("Saraqib", date(2020, 2, 27), "rebels"),
    ("Saraqib", date(2020, 3, 2), "government"),
)


@pytest.mark.skipif(not ADMIN1.exists(), reason="../shared/geodata is not here")
def test_the_front_near_maarat_al_numan_moves_between_january_and_february(tmp_path, gazetteer):
    path = tmp_path / "idlib.csv"
    path.write_text(
        "place,date,actor\n" + "".join(f"{p},{d.isoformat()},{a}\n" for p, d, a in IDLIB_TIMELINE),
        encoding="utf8",
    )
    loaded = observations_from_csv(path, geocoder=gazetteer_geocoder(gazetteer, country="SY"))
    assert loaded.problems == ()
    governorates = read_boundaries(ADMIN1)
    region = governorates.loc[governorates["PCODE"].isin(["SY02", "SY05", "SY07"]).to_numpy()]
    maarat = next(o for o in loaded.observations if o.place == "Maarat al-Numan")
    meridian = LineString([(maarat.lon, 34.0), (maarat.lon, 37.0)])

    def state(day: date) -> tuple[str, float]:
        zones = control_zones(loaded.observations, as_of=day, boundary=region)
        fronts = frontlines(zones)
        assert fronts["actor"].tolist() == ["government | rebels"]
        crossing = fronts.geometry.iloc[0].intersection(meridian)
        south = min(shapely.get_coordinates(crossing)[:, 1])  # the southern front's crossing
        return zone_of(zones, maarat.lon, maarat.lat), float(south)

    january, january_front = state(date(2020, 1, 15))
    february, february_front = state(date(2020, 2, 15))
    assert (january, february) == ("rebels", "government")
    assert january_front < maarat.lat < february_front  # the front moved north past the town
    assert february_front - january_front > 0.1  # more than 10 km


def test_zones_and_lines_export_as_one_geojson_layer_each_kind():
    zones = control_zones(grid(), as_of=DAY, boundary=SQUARE)
    both = pd.concat([zones, frontlines(zones)], ignore_index=True)
    doc = json.loads(to_geojson(both))
    props = [f["properties"] for f in doc["features"]]
    assert [(p["kind"], p["actor"], p["start"]) for p in props] == [
        ("control_zone", "A", "2020-01-10"),
        ("control_zone", "B", "2020-01-10"),
        ("frontline", "A | B", "2020-01-10"),
    ]
    assert [f["geometry"]["type"] for f in doc["features"]] == [
        "Polygon",
        "Polygon",
        "LineString",
    ]

"""Control zones for the app: which events count, uploads named in errors, the boundary note,
polygons winning, memoised results, and the front moving on the demo articles."""

from __future__ import annotations

import json
from datetime import date

import pytest
import shapely
from shapely.geometry import box

from geo.analysis import control
from geo.analysis.control import Country, control_map, event_observations, holder_at
from geo.analysis.observations import Observation
from geo.features import features_from_records
from geo.io.boundaries import BoundaryFileError
from geo.pipeline import process
from geo.service.articles import demo_documents
from geo.service.control import observations_from_upload, polygons_from_upload, region_from_upload

MAARAT = (36.6797, 35.6433)
SARAQIB = (36.80591, 35.86447)
IDLIB = (36.63393, 35.93062)
SARAQIB_DAYS = (date(2020, 1, 15), date(2020, 2, 15), date(2020, 2, 28), date(2020, 3, 6))
SARAQIB = (36.8, 35.8647)


def west_east() -> list[Observation]:
    """Actor A holds points west of 36.5, B east of it."""
    return [
        Observation(36.2, 35.5, date(2020, 1, 1), "A", "w1"),
        Observation(36.3, 35.9, date(2020, 1, 1), "A", "w2"),
        Observation(36.8, 35.5, date(2020, 1, 1), "B", "e1"),
        Observation(36.7, 35.9, date(2020, 1, 1), "B", "e2"),
        Observation(36.7, 35.9, date(2020, 2, 1), "A", "e2"),  # A takes e2 in February
    ]


def test_zones_and_a_front_between_them():
    result = control_map(west_east(), as_of=date(2020, 1, 15))
    assert set(result.zones["actor"]) == {"A", "B"}
    assert holder_at(result.zones, 36.2, 35.5) == "A"
    assert holder_at(result.zones, 36.7, 35.9) == "B"
    assert len(result.lines) == 1 and result.lines.iloc[0]["actor"] == "A | B"
    assert result.observations == 4
    assert "convex hull" in result.boundary_note
    assert result.features["kind"].tolist() == ["control_zone", "control_zone", "frontline"]


def test_the_front_moves_with_the_day():
    assert holder_at(control_map(west_east(), as_of=date(2020, 1, 15)).zones, 36.7, 35.9) == "B"
    assert holder_at(control_map(west_east(), as_of=date(2020, 2, 15)).zones, 36.7, 35.9) == "A"
    assert control_map(west_east(), as_of=date(2019, 12, 1)).zones.empty


def test_results_are_memoised_and_callers_get_copies():
    control._control.cache_clear()
    first = control_map(west_east(), as_of=date(2020, 1, 15))
    first.zones.loc[0, "actor"] = "changed"
    again = control_map(west_east(), as_of=date(2020, 1, 15))
    assert control._control.cache_info().hits == 1
    assert "changed" not in set(again.zones["actor"])


def test_a_given_boundary_is_named_and_clips():
    region = box(36.0, 35.4, 37.0, 36.0)
    result = control_map(west_east(), as_of=date(2020, 1, 15), boundary=region,
                         boundary_name="idlib.geojson")  # fmt: skip
    assert result.boundary_note == "boundary file idlib.geojson"
    covered = shapely.union_all(result.zones.geometry.to_numpy())
    assert abs(shapely.area(covered) - region.area) < 1e-9
    assert region.buffer(1e-9).covers(covered)


def test_default_region_keeps_inside_the_country():
    result = control_map(west_east(), as_of=date(2020, 1, 15), country=Country("SY", "Syria"))
    assert "within Syria's outline (countryinfo)" in result.boundary_note
    # Turkey's Hatay (36.2 E, 36.5 N) lies beyond the border
    assert holder_at(result.zones, 36.16, 36.2) is None


def polygon_file(props: dict[str, object]) -> bytes:
    feature = {
        "type": "Feature",
        "properties": props,
        "geometry": shapely.geometry.mapping(box(36.6, 35.8, 36.9, 36.0)),
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def test_uploaded_polygons_win_where_they_are_valid():
    polygons = polygons_from_upload("tracker.geojson", polygon_file(
        {"date": "2020-01-10", "controlled_by": "C"}))  # fmt: skip
    result = control_map(west_east(), as_of=date(2020, 1, 15), polygons=[polygons])
    assert holder_at(result.zones, 36.75, 35.9) == "C"
    observed = result.zones.loc[result.zones["category"].eq("observed")]
    assert observed.iloc[0]["quote"] == "observed polygon from tracker.geojson dated 2020-01-10"
    assert result.polygons == 1
    before = control_map(west_east(), as_of=date(2020, 1, 5), polygons=[polygons])
    assert holder_at(before.zones, 36.75, 35.9) == "B"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("zones.geojson", polygon_file({"when": "2020-01-10", "actor": "C"}),
         "zones.geojson: no date"),
        ("zones.kml", b"<kml/>", "zones.kml: unknown control polygon format"),
        ("zones.geojson", b"", "zones.geojson: is empty"),
        ("zones.geojson", b"{not json", "zones.geojson: "),
    ],
)  # fmt: skip
def test_bad_polygon_files_name_the_file(name, data, message):
    with pytest.raises(BoundaryFileError, match="^" + message.replace(".", r"\.")):
        polygons_from_upload(name, data)


def test_bad_boundary_file_names_the_file():
    with pytest.raises(BoundaryFileError, match=r"^area\.geojson: "):
        region_from_upload("area.geojson", b'{"type": "FeatureCollection", "features": []}')


def test_observation_csv_upload():
    data = b"place,lat,lon,date,actor\nw,35.5,36.2,2020-01-01,A\nx,,,someday,B\n"
    read = observations_from_upload("front.csv", data)
    assert [o.actor for o in read.observations] == ["A"]
    assert read.problems == ("front.csv row 3: unreadable date 'someday'",)
    with pytest.raises(ValueError, match=r"^front\.csv: no actor column"):
        observations_from_upload("front.csv", b"place,date\nSaraqib,2020-01-01\n")
    with pytest.raises(ValueError, match=r"^front\.csv: is empty"):
        observations_from_upload("front.csv", b"  \n")


def test_observation_csv_places_come_from_the_gazetteer():
    data = b"place,date,actor\nSaraqib,2020-02-06,government\nAriha,2020-02-06,rebels\n"
    read = observations_from_upload("front.csv", data, country=Country("SY", "Syria"))
    assert len(read.observations) == 2, read.problems
    saraqib = read.observations[0]
    assert abs(saraqib.lon - SARAQIB[0]) < 0.05 and abs(saraqib.lat - SARAQIB[1]) < 0.05
    assert 36.4 < read.observations[1].lon < 36.8  # the Syrian Ariha, not Jericho


def test_only_events_placed_at_their_own_town_count():
    features = features_from_records(
        [
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "category": "capture",
             "actor": "government", "start": date(2020, 2, 6), "end": date(2020, 2, 6),
             "status": "reported", "geo_precision": 1},
            {"kind": "event", "name": "Idlib", "lon": 36.63, "lat": 35.93, "category": "capture",
             "actor": "government", "start": date(2020, 2, 6), "end": date(2020, 2, 6),
             "status": "reported", "geo_precision": 2},  # the article's focus, as a fallback
            {"kind": "event", "name": "Ariha", "lon": 36.6, "lat": 35.8, "category": "capture",
             "actor": "government", "start": date(2020, 2, 6), "status": "goal",
             "geo_precision": 1},
        ]
    )  # fmt: skip
    found = event_observations(features).observations
    assert [o.place for o in found] == ["Saraqib"]


@pytest.fixture(scope="module")
def demo_features():
    return process(demo_documents()[0]).features


def test_the_front_moves_on_the_demo_articles(demo_features):
    observations = event_observations(demo_features).observations
    country = control.main_country(demo_features)
    assert country == Country("SY", "Syria")

    def holder(day: date, place: tuple[float, float]) -> str | None:
        zones = control_map(observations, as_of=day, country=country).zones
        return holder_at(zones, *place)

    assert holder(date(2020, 1, 15), MAARAT) == "rebels"
    assert holder(date(2020, 2, 15), MAARAT) == "government"
    assert holder(date(2020, 3, 6), MAARAT) == "government"
    # Saraqib changes hands three times in the demo dispatches, as in the public record:
    # taken by the government on Feb. 6, retaken by the opposition on Feb. 27, lost on Mar. 2.
    assert [holder(day, SARAQIB) for day in SARAQIB_DAYS] == [
        "rebels",
        "government",
        "rebels",
        "government",
    ]
    assert holder(date(2020, 3, 6), IDLIB) == "rebels"  # the city itself never fell
    lines = control_map(observations, as_of=date(2020, 2, 15), country=country).lines
    assert len(lines) == 1


def test_observations_on_two_continents_draw_no_front_across_the_sea() -> None:
    observations = [
        Observation(-75.0, -9.5, date(2017, 1, 10), "A", "peru"),
        Observation(37.8, 48.0, date(2017, 1, 31), "B", "donbas"),
    ]
    result = control_map(observations, as_of=date(2017, 2, 1))
    assert result.zones.empty and result.lines.empty
    assert "too far apart" in result.boundary_note

"""The session's map and its range: features for every date with stable ids, zone sets that
hold from their day until the next, the rows a range shows (the rule map.js applies too), and
which range a session gets (the map's, the one kept, the address, the whole span)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from extract.records import Document
from geo.analysis.observations import Observation
from geo.features import features_from_records
from geo.render import layers
from geo.service import mapview
from geo.service.control import ControlFiles
from geo.service.mapview import (
    MapFeatures,
    chosen_period,
    dated_span,
    in_range,
    kinds_present,
    map_features,
    of_kinds,
    zone_snapshots,
)
from geo.store import open_store

SARAQIB = (36.8, 35.86)
MAARAT = (36.68, 35.65)
ARIHA = (36.61, 35.81)


def observed(place: tuple[float, float], day: date, actor: str, name: str) -> Observation:
    return Observation(place[0], place[1], day, actor, name)


def front_files() -> ControlFiles:
    files = ControlFiles()
    files.observations["front.csv"] = (
        observed(SARAQIB, date(2020, 1, 10), "rebels", "Saraqib"),
        observed(MAARAT, date(2020, 1, 10), "rebels", "Maarat"),
        observed(ARIHA, date(2020, 1, 10), "rebels", "Ariha"),
        observed(MAARAT, date(2020, 1, 28), "government", "Maarat"),
        observed(SARAQIB, date(2020, 2, 6), "government", "Saraqib"),
    )
    return files


def rows():
    return features_from_records(
        [
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86,
             "start": date(2020, 2, 6), "end": date(2020, 2, 6)},
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "start": date(2019, 12, 1), "end": date(2020, 1, 19)},
            {"kind": "place", "name": "Ariha", "lon": 36.61, "lat": 35.81},  # undated
            {"kind": "place", "name": "Binnish", "lon": 36.71, "lat": 35.95,
             "start": date(2020, 1, 20)},  # one date: that day
            {"kind": "control_zone", "name": "rebels", "actor": "rebels",
             "start": date(2020, 1, 10), "end": date(2020, 1, 27), "lon": 36.6, "lat": 35.8},
            {"kind": "control_zone", "name": "government", "actor": "government",
             "start": date(2020, 1, 28), "end": None, "lon": 36.6, "lat": 35.8},
        ]
    )  # fmt: skip


def names(frame) -> list[str]:
    return list(frame["name"])


def test_a_range_shows_what_overlaps_it_and_the_zones_holding_on_its_last_day():
    features = rows()
    january = in_range(features, (date(2020, 1, 1), date(2020, 1, 31), True))
    assert names(january) == ["Idlib", "Ariha", "Binnish", "government"]
    assert list(january.index) == [1, 2, 3, 5]  # each row keeps its id on the map
    mid_january = in_range(features, (date(2020, 1, 1), date(2020, 1, 15), False))
    assert names(mid_january) == ["Idlib", "rebels"]  # undated ones hidden
    february = in_range(features, (date(2020, 2, 6), date(2020, 2, 6), True))
    assert names(february) == ["Saraqib", "Ariha", "government"]
    assert names(in_range(features, None)) == names(features)


def test_the_span_runs_from_the_first_to_the_last_day_anything_touches():
    assert dated_span(rows()) == (date(2019, 12, 1), date(2020, 2, 6))
    assert dated_span(rows().iloc[[2]]) is None


def test_the_range_is_the_maps_else_the_addresss_else_everything():
    span = (date(2019, 12, 1), date(2020, 3, 6))
    sent = {"start": "2020-01-01", "end": "2020-01-31", "undated": False}
    address = {"start": "2020-02-20", "end": "2020-02-25", "undated": "hide", "zoom": "9"}
    assert chosen_period(sent, address, span) == (date(2020, 1, 1), date(2020, 1, 31), False)
    assert chosen_period(None, address, span) == (date(2020, 2, 20), date(2020, 2, 25), False)
    everything = {"start": None, "end": None, "undated": True}  # the map's "all" button
    assert chosen_period(everything, address, span) == (*span, True)
    assert chosen_period(None, {}, span) == (*span, True)
    assert chosen_period(None, {"start": "junk", "end": "2020-01-01"}, span) == (*span, True)
    # clipped to the span, ends in order
    far = {"start": "2021-01-01", "end": "2019-01-01"}
    assert chosen_period(None, far, span) == (*span, True)
    assert chosen_period(None, {}, None) is None


def test_zone_sets_hold_from_their_day_until_the_next_one():
    snapshots, thinned = zone_snapshots(features_from_records([]), front_files())
    assert not thinned
    assert [(s.since, s.until) for s in snapshots] == [
        (date(2020, 1, 10), date(2020, 1, 27)),
        (date(2020, 1, 28), date(2020, 2, 5)),
        (date(2020, 2, 6), None),
    ]
    actors = [set(s.zones.zones["actor"]) for s in snapshots]
    assert actors == [{"rebels"}, {"government", "rebels"}, {"government", "rebels"}]
    assert len(snapshots[1].zones.lines) >= 1  # a frontline once two actors hold ground
    again, _ = zone_snapshots(features_from_records([]), front_files())
    assert again is snapshots  # remembered for the next rerun


def test_with_many_change_days_some_sets_are_left_out_but_the_last_stays():
    files = ControlFiles()
    files.observations["daily.csv"] = tuple(
        observed(SARAQIB if day % 2 else MAARAT, date(2020, 1, 1 + day), "rebels", "x")
        for day in range(12)
    )
    snapshots, thinned = zone_snapshots(features_from_records([]), files, most=5)
    assert thinned and len(snapshots) == 5
    assert snapshots[-1].since == date(2020, 1, 12) and snapshots[-1].until is None
    view = MapFeatures(features_from_records([]), snapshots, None, thinned)
    held = view.zones_as_of(date(2020, 1, 11))
    assert held is not None and held.as_of <= date(2020, 1, 11)


def test_zones_as_of_a_day_say_that_day_when_every_change_is_drawn():
    snapshots, _ = zone_snapshots(features_from_records([]), front_files())
    view = MapFeatures(features_from_records([]), snapshots, None, False)
    assert view.zones_as_of(date(2020, 1, 9)) is None  # before anything was observed
    zones = view.zones_as_of(date(2020, 1, 31))
    assert zones is not None and zones.as_of == date(2020, 1, 31)
    assert set(zones.zones["actor"]) == {"government", "rebels"}
    assert view.zones_as_of(None) is snapshots[-1].zones


def test_the_map_reads_every_date_once_and_kinds_keep_their_ids(tmp_path):
    with open_store(str(tmp_path / "atlas.gpkg")) as store:
        drawn = map_features(store, None, front_files())
    assert kinds_present(drawn.features) == ["control_zone", "frontline"]
    assert drawn.span == (date(2020, 1, 10), date(2020, 2, 6))
    assert list(drawn.features.index) == list(range(len(drawn.features)))
    lines = of_kinds(drawn.features, ["frontline"])
    assert set(lines["kind"]) == {"frontline"}
    assert list(lines.index) == [
        i for i, k in enumerate(drawn.features["kind"]) if k == "frontline"
    ]


@pytest.mark.parametrize("undated", [True, False])
def test_undated_features_follow_the_choice(undated):
    shown = in_range(rows(), (date(2019, 12, 1), date(2020, 3, 1), undated))
    assert ("Ariha" in names(shown)) is undated


def test_sessions_asking_at_once_for_the_same_map_compute_it_once(tmp_path, monkeypatch):
    computed = []
    original = mapview._drawn_for

    def slow(everything, files, said=()):
        computed.append(1)
        time.sleep(0.3)  # long enough for the other session to ask meanwhile
        return original(everything, files, said)

    monkeypatch.setattr(mapview, "_drawn_for", slow)
    files = front_files()
    files.observations["session.csv"] = (observed(ARIHA, date(2020, 3, 1), "rebels", "Ariha"),)
    got = []
    with open_store(str(tmp_path / "atlas.gpkg")) as store:
        sessions = [
            threading.Thread(target=lambda: got.append(map_features(store, None, files)))
            for _ in range(3)
        ]
        for session in sessions:
            session.start()
        for session in sessions:
            session.join()
    assert len(computed) == 1
    assert len(got) == 3 and got[0] is got[1] is got[2]


def test_the_map_prepared_at_start_is_the_one_a_new_session_opens(tmp_path, monkeypatch):
    rows = [
        {"kind": "place", "name": f"p{i}", "lon": 36 + i / 50, "lat": 35.5, "doc_id": "a",
         "start": date(2020, 1, 1 + i)}
        for i in range(5)
    ]  # fmt: skip
    with open_store(str(tmp_path / "atlas.gpkg")) as store:
        store.add([Document("a", "text", "A", "", date(2020, 1, 5), "desk")],
                  features_from_records(rows))  # fmt: skip
        mapview.warm(store)
        computed = []
        monkeypatch.setattr(mapview, "_drawn_for", lambda *args: computed.append(1))
        monkeypatch.setattr(layers, "_layers", lambda *args: computed.append(1))
        drawn = map_features(store, None, ControlFiles())
        layers.map_layers(of_kinds(drawn.features, kinds_present(drawn.features)))
    assert computed == []  # nothing computed again: the session got the prepared map
    assert list(drawn.features["name"]) == [f"p{i}" for i in range(5)]


def test_a_store_unchanged_is_not_read_again_and_any_write_is_seen(tmp_path, monkeypatch):
    path = str(tmp_path / "atlas.gpkg")
    article = Document("a", "text", "A", "", date(2020, 1, 5), "desk")

    def places(*named: str):
        return features_from_records(
            [{"kind": "place", "name": name, "lon": 36.6 + i / 10, "lat": 35.8, "doc_id": "a"}
             for i, name in enumerate(named)]
        )  # fmt: skip

    with open_store(path) as app_store, open_store(path) as other_process:
        other_process.add([article], places("Ariha", "Saraqib"))
        first = map_features(app_store, None, ControlFiles())
        reads = []
        monkeypatch.setattr(app_store, "read", lambda *a, **k: reads.append(1) or 1 / 0)
        assert map_features(app_store, None, ControlFiles()) is first and reads == []
        monkeypatch.undo()
        # the article read again, as a new gazetteer would: as many places, another one
        other_process.replace(article, places("Ariha", "Binnish"))
        second = map_features(app_store, None, ControlFiles())
    assert sorted(first.features["name"]) == ["Ariha", "Saraqib"]
    assert sorted(second.features["name"]) == ["Ariha", "Binnish"]

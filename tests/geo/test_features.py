"""Features frames: the empty frame, date and kind filters."""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo.features import (
    FEATURE_COLUMNS,
    empty_features,
    features_from_records,
    filter_by_dates,
    filter_kinds,
)


def sample():
    return features_from_records(
        [
            {"kind": "place", "name": "Maarat al-Numan", "lon": 36.68, "lat": 35.65,
             "start": date(2019, 12, 20), "end": date(2019, 12, 20), "mentions": 3},
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "category": "displaced", "value": 358000, "qualifier": "about",
             "start": date(2019, 12, 1), "end": date(2020, 1, 19)},
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86,
             "category": "capture", "start": date(2020, 2, 6), "end": None},
            {"kind": "place", "name": "Damascus", "lon": 36.29, "lat": 33.51},
        ]
    )  # fmt: skip


def test_empty_features_has_the_schema_columns_in_wgs84():
    frame = empty_features()
    assert list(frame.columns) == [*FEATURE_COLUMNS, "geometry"]
    assert frame.empty
    assert frame.crs.to_epsg() == 4326


def test_features_from_records_builds_points_from_lon_lat():
    frame = sample()
    assert frame.geometry.iloc[0].x == 36.68
    assert frame.geometry.iloc[0].y == 35.65
    assert features_from_records([{"kind": "place"}]).geometry.iloc[0] is None


def test_filter_by_dates_keeps_overlapping_intervals_and_undated():
    frame = sample()
    names = filter_by_dates(frame, date(2020, 1, 1), date(2020, 1, 31))["name"].tolist()
    # Idlib's figure runs Dec 1 - Jan 19; Damascus has no dates and is kept.
    assert names == ["Idlib", "Damascus"]


def test_filter_by_dates_treats_a_single_date_as_one_day():
    frame = sample()
    assert "Saraqib" in filter_by_dates(frame, date(2020, 2, 6), date(2020, 2, 6))["name"].tolist()
    assert (
        "Saraqib" not in filter_by_dates(frame, date(2020, 2, 7), date(2020, 3, 1))["name"].tolist()
    )


def test_filter_by_dates_can_drop_undated_and_accepts_reversed_bounds():
    frame = sample()
    names = filter_by_dates(frame, date(2019, 12, 31), date(2019, 12, 1), keep_undated=False)[
        "name"
    ].tolist()
    assert names == ["Maarat al-Numan", "Idlib"]


def test_filter_by_dates_reads_timestamps_and_iso_strings():
    frame = sample()
    frame["start"] = ["2019-12-20", pd.Timestamp("2019-12-01"), None, None]
    frame["end"] = ["2019-12-20", "2020-01-19", None, None]
    names = filter_by_dates(frame, date(2019, 12, 19), date(2019, 12, 21))["name"].tolist()
    assert names == ["Maarat al-Numan", "Idlib", "Saraqib", "Damascus"]  # the last two: undated


def test_filters_on_an_empty_frame_return_an_empty_frame():
    frame = empty_features()
    assert filter_by_dates(frame, date(2020, 1, 1), date(2020, 2, 1)).empty
    assert filter_kinds(frame, ["place"]).empty


def test_filter_kinds():
    frame = sample()
    assert filter_kinds(frame, ["place"])["name"].tolist() == ["Maarat al-Numan", "Damascus"]
    assert filter_kinds(frame, []).empty

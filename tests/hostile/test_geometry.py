"""Geometry an analyst should not have fed us: areas with latitudes of 95-196 or no shape at all,
zones that would reach past the poles or the antimeridian, and tables too large to join."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import box

from extract.readers import MAX_BYTES
from geo.analysis.joins import aggregate_by_area, join_table
from geo.analysis.observations import Observation
from geo.analysis.zones import control_zones, frontlines
from geo.cli import main
from geo.features import features_from_records
from geo.io.boundaries import BoundaryFileError, read_boundaries
from geo.io.export import to_geojson
from geo.io.tables import MAX_UNPACKED_BYTES, TableFileError, read_table
from geo.service.areas import join_notes

DAY = date(2020, 2, 1)


def _feature(code: str, geometry: dict | None) -> dict:  # type: ignore[type-arg]
    return {"type": "Feature", "properties": {"PCODE": code}, "geometry": geometry}


def _square(x: float, y: float, size: float = 1.0) -> dict:  # type: ignore[type-arg]
    return box(x, y, x + size, y + size).__geo_interface__  # type: ignore[no-any-return]


def _write(path: Path, features: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Feature 1 fine, 2 at latitudes 95-196, 3 with an empty polygon, 4 fine."""
    return _write(
        tmp_path / "areas.geojson",
        [
            _feature("A1", _square(36.0, 35.0)),
            _feature("B2", {"type": "Polygon", "coordinates": [[[36, 95], [37, 95], [37, 196],
                                                                [36, 196], [36, 95]]]}),
            _feature("C3", {"type": "Polygon", "coordinates": []}),
            _feature("D4", _square(37.0, 35.0)),
        ],
    )  # fmt: skip


def test_areas_out_of_range_or_empty_are_left_out_and_named(mixed: Path) -> None:
    areas = read_boundaries(mixed)
    assert list(areas["PCODE"]) == ["A1", "D4"]
    problems = " | ".join(areas.attrs["problems"])
    assert "areas.geojson" in problems
    assert "outside longitude -180..180 / latitude -90..90: feature 2" in problems
    assert "empty geometry" in problems and "feature 3" in problems


def test_a_file_with_only_out_of_range_areas_is_refused(tmp_path: Path) -> None:
    projected = _write(  # metres that say nothing of their CRS
        tmp_path / "utm.geojson",
        [_feature("X", _square(300_000.0, 3_900_000.0, 1000.0)),
         _feature("Y", _square(301_000.0, 3_900_000.0, 1000.0))],
    )  # fmt: skip
    with pytest.raises(BoundaryFileError) as caught:
        read_boundaries(projected)
    message = str(caught.value)
    assert message.startswith("utm.geojson: no usable areas")
    assert "outside longitude -180..180" in message and "feature 1, 2" in message


def test_table_rows_of_left_out_areas_are_unmatched_not_summed(mixed: Path, tmp_path: Path) -> None:
    table = tmp_path / "idps.csv"
    table.write_text("code,idps\nA1,100\nB2,5000\nC3,7000\nD4,20\n", encoding="utf-8")
    result = join_table(table, mixed, table_key="code", boundary_key="PCODE", value="idps")
    assert result.total_table == 12_120
    assert result.total_joined == 120
    assert dict(zip(result.areas["PCODE"], result.areas["value"], strict=True)) == {
        "A1": 100,
        "D4": 20,
    }
    assert sorted(result.unmatched["code"]) == ["B2", "C3"]
    assert set(result.unmatched["reason"]) == {"matches no area"}
    assert len(result.problems) == 2
    # The app shows them: the join's notes carry each left-out area as a warning.
    warnings = [
        text for level, text in join_notes(result, "idps.csv", "mixed") if level == "warning"
    ]
    assert any("left out" in text and "feature 2" in text for text in warnings)


def test_a_frame_of_areas_with_an_empty_one_counts_nothing_on_it() -> None:
    areas = gpd.GeoDataFrame(
        {"PCODE": ["A1", "E0"]},
        geometry=[box(36.0, 35.0, 37.0, 36.0), shapely.Polygon()],
        crs="EPSG:4326",
    )
    points = features_from_records(
        [{"kind": "figure", "category": "displaced", "value": 300, "lon": 36.5, "lat": 35.5,
          "doc_id": "d"},
         {"kind": "event", "lon": 36.2, "lat": 35.2, "doc_id": "d"}]
    )  # fmt: skip
    counted = aggregate_by_area(points, areas, area_key="PCODE")
    assert list(counted["PCODE"]) == ["A1"]
    assert counted["features"].tolist() == [2] and counted["displaced"].tolist() == [300]

    table = join_table(
        _csv(b"code,n\nA1,5\nE0,9\n"), areas, table_key="code", boundary_key="PCODE", value="n"
    )
    assert table.total_joined == 5 and list(table.unmatched["code"]) == ["E0"]


def _csv(data: bytes) -> object:
    from geo.io.tables import read_table

    return read_table(data, name="n.csv")


def test_cli_join_says_which_areas_were_left_out(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "idps.csv"
    table.write_text("code,idps\nA1,100\nB2,5000\n", encoding="utf-8")
    out = tmp_path / "joined.geojson"
    args = ["join", str(table), "--boundaries", str(mixed), "--table-key", "code",
            "--boundary-key", "PCODE", "--value", "idps", "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "feature 2" in err and "feature 3" in err and "no area for row" in err
    joined = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(f["properties"]["PCODE"] for f in joined["features"]) == ["A1", "D4"]


# --- zones and frontlines stay on the globe --------------------------------------------------


def _coordinates(frame: gpd.GeoDataFrame) -> np.ndarray:
    return shapely.get_coordinates(frame.geometry.to_numpy())


def _in_range(xy: np.ndarray) -> bool:
    lon, lat = xy[:, 0], xy[:, 1]
    return bool(((lon >= -180) & (lon <= 180) & (lat >= -90) & (lat <= 90)).all())


def test_zones_near_the_pole_and_the_antimeridian_stay_in_range() -> None:
    observations = [
        Observation(179.5, 89.5, DAY, "A", "north-east"),
        Observation(179.9, 88.0, DAY, "B", "east"),
        Observation(178.0, 89.9, DAY, "A", "north"),
    ]
    zones = control_zones(observations, as_of=DAY)
    lines = frontlines(zones)
    assert set(zones["actor"]) == {"A", "B"} and len(lines) == 1
    assert _in_range(_coordinates(zones)) and _in_range(_coordinates(lines))
    written = json.loads(to_geojson(gpd.pd.concat([zones, lines], ignore_index=True)))
    coords = np.array(
        [xy for f in written["features"] for xy in shapely.get_coordinates(
            shapely.geometry.shape(f["geometry"]))]
    )  # fmt: skip
    assert _in_range(coords)


def test_a_boundary_past_the_poles_is_clipped_to_the_world() -> None:
    observations = [
        Observation(10.0, 60.0, DAY, "A", "west"),
        Observation(20.0, 60.0, DAY, "B", "east"),
    ]
    boundary = box(0.0, 50.0, 30.0, 120.0)  # a file with latitudes up to 120
    zones = control_zones(observations, as_of=DAY, boundary=boundary)
    assert _in_range(_coordinates(zones))
    assert _coordinates(zones)[:, 1].max() == 90.0
    assert _in_range(_coordinates(frontlines(zones)))


# --- tables too large to join --------------------------------------------------------------------


def test_a_table_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:  # sparse: the size is what counts, nothing is read
        handle.write(b"code,idps\n")
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(TableFileError) as caught:
        read_table(big)
    assert str(caught.value).startswith("huge.csv: is too large")
    with pytest.raises(TableFileError, match=r"^upload\.csv: is too large"):
        read_table(b"code,idps\n" + b"x" * MAX_BYTES, name="upload.csv")


def test_a_workbook_that_unpacks_past_the_limit_is_refused(tmp_path: Path) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"<row/>" * (MAX_UNPACKED_BYTES // 6 + 1))
    assert len(packed.getvalue()) < MAX_BYTES  # small on disk, a bomb in memory
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(packed.getvalue())
    with pytest.raises(TableFileError, match=r"^bomb\.xlsx: unpacks to \d+ MB"):
        read_table(path)

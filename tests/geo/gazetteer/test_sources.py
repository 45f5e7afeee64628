"""Gazetteer files an analyst adds: GeoNames dumps and named points join the index with their
source, villages are placed where they are and their namesakes abroad are not, and the files
can be listed and removed. Every file is written by the test."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from extract.readers import InputError
from extract.records import Document
from geo.cli import main
from geo.gazetteer import Gazetteer, add_gazetteer, list_sources, remove_gazetteer
from geo.geodesy import great_circle_km
from geo.pipeline import analyse, feature_rows

SARMADA = (36.1833, 36.7236)  # a town near the Turkish border in Idlib province
ATMEH = (36.2058, 36.6819)
KAFR_AMMA = (36.1706, 36.7972)


def geonames_row(gid: int, name: str, lat: float, lon: float, cc: str, people: int = 0,
                 alternates: str = "", code: str = "PPL") -> str:  # fmt: skip
    cells = [str(gid), name, name, alternates, str(lat), str(lon), "P", code, cc, "", "01",
             "", "", "", str(people), "", "300", "Asia/Damascus", "2024-01-01"]  # fmt: skip
    return "\t".join(cells)


@pytest.fixture
def villages(tmp_path: Path) -> Path:
    """Three Idlib villages, and namesakes of two of them abroad that are bigger."""
    rows = [
        geonames_row(9_100_001, "Sarmada", *SARMADA, "SY", alternates="Sarmadah"),
        geonames_row(9_100_002, "Atmeh", *ATMEH, "SY", alternates="Atma,Atmah"),
        geonames_row(9_100_003, "Kafr Amma", *KAFR_AMMA, "SY"),
        geonames_row(9_100_004, "Sarmada", 40.1, -3.7, "ES", people=40_000),
        geonames_row(9_100_005, "Atmeh", -12.0, -77.0, "PE", people=25_000),
    ]
    path = tmp_path / "SY.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _places(text: str, gazetteer: Gazetteer) -> dict[str, tuple[float, float]]:
    analysis = analyse(Document(id="t", text=text, published=date(2020, 2, 1)), gazetteer=gazetteer)
    return {r.mention.text: (r.place.lat, r.place.lon) for r in analysis.places}


def test_added_villages_are_placed_and_their_namesakes_abroad_are_not(data_dir, villages) -> None:  # type: ignore[no-untyped-def]
    before = Gazetteer.load()
    added = add_gazetteer(villages)
    assert (added.places, added.kind) == (5, "GeoNames dump")
    assert [s.file for s in list_sources()] == ["SY.txt"]
    gazetteer = Gazetteer.load()
    assert len(gazetteer) == len(before) + 5

    text = (
        "Regime shelling hit Sarmada and the village of Kafr Amma in Idlib province on Friday. "
        "Families fled Atmah toward the camps near the Turkish border."
    )
    found = _places(text, gazetteer)
    for name, spot in (("Sarmada", SARMADA), ("Kafr Amma", KAFR_AMMA), ("Atmah", ATMEH)):
        assert great_circle_km(*found[name], *spot) < 2, name
    # the same name in a text about Spain is the Spanish town
    spanish = _places(
        "Farmers in Sarmada, north of Madrid in Spain, marched on Tuesday.", gazetteer
    )
    assert great_circle_km(*spanish["Sarmada"], 40.1, -3.7) < 2


def test_every_entry_says_which_file_it_came_from(data_dir, villages) -> None:  # type: ignore[no-untyped-def]
    add_gazetteer(villages)
    text = "Shelling hit the village of Kafr Amma on Friday."
    analysis = analyse(
        Document(id="t", text=text, published=date(2020, 2, 1)), gazetteer=Gazetteer.load()
    )
    rows = [r for r in feature_rows(analysis) if r["kind"] == "place"]
    assert rows and rows[0]["place_source"] == "SY.txt (added gazetteer)"
    assert rows[0]["geo_precision"] == 1


def test_a_zipped_dump_and_a_country_filter(data_dir, villages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(villages, "allCountries.txt")
        zipped.writestr("readme.txt", "GeoNames")
    added = add_gazetteer(archive, countries=["sy"])
    assert added.places == 3  # the Spanish and Peruvian namesakes were left out


def test_points_without_a_country_take_the_nearest_towns(data_dir, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "sites.csv"
    csv.write_text(
        "site_name,latitude,longitude,site_type,aliases,pcode\n"
        "Bab al-Nour camp,36.2111,36.6844,camp,Bab al Nour|Bab Alnour,CP001\n"
        ",36.3,36.7,camp,,CP002\n",
        encoding="utf-8",
    )
    added = add_gazetteer(csv)
    assert (added.places, added.kind) == (1, "named points")
    place = Gazetteer.load().lookup("Bab al Nour")[0]
    assert (place.country_code, place.feature_code) == ("SY", "CMP")
    assert place.source == "sites.csv (added gazetteer), P-code CP001"


def test_a_line_keeps_its_shape_and_is_drawn_as_one(data_dir, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    layer = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "Bab al-Hawa road"},
             "geometry": {"type": "LineString", "coordinates": [[36.63, 35.93], [36.66, 36.26]]}}
        ],
    }  # fmt: skip
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(layer), encoding="utf-8")
    add_gazetteer(path)
    text = "Trucks queued on the Bab al-Hawa road in Idlib province on Monday."
    analysis = analyse(
        Document(id="t", text=text, published=date(2020, 2, 1)), gazetteer=Gazetteer.load()
    )
    road = [r for r in feature_rows(analysis) if r["name"] == "Bab al-Hawa road"]
    assert road and road[0]["geometry"].geom_type == "LineString"
    assert road[0]["geo_precision"] == 2


def test_removing_a_file_takes_its_names_away(data_dir, villages) -> None:  # type: ignore[no-untyped-def]
    added = add_gazetteer(villages)
    assert Gazetteer.load().lookup("Kafr Amma")
    assert remove_gazetteer(added.id).file == "SY.txt"
    assert not Gazetteer.load().lookup("Kafr Amma") and list_sources() == []
    with pytest.raises(InputError, match=r"^sy: no added gazetteer"):
        remove_gazetteer("sy")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("short.txt", "1\tSarmada\t36.1\t36.7\n", r"^short\.txt: is not a GeoNames dump"),
        ("latin.txt", "Caf\u00e9".encode("latin-1"), r"^latin\.txt line 1: is not UTF-8"),
        ("places.csv", b"town,x,y\nSarmada,36.7,36.1\n", r"^places\.csv: no name column; columns"),
        ("empty.csv", b"", r"^empty\.csv: is empty"),
        ("places.kml", b"<kml/>", r"^places\.kml: unknown gazetteer format \.kml"),
        (
            "far.csv",
            b"name,lat,lon\nNowhere,95,36\n",
            r"^far\.csv line 2: coordinates out of range",
        ),
    ],
)
def test_bad_files_are_refused_with_their_name_and_nothing_is_added(
    data_dir, tmp_path: Path, name: str, data: str | bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    with pytest.raises(InputError, match=message):
        add_gazetteer(path)
    assert list_sources() == []


def test_the_cli_adds_lists_and_removes(
    data_dir, villages, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    assert main(["gazetteer", "add", str(villages)]) == 0
    assert "added SY.txt as sy: 5 places" in capsys.readouterr().err
    assert main(["gazetteer", "list"]) == 0
    assert capsys.readouterr().out.startswith("sy\tSY.txt\tGeoNames dump\t5 places")
    assert main(["gazetteer", "add", str(villages.with_name("missing.txt"))]) == 1
    assert "missing.txt: does not exist" in capsys.readouterr().err
    assert main(["gazetteer", "remove", "SY.txt"]) == 0
    assert main(["gazetteer", "list"]) == 0
    assert capsys.readouterr().out == ""


def test_an_added_village_is_not_refused_for_a_container_named_by_another_spelling(
    data_dir, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # "Tirah" is one of the names of Tire, in Turkey: a village of the Tirah valley the analyst
    # added by its own name stays where the file puts it
    path = tmp_path / "PK.txt"
    path.write_text(geonames_row(9_200_001, "Naray Baba", 34.09, 71.14, "PK") + "\n")
    add_gazetteer(path)
    text = "A device went off in their stronghold in Naray Baba of Tirah Valley on Sunday."
    found = _places(text, Gazetteer.load())
    assert great_circle_km(*found["Naray Baba"], 34.09, 71.14) < 2

"""The ``atlas`` command line on real files: geoparse's benchmark format, extract's GeoJSON."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest

from geo.cli import main

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seeds" / "001_08f143545b554bad.txt"


def test_geoparse_writes_the_benchmark_format(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "s1", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"

    assert main(["geoparse", str(source), "-o", str(out)]) == 0

    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == "s1"
    saraqib = [t for t in record["toponyms"] if t["name"] == "Saraqib"]
    assert saraqib and saraqib[0]["geonameid"] == 164816
    first = saraqib[0]
    assert text[first["start"] : first["end"]] == "Saraqib"
    assert set(first) >= {"start", "end", "name", "lat", "lon", "geonameid", "score"}


def test_extract_writes_geojson_that_geopandas_reads(tmp_path: Path) -> None:
    out = tmp_path / "seed.geojson"
    assert main(["extract", str(SEED), "--published", "2019-12-26", "-o", str(out)]) == 0

    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection" and "crs" not in raw
    frame = gpd.read_file(out)
    displaced = frame[(frame.kind == "figure") & (frame.category == "displaced")]
    assert 100000 in set(displaced.value.dropna().astype(int))
    assert {"Saraqib", "Latakia", "Aleppo"} <= set(frame.name)


def test_extract_names_a_bad_file_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty), "-o", str(tmp_path / "x.geojson")]) == 1
    assert "empty.txt" in capsys.readouterr().err


GEODATA = SHARED / "geodata"


def test_geocode_offline_prints_coordinates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Maarat al-Numaan", "Saraqib"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(name, round(float(lat), 2), round(float(lon), 2)) for name, lat, lon, _ in lines] == [
        ("Maarat al-Numaan", 35.65, 36.68),
        ("Saraqib", 35.86, 36.81),
    ]


def test_geocode_says_which_names_it_cannot_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Qwxzzy"]) == 1
    assert "Qwxzzy\tnot found" in capsys.readouterr().err


OBSERVATIONS = """place,date,actor
Aleppo,2019-12-01,government
Hama,2019-12-01,government
Khan Shaykhun,2019-12-01,government
Maarat al-Numan,2019-12-01,rebels
Saraqib,2019-12-01,rebels
Idlib,2019-12-01,rebels
Maarat al-Numan,2020-01-29,government
Qwxzzy Tahta,2020-01-01,rebels
"""


@pytest.mark.parametrize(
    ("as_of", "holder"), [("2020-01-15", "rebels"), ("2020-02-15", "government")]
)
def test_frontlines_as_of_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str, holder: str
) -> None:
    from shapely.geometry import Point

    source = tmp_path / "obs.csv"
    source.write_text(OBSERVATIONS, encoding="utf-8")
    out = tmp_path / "front.geojson"
    args = ["frontlines", str(source), "--as-of", as_of, "--country", "SY", "-o", str(out)]
    assert main(args) == 0
    assert "Qwxzzy Tahta" in capsys.readouterr().err  # the row it could not place is reported

    frame = gpd.read_file(out)
    zones = frame[frame.kind == "control_zone"]
    assert set(zones.actor) == {"government", "rebels"}
    maarat = Point(36.67693, 35.6483)
    assert list(zones[zones.contains(maarat)].actor) == [holder]
    assert (frame.kind == "frontline").sum() >= 1


def test_join_ocha_idp_table_to_sub_districts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "idps.geojson"
    args = [
        "join",
        str(GEODATA / "ocha-idp-movements-2019-01" / "syria_idp_movements_2019-01.xlsx"),
        "--sheet",
        "December_IDPflow",
        "--boundaries",
        str(GEODATA / "ocha-cod-ab-syria" / "syr_admin3.geojson"),
        "--table-key",
        "Nahya PCODE",
        "--boundary-key",
        "PCODE",
        "--value",
        "IDP_Flow_Estimation",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    assert "no area for row" not in capsys.readouterr().err
    areas = gpd.read_file(out)
    assert areas["value"].sum() == 110925
    assert areas["value"].notna().sum() == 119


def test_join_names_the_missing_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "figures.csv"
    table.write_text("district,idps\nA,1\n", encoding="utf-8")
    boundaries = GEODATA / "ocha-cod-ab-syria" / "syr_admin1.geojson"
    args = ["join", str(table), "--boundaries", str(boundaries), "--table-key", "pcode"]
    args += ["--boundary-key", "PCODE", "--value", "idps", "-o", str(tmp_path / "x.geojson")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "figures.csv" in err and "district, idps" in err


def test_frontlines_names_a_csv_without_actors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "obs.csv"
    source.write_text("place,date\nSaraqib,2020-02-07\n", encoding="utf-8")
    out = tmp_path / "front.geojson"
    assert main(["frontlines", str(source), "--as-of", "2020-02-10", "-o", str(out)]) == 2
    assert "obs.csv: no actor column" in capsys.readouterr().err


DISPATCHES = Path(__file__).resolve().parents[1] / "data" / "dispatches"


def test_eval_extract_prints_each_document_and_the_totals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    articles, gold = DISPATCHES / "dev.jsonl", DISPATCHES / "dev.gold.json"
    assert main(["eval-extract", str(articles), str(gold)]) == 0

    lines = capsys.readouterr().out.splitlines()
    ids = [json.loads(line)["id"] for line in articles.read_text(encoding="utf-8").splitlines()]
    for ident in ids:  # a measurement, not a pass mark: no score level is asserted
        assert any(line.startswith(f"{ident}: figure recall ") for line in lines)
    total = lines[-1]
    assert total.startswith("total: figure recall ")
    assert all(part in total for part in ("figure precision", "event recall", "wrong figures"))
    assert all(
        line.startswith(("  missed figure: ", "  missed event: ", "  wrong figure: "))
        for line in lines
        if line.startswith(" ")
    )


def test_eval_extract_names_a_gold_document_without_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "one.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Quiet day in Goma."}) + "\n", "utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"documents": [{"id": "b", "toponyms": []}]}), "utf-8")
    assert main(["eval-extract", str(articles), str(gold)]) == 2
    assert "one.jsonl has no article b" in capsys.readouterr().err

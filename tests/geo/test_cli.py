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

"""Admin areas for the app: uploads named in errors, the default areas, per-area counts, figure
tables joined with unmatched rows reported, and the choropleth drawn from them."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box, mapping

from geo.analysis.areas import DEFAULT_AREAS_NOTE, area_counts, default_areas
from geo.features import features_from_records
from geo.io.boundaries import BoundaryFileError, boundaries_from_upload, country_outlines
from geo.io.tables import TableFileError, table_columns, table_sheets
from geo.render.map import build_map
from geo.service.areas import choropleth, join_upload, unmatched_rows

GEODATA = Path(__file__).resolve().parents[4] / "shared" / "geodata"
ADMIN3 = GEODATA / "ocha-cod-ab-syria" / "syr_admin3.geojson"
IDP = GEODATA / "ocha-idp-movements-2019-01" / "syria_idp_movements_2019-01.xlsx"


def two_areas() -> bytes:
    features = [
        {"type": "Feature", "properties": {"PCODE": code, "NAME_EN": name},
         "geometry": mapping(box(x, 35.0, x + 0.5, 36.0))}
        for code, name, x in (("SY01", "West", 36.0), ("SY02", "East", 36.5))
    ]  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


TABLE = b"pcode,idps\nSY01,100\nSY02,1000\nSY02,50\nSY99,7\n"


def test_a_table_joins_and_reports_the_row_no_area_took():
    areas = boundaries_from_upload("areas.geojson", two_areas())
    assert table_columns("idps.csv", TABLE) == ["pcode", "idps"]
    assert table_sheets("idps.csv", TABLE) == []
    result = join_upload("idps.csv", TABLE, areas, table_key="pcode", boundary_key="PCODE",
                         value="idps")  # fmt: skip
    assert (result.total_table, result.total_joined) == (1157, 1150)
    unmatched = unmatched_rows(result)
    assert unmatched[["file_row", "reason", "pcode"]].values.tolist() == [
        ["5", "matches no area", "SY99"]
    ]
    drawn = choropleth(result, "NAME_EN")
    assert drawn.areas["label"].tolist() == ["West", "East"]
    html = build_map(features_from_records([]), choropleth=drawn).get_root().render()
    assert html.count("atlas-area") >= 1
    legend = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)
    assert "<b>idps</b> by area" in legend and "100–290" in legend
    assert "[[35.0, 36.0], [36.0, 37.0]]" in html  # the view fits the areas


def test_bad_uploads_name_the_file():
    with pytest.raises(BoundaryFileError, match=r"^areas\.kml: unknown boundary format"):
        boundaries_from_upload("areas.kml", b"<kml/>")
    with pytest.raises(BoundaryFileError, match=r"^areas\.geojson: "):
        boundaries_from_upload("areas.geojson", b"not json")
    with pytest.raises(TableFileError, match=r"^idps\.xlsx: cannot be read as a workbook"):
        table_sheets("idps.xlsx", b"not a workbook")
    with pytest.raises(TableFileError, match=r"^idps\.csv: is empty"):
        table_columns("idps.csv", b"")
    areas = boundaries_from_upload("areas.geojson", two_areas())
    with pytest.raises(TableFileError, match=r"^idps\.csv: no value column 'people'"):
        join_upload("idps.csv", TABLE, areas, table_key="pcode", boundary_key="PCODE",
                    value="people")  # fmt: skip


def test_an_upload_leaves_no_copy_in_the_temporary_folder(tmp_path, monkeypatch):
    """An analyst's boundary file is written to disk only while it is read, read or not."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    areas = boundaries_from_upload("areas.geojson", two_areas())
    assert areas["NAME_EN"].tolist() == ["West", "East"]
    with pytest.raises(BoundaryFileError):
        boundaries_from_upload("areas.geojson", b"not json")
    assert list(tmp_path.iterdir()) == []


def test_figures_and_events_per_default_area():
    features = features_from_records(
        [
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "category": "displaced", "value": 1000, "start": date(2020, 1, 1)},
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86,
             "category": "capture", "start": date(2020, 2, 6)},
            {"kind": "figure", "name": "Gaziantep", "lon": 37.38, "lat": 37.06,
             "category": "refugees", "value": 5, "start": date(2020, 1, 1)},
        ]
    )  # fmt: skip
    table = area_counts(features, default_areas(), area_key="name")
    assert table.to_dict("records")[0] == {
        "name": "Idlib", "features": 2, "figures": 1, "events": 1, "displaced": 1000,
        "displaced_vague": 0,
    }  # fmt: skip
    assert table["name"].tolist() == ["Idlib", "Gaziantep"]
    assert "GeoNames" in DEFAULT_AREAS_NOTE and "countryinfo" in DEFAULT_AREAS_NOTE


def test_default_first_level_areas_tile_their_country():
    areas = default_areas()
    syria = areas.loc[areas["country"].eq("Syria").to_numpy()]
    assert len(syria) == 14  # Syria's 14 governorates
    outline = country_outlines(("Syria",)).geometry.iloc[0]
    assert syria.union_all().symmetric_difference(outline).area < 1e-6 * outline.area
    shapes = list(syria.geometry)
    overlap = sum(a.intersection(b).area for i, a in enumerate(shapes) for b in shapes[i + 1 :])
    assert overlap < 1e-9

    def governorate(lon: float, lat: float) -> str:
        return str(syria.loc[syria.contains(shapely.Point(lon, lat)).to_numpy(), "name"].iloc[0])

    assert governorate(36.80591, 35.86447) == "Idlib"  # Saraqib
    assert governorate(36.29, 33.51) == "Dimashq"  # Damascus


@pytest.mark.skipif(not (ADMIN3.exists() and IDP.exists()), reason="needs ../shared/geodata")
def test_the_ocha_workbook_joins_whole():
    areas = boundaries_from_upload("syr_admin3.geojson", ADMIN3.read_bytes())
    data = IDP.read_bytes()
    assert "December_IDPflow" in table_sheets(IDP.name, data)
    result = join_upload(IDP.name, data, areas, table_key="Nahya PCODE", boundary_key="PCODE",
                         value="IDP_Flow_Estimation", sheet="December_IDPflow")  # fmt: skip
    assert result.total_table == result.total_joined == 110_925
    assert int(result.areas["rows"].gt(0).sum()) == 119
    assert result.unmatched.empty

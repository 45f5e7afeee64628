"""Figure tables joined to OCHA boundaries, and map features counted per admin area."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest

from geo.analysis.joins import aggregate_by_area, join_table
from geo.features import features_from_records
from geo.io.boundaries import read_boundaries
from geo.io.export import write_areas
from geo.io.tables import TableFileError, read_table

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
GEODATA = SHARED / "geodata"
WORKBOOK = GEODATA / "ocha-idp-movements-2019-01" / "syria_idp_movements_2019-01.xlsx"
ADMIN1 = GEODATA / "ocha-cod-ab-syria" / "syr_admin1.geojson"
ADMIN3 = GEODATA / "ocha-cod-ab-syria" / "syr_admin3.geojson"
SHEET = "December_IDPflow"

pytestmark = pytest.mark.skipif(not WORKBOOK.exists(), reason="../shared/geodata is not here")


@pytest.fixture(scope="module")
def admin3() -> gpd.GeoDataFrame:
    return read_boundaries(ADMIN3)


def _sheet_rows() -> list[tuple]:
    book = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    return list(book[SHEET].iter_rows(min_row=2, values_only=True))


def test_ocha_idp_flows_join_to_sub_districts_by_pcode(admin3):
    result = join_table(
        WORKBOOK,
        admin3,
        table_key="Nahya PCODE",
        boundary_key="PCODE",
        value="IDP_Flow_Estimation",
        sheet=SHEET,
    )
    assert result.total_table == 110_925
    assert result.total_joined == 110_925
    assert result.areas["value"].notna().sum() == 119
    assert result.areas["rows"].sum() == 541
    assert result.unmatched.empty
    assert result.blanks == 0 and result.invalid.empty
    assert result.match == "code"
    assert len(result.areas) == 272  # every sub-district, with or without a value
    # Hajin's value is the sum of its communities' rows in the sheet.
    hajin = sum(row[8] for row in _sheet_rows() if row[5] == "SY090201")
    by_code = result.areas.set_index("PCODE")["value"]
    assert by_code["SY090201"] == hajin
    assert hajin >= 12_300 + 11_700 + 8_500


def test_name_join_of_the_workbook_reports_the_one_name_it_cannot_place(admin3):
    result = join_table(
        WORKBOOK,
        admin3,
        table_key="Nahya",
        boundary_key="NAME_EN",
        value="IDP_Flow_Estimation",
        sheet=SHEET,
        match="name",
    )
    assert result.match == "name"
    assert result.unmatched["Nahya"].unique().tolist() == ["Suran - Aleppo"]
    assert result.unmatched["reason"].unique().tolist() == ["matches no area"]
    lost = result.unmatched["IDP_Flow_Estimation"].sum()
    assert result.total_joined + lost == result.total_table == 110_925


def test_rows_that_match_no_area_are_reported_not_dropped(tmp_path, admin3):
    table = tmp_path / "idps.csv"
    table.write_text(
        "community,pcode,idps\n"
        'Maarat al-Numan town,SY070200,"1,500"\n'
        "Saraqab town, sy070003 ,700\n"
        "Unknown village,SY999999,40\n"
        "No code village,,25\n"
        "Another Maarat village,SY070200,300\n",
        encoding="utf8",
    )
    result = join_table(table, admin3, table_key="pcode", boundary_key="PCODE", value="idps")
    assert result.total_table == 2_565
    assert result.total_joined == 2_500
    by_code = result.areas.set_index("PCODE")
    assert by_code.loc["SY070200", "value"] == 1_800
    assert by_code.loc["SY070200", "rows"] == 2
    assert by_code.loc["SY070003", "value"] == 700  # case and spaces ignored
    reported = result.unmatched[["community", "file_row", "reason"]].to_dict("records")
    assert reported == [
        {"community": "Unknown village", "file_row": 4, "reason": "matches no area"},
        {"community": "No code village", "file_row": 5, "reason": "no key"},
    ]


def test_name_join_meets_transliteration_variants(tmp_path, admin3):
    table = tmp_path / "by_name.csv"
    table.write_text(
        "area,people\n"
        "Maarat al-Numan,1000\n"
        "Ma‘arrat al-Nu‘man,200\n"
        "Jisr ash-Shugur,50\n"
        "Saraqib,70\n",
        encoding="utf8",
    )
    result = join_table(table, admin3, table_key="area", boundary_key="NAME_EN", value="people")
    assert result.match == "name"
    by_code = result.areas.set_index("PCODE")
    assert by_code.loc["SY070200", "NAME_EN"] == "Ma'arrat An Nu'man"
    assert by_code.loc["SY070200", "value"] == 1_200
    assert by_code.loc["SY070400", "value"] == 50
    # OCHA spells it Saraqab: the row is reported, not guessed.
    assert result.unmatched["area"].tolist() == ["Saraqib"]
    assert result.total_joined == 1_250


def test_hxl_row_is_skipped_and_tags_name_columns(tmp_path, admin3):
    table = tmp_path / "hxl.csv"
    table.write_text(
        "Sub-district code,Sub-district,IDPs\n"
        "#adm3 +code,#adm3 +name,#affected +idps +ind\n"
        "SY070200,Ma'arrat An Nu'man,\"12,345\"\n"
        "SY070003,Saraqab,\n"
        "SY070003,Saraqab,about 40\n"
        "SY070000,Idleb,1 000\n",
        encoding="utf8",
    )
    assert read_table(table).hxl["IDPs"] == "#affected+idps+ind"
    result = join_table(
        table, admin3, table_key="#adm3+code", boundary_key="PCODE", value="#affected+idps"
    )
    assert result.hxl
    assert result.total_table == 13_345
    assert result.blanks == 1
    assert result.invalid[["IDPs", "file_row"]].to_dict("records") == [
        {"IDPs": "about 40", "file_row": 5}
    ]
    assert result.areas["value"].notna().sum() == 3
    assert result.unmatched.empty


def test_xlsx_upload_bytes_and_clear_errors(admin3):
    data = WORKBOOK.read_bytes()
    result = join_table(
        data, admin3, table_key="nahya pcode", boundary_key="PCODE", value="IDP_Flow_Estimation"
    )  # first sheet is December_IDPflow; header matched ignoring case
    assert result.total_joined == 110_925
    with pytest.raises(TableFileError, match=r"upload.xlsx: no sheet 'x'; sheets are: Dec"):
        join_table(data, admin3, table_key="a", boundary_key="PCODE", value="b", sheet="x",
                   name="upload.xlsx")  # fmt: skip
    with pytest.raises(TableFileError, match=r"syria_idp.*no sheet 'December'.*December_IDPflow"):
        join_table(
            WORKBOOK,
            admin3,
            table_key="Nahya PCODE",
            boundary_key="PCODE",
            value="x",
            sheet="December",
        )
    with pytest.raises(TableFileError, match=r"no value column 'IDPs'; columns are: Mohafaza, "):
        join_table(WORKBOOK, admin3, table_key="Nahya PCODE", boundary_key="PCODE", value="IDPs")
    with pytest.raises(TableFileError, match=r"syr_admin3.geojson: no boundary key .*NAME_EN"):
        join_table(
            WORKBOOK,
            ADMIN3,
            table_key="Nahya PCODE",
            boundary_key="P_CODE",
            value="IDP_Flow_Estimation",
        )


def test_write_areas_is_rfc7946_with_one_feature_per_area(tmp_path, admin3):
    result = join_table(
        WORKBOOK,
        admin3,
        table_key="Nahya PCODE",
        boundary_key="PCODE",
        value="IDP_Flow_Estimation",
        sheet=SHEET,
    )
    out = write_areas(result.areas, tmp_path / "idps.geojson", columns=["PCODE", "NAME_EN"])
    doc = json.loads(out.read_text(encoding="utf8"))
    assert "crs" not in doc
    assert len(doc["features"]) == 272
    props = {f["properties"]["PCODE"]: f["properties"] for f in doc["features"]}
    assert props["SY070200"]["NAME_EN"] == "Ma'arrat An Nu'man"
    assert sum(p["value"] or 0 for p in props.values()) == 110_925
    assert sum(p["value"] is not None for p in props.values()) == 119
    back = gpd.read_file(out)
    assert back.crs.to_epsg() == 4326


def test_aggregate_counts_features_and_displaced_per_governorate():
    areas = read_boundaries(ADMIN1)
    day = date(2020, 1, 19)
    features = features_from_records(
        [
            {"kind": "figure", "name": "Idlib", "lon": 36.634, "lat": 35.931, "start": day,
             "category": "displaced", "value": 358_000, "qualifier": "about"},
            {"kind": "figure", "name": "Maarat al-Numan", "lon": 36.677, "lat": 35.648,
             "category": "displaced", "value": None, "low": 100_000, "qualifier": "more_than"},
            {"kind": "figure", "name": "Saraqib", "lon": 36.806, "lat": 35.864,
             "category": "displaced", "value": None, "qualifier": "vague"},
            {"kind": "event", "name": "Saraqib", "lon": 36.806, "lat": 35.864,
             "category": "capture", "actor": "government"},
            {"kind": "figure", "name": "Aleppo", "lon": 37.161, "lat": 36.201,
             "category": "killed", "value": 12},
            {"kind": "place", "name": "Aleppo", "lon": 37.161, "lat": 36.201},
        ]
    )  # fmt: skip
    counted = aggregate_by_area(features, areas, area_key="PCODE").set_index("PCODE")
    idleb = counted.loc["SY07"]
    assert (idleb["features"], idleb["figures"], idleb["events"]) == (4, 3, 1)
    assert idleb["displaced"] == 358_000  # the largest report, not 358,000 + 100,000
    assert idleb["displaced_vague"] == 1
    aleppo = counted.loc["SY02"]
    assert (aleppo["features"], aleppo["figures"], aleppo["displaced"]) == (1, 1, 0)
    assert counted["features"].sum() == 5
    assert counted.geometry.notna().all()

"""Boundary files in the formats analysts load, and the errors that name the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from geo.io.boundaries import (
    OUTLINE_TOLERANCE,
    REGION,
    BoundaryFileError,
    boundary_shape,
    country_outline,
    country_outlines,
    read_boundaries,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
ADMIN1 = SHARED / "geodata" / "ocha-cod-ab-syria" / "syr_admin1.geojson"
IDLIB_CITY = Point(36.634, 35.931)

needs_geodata = pytest.mark.skipif(not ADMIN1.exists(), reason="../shared/geodata is not here")


@pytest.fixture(scope="module")
def governorates() -> gpd.GeoDataFrame:
    return read_boundaries(ADMIN1)


@needs_geodata
def test_geojson_governorates_read_in_wgs84(governorates):
    assert len(governorates) == 14
    assert governorates.crs.to_epsg() == 4326
    idleb = governorates.loc[governorates["PCODE"].eq("SY07").to_numpy()]
    assert idleb["NAME_EN"].tolist() == ["Idleb"]
    assert idleb.geometry.iloc[0].contains(IDLIB_CITY)


@needs_geodata
def test_zipped_shapefile_and_geopackage_give_the_same_areas(tmp_path, governorates):
    governorates[["PCODE", "NAME_EN", "geometry"]].to_file(tmp_path / "adm1.shp")
    archive = tmp_path / "adm1.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in tmp_path.glob("adm1.*"):
            if part.suffix != ".zip":
                zipped.write(part, part.name)
    from_zip = read_boundaries(archive)
    assert sorted(from_zip["PCODE"]) == sorted(governorates["PCODE"])
    governorates.to_crs(3857).to_file(tmp_path / "adm1.gpkg", layer="governorates")
    from_gpkg = read_boundaries(tmp_path / "adm1.gpkg")
    assert from_gpkg.crs.to_epsg() == 4326
    gpkg_idleb = from_gpkg.loc[from_gpkg["PCODE"].eq("SY07").to_numpy()].geometry.iloc[0]
    assert gpkg_idleb.contains(IDLIB_CITY)
    with pytest.raises(BoundaryFileError, match=r"adm1.gpkg: no layer 'x'; layers are: govern"):
        read_boundaries(tmp_path / "adm1.gpkg", layer="x")


def test_bad_boundary_files_are_named(tmp_path):
    with pytest.raises(BoundaryFileError, match=r"missing.geojson: no such boundary file"):
        read_boundaries(tmp_path / "missing.geojson")
    notes = tmp_path / "areas.txt"
    notes.write_text("not a map", encoding="utf8")
    with pytest.raises(BoundaryFileError, match=r"areas.txt: unknown boundary format .txt"):
        read_boundaries(notes)
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf8")
    with pytest.raises(BoundaryFileError, match=r"broken.geojson: cannot be read"):
        read_boundaries(broken)
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame(geometry=[IDLIB_CITY], crs="EPSG:4326").to_file(points)
    with pytest.raises(BoundaryFileError, match=r"points.geojson: no polygons"):
        read_boundaries(points)


@needs_geodata
def test_boundary_shape_is_the_union_of_the_areas(governorates):
    northwest = governorates.loc[governorates["PCODE"].isin(["SY02", "SY05", "SY07"]).to_numpy()]
    region = boundary_shape(northwest)
    assert region.contains(IDLIB_CITY)
    assert region.area == pytest.approx(shapely.area(northwest.geometry.to_numpy()).sum(), rel=1e-6)


def test_country_outline_from_countryinfo():
    syria = country_outline("Syria")
    assert syria.geometry.iloc[0].contains(IDLIB_CITY)
    with pytest.raises(ValueError, match="Narnia"):
        country_outline("Narnia")


def test_the_region_outlines_are_read_once_and_handed_out_as_copies():
    outlines = country_outlines(REGION, OUTLINE_TOLERANCE)
    assert {"Syria", "Turkey", "Lebanon", "Iraq", "Jordan", "Israel", "Cyprus"} <= set(
        outlines["name"]
    )
    assert outlines.crs.to_epsg() == 4326
    outlines.loc[0, "name"] = "changed"
    assert "changed" not in set(country_outlines(REGION, OUTLINE_TOLERANCE)["name"])

import dataclasses
import time

import pytest

from extract.normalize import name_key
from geo.gazetteer import Gazetteer, Place, default_gazetteer


def test_places_carry_geonames_facts(gazetteer) -> None:  # type: ignore[no-untyped-def]
    aleppo = gazetteer.get(170063)
    assert aleppo is not None
    assert (aleppo.name, aleppo.country_code, aleppo.feature_code) == ("Aleppo", "SY", "PPL")
    assert aleppo.lat == pytest.approx(36.20124) and aleppo.lon == pytest.approx(37.16117)
    with pytest.raises(dataclasses.FrozenInstanceError):
        aleppo.name = "x"  # type: ignore[misc]


def test_lookup_variants_countries_and_admin_areas(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert gazetteer.lookup("Maarat al-Numaan")[0].geonameid == 167611
    assert gazetteer.lookup("Ma'arrat al-Nu'man")[0].geonameid == 167611
    turkey = gazetteer.lookup("Turkey")[0]
    assert (turkey.geonameid, turkey.feature_code, turkey.lat, turkey.lon) == (
        298795,
        "PCLI",
        39.0,
        35.0,
    )
    assert gazetteer.lookup("U.S.")[0].geonameid == 6252001
    assert gazetteer.lookup("Russian")[0].country_code == "RU"  # demonym
    governorate = gazetteer.lookup("Idlib Governorate")[0]
    assert (governorate.feature_code, governorate.country_code) == ("ADM1", "SY")
    assert governorate.lat == pytest.approx(35.83, abs=0.3)
    assert governorate.lon == pytest.approx(36.5, abs=0.3)
    assert gazetteer.lookup("Idlib")[0].geonameid == 169389  # a bare name is the town
    assert gazetteer.lookup("California")[0].feature_code == "ADM1"


def test_junk_alternate_names_are_not_indexed(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert 170063 not in {p.geonameid for p in gazetteer.candidates("alp")}  # airport code
    assert 170063 not in {p.geonameid for p in gazetteer.candidates("hlb")}  # romanised Arabic
    assert gazetteer.candidates("the") == [] and gazetteer.candidates("and") == []
    keys = set(gazetteer.keys())
    assert {name_key(n) for n in ("Aleppo", "Maarat al-Numan", "Idlib", "Syria")} <= keys


def test_default_gazetteer_is_cached_and_loads_fast(gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert default_gazetteer() is gazetteer
    started = time.perf_counter()
    fresh = Gazetteer.load()
    assert time.perf_counter() - started < 3.0
    assert isinstance(fresh.get(298795), Place)


def test_first_level_areas_not_named_after_a_town(gazetteer) -> None:  # type: ignore[no-untyped-def]
    tamil_nadu = gazetteer.lookup("Tamil Nadu")[0]
    assert (tamil_nadu.feature_code, tamil_nadu.country_code) == ("ADM1", "IN")
    assert tamil_nadu.lat == pytest.approx(11.0, abs=1.0)
    for name in ("British Columbia", "BC", "B.C."):
        bc = gazetteer.lookup(name)[0]
        assert (bc.name, bc.feature_code) == ("British Columbia", "ADM1")
    assert gazetteer.lookup("Gilgit-Baltistan")[0].country_code == "PK"
    assert gazetteer.lookup("Calif.")[0].name == "California"
    assert "calif" in gazetteer.dotted_keys


def test_counties_oceans_and_regions(gazetteer) -> None:  # type: ignore[no-untyped-def]
    cuyahoga = gazetteer.lookup("Cuyahoga County")[0]
    assert (cuyahoga.feature_code, cuyahoga.admin1_code) == ("ADM2", "OH")
    assert cuyahoga.geo_precision == 2
    atlantic = gazetteer.lookup("Atlantic")[0]
    assert (atlantic.geonameid, atlantic.feature_code) == (3373405, "OCN")
    assert gazetteer.lookup("North Africa")[0].feature_code == "RGN"
    federal = {p.feature_code for p in gazetteer.lookup("Federal")}
    assert "ADM1" not in federal  # "Federal District" is not indexed by its core alone


def test_country_points_are_geonames_points(gazetteer) -> None:  # type: ignore[no-untyped-def]
    canada = gazetteer.lookup("Canada")[0]
    assert (canada.lat, canada.lon) == (60.10867, -113.64258)
    assert (gazetteer.lookup("India")[0].lat, gazetteer.lookup("India")[0].lon) == (22.0, 79.0)

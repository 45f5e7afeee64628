import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.distance import distance
from geopy.exc import GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location
from geopy.point import Point

from geo.geoparse.geocoders import GeoNamesOffline, nominatim_geocoder

MAARAT = (35.6483, 36.67693)


@pytest.fixture(scope="module")
def offline(gazetteer) -> GeoNamesOffline:  # type: ignore[no-untyped-def]
    return GeoNamesOffline(gazetteer)


@pytest.mark.parametrize("query", ["Maarat al-Numan", "Ma'arrat al-Nu'man", "Maarat al-Numaan"])
def test_maarat_al_numan_spellings(offline: GeoNamesOffline, query: str) -> None:
    location = offline.geocode(query)
    assert isinstance(location, Location)
    assert location.raw["geonameid"] == 167611
    assert location.raw["name"] == "Ma‘arrat an Nu‘mān"
    assert distance((location.latitude, location.longitude), MAARAT).km < 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Idlib", (35.93062, 36.63393)),
        ("Saraqib", (35.86447, 36.80591)),
        ("Latakia", (35.53125, 35.79088)),
        ("Aleppo", (36.20124, 37.16117)),
        ("Turkey", (39.0, 35.0)),
    ],
)
def test_through_geopy_rate_limiter(
    offline: GeoNamesOffline, query: str, expected: tuple[float, float]
) -> None:
    geocode = RateLimiter(offline.geocode, min_delay_seconds=0)
    location = geocode(query)
    assert distance((location.latitude, location.longitude), expected).km < 5


def test_country_filter_and_all_matches(offline: GeoNamesOffline) -> None:
    moscow_id = offline.geocode("Moscow", country_codes=["us"])
    assert moscow_id is not None and moscow_id.raw["country_code"] == "US"
    everything = offline.geocode("Moscow", exactly_one=False)
    assert isinstance(everything, list) and everything[0].raw["geonameid"] == 524901
    assert offline.geocode("Xqzzyville") is None


def test_nominatim_cache_with_fake_geocode(tmp_path: Path) -> None:
    calls: list[str] = []

    def fake(query: str) -> Location | None:
        calls.append(query)
        if query == "Nowhere":
            return None
        return Location("Saraqib, Idlib, Syria", Point(35.86, 36.80), {"osm_id": 1})

    geocode = nominatim_geocoder("atlas-test", tmp_path, geocode=fake)
    assert geocode("Saraqib").latitude == pytest.approx(35.86)  # type: ignore[union-attr]
    assert geocode("Saraqib").raw == {"osm_id": 1}  # type: ignore[union-attr]
    assert geocode("Nowhere") is None and geocode("Nowhere") is None
    assert calls == ["Saraqib", "Nowhere"]
    again = nominatim_geocoder("atlas-test", tmp_path, geocode=fake)
    assert again("Saraqib").address == "Saraqib, Idlib, Syria"  # type: ignore[union-attr]
    assert calls == ["Saraqib", "Nowhere"]  # answered from the file on disk
    assert set(json.loads((tmp_path / "nominatim.json").read_text())) == {"Saraqib", "Nowhere"}


class _FakeAdapter(BaseSyncAdapter):
    """Answers Nominatim's search URL like the service would, with no network."""

    urls: ClassVar[list[str]] = []

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        self.urls.append(url)
        return [{"lat": "35.53125", "lon": "35.79088", "display_name": "Latakia, Syria"}]

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise AssertionError("no text requests expected")


def test_nominatim_goes_through_the_injected_adapter(tmp_path: Path) -> None:
    geocode = nominatim_geocoder(
        "atlas-test", tmp_path, min_delay_seconds=0, adapter_factory=_FakeAdapter
    )
    location = geocode("Latakia")
    assert location is not None and location.address == "Latakia, Syria"
    assert geocode("Latakia") is not None
    assert len(_FakeAdapter.urls) == 1 and "Latakia" in _FakeAdapter.urls[0]


class _DownAdapter(_FakeAdapter):
    """An adapter whose service is unreachable, as Nominatim is with no network."""

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        raise GeocoderUnavailable("no route to host")


def test_an_outage_is_raised_and_not_cached_as_a_miss(tmp_path: Path) -> None:
    geocode = nominatim_geocoder(
        "atlas-test",
        tmp_path,
        min_delay_seconds=0,
        error_wait_seconds=0,
        adapter_factory=_DownAdapter,
    )
    with pytest.raises(GeocoderUnavailable):
        geocode("Saraqib")
    assert not (tmp_path / "nominatim.json").exists()

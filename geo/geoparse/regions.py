"""Parts of countries as areas: "northwest Syria", "eastern Ukraine", "the north of Iraq".

A country named after a compass word is the part of its outline (countryinfo's) on that side:
its northern half for "northern", its north-western quarter for "northwest". The place drawn is
that area (geo_precision 2, its middle as the point), not the country's centre.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import replace

import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.gazetteer.index import Gazetteer
from geo.gazetteer.outlines import country_shape
from geo.geodesy import great_circle_km
from geo.geoparse.resolve import Resolved

__all__ = ["country_part", "country_parts"]

_SIDE = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_BEFORE = re.compile(rf"(?i)\b(?P<side>{_SIDE})(?:ern)?\s+$")
_THE_SIDE_OF = re.compile(rf"(?i)\bthe\s+(?P<side>{_SIDE})\s+of\s+$")
_COMPASS_COUNTRY = re.compile(rf"(?i)(?P<side>{_SIDE})(?:ern)?\s+(?P<country>[A-Z][\w' -]+)")
_HALVES = {"north": (0.5, 1.0, 0.0, 1.0), "south": (0.0, 0.5, 0.0, 1.0),
           "east": (0.0, 1.0, 0.5, 1.0), "west": (0.0, 1.0, 0.0, 0.5)}  # fmt: skip


def _part(outline: Polygon | MultiPolygon, side: str) -> Polygon | MultiPolygon | None:
    """The part of ``outline`` on ``side``: a half for north/south/east/west, a quarter else."""
    minx, miny, maxx, maxy = outline.bounds
    lat0, lat1, lon0, lon1 = 0.0, 1.0, 0.0, 1.0
    for word in ("north", "south", "east", "west"):
        if word in side:
            a, b, c, d = _HALVES[word]
            lat0, lat1 = max(lat0, a), min(lat1, b)
            lon0, lon1 = max(lon0, c), min(lon1, d)
    box = shapely.box(
        minx + (maxx - minx) * lon0, miny + (maxy - miny) * lat0,
        minx + (maxx - minx) * lon1, miny + (maxy - miny) * lat1,
    )  # fmt: skip
    part = shapely.intersection(outline, box)
    return part if isinstance(part, Polygon | MultiPolygon) and not part.is_empty else None


def country_parts(
    text: str, places: Sequence[Resolved], gazetteer: Gazetteer | None = None
) -> list[Resolved]:
    """``places`` with each country named after a compass word replaced by that part of it;
    with ``gazetteer``, a town abroad whose name is a compass word and a country ("South
    Lebanon", a village in Ohio) is that part of the country too."""
    out: list[Resolved] = []
    for resolved in places:
        named = _COMPASS_COUNTRY.fullmatch(resolved.mention.text) if gazetteer else None
        if named and gazetteer and _small_and_alone(resolved, places):
            country = next(
                (p for p in gazetteer.lookup(named["country"]) if p.feature_code == "PCLI"), None
            )
            if country is not None and country.country_code != resolved.place.country_code:
                part = country_part(replace(resolved, place=country), named["side"])
                out.append(part or resolved)
                continue
        if resolved.demonym or resolved.place.feature_code != "PCLI":
            out.append(resolved)
            continue
        start = resolved.mention.start
        found = _THE_SIDE_OF.search(text, max(0, start - 20), start) or _BEFORE.search(
            text, max(0, start - 16), start
        )
        part = country_part(resolved, found["side"]) if found else None
        out.append(part or resolved)
    return out


def _small_and_alone(town: Resolved, places: Sequence[Resolved]) -> bool:
    """Whether ``town`` is a small town (South Lebanon, Ohio, has 4,000 people) with no other
    place the document names within 500 km: South Jordan and West Jordan, Utah, are cities, and
    "South Jordan and Draper" stays in Utah."""
    place = town.place
    if not place.feature_code.startswith("PPL") or place.population >= 20_000:
        return False
    return not any(
        float(great_circle_km(place.lat, place.lon, r.place.lat, r.place.lon)) <= 500
        for r in places
        if r is not town and not r.demonym and r.place.geonameid != place.geonameid
    )


def country_part(country: Resolved, side: str) -> Resolved | None:
    """The ``side`` ("northwest", "north-east", "south") of a resolved country as a region
    (geo_precision 2, its outline's part as the shape), or None without an outline."""
    place = country.place
    side = side.lower().replace("-", "")
    outline = country_shape(place.country_code)
    part = _part(outline, side) if outline is not None else None
    if part is None:
        return None
    name = f"{side.capitalize()} {place.name}"
    middle = part.representative_point()
    region = replace(
        place,
        geonameid=-(zlib.crc32(name.encode()) % 10**8) - 920_000_000,
        name=name,
        lat=float(middle.y),
        lon=float(middle.x),
        feature_code="RGN",
        population=0,
        shape=shapely.to_wkb(part),
    )
    return replace(country, place=region, geo_precision=2)

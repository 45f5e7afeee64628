"""The ``atlas`` command line: geoparse documents, score a geoparse or an extraction against
gold, or run the whole pipeline to GeoJSON.

Exit codes: 0 done; 1 done, but some inputs (files, rows, names) were rejected, each said on a
line of its own; 2 nothing done: a usage error, an option value out of range, or an input,
output or store that cannot be used, said in one line naming it; 130 interrupted (a store
write rolls back, so nothing stored changes)."""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, NoReturn, Protocol

import geopandas as gpd
import pandas as pd
from geopy.exc import GeocoderServiceError

from extract.days import MIN_YEAR
from extract.documents import DocumentError, load_file, parse_published
from extract.readers import InputError
from extract.records import Document
from geo.analysis.joins import join_table
from geo.analysis.observations import control_polygons, gazetteer_geocoder, observations_from_csv
from geo.analysis.zones import control_zones, frontlines
from geo.config import settings
from geo.evaluation.extraction import evaluate_files
from geo.evaluation.geoparse import Report, load_jsonl, predict, score, split
from geo.gazetteer import add_gazetteer, list_sources, remove_gazetteer
from geo.geoparse import geoparse_jsonl, geoparse_many, warm_up
from geo.geoparse.geocoders import GeoNamesOffline, nominatim_geocoder
from geo.io.boundaries import BoundaryFileError, read_boundaries
from geo.io.export import to_csv, to_geojson, write_areas, write_gpkg
from geo.io.formats import EXPORT_SUFFIXES
from geo.io.paths import check_inputs, check_output
from geo.io.tables import TableFileError
from geo.pipeline import process
from geo.service.articles import AddError
from geo.service.ingest import ingest
from geo.store import StoreError, open_store

USAGE, PARTLY, INTERRUPTED = 2, 1, 130  # exit codes, as the module's docstring lists them


class _Parser(argparse.ArgumentParser):
    """argparse with its errors in one line (the option and the problem) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _days_until(latest: date | None) -> Callable[[str], date]:
    """An option's type: a day from 1900-01-01 to ``latest`` (None: tomorrow, as for publication
    dates), refused in words that name the range."""

    def day(text: str) -> date:
        last = latest or date.today() + timedelta(days=1)
        try:
            return parse_published(text, today=last - timedelta(days=1))
        except ValueError as err:
            raise argparse.ArgumentTypeError(
                f"{err}; give a day from {MIN_YEAR}-01-01 to {last} as YYYY-MM-DD"
            ) from None

    return day


_published, _day = _days_until(None), _days_until(date.max)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="atlas",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    geoparse = sub.add_parser("geoparse", help="find and place toponyms, one JSON line per doc")
    geoparse.add_argument("input", type=Path, help='JSONL, one {"id", "text", "published"?} a line')
    geoparse.add_argument("-o", "--output", type=Path, required=True)
    geoparse.add_argument("--no-ner", action="store_true", help="gazetteer only, no spaCy NER")

    evaluate = sub.add_parser("eval", help="score a geoparse against gold (EUPEG scoring)")
    evaluate.add_argument("gold", type=Path, help='gold JSONL: {"id", "text", "toponyms"} a line')
    evaluate.add_argument("--pred", type=Path, help="predictions JSONL; geoparse gold if missing")
    evaluate.add_argument("--no-ner", action="store_true", help="geoparse without spaCy NER")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument(
        "--split",
        choices=["all", "dev", "heldout"],
        default="all",
        help="score only the development or the held-out quarter (fixed, by id hash)",
    )

    eval_extract = sub.add_parser(
        "eval-extract", help="score extracted figures and events against hand annotations"
    )
    eval_extract.add_argument(
        "articles", type=Path, help='JSONL, one {"id", "text", "published"?, "title"?} a line'
    )
    eval_extract.add_argument(
        "gold", type=Path, help='gold JSON: {"documents": [{"id", "toponyms", "figures", ...}]}'
    )
    eval_extract.add_argument("--no-ner", action="store_true", help="gazetteer only, no NER")
    eval_extract.add_argument("--json", action="store_true", help="print one JSON object")

    geocode = sub.add_parser("geocode", help="place names to coordinates (offline by default)")
    geocode.add_argument("names", nargs="+", help="place names, e.g. 'Maarat al-Numan'")
    geocode.add_argument("--country", help="ISO code to keep the offline answers to, e.g. SY")
    geocode.add_argument(
        "--nominatim",
        action="store_true",
        help="ask OpenStreetMap Nominatim online (1 request/s, answers cached on disk)",
    )
    geocode.add_argument("--user-agent", default="dispatch-atlas", help="sent to Nominatim")
    geocode.add_argument(
        "--cache-dir", type=Path, default=None, help="Nominatim's cache (default: the data's)"
    )

    frontlines = sub.add_parser("frontlines", help="control zones and frontlines as of a date")
    frontlines.add_argument("observations", type=Path, help="CSV: place or lat/lon, date, actor")
    frontlines.add_argument(
        "--as-of", required=True, type=_day, help="the day to draw (YYYY-MM-DD)"
    )
    frontlines.add_argument("--boundary", type=Path, help="GeoJSON/GeoPackage/zipped shapefile")
    frontlines.add_argument("--polygons", type=Path, help="dated control polygons (date, actor)")
    frontlines.add_argument(
        "--country", help="ISO code the CSV's place names are in, e.g. SY (recommended)"
    )
    frontlines.add_argument("-o", "--output", type=Path, required=True)

    join = sub.add_parser("join", help="a CSV/XLSX figure table joined to admin areas")
    join.add_argument("table", type=Path, help="CSV or XLSX with a key and a value column")
    join.add_argument("--boundaries", type=Path, required=True, help="the admin areas")
    join.add_argument("--table-key", required=True, help="column (or HXL tag) with codes/names")
    join.add_argument("--boundary-key", required=True, help="property of the areas to match")
    join.add_argument("--value", required=True, help="column (or HXL tag) to sum per area")
    join.add_argument("--sheet", help="XLSX sheet name")
    join.add_argument("--match", choices=["auto", "code", "name"], default="auto")
    join.add_argument("-o", "--output", type=Path, required=True)

    extract = sub.add_parser("extract", help="articles to features (.geojson, .gpkg or .csv)")
    extract.add_argument("files", type=Path, nargs="+", help=".txt/.md/.html or .csv/.jsonl")
    extract.add_argument("--published", type=_published, help=_PUBLISHED_HELP)
    extract.add_argument("-o", "--output", type=Path, required=True)

    ingest = sub.add_parser("ingest", help="articles into the store, extracted in parallel on Dask")
    ingest.add_argument("paths", type=Path, nargs="+", help="files or folders of articles")
    ingest.add_argument("--store", default=None, help=_STORE_HELP)
    workers = ingest.add_mutually_exclusive_group()
    workers.add_argument("--workers", type=int, default=2, help="local worker processes (2)")
    workers.add_argument("--scheduler", help="a dask.distributed scheduler, tcp://HOST:PORT")
    ingest.add_argument("--published", type=_published, help=_PUBLISHED_HELP)
    ingest.add_argument("--no-ner", action="store_true", help="gazetteer only, no spaCy NER")
    ingest.add_argument(
        "--batch",
        type=int,
        help="write every N documents in a transaction of their own (default: the whole ingest "
        "in one, so a crash or kill leaves the store as it was before)",
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")

    gazetteer = sub.add_parser("gazetteer", help="add, list or remove gazetteer files")
    actions = gazetteer.add_subparsers(dest="action", required=True)
    add = actions.add_parser(
        "add", help="GeoNames dumps (.txt, .zip) or named points (.csv, .geojson, .gpkg)"
    )
    add.add_argument("files", type=Path, nargs="+")
    add.add_argument("--countries", help="ISO codes to keep from a large dump, e.g. SY,TR")
    actions.add_parser("list", help="the gazetteer files added, oldest first")
    remove = actions.add_parser("remove", help="remove an added gazetteer by id or file name")
    remove.add_argument("ids", nargs="+")

    export = sub.add_parser("export", help="features from the store to GeoJSON, GeoPackage or CSV")
    export.add_argument("--store", default=None, help=_STORE_HELP)
    export.add_argument(
        "--since", type=_day, help="first day (YYYY-MM-DD) a feature's dates may overlap"
    )
    export.add_argument("--until", type=_day, help="last day (YYYY-MM-DD)")
    export.add_argument("--kind", action="append", help="place, figure, event... (repeatable)")
    export.add_argument("--bbox", help="min_lon,min_lat,max_lon,max_lat")
    export.add_argument("-o", "--output", type=Path, required=True, help=".geojson, .gpkg or .csv")
    return parser


_PUBLISHED_HELP = "publication date (YYYY-MM-DD, 1900-01-01 to tomorrow) for undated files"
_STORE_HELP = (
    "a GeoPackage path or postgresql://user@host:port/db (default: $ATLAS_STORE, else "
    "store/atlas.gpkg in the data folder, $ATLAS_DATA_DIR)"
)


def _geoparse(args: argparse.Namespace) -> int:
    check_inputs([args.input])
    check_output(args.output)
    count = geoparse_jsonl(args.input, args.output, ner=not args.no_ner)
    print(f"geoparsed {count} documents into {args.output}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    try:
        gold = split(load_jsonl(args.gold), args.split)
        if args.pred is not None:
            report = Report(score(gold, load_jsonl(args.pred)))
        else:
            warm_up(ner=not args.no_ner)
            timed = predict(gold, partial(geoparse_many, ner=not args.no_ner))
            report = Report(score(gold, timed.pred), round(timed.words_per_s, 1))
    except (OSError, ValueError, KeyError) as err:
        print(f"atlas eval: {err}", file=sys.stderr)
        return 2
    return _print_report(report, as_json=args.json)


def _eval_extract(args: argparse.Namespace) -> int:
    try:
        score = evaluate_files(args.articles, args.gold, use_ner=not args.no_ner)
    except (OSError, ValueError, KeyError) as err:
        print(f"atlas eval-extract: {err}", file=sys.stderr)
        return 2
    return _print_report(score, as_json=args.json)


class _Printable(Protocol):
    def as_dict(self) -> dict[str, Any]: ...
    def lines(self) -> list[str]: ...


def _print_report(report: _Printable, *, as_json: bool) -> int:
    """Print a score as one JSON object or as lines of text; the command's exit code."""
    print(json.dumps(report.as_dict()) if as_json else "\n".join(report.lines()))
    return 0


def _extract(args: argparse.Namespace) -> int:
    check_output(args.output)
    published = args.published
    documents: list[Document] = []
    failed = 0
    for path in args.files:
        try:
            check_inputs([path])
            loaded = load_file(path, published=published)
        except DocumentError as err:
            print(f"skipped: {err}", file=sys.stderr)
            failed += 1
            continue
        documents.extend(loaded.documents)
        for problem in loaded.problems:
            print(f"warning: {problem}", file=sys.stderr)
    result = process(documents)
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    _write_features(result.features, args.output)
    counts = result.features["kind"].value_counts().to_dict()
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no features"
    print(f"{len(documents)} documents: {summary} -> {args.output}", file=sys.stderr)
    return PARTLY if failed else 0


def _ingest(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("atlas ingest: --workers must be at least 1", file=sys.stderr)
        return USAGE
    if args.batch is not None and args.batch < 1:
        print("atlas ingest: --batch must be at least 1", file=sys.stderr)
        return USAGE
    published = args.published
    with open_store(args.store) as store:
        if store.read_only:
            raise StoreError(f"{store.shown_url}: the store is read-only; nothing was written")
        store.check()  # a damaged store is said now, not after the whole extraction
        summary = ingest(
            args.paths,
            store,
            workers=args.workers,
            scheduler=args.scheduler,
            published=published,
            use_ner=not args.no_ner,
            batch=args.batch,
            progress=not args.quiet,
        )
        where = store.url
    for problem in summary.problems:
        print(f"warning: {problem}", file=sys.stderr)
    lines = summary.lines()
    print(f"{lines[0]} -> {where}", file=sys.stderr)
    for line in lines[1:]:
        print(line, file=sys.stderr)
    return PARTLY if summary.failures else 0


def _export(args: argparse.Namespace) -> int:
    since, until = args.since, args.until
    bbox = None
    if args.bbox:
        try:
            minx, miny, maxx, maxy = (float(v) for v in args.bbox.split(","))
        except ValueError:
            print("atlas export: --bbox wants min_lon,min_lat,max_lon,max_lat", file=sys.stderr)
            return 2
        bbox = (minx, miny, maxx, maxy)
    suffix = args.output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        print(f"atlas export: {args.output}: use .geojson, .gpkg or .csv", file=sys.stderr)
        return USAGE
    check_output(args.output)
    with open_store(args.store, read_only=True) as store:
        features = store.read(since, until, args.kind, bbox)
    _write_features(features, args.output)
    print(f"{len(features)} features -> {args.output}", file=sys.stderr)
    return 0


def _write_features(features: gpd.GeoDataFrame, output: Path) -> None:
    """Write features in the format the output's suffix names (GeoJSON unless .gpkg or .csv)."""
    suffix = output.suffix.lower()
    try:
        if suffix == ".gpkg":
            write_gpkg(features, output)
        elif suffix == ".csv":
            output.write_text(to_csv(features), encoding="utf-8")
        else:
            output.write_text(to_geojson(features), encoding="utf-8")
    except OSError as err:
        raise InputError(str(output), f"could not be written ({err.strerror or err})") from None


def _geocode(args: argparse.Namespace) -> int:
    missing = 0
    if args.nominatim:
        logging.getLogger("geopy").setLevel(logging.CRITICAL)  # retries are reported below
        online = nominatim_geocoder(args.user_agent, args.cache_dir or settings().cache_dir)
        try:
            answers = [(name, online(name)) for name in args.names]
        except GeocoderServiceError as err:
            print(
                f"atlas geocode: Nominatim could not be reached ({type(err).__name__}); "
                "leave out --nominatim to use the offline gazetteer",
                file=sys.stderr,
            )
            return 2
    else:
        offline = GeoNamesOffline()
        codes = [args.country] if args.country else None
        answers = [(name, offline.geocode(name, country_codes=codes)) for name in args.names]
    for name, location in answers:
        if location is None:
            print(f"{name}\tnot found", file=sys.stderr)
            missing += 1
            continue
        print(f"{name}\t{location.latitude:.5f}\t{location.longitude:.5f}\t{location.address}")
    return 1 if missing else 0


def _frontlines(args: argparse.Namespace) -> int:
    as_of = args.as_of
    check_inputs([args.observations])
    check_inputs([p for p in (args.boundary, args.polygons) if p], limit=None)
    check_output(args.output)
    try:
        loaded = observations_from_csv(
            args.observations, geocoder=gazetteer_geocoder(country=args.country)
        )
    except ValueError as err:  # the file cannot be read or lacks a column; it says which
        print(f"atlas frontlines: {err}", file=sys.stderr)
        return 2
    for problem in loaded.problems:
        print(f"warning: {problem}", file=sys.stderr)
    boundary = read_boundaries(args.boundary) if args.boundary else None
    polygons = control_polygons(args.polygons) if args.polygons else None
    zones = control_zones(loaded.observations, as_of=as_of, boundary=boundary, polygons=polygons)
    lines = frontlines(zones)
    both = pd.concat([zones, lines], ignore_index=True)
    args.output.write_text(to_geojson(both), encoding="utf-8")
    actors = ", ".join(sorted(set(zones["actor"]))) or "none"
    print(
        f"as of {as_of}: {len(zones)} zones ({actors}), {len(lines)} frontlines -> {args.output}",
        file=sys.stderr,
    )
    return 0


def _join(args: argparse.Namespace) -> int:
    check_inputs([args.table])
    check_inputs([args.boundaries], limit=None)
    check_output(args.output)
    result = join_table(
        args.table,
        args.boundaries,
        table_key=args.table_key,
        boundary_key=args.boundary_key,
        value=args.value,
        sheet=args.sheet,
        match=args.match,
    )
    write_areas(result.areas, args.output, tolerance=0.001)
    with_values = int(result.areas["value"].notna().sum())
    print(
        f"table total {result.total_table:,.0f}, joined {result.total_joined:,.0f} "
        f"into {with_values} areas (matched by {result.match}) -> {args.output}",
        file=sys.stderr,
    )
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if result.blanks:
        print(f"{result.blanks} rows had a blank value (counted as 0)", file=sys.stderr)
    for _, row in result.invalid.iterrows():
        print(f"unreadable value: {dict(row)}", file=sys.stderr)
    for _, row in result.unmatched.iterrows():
        print(f"no area for row: {dict(row)}", file=sys.stderr)
    return 0


def _gazetteer(args: argparse.Namespace) -> int:
    if args.action == "list":
        for source in list_sources():
            print(
                f"{source.id}\t{source.file}\t{source.kind}\t{source.places:,} places\t"
                f"{source.names:,} names\tadded {source.added}"
            )
        return 0
    failed = 0
    for item in args.files if args.action == "add" else args.ids:
        try:
            if args.action == "add":
                countries = args.countries.split(",") if args.countries else None
                started = time.perf_counter()
                added = add_gazetteer(item, countries=countries)
                took = time.perf_counter() - started
                print(
                    f"added {added.file} as {added.id}: {added.places:,} places, "
                    f"{added.names:,} names in {took:.1f} s",
                    file=sys.stderr,
                )
            else:
                gone = remove_gazetteer(item)
                print(f"removed {gone.id} ({gone.file})", file=sys.stderr)
        except InputError as err:
            print(f"atlas gazetteer: {err}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


COMMANDS = {
    "geoparse": _geoparse,
    "eval": _eval,
    "eval-extract": _eval_extract,
    "geocode": _geocode,
    "frontlines": _frontlines,
    "join": _join,
    "extract": _extract,
    "ingest": _ingest,
    "export": _export,
    "gazetteer": _gazetteer,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``atlas`` console script; exit codes as the module's docstring says.

    Whatever stops a command is said in one line (the input and the problem), never as a
    traceback: the specific cases by each command, the rest here."""
    args = _parser().parse_args(argv)
    where = f"atlas {args.command}"
    try:
        return COMMANDS[args.command](args)
    except (
        DocumentError, BoundaryFileError, TableFileError, StoreError, AddError
    ) as err:  # fmt: skip
        problem = str(err)
    except sqlite3.Error as err:
        problem = f"a GeoPackage could not be read or written ({err})"
    except OSError as err:
        named = f"{err.filename}: " if err.filename else ""
        problem = f"{named}{err.strerror or err}"
    except MemoryError:
        problem = "ran out of memory; give smaller inputs (see the README's limits)"
    except KeyboardInterrupt:
        print(f"{where}: interrupted; nothing half-written was kept", file=sys.stderr)
        return INTERRUPTED
    print(f"{where}: {' '.join(problem.split())}", file=sys.stderr)  # one line, always
    return USAGE


if __name__ == "__main__":
    sys.exit(main())

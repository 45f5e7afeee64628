"""The ``atlas`` command line: geoparse documents, score a geoparse against gold, or run the
whole pipeline to GeoJSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from extract.documents import DocumentError, parse_published
from extract.records import Document


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="atlas", description=__doc__)
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

    extract = sub.add_parser("extract", help="articles to a GeoJSON FeatureCollection")
    extract.add_argument("files", type=Path, nargs="+", help=".txt/.md/.html or .csv/.jsonl")
    extract.add_argument("--published", help="publication date (YYYY-MM-DD) for undated files")
    extract.add_argument("-o", "--output", type=Path, required=True)
    return parser


def _geoparse(args: argparse.Namespace) -> int:
    from geo.geoparse import geoparse_jsonl

    count = geoparse_jsonl(args.input, args.output, ner=not args.no_ner)
    print(f"geoparsed {count} documents into {args.output}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace) -> int:
    from functools import partial

    from geo.evaluate import Report, load_jsonl, predict, score, split

    try:
        gold = split(load_jsonl(args.gold), args.split)
        if args.pred is not None:
            report = Report(score(gold, load_jsonl(args.pred)))
        else:
            from geo.geoparse import geoparse_many, warm_up

            warm_up(ner=not args.no_ner)
            timed = predict(gold, partial(geoparse_many, ner=not args.no_ner))
            report = Report(score(gold, timed.pred), round(timed.words_per_s, 1))
    except (OSError, ValueError, KeyError) as err:
        print(f"atlas eval: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print("\n".join(report.lines()))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from extract.documents import load_file
    from geo.export import to_geojson
    from geo.pipeline import process

    published = parse_published(args.published) if args.published else None
    documents: list[Document] = []
    failed = 0
    for path in args.files:
        try:
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
    args.output.write_text(to_geojson(result.features), encoding="utf-8")
    counts = result.features["kind"].value_counts().to_dict()
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no features"
    print(f"{len(documents)} documents: {summary} -> {args.output}", file=sys.stderr)
    return 1 if failed and not documents else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``atlas`` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "geoparse":
            return _geoparse(args)
        if args.command == "eval":
            return _eval(args)
        return _extract(args)
    except DocumentError as err:
        print(f"atlas: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

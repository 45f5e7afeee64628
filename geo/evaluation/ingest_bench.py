"""Speed of ``atlas ingest`` on Dask and of reading a week out of a large store.

``python -m geo.evaluation.ingest_bench [--texts GOLD.jsonl]`` measures articles/s for 1 and 2
workers and the time to read a week out of a 100,000-feature store (part of ``make bench``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from extract.documents import document_id, load_file
from extract.records import Document
from geo.features import features_from_records
from geo.service.articles import add_documents, demo_documents
from geo.service.ingest import dask_extractor, local_client, warm_up
from geo.store import GeoPackageStore, PostGISStore, Store


def bench_corpus(size: int = 5000, texts: Path | None = None) -> list[Document]:
    """``size`` distinct articles: the demo dispatches and the GeoWebNews texts, repeated with a
    numbered line appended so each copy has its own content-hash id. ``texts`` is a JSONL of
    more articles (the GeoWebNews benchmark in ../shared)."""
    base = demo_documents()[0]
    if texts is not None and texts.exists():
        base += list(load_file(texts).documents)
    corpus = []
    for n in range(size):
        source = base[n % len(base)]
        text = f"{source.text}\n\n(Bench copy {n // len(base)}.)"
        corpus.append(replace(source, id=document_id(text), text=text))
    return corpus


def bench_ingest(
    articles: int = 5000,
    workers: Sequence[int] = (1, 2),
    *,
    use_ner: bool = False,
    texts: Path | None = None,
) -> dict[str, Any]:
    """Articles/s ingesting ``articles`` into a fresh GeoPackage with 1 and 2 LocalCluster
    workers (after each worker has loaded the gazetteer), and the 2-vs-1 scaling ratio.

    Without NER by default: with spaCy NER the pipeline reads about 8 articles/s per core,
    and 5,000 articles on 1 then 2 workers would take about 15 minutes.
    """
    corpus = bench_corpus(articles, texts)
    result: dict[str, Any] = {"articles": len(corpus), "ner": use_ner}
    for n in workers:
        with tempfile.TemporaryDirectory() as folder, local_client(n) as client:
            store = GeoPackageStore(Path(folder) / "bench.gpkg")
            started = time.perf_counter()
            client.run(warm_up, use_ner)
            warm = time.perf_counter() - started
            extractor = dask_extractor(client, use_ner=use_ner, progress=False)
            summary = add_documents(store, corpus, extract=extractor)
            store.close()
            cluster = client.cluster
        if cluster is not None:
            cluster.close()
        result[f"workers_{n}"] = {
            "articles_per_s": round(summary.documents / summary.seconds, 1),
            "seconds": round(summary.seconds, 1),
            "warm_up_s": round(warm, 1),
            "features": summary.feature_count,
            "failures": len(summary.failures),
        }
    if 1 in workers and 2 in workers:
        result["scaling_2_vs_1"] = round(
            result["workers_2"]["articles_per_s"] / result["workers_1"]["articles_per_s"], 2
        )
    return result


def synthetic_features(count: int, *, seed: int = 6) -> Any:
    """``count`` point features over Syria and neighbours, dated over two years (2019-2020)."""
    rng = np.random.default_rng(seed)
    kinds = np.array(["place", "figure", "event"])
    first = date(2019, 1, 1)
    offsets = rng.integers(0, 730, count)
    spans = rng.choice([0, 0, 0, 1, 6, 30], count)
    lon = rng.uniform(35.5, 42.0, count)
    lat = rng.uniform(32.3, 37.3, count)
    kind = kinds[rng.integers(0, 3, count)]
    rows = [
        {
            "kind": str(kind[i]),
            "name": f"place {i % 997}",
            "lon": float(lon[i]),
            "lat": float(lat[i]),
            "start": first + timedelta(days=int(offsets[i])),
            "end": first + timedelta(days=int(offsets[i] + spans[i])),
            "doc_id": f"synthetic{i // 20:08d}",
            "title": f"synthetic article {i // 20}",
            "quote": "Synthetic feature for the read benchmark.",
            "geo_precision": 1,
            "time_precision": 1,
        }
        for i in range(count)
    ]
    return features_from_records(rows)


def bench_store_read(features: int = 100_000, *, url: str | None = None) -> dict[str, Any]:
    """Seconds to read one week's features (all kinds, whole area) out of a store holding
    ``features`` synthetic features: a fresh GeoPackage, or the PostGIS at ``url`` (a schema of
    its own, dropped afterwards). Median of 5 reads."""
    frame = synthetic_features(features)
    ids = sorted(set(frame["doc_id"]))
    documents = [Document(id=i, text=i, title=i) for i in ids]
    with tempfile.TemporaryDirectory() as folder:
        store: Store
        if url is None:
            store = GeoPackageStore(Path(folder) / "read.gpkg")
        else:
            store = PostGISStore(url, schema=f"atlas_bench_{int(time.time())}")
        try:
            started = time.perf_counter()
            store.add(documents, frame)
            write = time.perf_counter() - started
            week = (date(2020, 3, 2), date(2020, 3, 8))
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                found = store.read(*week)
                timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            everything = len(store.read())
            full = time.perf_counter() - started
        finally:
            if isinstance(store, PostGISStore):
                store.drop_schema()
            store.close()
    return {
        "store": "postgis" if url else "geopackage",
        "features": everything,
        "write_s": round(write, 2),
        "week": f"{week[0]}..{week[1]}",
        "week_features": len(found),
        "week_read_s": round(sorted(timings)[2], 4),
        "full_read_s": round(full, 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m geo.evaluation.ingest_bench``: the ingest and store benchmarks as JSON lines."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.evaluation.ingest_bench", description=main.__doc__
    )
    parser.add_argument("--texts", type=Path, help="JSONL of more articles (GeoWebNews)")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--ner", action="store_true", help="with spaCy NER (about 3x slower)")
    parser.add_argument("--postgis", help="also time the week read in this PostGIS")
    args = parser.parse_args(argv)
    print(json.dumps({"store_read": bench_store_read(args.features)}), flush=True)
    if args.postgis:
        print(json.dumps({"store_read": bench_store_read(args.features, url=args.postgis)}))
    print(
        json.dumps({"ingest": bench_ingest(args.articles, use_ner=args.ner, texts=args.texts)}),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest a corpus into a store, extracting in parallel on Dask.

Documents are loaded from files, folders or CSV/JSONL in this process, those already in the
store are skipped before any extraction, the rest go in small chunks to Dask workers (a
LocalCluster of worker processes with one thread each, or an existing scheduler), and what comes
back is written to the store in batches, one transaction each. Every worker process loads the
gazetteer (and spaCy, with NER) once, on its first chunk.

``python -m geo.ingest --bench`` measures articles/s for 1 and 2 workers and the time to read a
week out of a 100,000-feature store (:func:`bench_ingest`, :func:`bench_store_read`).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extract.documents import SUPPORTED_SUFFIXES, DocumentError, load_file
from extract.records import Document
from extract.toponyms import parse_texts

if TYPE_CHECKING:
    import spacy
    from distributed import Client

    from geo.gazetteer import Gazetteer
    from geo.store import Store

__all__ = [
    "Extracted",
    "Failure",
    "IngestSummary",
    "Loaded",
    "bench_ingest",
    "bench_store_read",
    "collect",
    "extract_chunk",
    "ingest",
    "ingest_documents",
    "local_client",
]

CHUNK = 8  # documents per Dask task: small enough to balance, big enough to batch spaCy
SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "geowebnews.jsonl"


@dataclass(frozen=True)
class Failure:
    """A file or document that was not stored, and why."""

    what: str
    reason: str


@dataclass(frozen=True)
class Extracted:
    """What a worker sends back for one chunk: the documents it read through with their feature
    rows (geo.schema columns), and the ones it could not read."""

    documents: tuple[Document, ...]
    rows: tuple[dict[str, Any], ...]
    failures: tuple[Failure, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Loaded:
    """Documents gathered from the paths given, deduplicated by id."""

    documents: tuple[Document, ...]
    failures: tuple[Failure, ...] = ()
    problems: tuple[str, ...] = ()
    duplicates: int = 0


@dataclass
class IngestSummary:
    """What an ingest did, for the command line and the app."""

    documents: int = 0  # stored by this ingest
    already: int = 0  # stored before, so not extracted again
    duplicates: int = 0  # the same text more than once in the input
    features: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The summary in words: counts first, then each failure with its reason."""
        kinds = ", ".join(
            f"{self.features.get(kind, 0)} {label}"
            for kind, label in (("place", "places"), ("figure", "figures"), ("event", "events"))
        )
        head = (
            f"{self.documents} documents stored ({self.already} already in the store, "
            f"{self.duplicates} duplicates in the input): {kinds}; "
            f"{len(self.failures)} failures; {self.seconds:.1f} s"
        )
        return [head, *(f"failed: {f.what}: {f.reason}" for f in self.failures)]


# -- on the workers ---------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _resources(use_ner: bool) -> tuple[Gazetteer, spacy.Language | None]:
    """The gazetteer, its recogniser and spaCy: loaded once per worker process."""
    from geo.gazetteer import default_gazetteer
    from geo.geoparse import matcher_for
    from geo.pipeline import _default_nlp

    gazetteer = default_gazetteer()
    matcher_for(gazetteer)
    return gazetteer, (_default_nlp() if use_ner else None)


def warm_up(use_ner: bool = True) -> bool:
    """Load a worker's resources ahead of the first chunk (``client.run(warm_up)``)."""
    _resources(use_ner)
    return True


def extract_chunk(documents: Sequence[Document], use_ner: bool = True) -> Extracted:
    """Read ``documents`` through the pipeline (runs on a Dask worker, or anywhere)."""
    from geo.pipeline import analyse, describe, feature_rows

    gazetteer, nlp = _resources(use_ner)
    parses: Iterable[Any] = (
        parse_texts(nlp, [d.text for d in documents])
        if nlp is not None
        else [None] * len(documents)
    )
    done: list[Document] = []
    rows: list[dict[str, Any]] = []
    failures: list[Failure] = []
    problems: list[str] = []
    for document, parsed in zip(documents, parses, strict=True):
        label = describe(document)
        try:
            analysis = analyse(document, gazetteer=gazetteer, parsed=parsed)
            found = list(feature_rows(analysis))
        except Exception as error:  # one bad article must not sink the batch
            failures.append(Failure(label, f"could not be read ({type(error).__name__}: {error})"))
            continue
        if not analysis.places:
            problems.append(f"{label}: no places found in the text, nothing to map")
        done.append(document)
        rows.extend(found)
    return Extracted(tuple(done), tuple(rows), tuple(failures), tuple(problems))


# -- in the client -----------------------------------------------------------------------------


def _files(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
            if not found:
                yield Failure(str(path), "folder holds no .txt/.html/.csv/.jsonl/.rss files")
            yield from found
        elif path.exists():
            yield path
        else:
            yield Failure(str(path), "no such file or folder")


def collect(paths: Iterable[Path], *, published: date | None = None) -> Loaded:
    """Documents from files and folders (searched recursively), the same text once."""
    documents: dict[str, Document] = {}
    failures: list[Failure] = []
    problems: list[str] = []
    duplicates = 0
    for item in _files(paths):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        try:
            loaded = load_file(item, published=published)
        except DocumentError as err:
            failures.append(Failure(err.name, err.problem))
            continue
        problems.extend(f"{item}: {p}" for p in loaded.problems)
        for document in loaded.documents:
            if document.id in documents:
                duplicates += 1
            else:
                documents[document.id] = document
    return Loaded(tuple(documents.values()), tuple(failures), tuple(problems), duplicates)


def local_client(workers: int = 2) -> Client:
    """A LocalCluster of ``workers`` processes with one thread each, and its client."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster)


def _progress(total: int, enabled: bool) -> Callable[[int], None]:
    """A progress bar on stderr (tqdm), or nothing."""
    if not enabled:
        return lambda _n: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def advance(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return advance


def ingest_documents(
    documents: Sequence[Document],
    store: Store,
    client: Client,
    *,
    use_ner: bool = True,
    chunk: int = CHUNK,
    batch: int | None = None,
    progress: bool = True,
) -> IngestSummary:
    """Extract the documents not yet in ``store`` on ``client``'s workers and write them to
    ``store``: all in one transaction at the end by default, so a crash or kill leaves the store
    as it was before the ingest; or, with ``batch``, every ``batch`` documents in a transaction
    of their own (the batches already written stay; a rerun adds the rest)."""
    from distributed import as_completed

    from geo.frames import features_from_records

    started = time.perf_counter()
    summary = IngestSummary()
    stored = store.known(d.id for d in documents)
    todo = [d for d in documents if d.id not in stored]
    summary.already = len(documents) - len(todo)
    advance = _progress(len(todo), progress and bool(todo))
    pending: list[Extracted] = []

    def flush() -> None:
        docs = [d for e in pending for d in e.documents]
        rows = [r for e in pending for r in e.rows]
        pending.clear()
        if not docs:
            return
        added = store.add(docs, features_from_records(rows))
        summary.documents += added.documents
        summary.already += added.skipped
        new = set(added.ids)
        summary.features.update(r["kind"] for r in rows if r["doc_id"] in new)

    chunks = iter([todo[i : i + chunk] for i in range(0, len(todo), chunk)])
    window = max(4, 3 * max(1, len(client.scheduler_info().get("workers", {}))))
    queue = as_completed()
    for part in _take(chunks, window):
        queue.add(client.submit(extract_chunk, part, use_ner, pure=False))
    waiting = 0
    for future in queue:
        result: Extracted = future.result()
        future.release()
        summary.failures.extend(result.failures)
        summary.problems.extend(result.problems)
        pending.append(result)
        waiting += len(result.documents)
        advance(len(result.documents) + len(result.failures))
        if batch is not None and waiting >= batch:
            flush()
            waiting = 0
        for part in _take(chunks, 1):
            queue.add(client.submit(extract_chunk, part, use_ner, pure=False))
    flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _take(items: Iterator[list[Document]], n: int) -> list[list[Document]]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) == n:
            break
    return taken


def ingest(
    paths: Sequence[Path],
    store: Store,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    published: date | None = None,
    use_ner: bool = True,
    batch: int | None = None,
    progress: bool = True,
) -> IngestSummary:
    """``atlas ingest``: files and folders into ``store``, on a LocalCluster of ``workers``
    processes or on the dask.distributed ``scheduler`` at that address."""
    from distributed import Client

    loaded = collect(paths, published=published)
    stored = store.known(d.id for d in loaded.documents)
    todo = [d for d in loaded.documents if d.id not in stored]
    client: Client | None = None
    if todo:  # no cluster to start when everything is stored already
        client = Client(scheduler, timeout=30) if scheduler else local_client(workers)
    try:
        if client is None:
            summary = IngestSummary()
        else:
            summary = ingest_documents(
                todo, store, client, use_ner=use_ner, batch=batch, progress=progress
            )
        summary.already += len(stored)
    finally:
        if client is not None:
            cluster = client.cluster if scheduler is None else None
            client.close()
            if cluster is not None:
                cluster.close()
    summary.failures[:0] = loaded.failures
    summary.problems[:0] = loaded.problems
    summary.duplicates += loaded.duplicates
    return summary


# -- benchmarks --------------------------------------------------------------------------------


def bench_corpus(size: int = 5000) -> list[Document]:
    """``size`` distinct articles: the demo dispatches and the GeoWebNews texts, repeated with a
    numbered line appended so each copy has its own content-hash id."""
    from geo.pipeline import DEMO_PATH

    base = list(load_file(DEMO_PATH).documents)
    if SHARED_BENCH.exists():
        base += list(load_file(SHARED_BENCH).documents)
    from extract.documents import document_id

    corpus = []
    for n in range(size):
        source = base[n % len(base)]
        text = f"{source.text}\n\n(Bench copy {n // len(base)}.)"
        corpus.append(replace(source, id=document_id(text), text=text))
    return corpus


def bench_ingest(
    articles: int = 5000, workers: Sequence[int] = (1, 2), *, use_ner: bool = False
) -> dict[str, Any]:
    """Articles/s ingesting ``articles`` into a fresh GeoPackage with 1 and 2 LocalCluster
    workers (after each worker has loaded the gazetteer), and the 2-vs-1 scaling ratio.

    Without NER by default: with spaCy NER the pipeline reads about 8 articles/s per core,
    and 5,000 articles on 1 then 2 workers would take about 15 minutes.
    """
    from geo.store import GeoPackageStore

    corpus = bench_corpus(articles)
    result: dict[str, Any] = {"articles": len(corpus), "ner": use_ner}
    for n in workers:
        with tempfile.TemporaryDirectory() as folder, local_client(n) as client:
            store = GeoPackageStore(Path(folder) / "bench.gpkg")
            started = time.perf_counter()
            client.run(warm_up, use_ner)
            warm = time.perf_counter() - started
            summary = ingest_documents(corpus, store, client, use_ner=use_ner, progress=False)
            store.close()
            cluster = client.cluster
        if cluster is not None:
            cluster.close()
        result[f"workers_{n}"] = {
            "articles_per_s": round(summary.documents / summary.seconds, 1),
            "seconds": round(summary.seconds, 1),
            "warm_up_s": round(warm, 1),
            "features": sum(summary.features.values()),
            "failures": len(summary.failures),
        }
    if 1 in workers and 2 in workers:
        result["scaling_2_vs_1"] = round(
            result["workers_2"]["articles_per_s"] / result["workers_1"]["articles_per_s"], 2
        )
    return result


def synthetic_features(count: int, *, seed: int = 6) -> Any:
    """``count`` point features over Syria and neighbours, dated over two years (2019-2020)."""
    from geo.frames import features_from_records

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
    from geo.store import GeoPackageStore, PostGISStore

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
    """``python -m geo.ingest --bench``: the ingest and store benchmarks as JSON lines."""
    parser = argparse.ArgumentParser(prog="python -m geo.ingest", description=main.__doc__)
    parser.add_argument("--bench", action="store_true", required=True)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--features", type=int, default=100_000)
    parser.add_argument("--ner", action="store_true", help="with spaCy NER (about 3x slower)")
    parser.add_argument("--postgis", help="also time the week read in this PostGIS")
    args = parser.parse_args(argv)
    print(json.dumps({"store_read": bench_store_read(args.features)}), flush=True)
    if args.postgis:
        print(json.dumps({"store_read": bench_store_read(args.features, url=args.postgis)}))
    print(json.dumps({"ingest": bench_ingest(args.articles, use_ner=args.ner)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

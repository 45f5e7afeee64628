"""``atlas ingest``: a corpus into a store, extracted in parallel on Dask.

Documents are loaded from files and folders in this process; :func:`geo.service.articles.
add_documents` skips those already stored and writes the rest, while their extraction runs in
small chunks on Dask workers (a LocalCluster of worker processes with one thread each, or an
existing scheduler). Every worker process loads the gazetteer (and spaCy, with NER) once, on
its first chunk. No cluster starts when everything is stored already.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from distributed import Client, LocalCluster, as_completed
from tqdm import tqdm

from extract.documents import DocumentError, load_file
from extract.records import Document
from geo import pipeline
from geo.gazetteer import default_gazetteer
from geo.geoparse import matcher_for
from geo.io.formats import ARTICLE_SUFFIXES
from geo.pipeline import Extracted, Failure
from geo.service.articles import AddSummary, Extractor, add_documents, unique_documents
from geo.store import Store

__all__ = ["CHUNK", "Loaded", "collect", "dask_extractor", "ingest", "local_client", "warm_up"]

CHUNK = 8  # documents per Dask task: small enough to balance, big enough to batch spaCy


@dataclass(frozen=True)
class Loaded:
    """Documents gathered from the paths given, deduplicated by id."""

    documents: tuple[Document, ...]
    failures: tuple[Failure, ...] = ()
    problems: tuple[str, ...] = ()
    duplicates: int = 0


def warm_up(use_ner: bool = True) -> bool:
    """Load a worker's gazetteer, recogniser and spaCy ahead of its first chunk
    (``client.run(warm_up)``)."""
    matcher_for(default_gazetteer())
    if use_ner:
        pipeline.default_nlp()
    return True


def _files(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
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
    documents: list[Document] = []
    failures: list[Failure] = []
    problems: list[str] = []
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
        documents.extend(loaded.documents)
    unique, duplicates = unique_documents(documents)
    return Loaded(tuple(unique), tuple(failures), tuple(problems), duplicates)


def local_client(workers: int = 2) -> Client:
    """A LocalCluster of ``workers`` processes with one thread each, and its client."""
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
    bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def advance(n: int) -> None:
        bar.update(n)
        if bar.n >= total:
            bar.close()

    return advance


def dask_extractor(
    client: Client | Callable[[], Client],
    *,
    use_ner: bool = True,
    chunk: int = CHUNK,
    progress: bool = True,
) -> Extractor:
    """An :data:`~geo.service.articles.Extractor` that reads documents in chunks on ``client``'s
    workers, a few chunks queued per worker, yielding each chunk's result as it completes.

    ``client`` may be a function that makes one: it is called only when there is work.
    """
    work = partial(pipeline.extract, use_ner=use_ner)

    def run(todo: Sequence[Document]) -> Iterator[Extracted]:
        if not todo:
            return
        live = client if isinstance(client, Client) else client()
        advance = _progress(len(todo), progress)
        chunks = iter([list(todo[i : i + chunk]) for i in range(0, len(todo), chunk)])
        window = max(4, 3 * max(1, len(live.scheduler_info().get("workers", {}))))
        queue = as_completed()
        for part in _take(chunks, window):
            queue.add(live.submit(work, part, pure=False))
        for future in queue:
            result: Extracted = future.result()
            future.release()
            advance(len(result.documents) + len(result.failures))
            yield result
            for part in _take(chunks, 1):
                queue.add(live.submit(work, part, pure=False))

    return run


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
) -> AddSummary:
    """``atlas ingest``: files and folders into ``store``, on a LocalCluster of ``workers``
    processes or on the dask.distributed ``scheduler`` at that address."""
    loaded = collect(paths, published=published)
    started: list[Client] = []

    def connect() -> Client:
        client = Client(scheduler, timeout=30) if scheduler else local_client(workers)
        started.append(client)
        return client

    extractor = dask_extractor(connect, use_ner=use_ner, progress=progress)
    try:
        summary = add_documents(store, loaded.documents, extract=extractor, batch=batch)
    finally:
        for client in started:
            cluster = client.cluster if scheduler is None else None
            client.close()
            if cluster is not None:
                cluster.close()
    summary.failures[:0] = loaded.failures
    summary.problems[:0] = loaded.problems
    summary.duplicates += loaded.duplicates
    return summary

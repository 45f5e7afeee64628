"""`atlas ingest` on Dask: idempotent, survives kill -9, and a real scheduler with two workers
gives the same store as a LocalCluster."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.cli import main
from geo.features import features_from_records
from geo.pipeline import extract
from geo.service.articles import add_documents
from geo.service.ingest import collect, dask_extractor, local_client
from geo.store import GeoPackageStore, Store

DEMO_PATH = Path(__file__).resolve().parents[3] / "data" / "demo" / "articles.jsonl"


REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
COPIES = 20  # 16 demo dispatches x 20 = 320 short documents


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSONL of 320 distinct documents: the demo dispatches, each copy numbered."""
    lines = DEMO_PATH.read_text(encoding="utf-8").splitlines()
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "dispatches.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(COPIES):
            for line in lines:
                item = json.loads(line)
                item["text"] += f"\n\n(Copy {copy}.)"
                out.write(json.dumps(item) + "\n")
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with local_client(2) as dask_client:
        yield dask_client
        cluster = dask_client.cluster
    if cluster is not None:
        cluster.close()


@pytest.fixture(scope="module")
def reference(corpus: Path, client: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus ingested once on a LocalCluster of two workers."""
    path = tmp_path_factory.mktemp("reference") / "reference.gpkg"
    with GeoPackageStore(path) as store:
        summary = add_documents(
            store,
            collect([corpus]).documents,
            extract=dask_extractor(client, use_ner=False, progress=False),  # type: ignore[arg-type]
        )
    assert summary.documents == 16 * COPIES and not summary.failures
    return path


def _contents(store: Store) -> tuple[set[str], dict[str, int], dict[str, int]]:
    """Document ids, features per kind and features per document."""
    features = store.read()
    per_doc = features.groupby("doc_id").size().to_dict()
    return set(store.documents()["id"]), store.counts(), per_doc


def test_ingesting_twice_counts_once(corpus: Path, reference: Path, client: object) -> None:
    with GeoPackageStore(reference) as store:
        before = _contents(store)
        again = add_documents(
            store,
            collect([corpus]).documents,
            extract=dask_extractor(client, use_ner=False, progress=False),  # type: ignore[arg-type]
        )
        after = _contents(store)

    assert again.documents == 0 and again.already == 16 * COPIES
    assert after == before
    assert before[1]["documents"] == 16 * COPIES
    assert before[1]["place"] > 0 and before[1]["event"] > 0 and before[1]["figure"] > 0


def test_the_cli_skips_stored_documents_without_a_cluster(
    corpus: Path, reference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    code = main(["ingest", str(corpus), "--store", str(reference), "--no-ner", "--quiet"])

    assert code == 0
    assert time.perf_counter() - started < 10
    assert f"0 documents stored ({16 * COPIES} already in the store" in capsys.readouterr().err


def _stored(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_9_mid_ingest_then_rerun(corpus: Path, reference: Path, tmp_path: Path) -> None:
    path = tmp_path / "killed.gpkg"
    with GeoPackageStore(path) as store:  # something stored before: it must survive
        first = collect([DEMO_PATH]).documents[:3]
        result = extract(first, use_ner=False)
        store.add(result.documents, features_from_records(result.rows))
        earlier = _contents(store)
    command = [str(BIN / "atlas"), "ingest", str(corpus), "--store", str(path), "--no-ner"]
    command += ["--workers", "1", "--batch", "4", "--quiet"]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _stored(path) < 3 + 12 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the ingest ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the killed ingest's orphaned workers
            os.killpg(process.pid, signal.SIGKILL)

    with GeoPackageStore(path) as store:  # opens, readable, each document whole
        ids, counts, per_doc = _contents(store)
        stored = store.documents().set_index("id")["features"].to_dict()
    with GeoPackageStore(reference) as ref:
        ref_ids, ref_counts, ref_per_doc = _contents(ref)
    assert 3 + 12 <= len(ids) < 16 * COPIES
    assert earlier[0] <= ids
    assert {d: per_doc.get(d, 0) for d in ids} == stored
    assert all(per_doc.get(d, 0) == ref_per_doc.get(d, 0) for d in ids - earlier[0])

    assert main(["ingest", str(corpus), "--store", str(path), "--no-ner", "--workers", "1"]) == 0

    with GeoPackageStore(path) as store:
        ids, counts, per_doc = _contents(store)
    assert ids == ref_ids | earlier[0]
    extra = earlier[1]
    assert counts == {k: ref_counts.get(k, 0) + extra.get(k, 0) for k in ref_counts | extra}
    assert all(per_doc.get(d, 0) == n for d, n in ref_per_doc.items())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def scheduler() -> Iterator[str]:
    """A `dask scheduler` and two `dask worker` processes on 127.0.0.1, torn down after."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    common = {"cwd": REPO, "start_new_session": True, "stderr": subprocess.DEVNULL}
    started = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **common,  # type: ignore[call-overload]
        )
    ]
    try:
        started += [
            subprocess.Popen(
                [
                    dask,
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    "--name",
                    f"worker-{n}",
                ],
                **common,  # type: ignore[call-overload]
            )
            for n in (1, 2)
        ]
        from distributed import Client

        with Client(address, timeout=60) as dask_client:
            dask_client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def test_a_dask_scheduler_with_two_workers_gives_the_same_store(
    corpus: Path, reference: Path, scheduler: str, tmp_path: Path
) -> None:
    path = tmp_path / "distributed.gpkg"
    code = main(["ingest", str(corpus), "--store", str(path), "--no-ner", "--scheduler", scheduler])

    assert code == 0
    with GeoPackageStore(path) as store, GeoPackageStore(reference) as ref:
        assert _contents(store) == _contents(ref)

    from distributed import Client

    from geo import gazetteer
    from geo.geoparse import matcher_for

    def loaded() -> tuple[int, int]:
        return gazetteer.default_gazetteer.cache_info().misses, matcher_for.cache_info().misses

    with Client(scheduler) as dask_client:  # each worker loaded its gazetteer and matcher once
        loads = dask_client.run(loaded)
    assert sorted(loads.values()) == [(1, 1), (1, 1)]


def test_failures_are_summarised_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code = main(
        ["ingest", str(empty), str(tmp_path / "missing.jsonl"), "--store", str(tmp_path / "s.gpkg")]
    )

    err = capsys.readouterr().err
    assert code == 1
    assert "0 documents stored" in err and "2 failures" in err
    assert "missing.jsonl: no such file or folder" in err
    assert "empty.txt" in err


def test_kill_9_mid_ingest_leaves_the_store_as_it_was(corpus: Path, tmp_path: Path) -> None:
    """By default an ingest is one transaction: killed while extracting, it leaves nothing."""
    import re
    import threading

    path = tmp_path / "atomic.gpkg"
    with GeoPackageStore(path) as store:
        first = collect([DEMO_PATH]).documents[:3]
        result = extract(first, use_ner=False)
        store.add(result.documents, features_from_records(result.rows))
        earlier = _contents(store)
    command = [str(BIN / "atlas"), "ingest", str(corpus), "--store", str(path), "--no-ner"]
    command += ["--workers", "1"]
    process = subprocess.Popen(
        command, cwd=REPO, start_new_session=True, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()
    stream = process.stderr
    assert stream is not None

    def watch() -> None:  # the progress bar says how many documents are extracted so far
        buffer = ""
        while (char := stream.read(1)) != "":
            buffer = (buffer + char)[-200:]
            counts = [int(n) for n in re.findall(r"(\d+)/\d+ ", buffer)]
            if counts and max(counts) >= 40:
                done.set()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        assert done.wait(timeout=120), "the ingest never got under way"
        assert process.poll() is None, "the ingest ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    with GeoPackageStore(path) as store:  # 40+ documents were extracted, none half-written
        assert _contents(store) == earlier
    assert main(["ingest", str(corpus), "--store", str(path), "--no-ner", "--workers", "1"]) == 0
    with GeoPackageStore(path) as store:
        ids, _, _ = _contents(store)
    assert len(ids) == 16 * COPIES + 3

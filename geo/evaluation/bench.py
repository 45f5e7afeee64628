"""Speed and footprint of geoparsing, measured in one run on the same texts.

``python -m geo.evaluation.bench [--texts GOLD.jsonl] [--json]`` (``make bench``) prints words/s
of the full geoparse (what ``atlas geoparse`` runs), of spaCy NER alone (the same tok2vec+ner
pipeline, the same batches), of the gazetteer recognition alone (normalise + automaton + rules +
resolution, no NER), geoparsing and the whole pipeline in articles/s, and the ratios; then the
gazetteer index load time and the peak resident memory of a fresh process that loads everything
and geoparses. Each benchmark is a small function returning a :class:`Measure`, listed in
:data:`BENCHMARKS`; the run interleaves them over rounds and keeps each one's best.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np

from extract.documents import document_from_text
from extract.ner import load_nlp
from extract.readers import read_jsonl_objects
from geo.config import DATA_DIR_ENV, reload, settings
from geo.evaluation.geoparse import word_count
from geo.gazetteer import Gazetteer, add_gazetteer
from geo.geoparse import BATCH, geoparse_many, warm_up
from geo.pipeline import process

DEFAULT_TEXTS = Path("../shared/bench/geowebnews.jsonl")  # from a checkout, as make bench runs


@dataclass(frozen=True)
class Measure:
    """One benchmark's result: ``value`` in ``unit`` (higher is better for rates)."""

    name: str
    value: float
    unit: str


def load_texts(path: Path) -> list[str]:
    """The ``text`` of every line of a JSONL file."""
    return [str(doc["text"]) for _, doc in read_jsonl_objects(path, needs=("text",))]


ROUNDS = 3  # every benchmark runs once a round, interleaved; each keeps its best round, so
# load from other work on a shared machine slows all of them alike rather than one


def _seconds(texts: Sequence[str], run: Callable[[Sequence[str]], object]) -> float:
    started = time.perf_counter()
    run(texts)
    return time.perf_counter() - started


def _rate(name: str, texts: Sequence[str], run: Callable[[Sequence[str]], object]) -> Measure:
    seconds = _seconds(texts, run)
    return Measure(name, word_count(texts) / seconds if seconds > 0 else 0.0, "words/s")


def bench_geoparse(texts: Sequence[str]) -> Measure:
    """Full geoparse with NER, batched as ``atlas geoparse`` runs it."""
    return _rate("geoparse", texts, lambda t: geoparse_many(list(t), ner=True))


def bench_ner(texts: Sequence[str]) -> Measure:
    """spaCy NER alone: the same pipeline and batch size as the geoparse."""

    nlp = load_nlp()

    def parse(batch: Sequence[str]) -> None:
        for _ in nlp.pipe(batch, batch_size=BATCH):  # stream, as geoparse does: keep no Docs
            pass

    return _rate("spacy_ner", texts, parse)


def bench_gazetteer(texts: Sequence[str]) -> Measure:
    """Gazetteer recognition and resolution alone (no NER)."""
    return _rate("gazetteer", texts, lambda t: geoparse_many(list(t), ner=False))


def _articles_rate(
    name: str, texts: Sequence[str], run: Callable[[Sequence[str]], object]
) -> Measure:
    seconds = _seconds(texts, run)
    return Measure(name, len(texts) / seconds if seconds > 0 else 0.0, "articles/s")


def bench_geoparse_articles(texts: Sequence[str]) -> Measure:
    """Geoparsing alone, counted in articles, to set beside the whole pipeline."""
    return _articles_rate("geoparse_articles", texts, lambda t: geoparse_many(list(t), ner=True))


def bench_pipeline(texts: Sequence[str]) -> Measure:
    """The whole pipeline (places, dates, figures, events, features frame) in articles/s."""

    docs = [document_from_text(text, published=PUBLISHED) for text in texts]
    return _articles_rate("pipeline", texts, lambda _: process(docs))


PUBLISHED = date(2018, 1, 1)  # GeoWebNews articles are from 2017-2018; dates resolve against it

BENCHMARKS: tuple[Callable[[Sequence[str]], Measure], ...] = (
    bench_ner,
    bench_geoparse,
    bench_gazetteer,
    bench_geoparse_articles,
    bench_pipeline,
)


def index_load_seconds() -> Measure:
    """Time to load the built gazetteer index from its cache file (no added gazetteer)."""
    started = time.perf_counter()
    Gazetteer.load(added=False)
    return Measure("index_load", time.perf_counter() - started, "s")


ADDED_NAMES = 50_000


def added_gazetteer_seconds(names: int = ADDED_NAMES) -> tuple[Measure, Measure]:
    """Seconds to add a GeoNames file of ``names`` villages (written here) to the local index,
    and to load the index with it, in a data folder of their own."""
    syllables = ("kaf", "rum", "bir", "tal", "dar", "sha", "mar", "qas", "hab", "nur", "zaw")
    rng = np.random.default_rng(12)
    original = os.environ.get(DATA_DIR_ENV)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        data = Path(folder)
        (data / "cache").mkdir()
        shutil.copy(settings().gazetteer_index, data / "cache" / "gazetteer.pkl")
        dump = data / "villages.txt"
        with dump.open("w", encoding="utf-8") as out:
            for i in range(names):
                parts = rng.choice(syllables, 5)
                name = f"{''.join(parts[:3]).capitalize()} {''.join(parts[3:]).capitalize()}"
                lat, lon = 32.5 + 4.5 * rng.random(), 35.8 + 6.0 * rng.random()
                cells = [str(90_000_000 + i), name, name, "", f"{lat:.5f}", f"{lon:.5f}"]
                cells += ["P", "PPL", "SY", "", "01", "", "", "", "0", "", "", "", "2026-01-01"]
                out.write("\t".join(cells) + "\n")
        os.environ[DATA_DIR_ENV] = str(data)
        reload()
        try:
            started = time.perf_counter()
            add_gazetteer(dump)
            added = time.perf_counter() - started
            started = time.perf_counter()
            Gazetteer.load()
            loaded = time.perf_counter() - started
        finally:
            if original is None:
                os.environ.pop(DATA_DIR_ENV, None)
            else:
                os.environ[DATA_DIR_ENV] = original
            reload()
    return Measure("add_50k_names", added, "s"), Measure("index_load_50k_added", loaded, "s")


_PEAK_SCRIPT = """
import resource, sys
from geo.evaluation.bench import load_texts
from geo.geoparse import geoparse_many
geoparse_many(load_texts(sys.argv[1]), ner=True)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_memory_mb(texts_path: Path) -> Measure:
    """Peak resident memory of a fresh process that loads everything and geoparses the texts."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT, str(texts_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Measure("peak_rss", int(done.stdout.split()[-1]) / 1024, "MB")  # ru_maxrss is KiB


def run(texts_path: Path) -> dict[str, Measure]:
    """Every benchmark on the texts of ``texts_path``, after one warm-up of each component."""

    texts = load_texts(texts_path)
    load = index_load_seconds()
    warm_up()
    geoparse_many(texts[:2])
    results: dict[str, Measure] = {}
    for _ in range(ROUNDS):
        for bench in BENCHMARKS:
            measure = bench(texts)
            if measure.name not in results or measure.value > results[measure.name].value:
                results[measure.name] = measure
    results[load.name] = load
    for measure in added_gazetteer_seconds():
        results[measure.name] = measure
    peak = peak_memory_mb(texts_path)
    results[peak.name] = peak
    return results


def ratios(results: dict[str, Measure]) -> dict[str, float]:
    """Geoparse speed as a share of NER alone, and gazetteer speed as a multiple of NER."""
    ner = results["spacy_ner"].value or 1.0
    return {
        "geoparse_vs_ner": results["geoparse"].value / ner,
        "gazetteer_vs_ner": results["gazetteer"].value / ner,
        "pipeline_vs_geoparse": results["pipeline"].value
        / (results["geoparse_articles"].value or 1.0),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m geo.evaluation.bench``."""
    parser = argparse.ArgumentParser(prog="python -m geo.evaluation.bench", description=__doc__)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="JSONL with a text")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    results = run(args.texts)
    shares = ratios(results)
    if args.json:
        out = {name: asdict(m) for name, m in results.items()} | {"ratios": shares}
        print(json.dumps(out))
        return 0
    words = word_count(load_texts(args.texts))
    print(f"texts: {args.texts} ({words:,} words)")
    for m in results.values():
        print(f"{m.name:<12} {m.value:>12,.2f} {m.unit}")
    print(f"geoparse / spaCy NER alone: {shares['geoparse_vs_ner']:.2f}  (must be >= 0.5)")
    print(
        f"index load {results['index_load'].value:.2f} s, with {ADDED_NAMES:,} added names "
        f"{results['index_load_50k_added'].value:.2f} s (each must be < 2 s)"
    )
    print(f"gazetteer alone / spaCy NER alone: {shares['gazetteer_vs_ner']:.2f}")
    print(f"whole pipeline / geoparse alone (articles/s): {shares['pipeline_vs_geoparse']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

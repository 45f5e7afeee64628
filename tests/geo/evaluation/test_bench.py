"""geo.evaluation.bench: the benchmark functions return named rates; no timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

from geo.evaluation.bench import BENCHMARKS, Measure, bench_gazetteer, load_texts, ratios


def test_benchmarks_cover_geoparse_ner_and_gazetteer() -> None:
    names = {bench.__name__ for bench in BENCHMARKS}
    assert names == {
        "bench_geoparse",
        "bench_ner",
        "bench_gazetteer",
        "bench_geoparse_articles",
        "bench_pipeline",
    }


def test_gazetteer_rate_on_small_texts(tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "Shelling hit Saraqib and Aleppo."}) + "\n")
    texts = load_texts(path)
    measure = bench_gazetteer(texts)
    assert measure.name == "gazetteer" and measure.unit == "words/s" and measure.value > 0


def test_ratios_compare_with_ner_alone() -> None:
    results = {
        "geoparse": Measure("geoparse", 3000.0, "words/s"),
        "spacy_ner": Measure("spacy_ner", 5000.0, "words/s"),
        "gazetteer": Measure("gazetteer", 20000.0, "words/s"),
        "geoparse_articles": Measure("geoparse_articles", 10.0, "articles/s"),
        "pipeline": Measure("pipeline", 8.0, "articles/s"),
    }
    assert ratios(results) == {
        "geoparse_vs_ner": 0.6,
        "gazetteer_vs_ner": 4.0,
        "pipeline_vs_geoparse": 0.8,
    }


def test_pipeline_rate_counts_articles(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from geo.evaluation.bench import bench_pipeline

    measure = bench_pipeline(["Shelling hit Saraqib on Tuesday.", "Aleppo was quiet."])
    assert measure.name == "pipeline" and measure.unit == "articles/s" and measure.value > 0

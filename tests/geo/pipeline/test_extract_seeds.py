"""The whole pipeline on the two seeds, scored against the hand annotations in gold.json.

The scoring is ``geo.evaluation.extraction``'s: a gold figure is found when an extracted figure
has its category, its value (or, for a vague amount, its low/high range), a place within 100 km
of the gold place and, when gold gives one, a period whose ends are within two days of gold's.
Events are matched the same way on category, actor (the normalised actor or the words as
written, so "Hayat Tahrir al-Sham" matches rebels written as HTS), place and period. Matching is
one to one. Run with ``pytest -s`` to see the numbers.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest

from extract.documents import load_file
from extract.records import Document
from geo.evaluation.extraction import ExtractScore, describe_row, score_documents
from geo.pipeline import process

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))["documents"]
IDLIB_BOTH = ((35.93062, 36.63393), (35.83333, 36.5))  # gold accepts the town or the governorate

Row = dict[str, Any]


@pytest.fixture(scope="module")
def run(gazetteer) -> tuple[list[Document], gpd.GeoDataFrame]:  # type: ignore[no-untyped-def]
    documents = []
    for doc in GOLD:
        loaded = load_file(SEEDS / doc["file"]).documents[0]
        published = date.fromisoformat(doc["published"])
        documents.append(dataclasses.replace(loaded, published=published, origin=doc["file"]))
    return documents, process(documents, gazetteer=gazetteer).features


@pytest.fixture(scope="module")
def extracted(run: tuple[list[Document], gpd.GeoDataFrame]) -> dict[str, list[Row]]:
    documents, features = run
    by_file: dict[str, list[Row]] = {}
    for doc, document in zip(GOLD, documents, strict=True):
        rows = features[features["doc_id"] == document.id]
        by_file[doc["file"]] = rows.drop(columns="geometry").to_dict("records")
    return by_file


def _kind(rows: list[Row], kind: str) -> list[Row]:
    return [row for row in rows if row["kind"] == kind]


def test_seed_recall_and_wrong_figures(run: tuple[list[Document], gpd.GeoDataFrame]) -> None:
    documents, features = run
    score: ExtractScore = score_documents(
        features, documents, GOLD, also_near={"Idlib": IDLIB_BOTH}
    )
    for doc in score.documents:
        print(
            f"\n{doc.doc}: figures {doc.figures_found}/{doc.figures_total}, "
            f"events {doc.events_found}/{doc.events_total}, wrong figures "
            f"{len(doc.wrong_figures)} (of {doc.figures_extracted} extracted), "
            f"events extracted {doc.events_extracted}"
        )
        for row in doc.wrong_figures:
            print("  wrong:", describe_row(row))
        assert len(doc.wrong_figures) <= 2, doc.wrong_figures
    print(f"figure recall {score.figure_recall:.2f}, event recall {score.event_recall:.2f}")
    assert score.figure_recall >= 0.9
    assert score.event_recall >= 0.8


def test_every_seed_feature_quotes_its_evidence(extracted: dict[str, list[Row]]) -> None:
    for doc in GOLD:
        text = (SEEDS / doc["file"]).read_text(encoding="utf-8")
        for row in extracted[doc["file"]]:
            if row["kind"] in ("figure", "event"):
                assert row["quote"] in text
                assert text[row["char_start"] : row["char_end"]] in row["quote"]
                assert row["geonameid"] is not None


def test_seed_events_a_reader_checks(extracted: dict[str, list[Row]]) -> None:
    first, second = (extracted[doc["file"]] for doc in GOLD)
    advance = next(r for r in _kind(first, "event") if r["category"] == "advance")
    assert (advance["name"], advance["actor"], advance["direction"]) == (
        "Aleppo",
        "government",
        "west",
    )
    assert advance["status"] == "reported"
    encircled = {
        r["geonameid"]
        for r in _kind(second, "event")
        if r["category"] == "encircle" and r["status"] == "goal"
    }
    assert encircled == {167611, 164816}  # Maarat al-Numan and Saraqib, a stated aim
    unicef = [r for r in _kind(second, "figure") if r["source"] == "UNICEF"]
    assert [(r["name"], r["geo_precision"]) for r in unicef] == [("Syria", 3), ("Syria", 3)]

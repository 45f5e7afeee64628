"""The whole pipeline on the two seeds, scored against the hand annotations in gold.json.

A gold figure is found when an extracted figure has its category, its value (or, for a vague
amount, its low/high range), a place within 100 km of the gold place and, when gold gives one,
a period whose ends are within two days of gold's. Events are matched the same way on category,
actor (the normalised actor or the words as written, so "Hayat Tahrir al-Sham" matches rebels
written as HTS), place and period. Matching is one to one. Run with ``pytest -s`` to see the
numbers.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from geopy.distance import distance

from extract.documents import load_file
from geo.pipeline import process

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))["documents"]
IDLIB_BOTH = ((35.93062, 36.63393), (35.83333, 36.5))  # gold accepts the town or the governorate
MAX_KM = 100.0
DAYS = 2

Row = dict[str, Any]


@pytest.fixture(scope="module")
def extracted(gazetteer) -> dict[str, list[Row]]:  # type: ignore[no-untyped-def]
    documents = []
    for doc in GOLD:
        loaded = load_file(SEEDS / doc["file"]).documents[0]
        published = date.fromisoformat(doc["published"])
        documents.append(dataclasses.replace(loaded, published=published, origin=doc["file"]))
    features = process(documents, gazetteer=gazetteer).features
    by_file: dict[str, list[Row]] = {}
    for doc, document in zip(GOLD, documents, strict=True):
        rows = features[features["doc_id"] == document.id]
        by_file[doc["file"]] = rows.drop(columns="geometry").to_dict("records")
    return by_file


def _targets(doc: Row, name: str) -> list[tuple[float, float]]:
    if name == "Idlib":
        return list(IDLIB_BOTH)
    return [(t["lat"], t["lon"]) for t in doc["toponyms"] if t["name"] == name]


def _near(row: Row, doc: Row, name: str) -> bool:
    here = (float(row["lat"]), float(row["lon"]))
    return any(distance(here, there).km <= MAX_KM for there in _targets(doc, name))


def _same_period(row: Row, gold: Row) -> bool:
    if "start" not in gold:
        return True
    if row["start"] is None or row["end"] is None:
        return False
    start, end = date.fromisoformat(gold["start"]), date.fromisoformat(gold["end"])
    return abs((row["start"] - start).days) <= DAYS and abs((row["end"] - end).days) <= DAYS


def _figure_matches(row: Row, gold: Row, doc: Row) -> bool:
    if row["category"] != gold["kind"]:
        return False
    if gold["value"] is None:
        amount_ok = (row["value"], row["low"], row["high"]) == (None, gold["low"], gold["high"])
    else:
        amount_ok = row["value"] == gold["value"]
    return amount_ok and _near(row, doc, gold["place"]) and _same_period(row, gold)


def _event_matches(row: Row, gold: Row, doc: Row) -> bool:
    if row["category"] != gold["kind"]:
        return False
    if gold["actor"] not in (row["actor"], row["actor_text"]):
        return False
    if gold.get("direction") and row["direction"] != gold["direction"]:
        return False
    return _near(row, doc, gold["place"]) and _same_period(row, gold)


def _match(
    rows: list[Row], golds: list[Row], doc: Row, same: Callable[[Row, Row, Row], bool]
) -> tuple[int, list[Row]]:
    """One-to-one greedy matching; returns how many gold items were found and the rows left."""
    left = list(rows)
    found = 0
    for gold in golds:
        hit = next((row for row in left if same(row, gold, doc)), None)
        if hit is not None:
            left.remove(hit)
            found += 1
    return found, left


def _kind(rows: list[Row], kind: str) -> list[Row]:
    return [row for row in rows if row["kind"] == kind]


def test_seed_recall_and_wrong_figures(extracted: dict[str, list[Row]]) -> None:
    figures_found = figures_total = events_found = events_total = 0
    for doc in GOLD:
        rows = extracted[doc["file"]]
        figures = _kind(rows, "figure")
        found, unmatched = _match(figures, doc["figures"], doc, _figure_matches)
        figures_found += found
        figures_total += len(doc["figures"])
        # A repeat of a figure already matched (same category and amount) is no error.
        matched_amounts = {
            (r["category"], r["value"], r["low"], r["high"]) for r in figures if r not in unmatched
        }
        wrong = [
            r
            for r in unmatched
            if (r["category"], r["value"], r["low"], r["high"]) not in matched_amounts
        ]
        ev_found, _ = _match(_kind(rows, "event"), doc["events"], doc, _event_matches)
        events_found += ev_found
        events_total += len(doc["events"])
        print(
            f"\n{doc['file']}: figures {found}/{len(doc['figures'])}, "
            f"events {ev_found}/{len(doc['events'])}, wrong figures {len(wrong)} "
            f"(of {len(figures)} extracted), events extracted {len(_kind(rows, 'event'))}"
        )
        for row in wrong:
            print("  wrong:", row["category"], row["value"], row["name"], row["quote"][:60])
        assert len(wrong) <= 2, wrong
    figure_recall = figures_found / figures_total
    event_recall = events_found / events_total
    print(f"figure recall {figure_recall:.2f}, event recall {event_recall:.2f}")
    assert figure_recall >= 0.9
    assert event_recall >= 0.8


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

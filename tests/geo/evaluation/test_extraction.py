"""geo.evaluation.extraction matching on hand-made rows; the dispatch gold files agree."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.evaluation.extraction import load_articles, load_gold, score_document

DISPATCHES = Path(__file__).resolve().parents[2] / "data" / "dispatches"

GOLD: dict[str, Any] = {
    "id": "d1",
    "published": "2024-02-09",
    "toponyms": [
        {"name": "Goma", "geonameid": 216281, "lat": -1.67409, "lon": 29.22845},
        {"name": "Sake", "geonameid": 205970, "lat": -1.57386, "lon": 29.04339},
    ],
    "figures": [
        {"kind": "displaced", "value": 135000, "qualifier": "about", "place": "Sake",
         "start": "2024-02-02", "end": "2024-02-09"},
        {"kind": "injured", "value": None, "low": 24, "high": 99, "qualifier": "vague",
         "place": "Sake"},
        {"kind": "killed", "value": 15, "qualifier": "at_least", "place": "Sake"},
    ],
    "events": [
        {"kind": "encircle", "actor": "M23", "aliases": ["rebels"], "place": "Goma"},
        {"kind": "control", "actor": "government", "place": "Sake", "start": "2024-02-08",
         "end": "2024-02-08"},
    ],
}  # fmt: skip


def _row(kind: str, category: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "kind": kind, "category": category, "name": "Goma", "lat": -1.67409, "lon": 29.22845,
        "value": None, "low": None, "high": None, "start": None, "end": None, "actor": None,
        "actor_text": None, "direction": None, "quote": "A sentence.",
    }  # fmt: skip
    row.update(values)
    return row


def test_figures_match_on_kind_amount_place_and_period() -> None:
    rows = [
        # Goma is 22 km from Sake: near enough; the period is within two days at both ends.
        _row("figure", "displaced", value=135000.0, start=date(2024, 2, 1), end=date(2024, 2, 9)),
        _row("figure", "injured", low=24, high=99),  # a vague amount matches by its range
        _row("figure", "killed", value=15, lat=float("nan"), lon=float("nan")),  # not placed
        _row("figure", "displaced", value=135000),  # a repeat of a matched amount: no error
        _row("figure", "refugees", value=7),  # wrong
    ]
    score = score_document(rows, GOLD)
    assert (score.figures_found, score.figures_total, score.figures_extracted) == (2, 3, 5)
    assert [g["kind"] for g in score.missed_figures] == ["killed"]
    wrong = [(r["category"], r["value"]) for r in score.wrong_figures]
    assert wrong == [("killed", 15), ("refugees", 7)]  # unplaced, and no such figure


def test_a_figure_far_away_or_out_of_period_is_missed() -> None:
    far = _row(
        "figure",
        "displaced",
        value=135000,
        lat=-4.3,
        lon=15.3,
        start=date(2024, 2, 2),
        end=date(2024, 2, 9),
    )
    late = _row("figure", "displaced", value=135000, start=date(2024, 2, 5), end=date(2024, 2, 9))
    for row in (far, late):
        assert score_document([row], GOLD).figures_found == 0


def test_events_match_the_actor_its_aliases_or_the_words_as_written() -> None:
    rows = [
        _row("event", "encircle", actor="rebels", actor_text="the group"),
        _row(
            "event",
            "control",
            actor="Government",
            name="Sake",
            lat=-1.57,
            lon=29.04,
            start=date(2024, 2, 8),
            end=date(2024, 2, 9),
        ),
    ]
    assert score_document(rows, GOLD).events_found == 2
    by_name = [_row("event", "encircle", actor="Congo", actor_text="the  M23")]
    assert score_document(by_name, GOLD).events_found == 1
    wrong_actor = [_row("event", "encircle", actor="Rwanda", actor_text="Rwandan troops")]
    assert score_document(wrong_actor, GOLD).missed_events[0]["actor"] == "M23"


def test_also_near_adds_places_for_a_name() -> None:
    kinshasa = _row("figure", "killed", value=15, lat=-4.32758, lon=15.31357)
    assert score_document([kinshasa], GOLD).figures_found == 0
    found = score_document([kinshasa], GOLD, also_near={"Sake": [(-4.3, 15.3)]})
    assert found.figures_found == 1


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_dispatch_gold_names_its_articles_and_places(part: str) -> None:
    articles = load_articles(DISPATCHES / f"{part}.jsonl")
    gold = load_gold(DISPATCHES / f"{part}.gold.json")  # checks every place is a toponym
    assert [doc["id"] for doc in gold] == list(articles)
    assert len(gold) == 8
    for doc in gold:
        article = articles[doc["id"]]
        assert article.published == date.fromisoformat(doc["published"])
        assert 120 <= len(article.text.split()) <= 250
        for toponym in doc["toponyms"]:
            assert -90 <= toponym["lat"] <= 90 and -180 <= toponym["lon"] <= 180
        for figure in doc["figures"]:
            assert (figure["value"] is None) == ("low" in figure)
            assert ("start" in figure) == ("end" in figure)


def test_dev_and_heldout_do_not_share_articles() -> None:
    texts = [
        json.loads(line)["text"]
        for part in ("dev", "heldout")
        for line in (DISPATCHES / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(set(texts)) == 16

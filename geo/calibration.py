"""Calibrated geoparse scores: the chance that a placed name is a real toponym within 161 km.

A resolved mention's raw evidence (recognition score, the winning candidate's share of the vote,
what NER said, the place's size and kind) goes through a small logistic model. The model is fit
by ``python -m geo.calibration GOLD.jsonl`` on the development split of a gold corpus (never on
the held-out quarter, see :func:`geo.evaluate.split`) and stored beside this module as
``calibration.json``; the same command reports how well the scores are calibrated on the
held-out part (Brier score and expected calibration error), raw against calibrated.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("calibration.json")
FEATURES = (
    "bias",
    "recognition",  # the mention's recognition score
    "share",  # the chosen place's share of the candidates' vote, 0.5..1
    "ner_place",  # spaCy called the span a place
    "ner_other",  # spaCy called it a person, an organisation...
    "log_population",  # log10(population + 1) / 7
    "country_or_area",  # geo_precision 2 or 3
    "multiword",
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


@dataclass(frozen=True)
class Evidence:
    """What the resolver knows about one placed mention."""

    recognition: float
    share: float
    ner_label: str | None
    population: int
    geo_precision: int
    text: str


def features(evidence: Evidence) -> np.ndarray:
    """The model's inputs for one mention, in the order of :data:`FEATURES`."""
    return np.array(
        [
            1.0,
            evidence.recognition,
            evidence.share,
            float(evidence.ner_label in PLACE_LABELS),
            float(evidence.ner_label is not None and evidence.ner_label not in PLACE_LABELS),
            math.log10(evidence.population + 1) / 7,
            float(evidence.geo_precision >= 2),
            float(" " in evidence.text.strip()),
        ]
    )


@lru_cache(maxsize=1)
def _weights() -> np.ndarray | None:
    if not MODEL_PATH.exists():
        return None
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        return None  # fit for other inputs: fall back to the raw score until refit
    return np.asarray(model["weights"], dtype=float)


def probability(evidence: Evidence) -> float:
    """Calibrated probability that the mention is a toponym placed within 161 km.

    Without a fitted model, the raw score (recognition times share) stands in.
    """
    weights = _weights()
    if weights is None:
        return evidence.recognition * evidence.share
    return float(_sigmoid(features(evidence) @ weights))


def _sigmoid(z: np.ndarray | float) -> Any:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (not on the bias)."""
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = _sigmoid(x @ weights)
        gradient = x.T @ (p - y) + penalty * weights
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared gap between the probability and what happened (lower is better)."""
    return float(np.mean((p - y) ** 2))


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Weighted mean |confidence - accuracy| over equal-width probability bins."""
    index = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = index == b
        if inside.any():
            total += inside.sum() * abs(p[inside].mean() - y[inside].mean())
    return total / len(p) if len(p) else 0.0


def labelled(gold: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geoparse the gold texts: each placed mention's features, raw score, and whether it is a
    gold toponym placed within 161 km."""
    from geo.evaluate import ACC_KM, outcomes
    from geo.geoparse import iter_resolved

    ids = list(gold)
    rows: list[np.ndarray] = []
    raw: list[float] = []
    pred: dict[str, Any] = {}
    for doc_id, resolved in zip(ids, iter_resolved(gold[i]["text"] for i in ids), strict=True):
        pred[doc_id] = {
            "toponyms": [
                {
                    "start": r.mention.start,
                    "end": r.mention.end,
                    "name": r.mention.text,
                    "lat": r.place.lat,
                    "lon": r.place.lon,
                }
                for r in resolved
            ]
        }
        rows.extend(features(r.evidence) for r in resolved)
        raw.extend(r.evidence.recognition * r.evidence.share for r in resolved)
    found, _ = outcomes(gold, pred)
    y = np.array(
        [
            float(km is not None and km < ACC_KM)
            for doc_id in ids
            for km in (found[(doc_id, i)] for i in range(len(pred[doc_id]["toponyms"])))
        ]
    )
    return np.vstack(rows), np.asarray(raw), y


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m geo.calibration GOLD.jsonl``: fit on the dev split, report on held-out."""
    from geo.evaluate import load_jsonl, split

    parser = argparse.ArgumentParser(prog="python -m geo.calibration", description=__doc__)
    parser.add_argument("gold", type=Path)
    args = parser.parse_args(argv)
    docs = load_jsonl(args.gold)
    x_dev, _, y_dev = labelled(split(docs, "dev"))
    weights = fit(x_dev, y_dev)
    x_out, raw_out, y_out = labelled(split(docs, "heldout"))
    calibrated = _sigmoid(x_out @ weights)
    report = {
        "heldout_mentions": len(y_out),
        "heldout_correct_share": round(float(y_out.mean()), 4),
        "brier_raw": round(brier(raw_out, y_out), 4),
        "brier_calibrated": round(brier(calibrated, y_out), 4),
        "ece_raw": round(expected_calibration_error(raw_out, y_out), 4),
        "ece_calibrated": round(expected_calibration_error(calibrated, y_out), 4),
    }
    model = {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in weights],
        "trained_on": f"{args.gold.name}, development split ({len(y_dev)} placed mentions)",
        "heldout": report,
    }
    MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

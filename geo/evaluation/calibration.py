"""Fit the place score's model (:mod:`geo.geoparse.score`) and say how well it is calibrated.

``python -m geo.evaluation.calibration GOLD.jsonl`` fits the logistic model on the development
split of a gold corpus (never on the held-out quarter, see :func:`geo.evaluation.geoparse.split`),
writes it to ``geo/geoparse/calibration.json``, and reports on the held-out part how well the
scores are calibrated (Brier score and expected calibration error), raw against calibrated.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geo.evaluation.geoparse import ACC_KM, load_jsonl, outcomes, split
from geo.geoparse import iter_resolved
from geo.geoparse.score import FEATURES, features, sigmoid


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (not on the bias)."""
    weights = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = sigmoid(x @ weights)
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
    """``python -m geo.evaluation.calibration GOLD.jsonl``: fit on dev, report on held-out."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.evaluation.calibration", description=__doc__
    )
    parser.add_argument("gold", type=Path)
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("geo/geoparse/calibration.json"),
        help="where to write the model (default: the one the package ships, in a checkout)",
    )
    args = parser.parse_args(argv)
    docs = load_jsonl(args.gold)
    x_dev, _, y_dev = labelled(split(docs, "dev"))
    weights = fit(x_dev, y_dev)
    x_out, raw_out, y_out = labelled(split(docs, "heldout"))
    calibrated = sigmoid(x_out @ weights)
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
    args.output.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())

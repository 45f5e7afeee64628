"""The runtime place score: the chance that a placed name is a real toponym within 161 km.

A resolved mention's raw evidence (recognition score, the winning candidate's share of the vote,
what NER said, the place's size and kind) goes through a small logistic model whose weights ship
beside this module as ``calibration.json`` (fit by ``python -m geo.evaluation.calibration``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np

MODEL_FILE = "calibration.json"
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
    model_file = files("geo.geoparse").joinpath(MODEL_FILE)
    if not model_file.is_file():
        return None
    model = json.loads(model_file.read_text(encoding="utf-8"))
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
    return float(sigmoid(features(evidence) @ weights))


def sigmoid(z: np.ndarray | float) -> Any:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

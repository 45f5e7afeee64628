"""geo.evaluation.calibration: the logistic fit, the calibration measures and the shipped model."""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np

from geo.evaluation.calibration import brier, expected_calibration_error, fit
from geo.geoparse.score import FEATURES, MODEL_FILE, Evidence, probability

MODEL_PATH = files("geo.geoparse").joinpath(MODEL_FILE)


def test_fit_recovers_a_known_logistic_relation() -> None:
    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(20_000), rng.normal(size=20_000)])
    truth = np.array([-0.5, 2.0])
    y = (rng.random(20_000) < 1 / (1 + np.exp(-(x @ truth)))).astype(float)
    weights = fit(x, y, l2=0.0)
    assert np.allclose(weights, truth, atol=0.1)


def test_calibration_measures_tell_honest_from_overconfident() -> None:
    rng = np.random.default_rng(4)
    p = rng.random(50_000)
    y = (rng.random(50_000) < p).astype(float)
    assert expected_calibration_error(p, y) < 0.01
    overconfident = np.where(p > 0.5, 0.99, 0.01)
    assert expected_calibration_error(overconfident, y) > 0.2
    assert brier(p, y) < brier(overconfident, y)


def _evidence(recognition: float, share: float, ner: str | None = "GPE") -> Evidence:
    return Evidence(recognition, share, ner, population=50_000, geo_precision=1, text="Saraqib")


def test_the_shipped_model_gives_probabilities_that_follow_the_evidence() -> None:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(model["features"]) == FEATURES
    assert model["heldout"]["ece_calibrated"] < model["heldout"]["ece_raw"]
    weak, strong = probability(_evidence(0.5, 0.55)), probability(_evidence(0.9, 0.99))
    assert 0.0 < weak < strong < 1.0

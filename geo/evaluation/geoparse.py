"""Geoparsing scores as EUPEG computes them, plus an end-to-end figure and words per second.

A predicted toponym matches a gold one when the names are equal ignoring case and the two spans'
midpoints are less than 10 characters apart; gold is limited to toponyms with coordinates. The
numbers are those of ``shared/tools/score_geoparse.py`` (a test checks every one of them).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from extract.readers import read_jsonl_objects
from geo.geodesy import great_circle_km
from geo.geoparse import geoparse_many, warm_up

MISSING_KM = 20039.0  # half the Earth's circumference: a matched name with no coordinates
ACC_KM = 161.0

Docs = Mapping[str, Mapping[str, Any]]


def held_out(doc_id: str) -> bool:
    """The fixed development split: a quarter of documents, by a hash of their id, is held out.

    Rules and weights are tuned on the rest (``dev``) and only checked on these, so the held-out
    score shows what tuning did to documents it never saw.
    """
    return int(hashlib.sha1(str(doc_id).encode()).hexdigest(), 16) % 4 == 0


def split(docs: Docs, part: str) -> dict[str, Any]:
    """``part`` of ``docs``: "all", "dev" (tuned on) or "heldout" (never tuned on)."""
    if part not in ("all", "dev", "heldout"):
        raise ValueError(f"unknown split {part!r}: expected all, dev or heldout")
    if part == "all":
        return dict(docs)
    return {i: d for i, d in docs.items() if held_out(i) == (part == "heldout")}


def load_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    """Documents of a JSONL file by id (as a string); a bad line names the file and line."""
    return {str(doc["id"]): doc for _, doc in read_jsonl_objects(path, needs=("id",))}


def _has_point(top: Mapping[str, Any]) -> bool:
    return top.get("lat") is not None and top.get("lon") is not None


def outcomes(gold: Docs, pred: Docs) -> tuple[dict[tuple[str, int], float | None], int]:
    """Per predicted toponym (document id, index): its error in km when it matches a gold one,
    else None; and the number of gold toponyms."""
    n_gold = 0
    result: dict[tuple[str, int], float | None] = {}
    for doc_id, g in gold.items():
        gtops = [t for t in g["toponyms"] if _has_point(t)]
        ptops = (pred.get(doc_id) or {}).get("toponyms", [])
        n_gold += len(gtops)
        used: set[int] = set()
        for index, p in enumerate(ptops):
            result[(doc_id, index)] = None
            middle = (p["start"] + p["end"]) / 2
            pname = (p.get("name") or g["text"][p["start"] : p["end"]]).lower()
            for i, t in enumerate(gtops):
                if i in used or t["name"].lower() != pname:
                    continue
                if abs((t["start"] + t["end"]) / 2 - middle) < 10:
                    used.add(i)
                    result[(doc_id, index)] = (
                        great_circle_km(t["lat"], t["lon"], p["lat"], p["lon"])
                        if _has_point(p)
                        else MISSING_KM
                    )
                    break
    return result, n_gold


def match_errors(gold: Docs, pred: Docs) -> tuple[list[float], int, int]:
    """Error in km of every matched toponym, the number of gold and of predicted toponyms."""
    found, n_gold = outcomes(gold, pred)
    errors = [km for km in found.values() if km is not None]
    return errors, n_gold, len(found)


def _auc(errors: list[float]) -> float:
    scaled = [math.log(1 + e) / math.log(MISSING_KM) for e in errors]
    if len(scaled) > 1:
        pairs = sum((scaled[i] + scaled[i + 1]) / 2 for i in range(len(scaled) - 1))
        return pairs / (len(scaled) - 1)
    return scaled[0] if scaled else 1.0


def score(gold: Docs, pred: Docs) -> dict[str, Any]:
    """Precision, recall, F1, acc161, mean/median km, AUC, e2e161 and counts (rounded as EUPEG).

    Parameters
    ----------
    gold
        Documents by id with ``text`` and ``toponyms`` (``start``, ``end``, ``name``, ``lat``,
        ``lon``).
    pred
        Predictions by id: ``{"toponyms": [{"start", "end", "name", "lat", "lon"}]}``.
    """
    errors, n_gold, n_pred = match_errors(gold, pred)
    tp = len(errors)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    errors.sort()
    near = sum(e < ACC_KM for e in errors)
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "acc161": round(near / len(errors), 4) if errors else 0.0,
        "mean_km": round(sum(errors) / len(errors), 1) if errors else None,
        "median_km": round(errors[len(errors) // 2], 1) if errors else None,
        "auc": round(_auc(errors), 4),
        "e2e161": round(near / n_gold, 4) if n_gold else 0.0,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "n_matched": tp,
    }


def word_count(texts: Iterable[str]) -> int:
    """Whitespace-separated words, the unit of every words/s figure in the project."""
    return sum(len(text.split()) for text in texts)


@dataclass(frozen=True)
class Timed:
    """Predictions for a corpus with the speed they were made at."""

    pred: dict[str, dict[str, Any]]
    words: int
    seconds: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


def predict(
    gold: Docs, parse: Callable[[list[str]], list[list[dict[str, Any]]]] | None = None
) -> Timed:
    """Geoparse the texts of ``gold`` (all at once, batched), timing only the geoparsing.

    ``parse`` maps texts to toponym lists; default :func:`geo.geoparse.geoparse_many` with NER.
    """
    if parse is None:
        warm_up()
        parse = geoparse_many
    ids = list(gold)
    texts = [str(gold[i]["text"]) for i in ids]
    started = time.perf_counter()
    toponyms = parse(texts)
    seconds = time.perf_counter() - started
    pred = {i: {"id": i, "toponyms": tops} for i, tops in zip(ids, toponyms, strict=True)}
    return Timed(pred, word_count(texts), seconds)


@dataclass(frozen=True)
class Report:
    """Scores of one run, with the speed when the run was timed."""

    scores: dict[str, Any]
    words_per_s: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self)["scores"], "words_per_s": self.words_per_s}

    def lines(self) -> list[str]:
        s = self.scores
        speed = f"{self.words_per_s:,.0f}" if self.words_per_s is not None else "n/a"
        return [
            f"precision {s['precision']:.4f}  recall {s['recall']:.4f}  F1 {s['f1']:.4f}",
            f"acc161 {s['acc161']:.4f}  mean km {s['mean_km']}  median km {s['median_km']}"
            f"  AUC {s['auc']:.4f}",
            f"e2e161 {s['e2e161']:.4f}  (gold {s['n_gold']}, predicted {s['n_pred']},"
            f" matched {s['n_matched']})",
            f"words/s {speed}",
        ]

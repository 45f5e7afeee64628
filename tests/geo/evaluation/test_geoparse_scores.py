"""geo.evaluation.geoparse gives the reference scorer's numbers exactly; atlas eval prints them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from geo.cli import main
from geo.evaluation.geoparse import load_jsonl, predict, score, word_count

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
BENCH = SHARED / "bench" / "geowebnews.jsonl"
REFERENCE = SHARED / "tools" / "score_geoparse.py"


def _reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_geoparse", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold(n: int = 12) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    with BENCH.open(encoding="utf8") as handle:
        for line in handle:
            doc = json.loads(line)
            docs[str(doc["id"])] = doc
            if len(docs) == n:
                break
    return docs


def _predictions(gold: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every kind of hit and miss: exact, shifted a little or far, no point, wrong name, extra."""
    pred: dict[str, dict[str, Any]] = {}
    for k, (doc_id, doc) in enumerate(gold.items()):
        tops = []
        for i, t in enumerate(doc["toponyms"]):
            kind = (i + k) % 6
            top = {"start": t["start"], "end": t["end"], "name": t["name"]}
            lat, lon = t.get("lat"), t.get("lon")
            if kind == 0 or lat is None:
                top |= {"lat": lat, "lon": lon}
            elif kind == 1:
                top |= {"lat": lat + 1.0, "lon": lon}  # ~111 km off
            elif kind == 2:
                top |= {"lat": -lat, "lon": lon + 90}  # far off
            elif kind == 3:
                top |= {"lat": None, "lon": None}
            elif kind == 4:
                top |= {"name": t["name"] + "x", "lat": lat, "lon": lon}
            else:
                continue  # missed
            tops.append(top)
        tops.append({"start": 0, "end": 4, "name": doc["text"][:4], "lat": 0.0, "lon": 0.0})
        if k % 5 != 4:  # some documents have no prediction at all
            pred[doc_id] = {"id": doc_id, "toponyms": tops}
    return pred


def test_scores_equal_the_reference_scorer_on_every_number(tmp_path: Path) -> None:
    gold = _gold()
    pred = _predictions(gold)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred.values()), encoding="utf8")
    reference = _reference()
    expected = reference.score(reference.load(str(BENCH)), reference.load(str(pred_path)))
    ours = score(load_jsonl(BENCH), load_jsonl(pred_path))
    assert ours == expected
    assert 0 < ours["n_matched"] < ours["n_gold"] and ours["acc161"] < 1


def test_empty_and_perfect_predictions_match_the_reference() -> None:
    gold = _gold(3)
    reference = _reference()
    assert score(gold, {}) == reference.score(gold, {})
    perfect = {
        i: {"toponyms": [t for t in d["toponyms"] if t.get("lat") is not None]}
        for i, d in gold.items()
    }
    assert score(gold, perfect) == reference.score(gold, perfect)
    assert score(gold, perfect)["f1"] == 1.0 and score(gold, perfect)["e2e161"] == 1.0


def test_word_count() -> None:
    assert word_count(["two words", " and three more "]) == 5


def test_predict_geoparses_the_gold_texts(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from geo.geoparse import geoparse_many

    gold = {"a": {"text": "Shelling hit Saraqib.", "toponyms": []}}
    timed = predict(gold, lambda texts: geoparse_many(texts, gazetteer=gazetteer, ner=False))
    assert [t["name"] for t in timed.pred["a"]["toponyms"]] == ["Saraqib"]
    assert timed.words == 3 and timed.words_per_s > 0


def test_atlas_eval_prints_every_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _gold(4)
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(d) + "\n" for d in gold.values()), encoding="utf8")
    pred_path = tmp_path / "pred.jsonl"
    pred = _predictions(gold)
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred.values()), encoding="utf8")

    assert main(["eval", str(gold_path), "--pred", str(pred_path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in printed.items() if k != "words_per_s"} == score(gold, pred)

    assert main(["eval", str(gold_path), "--pred", str(pred_path)]) == 0
    text = capsys.readouterr().out
    for label in ("precision", "recall", "F1", "acc161", "mean km", "median km", "AUC", "e2e161"):
        assert label in text

    assert main(["eval", str(gold_path), "--no-ner", "--json"]) == 0  # geoparses gold first
    timed = json.loads(capsys.readouterr().out)
    assert timed["words_per_s"] > 0 and timed["n_pred"] > 0


def test_atlas_eval_names_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf8")
    assert main(["eval", str(bad), "--pred", str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_the_held_out_split_is_a_fixed_quarter() -> None:
    from geo.evaluation.geoparse import held_out, split

    gold = load_jsonl(BENCH)
    dev, rest = split(gold, "dev"), split(gold, "heldout")
    assert len(dev) + len(rest) == len(gold) and not set(dev) & set(rest)
    assert 40 <= len(rest) <= 70
    assert held_out("0") == held_out("0")
    with pytest.raises(ValueError, match="unknown split"):
        split(gold, "test")

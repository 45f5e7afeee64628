import json
from pathlib import Path

import pytest
from geopy.distance import distance

from geo.geoparse import geoparse, geoparse_jsonl

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text(encoding="utf8"))["documents"]
IDLIB_TOWN, IDLIB_GOVERNORATE = (35.93062, 36.63393), (35.83333, 36.5)


@pytest.mark.parametrize("doc", GOLD, ids=[d["file"] for d in GOLD])
@pytest.mark.parametrize("use_ner", [True, False], ids=["ner", "no-ner"])
def test_every_gold_toponym_is_found_and_placed(gazetteer, nlp, doc, use_ner) -> None:  # type: ignore[no-untyped-def]
    text = (SEEDS / doc["file"]).read_text(encoding="utf8")
    found = geoparse(text, gazetteer=gazetteer, nlp=nlp if use_ner else None)
    for top in found:
        assert text[top["start"] : top["end"]] == top["name"]
    for gold in doc["toponyms"]:
        hits = [t for t in found if t["name"].lower().startswith(gold["name"].lower())]
        assert hits, f"{gold['name']} not found"
        targets = [(gold["lat"], gold["lon"])]
        if gold["name"] == "Idlib":
            targets = [IDLIB_TOWN, IDLIB_GOVERNORATE]
        for hit in hits:
            km = min(distance((hit["lat"], hit["lon"]), t).km for t in targets)
            assert km < 161, f"{hit['name']} at {hit['start']} placed {km:.0f} km off"


def test_no_false_places_in_the_seeds(gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    names = set()
    for doc in GOLD:
        text = (SEEDS / doc["file"]).read_text(encoding="utf8")
        names |= {t["name"] for t in geoparse(text, gazetteer=gazetteer, nlp=nlp)}
    demonyms = {"Syrian", "Turkish", "Russian"}
    gold = {t["name"] for d in GOLD for t in d["toponyms"]} | {"Idlib Province", "Russia"}
    assert names - demonyms <= gold


def test_geoparse_jsonl(tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Shelling hit Saraqib and Ma'arrat al-Nu'man."}) + "\n",
        encoding="utf8",
    )
    out = tmp_path / "out.jsonl"
    assert geoparse_jsonl(src, out, gazetteer=gazetteer) == 1
    line = json.loads(out.read_text(encoding="utf8"))
    assert line["id"] == "a"
    assert [(t["name"], t["geonameid"]) for t in line["toponyms"]] == [
        ("Saraqib", 164816),
        ("Ma'arrat al-Nu'man", 167611),
    ]
    assert set(line["toponyms"][0]) == {"start", "end", "name", "lat", "lon", "geonameid", "score"}


def test_geoparse_jsonl_names_the_bad_line(tmp_path: Path, gazetteer) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "a"}\n', encoding="utf8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        geoparse_jsonl(src, tmp_path / "out.jsonl", gazetteer=gazetteer)


def test_geoparse_many_matches_one_by_one(gazetteer, nlp) -> None:  # type: ignore[no-untyped-def]
    from geo.geoparse import geoparse_many

    texts = [(SEEDS / d["file"]).read_text(encoding="utf8") for d in GOLD]
    one_by_one = [geoparse(t, gazetteer=gazetteer, nlp=nlp) for t in texts]
    assert geoparse_many(texts, gazetteer=gazetteer, nlp=nlp) == one_by_one

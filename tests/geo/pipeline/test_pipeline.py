"""The wired pipeline on the seed articles: features a user would check on the map."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
import shapely

from extract.actor_words import normalise_actor
from extract.documents import document_from_text, document_id
from extract.records import Document
from geo.features import FEATURE_COLUMNS
from geo.pipeline import process
from geo.pipeline.actors import actor_matcher
from geo.service.articles import demo_documents

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
GOLD = json.loads((SHARED / "seeds" / "gold.json").read_text(encoding="utf-8"))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _seed(entry: dict) -> object:
    text = (SHARED / "seeds" / entry["file"]).read_text(encoding="utf-8")
    return document_from_text(
        text, title=entry["file"], published=date.fromisoformat(entry["published"])
    )


@pytest.fixture(scope="module")
def seed_features(gazetteer):  # type: ignore[no-untyped-def]
    docs = [_seed(entry) for entry in GOLD["documents"]]
    result = process(docs, gazetteer=gazetteer)
    assert result.problems == []
    return result.features


def test_every_feature_carries_the_schema_and_provenance(seed_features) -> None:  # type: ignore[no-untyped-def]
    assert set(FEATURE_COLUMNS) <= set(seed_features.columns)
    assert str(seed_features.crs) == "EPSG:4326"
    for row in seed_features.to_dict("records"):
        assert row["kind"] in {"place", "figure", "event"}
        assert row["doc_id"] and row["title"] and row["quote"]
        assert row["start"] is not None and row["end"] is not None and row["start"] <= row["end"]
        assert row["geo_precision"] in (1, 2, 3) and row["time_precision"] in (1, 2, 3)
        if row["geometry"].geom_type == "Point":
            assert row["geometry"].x == pytest.approx(row["lon"])
        else:  # a part of a country, a road, a plain, a country-wide figure: drawn as such
            assert row["kind"] in {"place", "figure"} and row["geo_precision"] in (2, 3)
            # its point on it (within the simplified outline's few kilometres)
            assert row["geometry"].distance(shapely.Point(row["lon"], row["lat"])) < 0.05


@pytest.mark.parametrize("entry", GOLD["documents"], ids=lambda e: e["file"][:3])
def test_gold_places_are_on_the_map(seed_features, entry) -> None:  # type: ignore[no-untyped-def]
    places = seed_features[(seed_features.kind == "place") & (seed_features.title == entry["file"])]
    for gold in entry["toponyms"]:
        nearest = min(_km(gold["lat"], gold["lon"], r.lat, r.lon) for r in places.itertuples())
        assert nearest < 161, f"{gold['name']} is {nearest:.0f} km from any mapped place"


@pytest.mark.parametrize(
    ("file", "category", "value", "start", "end", "place"),
    [
        ("000", "displaced", 358000, "2019-12-01", "2020-01-19", "Idlib"),
        ("000", "at_risk", 800000, None, None, "Idlib"),
        ("001", "displaced", 100000, "2019-12-16", "2019-12-26", "Idlib"),
        ("001", "refugees", 4000000, None, None, "Turkey"),
    ],
)
def test_seed_figures_land_on_their_place(  # type: ignore[no-untyped-def]
    seed_features, gazetteer, file, category, value, start, end, place
) -> None:
    entry = next(e for e in GOLD["documents"] if e["file"].startswith(file))
    figures = seed_features[
        (seed_features.kind == "figure")
        & (seed_features.title == entry["file"])
        & (seed_features.category == category)
        & (seed_features.value == value)
    ]
    assert len(figures) == 1
    row = figures.iloc[0]
    gold = next(t for t in entry["toponyms"] if t["name"] == place)
    assert _km(gold["lat"], gold["lon"], row.lat, row.lon) < 100
    if start:
        assert (row.start.isoformat(), row.end.isoformat()) == (start, end)
    assert row.quote in (SHARED / "seeds" / entry["file"]).read_text(encoding="utf-8")


def test_an_article_with_no_places_is_reported_not_mapped(gazetteer) -> None:  # type: ignore[no-untyped-def]
    doc = document_from_text("the meeting ran late and nothing was decided.", title="Minutes")
    result = process([doc], gazetteer=gazetteer)
    assert result.features.empty
    assert result.problems == ["pasted text (Minutes): no places found in the text, nothing to map"]


def test_demo_articles_span_the_offensive(gazetteer) -> None:  # type: ignore[no-untyped-def]
    docs, _ = demo_documents()
    assert len(docs) >= 12
    assert {d.published.strftime("%Y-%m") for d in docs if d.published} >= {
        "2019-12",
        "2020-01",
        "2020-02",
        "2020-03",
    }
    calls: list[tuple[int, int]] = []
    result = process(docs, gazetteer=gazetteer, progress=lambda d, t, _: calls.append((d, t)))
    assert calls[-1] == (len(docs), len(docs))
    names = set(result.features.name)
    assert {"Saraqib", "Aleppo", "Latakia"} <= names
    displaced = result.features[result.features.category == "displaced"]
    assert 358000 in set(displaced.value)


def test_events_are_features_with_actor_status_and_direction(seed_features) -> None:  # type: ignore[no-untyped-def]
    events = seed_features[seed_features.kind == "event"]
    assert set(events.category) <= {
        "advance", "capture", "siege", "encircle", "attack", "control", "withdraw", "ceasefire"
    }  # fmt: skip
    assert set(events.status) == {"reported", "goal"}
    siege = events[events.category == "siege"].iloc[0]
    assert (siege["name"], siege["actor"], siege["geonameid"]) == (
        "Ma‘arrat an Nu‘mān",
        "government",
        167611,
    )  # "The regime fully besieged the city": the city named in the sentence before
    hts = events[events.actor_text == "Hayat Tahrir al-Sham"].iloc[0]
    named = normalise_actor("Hayat Tahrir al-Sham", actor_matcher())  # the table's name for it
    assert (hts["category"], hts["actor"]) == ("control", named)
    assert seed_features.loc[seed_features.kind != "event", "status"].isna().all()


def test_the_dateline_is_where_the_story_was_filed_not_where_it_happened(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Shelling in the east\n\n"
        "KYIV, Oct. 12 (AP) — Russian troops shelled the city of Kherson overnight, killing four "
        "people, officials said. About 1,600 residents remain in Avdiivka out of a pre-war "
        "population of 32,000. In the Kharkiv region, more than 10,000 people were displaced in "
        "the past month, the regional governor said."
    )
    doc = document_from_text(text, title="Shelling in the east", published=date(2023, 10, 14))
    features = process([doc], gazetteer=gazetteer).features
    places = set(features.loc[features["kind"] == "place", "name"])
    assert "Kyiv" in places  # the dateline is still a place the text names
    figures = features[features["kind"] == "figure"]
    placed = sorted(zip(figures["category"], figures["value"], figures["name"], strict=True))
    assert placed == [
        ("displaced", 10_000, "Kharkiv"),
        ("killed", 4, "Kherson"),
        ("population", 1_600, "Avdiyivka"),
        ("population", 32_000, "Avdiyivka"),
    ]
    events = features[features["kind"] == "event"]
    assert "Kyiv" not in set(events["name"])


def test_a_text_longer_than_the_ner_model_reads_at_once_is_read_in_pieces(gazetteer) -> None:  # type: ignore[no-untyped-def]
    filler = "The talks went on without result. " * 30_000  # over a million characters
    text = (
        "Government forces shelled Saraqib in Idlib province on Monday.\n\n"
        + filler
        + "\n\nLater, 40 families fled Ariha for camps near the border."
    )
    # The readers refuse an article this long (the input policy); a caller that builds the
    # Document itself still gets every place, the last lines' included, and no complaint.
    with pytest.raises(ValueError, match="over the limit"):
        document_from_text(text, title="Long report", published=date(2020, 2, 3))
    doc = Document(document_id(text), text, title="Long report", published=date(2020, 2, 3))
    result = process([doc], gazetteer=gazetteer)
    assert len(text) > 1_000_000
    assert {"Idlib", "Saraqib", "Arīḩā"} <= set(result.features["name"])
    figures = result.features[result.features["kind"] == "figure"]
    assert list(zip(figures["value"], figures["name"], strict=True)) == [(40, "Arīḩā")]
    assert result.problems == []


def test_a_toll_of_the_whole_war_is_the_countrys(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighting raged in El Fasher, Sudan, on Sunday. The city, home to about 1.5 million "
        "people before the war, is besieged. The war has killed more than 12,000 people, "
        "the United Nations says."
    )
    doc = document_from_text(text, title="El Fasher", published=date(2024, 5, 13))
    features = process([doc], gazetteer=gazetteer).features
    figures = features[features["kind"] == "figure"].set_index("category")
    assert figures.loc["killed", "name"] == "Sudan"
    assert figures.loc["killed", "geo_precision"] == 3
    assert figures.loc["population", "name"] == "El Fasher"


def test_an_event_with_no_place_is_kept_off_the_map_not_dropped(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Unidentified gunmen attacked a checkpoint on Monday, killing two guards."
    doc = document_from_text(text, title="Checkpoint", published=date(2021, 3, 2))
    features = process([doc], gazetteer=gazetteer).features
    events = features[features["kind"] == "event"]
    assert len(events) == 1
    event = events.iloc[0]
    assert event["name"] == "(no place named)" and event["geometry"] is None
    assert event["category"] == "attack" and event["actor"] == "Unidentified Armed Group"
    assert event["start"] == date(2021, 3, 1)  # "on Monday", the day before it was published
    assert event["title"] == "Checkpoint" and "killing two guards" in event["quote"]

"""Actors settled by geography: a state's forces are "government" in their own country and the
state's name abroad; gunmen nobody named belong to the event's country; an analyst's table of
groups is merged on top of the shipped one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from extract.actors import UNIDENTIFIED
from extract.documents import document_from_text
from extract.records import Event, Mention, Sentence
from geo import config
from geo.gazetteer import Gazetteer
from geo.geoparse import Resolved
from geo.geoparse.score import Evidence
from geo.pipeline import process
from geo.pipeline.actors import (
    actor_matcher,
    actors_country,
    country_name,
    fronts_of,
    settle_actor,
)

SENTENCE = Sentence(0, 10, "(a sentence)")


def _at(gazetteer: Gazetteer, name: str, *, demonym: bool = False) -> Resolved:
    place = gazetteer.lookup(name)[0]
    mention = Mention(0, len(name), name)
    evidence = Evidence(1.0, 1.0, None, place.population, place.geo_precision, name)
    return Resolved(mention, place, 0.9, place.geo_precision, evidence, demonym=demonym)


def _event(actor: str, state: str | None = None, category: str = "attack") -> Event:
    subtype = "non_state_overtakes_territory" if category == "capture" else "armed_clash"
    return Event(category, actor, actor, 0, 5, SENTENCE, subtype=subtype, actor_state=state)


def test_a_states_forces_at_home_are_the_government(gazetteer: Gazetteer) -> None:
    kandahar = _at(gazetteer, "Kandahar")
    event = _event("afghanistan", "Afghanistan", "capture")
    assert settle_actor(event, kandahar, False, [kandahar]) == (
        "government",
        "government_regains_territory",
    )


def test_a_states_forces_abroad_keep_the_states_name(gazetteer: Gazetteer) -> None:
    idlib = _at(gazetteer, "Idlib")
    event = _event("turkey", "Turkey", "capture")
    assert settle_actor(event, idlib, False, [idlib]) == (
        "turkey",
        "non_state_overtakes_territory",
    )


def test_a_border_town_in_a_note_about_both_sides_decides_nothing(gazetteer: Gazetteer) -> None:
    # Turkish forces at a Turkish town, in a note naming as many Syrian places: across the border
    # as likely as not.
    kilis, azaz = _at(gazetteer, "Kilis"), _at(gazetteer, "Azaz")
    assert settle_actor(_event("turkey", "Turkey"), kilis, False, [kilis, azaz])[0] == "turkey"
    gaziantep = _at(gazetteer, "Gaziantep")
    located = [kilis, gaziantep, azaz]
    assert settle_actor(_event("turkey", "Turkey"), kilis, False, located)[0] == "government"


def test_with_no_place_of_its_own_the_documents_country_decides(gazetteer: Gazetteer) -> None:
    nationality = _at(gazetteer, "Ukrainian", demonym=True)
    event = _event("ukraine", "Ukraine")
    # the place stands only for the actors' nationality: nothing known about where
    assert settle_actor(event, nationality, True, [nationality])[0] == "ukraine"
    kharkiv, sumy = _at(gazetteer, "Kharkiv"), _at(gazetteer, "Sumy")
    assert settle_actor(event, nationality, True, [nationality, kharkiv, sumy])[0] == "government"


def test_unidentified_gunmen_belong_to_the_events_country(gazetteer: Gazetteer) -> None:
    peshawar = _at(gazetteer, "Peshawar")
    gunmen = _event(UNIDENTIFIED)
    assert settle_actor(gunmen, peshawar, False, [peshawar])[0] == (
        "Unidentified Armed Group (Pakistan)"
    )
    assert settle_actor(gunmen, None, True, [])[0] == UNIDENTIFIED


def test_other_actors_are_left_as_extracted(gazetteer: Gazetteer) -> None:
    sanaa = _at(gazetteer, "Sanaa")
    for actor in ("rebels", "government", "Houthis", None):
        assert settle_actor(_event(actor), sanaa, False, [sanaa])[0] == actor  # type: ignore[arg-type]


def test_country_names_are_conflict_reportings() -> None:
    assert [country_name(c) for c in ("SY", "PS", "MM", "CD", "")] == [
        "Syria",
        "Palestine",
        "Myanmar",
        "Democratic Republic of Congo",
        None,
    ]


@pytest.fixture
def analyst_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A data folder holding the analyst's own actors.csv."""
    path = tmp_path / "actors.csv"
    path.write_text(
        "name,aliases,type,countries,side,backer\n"
        "Sahel Dawn Brigade,Dawn Brigade;Sahel Dawn,jihadist,ML,rebels,\n"
        "Lake Valley Guards,Valley Guards;Lake Guards,identity_militia,ML;BF,government,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    config.reload()
    yield path
    monkeypatch.undo()
    config.reload()


def test_the_analysts_groups_are_merged_on_top(analyst_table: Path) -> None:
    names = {g.name for g in actor_matcher().groups}
    assert {"Sahel Dawn Brigade", "Lake Valley Guards"} <= names
    analyst_table.write_text(
        "name,aliases,type,countries,side,backer\n"
        "Sahel Dawn Brigade,Dawn Brigade,jihadist,ML,rebels,\n",
        encoding="utf-8",
    )
    assert "Lake Valley Guards" not in {g.name for g in actor_matcher().groups}  # read again


def test_an_event_with_no_place_goes_to_its_groups_country(
    analyst_table: Path, gazetteer: Gazetteer
) -> None:
    event = Event("attack", "Sahel Dawn Brigade", "Dawn Brigade", 0, 5, SENTENCE)
    resolved = actors_country(event, gazetteer=gazetteer)
    assert resolved is not None
    assert (resolved.place.name, resolved.geo_precision, resolved.demonym) == ("Mali", 3, False)
    assert resolved.note == "country of Sahel Dawn Brigade"
    # a group fighting in two countries says nothing about which
    guards = Event("attack", "Lake Valley Guards", "Dozos", 0, 5, SENTENCE)
    assert actors_country(guards, gazetteer=gazetteer) is None
    # a state's forces go to their state, which stands for a nationality, not a place
    state = actors_country(_event("pakistan", "Pakistan"), gazetteer=gazetteer)
    assert state is not None and (state.place.name, state.demonym) == ("Pakistan", True)


def _rows(gazetteer: Gazetteer, *texts: str) -> list[dict[str, object]]:
    documents = [
        document_from_text(text, title="note", published=date(2021, 3, 4)) for text in texts
    ]
    features = process(documents, gazetteer=gazetteer).features
    return features[features.kind == "event"].drop(columns="geometry").to_dict("records")


def test_notes_of_several_wars_through_the_pipeline(gazetteer: Gazetteer) -> None:
    rows = _rows(
        gazetteer,
        "Afghan forces killed six fighters in an ambush near Kandahar on Tuesday.",
        "Unidentified gunmen shot and killed two policemen in Peshawar.",
        "Russian artillery shelled Kharkiv overnight.",
    )
    got = {(r["actor"], r["category"], r["subtype"], r["name"]) for r in rows}
    assert ("government", "attack", "armed_clash", "Kandahār") in got
    assert ("Unidentified Armed Group (Pakistan)", "attack", "armed_clash", "Peshawar") in got
    assert ("russia", "attack", "shelling", "Kharkiv") in got
    shooting = next(r for r in rows if r["name"] == "Peshawar")
    assert (shooting["target"], shooting["target_text"]) == ("government", "policemen")


def test_a_foreign_army_against_a_local_group_is_put_in_the_groups_country(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "On 11 October 2019, Turkish forces and pro-Turkish faction fighters clashed with QSD "
        "fighters near the village of Zarqa Dwerah with casualties on both sides."
    )
    document = document_from_text(text, title="t", published=date(2019, 10, 12))
    features = process([document], gazetteer=gazetteer).features
    event = features[features["kind"] == "event"].iloc[0]
    assert event["target"] == "QSD: Syrian Democratic Forces"  # the side named after "with"
    assert event["actor"] == "turkey"  # abroad, not the government
    assert event["name"] == "Syria"  # not at Turkey's centre: the QSD fight in Syria


def test_forces_of_an_operation_abroad_are_never_the_government_where_they_fight(
    gazetteer: Gazetteer,
) -> None:
    # Ceylanpinar is the Turkish town across the border from Ras al-Ain: even placed there, an
    # operation's forces are Turkey's forces abroad, not the government.
    text = (
        "On 12 October 2019, Turkish forces and Syrian National Army fighters operating as part "
        "of Operation Peace Spring clashed with QSD fighters in Ceylanpinar."
    )
    document = document_from_text(text, title="t", published=date(2019, 10, 13))
    features = process([document], gazetteer=gazetteer).features
    event = features[features["kind"] == "event"].iloc[0]
    assert event["actor"] == "turkey"
    assert event["target"] == "QSD: Syrian Democratic Forces"


def test_a_states_named_operation_fights_where_the_table_says() -> None:
    # Operation Peace Spring acts as Turkey's forces, and fights in Syria: its front is Syria
    text = "Pro-Turkish fighters operating as part of Operation Peace Spring shelled the area."
    assert fronts_of(text) == ("SY",)
    assert fronts_of("Houthi forces and AQAP fighters clashed.") == ("YE",)
    assert fronts_of("Gunmen attacked a checkpoint.") == ()


def test_a_states_border_force_abroad_keeps_the_states_name(gazetteer: Gazetteer) -> None:
    # the Border Security Force is India's; shooting traders in Bangladesh it acts abroad
    rows = _rows(
        gazetteer,
        "BSF troopers shot dead two Bangladeshi cattle traders near the border in Jessore "
        "district.",
    )
    assert [r["actor"] for r in rows] == ["india"], rows

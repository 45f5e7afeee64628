"""Actors settled by geography on wars other than Syria's: gunmen take the country a note is
about (or the one they come from), groups organised per country and community militias take
the country in brackets, an unnamed coalition is the one fighting there, and a state's forces
fighting a group of their own country are the government when no place says otherwise."""

from __future__ import annotations

from extract.actors import COALITION, COMMUNAL, UNIDENTIFIED
from extract.records import Event, Mention, Sentence
from geo.gazetteer import Gazetteer
from geo.geoparse import Resolved
from geo.geoparse.score import Evidence
from geo.pipeline.actors import actors_country, settle_actor


def _at(gazetteer: Gazetteer, name: str, *, demonym: bool = False) -> Resolved:
    place = gazetteer.lookup(name)[0]
    mention = Mention(0, len(name), name)
    evidence = Evidence(1.0, 1.0, None, place.population, place.geo_precision, name)
    return Resolved(mention, place, 0.9, place.geo_precision, evidence, demonym=demonym)


def _event(actor: str, sentence: str = "(a sentence)", **fields: str) -> Event:
    said = Sentence(0, len(sentence), sentence)
    return Event("attack", actor, fields.pop("actor_text", actor), 0, 5, said, **fields)  # type: ignore[arg-type]


def test_gunmen_take_the_country_the_note_is_about(gazetteer: Gazetteer) -> None:
    # a town abroad sharing a name with one at home does not move them abroad
    stray, dhaka, sylhet = (_at(gazetteer, n) for n in ("Durgapur", "Dhaka", "Sylhet"))
    actor, _ = settle_actor(_event(UNIDENTIFIED), stray, False, [stray, dhaka, sylhet])
    assert actor == "Unidentified Armed Group (Bangladesh)"


def test_gunmen_of_a_nationality_take_their_country(gazetteer: Gazetteer) -> None:
    jammu = _at(gazetteer, "Jammu")
    event = _event(UNIDENTIFIED, actor_state="Pakistan")
    assert settle_actor(event, jammu, False, [jammu])[0] == "Unidentified Armed Group (Pakistan)"


def test_a_group_organised_per_country_takes_the_country(gazetteer: Gazetteer) -> None:
    mosul, marib = _at(gazetteer, "Mosul"), _at(gazetteer, "Marib")
    assert settle_actor(_event("Islamic State"), mosul, False, [mosul])[0] == "Islamic State (Iraq)"
    # placed abroad by a name that is also a Libyan town, it fights where its local enemy does
    bayda = _at(gazetteer, "Al Bayda")
    clash = _event("Islamic State", "Islamic State fighters clashed with AQAP in Al Bayda.")
    assert settle_actor(clash, bayda, False, [bayda])[0] == "Islamic State (Yemen)"
    # a group of one organisation everywhere keeps its name
    assert settle_actor(_event("Taliban"), marib, False, [marib])[0] == "Taliban"


def test_community_militias_take_the_country_and_the_place(gazetteer: Gazetteer) -> None:
    wau = _at(gazetteer, "Wau")
    assert settle_actor(_event("Twic East Communal Militia"), wau, False, [wau])[0] == (
        "Twic East Communal Militia (South Sudan)"
    )
    assert settle_actor(_event(COMMUNAL), wau, False, [wau])[0] == (
        "Wau Communal Militia (South Sudan)"
    )
    # placed only by the note's focus: the place is not where they come from
    assert settle_actor(_event(COMMUNAL), wau, True, [wau])[0] == (
        "Unidentified Communal Militia (South Sudan)"
    )


def test_an_unnamed_coalition_is_the_one_fighting_there(gazetteer: Gazetteer) -> None:
    marib = _at(gazetteer, "Marib")
    assert settle_actor(_event(COALITION), marib, False, [marib])[0] == "Operation Restoring Hope"
    kandahar = _at(gazetteer, "Kandahar")
    assert settle_actor(_event(COALITION), kandahar, False, [kandahar])[0] != (
        "Operation Restoring Hope"
    )


def test_forces_fighting_their_own_countrys_group_are_the_government(
    gazetteer: Gazetteer,
) -> None:
    nationality = _at(gazetteer, "Pakistani", demonym=True)
    strike = _event(
        "pakistan", "Pakistani jets struck TTP hideouts in the valley.", actor_state="Pakistan"
    )
    assert settle_actor(strike, nationality, True, [nationality])[0] == "government"
    # a group that fights in several countries says nothing about where
    turkish = _at(gazetteer, "Turkish", demonym=True)
    raid = _event(
        "turkey", "Turkish jets struck PKK targets in the mountains.", actor_state="Turkey"
    )
    assert settle_actor(raid, turkish, True, [turkish])[0] == "turkey"
    # nor does a place abroad that the note's other places agree with
    kabul, jalalabad = _at(gazetteer, "Kabul"), _at(gazetteer, "Jalalabad")
    abroad = _event(
        "pakistan", "Pakistani jets struck TTP hideouts near Kabul.", actor_state="Pakistan"
    )
    assert settle_actor(abroad, kabul, False, [kabul, jalalabad])[0] == "pakistan"


def test_a_named_force_of_one_state_ties_an_unplaced_event_to_it(gazetteer: Gazetteer) -> None:
    drone = _event("libya", "A drone operated by the GNA hit a truck.", actor_text="GNA",
                   actor_state="Libya")  # fmt: skip
    resolved = actors_country(drone, gazetteer=gazetteer)
    assert resolved is not None
    assert (resolved.place.name, resolved.demonym) == ("Libya", False)
    assert settle_actor(drone, resolved, True, [])[0] == "government"


def test_a_bomb_with_no_place_goes_to_the_country_of_a_group_its_sentence_names(
    gazetteer: Gazetteer,
) -> None:
    bomb = _event(UNIDENTIFIED, "Two bombs went off on the third day of a BNP blockade.",
                  actor_text="")  # fmt: skip
    resolved = actors_country(bomb, gazetteer=gazetteer)
    assert resolved is not None and resolved.place.name == "Bangladesh"
    assert settle_actor(bomb, resolved, True, [])[0] == "Unidentified Armed Group (Bangladesh)"

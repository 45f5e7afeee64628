"""Who acts, as reporting on wars other than Syria's names them: sides named together, units,
unnamed coalitions, community militias, custodial and forest guards, blame laid in a later
sentence, attacks that were repulsed. The sentences are written for these tests; the groups
come from the shipped armed-groups table."""

from __future__ import annotations

import re
from datetime import date

import pytest

from extract.actors import (
    COALITION,
    COMMUNAL,
    PRO_GOVERNMENT_MILITIA,
    UNIDENTIFIED,
    VIGILANTES,
    actors_in,
)
from extract.events import find_events
from extract.parse import parse_document
from extract.records import Document, Event, Mention

PLACES = (
    "Laiza", "Myitkyina", "Taiz", "Marib", "Jalalabad", "Quetta", "Wau", "Baalbek", "Sylhet",
    "Dantewada", "Kismayo", "Gao", "Kunduz", "Dhaka", "Tripoli", "Aden", "Imphal", "Jos",
)  # fmt: skip


def _events(text: str) -> list[Event]:
    mentions = sorted(
        (
            Mention(m.start(), m.end(), name)
            for name in PLACES
            for m in re.finditer(rf"\b{re.escape(name)}\b", text)
        ),
        key=lambda m: m.start,
    )
    document = Document(id="t", text=text, published=date(2021, 6, 8))
    return find_events(parse_document(document), mentions)


def _actors(text: str) -> list[tuple[str | None, str | None]]:
    return [(a.actor, a.text) for a in actors_in(text)]


def _acting(text: str, category: str = "attack") -> list[str | None]:
    return [e.actor for e in _events(text) if e.category == category]


# --- sides named together --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # the first of two sides named before the verb, even when the last ends in "Army"
        ("The TNLA and the Myanmar Army clashed near Laiza on Sunday.",
         "TNLA: Ta'ang National Liberation Army"),
        # a side carrying its unit's number or command between the two
        ("KIA 3 under brigade 4 and government troops clashed near Myitkyina.",
         "KIA: Kachin Independence Army"),
        ("KNLA forces under brigade 7 and the Karen BGF clashed near Laiza.",
         "KNLA: Karen National Liberation Army"),
    ],
)  # fmt: skip
def test_the_first_of_the_sides_named_together_acts(text: str, actor: str) -> None:
    assert _acting(text)[0] == actor


# --- state forces, units, coalitions ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pro-Hadi forces advanced", ["yemen"]),
        ("joint forces shelled the hill", ["government"]),
        ("the 35th Armoured Brigade fired", ["government"]),
        # a group's own numbered unit is the group's, not the state's
        ("Giants Brigade forces of the 3rd Brigade fired", ["Giants Brigades"]),
        ("he died in custody, beaten by prison guards", ["government"]),
        ("forest guards burned the huts", ["government"]),
        ("two pro-government militia groups fought", [PRO_GOVERNMENT_MILITIA]),
        ("coalition warplanes struck a depot", [COALITION]),
        # a coalition that backs someone, or one that governs, fights nobody here
        ("coalition-backed fighters advanced", ["rebels"]),
        ("the coalition government resigned", ["government"]),
    ],
)  # fmt: skip
def test_forces_units_and_coalitions(text: str, expected: list[str]) -> None:
    assert [actor for actor, _ in _actors(text)] == expected


def test_a_demonym_before_militants_names_where_they_come_from() -> None:
    (actor,) = actors_in("Afghan militants crossed the border")
    assert (actor.actor, actor.state, actor.kind) == (UNIDENTIFIED, "Afghanistan", "unidentified")


# --- community militias ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Misseriya and Nuba tribal fighters clashed near Wau.", "Misseriya Tribal Militia"),
        ("Dinka and Nuer ethnic militias fought", "Dinka Ethnic Militia"),
        ("armed herders from Twic East attacked a cattle camp", "Twic East Communal Militia"),
        ("a gunfight between the Jaafar and the Shamas families", "Jaafar Clan Militia"),
        ("rival groups of villagers fought over a pond", COMMUNAL),
        ("vigilantes beat a suspected thief", VIGILANTES),
    ],
)  # fmt: skip
def test_community_militias_are_named_as_event_datasets_name_them(text: str, actor: str) -> None:
    assert actors_in(text)[0].actor == actor


def test_a_communal_clash_is_the_communitys() -> None:
    assert _acting("Communal clashes broke out in Jos on Friday.") == [COMMUNAL]


def test_villagers_attacked_are_still_civilians() -> None:
    (event,) = _events("Gunmen killed 12 villagers near Jos.")
    assert (event.actor, event.target) == (UNIDENTIFIED, "civilians")


# --- how the event is told ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Members of the GNLA kidnapped two traders near Dhaka on Monday.",
         "GNLA: Garo National Liberation Army"),
        ("A farmer was beaten by police officers in Sylhet.", "government"),
        ("Their truck was blown by Maoists near Dantewada.",
         "CPI (Maoist): Communist Party of India (Maoist)"),
        ("A herder was wounded by an alleged Houthi mine near Taiz.",
         "Military Forces of Yemen (2016-) Supreme Political Council"),
        ("Armed men shot two farmers near Quetta.", UNIDENTIFIED),
    ],
)  # fmt: skip
def test_kidnappings_beatings_mines_and_shootings(text: str, actor: str) -> None:
    assert actor in _acting(text), _events(text)


def test_a_later_sentence_that_lays_the_blame_names_the_bomber() -> None:
    text = "A bomb went off near a bus stand in Imphal on Monday. Police suspect a KYKL hand."
    assert _acting(text) == ["KYKL: Kanglei Yawol Kanna Lup"]
    text = "A bomb exploded near a mosque in Quetta. The BLA later claimed responsibility."
    assert _acting(text) == ["BLA: Balochistan Liberation Army"]


def test_a_bomb_nobody_is_blamed_for_stays_unidentified() -> None:
    text = "A bomb went off near a bus stand in Imphal on Monday. Police said two were hurt."
    assert _acting(text) == [UNIDENTIFIED]
    # blame laid four sentences later is too far to be about this bomb
    text = (
        "A bomb exploded near a market in Gao. Two people were hurt. Shops closed. "
        "Schools closed. Officials blamed JNIM for a raid last year."
    )
    assert _acting(text)[0] == UNIDENTIFIED


def test_whose_attack_was_repulsed_acts() -> None:
    text = "Nine Taliban fighters were killed when Afghan forces repulsed their attack on Kunduz."
    (repulse,) = [e for e in _events(text) if e.char_start == text.index("repulsed")]
    assert (repulse.actor, repulse.target) == ("Taliban", "afghanistan")
    # repelling an attack someone else's words name keeps the repeller as the actor
    (event, *_) = _events("Afghan forces repelled a Taliban attack on Kunduz.")
    assert (event.actor, event.target) == ("afghanistan", "Taliban")


def test_an_operation_with_no_one_named_is_the_states() -> None:
    assert _acting("Four militants were killed in a search operation near Quetta.") == [
        "government"
    ]
    assert _acting("Turkish forces launched a military operation near Tripoli.") == ["turkey"]


def test_is_in_capitals_is_the_islamic_state_and_the_verb_is_not() -> None:
    assert _actors("IS fighters attacked a checkpoint.")[0] == ("Islamic State", "IS")
    assert _actors("It is said that the fighting is over; Is it?") == []

"""Frontline and control events: category, actor, place, direction, status and period.

Besides the seed phrasing, sentences from other wars written for these tests check that the
rules are not tuned to the two Syrian seeds.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from extract.events import find_events, normalise_actor
from extract.parse import parse_document
from extract.records import Document, Event, Mention

PLACES = (
    "Maarat al-Numan", "Saraqib", "Idlib", "Aleppo", "Marib", "Hodeidah", "El Fasher",
    "Omdurman", "Avdiivka", "Bakhmut", "Kherson", "Lashio", "Myawaddy", "Sanaa", "Khartoum",
)  # fmt: skip
JAN_28 = date(2020, 1, 28)  # a Tuesday


def _mentions(text: str) -> list[Mention]:
    found = [
        Mention(start=m.start(), end=m.end(), text=name)
        for name in PLACES
        for m in re.finditer(rf"\b{re.escape(name)}\b", text)
    ]
    return sorted(found, key=lambda m: m.start)


def _events(text: str, published: date = JAN_28) -> list[Event]:
    document = Document(id="test", text=text, published=published)
    return find_events(parse_document(document), _mentions(text))


def _summary(event: Event) -> tuple[str, str | None, str | None, str | None, str]:
    place = event.place.text if event.place else None
    return event.category, event.actor, place, event.direction, event.status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This week, the Syrian army began advancing westward into the countryside of Aleppo.",
         ("advance", "government", "Aleppo", "west", "reported")),
        ("Then the army would push west to reach Aleppo.",
         ("advance", "government", None, "west", "goal")),
        ("Houthi fighters pushed south toward Marib on Monday.",
         ("advance", "rebels", "Marib", "south", "reported")),
        ("Russian forces advanced from the east on Avdiivka.",
         ("advance", "Russia", "Avdiivka", "west", "reported")),
        ("The Rapid Support Forces captured El Fasher after a long battle.",
         ("capture", "rebels", "El Fasher", None, "reported")),
        ("Ukrainian troops retook Kherson in November.",
         ("capture", "government", "Kherson", None, "reported")),
        ("The junta vowed to recapture Lashio.",
         ("capture", "government", "Lashio", None, "goal")),
        ("Government forces besieged El Fasher for months.",
         ("siege", "government", "El Fasher", None, "reported")),
        ("Ukrainian units withdrew from Avdiivka on Saturday.",
         ("withdraw", "government", "Avdiivka", None, "reported")),
        ("Saudi-led airstrikes hit Sanaa overnight.",
         ("attack", "Saudi Arabia", "Sanaa", None, "reported")),
        ("Russian shelling of Kherson killed two people.",
         ("attack", "Russia", "Kherson", None, "reported")),
        ("Myawaddy, a trading town on the Thai border, is now largely controlled by the Karen "
         "National Union.", ("control", "rebels", "Myawaddy", None, "reported")),
        ("Omdurman is back in government hands, officials said.",
         ("control", "government", "Omdurman", None, "reported")),
        ("A truce brokered by Turkey took effect in Idlib.",
         ("ceasefire", "Turkey", "Idlib", None, "reported")),
    ],
)  # fmt: skip
def test_event_patterns(text: str, expected: tuple[str, ...]) -> None:
    events = [e for e in _events(text) if e.category == expected[0]]
    assert events, _events(text)
    got = _summary(events[0])
    if expected[1] is None:  # a group the rules do not know: only its category and place
        assert (got[0], got[2]) == (expected[0], expected[2])
    else:
        assert got == expected


def test_goal_to_encircle_two_towns_is_two_events() -> None:
    text = (
        "Assad's short-term goal has been to encircle and control Maarat al-Numan and the "
        "town of Saraqib, about 15 miles northeast."
    )
    found = [_summary(e) for e in _events(text)]
    assert found == [
        ("encircle", "government", "Maarat al-Numan", None, "goal"),
        ("encircle", "government", "Saraqib", None, "goal"),
    ]


def test_named_group_is_kept_as_written() -> None:
    text = "The province is largely controlled by Hayat Tahrir al-Sham, an Islamist group."
    (event,) = _events(text)
    assert (event.category, event.actor, event.actor_text) == (
        "control",
        "rebels",
        "Hayat Tahrir al-Sham",
    )
    assert event.place is None and event.place_hint == "area"  # "the province" points back


def test_the_city_points_back_to_the_last_town() -> None:
    (event,) = _events("The regime fully besieged the city after I left.")
    assert (event.category, event.actor, event.place_hint) == ("siege", "government", "town")


def test_rebel_held_names_the_holder() -> None:
    (event,) = [e for e in _events("Shelling hit rebel-held Idlib.") if e.category == "control"]
    assert (event.actor, event.actor_text, event.place.text if event.place else None) == (
        "rebels",
        "rebel",
        "Idlib",
    )


def test_period_is_the_events_own_date_not_the_statement_day() -> None:
    (advance,) = _events("This week, the army began advancing on Aleppo.")
    assert advance.period is not None
    assert (advance.period.start, advance.period.end) == (date(2020, 1, 27), JAN_28)
    text = "As Assad's troops advanced, the ministry warned in a statement on Tuesday."
    (moved,) = _events(text)
    assert moved.period is None


@pytest.mark.parametrize(
    "text",
    [
        "Call +90 312 555 0100 for help.",
        "The war began in 2011 and has lasted eight years.",
        "Saraqib lies about 15 miles northeast of the town.",
        "The recent uptick in violence and attacks has frightened people.",
        "Prices advanced by 3% in December.",
        "She paid in advance for the flight to Aleppo.",
        "Idlib and surrounding areas hold over four million civilians.",
    ],
)
def test_sentences_that_give_no_event(text: str) -> None:
    assert _events(text) == []


@pytest.mark.parametrize(
    ("phrase", "actor"),
    [
        ("Assad's troops", "government"),
        ("the regime", "government"),
        ("government forces", "government"),
        ("Syrian army", "government"),
        ("Ankara", "Turkey"),
        ("Russian warplanes", "Russia"),
        ("opposition fighters", "rebels"),
        ("Houthis", "rebels"),
        ("Sudanese Armed Forces", "government"),
    ],
)
def test_actor_normalisation(phrase: str, actor: str) -> None:
    assert normalise_actor(phrase) == actor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the backer named in an aside is not who took the town
        ("Government forces, backed by Russia, recaptured Saraqib on Monday.",
         [("capture", "government", "Saraqib", None, "reported")]),
        ("Sudanese army units, with the support of allied militias, retook Omdurman.",
         [("capture", "government", "Omdurman", None, "reported")]),
        # a state that held before the news is no control on the day of the report
        ("Bakhmut had been held by Ukrainian troops for months.",
         [("control", "government", "Bakhmut", None, "past")]),
        # "opposition-held" describes what follows it, not the town named before
        ("Government troops pushed toward Aleppo to take the last opposition-held section.",
         [("advance", "government", "Aleppo", None, "reported"),
          ("control", "rebels", None, None, "reported")]),
    ],
)  # fmt: skip
def test_actor_status_and_place_edge_cases(text: str, expected: list[tuple[str, ...]]) -> None:
    assert [_summary(e) for e in _events(text)] == expected


def test_towns_that_name_a_road_are_not_event_places() -> None:
    text = (
        "The recapture puts the M5 Damascus-Aleppo road back in opposition hands, two weeks "
        "after the government took full control of the highway on Feb. 11."
    )
    assert [e.place for e in _events(text, date(2020, 2, 28))] == [None, None]


def test_a_capture_told_in_reported_speech_happened() -> None:
    (event,) = _events("The ministry said on Saturday that its forces had captured Avdiivka.")
    assert (event.category, event.status) == ("capture", "reported")
    (held,) = _events("Kherson had been held by Russian forces since March.")
    assert (held.category, held.status) == ("control", "past")
    (earlier,) = _events("Government forces had captured Saraqib before the talks began.")
    assert earlier.status == "past"


def test_a_commanders_name_is_not_part_of_the_armys() -> None:
    (event,) = _events("Haftar's Libyan National Army seized Sanaa on Monday.")
    assert (event.actor, event.actor_text) == ("rebels", "Libyan National Army")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Houthis, who have controlled Hodeidah since 2014, repelled the assault.",
         [("control", "rebels", "Hodeidah")]),
        ("The army still held Khartoum on Thursday evening, a spokesman said.",
         [("control", "government", "Khartoum")]),
        ("The M23 controls the towns of Bakhmut and Kherson.",
         [("control", "rebels", "Bakhmut"), ("control", "rebels", "Kherson")]),
        ("The rebels held talks with the government in Sanaa.", []),
        ("The army held Friday prayers in Sanaa.", []),
    ],
)  # fmt: skip
def test_control_said_with_an_active_verb(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(e.category, e.actor, e.place.text if e.place else None) for e in _events(text)]
    assert found == expected


def test_federal_troops_and_armed_gangs_are_actors() -> None:
    (capture,) = _events("Officials said federal troops had taken full control of Sanaa.")
    assert (capture.category, capture.actor, capture.status) == (
        "capture",
        "government",
        "reported",
    )
    (attack,) = _events("Armed gangs attacked police stations in Khartoum overnight.")
    assert (attack.category, attack.actor, attack.actor_text) == ("attack", "rebels", "Armed gangs")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forces loyal to eastern commander Khalifa Haftar shelled the suburbs of Sanaa.",
         ("attack", "rebels", "Khalifa Haftar", "Sanaa")),
        ("Forces loyal to the exiled government seized Hodeidah on Monday.",
         ("capture", "government", "government", "Hodeidah")),
        ("The paramilitary force has besieged El Fasher for weeks.",
         ("siege", "rebels", "paramilitary force", "El Fasher")),
        ("Gangs stormed two prisons in Khartoum on Saturday.",
         ("attack", "rebels", "Gangs", "Khartoum")),
    ],
)  # fmt: skip
def test_loyalists_paramilitaries_and_raids(text: str, expected: tuple[str, ...]) -> None:
    (event,) = _events(text)
    assert (
        event.category,
        event.actor,
        event.actor_text,
        event.place.text if event.place else None,
    ) == expected

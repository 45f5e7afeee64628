"""Frontline and control events: category, actor, place, direction, status and period.

Besides the seed phrasing, sentences from other wars written for these tests check that the
rules are not tuned to the two Syrian seeds. Named groups come from a small table of this
module's own (the shipped one is data, tested for its format in test_actors.py); a state's
forces are the state's name until the geography step knows where the event happened.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from extract.actor_table import ArmedGroup
from extract.actors import UNIDENTIFIED, ActorMatcher
from extract.events import find_events, normalise_actor
from extract.parse import parse_document
from extract.records import Document, Event, Mention

PLACES = (
    "Maarat al-Numan", "Saraqib", "Idlib", "Aleppo", "Marib", "Hodeidah", "El Fasher",
    "Omdurman", "Avdiivka", "Bakhmut", "Kherson", "Lashio", "Myawaddy", "Sanaa", "Khartoum",
    "Kunduz", "Kandahar", "Helmand", "Sittwe", "Mahas", "Mogadishu", "Gao", "Djibo", "Zamfara",
    "Maiduguri", "Monguno", "Kupwara", "Sake", "Rubaya", "Nyala", "Rakhine", "Tame", "Kano",
    "Mosul", "Catatumbo", "Goma", "Kidal", "Menaka", "Kabul", "Sumy", "Kharkiv", "Nairobi",
)  # fmt: skip
JAN_28 = date(2020, 1, 28)  # a Tuesday
GROUPS = (
    ArmedGroup("Taliban", ("Taliban",), "jihadist", ("AF",), "rebels"),
    ArmedGroup("Al Shabaab", ("al-Shabaab", "al-Shabab"), "jihadist", ("SO",), "rebels"),
    ArmedGroup("Houthis", ("Houthi", "Houthis", "Ansar Allah"), "rebel_group", ("YE",), "rebels"),
    ArmedGroup("RSF: Rapid Support Forces", ("RSF", "Rapid Support Forces"), "political_militia",
                ("SD",), "rebels"),
    ArmedGroup("HTS: Hayat Tahrir al Sham", ("HTS", "Hayat Tahrir al-Sham"), "jihadist", ("SY",),
                "rebels"),
    ArmedGroup("QSD: Syrian Democratic Forces", ("SDF", "QSD"), "rebel_group", ("SY",), "rebels"),
    ArmedGroup("KNU: Karen National Union", ("Karen National Union", "KNU"), "separatist",
                ("MM",), "rebels"),
    ArmedGroup("AA: Arakan Army", ("Arakan Army",), "separatist", ("MM",), "rebels"),
    ArmedGroup("LNA: Libyan National Army", ("LNA", "Libyan National Army", "Khalifa Haftar"),
                "rebel_group", ("LY",), "rebels"),
    ArmedGroup("M23", ("M23",), "rebel_group", ("CD",), "rebels"),
    ArmedGroup("Boko Haram", ("Boko Haram",), "jihadist", ("NG",), "rebels"),
    ArmedGroup("ELN: National Liberation Army", ("ELN", "National Liberation Army"),
                "rebel_group", ("CO",), "rebels"),
    ArmedGroup("Pro-government militia", ("Imbonerakure",), "political_militia", ("BI",),
                "government"),
)  # fmt: skip
MATCHER = ActorMatcher(GROUPS)


def _mentions(text: str) -> list[Mention]:
    found = [
        Mention(start=m.start(), end=m.end(), text=name)
        for name in PLACES
        for m in re.finditer(rf"\b{re.escape(name)}\b", text)
    ]
    return sorted(found, key=lambda m: m.start)


def _events(text: str, published: date = JAN_28) -> list[Event]:
    document = Document(id="test", text=text, published=published)
    return find_events(parse_document(document), _mentions(text), MATCHER)


def _summary(event: Event) -> tuple[str, str | None, str | None, str | None, str]:
    place = event.place.text if event.place else None
    return event.category, event.actor, place, event.direction, event.status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This week, the Syrian army began advancing westward into the countryside of Aleppo.",
         ("advance", "syria", "Aleppo", "west", "reported")),
        ("Then the army would push west to reach Aleppo.",
         ("advance", "government", None, "west", "goal")),
        ("Houthi fighters pushed south toward Marib on Monday.",
         ("advance", "Houthis", "Marib", "south", "reported")),
        ("Russian forces advanced from the east on Avdiivka.",
         ("advance", "russia", "Avdiivka", "west", "reported")),
        ("The Rapid Support Forces captured El Fasher after a long battle.",
         ("capture", "RSF: Rapid Support Forces", "El Fasher", None, "reported")),
        ("Ukrainian troops retook Kherson in November.",
         ("capture", "ukraine", "Kherson", None, "reported")),
        ("The junta vowed to recapture Lashio.",
         ("capture", "government", "Lashio", None, "goal")),
        ("Government forces besieged El Fasher for months.",
         ("siege", "government", "El Fasher", None, "reported")),
        ("Ukrainian units withdrew from Avdiivka on Saturday.",
         ("withdraw", "ukraine", "Avdiivka", None, "reported")),
        ("Saudi-led airstrikes hit Sanaa overnight.",
         ("attack", "saudi arabia", "Sanaa", None, "reported")),
        ("Russian shelling of Kherson killed two people.",
         ("attack", "russia", "Kherson", None, "reported")),
        ("Myawaddy, a trading town on the Thai border, is now largely controlled by the Karen "
         "National Union.", ("control", "KNU: Karen National Union", "Myawaddy", None, "reported")),
        ("Omdurman is back in government hands, officials said.",
         ("control", "government", "Omdurman", None, "reported")),
        ("A truce brokered by Turkey took effect in Idlib.",
         ("ceasefire", "turkey", "Idlib", None, "reported")),
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
        "HTS: Hayat Tahrir al Sham",
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
        "Ministers pushed back against the plan in Khartoum.",
        "The junta in Khartoum pushed back the elections to 2024.",
        "Prices of drones hit a record in Kherson.",
        "Protesters in Khartoum threw projectiles at riot police outside parliament.",
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
        ("Syrian army", "syria"),
        ("Ankara", "turkey"),
        ("Russian warplanes", "russia"),
        ("opposition fighters", "rebels"),
        ("Houthis", "Houthis"),
        ("Sudanese Armed Forces", "sudan"),
    ],
)
def test_actor_normalisation(phrase: str, actor: str) -> None:
    assert normalise_actor(phrase, MATCHER) == actor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the backer named in an aside is not who took the town
        ("Government forces, backed by Russia, recaptured Saraqib on Monday.",
         [("capture", "government", "Saraqib", None, "reported")]),
        ("Sudanese army units, with the support of allied militias, retook Omdurman.",
         [("capture", "sudan", "Omdurman", None, "reported")]),
        # a state that held before the news is no control on the day of the report
        ("Bakhmut had been held by Ukrainian troops for months.",
         [("control", "ukraine", "Bakhmut", None, "past")]),
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
    assert (event.actor, event.actor_text) == ("LNA: Libyan National Army", "Libyan National Army")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Houthis, who have controlled Hodeidah since 2014, repelled the assault.",
         [("control", "Houthis", "Hodeidah"), ("attack", "Houthis", "Hodeidah")]),
        ("The army still held Khartoum on Thursday evening, a spokesman said.",
         [("control", "government", "Khartoum")]),
        ("The M23 controls the towns of Bakhmut and Kherson.",
         [("control", "M23", "Bakhmut"), ("control", "M23", "Kherson")]),
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
    # gangs and bandits are armed groups nobody named, not an armed opposition
    (attack,) = _events("Armed gangs attacked police stations in Khartoum overnight.")
    assert (attack.category, attack.actor, attack.actor_text) == (
        "attack",
        UNIDENTIFIED,
        "Armed gangs",
    )
    (raid,) = _events("Bandits raided a village in Zamfara and abducted 30 people.")
    assert (raid.actor, raid.actor_text) == (UNIDENTIFIED, "Bandits")
    (clash,) = _events("Fulani herdsmen clashed with farmers near Djibo.")
    assert (clash.actor, clash.actor_text) == ("Fulani Ethnic Militia", "Fulani herdsmen")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forces loyal to eastern commander Khalifa Haftar shelled the suburbs of Sanaa.",
         ("attack", "LNA: Libyan National Army", "Khalifa Haftar", "Sanaa")),
        ("Forces loyal to the exiled government seized Hodeidah on Monday.",
         ("capture", "government", "government", "Hodeidah")),
        ("The paramilitary force has besieged El Fasher for weeks.",
         ("siege", "rebels", "paramilitary force", "El Fasher")),
        ("Gangs stormed two prisons in Khartoum on Saturday.",
         ("attack", UNIDENTIFIED, "Gangs", "Khartoum")),
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


# --- the shared taxonomy: sub-types, targets, and how conflict reporting words them ----------


def _taxonomy(event: Event) -> tuple[str | None, ...]:
    place = event.place.text if event.place else None
    return event.category, event.subtype, event.actor, event.target, place


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # armed clashes
        ("Taliban fighters clashed with Afghan forces in Kunduz on Monday.",
         ("attack", "armed_clash", "Taliban", "afghanistan", "Kunduz")),
        ("Clashes erupted between the army and the Arakan Army near Sittwe.",
         ("attack", "armed_clash", "government", "AA: Arakan Army", "Sittwe")),
        ("Fighting broke out between al-Shabaab and Somali troops in Mahas on Sunday.",
         ("attack", "armed_clash", "Al Shabaab", "somalia", "Mahas")),
        ("Police and gunmen exchanged fire in Kano overnight.",
         ("attack", "armed_clash", "government", UNIDENTIFIED, "Kano")),
        ("There was an exchange of fire between ELN guerrillas and soldiers in Catatumbo.",
         ("attack", "armed_clash", "ELN: National Liberation Army", "government", "Catatumbo")),
        ("Colombian soldiers engaged ELN guerrillas near Tame.",
         ("attack", "armed_clash", "colombia", "ELN: National Liberation Army", "Tame")),
        ("Suspected jihadists ambushed a patrol near Djibo, killing seven soldiers.",
         ("attack", "armed_clash", "rebels", "government", "Djibo")),
        ("M23 rebels opened fire on an army position outside Goma.",
         ("attack", "armed_clash", "M23", "government", "Goma")),
        ("Government forces repelled an attack by M23 rebels on Sake.",
         ("attack", "armed_clash", "government", "M23", "Sake")),
        ("The army thwarted an attack by Boko Haram fighters on Monguno.",
         ("attack", "armed_clash", "government", "Boko Haram", "Monguno")),
        ("Indian troops foiled an infiltration attempt in Kupwara.",
         ("attack", "armed_clash", "india", None, "Kupwara")),
        ("Four Taliban fighters were killed in clashes with Afghan forces in Helmand.",
         ("attack", "armed_clash", "Taliban", "afghanistan", "Helmand")),
        ("Afghan forces killed seven Taliban fighters in Kandahar.",
         ("attack", "armed_clash", "afghanistan", "Taliban", "Kandahar")),
        ("Two soldiers were killed by Taliban snipers in Kandahar.",
         ("attack", "armed_clash", "Taliban", "government", "Kandahar")),
        # shelling, air and drone strikes
        ("Ukrainian forces fired 120mm mortars at Russian positions near Bakhmut.",
         ("attack", "shelling", "ukraine", "russia", "Bakhmut")),
        ("Russian artillery pounded Kharkiv overnight.",
         ("attack", "shelling", "russia", None, "Kharkiv")),
        ("Houthi forces fired rockets and artillery at residential areas in Marib.",
         ("attack", "shelling", "Houthis", "civilians", "Marib")),
        ("Russian airstrikes targeted a hospital in Idlib.",
         ("attack", "airstrike", "russia", "civilians", "Idlib")),
        ("A Turkish drone strike hit a car near Sumy.",
         ("attack", "airstrike", "turkey", None, "Sumy")),
        ("Pakistani jets targeted militant hideouts in Kupwara.",
         ("attack", "airstrike", "pakistan", "rebels", "Kupwara")),
        # explosives: nobody named is an unidentified armed group
        ("A military truck hit a landmine near Gao.",
         ("attack", "explosive", UNIDENTIFIED, None, "Gao")),
        ("An RSF vehicle struck an improvised explosive device near El Fasher.",
         ("attack", "explosive", UNIDENTIFIED, "RSF: Rapid Support Forces", "El Fasher")),
        ("Two soldiers stepped on a mine near Menaka.",
         ("attack", "explosive", UNIDENTIFIED, "government", "Menaka")),
        ("An IED blast killed four policemen in Mosul.",
         ("attack", "explosive", UNIDENTIFIED, "government", "Mosul")),
        ("A roadside bomb struck a convoy in Helmand.",
         ("attack", "explosive", UNIDENTIFIED, None, "Helmand")),
        ("A suicide bombing at a market in Maiduguri killed 20 people.",
         ("attack", "explosive", UNIDENTIFIED, "civilians", "Maiduguri")),
        ("A car bomb exploded outside a hotel in Mogadishu.",
         ("attack", "explosive", UNIDENTIFIED, None, "Mogadishu")),
        ("Al-Shabaab claimed a car bomb attack in Mogadishu.",
         ("attack", "explosive", "Al Shabaab", None, "Mogadishu")),
        # a weapon as the subject: who fired it, if the sentence says
        ("A Russian drone hit an apartment block in Kherson.",
         ("attack", "airstrike", "russia", None, "Kherson")),
        ("Rockets landed near the airport in Kandahar.",
         ("attack", "shelling", None, None, "Kandahar")),
        ("Bombs fell on a market in El Fasher.",
         ("attack", "airstrike", None, "civilians", "El Fasher")),
        # a state's army named with its soldiers killed them
        ("Myanmar army soldiers killed 10 villagers in Lashio.",
         ("attack", "attack_on_civilians", "myanmar", "civilians", "Lashio")),
        # skirmishes, and a side pushed back, are clashes
        ("Skirmishes were reported between RSF and army units near Omdurman.",
         ("attack", "armed_clash", "RSF: Rapid Support Forces", "government", "Omdurman")),
        ("Russian troops pushed back Ukrainian units near Bakhmut.",
         ("attack", "armed_clash", "russia", "ukraine", "Bakhmut")),
        # fire that ceasefire monitors count, nobody named as firing
        ("Monitors observed a total of 12 projectiles near Avdiivka.",
         ("attack", "shelling", UNIDENTIFIED, None, "Avdiivka")),
        ("The mission recorded 19 bursts of fire near Bakhmut.",
         ("attack", "armed_clash", UNIDENTIFIED, None, "Bakhmut")),
        # attacks on civilians
        ("Gunmen killed 12 villagers in Zamfara.",
         ("attack", "attack_on_civilians", UNIDENTIFIED, "civilians", "Zamfara")),
        ("Unidentified gunmen shot and killed a teacher in Mogadishu.",
         ("attack", "attack_on_civilians", UNIDENTIFIED, "civilians", "Mogadishu")),
        ("Armed men stormed a church in Djibo and shot worshippers.",
         ("attack", "attack_on_civilians", UNIDENTIFIED, "civilians", "Djibo")),
        ("Militiamen massacred dozens of villagers near Goma.",
         ("attack", "attack_on_civilians", "rebels", "civilians", "Goma")),
        # territory
        ("M23 rebels captured the town of Rubaya from government forces.",
         ("capture", "non_state_overtakes_territory", "M23", "government", "Rubaya")),
        ("The army recaptured Sake from M23 on Friday.",
         ("capture", "government_regains_territory", "government", "M23", "Sake")),
        ("QSD fighters took over the village from Turkish-backed factions near Aleppo.",
         ("capture", "non_state_overtakes_territory", "QSD: Syrian Democratic Forces",
          "rebels", "Aleppo")),
        # bases
        ("Turkish forces set up a new observation post near Saraqib.",
         ("control", "base_established", "turkey", None, "Saraqib")),
        ("The RSF established a base in Nyala.",
         ("control", "base_established", "RSF: Rapid Support Forces", None, "Nyala")),
        ("Taliban fighters set up checkpoints in Kunduz.",
         ("control", "base_established", "Taliban", None, "Kunduz")),
        # agreements
        ("A ceasefire between the army and the Arakan Army took effect in Rakhine.",
         ("ceasefire", "agreement", "government", "AA: Arakan Army", "Rakhine")),
        ("The government and the ELN signed a peace agreement in Catatumbo.",
         ("ceasefire", "agreement", "government", None, "Catatumbo")),
        # a ceasefire broken is a fight, not an agreement
        ("Pakistani troops violated the ceasefire in Kupwara on Sunday.",
         ("attack", "armed_clash", "pakistan", None, "Kupwara")),
    ],
)  # fmt: skip
def test_taxonomy_of_conflict_reporting(text: str, expected: tuple[str | None, ...]) -> None:
    found = [_taxonomy(e) for e in _events(text)]
    assert expected in found, found


def test_two_sided_clashes_name_both_sides_as_written() -> None:
    text = (
        "On Tuesday, clashes took place between QSD fighters and Turkish-backed factions in Aleppo."
    )
    (event,) = _events(text)
    assert (event.actor, event.actor_text, event.target, event.target_text) == (
        "QSD: Syrian Democratic Forces",
        "QSD",
        "rebels",
        "Turkish-backed factions",
    )


def test_a_states_forces_carry_the_state() -> None:
    event, attack = _events("Afghan forces repelled a Taliban attack in Kunduz.")
    assert (event.actor, event.actor_state, event.target) == (
        "afghanistan",
        "Afghanistan",
        "Taliban",
    )
    assert (attack.actor, attack.actor_state) == ("Taliban", None)


def test_a_backer_or_an_operation_named_in_an_aside_is_not_who_acts() -> None:
    text = (
        "QSD fighters operating under the Menbij council, backed by U.S. troops, captured "
        "the village of Rubaya from Turkish-backed factions."
    )
    (event,) = _events(text)
    assert (event.category, event.actor) == ("capture", "QSD: Syrian Democratic Forces")
    text = "Turkish forces and allied factions captured Saraqib from QSD fighters."
    (event,) = _events(text)
    assert (event.actor, event.target) == ("turkey", "QSD: Syrian Democratic Forces")


def test_a_participle_shares_its_clauses_actor() -> None:
    text = "Taliban fighters clashed with Afghan forces near Kunduz, capturing two checkpoints."
    actors = {(e.category, e.actor) for e in _events(text)}
    assert actors == {("attack", "Taliban"), ("capture", "Taliban")}


@pytest.mark.parametrize(
    "text",
    [
        "The minister suffered a heart attack in Kabul.",
        "Journalists called the law an attack on press freedom in Nairobi.",
        "The offensive was discussed at the summit in Kabul.",
        "Leaders discussed a possible offensive on Idlib at the summit.",
        "Police fired tear gas at protesters in Nairobi.",
        "Thousands of protesters clashed with police in Khartoum.",
        "Police arrested five suspects in Kano on Monday.",
        "Police raided a house in Kano and arrested two men.",
        "The opposition attacked the government's budget plan in Kabul.",
        "A general strike shut shops in Kano.",
        "The family lost a long legal battle in Nairobi.",
        "The team's offensive line struggled in Kabul.",
        "The army captured two suspects and weapons near Gao.",
        "A fire broke out in a market in Kano.",
        "The United States is not engaged in the bombing campaign in Sanaa.",
        "No advances were made near Bakhmut.",
        "The gunmen evaded capture in Kano for weeks.",
        "The senator took a shot at the plan in Nairobi.",
        "The bridge was executed by army engineers in Mosul.",
        "Washington approved the sale of 180 artillery systems to Kabul.",
        "A two-run blast won the game for Kano.",
    ],
)
def test_more_sentences_that_give_no_event(text: str) -> None:
    assert [_taxonomy(e) for e in _events(text)] == []


def test_people_captured_are_no_territory_taken() -> None:
    text = "Five militants were killed, injured or captured in a security operation in Helmand."
    assert {e.category for e in _events(text)} == {"attack"}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a side reporting its own deeds is who acted
        ("Mali's army said on Tuesday it had taken control of Kidal.", "mali"),
        ("The RSF said on Tuesday they had seized Nyala.", "RSF: Rapid Support Forces"),
        ("Moscow said later that its forces had captured Avdiivka.", "russia"),
        # a speaker telling of others' deeds is not
        ("The governor warned last week that massacres in Zamfara were spreading.", UNIDENTIFIED),
    ],
)
def test_who_says_and_who_acts(text: str, actor: str) -> None:
    assert [e.actor for e in _events(text)][:1] == [actor]


def test_they_are_who_acted_last() -> None:
    text = (
        "Taliban fighters stormed a checkpoint near Kunduz on Monday. "
        "Later, they captured Kandahar."
    )
    found = [(e.category, e.actor, e.place.text if e.place else None) for e in _events(text)]
    assert found == [("attack", "Taliban", "Kunduz"), ("capture", "Taliban", "Kandahar")]


def test_fire_monitors_count_after_a_named_side_is_that_sides_fire() -> None:
    text = (
        "Ukrainian forces fired mortars at rebel positions near Bakhmut on Tuesday. The "
        "monitoring mission recorded 25 projectiles near Bakhmut."
    )
    assert {(e.category, e.actor) for e in _events(text)} == {("attack", "ukraine")}

"""Actors as conflict reporting names them, on any conflict: armed groups from a table (and an
analyst's rows on top), states' forces by country or demonym, sides, unidentified gunmen."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.actor_table import ArmedGroup, load_groups, read_groups, state_named
from extract.actor_words import modifier_actor, normalise_actor
from extract.actors import (
    UNIDENTIFIED,
    Actor,
    ActorMatcher,
    actors_in,
)

TABLE = """name,aliases,type,countries,side,backer
Taliban,Taliban;Islamic Emirate,jihadist,AF,rebels,
QSD: Syrian Democratic Forces,SDF;QSD;Syrian Democratic Forces,rebel_group,SY,rebels,US
HTS: Hayat Tahrir al Sham,HTS;Hayat Tahrir al-Sham,jihadist,SY,rebels,
Houthis,Houthi;Houthis;Ansar Allah,rebel_group,YE,rebels,IR
Islamic State,IS;ISIS;Islamic State,jihadist,SY;IQ,rebels,
ISWAP: Islamic State West Africa Province,ISWAP;Islamic State West Africa Province,jihadist,NG,\
rebels,
RSF: Rapid Support Forces,RSF;Rapid Support Forces,political_militia,SD,rebels,
Al Shabaab,al-Shabaab;al-Shabab,jihadist,SO,rebels,
LNA: Libyan National Army,LNA;Libyan National Army;Khalifa Haftar,rebel_group,LY,rebels,AE
ELN: National Liberation Army,ELN;National Liberation Army,rebel_group,CO,rebels,
Assam Rifles,Assam Rifles,state_forces,IN,government,
Operation Restoring Hope,Saudi-led coalition,coalition,YE,SA,
Operation Peace Spring,Peace Spring,foreign_operation,SY,TR,
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> ActorMatcher:
    path = tmp_path_factory.mktemp("actors") / "armed_groups.csv"
    path.write_text(TABLE, encoding="utf-8")
    return ActorMatcher(read_groups(path))


def _found(text: str, matcher: ActorMatcher) -> list[tuple[str | None, str | None]]:
    return [(a.actor, a.text) for a in matcher.find(text)]


def test_the_table_reads_aliases_countries_and_sides(tmp_path: Path) -> None:
    path = tmp_path / "groups.csv"
    path.write_text(TABLE, encoding="utf-8")
    groups = {g.name: g for g in read_groups(path)}
    qsd = groups["QSD: Syrian Democratic Forces"]
    assert qsd.aliases == ("SDF", "QSD", "Syrian Democratic Forces")
    assert (qsd.type, qsd.countries, qsd.side, qsd.backer) == (
        "rebel_group",
        ("SY",),
        "rebels",
        "US",
    )
    assert groups["Operation Restoring Hope"].side == "SA"
    # the canonical name's parts name the group too
    assert {"Islamic State", "QSD", "Syrian Democratic Forces"} <= {
        *groups["Islamic State"].names(),
        *qsd.names(),
    }


def test_an_analysts_rows_are_merged_on_top(tmp_path: Path) -> None:
    base = tmp_path / "base.csv"
    base.write_text(TABLE, encoding="utf-8")
    mine = tmp_path / "actors.csv"
    mine.write_text(
        "name,aliases,type,countries,side,backer\n"
        "Taliban,Taliban;Taleban,jihadist,AF;PK,rebels,\n"
        "CODECO,CODECO;Cooperative for the Development of Congo,identity_militia,CD,rebels,\n",
        encoding="utf-8",
    )
    groups = {g.name: g for g in load_groups((base, mine))}
    assert groups["Taliban"].aliases == ("Taliban", "Taleban")  # replaced, not doubled
    assert groups["Taliban"].countries == ("AF", "PK")
    assert "CODECO" in groups and "Houthis" in groups
    found = ActorMatcher(tuple(groups.values())).find("CODECO militiamen attacked a camp.")
    assert [(a.actor, a.text) for a in found] == [("CODECO", "CODECO")]


def test_a_row_of_unknown_type_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,aliases,type\nX,X,warlords\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv, line 2: unknown type 'warlords'"):
        read_groups(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # acronyms as written, names whatever their case or spelling
        ("HTS fighters shelled the town.", [("HTS: Hayat Tahrir al Sham", "HTS")]),
        ("The hts ban was lifted.", []),
        ("Hayat Tahrir al Sham and the Syrian Democratic forces clashed.",
         [("HTS: Hayat Tahrir al Sham", "Hayat Tahrir al Sham"),
          ("QSD: Syrian Democratic Forces", "Syrian Democratic forces")]),
        ("al-Shabab militants stormed the base.", [("Al Shabaab", "al-Shabab")]),
        # the longest name wins
        ("Islamic State West Africa Province fighters raided Baga.",
         [("ISWAP: Islamic State West Africa Province", "Islamic State West Africa Province")]),
        # a group with its fighters, under a label, or by its backers, is one actor
        ("Taliban militants attacked a checkpoint.", [("Taliban", "Taliban")]),
        ("Sudan's paramilitary Rapid Support Forces seized the town.",
         [("RSF: Rapid Support Forces", "Rapid Support Forces")]),
        ("Pro-Houthi forces shelled the port.", [("Houthis", "Houthi")]),
        ("Anti-Houthi forces advanced on the port.",
         [("government", "Anti-Houthi forces")]),
        ("Iranian-backed Houthi fighters fired drones.", [("Houthis", "Houthi")]),
    ],
)  # fmt: skip
def test_named_groups(text: str, expected: list[tuple[str, str]], matcher: ActorMatcher) -> None:
    assert _found(text, matcher) == expected


@pytest.mark.parametrize(
    ("text", "actor", "state"),
    [
        ("Afghan forces repelled the attack.", "afghanistan", "Afghanistan"),
        ("the Ukrainian military said", "ukraine", "Ukraine"),
        ("Turkish forces entered the town.", "turkey", "Turkey"),
        ("Pak Airforce jets targeted hideouts.", "pakistan", "Pakistan"),
        ("the Military Forces of Pakistan fired", "pakistan", "Pakistan"),
        ("Troops of the Assam Rifles killed a militant.", "india", "India"),
        ("Colombian soldiers patrolled the river.", "colombia", "Colombia"),
        ("Somali National Army troops retook the town.", "somalia", "Somalia"),
        ("Burmese troops shelled the village.", "myanmar", "Myanmar"),
        ("Malian and Russian forces entered Kidal.", "mali", "Mali"),
        ("Ankara denied the report.", "turkey", "Turkey"),
    ],
)
def test_states_forces_are_the_states(
    text: str, actor: str, state: str, matcher: ActorMatcher
) -> None:
    first = matcher.find(text)[0]
    assert (first.actor, first.state, first.kind) == (actor, state, "state")


@pytest.mark.parametrize(
    ("phrase", "actor"),
    [
        ("regime forces", "government"),
        ("the army", "government"),
        ("security forces", "government"),
        ("police", "government"),
        ("law enforcement agencies", "government"),
        ("the junta", "government"),
        ("pro-government militia members", "Militia (Pro-Government)"),
        ("rebels", "rebels"),
        ("insurgents", "rebels"),
        ("militants", "rebels"),
        ("jihadists", "rebels"),
        ("opposition fighters", "rebels"),
        ("Turkish-backed factions", "rebels"),
        ("pro-Turkish rebel faction fighters", "rebels"),
        ("Islamist faction fighters", "rebels"),
        ("unidentified gunmen", UNIDENTIFIED),
        ("unknown assailants", UNIDENTIFIED),
        ("armed men", UNIDENTIFIED),
        ("gunmen", UNIDENTIFIED),
        ("suspected militants", UNIDENTIFIED),
    ],
)
def test_sides_named_by_words(phrase: str, actor: str, matcher: ActorMatcher) -> None:
    found = matcher.find(phrase)
    assert [(a.actor, a.text) for a in found] == [(actor, phrase)]


def test_a_thing_of_the_army_is_no_actor(matcher: ActorMatcher) -> None:
    assert _found("A military truck and a police station were hit.", matcher) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forces loyal to Khalifa Haftar shelled the city.",
         ("LNA: Libyan National Army", "Khalifa Haftar")),
        ("Troops loyal to the government held the airport.", ("government", "government")),
        ("Fighters loyal to local commander Abu Hamza took the road.",
         ("rebels", "Abu Hamza")),
    ],
)  # fmt: skip
def test_forces_loyal_to_someone(
    text: str, expected: tuple[str, str], matcher: ActorMatcher
) -> None:
    (found,) = [a for a in matcher.find(text) if a.text == expected[1]]
    assert (found.actor, found.text) == expected


def test_a_group_of_a_states_forces_governs_where_it_stands(matcher: ActorMatcher) -> None:
    (rifles,) = matcher.find("the Assam Rifles")
    assert (rifles.actor, rifles.state) == ("india", "India")
    (coalition,) = matcher.find("the Saudi-led coalition")
    assert (coalition.actor, coalition.side, coalition.governs) == (
        "Operation Restoring Hope",
        "SA",
        False,
    )
    (army,) = matcher.find("the army")
    assert army.governs


def test_fighters_in_a_states_operation_act_for_that_state(matcher: ActorMatcher) -> None:
    text = (
        "Syrian National Army and pro-Turkish faction fighters operating as part of Operation "
        "Peace Spring captured the village from QSD fighters."
    )
    assert [a for a, _ in _found(text, matcher)] == [
        "turkey",
        "turkey",
        "turkey",
        "QSD: Syrian Democratic Forces",
    ]
    # a coalition of states keeps its own name; a group outside the operation keeps its own
    assert _found("Saudi-led coalition airstrikes hit Sanaa.", matcher)[0][0] == (
        "Operation Restoring Hope"
    )
    assert _found("Syrian National Army fighters shelled Tal Tamer.", matcher)[0][0] != "turkey"
    # only the list the phrase closes: who fought the operation's fighters stays who it is
    text = (
        "Regime forces clashed with pro-Turkish fighters and Syrian National Army units "
        "operating as part of Operation Peace Spring near Tal Tamer."
    )
    assert [a for a, _ in _found(text, matcher)] == ["government", "turkey", "turkey", "turkey"]


def test_normalising_a_phrase_and_a_modifier(matcher: ActorMatcher) -> None:
    assert normalise_actor("Assad's troops", matcher) == "government"
    assert normalise_actor("Houthis", matcher) == "Houthis"
    assert normalise_actor("rebel") == "rebels"
    assert modifier_actor("the regime ") == Actor("government", "regime", kind="government")
    russian = modifier_actor("a wave of Russian ")
    assert (russian.actor, russian.state) == ("russia", "Russia")
    saudi = modifier_actor("Saudi-led ")
    assert (saudi.actor, saudi.state) == ("saudi arabia", "Saudi Arabia")
    assert modifier_actor("the heavy ") == Actor(None, None)


def test_states_by_name_demonym_and_capital() -> None:
    assert [state_named(w).name for w in ("Congolese", "Burkinabe", "Kremlin", "U.S.")] == [  # type: ignore[union-attr]
        "Democratic Republic of Congo",
        "Burkina Faso",
        "Russia",
        "United States",
    ]
    assert state_named("Kurdish") is None


def test_without_a_table_the_generic_words_still_work() -> None:
    found = actors_in("Unknown gunmen and regime forces clashed.", ActorMatcher(()))
    assert [(a.actor, a.kind) for a in found] == [
        (UNIDENTIFIED, "unidentified"),
        ("government", "government"),
    ]


def test_an_empty_table_row_of_a_group_is_a_group() -> None:
    group = ArmedGroup("CODECO", ("CODECO",), "identity_militia", ("CD",), "rebels")
    (found,) = ActorMatcher([group]).find("CODECO fighters")
    assert (found.actor, found.kind, found.side, found.state) == ("CODECO", "group", "rebels", None)


def test_a_group_holds_ground_for_its_side(matcher: ActorMatcher) -> None:
    from extract.actors import holding_side

    assert holding_side("HTS: Hayat Tahrir al Sham", matcher) == "rebels"
    assert holding_side("Assam Rifles", matcher) == "government"
    assert holding_side("Operation Restoring Hope", matcher) == "saudi arabia"
    assert holding_side("turkey", matcher) == "turkey"


def test_herders_are_an_ethnic_militia_only_when_their_people_is_named(
    matcher: ActorMatcher,
) -> None:
    assert _found("Fulani herdsmen attacked farmers near Makurdi.", matcher)[0][0] == (
        "Fulani Ethnic Militia"
    )
    for text in (
        "Suspected herdsmen attacked the village.",
        "The herdsmen attacked farmers near Makurdi.",
        "Cattle raiders attacked a village in Turkana county.",
    ):
        assert not any("Militia" in (a or "") for a, _ in _found(text, matcher)), text


def test_letters_a_text_spells_out_are_what_it_says(matcher: ActorMatcher) -> None:
    # NAF is also the United Armed Forces of Novorossiya, in the armed-groups table
    text = "The Nigerian Air Force (NAF) struck ISWAP camps. The NAF said 20 were killed."
    actors = [a for a, _ in _found(text, matcher)]
    assert actors[0] == "nigeria"
    assert "NAF: United Armed Forces of Novorossiya" not in actors
    # letters that spell the table's own name stay the group
    found = _found("The Syrian Democratic Forces (SDF) clashed with HTS.", matcher)
    assert [a for a, _ in found].count("QSD: Syrian Democratic Forces") == 2


def test_a_named_gang_keeps_its_name_before_the_word_gang() -> None:
    from extract.actors import default_matcher

    shipped = default_matcher()
    assert _found("Viv Ansanm gang members attacked residents in Carrefour.", shipped) == [
        ("Viv Ansanm", "Viv Ansanm")
    ]
    assert _found("Gang members killed 3 people.", shipped) == [(UNIDENTIFIED, "Gang members")]

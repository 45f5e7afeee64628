"""Figures about people: category, amount, qualifier, place, period and source."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from extract.figures import find_figures, parse_amount
from extract.grammar import load_grammar
from extract.parse import parse_document
from extract.records import Document, Figure, Mention

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PLACES = ("Maarat al-Numan", "Idlib", "Turkey", "Syria", "Aleppo", "Moscow", "Ankara", "Saraqib")
JAN_28 = date(2020, 1, 28)


def _mentions(text: str) -> list[Mention]:
    """Stand-in for toponym recognition: every occurrence of a known place name."""
    found = [
        Mention(start=m.start(), end=m.end(), text=name)
        for name in PLACES
        for m in re.finditer(re.escape(name), text)
    ]
    return sorted(found, key=lambda m: m.start)


def _figures(text: str, published: date | None = JAN_28) -> list[Figure]:
    document = Document(id="test", text=text, published=published)
    return find_figures(parse_document(document, grammar=load_grammar()), _mentions(text))


def _only(text: str, published: date | None = JAN_28) -> Figure:
    figures = _figures(text, published)
    assert len(figures) == 1, figures
    return figures[0]


# --- the seeds against gold.json ---------------------------------------------------------------


def _gold() -> list[tuple[str, date, dict[str, object]]]:
    gold = json.loads((SHARED / "seeds" / "gold.json").read_text(encoding="utf-8"))
    return [
        (doc["file"], date.fromisoformat(doc["published"]), figure)
        for doc in gold["documents"]
        for figure in doc["figures"]
    ]


def _matches(found: Figure, want: dict[str, object]) -> bool:
    if found.category != want["kind"] or found.qualifier != want["qualifier"]:
        return False
    if want["value"] is None:
        return (found.value, found.low, found.high) == (None, want["low"], want["high"])
    return found.value == want["value"]


@pytest.mark.parametrize(
    ("file", "published", "want"),
    _gold(),
    ids=[f"{f[:3]}-{w['kind']}-{w['value'] or 'vague'}" for f, _, w in _gold()],
)
def test_gold_figures(file: str, published: date, want: dict[str, object]) -> None:
    text = (SHARED / "seeds" / file).read_text(encoding="utf-8")
    candidates = [f for f in _figures(text, published) if _matches(f, want)]
    assert candidates, f"no {want['kind']} figure {want.get('value')} found"
    found = candidates[0]
    if "start" in want:
        assert found.period is not None
        assert (found.period.start.isoformat(), found.period.end.isoformat()) == (
            want["start"],
            want["end"],
        )
    place = found.place.text if found.place else "Idlib"  # None means the article's focus
    if want["place"] != "Syria":  # country-wide UNICEF figures: no place named in the sentence
        assert place == want["place"]
    if "source" in want:
        assert found.source is not None and str(want["source"]) in found.source


def test_seed_000_gives_exactly_the_gold_figures() -> None:
    text = (SHARED / "seeds" / "000_699bae5ba21f49d3.txt").read_text(encoding="utf-8")
    found = [(f.category, f.value, f.qualifier) for f in _figures(text, JAN_28)]
    assert found == [
        ("population", 4_000_000, "more_than"),
        ("at_risk", 800_000, "more_than"),
        ("displaced", 358_000, "about"),
        ("displaced", None, "vague"),
    ]


def test_seed_001_has_no_figure_from_war_length_or_distance() -> None:
    text = (SHARED / "seeds" / "001_08f143545b554bad.txt").read_text(encoding="utf-8")
    figures = _figures(text, date(2019, 12, 26))
    assert len(figures) == 8
    assert not {f.value for f in figures} & {8, 9, 10, 15, 2019}


# --- amounts and qualifiers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("358,000", (358_000, None, None)),
        ("1.5 million", (1_500_000, None, None)),
        ("4 million", (4_000_000, None, None)),
        ("four million", (4_000_000, None, None)),
        ("twenty-five", (25, None, None)),
        ("half a million", (500_000, None, None)),
        ("dozens", (None, 24, 99)),
        ("hundreds of thousands", (None, 100_000, 999_999)),
        ("thousands", (None, 1_000, 9_999)),
        ("hundreds", (None, 100, 999)),
        ("tens of thousands", (None, 10_000, 99_999)),
        ("several hundred", (None, 300, 999)),
        ("nothing", (None, None, None)),
    ],
)
def test_parse_amount(phrase: str, expected: tuple[int | None, ...]) -> None:
    assert parse_amount(phrase) == expected


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Some 358,000 people fled.", 358_000, "about"),
        ("About 1.5 million people fled.", 1_500_000, "about"),
        ("Nearly 50,000 people fled.", 50_000, "about"),
        ("Over 800,000 people fled.", 800_000, "more_than"),
        ("More than 100,000 people fled.", 100_000, "more_than"),
        ("At least 65 people fled.", 65, "at_least"),
        ("Up to 20,000 people fled.", 20_000, "up_to"),
        ("As many as 700 people fled.", 700, "up_to"),
        ("Thousands of people fled.", None, "vague"),
        ("12,500 people fled.", 12_500, "exact"),
    ],
)
def test_qualifiers(text: str, value: int | None, qualifier: str) -> None:
    figure = _only(text)
    assert (figure.category, figure.value, figure.qualifier) == ("displaced", value, qualifier)


def test_bounds_follow_the_wording() -> None:
    at_least = _only("At least 65 children were killed.")
    assert (at_least.low, at_least.high) == (65, None)
    up_to = _only("Up to 700 people were injured.")
    assert (up_to.low, up_to.high) == (None, 700)
    exact = _only("Rescuers found 12 people dead.")
    assert (exact.category, exact.low, exact.high) == ("killed", 12, 12)


# --- categories --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Some 240,000 were displaced in the north.", "displaced"),
        ("More than 80,000 people fled toward the border.", "displaced"),
        ("Over 900,000 people are at risk of losing their homes.", "at_risk"),
        ("A million people could be displaced by the offensive.", "at_risk"),
        ("Turkey hosts about 4 million Syrian refugees.", "refugees"),
        ("About 2,000 refugees returned home last month.", "returned"),
        ("An airstrike killed 12 civilians.", "killed"),
        ("The strike killed 12 in Idlib.", "killed"),
        ("Dozens of civilians were killed.", "killed"),
        ("At least 30 people were wounded.", "injured"),
        ("More than 300 children were killed or injured.", "killed_or_injured"),
        ("Idlib and the surrounding countryside hold over three million civilians.", "population"),
        ("The province, with 3 million people, is under siege.", "population"),
        ("Idlib is home to 3 million.", "population"),
        ("Some 1,200 families fled the town.", "displaced"),
        ("Turkey lost more than 30 soldiers in an air strike.", "killed"),
        ("An air strike killed more than 30 of its soldiers.", "killed"),
        ("About 2.8 million people in Idlib are in need of aid.", "in_need"),
    ],
)
def test_categories(text: str, category: str) -> None:
    assert _only(text).category == category


def test_two_counts_in_one_clause_keep_their_own_category() -> None:
    killed, injured = _figures("At least 42 civilians were killed and dozens wounded in shelling.")
    assert (killed.category, killed.value, killed.qualifier) == ("killed", 42, "at_least")
    assert (injured.category, injured.low, injured.high) == ("injured", 24, 99)
    both = _only("At least 42 civilians were killed or wounded in the shelling.")
    assert both.category == "killed_or_injured"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Some 1.5 million people live in and around Aleppo.", [("population", 1_500_000)]),
        ("About 32,000 people lived in Idlib before the war.", [("population", 32_000)]),
        ("Officials said fewer than 1,000 remained in the town.", [("population", 1_000)]),
        ("Thousands fled to Idlib, a city of some 2 million.", [("displaced", None),
                                                                ("population", 2_000_000)]),
        ("Some 3,000 people remain displaced in Idlib.", [("displaced", 3_000)]),
        ("Shelling killed three civilians and wounded eight on Friday.", [("killed", 3),
                                                                          ("injured", 8)]),
        ("About 40,000 displaced people live in camps near Idlib.", [("displaced", 40_000)]),
        ("Some 362,000 Syrians are internally displaced.", [("displaced", 362_000)]),
        ("They withdrew from the city of half a million people.", [("population", 500_000)]),
        ("Some 8.4 million are on the brink of famine.", [("at_risk", 8_400_000)]),
        ("About 600,000 people in the region depended on food aid.", [("in_need", 600_000)]),
        ("Tens of thousands of people streamed into Idlib.", [("displaced", None)]),
        ("Hundreds of people are believed to have been killed.", [("killed", None)]),
    ],
)  # fmt: skip
def test_residents_and_counts_after_their_verb(text: str, want: list[tuple[str, int]]) -> None:
    assert [(f.category, f.value) for f in _figures(text)] == want


@pytest.mark.parametrize(
    "text",
    [
        "Fighting has raged through Syria's eight-year civil war.",
        "Two soldiers remained at the post.",
        "Saraqib lies about 15 miles northeast of the city.",
        "Turkey runs at least three observation posts in the province.",
        "For help call +963 11 234 5678 or 0944-123-456.",
        "The deal was signed in 2018 and renewed in 2019.",
        "Ahmed, 34, said the shelling never stopped.",
        "A 12-year-old boy and a girl aged 9 were treated.",
        "Prices rose 40 percent and aid fell by 25%.",
        "Donors pledged $1.5 million and 300 million euros.",
        "It is one of the worst crises of the war.",
        "The army fired 200 rockets at 15 villages.",
        "The offensive began on Dec. 1 and lasted 10 days.",
    ],
)
def test_sentences_that_give_no_figure(text: str) -> None:
    assert _figures(text) == []


# --- place, period, source --------------------------------------------------------------------


def test_place_from_preposition_after_the_figure() -> None:
    figure = _only("More than 10,000 people were displaced from Maarat al-Numan on Monday.")
    assert figure.place is not None and figure.place.text == "Maarat al-Numan"
    assert figure.period is not None and figure.period.start == date(2020, 1, 27)


def test_place_of_a_host_clause() -> None:
    figure = _only("Many head for Turkey, which already shelters some 3.6 million Syrian refugees.")
    assert figure.place is not None and figure.place.text == "Turkey"


def test_destination_is_not_the_place() -> None:
    figure = _only("Over 80,000 people fled toward Turkey.")
    assert figure.place is None


def test_leading_place_phrase() -> None:
    figure = _only("In Aleppo, 40 civilians were killed last week.")
    assert figure.place is not None and figure.place.text == "Aleppo"
    assert figure.period is not None and figure.period.text == "last week"


def test_period_is_from_the_figure_clause_not_the_statement_date() -> None:
    text = (
        "UNICEF said in a report on Tuesday that more than 300 children were killed "
        "or injured in the first half of 2019."
    )
    figure = _only(text)
    assert figure.period is not None and figure.period.text == "in the first half of 2019"


def test_a_wars_tally_runs_from_the_start_its_sentence_gives() -> None:
    text = (
        "The insurgency in Cabo Delgado, which began in October 2017, has killed more than "
        "2,600 people."
    )
    figure = _only(text, date(2021, 3, 29))
    assert figure.period is not None
    assert (figure.period.start, figure.period.end) == (date(2017, 10, 1), date(2021, 3, 29))
    figure = _only("The war has killed 12,000 people since it began in April.", date(2023, 12, 20))
    assert figure.period is not None and figure.period.text == "since April"
    assert (figure.period.start, figure.period.end) == (date(2023, 4, 1), date(2023, 12, 20))
    # a month that is only when it happened stays that month
    figure = _only("In April, 300 people were killed.", date(2023, 12, 20))
    assert figure.period is not None and figure.period.end == date(2023, 4, 30)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Some 52,000 fled last week, according to the United Nations.", "United Nations"),
        ("Nearly 900,000 people remain at risk, the International Rescue Committee said.",
         "International Rescue Committee"),
        ("UNICEF said 65 children were killed.", "UNICEF"),
        ("“About 300 families fled,” said Bilal Zikra.", "Bilal Zikra"),
        ("President Recep Tayyip Erdogan warned that 80,000 people had fled.",
         "Recep Tayyip Erdogan"),
    ],
)  # fmt: skip
def test_sources(text: str, source: str) -> None:
    assert _only(text).source == source


def test_the_group_said_refers_to_the_last_named_source() -> None:
    text = "UNICEF reported grim numbers. At least 65 children were killed, the group said."
    assert _only(text).source == "UNICEF"


def test_offsets_quote_the_figure() -> None:
    text = "Officials said hundreds of thousands of displaced people were on the move."
    figure = _only(text)
    assert text[figure.char_start : figure.char_end] == "hundreds of thousands of displaced people"
    assert figure.sentence.text == text


def test_a_date_heading_another_clause_is_not_the_period() -> None:
    text = "Ankara acted on Sunday, days after a strike killed 30 of its soldiers."
    assert _only(text).period is None
    assert _only("In December, 65 children were killed.").period is not None


def test_an_announcement_of_something_else_is_not_a_source() -> None:
    text = "Turkey announced an operation after a strike killed 30 soldiers."
    assert _only(text).source is None


def test_a_stated_range_keeps_both_ends() -> None:
    figure = _only("The agency said between 250,000 and 300,000 people had fled since Jan. 1.")
    assert (figure.category, figure.value, figure.low, figure.high) == (
        "displaced",
        None,
        250_000,
        300_000,
    )
    both = _only("Between 2 and 3 million people are in need of aid.")
    assert (both.low, both.high) == (2_000_000, 3_000_000)


def test_a_toll_since_the_war_began_covers_the_war() -> None:
    published = date(2024, 5, 13)
    text = "The war, which began on April 15, 2023, has killed more than 12,000 people."
    figure = _only(text, published)
    assert figure.period is not None
    assert (figure.period.start, figure.period.end) == (date(2023, 4, 15), published)

"""Names marked as places that the gazetteer lacks, and the place the sentence ties each to."""

from __future__ import annotations

import re

from extract.records import Mention
from extract.sentences import split_sentences
from extract.unknown_places import find_unknown_places

KNOWN = ("Idleb", "Menbij", "Ras Al Ain", "Aleppo", "Misrata", "Kapisa", "Donetsk")


def _unknown(text: str) -> list[tuple[str, str, str | None, str]]:
    mentions = sorted(
        (
            Mention(m.start(), m.end(), name)
            for name in KNOWN
            for m in re.finditer(re.escape(name), text)
        ),
        key=lambda m: m.start,
    )
    return [
        (u.mention.text, u.cue, u.anchor.text if u.anchor else None, u.relation)
        for u in find_unknown_places(text, split_sentences(text), mentions)
    ]


def test_a_village_in_the_countryside_of_a_known_town() -> None:
    found = _unknown("Regime forces shelled Ftireh in the southern countryside of Idleb on Monday.")
    assert found == [("Ftireh", "shelled", "Idleb", "southern countryside of")]


def test_the_usual_ways_a_dispatch_marks_and_ties_a_place() -> None:
    text = (
        "Clashes erupted in Olasha village in the countryside of Menbij. "
        "Turkish forces captured the village of Shamo west of Ras Al Ain. "
        "A drone hit a truck in Tininai (Misrata). "
        "Taliban fighters attacked a post in Tagab district, Kapisa. "
        "The OSCE SMM observed explosions near Hnutove."
    )
    assert _unknown(text) == [
        ("Olasha", "village", "Menbij", "countryside of"),
        ("Shamo", "village of", "Ras Al Ain", "west of"),
        ("Tininai", "in", "Misrata", "in"),
        ("Tagab", "district", "Kapisa", "in"),
        ("Hnutove", "near", None, ""),
    ]


def test_another_unknown_name_can_be_the_anchor() -> None:
    found = _unknown("Fighting reached Tal Jammeh area in the countryside of Bir Nuh in Donetsk.")
    assert found[0] == ("Tal Jammeh", "area", "Bir Nuh", "countryside of")


def test_names_that_are_not_places_are_left_alone() -> None:
    text = (
        "On Monday the Syrian Democratic Forces met at the University of Aleppo. "
        "This area was quiet, the Levant Front said. "
        "He spoke to Trump's envoy near the Culture Department."
    )
    assert _unknown(text) == []

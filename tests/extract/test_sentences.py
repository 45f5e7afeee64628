"""Sentence splitting: offsets, abbreviations, quotes, paragraphs."""

from __future__ import annotations

from pathlib import Path

from extract.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_text() -> None:
    text = "  First one here.  Second one there!\n\nThird? "
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one here.", "Second one there!", "Third?"]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_month_abbreviations_do_not_end_sentences() -> None:
    text = "Between Dec. 1 and Jan. 19 many fled. Aid arrived on Feb. 3 in the north."
    assert _texts(text) == [
        "Between Dec. 1 and Jan. 19 many fled.",
        "Aid arrived on Feb. 3 in the north.",
    ]


def test_titles_initials_and_acronyms() -> None:
    text = (
        "Mr. Smith met Dr. Jones. J. R. Doe of the U.N. Security Council spoke. "
        "Troops came from the U.S. They stayed."
    )
    assert _texts(text) == [
        "Mr. Smith met Dr. Jones.",
        "J. R. Doe of the U.N. Security Council spoke.",
        "Troops came from the U.S.",
        "They stayed.",
    ]


def test_quotes_stay_with_their_sentence() -> None:
    text = "“We could not find a tent,” said Amal. “The camp is full.” It rained."
    assert _texts(text) == [
        "“We could not find a tent,” said Amal.",
        "“The camp is full.”",
        "It rained.",
    ]


def test_paragraph_break_ends_a_sentence_without_a_stop() -> None:
    assert _texts("Idlib under fire\n\nThousands fled.") == ["Idlib under fire", "Thousands fled."]


def test_numbers_with_decimals_are_not_split() -> None:
    assert _texts("Some 1.5 million people fled. Others stayed.") == [
        "Some 1.5 million people fled.",
        "Others stayed.",
    ]


def test_seed_article_sentences() -> None:
    text = (SEEDS / "000_699bae5ba21f49d3.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert len(sentences) == 19
    with_range = [s.text for s in sentences if "Dec. 1" in s.text]
    assert len(with_range) == 1
    assert "Jan. 19" in with_range[0] and with_range[0].endswith("United Nations.")
    assert all(s.text == text[s.start : s.end] for s in sentences)

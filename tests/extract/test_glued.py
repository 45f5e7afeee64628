"""Words a PDF's extraction ran together are split where a count of people depends on them, and
nothing else in the text changes."""

from __future__ import annotations

import pytest

from extract.documents import document_from_text, load_bytes
from extract.glued import unglue


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("30,000 people hadevacuated by Monday", "30,000 people had evacuated by Monday"),
        ("shellingforced 33,000 people to flee", "shelling forced 33,000 people to flee"),
        ("homes for 230,000 displacedpeople", "homes for 230,000 displaced people"),
        ("55,107 people stillliving inIDPcamps", "55,107 people still living in IDP camps"),
        ("150,000 people have already fledShirqat", "150,000 people have already fled Shirqat"),
        ("forcing 500,000 people to seekrefuge", "forcing 500,000 people to seek refuge"),
        ("4,500people left the town", "4,500 people left the town"),
    ],
)
def test_runs_hiding_a_word_of_the_trade_are_split(glued: str, split: str) -> None:
    assert unglue(glued) == split


@pytest.mark.parametrize(
    "text",
    [
        "Deadwood and Campbelltown",  # names, however they begin or end
        "the misplaced evacuees and the peacekeepers",  # words of their own
        "Idlib, Saraqib and Maarat al-Numan",
        "a 10km road at 5pm in the 1990s",  # units, times and decades
        "gathermomentum statein #boycottAllstate iPhone eBay",  # glued, but no count hangs on it
        "mail info@peoplesupport.org or see https://www.deadspin.com/story #refugeeswelcome",
        "",
    ],
)
def test_everything_else_is_left_as_written(text: str) -> None:
    assert unglue(text) == text


def test_documents_are_read_with_their_words_apart() -> None:
    pasted = document_from_text("In Punjab, 30,000 people hadevacuated as of 3 October.")
    assert "had evacuated" in pasted.text
    (row,) = load_bytes(
        "notes.jsonl", b'{"text": "Some 2,000 displacedpeople reached the camp."}\n'
    ).documents
    assert "displaced people" in row.text


def test_a_run_is_split_the_same_way_in_every_process() -> None:
    # "idpsnow" could be "idp snow"; the longest word of the trade is tried first, always
    assert unglue("1,200 idpsnow live in sheltersand tents") == (
        "1,200 idps now live in shelters and tents"
    )


def test_a_paste_too_long_is_refused_before_it_is_read() -> None:
    from extract.documents import DocumentError
    from extract.readers import MAX_ARTICLE_CHARS

    with pytest.raises(DocumentError, match="characters long"):
        document_from_text("hadevacuated " * (MAX_ARTICLE_CHARS // 13 + 1))

"""The pipeline on any text: features or a clear rejection, never an exception. Hypothesis draws
any string (unpaired surrogates, control characters, every script) and strings made of the words
the extractors look for (numbers of any size, casualty words, places, dates, powers, brackets),
so the figure, event and place code runs on odd input too.

The gazetteer-only path (no NER, no grammar parse) keeps 2,000 examples to a minute or so; a
smaller run goes through the grammar parse. Under CI the examples come from a fixed seed.
"""

from __future__ import annotations

import json
import math
from datetime import date

import geopandas as gpd
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.amounts import MAX_COUNT
from extract.documents import DocumentError, document_from_text
from extract.records import Document
from geo.features import features_from_records
from geo.io.export import to_csv, to_geojson
from geo.pipeline import analyse, extract, feature_rows

EXAMPLES = 2000


ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())


def _vocabulary(*lines: str) -> tuple[str, ...]:
    return tuple(word for line in lines for word in line.split())


WORDS = st.sampled_from(
    _vocabulary(
        "killed wounded displaced fled refugees civilians people fighters were was the",
        "in of and more than at least some about up to nearly dozens hundreds thousands",
        "million billion half a quarter two twelve three-quarters Aleppo Saraqib Idlib",
        "Kyiv Gaza Sudan Syria Turkish forces captured shelled advanced toward siege",
        "on Monday Jan. Dec. 1 2020 2019-12-01 said UN OCHA according no one % $ km",
        "10^30 1e9 10**6 x × ( ) , ; : . ! ? \" ' - —",
    )
)
BREAKS = st.sampled_from(("\n", "\n\n"))
NUMBERS = st.integers(min_value=-(10**70), max_value=10**70).map(
    lambda n: f"{n:,}" if n % 3 else str(n)
)
NEWSY = st.lists(st.one_of(WORDS, BREAKS, NUMBERS, st.text(ANY_CHAR, max_size=3)), max_size=60).map(
    " ".join
)
TEXTS = st.one_of(st.text(ANY_CHAR, max_size=400), NEWSY)


def _document(text: str) -> Document | None:
    """The text as a pasted article, or None when it is refused (empty, too long)."""
    try:
        return document_from_text(text, published=date(2020, 2, 1))
    except DocumentError as refusal:
        assert str(refusal).startswith("pasted text: ")
        return None


def _check_rows(rows: list[dict]) -> None:  # type: ignore[type-arg]
    """Every figure a plausible count, every point on the globe, and the rows export."""
    for row in rows:
        for key in ("value", "low", "high"):
            value = row.get(key)
            assert value is None or 0 <= value <= MAX_COUNT, (key, value)
        lon, lat = row.get("lon"), row.get("lat")
        if lon is not None and lat is not None:
            assert math.isfinite(lon) and -180 <= lon <= 180 and -90 <= lat <= 90
    frame: gpd.GeoDataFrame = features_from_records(rows)
    assert len(json.loads(to_geojson(frame))["features"]) == len(rows)
    to_csv(frame)


@settings(max_examples=EXAMPLES)  # the profile: tests/hostile/conftest.py
@given(TEXTS)
def test_any_text_gives_features_or_a_clear_rejection(text: str) -> None:
    document = _document(text)
    if document is None:
        return
    result = extract([document], use_ner=False)
    assert not result.failures, result.failures  # an exception inside would be a failure
    assert [d.id for d in result.documents] == [document.id]
    _check_rows(list(result.rows))


@settings(max_examples=300)
@given(NEWSY)
def test_any_newsy_text_reads_through_the_grammar_parse(text: str) -> None:
    document = _document(text)
    if document is None:
        return
    _check_rows(list(feature_rows(analyse(document, grammar=True))))

"""Read a document once into a :class:`~extract.records.ParsedDocument`: sentences, dates, the
dateline, the place mentions and the names marked as places the gazetteer lacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.datelines import find_dateline
from extract.dates import find_dates
from extract.grammar import grammar_links
from extract.ner import Recognised, blocking_spans, recognise
from extract.records import Document, ParsedDocument
from extract.sentences import split_sentences
from extract.toponyms import NameMatcher, find_mentions
from extract.unknown_places import find_unknown_places

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc

__all__ = ["parse_document"]


def parse_document(
    document: Document,
    matcher: NameMatcher | None = None,
    *,
    nlp: spacy.Language | None = None,
    doc: Doc | Recognised | None = None,
    dates: bool = True,
    grammar: spacy.Language | None = None,
) -> ParsedDocument:
    """Split, date and scan ``document`` for place names, once.

    Parameters
    ----------
    document
        The article; dates resolve against its publication date.
    matcher
        The recogniser over the gazetteer's names; without one no mentions are looked for.
    nlp, doc
        spaCy, as a recognition signal: the pipeline to run, or the text already run through it
        (batched by the caller).
    dates
        Whether to read the date expressions (geoparsing alone does not need them).
    grammar
        spaCy with a dependency parser (:func:`extract.grammar.load_grammar`): when given, the
        sentences that may count people are parsed and their counts linked to what happened.
    """
    text = document.text
    if doc is None and nlp is not None and matcher is not None:
        doc = recognise(nlp, text)
    mentions = () if matcher is None else tuple(find_mentions(text, matcher, doc=doc))
    sentences = tuple(split_sentences(text))
    return ParsedDocument(
        document=document,
        sentences=sentences,
        dates=tuple(find_dates(text, document.published)) if dates else (),
        mentions=mentions,
        dateline=find_dateline(text),
        unknown=tuple(find_unknown_places(text, sentences, mentions, blocking_spans(doc)))
        if matcher
        else (),
        counts=tuple(grammar_links(grammar, sentences)) if grammar is not None else (),
    )

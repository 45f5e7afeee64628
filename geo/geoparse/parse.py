"""The geoparsing pipeline: recognise place names, then resolve them, one document at a time.

This is the module that wires ``extract.toponyms`` (recognition) to the gazetteer's names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.ner import load_nlp, parse_texts
from extract.parse import parse_document
from extract.readers import read_jsonl_objects
from extract.records import Document
from extract.toponyms import NameMatcher
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse.locate import locate
from geo.geoparse.resolve import Resolved

if TYPE_CHECKING:
    import spacy

BATCH = 16  # texts per spaCy batch: bigger batches cost memory, not speed


@lru_cache(maxsize=4)
def matcher_for(gazetteer: Gazetteer) -> NameMatcher:
    """The recogniser over ``gazetteer``'s names (built once per gazetteer, about a second)."""
    return NameMatcher(
        gazetteer.keys(),
        strong=gazetteer.important_keys(),
        dotted=gazetteer.dotted_keys,
        demonyms=gazetteer.demonym_keys,
    )


def geoparse_resolved(
    text: str, *, gazetteer: Gazetteer | None = None, nlp: spacy.Language | None = None
) -> list[Resolved]:
    """Mentions of places in ``text`` with the place chosen for each."""
    gaz = gazetteer or default_gazetteer()
    parsed = parse_document(Document(id="", text=text), matcher_for(gaz), nlp=nlp, dates=False)
    return list(locate(parsed, gaz).places)


def warm_up(gazetteer: Gazetteer | None = None, *, ner: bool = True) -> None:
    """Load the gazetteer, build its recogniser and load spaCy, so timings measure parsing."""
    gaz = gazetteer or default_gazetteer()
    matcher_for(gaz)
    if ner:
        load_nlp()


def _records(resolved: Iterable[Resolved]) -> list[dict[str, Any]]:
    return [
        {
            "start": r.mention.start,
            "end": r.mention.end,
            "name": r.mention.text,
            "lat": r.place.lat,
            "lon": r.place.lon,
            "geonameid": r.place.geonameid,
            "score": r.score,
        }
        for r in resolved
    ]


def iter_resolved(
    texts: Iterable[str],
    *,
    gazetteer: Gazetteer | None = None,
    nlp: spacy.Language | None = None,
    ner: bool = True,
) -> Iterator[list[Resolved]]:
    """Geoparse many texts, streaming; spaCy runs over batches (``nlp.pipe``).

    ``nlp`` defaults to :func:`extract.toponyms.load_nlp` unless ``ner`` is False.
    """
    gaz = gazetteer or default_gazetteer()
    matcher = matcher_for(gaz)
    if nlp is None and ner:
        nlp = load_nlp()
    source = iter(texts)
    while batch := list(islice(source, BATCH)):
        docs = parse_texts(nlp, batch) if nlp is not None else [None] * len(batch)
        for text, doc in zip(batch, docs, strict=True):
            parsed = parse_document(Document(id="", text=text), matcher, doc=doc, dates=False)
            yield list(locate(parsed, gaz).places)


def geoparse_many(
    texts: Sequence[str],
    *,
    gazetteer: Gazetteer | None = None,
    nlp: spacy.Language | None = None,
    ner: bool = True,
) -> list[list[dict[str, Any]]]:
    """:func:`geoparse` over many texts, with NER (batched) unless ``ner`` is False."""
    return [_records(r) for r in iter_resolved(texts, gazetteer=gazetteer, nlp=nlp, ner=ner)]


def geoparse(
    text: str, *, gazetteer: Gazetteer | None = None, nlp: spacy.Language | None = None
) -> list[dict[str, Any]]:
    """Geoparse one text into benchmark records.

    Parameters
    ----------
    text
        The document.
    gazetteer
        Offline index; the process-wide default when None.
    nlp
        Optional spaCy pipeline (:func:`extract.toponyms.load_nlp`) used as a recognition signal.

    Returns
    -------
    list of dict
        ``{"start", "end", "name", "lat", "lon", "geonameid", "score"}`` per mention, where
        ``name`` is the surface text.
    """
    return _records(geoparse_resolved(text, gazetteer=gazetteer, nlp=nlp))


def _read_docs(in_path: Path) -> Iterator[tuple[Any, str]]:
    for _, doc in read_jsonl_objects(in_path, needs=("id", "text")):
        yield doc["id"], str(doc["text"])


def geoparse_jsonl(
    in_path: Path,
    out_path: Path,
    *,
    gazetteer: Gazetteer | None = None,
    nlp: spacy.Language | None = None,
    ner: bool = False,
) -> int:
    """Geoparse a JSONL of ``{"id", "text", ...}`` into ``{"id", "toponyms": [...]}`` lines.

    NER runs when ``nlp`` is given or ``ner`` is True (the default pipeline, batched).

    Returns
    -------
    int
        Number of documents written.
    """
    docs = list(_read_docs(in_path))  # read it all first: a bad line fails before any output
    texts = (text for _, text in docs)
    written = 0
    with Path(out_path).open("w", encoding="utf8") as out:
        resolved = iter_resolved(texts, gazetteer=gazetteer, nlp=nlp, ner=ner)
        for (doc_id, _), places in zip(docs, resolved, strict=True):
            record = {"id": doc_id, "toponyms": _records(places)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written

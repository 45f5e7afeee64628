"""Many documents read through: the one per-document loop (:func:`extract`), which the app and
``atlas extract`` call through :func:`process` and the Dask workers of ``atlas ingest`` call on
their chunks. spaCy runs over batches; one bad article is a failure of its own, never the batch's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from extract.ner import Recognised, parse_texts
from extract.records import Document
from geo.features import features_from_records
from geo.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse import BATCH
from geo.pipeline.document import analyse, default_nlp, describe
from geo.pipeline.rows import feature_rows

if TYPE_CHECKING:
    import spacy

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, what) while documents are read."""


@dataclass(frozen=True)
class Failure:
    """A document that could not be read through, and why."""

    what: str
    reason: str


@dataclass(frozen=True)
class Extracted:
    """What reading some documents gave: those read through with their feature rows
    (:data:`geo.features.FEATURE_COLUMNS`), the ones that failed, and notes worth showing."""

    documents: tuple[Document, ...]
    rows: tuple[dict[str, Any], ...]
    failures: tuple[Failure, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass
class PipelineResult:
    """Features for the map plus what went wrong, per document, in words a user can act on."""

    features: gpd.GeoDataFrame
    problems: list[str] = field(default_factory=list)


def _parsed(
    documents: Sequence[Document], nlp: spacy.Language | None
) -> Iterator[tuple[Document, Recognised | None]]:
    """Each document with its spaCy parse, run over batches as ``atlas geoparse`` does."""
    for first in range(0, len(documents), BATCH):
        batch = documents[first : first + BATCH]
        if nlp is None:
            yield from ((document, None) for document in batch)
        else:
            yield from zip(batch, parse_texts(nlp, [d.text for d in batch]), strict=True)


def extract(
    documents: Sequence[Document],
    *,
    gazetteer: Gazetteer | None = None,
    use_ner: bool = True,
    progress: Progress | None = None,
) -> Extracted:
    """Read ``documents`` through: one bad article is a failure of its own, never the batch's."""
    gaz = gazetteer or default_gazetteer()
    nlp = default_nlp() if use_ner else None
    done: list[Document] = []
    rows: list[dict[str, Any]] = []
    failures: list[Failure] = []
    problems: list[str] = []
    total = len(documents)
    for count, (document, doc) in enumerate(_parsed(documents, nlp), start=1):
        label = describe(document)
        try:
            analysis = analyse(document, gazetteer=gaz, doc=doc, grammar=use_ner)
            found = list(feature_rows(analysis))
        except Exception as error:  # one bad article must not sink the batch
            failures.append(Failure(label, f"could not be read ({type(error).__name__}: {error})"))
            continue
        if not analysis.places:
            kept = sum(1 for row in found if row["kind"] == "figure")
            also = f"; its {kept} figure(s) are kept without a place" if kept else ""
            problems.append(f"{label}: no places found in the text, nothing to map{also}")
        if analysis.unplaced:
            names = ", ".join(sorted({u.text for u in analysis.unplaced}))
            problems.append(
                f"{label}: not on the map: {names} (named as places, not in the gazetteer, and "
                "the text ties them to no known place; `atlas gazetteer add` a file that has them)"
            )
        done.append(document)
        rows.extend(found)
        if progress is not None:
            progress(count, total, label)
    return Extracted(tuple(done), tuple(rows), tuple(failures), tuple(problems))


def process(
    documents: Sequence[Document],
    *,
    progress: Progress | None = None,
    gazetteer: Gazetteer | None = None,
    use_ner: bool = True,
) -> PipelineResult:
    """Extract, geocode and frame ``documents`` into one features frame."""
    result = extract(documents, gazetteer=gazetteer, use_ner=use_ner, progress=progress)
    problems = [f"{f.what}: {f.reason}" for f in result.failures] + list(result.problems)
    return PipelineResult(features_from_records(result.rows), problems)

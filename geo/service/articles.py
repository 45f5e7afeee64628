"""Articles into the store, the same way for the app and the command line: read the input,
skip what is stored, extract the rest, and write documents with their features in one
transaction; and correct a stored article's publication date.

:func:`add_documents` is the one "skip, extract, store" path. Extraction is pluggable: in this
process by default (:func:`extract_here`), on Dask workers for ``atlas ingest``
(:mod:`geo.service.ingest`).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files

from extract import documents as loaders
from extract.records import Document
from geo import pipeline
from geo.features import features_from_records
from geo.pipeline import Extracted, Failure, Progress
from geo.store import Store

LOG = logging.getLogger("dispatch_atlas.service")
DEMO_FILE = "articles.jsonl"  # in the package geo.demo (data/demo in a checkout)

Extractor = Callable[[Sequence[Document]], Iterable[Extracted]]
"""Reads documents through the pipeline, yielding what it found chunk by chunk."""


class AddError(RuntimeError):
    """Adding articles failed at one step (reading the store, extracting, writing); the message
    says which. Nothing was written: the store is as it was."""


@dataclass
class AddSummary:
    """What adding some articles did, for the app's notices and the command line's report."""

    documents: int = 0  # stored by this call
    already: int = 0  # stored before this call, so not read again
    raced: int = 0  # stored by someone else while this call was extracting
    duplicates: int = 0  # the same text more than once in the input
    features: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    already_named: list[str] = field(default_factory=list)  # titles of the ones stored before
    seconds: float = 0.0

    @property
    def feature_count(self) -> int:
        """Features stored by this call."""
        return sum(self.features.values())

    def lines(self) -> list[str]:
        """The summary in words: counts first, then each failure with its reason."""
        kinds = ", ".join(
            f"{self.features.get(kind, 0)} {label}"
            for kind, label in (("place", "places"), ("figure", "figures"), ("event", "events"))
        )
        head = (
            f"{self.documents} documents stored ({self.already + self.raced} already in the "
            f"store, {self.duplicates} duplicates in the input): {kinds}; "
            f"{len(self.failures)} failures; {self.seconds:.1f} s"
        )
        return [head, *(f"failed: {f.what}: {f.reason}" for f in self.failures)]


def add_notices(summary: AddSummary, given: int) -> list[tuple[str, str]]:
    """What to tell the user after adding ``given`` articles: problems, repeats, the result."""
    notices = [("warning", f"{f.what}: {f.reason}") for f in summary.failures]
    notices.extend(("warning", problem) for problem in summary.problems)
    repeated = summary.already + summary.duplicates
    if repeated:
        named = sorted(set(summary.already_named))
        listed = "; ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        notices.append(
            (
                "info",
                f"{repeated} article(s) already loaded, skipped"
                + (f": {listed}" if named else "."),
            )
        )
    if summary.raced:
        notices.append(("info", f"{summary.raced} article(s) were added meanwhile by others."))
    if repeated < given:
        notices.append(
            (
                "success",
                f"Added {summary.documents} article(s), {summary.feature_count} feature(s).",
            )
        )
    return notices


def extract_here(progress: Progress | None = None) -> Extractor:
    """An :data:`Extractor` that reads the documents in this process, in one chunk."""

    def run(todo: Sequence[Document]) -> Iterator[Extracted]:
        if todo:
            yield pipeline.extract(todo, progress=progress)

    return run


def unique_documents(documents: Iterable[Document]) -> tuple[list[Document], int]:
    """The documents without repeats (a document id is a content hash), and how many repeated."""
    seen: dict[str, Document] = {}
    repeats = 0
    for document in documents:
        if document.id in seen:
            repeats += 1
        else:
            seen[document.id] = document
    return list(seen.values()), repeats


def add_documents(
    store: Store,
    documents: Sequence[Document],
    *,
    extract: Extractor | None = None,
    batch: int | None = None,
) -> AddSummary:
    """Store the ``documents`` not stored yet, with the features extraction finds in them.

    Everything is written in one transaction at the end by default, so a failure (or a kill)
    leaves the store as it was; with ``batch``, every ``batch`` documents are written in a
    transaction of their own (those stay; a rerun adds the rest).

    Raises
    ------
    AddError
        The store could not be read or written, or extraction failed as a whole (one bad article
        is a failure of its own in the summary, not an error).
    """
    started = time.perf_counter()
    summary = AddSummary()
    unique, summary.duplicates = unique_documents(documents)
    try:
        stored = store.known(d.id for d in unique)
    except Exception as error:
        raise AddError(f"Could not reach the store: {error}") from error
    todo = [d for d in unique if d.id not in stored]
    summary.already = len(unique) - len(todo)
    summary.already_named = [d.title or d.origin or d.id for d in unique if d.id in stored]
    pending: list[Extracted] = []

    def flush() -> None:
        docs = [d for e in pending for d in e.documents]
        rows = [r for e in pending for r in e.rows]
        pending.clear()
        if not docs:
            return
        try:
            added = store.add(docs, features_from_records(rows))
        except Exception as error:  # the store rolled back: nothing half-written
            raise AddError(f"Could not store the new articles: {error}") from error
        summary.documents += added.documents
        summary.raced += added.skipped
        new = set(added.ids)
        summary.features.update(r["kind"] for r in rows if r["doc_id"] in new)

    waiting = 0
    try:
        for result in (extract or extract_here())(todo):
            summary.failures.extend(result.failures)
            summary.problems.extend(result.problems)
            pending.append(result)
            waiting += len(result.documents)
            if batch is not None and waiting >= batch:
                flush()
                waiting = 0
    except AddError:
        raise
    except Exception as error:
        raise AddError(f"Could not process the new articles: {error}") from error
    flush()
    summary.seconds = time.perf_counter() - started
    return summary


def read_upload(
    name: str, data: bytes, published: date | None = None
) -> tuple[list[Document], list[str]]:
    """Documents in an uploaded file (or pasted text), and the rows it skipped, one message each.

    Raises
    ------
    extract.documents.DocumentError
        The file cannot be read; the message names it and the problem.
    """
    try:
        result = loaders.load_bytes(name, data, published=published)
    except loaders.DocumentError:
        raise
    except Exception as error:  # a loader bug must not lose the session: report, keep going
        LOG.exception("could not read %s", name)
        raise loaders.DocumentError(
            name, f"could not be read ({type(error).__name__}: {error})"
        ) from error
    return list(result.documents), list(result.problems)


def read_input(
    read: Callable[[], tuple[list[Document], list[str]]],
) -> tuple[list[Document], list[tuple[str, str]]]:
    """The documents ``read`` gives (:func:`read_upload`, :func:`pasted_documents`,
    :func:`demo_documents`) and notices: a warning per skipped row, or one error naming the
    input when it cannot be read at all (then no documents)."""
    try:
        docs, problems = read()
    except loaders.DocumentError as error:
        return [], [("error", str(error))]
    return docs, [("warning", problem) for problem in problems]


def pasted_documents(
    title: str, text: str, published: date | None
) -> tuple[list[Document], list[str]]:
    """The pasted article, with the title the user typed (if any).

    Raises
    ------
    extract.documents.DocumentError
        Nothing was pasted, or the text cannot be read.
    """
    if not text.strip():
        raise loaders.DocumentError("Pasted text", "there is no text to add.")
    docs, problems = read_upload("pasted text.txt", text.encode("utf-8"), published)
    if title.strip():
        docs = [dataclasses.replace(doc, title=title.strip()) for doc in docs]
    return docs, problems


def demo_documents() -> tuple[list[Document], list[str]]:
    """The demo dispatches that ship with the package (``data/demo/articles.jsonl``).

    Raises
    ------
    extract.documents.DocumentError
        The package's demo file is missing or unreadable (a broken installation).
    """
    try:
        data = files("geo.demo").joinpath(DEMO_FILE).read_bytes()
    except OSError as error:
        raise loaders.DocumentError(DEMO_FILE, f"the demo articles are missing ({error})") from None
    return read_upload(DEMO_FILE, data)


@dataclass(frozen=True)
class DateCorrection:
    """What correcting a publication date did: ``ok``, and the message to show."""

    ok: bool
    message: str


def correct_date(
    store: Store, doc_id: str, text: str, *, extract: Extractor | None = None
) -> DateCorrection:
    """Set a stored article's publication date and read that article again (same id); its
    features are replaced in one transaction. A bad date, or any failure, changes nothing."""
    try:
        document = store.document(doc_id)
    except Exception as error:
        return DateCorrection(False, f"{doc_id}: the store could not be read ({error}).")
    if document is None:
        return DateCorrection(False, f"{doc_id}: not in the store any more.")
    label = document.title or document.origin or doc_id
    try:
        day = loaders.parse_published(text)
    except ValueError as error:
        return DateCorrection(False, f"{label}: date refused: {error}.")
    fixed = dataclasses.replace(document, published=day)
    try:
        results = list((extract or extract_here())([fixed]))
        rows = [row for result in results for row in result.rows]
        failed = [f for result in results for f in result.failures]
        if failed:
            raise RuntimeError(failed[0].reason)
        replaced = store.replace(fixed, features_from_records(rows))
    except Exception as error:  # keep the article and its features as they were
        return DateCorrection(
            False, f"{label}: could not be re-read ({error}); the date is unchanged."
        )
    return DateCorrection(
        True, f"{label}: published {day.isoformat()}, {replaced.features} feature(s)."
    )

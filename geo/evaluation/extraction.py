"""Score the extracted figures and events against hand annotations (gold JSON).

Gold has the schema of ``../shared/seeds/gold.json``: ``{"documents": [{"id" or "file",
"published", "toponyms": [{name, geonameid, lat, lon}], "figures": [...], "events": [...]}]}``.

A gold figure is found when an extracted figure has its kind, its value (or, for a vague amount,
its low/high range and no value), a place within :data:`MAX_KM` of the gold place and, when gold
gives one, a period whose ends are each within :data:`MAX_DAYS` of gold's. A gold event is found
the same way on kind, actor (the normalised actor or the words as written, compared ignoring
case and a leading "the"; a gold event may list other accepted names in ``aliases``), direction
when gold gives one, place and period. Matching is one to one and greedy, in gold order. An
extracted figure left unmatched is *wrong* unless it repeats the kind and amount of a matched
one (an article saying a figure twice is no error). Figure precision is matched / extracted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd

from extract.records import Document
from geo.evaluation.gold import gold_label, load_articles, load_gold
from geo.gazetteer import Gazetteer
from geo.geodesy import great_circle_km
from geo.pipeline import process

__all__ = [
    "MAX_DAYS",
    "MAX_KM",
    "DocumentScore",
    "ExtractScore",
    "amount",
    "describe_gold_event",
    "describe_gold_figure",
    "describe_row",
    "evaluate_files",
    "event_matches",
    "figure_matches",
    "gold_label",
    "load_articles",
    "load_gold",
    "score_document",
    "score_documents",
]

MAX_KM = 100.0
MAX_DAYS = 2

Row = Mapping[str, Any]
Point = tuple[float, float]
Matcher = Callable[[Row, Row, Sequence[Point]], bool]


@dataclass(frozen=True)
class DocumentScore:
    """How one document's extraction compares with its gold annotations."""

    doc: str  # the gold document's id (or file name)
    figures_total: int
    figures_extracted: int
    events_total: int
    events_extracted: int
    missed_figures: tuple[Row, ...] = ()  # gold figures nothing matched
    missed_events: tuple[Row, ...] = ()
    wrong_figures: tuple[Row, ...] = ()  # extracted rows: unmatched and no repeat of a match

    @property
    def figures_found(self) -> int:
        return self.figures_total - len(self.missed_figures)

    @property
    def events_found(self) -> int:
        return self.events_total - len(self.missed_events)

    def line(self) -> str:
        """One line: recall, precision and wrong figures of this document."""
        return _summary(
            self.doc,
            self.figures_found,
            self.figures_total,
            self.figures_extracted,
            self.events_found,
            self.events_total,
            len(self.wrong_figures),
        )


@dataclass(frozen=True)
class ExtractScore:
    """Per-document scores and their totals."""

    documents: tuple[DocumentScore, ...] = field(default_factory=tuple)

    @property
    def figures_found(self) -> int:
        return sum(d.figures_found for d in self.documents)

    @property
    def figures_total(self) -> int:
        return sum(d.figures_total for d in self.documents)

    @property
    def figures_extracted(self) -> int:
        return sum(d.figures_extracted for d in self.documents)

    @property
    def events_found(self) -> int:
        return sum(d.events_found for d in self.documents)

    @property
    def events_total(self) -> int:
        return sum(d.events_total for d in self.documents)

    @property
    def wrong_figures(self) -> int:
        return sum(len(d.wrong_figures) for d in self.documents)

    @property
    def figure_recall(self) -> float:
        return _ratio(self.figures_found, self.figures_total)

    @property
    def figure_precision(self) -> float:
        return _ratio(self.figures_found, self.figures_extracted)

    @property
    def event_recall(self) -> float:
        return _ratio(self.events_found, self.events_total)

    def total_line(self) -> str:
        """The totals over all documents, on one line starting with ``total``."""
        return _summary(
            "total",
            self.figures_found,
            self.figures_total,
            self.figures_extracted,
            self.events_found,
            self.events_total,
            self.wrong_figures,
        )

    def lines(self) -> list[str]:
        """A report: per document its line, then its missed gold items and wrong figures, one
        line each; the totals last."""
        out: list[str] = []
        for doc in self.documents:
            out.append(doc.line())
            out.extend(f"  missed figure: {describe_gold_figure(g)}" for g in doc.missed_figures)
            out.extend(f"  missed event: {describe_gold_event(g)}" for g in doc.missed_events)
            out.extend(f"  wrong figure: {describe_row(r)}" for r in doc.wrong_figures)
        out.append(self.total_line())
        return out

    def as_dict(self) -> dict[str, Any]:
        """The numbers (no item lists), for JSON."""

        def counts(d: DocumentScore | ExtractScore) -> dict[str, Any]:
            wrong = d.wrong_figures if isinstance(d, ExtractScore) else len(d.wrong_figures)
            return {
                "figures_found": d.figures_found,
                "figures_total": d.figures_total,
                "figures_extracted": d.figures_extracted,
                "events_found": d.events_found,
                "events_total": d.events_total,
                "wrong_figures": wrong,
            }

        return {
            "documents": {d.doc: counts(d) for d in self.documents},
            "total": {
                **counts(self),
                "figure_recall": self.figure_recall,
                "figure_precision": self.figure_precision,
                "event_recall": self.event_recall,
            },
        }


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else math.nan


def _summary(
    label: str,
    figures_found: int,
    figures_total: int,
    figures_extracted: int,
    events_found: int,
    events_total: int,
    wrong: int,
) -> str:
    recall = _ratio(figures_found, figures_total)
    precision = _ratio(figures_found, figures_extracted)
    events = _ratio(events_found, events_total)
    return (
        f"{label}: figure recall {recall:.2f} ({figures_found}/{figures_total}), "
        f"figure precision {precision:.2f} ({figures_found}/{figures_extracted}), "
        f"event recall {events:.2f} ({events_found}/{events_total}), wrong figures {wrong}"
    )


# --- matching ------------------------------------------------------------------------------


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _number(value: Any) -> int | None:
    """An amount as an int; None for missing values (None, NaN, pandas NA)."""
    number = _float(value)
    return None if number is None else round(number)


def _day(value: Any) -> date | None:
    """A date from a date, datetime, pandas Timestamp or ISO string; None when missing (NaT)."""
    if value is None:
        return None
    try:
        if value != value:  # NaN and pandas NaT (a datetime subclass)
            return None
    except (TypeError, ValueError):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10]) if value else None
    return None


def _targets(doc: Row, name: str, also: Mapping[str, Sequence[Point]]) -> list[Point]:
    points = [(float(t["lat"]), float(t["lon"])) for t in doc["toponyms"] if t["name"] == name]
    return points + [(float(lat), float(lon)) for lat, lon in also.get(name, ())]


def _near(row: Row, targets: Sequence[Point]) -> bool:
    lat, lon = _float(row.get("lat")), _float(row.get("lon"))
    if lat is None or lon is None:
        return False
    return any(great_circle_km(lat, lon, *there) <= MAX_KM for there in targets)


def _same_period(row: Row, gold: Row) -> bool:
    if "start" not in gold:
        return True
    first, last = _day(row.get("start")), _day(row.get("end"))
    if first is None or last is None:
        return False
    start, end = date.fromisoformat(gold["start"]), date.fromisoformat(gold["end"])
    return abs((first - start).days) <= MAX_DAYS and abs((last - end).days) <= MAX_DAYS


def amount(row: Row) -> tuple[int | None, int | None, int | None]:
    """An extracted figure's (value, low, high)."""
    return _number(row.get("value")), _number(row.get("low")), _number(row.get("high"))


def figure_matches(row: Row, gold: Row, targets: Sequence[Point]) -> bool:
    """Whether an extracted figure row is the gold figure (kind, amount, place, period)."""
    if row.get("category") != gold["kind"]:
        return False
    value, low, high = amount(row)
    if gold["value"] is None:
        amount_ok = (value, low, high) == (None, gold["low"], gold["high"])
    else:
        amount_ok = value == gold["value"]
    return amount_ok and _near(row, targets) and _same_period(row, gold)


def _fold(text: Any) -> str | None:
    """An actor's name for comparing: case folded, spaces collapsed, no leading "the"."""
    if not isinstance(text, str):
        return None
    folded = " ".join(text.casefold().split()).removeprefix("the ")
    return folded or None


def event_matches(row: Row, gold: Row, targets: Sequence[Point]) -> bool:
    """Whether an extracted event row is the gold event (kind, actor, direction, place, period)."""
    if row.get("category") != gold["kind"]:
        return False
    accepted = {_fold(str(name)) for name in [gold["actor"], *gold.get("aliases", [])]} - {None}
    if not accepted & {_fold(row.get("actor")), _fold(row.get("actor_text"))}:
        return False
    if gold.get("direction") and row.get("direction") != gold["direction"]:
        return False
    return _near(row, targets) and _same_period(row, gold)


def _match(
    rows: Sequence[Row],
    golds: Sequence[Row],
    doc: Row,
    same: Matcher,
    also: Mapping[str, Sequence[Point]],
) -> tuple[list[Row], list[int]]:
    """One-to-one greedy matching in gold order: the gold items missed and the indexes of the
    rows matched."""
    left = list(range(len(rows)))
    missed: list[Row] = []
    matched: list[int] = []
    for gold in golds:
        targets = _targets(doc, gold["place"], also)
        hit = next((i for i in left if same(rows[i], gold, targets)), None)
        if hit is None:
            missed.append(gold)
        else:
            left.remove(hit)
            matched.append(hit)
    return missed, matched


def score_document(
    rows: Iterable[Row], doc: Row, *, also_near: Mapping[str, Sequence[Point]] | None = None
) -> DocumentScore:
    """Score one document's feature rows (dicts with the columns of ``geo.features``) against
    its gold annotations.

    ``also_near`` gives, per gold place name, more points that count as that place (the seeds
    accept Idlib the town or Idlib the governorate)."""
    also = also_near or {}
    rows = list(rows)
    figures = [r for r in rows if r.get("kind") == "figure"]
    events = [r for r in rows if r.get("kind") == "event"]
    gold_figures = list(doc.get("figures", []))
    gold_events = list(doc.get("events", []))
    missed_figures, matched = _match(figures, gold_figures, doc, figure_matches, also)
    matched_amounts = {(figures[i].get("category"), *amount(figures[i])) for i in matched}
    wrong = tuple(
        row
        for i, row in enumerate(figures)
        if i not in matched and (row.get("category"), *amount(row)) not in matched_amounts
    )
    missed_events, _ = _match(events, gold_events, doc, event_matches, also)
    return DocumentScore(
        doc=gold_label(doc),
        figures_total=len(gold_figures),
        figures_extracted=len(figures),
        events_total=len(gold_events),
        events_extracted=len(events),
        missed_figures=tuple(missed_figures),
        missed_events=tuple(missed_events),
        wrong_figures=wrong,
    )


def score_documents(
    features: gpd.GeoDataFrame,
    documents: Sequence[Document],
    gold: Sequence[Row],
    *,
    also_near: Mapping[str, Sequence[Point]] | None = None,
) -> ExtractScore:
    """Score the pipeline's ``features`` against ``gold``, whose n-th document is the n-th of
    ``documents`` (features are found by the document's ``id``)."""
    if len(documents) != len(gold):
        raise ValueError(f"{len(documents)} documents but {len(gold)} gold documents")
    table = features.drop(columns="geometry") if "geometry" in features.columns else features
    scores = []
    for document, doc in zip(documents, gold, strict=True):
        rows = table[table["doc_id"] == document.id].to_dict("records")
        scores.append(score_document(rows, doc, also_near=also_near))
    return ExtractScore(tuple(scores))


def evaluate_files(
    articles_path: Path,
    gold_path: Path,
    *,
    gazetteer: Gazetteer | None = None,
    use_ner: bool = True,
) -> ExtractScore:
    """Run the pipeline on the articles of a JSONL file and score it against a gold JSON file,
    whose documents name their article by ``id``.

    Raises
    ------
    ValueError
        When a file cannot be read or a gold document has no article.
    """
    articles = load_articles(articles_path)
    gold = load_gold(gold_path)
    missing = [gold_label(doc) for doc in gold if gold_label(doc) not in articles]
    if missing:
        raise ValueError(f"{Path(articles_path).name} has no article {', '.join(missing)}")
    documents = [articles[gold_label(doc)] for doc in gold]
    features = process(documents, gazetteer=gazetteer, use_ner=use_ner).features
    return score_documents(features, documents, gold)


# --- one-line descriptions -----------------------------------------------------------------


def _period(item: Row) -> str:
    start, end = _day(item.get("start")), _day(item.get("end"))
    if start is None:
        return ""
    return f" {start}" if end in (None, start) else f" {start}..{end}"


def _gold_amount(gold: Row) -> str:
    if gold["value"] is not None:
        return f"{gold['value']:,}"
    return f"{gold['low']:,}-{gold['high']:,}"


def describe_gold_figure(gold: Row) -> str:
    """``killed 27 (at_least) El Fasher 2024-05-10..2024-05-13``."""
    return (
        f"{gold['kind']} {_gold_amount(gold)} ({gold.get('qualifier', '?')}) "
        f"{gold['place']}{_period(gold)}"
    )


def describe_gold_event(gold: Row) -> str:
    """``capture Russia Avdiivka 2024-02-17``, with the direction of an advance."""
    direction = f" {gold['direction']}" if gold.get("direction") else ""
    return f"{gold['kind']} {gold['actor']} {gold['place']}{direction}{_period(gold)}"


def describe_row(row: Row) -> str:
    """An extracted figure: ``displaced 1,000 Avdiivka 2024-02-18 "...quote..."``."""
    value, low, high = amount(row)
    shown = f"{value:,}" if value is not None else f"{low or 0:,}-{high or 0:,}"
    quote = " ".join(str(row.get("quote") or "").split())
    if len(quote) > 60:
        quote = quote[:57] + "..."
    return f'{row.get("category")} {shown} {row.get("name")}{_period(row)} "{quote}"'

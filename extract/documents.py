"""Load articles into :class:`Document` records from text, HTML, CSV, JSONL and RSS/Atom files.

Every loader returns a :class:`LoadResult`: the documents read, plus ``problems``, one message per
row or item that was skipped (empty text, a broken line, a duplicate) or loaded without its date.
A problem with the whole file (empty, binary, not UTF-8, too large, no text column, nothing
loadable) raises :class:`DocumentError`, whose message names the file and says what is wrong.
A document's id is a hash of its normalised text, so the same article is never stored twice.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

from extract.days import MIN_YEAR, month_number
from extract.pages import feed_items, looks_like_feed, read_page
from extract.readers import (
    MAX_BYTES,
    InputError,
    decode,
    normalise_newlines,
    read_csv,
    read_jsonl,
    too_large,
)
from extract.records import Document

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "DocumentError",
    "LoadResult",
    "document_from_text",
    "document_id",
    "load_bytes",
    "load_file",
    "parse_published",
]

TITLE_MAX_CHARS = 120

_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_CSV_SUFFIXES = (".csv", ".tsv")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_FEED_SUFFIXES = (".rss", ".atom", ".xml")
SUPPORTED_SUFFIXES = (
    _TEXT_SUFFIXES + _HTML_SUFFIXES + _CSV_SUFFIXES + _JSONL_SUFFIXES + _FEED_SUFFIXES
)

_TEXT_KEYS = ("text", "body", "content", "article", "full_text", "fulltext", "story", "maintext")
_TITLE_KEYS = ("title", "headline", "heading", "name")
_URL_KEYS = ("url", "link", "href", "source_url", "permalink")
_DATE_KEYS = (
    "published", "date", "published_at", "publish_date", "published_date", "publication_date",
    "pubdate", "datetime", "date_published", "time",
)  # fmt: skip
_SOURCE_KEYS = ("source", "outlet", "publisher", "site", "feed")
_ID_KEYS = ("id", "doc_id", "article_id", "guid", "uid")

DocumentError = InputError
"""A file that cannot be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class LoadResult:
    """Documents loaded from one file, and what was skipped or doubtful, one message each."""

    documents: tuple[Document, ...]
    problems: tuple[str, ...] = field(default_factory=tuple)


def document_id(text: str) -> str:
    """Content hash of an article: sha256 of its NFC, whitespace-collapsed text, 16 hex digits."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def parse_published(value: str, *, today: date | None = None) -> date:
    """Read a publication date: ISO ("2020-01-28", "2020-01-28T09:00:00Z"), "Jan 28, 2020",
    "28 January 2020", RFC 822 ("Tue, 28 Jan 2020 09:00:00 +0000"), "2020/01/28".

    Parameters
    ----------
    value
        The date as written.
    today
        Reference for rejecting future dates (more than a day ahead); defaults to today.

    Raises
    ------
    ValueError
        When the value is not a date, is ambiguous (01/02/2020), is before 1900 or in the future.
    """
    text = value.strip()
    if not text:
        raise ValueError("the date is empty")
    parsed = _parse_date_text(text)
    if parsed is None:
        raise ValueError(f"{text!r} is not a date I can read (use YYYY-MM-DD)")
    limit = (today or date.today()) + timedelta(days=1)
    if parsed.year < MIN_YEAR:
        raise ValueError(f"{text!r} is before {MIN_YEAR}, not a plausible publication date")
    if parsed > limit:
        raise ValueError(f"{text!r} is in the future")
    return parsed


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?")


def _parse_date_text(text: str) -> date | None:
    iso = re.fullmatch(
        r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", text
    )
    if iso:
        return _checked(text, int(iso[1]), int(iso[2]), int(iso[3]))
    if re.fullmatch(r"\d{8}", text):
        return _checked(text, int(text[:4]), int(text[4:6]), int(text[6:]))
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(f"{text!r} is ambiguous (day/month order); write it as YYYY-MM-DD")
        day, month = (first, second) if first > 12 else (second, first)
        return _checked(text, year, month, day)
    words = re.sub(r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", text)
    month_day = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", words)
    if month_day and month_number(month_day[1]):
        return _checked(text, int(month_day[3]), month_number(month_day[1]), int(month_day[2]))
    day_month = re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+(\d{4})(?:\s+[\d:]+.*)?", words
    )
    if day_month and month_number(day_month[2]):
        return _checked(text, int(day_month[3]), month_number(day_month[2]), int(day_month[1]))
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _checked(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date ({exc})") from None


def document_from_text(
    text: str,
    *,
    title: str = "",
    published: date | None = None,
    url: str = "",
    source: str = "",
    origin: str = "pasted text",
) -> Document:
    """Make a document from pasted text; the title defaults to a short first line.

    Raises
    ------
    DocumentError
        When the text is empty.
    """
    body = normalise_newlines(text).strip()
    if not body:
        raise DocumentError(origin, "is empty")
    return Document(
        id=document_id(body),
        text=body,
        title=title.strip() or _title_from_text(body, ""),
        url=url.strip(),
        published=published,
        source=source.strip(),
        origin=origin,
    )


def load_file(path: Path, *, published: date | None = None) -> LoadResult:
    """Load the articles in a file (type by suffix; see :data:`SUPPORTED_SUFFIXES`).

    Parameters
    ----------
    path
        File to read.
    published
        Publication date for documents whose file gives none.

    Raises
    ------
    DocumentError
        When the file is missing, too large, empty, binary, not UTF-8 or has no loadable article.
    """
    path = Path(path)
    if not path.exists():
        raise DocumentError(path.name, "does not exist")
    if path.is_dir():
        raise DocumentError(path.name, "is a folder, not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(path.name, too_large(size))
    return load_bytes(path.name, path.read_bytes(), published=published)


def load_bytes(name: str, data: bytes, *, published: date | None = None) -> LoadResult:
    """Load the articles in an uploaded file's bytes; ``name`` gives the type and the messages.

    Raises
    ------
    DocumentError
        As :func:`load_file`.
    """
    if published is not None and published.year < MIN_YEAR:
        raise DocumentError(name, f"published date {published} is before {MIN_YEAR}")
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise DocumentError(
            name, f"unsupported file type ({shown}); use one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if len(data) > MAX_BYTES:
        raise DocumentError(name, too_large(len(data)))
    text = decode(name, data)
    if suffix in _TEXT_SUFFIXES:
        result = _load_text(name, text, published)
    elif suffix in _HTML_SUFFIXES or (suffix == ".xml" and not looks_like_feed(text)):
        result = _load_html(name, text, published)
    elif suffix in _CSV_SUFFIXES:
        result = _load_csv(name, text, published, delimiter="\t" if suffix == ".tsv" else None)
    elif suffix in _JSONL_SUFFIXES:
        result = _load_json(name, text, published)
    else:
        result = _load_feed(name, text, published)
    if not result.documents:
        detail = "; ".join(result.problems[:3]) or "no article text found"
        raise DocumentError(name, f"no article could be loaded ({detail})")
    return result


def _title_from_text(text: str, fallback: str) -> str:
    """A short first line ("# Heading" in Markdown) is a title; otherwise ``fallback``."""
    first = text.lstrip().split("\n", 1)[0].strip().lstrip("#").strip()
    rest = text.lstrip()[len(first) :].strip()
    if first and len(first) <= TITLE_MAX_CHARS and rest and not first.endswith((".", ",", ";")):
        return first
    return fallback


def _document(
    text: str,
    *,
    title: str,
    published: date | None,
    url: str = "",
    source: str = "",
    origin: str,
) -> Document:
    return Document(
        id=document_id(text),
        text=text,
        title=title,
        url=url,
        published=published,
        source=source,
        origin=origin,
    )


# --- formats ----------------------------------------------------------------------------------


def _load_text(name: str, text: str, published: date | None) -> LoadResult:
    body = text.strip()
    title = _title_from_text(body, Path(name).stem)
    return LoadResult((_document(body, title=title, published=published, origin=name),))


def _load_html(name: str, text: str, published: date | None) -> LoadResult:
    page = read_page(text)
    body = page.text()
    if not body:
        raise DocumentError(name, "has no readable text outside tags and scripts")
    problems: list[str] = []
    meta_date = next(
        (page.meta[k] for k in ("article:published_time", "datePublished", "datepublished",
                                "date", "pubdate", "publishdate", "dc.date") if k in page.meta),
        "",
    )  # fmt: skip
    when = published
    if meta_date:
        when, problem = _row_date(meta_date, published, "the page's published date")
        if problem:
            problems.append(problem)
    title = " ".join((page.h1 or page.meta.get("og:title", "") or page.title).split())
    document = _document(
        body,
        title=title or Path(name).stem,
        published=when,
        url=page.canonical or page.meta.get("og:url", ""),
        source=page.meta.get("og:site_name", ""),
        origin=name,
    )
    return LoadResult((document,), tuple(problems))


def _row_date(value: str, default: date | None, where: str) -> tuple[date | None, str | None]:
    """Parse a row's date; a bad one leaves the default and says why."""
    try:
        return parse_published(value), None
    except ValueError as exc:
        return default, f"{where}: {exc}; loaded without it"


def _pick(row: Mapping[str, object], keys: Iterable[str]) -> str:
    for key in keys:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


class _Collector:
    """Turns rows (dicts with lower-case keys) into documents, noting skipped rows."""

    def __init__(self, name: str, published: date | None) -> None:
        self.name = name
        self.published = published
        self.documents: list[Document] = []
        self.problems: list[str] = []
        self._seen: dict[str, str] = {}

    def add(self, row: Mapping[str, object], where: str) -> None:
        text = normalise_newlines(_pick(row, _TEXT_KEYS))
        if not text:
            self.problems.append(f"{where}: empty text, skipped")
            return
        ident = _pick(row, _ID_KEYS)
        label = f"{self.name} {where}" + (f" (id {ident})" if ident else "")
        when = self.published
        raw_date = _pick(row, _DATE_KEYS)
        if raw_date:
            when, problem = _row_date(raw_date, self.published, where)
            if problem:
                self.problems.append(problem)
        document = _document(
            text,
            title=_pick(row, _TITLE_KEYS),
            published=when,
            url=_pick(row, _URL_KEYS),
            source=_pick(row, _SOURCE_KEYS),
            origin=label,
        )
        if document.id in self._seen:
            self.problems.append(f"{where}: same text as {self._seen[document.id]}, skipped")
            return
        self._seen[document.id] = where
        self.documents.append(document)

    def result(self) -> LoadResult:
        return LoadResult(tuple(self.documents), tuple(self.problems))


def _load_csv(name: str, text: str, published: date | None, delimiter: str | None) -> LoadResult:
    table = read_csv(name, text, delimiter=delimiter)
    columns = [col.lower() for col in table.columns]
    if not any(key in columns for key in _TEXT_KEYS):
        shown = ", ".join(repr(col) for col in table.columns) or "none"
        raise DocumentError(
            name,
            f"has no text column (looked for {', '.join(_TEXT_KEYS)}); its columns are {shown}",
        )
    collector = _Collector(name, published)
    for line, cells in table.rows:
        collector.add(dict(zip(columns, cells, strict=True)), f"line {line}")
    collector.problems.extend(table.problems)
    return collector.result()


def _load_json(name: str, text: str, published: date | None) -> LoadResult:
    collector = _Collector(name, published)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DocumentError(name, f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
        for index, item in enumerate(items, start=1):
            _add_json_item(collector, item, f"item {index}")
        return collector.result()
    for line in read_jsonl(text):
        if line.error is not None:
            collector.problems.append(f"line {line.number}: {line.error}, skipped")
        else:
            _add_json_item(collector, line.value, f"line {line.number}")
    return collector.result()


def _add_json_item(collector: _Collector, item: object, where: str) -> None:
    if not isinstance(item, dict):
        collector.problems.append(f"{where}: not a JSON object, skipped")
        return
    collector.add({str(key).lower(): value for key, value in item.items()}, where)


def _load_feed(name: str, text: str, published: date | None) -> LoadResult:
    collector = _Collector(name, published)
    for index, row in enumerate(feed_items(name, text), start=1):
        collector.add(row, f"item {index}")
    return collector.result()

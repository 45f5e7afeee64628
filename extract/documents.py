"""Load articles into :class:`Document` records from text, HTML, CSV, JSONL and RSS/Atom files.

Every loader returns a :class:`LoadResult`: the documents read, plus ``problems``, one message per
row or item that was skipped (empty text, a broken line, a duplicate) or loaded without its date.
A problem with the whole file (not a regular file, empty, binary, not UTF-8, too large, no text
column, nothing loadable) raises :class:`DocumentError`, whose message names the file and says
what is wrong. The limits are those of :mod:`extract.readers` (file size, JSON depth, article
length). A document's id is a hash of its normalised text, so the same article is never stored
twice.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

from extract.days import MIN_YEAR
from extract.feeds import feed_items, looks_like_feed
from extract.glued import unglue
from extract.pages import http_url, read_page
from extract.published import parse_published
from extract.readers import (
    MAX_ARTICLE_CHARS,
    MAX_BYTES,
    MAX_PAGE_CHARS,
    InputError,
    decode,
    json_kind,
    normalise_newlines,
    parse_json,
    read_csv,
    read_file_bytes,
    read_jsonl,
    too_large,
    without_surrogates,
)
from extract.records import Document

__all__ = [
    "MAX_ARTICLE_CHARS",
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

TITLE_MAX_CHARS = 120  # a first line this short is taken for the title
TITLE_LIMIT = 500  # a stated title is cut here

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
    """Content hash of an article: sha256 of its NFC, whitespace-collapsed text, 16 hex digits
    (an unpaired surrogate, which no loader lets through, is hashed as U+FFFD)."""
    normalised = " ".join(unicodedata.normalize("NFC", without_surrogates(text)).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def _too_long(length: int) -> str:
    return (
        f"the article is {length:,} characters long, over the limit of {MAX_ARTICLE_CHARS:,} "
        "for one article"
    )


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

    Unpaired UTF-16 surrogates are replaced with U+FFFD; a ``url`` that is not http(s) is left
    out.

    Raises
    ------
    DocumentError
        When the text is empty or longer than :data:`MAX_ARTICLE_CHARS`.
    """
    body = without_surrogates(normalise_newlines(text)).strip()
    if not body:
        raise DocumentError(origin, "is empty")
    if len(body) > MAX_ARTICLE_CHARS:
        raise DocumentError(origin, _too_long(len(body)))
    body = unglue(body)  # words a PDF's extraction ran together: "hadevacuated"
    return Document(
        id=document_id(body),
        text=body,
        title=without_surrogates(title).strip()[:TITLE_LIMIT] or _title_from_text(body, ""),
        url=http_url(without_surrogates(url)),
        published=published,
        source=without_surrogates(source).strip(),
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
        When the file is missing, not a regular file (a folder, a named pipe, a device: refused
        before it is opened), too large (judged before reading), empty, binary, not UTF-8 or has
        no loadable article.
    """
    path = Path(path)
    return load_bytes(path.name, read_file_bytes(path, name=path.name), published=published)


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
    text = unglue(text)  # words a PDF's extraction ran together: "hadevacuated"
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
    if len(body) > MAX_ARTICLE_CHARS:
        raise DocumentError(name, _too_long(len(body)))
    title = _title_from_text(body, Path(name).stem)
    return LoadResult((_document(body, title=title, published=published, origin=name),))


def _load_html(name: str, text: str, published: date | None) -> LoadResult:
    if len(text) > MAX_PAGE_CHARS:
        raise DocumentError(
            name, f"is a page of {len(text):,} characters, over the limit of {MAX_PAGE_CHARS:,}"
        )
    page = read_page(text)
    if not page.text:
        raise DocumentError(name, "has no readable text outside tags and scripts")
    if len(page.text) > MAX_ARTICLE_CHARS:
        raise DocumentError(name, _too_long(len(page.text)))
    problems: list[str] = []
    when = published
    if page.published:
        when, problem = _row_date(page.published, published, "the page's published date")
        if problem:
            problems.append(problem)
    if page.dropped_url:
        problems.append(
            f"the page's address {_shown(page.dropped_url)} is not an http(s) address; left out"
        )
    document = _document(
        page.text,
        title=page.title[:TITLE_LIMIT] or Path(name).stem,
        published=when,
        url=page.url,
        source=page.site,
        origin=name,
    )
    return LoadResult((document,), tuple(problems))


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message, cut short."""
    return repr(value if len(value) <= limit else value[:limit] + "...")


def _row_date(value: str, default: date | None, where: str) -> tuple[date | None, str | None]:
    """Parse a row's date; a bad one leaves the default and says why."""
    try:
        return parse_published(value), None
    except ValueError as exc:
        return default, f"{where}: {exc}; loaded without it"


def _pick(
    row: Mapping[str, object], keys: Iterable[str], *, numbers: bool = True
) -> tuple[str, str | None]:
    """The first non-empty value under ``keys`` as text, and None; or "" and why the value there
    cannot be used (a JSON object or list, or a number where text is needed)."""
    for key in keys:
        value = row.get(key)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, dict | list) or (not numbers and not isinstance(value, str)):
            return "", f"{key!r} is {json_kind(value)}, not text"
        text = str(value).strip()
        if text:
            return text, None
    return "", None


class _Collector:
    """Turns rows (dicts with lower-case keys) into documents, noting skipped rows."""

    def __init__(self, name: str, published: date | None) -> None:
        self.name = name
        self.published = published
        self.documents: list[Document] = []
        self.problems: list[str] = []
        self._seen: dict[str, str] = {}

    def add(self, row: Mapping[str, object], where: str) -> None:
        text, wrong = _pick(row, _TEXT_KEYS, numbers=False)
        if wrong:
            self.problems.append(f"{where}: {wrong}, skipped")
            return
        text = normalise_newlines(text)
        if not text:
            self.problems.append(f"{where}: empty text, skipped")
            return
        if len(text) > MAX_ARTICLE_CHARS:
            self.problems.append(f"{where}: {_too_long(len(text))}, skipped")
            return
        fields: dict[str, str] = {}
        for field_name, keys in (
            ("id", _ID_KEYS), ("title", _TITLE_KEYS), ("url", _URL_KEYS),
            ("published", _DATE_KEYS), ("source", _SOURCE_KEYS),
        ):  # fmt: skip
            fields[field_name], wrong = _pick(row, keys)
            if wrong:
                self.problems.append(f"{where}: {wrong}; left out")
        ident = fields["id"][:100]
        label = f"{self.name} {where}" + (f" (id {ident})" if ident else "")
        when = self.published
        if fields["published"]:
            when, problem = _row_date(fields["published"], self.published, where)
            if problem:
                self.problems.append(problem)
        url = http_url(fields["url"])
        if fields["url"] and not url:
            self.problems.append(
                f"{where}: url {_shown(fields['url'])} is not an http(s) address; left out"
            )
        document = _document(
            text,
            title=fields["title"][:TITLE_LIMIT],
            published=when,
            url=url,
            source=fields["source"][:TITLE_LIMIT],
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
        shown = ", ".join(_shown(col, 40) for col in table.columns[:20]) or "none"
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
    """A JSON array of articles, one JSON object (an article, over several lines), or JSON Lines:
    a broken line of JSON Lines is skipped and said, the others load."""
    collector = _Collector(name, published)
    stripped = text.lstrip()
    lines = read_jsonl(text)
    first = next(lines, None)
    whole_object = stripped.startswith("{") and first is not None and first.error is not None
    if stripped.startswith("[") or whole_object:
        try:
            whole, note = parse_json(text)
        except ValueError as exc:
            if not whole_object:
                raise DocumentError(name, str(exc)) from None
        else:
            if note:
                collector.problems.append(note)
            items = whole if isinstance(whole, list) else [whole]
            for index, item in enumerate(items, start=1):
                _add_json_item(collector, item, f"item {index}")
            return collector.result()
    for line in chain([first] if first else [], lines):
        if line.error is not None:
            collector.problems.append(f"line {line.number}: {line.error}, skipped")
            continue
        if line.note:
            collector.problems.append(f"line {line.number}: {line.note}")
        _add_json_item(collector, line.value, f"line {line.number}")
    return collector.result()


def _add_json_item(collector: _Collector, item: object, where: str) -> None:
    if not isinstance(item, dict):
        collector.problems.append(f"{where}: {json_kind(item)}, not a JSON object; skipped")
        return
    collector.add({str(key).lower(): value for key, value in item.items()}, where)


def _load_feed(name: str, text: str, published: date | None) -> LoadResult:
    collector = _Collector(name, published)
    for index, row in enumerate(feed_items(name, text), start=1):
        collector.add(row, f"item {index}")
    return collector.result()

"""Load articles into :class:`Document` records from text, HTML, CSV, JSONL and RSS/Atom files.

Every loader returns a :class:`LoadResult`: the documents read, plus ``problems``, one message per
row or item that was skipped (empty text, a broken line, a duplicate) or loaded without its date.
A problem with the whole file (empty, binary, not UTF-8, too large, no text column, nothing
loadable) raises :class:`DocumentError`, whose message names the file and says what is wrong.
A document's id is a hash of its normalised text, so the same article is never stored twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

from extract.dates import month_number
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

MAX_BYTES = 20 * 1024 * 1024
MIN_YEAR = 1900
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

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (perhaps .docx or .xlsx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)


class DocumentError(ValueError):
    """A file that cannot be loaded; the message names the file and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


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
    body = _normalise_newlines(text).strip()
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
        raise DocumentError(path.name, _too_large(size))
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
        raise DocumentError(name, _too_large(len(data)))
    text = _decode(name, data)
    if suffix in _TEXT_SUFFIXES:
        result = _load_text(name, text, published)
    elif suffix in _HTML_SUFFIXES or (suffix == ".xml" and not _looks_like_feed(text)):
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


# --- bytes to text ----------------------------------------------------------------------------


def _too_large(size: int) -> str:
    return f"is too large ({size / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)"


def _decode(name: str, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if not data.strip():
        raise DocumentError(name, "is empty")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(name, f"is {kind}, not text; export it as text first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(name, "has a UTF-16 mark but is not valid UTF-16 text") from None
    else:
        if b"\x00" in data[:8192]:
            raise DocumentError(name, "is a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                name,
                f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save it as UTF-8",
            ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:8192]) // 20):
        raise DocumentError(name, "looks like a binary file (many control characters), not text")
    text = _normalise_newlines(text)
    if not text.strip():
        raise DocumentError(name, "is empty")
    return text


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


class _TextExtractor(HTMLParser):
    """Collects readable text, title, canonical URL and publication metadata from HTML."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav", "aside", "form",
                       "button", "select", "iframe", "head", "footer"})  # fmt: skip
    _BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                        "tr", "table", "section", "article", "header", "blockquote", "pre",
                        "figure", "figcaption", "hr", "main", "dd", "dt"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (val or "") for key, val in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop", "")
            if key and values.get("content"):
                self.meta.setdefault(key.lower(), values["content"].strip())
        elif tag == "link" and "canonical" in values.get("rel", "").lower():
            self.canonical = values.get("href", "")
        elif tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip_depth:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", joined))
        return "\n\n".join(p for p in paragraphs if p)


def _html_to_text(markup: str) -> _TextExtractor:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser


def _load_html(name: str, text: str, published: date | None) -> LoadResult:
    page = _html_to_text(text)
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
        text = _normalise_newlines(_pick(row, _TEXT_KEYS))
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
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DocumentError(name, f"line 1: broken CSV ({exc})") from None
    columns = [col.strip().lower() for col in header]
    if not any(key in columns for key in _TEXT_KEYS):
        shown = ", ".join(repr(col) for col in header) or "none"
        raise DocumentError(
            name,
            f"has no text column (looked for {', '.join(_TEXT_KEYS)}); its columns are {shown}",
        )
    collector = _Collector(name, published)
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            collector.problems.append(f"line {reader.line_num}: broken CSV ({exc}), skipped")
            break
        where = f"line {line + 1}"
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            collector.problems.append(
                f"{where}: {len(cells)} fields where the header has {len(columns)}, skipped"
            )
            continue
        collector.add(dict(zip(columns, cells, strict=True)), where)
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
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            collector.problems.append(f"line {number}: not valid JSON ({exc.msg}), skipped")
            continue
        _add_json_item(collector, item, f"line {number}")
    return collector.result()


def _add_json_item(collector: _Collector, item: object, where: str) -> None:
    if not isinstance(item, dict):
        collector.problems.append(f"{where}: not a JSON object, skipped")
        return
    collector.add({str(key).lower(): value for key, value in item.items()}, where)


def _looks_like_feed(text: str) -> bool:
    head = text[:2048].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: ET.Element, *names: str) -> str:
    for child in element:
        if _local(child.tag) in names:
            if _local(child.tag) == "link" and child.get("href"):
                return child.get("href", "")
            return "".join(child.itertext()).strip()
    return ""


def _load_feed(name: str, text: str, published: date | None) -> LoadResult:
    if "<!doctype" in text[:4096].lower() or "<!entity" in text.lower():
        raise DocumentError(name, "declares a DTD or entities, which feeds do not need; refused")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise DocumentError(name, f"is not well-formed XML ({exc})") from None
    items = [el for el in root.iter() if _local(el.tag) in {"item", "entry"}]
    if not items:
        raise DocumentError(name, "has no <item> or <entry> elements (not an RSS/Atom feed)")
    collector = _Collector(name, published)
    for index, item in enumerate(items, start=1):
        markup = _child_text(item, "encoded", "content") or _child_text(
            item, "description", "summary"
        )
        body = _html_to_text(markup).text() if markup else ""
        row = {
            "text": body,
            "title": _child_text(item, "title"),
            "url": _child_text(item, "link"),
            "published": _child_text(item, "pubdate", "published", "date", "updated"),
            "id": _child_text(item, "guid", "id"),
        }
        collector.add(row, f"item {index}")
    return collector.result()

"""Whatever an analyst feeds the readers, each gives a result or a one-line refusal that names the
input: never a traceback. Hypothesis draws any text, any bytes and any JSON value (unpaired
surrogates included), plus inputs shaped like each format so the deeper code runs too.

2,000 examples a reader. Under CI the examples are drawn from a fixed seed (the run is the same
every time); elsewhere they are new each run.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.documents import (
    SUPPORTED_SUFFIXES,
    DocumentError,
    LoadResult,
    document_from_text,
    load_bytes,
    parse_published,
)
from extract.readers import (
    CsvTable,
    InputError,
    JsonLine,
    decode,
    parse_json,
    read_csv,
    read_jsonl,
)
from extract.records import Document

EXAMPLES = 2000
many = settings(max_examples=EXAMPLES)  # on the profile of tests/hostile/conftest.py

# Any character, unpaired surrogates included (Hypothesis leaves them out unless asked).
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
PROSE = st.text(
    st.sampled_from(list("abc xyz,.;:!?-'\"\n\t0123456789{}[]<>&#/\\ É日\u200b")), max_size=200
)
KEYS = st.sampled_from(["text", "title", "url", "date", "id", "x"]) | ANY_TEXT
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=12,
)
ARTICLE_ROWS = st.dictionaries(
    st.sampled_from(["text", "body", "title", "url", "published", "date", "id", "source"]),
    JSON_VALUES,
    max_size=6,
)


def _refusal_names(error: InputError, name: str) -> None:
    """A refusal is one line that starts with the input's name and says something more."""
    message = str(error)
    assert error.name.startswith(name), message
    assert message.startswith(f"{error.name}: ") and len(error.problem.strip()) > 3, message
    assert "\n" not in message, message


def _load(name: str, data: bytes) -> None:
    try:
        result = load_bytes(name, data, published=date(2020, 1, 28))
    except DocumentError as error:
        _refusal_names(error, name)
        return
    assert isinstance(result, LoadResult) and result.documents
    for document in result.documents:
        document.text.encode("utf-8")  # storable: no unpaired surrogate survives
        document.title.encode("utf-8")
        assert document.text.strip()
        assert document.url == "" or document.url.startswith(("http://", "https://"))
    assert all("\n" not in problem for problem in result.problems)


# --- bytes and text -----------------------------------------------------------------------------


@many
@given(st.binary(max_size=600))
def test_decode_any_bytes(data: bytes) -> None:
    try:
        text = decode("upload.bin", data)
    except InputError as error:
        _refusal_names(error, "upload.bin")
        return
    assert text.strip() and "\r" not in text


@many
@given(PROSE | ANY_TEXT)
def test_read_csv_any_text(text: str) -> None:
    try:
        table = read_csv("table.csv", text)
    except InputError as error:
        _refusal_names(error, "table.csv")
        return
    assert isinstance(table, CsvTable)
    assert all(len(cells) == len(table.columns) for _, cells in table.rows)


@many
@given(st.lists(JSON_VALUES.map(json.dumps) | PROSE, max_size=6).map("\n".join) | ANY_TEXT)
def test_read_jsonl_any_text(text: str) -> None:
    lines = list(read_jsonl(text))
    assert all(isinstance(line, JsonLine) for line in lines)
    for line in lines:
        assert (line.error is None) or (line.value is None and line.error.strip())


@many
@given(JSON_VALUES.map(json.dumps) | JSON_VALUES.map(lambda v: json.dumps(v, indent=1)) | PROSE)
def test_parse_json_any_text(text: str) -> None:
    try:
        value, note = parse_json(text)
    except ValueError as error:  # the documented refusal; the caller names the input
        assert "JSON" in str(error)
        return
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # nothing unencodable is left
    assert note is None or "surrogate" in note


# --- every accepted file type -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".html", ".json", ".jsonl", ".csv", ".xml", ".rss"])
@many
@given(data=st.binary(max_size=400) | PROSE.map(str.encode))
def test_load_bytes_any_bytes(suffix: str, data: bytes) -> None:
    _load(f"upload{suffix}", data)


@many
@given(JSON_VALUES | ARTICLE_ROWS | st.lists(ARTICLE_ROWS, max_size=4))
def test_load_any_json_value(value: Any) -> None:
    _load("articles.json", json.dumps(value).encode())
    _load("articles.jsonl", json.dumps(value).encode())


@many
@given(st.lists(ARTICLE_ROWS.map(json.dumps) | PROSE, min_size=1, max_size=5))
def test_load_jsonl_of_rows(lines: list[str]) -> None:
    _load("articles.jsonl", "\n".join(lines).encode())


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    quote = '"{}"'.format
    return "\n".join(",".join(quote(cell.replace('"', '""')) for cell in row)
                     for row in [header, *rows])  # fmt: skip


@many
@given(
    st.lists(st.sampled_from(["text", "title", "url", "date", "id", "x"]), min_size=1, max_size=4),
    st.lists(st.lists(PROSE, min_size=0, max_size=5), max_size=4),
)
def test_load_csv_of_rows(header: list[str], rows: list[list[str]]) -> None:
    _load("articles.csv", _csv_text(header, rows).encode())


def _page(title: str, paragraphs: list[str], canonical: str, published: str) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{escape(title)}</title>"
        f'<link rel="canonical" href="{escape(canonical, {chr(34): "&quot;"})}">'
        f'<meta property="article:published_time" content="{escape(published)}"></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{body}</article>"
        f"<div class='comments'><p>{escape(title)}</p></div></body></html>"
    )


@many
@given(
    PROSE,
    st.lists(PROSE | ANY_TEXT.filter(lambda t: "\x00" not in t), max_size=5),
    ANY_TEXT,
    ANY_TEXT,
)
def test_load_html_pages(title: str, paragraphs: list[str], canonical: str, published: str) -> None:
    page = _page(title, paragraphs, canonical, published)
    _load("page.html", page.encode("utf-8", "surrogatepass"))


def _feed(atom: bool, entries: list[tuple[str, str, str, str]]) -> str:
    if atom:
        items = "".join(
            f"<entry><title>{escape(t)}</title><link rel='self' href='https://api.example.org/e'/>"
            f"<link rel='alternate' href='{escape(u)}'/><published>{escape(d)}</published>"
            f"<content type='html'>{escape(c)}</content></entry>"
            for t, u, d, c in entries
        )
        return f"<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title>{items}</feed>"
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><pubDate>{escape(d)}</pubDate>"
        f"<description>{escape(c)}</description></item>"
        for t, u, d, c in entries
    )
    return f"<rss version='2.0'><channel><title>x</title>{items}</channel></rss>"


XML_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xD7FF) | st.sampled_from("\n\t"), max_size=80
)


@many
@given(st.booleans(), st.lists(st.tuples(XML_TEXT, XML_TEXT, XML_TEXT, XML_TEXT), max_size=4))
def test_load_feeds(atom: bool, entries: list[tuple[str, str, str, str]]) -> None:
    _load("news.atom" if atom else "news.rss", _feed(atom, entries).encode())


# --- dates and pasted text ----------------------------------------------------------------------


@many
@given(
    ANY_TEXT
    | st.from_regex(r"\d{1,6}[-/. ]\d{1,3}[-/. ]\d{1,6}", fullmatch=True)
    | st.from_regex(r"[A-Za-z]{3,9}\.? \d{1,3},? \d{1,6}( [\d:+]{0,12})?", fullmatch=True)
    | st.from_regex(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{1,12} [\d:]{1,9} [+-]\d{4}")
)
def test_parse_published_any_text(value: str) -> None:
    try:
        day = parse_published(value, today=date(2024, 1, 1))
    except ValueError as error:  # the documented refusal: it quotes the value, or says empty
        message = str(error)
        assert repr(value.strip()) in message or "empty" in message, message
        return
    assert date(1900, 1, 1) <= day <= date(2024, 1, 2)


@many
@given(ANY_TEXT | PROSE, ANY_TEXT, ANY_TEXT)
def test_document_from_any_text(text: str, title: str, url: str) -> None:
    try:
        document = document_from_text(text, title=title, url=url, origin="pasted text")
    except DocumentError as error:
        _refusal_names(error, "pasted text")
        return
    assert isinstance(document, Document)
    document.text.encode("utf-8")
    document.title.encode("utf-8")
    assert document.url == "" or document.url.startswith(("http://", "https://"))


def test_every_accepted_suffix_is_drawn() -> None:
    """The suffixes above cover each kind the loaders accept (.atom is drawn by the feed test)."""
    drawn = {".txt", ".html", ".json", ".jsonl", ".csv", ".xml", ".rss", ".atom"}
    kinds = {".text": ".txt", ".md": ".txt", ".markdown": ".txt", ".htm": ".html"}
    kinds |= {".xhtml": ".html", ".tsv": ".csv", ".ndjson": ".jsonl"}
    assert {kinds.get(suffix, suffix) for suffix in SUPPORTED_SUFFIXES} == drawn

"""Loading articles from files and uploads, and the errors a user sees."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extract.documents import (
    MAX_BYTES,
    DocumentError,
    document_from_text,
    document_id,
    load_bytes,
    load_file,
    parse_published,
)

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
ARTICLE = "Shelling hit the town on Monday.\n\nSome 2,000 families fled north, officials said."


# --- ids and plain text -----------------------------------------------------------------------


def test_document_id_ignores_whitespace_differences() -> None:
    assert document_id("Some  text\r\nhere ") == document_id("Some text here")
    assert document_id("Some text here") != document_id("Other text here")
    assert len(document_id("x")) == 16


def test_seed_text_file_loads_with_given_date() -> None:
    result = load_file(SEEDS / "000_699bae5ba21f49d3.txt", published=date(2020, 1, 28))
    assert result.problems == ()
    (doc,) = result.documents
    assert doc.published == date(2020, 1, 28)
    assert doc.title == "000_699bae5ba21f49d3"  # first line is a long paragraph, not a title
    assert doc.origin == "000_699bae5ba21f49d3.txt"
    assert "358,000" in doc.text
    assert doc.id == document_id(doc.text)


def test_short_first_line_is_the_title() -> None:
    (doc,) = load_bytes("note.md", b"# Exodus from Idlib\n\n" + ARTICLE.encode()).documents
    assert doc.title == "Exodus from Idlib"


def test_same_text_same_id_across_formats() -> None:
    txt = load_bytes("a.txt", ARTICLE.encode()).documents[0]
    pasted = document_from_text("  " + ARTICLE + "\n")
    assert txt.id == pasted.id


def test_pasted_text_keeps_given_metadata() -> None:
    url = "https://example.org/flight"
    doc = document_from_text(ARTICLE, title="Flight north", published=date(2020, 1, 28), url=url)
    assert (doc.title, doc.published, doc.url) == ("Flight north", date(2020, 1, 28), url)


def test_pasted_text_drops_an_address_that_is_not_http() -> None:
    assert document_from_text(ARTICLE, url="javascript:alert(1)").url == ""


def test_utf8_bom_and_utf16_are_read() -> None:
    assert load_bytes("a.txt", b"\xef\xbb\xbf" + ARTICLE.encode()).documents[0].text == ARTICLE
    utf16 = ARTICLE.encode("utf-16")
    assert load_bytes("a.txt", utf16).documents[0].text == ARTICLE


# --- HTML ---------------------------------------------------------------------------------------


def test_html_strips_markup_and_reads_metadata() -> None:
    page = b"""<html><head><title>Flight north - Example News</title>
    <meta property="article:published_time" content="2020-01-28T08:00:00Z">
    <meta property="og:site_name" content="Example News">
    <link rel="canonical" href="https://example.org/flight">
    <style>p { color: red }</style><script>var x = "Some 9,999 people";</script></head>
    <body><nav>Home | World</nav><h1>Flight north</h1>
    <p>Shelling hit the town on Monday.</p><p>Some 2,000 families &amp; more fled.</p>
    </body></html>"""
    (doc,) = load_bytes("page.html", page).documents
    assert doc.title == "Flight north"
    assert doc.published == date(2020, 1, 28)
    assert doc.url == "https://example.org/flight"
    assert doc.source == "Example News"
    assert "Some 2,000 families & more fled." in doc.text
    assert "9,999" not in doc.text and "color" not in doc.text and "Home" not in doc.text


def test_html_with_nonsense_date_loads_without_it_and_says_so() -> None:
    page = b'<meta property="article:published_time" content="2020-13-45"><p>Text here.</p>'
    result = load_bytes("page.htm", page)
    assert result.documents[0].published is None
    assert "2020-13-45" in result.problems[0]


# --- CSV and JSONL ------------------------------------------------------------------------------


def test_csv_with_aliases_and_row_problems() -> None:
    data = (
        b"id,headline,link,date,body\n"
        b'a1,First,https://x/1,2020-01-28,"Shelling hit the town.\nMany fled."\n'
        b"a2,Second,https://x/2,Jan 27 2020,\n"
        b"a3,Third,https://x/3,2020-13-45,Aid arrived in the north.\n"
        b"a4,Fourth,https://x/4,1700-01-01,Aid arrived in the north.\n"
        b"a5,Fifth\n"
    )
    result = load_bytes("articles.csv", data)
    assert [d.title for d in result.documents] == ["First", "Third"]
    first = result.documents[0]
    assert first.published == date(2020, 1, 28)
    assert first.url == "https://x/1"
    assert first.text == "Shelling hit the town.\nMany fled."
    assert first.origin == "articles.csv line 2 (id a1)"
    assert result.documents[1].published is None
    problems = "\n".join(result.problems)
    assert "line 4: empty text" in problems  # the quoted newline makes row a2 start on line 4
    assert "'2020-13-45' is not a valid date" in problems
    assert "same text as line 5" in problems  # a4 repeats a3's text
    assert "line 7: 2 fields where the header has 5" in problems


def test_csv_without_text_column_names_its_columns() -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes("list.csv", b"title,url\nA,https://x\n")
    message = str(err.value)
    assert message.startswith("list.csv: has no text column")
    assert "'title', 'url'" in message


def test_semicolon_csv_is_sniffed() -> None:
    data = b"title;text\nOne;Aid arrived in the north.\n"
    assert load_bytes("s.csv", data).documents[0].title == "One"


def test_jsonl_skips_broken_lines_and_names_them() -> None:
    lines = [
        json.dumps({"title": "One", "content": "Aid arrived.", "published": "28 January 2020"}),
        '{"title": "Two", "text": ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "Three", "text": "More aid arrived.", "date": "Jan. 27, 2020"}),
    ]
    result = load_bytes("feed.jsonl", "\n".join(lines).encode())
    assert [(d.title, d.published) for d in result.documents] == [
        ("One", date(2020, 1, 28)),
        ("Three", date(2020, 1, 27)),
    ]
    assert result.problems[0].startswith("line 2: not valid JSON")
    assert result.problems[1] == "line 3: a JSON list, not a JSON object; skipped"


def test_file_with_only_bad_rows_raises_with_the_reasons() -> None:
    with pytest.raises(DocumentError, match=r"bad\.jsonl: no article could be loaded .*line 1"):
        load_bytes("bad.jsonl", b'{"text": ""}\n')


# --- RSS / Atom ---------------------------------------------------------------------------------


def test_rss_items_become_documents() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
    <item><title>Flight north</title><link>https://x/1</link>
    <pubDate>Tue, 28 Jan 2020 08:00:00 +0000</pubDate>
    <description>&lt;p&gt;Some 2,000 families fled.&lt;/p&gt;</description></item>
    <item><title>Empty</title><description></description></item>
    </channel></rss>"""
    result = load_bytes("news.rss", feed)
    (doc,) = result.documents
    assert (doc.title, doc.url, doc.published) == ("Flight north", "https://x/1", date(2020, 1, 28))
    assert doc.text == "Some 2,000 families fled."
    assert result.problems == ("item 2: empty text, skipped",)


def test_atom_entries_become_documents() -> None:
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
    <entry><title>Flight</title><link href="https://x/a"/><published>2020-01-28T08:00:00Z</published>
    <content type="html">Aid arrived in the north.</content></entry></feed>"""
    (doc,) = load_bytes("news.atom", feed).documents
    assert (doc.title, doc.url, doc.published) == ("Flight", "https://x/a", date(2020, 1, 28))


# --- file-level errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n ", "is empty"),
        ("nul.txt", b"abc\x00\x01def", "is a binary file"),
        ("report.txt", b"%PDF-1.7 ...", "is a PDF file"),
        ("latin.txt", "Caf\u00e9 in Idlib".encode("latin-1"), "is not UTF-8 text"),
        ("noise.txt", bytes(range(1, 32)) * 40, "looks like a binary file"),
        ("slides.docx", b"PK\x03\x04", "unsupported file type (.docx)"),
        ("broken.rss", b"<rss><channel><item>", "is not well-formed XML"),
        ("page.html", b"<script>only()</script>", "has no readable text"),
    ],
)
def test_file_errors_name_the_file_and_the_problem(name: str, data: bytes, problem: str) -> None:
    with pytest.raises(DocumentError) as err:
        load_bytes(name, data)
    assert str(err.value).startswith(f"{name}: ")
    assert problem in str(err.value)


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(DocumentError, match=r"big\.txt: is too large"):
        load_file(big)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nope\.txt: does not exist"):
        load_file(tmp_path / "nope.txt")


def test_pasted_empty_text_is_an_error() -> None:
    with pytest.raises(DocumentError, match="pasted text: is empty"):
        document_from_text("   ")


# --- published dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2020-01-28",
        "2020-01-28T08:00:00Z",
        "2020-01-28T08:00:00+03:00",
        "2020/01/28",
        "Jan 28, 2020",
        "Jan. 28, 2020",
        "January 28 2020",
        "28 January 2020",
        "28 Jan 2020",
        "Tuesday, January 28, 2020",
        "Tue, 28 Jan 2020 08:00:00 +0000",
        "28/01/2020",
        "20200128",
    ],
)
def test_parse_published_formats(value: str) -> None:
    assert parse_published(value, today=date(2024, 1, 1)) == date(2020, 1, 28)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-13-45", "not a valid date"),
        ("1700-01-01", "before 1900"),
        ("2999-01-01", "in the future"),
        ("01/02/2020", "ambiguous"),
        ("last Tuesday", "not a date"),
        ("", "empty"),
    ],
)
def test_parse_published_rejects_nonsense(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_published(value, today=date(2024, 1, 1))

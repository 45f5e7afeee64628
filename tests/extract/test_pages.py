"""Pages and feeds: the article out of a page (trafilatura, or the plain parser when it finds
nothing), addresses kept only when http(s), feeds read through defusedxml and feedparser."""

from __future__ import annotations

import pytest

from extract.documents import load_bytes
from extract.feeds import feed_items
from extract.pages import html_text, http_url, read_page
from extract.readers import InputError

STORY = """<html><head><title>Water runs short in Atmeh | Field Notes</title>
<meta name="date" content="2020-02-11"><meta property="og:url" content="https://notes.example/w">
</head><body><nav><a href="/">Home</a> <a href="/maps">Maps</a></nav>
<div class="article-text"><h1>Water runs short in Atmeh</h1>
<p>Camp managers in Atmeh said on Tuesday that deliveries of water had fallen to a third of what
the camps need, after the road from the border crossing was closed for two days.</p>
<p>Residents queued from dawn at the few tanks that were still full, and a school was turned into
a shelter for the families who arrived during the night.</p></div>
<footer>Field Notes, all rights reserved</footer></body></html>"""


def test_the_article_is_read_by_trafilatura_with_the_page_metadata() -> None:
    page = read_page(STORY)
    assert page.extractor == "trafilatura"
    assert page.title == "Water runs short in Atmeh"
    assert page.published == "2020-02-11"
    assert page.url == "https://notes.example/w"
    assert page.text.startswith("Water runs short in Atmeh\n\nCamp managers in Atmeh said")
    assert "Home" not in page.text and "rights reserved" not in page.text
    assert page.text.count("\n\n") == 2  # heading and two paragraphs


def test_a_fragment_trafilatura_cannot_read_falls_back_to_the_plain_parser() -> None:
    page = read_page("<p>Aid reached Sarmada.</p>")
    assert (page.extractor, page.text) == ("plain HTML parser", "Aid reached Sarmada.")


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("/news/relative", False),
        ("https:///no-host", False),
        ("https://exa mple.org/", False),
        ("ftp://example.org/file", False),
        ("", False),
    ],
)
def test_only_absolute_http_addresses_are_kept(value: str, kept: bool) -> None:
    assert http_url(value) == (value if kept else "")


def test_feed_html_content_becomes_paragraphs_without_scripts() -> None:
    assert html_text("<p>One.</p><script>two()</script><p>Three &amp; four.</p>") == (
        "One.\n\nThree & four."
    )


def test_a_utf16_feed_declaring_its_encoding_is_read() -> None:
    feed = (
        '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>Maarat al-Nu\u2019man</title><link>https://notes.example/m</link>"
        "<description>Les familles sont parties vers le nord.</description></item>"
        "</channel></rss>"
    )
    (document,) = load_bytes("nord.rss", feed.encode("utf-16")).documents
    assert document.title == "Maarat al-Nu\u2019man"
    assert document.text == "Les familles sont parties vers le nord."


def test_an_rss_item_date_and_guid_are_read() -> None:
    feed = (
        "<rss version='2.0'><channel><title>x</title><item><title>T</title>"
        "<guid isPermaLink='false'>wire-17</guid><pubDate>Sun, 02 Feb 2020 06:00:00 +0300</pubDate>"
        "<description>Aid reached Sarmada.</description></item></channel></rss>"
    )
    (row,) = feed_items("wire.rss", feed)
    assert (row["id"], row["published"], row["text"]) == (
        "wire-17",
        "2020-02-02",
        "Aid reached Sarmada.",
    )


def test_xml_that_is_not_a_feed_is_refused_by_name() -> None:
    with pytest.raises(InputError, match=r"^list\.rss: has no <item> or <entry> elements"):
        feed_items("list.rss", "<rss><channel><title>nothing</title></channel></rss>")

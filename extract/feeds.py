"""RSS, RDF and Atom feeds as rows of articles (text, title, url, published, id), by feedparser.

The XML is first read by defusedxml, which refuses entity declarations (the "billion laughs") and
external references; a feed that is not well-formed XML is refused too, with expat's reason. Then
feedparser reads the feed's items whatever its flavour. An entry's url is its article page (the
``alternate`` link), never the feed's own API address (``rel="self"``, ``"edit"``).
"""

from __future__ import annotations

import io
import time
from typing import Any

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from extract.pages import html_text, http_url
from extract.readers import MAX_DEPTH, InputError

__all__ = ["feed_items", "looks_like_feed"]

_NOT_ARTICLE_LINKS = frozenset({"self", "edit", "edit-media", "enclosure", "replies", "via"})


def looks_like_feed(text: str) -> bool:
    """Whether an XML text is an RSS, RDF or Atom feed (judged from its first 2 KB)."""
    head = text[:2048].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


class _TooDeepError(Exception):
    """Raised by :class:`_Depth` to stop the parser."""


class _Depth:
    """An XML parser target that keeps nothing and stops past :data:`MAX_DEPTH` levels."""

    def __init__(self) -> None:
        self.depth = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeepError

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        pass


def _check_xml(name: str, text: str) -> None:
    """Refuse XML that declares entities or reaches outside, is not well-formed, or nests
    elements deeper than :data:`~extract.readers.MAX_DEPTH`. The text is given as text, so an
    encoding its declaration names no longer applies."""
    parser = DefusedXMLParser(target=_Depth())
    try:
        parser.feed(text)
        parser.close()
    except _TooDeepError:
        raise InputError(name, f"nests XML elements deeper than {MAX_DEPTH} levels") from None
    except DefusedXmlException as exc:
        raise InputError(
            name,
            f"declares XML entities or external references ({exc}), which feeds do not "
            "need; refused",
        ) from None
    except ParseError as exc:
        raise InputError(name, f"is not well-formed XML ({exc})") from None


def _article_link(entry: Any) -> str:
    """The entry's article page: an http(s) ``alternate`` link (HTML first), else its link if
    that is not one of the feed's own addresses."""
    links = [link for link in entry.get("links", []) if isinstance(link, dict)]
    alternates = [
        link for link in links if link.get("rel", "alternate") == "alternate" and link.get("href")
    ]
    alternates.sort(key=lambda link: "html" not in str(link.get("type", "html")))
    for link in alternates:
        if http_url(link["href"]):
            return str(link["href"])
    own = {link.get("href") for link in links if link.get("rel") in _NOT_ARTICLE_LINKS}
    link = entry.get("link", "")
    return str(link) if link and link not in own else ""


def _published(entry: Any) -> str:
    """The entry's date: feedparser's reading as YYYY-MM-DD, else the date as written."""
    for key in ("published", "updated", "created"):  # the dict's own keys, no aliasing
        parsed = dict.get(entry, f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
        if dict.get(entry, key):
            return str(dict.get(entry, key))
    return ""


def _text(entry: Any) -> str:
    """The entry's full content when it has one, else its summary, as plain text."""
    parts = entry.get("content") or []
    body = next((part for part in parts if isinstance(part, dict) and part.get("value")), None)
    if body is None:
        value, kind = entry.get("summary", ""), "text/html"
    else:
        value, kind = body["value"], str(body.get("type") or "text/html")
    value = str(value or "")
    return html_text(value) if "html" in kind else value.strip()


def feed_items(name: str, text: str) -> list[dict[str, str]]:
    """The items (RSS, RDF) or entries (Atom) of a feed, as rows of text, title, url, published
    and id (urls as the feed gives them: the loader drops what is not http(s)).

    Raises
    ------
    InputError
        The feed declares entities or external references, is not well-formed XML, or has no
        items.
    """
    _check_xml(name, text)
    # A stream, so feedparser never takes the text for an address or a file name to open; the
    # text was decoded already, so its own encoding declaration no longer applies.
    parsed = feedparser.parse(
        io.BytesIO(text.encode("utf-8")),
        response_headers={"content-type": "application/xml; charset=utf-8"},
    )
    entries = parsed.get("entries") or []
    if not entries:
        raise InputError(name, "has no <item> or <entry> elements (not an RSS/Atom feed)")
    return [
        {
            "text": _text(entry),
            "title": " ".join(str(entry.get("title", "")).split()),
            "url": _article_link(entry),
            "published": _published(entry),
            "id": str(entry.get("id", "")),
        }
        for entry in entries
    ]

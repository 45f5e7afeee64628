"""Web pages and feeds as text: the readable text and metadata of an HTML page, and the items of
an RSS or Atom feed as plain rows (text, title, url, published, id)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from extract.readers import InputError

__all__ = ["feed_items", "looks_like_feed", "read_page"]


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


def read_page(markup: str) -> _TextExtractor:
    """An HTML page read through: ``text()``, ``title``, ``h1``, ``canonical`` and ``meta``."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser


def looks_like_feed(text: str) -> bool:
    """Whether an XML text is an RSS, RDF or Atom feed (judged from its first 2 KB)."""
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


def feed_items(name: str, text: str) -> list[dict[str, str]]:
    """The items (RSS) or entries (Atom) of a feed, as rows of text, title, url, published, id.

    Raises
    ------
    InputError
        The feed declares a DTD or entities, is not well-formed XML, or has no items.
    """
    if "<!doctype" in text[:4096].lower() or "<!entity" in text.lower():
        raise InputError(name, "declares a DTD or entities, which feeds do not need; refused")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(name, f"is not well-formed XML ({exc})") from None
    items = [el for el in root.iter() if _local(el.tag) in {"item", "entry"}]
    if not items:
        raise InputError(name, "has no <item> or <entry> elements (not an RSS/Atom feed)")
    rows = []
    for item in items:
        markup = _child_text(item, "encoded", "content") or _child_text(
            item, "description", "summary"
        )
        rows.append(
            {
                "text": read_page(markup).text() if markup else "",
                "title": _child_text(item, "title"),
                "url": _child_text(item, "link"),
                "published": _child_text(item, "pubdate", "published", "date", "updated"),
                "id": _child_text(item, "guid", "id"),
            }
        )
    return rows

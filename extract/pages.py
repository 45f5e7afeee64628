"""Web pages as articles: the article's own text (not the navigation, the related-stories lists or
the reader comments around it) and the page's metadata: title, publication date, canonical URL.

trafilatura finds the article in the page (offline: it only parses what it is given). When it
finds nothing (a bare fragment, a page of one line), the page's visible text is read instead by
a plain HTML parser that leaves out scripts, styles, navigation, asides, forms and footers, as
this reader did before trafilatura; :attr:`Page.extractor` says which one read it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

__all__ = ["PUBLISHED_KEYS", "Page", "html_text", "http_url", "read_page"]

_QUIET = ("trafilatura", "htmldate", "courlan", "justext", "readability")

PUBLISHED_KEYS = (
    "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
)  # fmt: skip
"""Meta tags that state when a page was published, most telling first."""

# No date guessed from the words of the page (a comment's or a related story's date would do):
# only what the page states in its metadata, markup and address.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# What a page marks as not its article, taken out before trafilatura weighs the rest (on short
# pages it falls back to reading everything, navigation included).
_NOT_ARTICLE = [
    "//nav", "//aside", "//footer", "//form",
    "//*[@role='navigation' or @role='complementary' or @role='contentinfo' or @role='banner']",
]  # fmt: skip
_URL_MAX_CHARS = 2048


@dataclass(frozen=True)
class Page:
    """What a page says about its article. ``published`` is as the page wrote it ("" if none);
    ``url`` is an http(s) address or ""; ``dropped_url`` is a canonical address the page states
    that was left out because it is not http(s) (a ``javascript:`` link, a relative path)."""

    text: str
    title: str = ""
    published: str = ""
    url: str = ""
    dropped_url: str = ""
    site: str = ""
    extractor: str = "trafilatura"


def http_url(value: object) -> str:
    """``value`` as an absolute http(s) address, or "" when it is anything else."""
    if not isinstance(value, str):
        return ""
    address = value.strip()
    if not address or len(address) > _URL_MAX_CHARS or any(ch.isspace() for ch in address):
        return ""
    try:
        parts = urlsplit(address)
    except ValueError:
        return ""
    return address if parts.scheme.lower() in {"http", "https"} and parts.hostname else ""


class _TextExtractor(HTMLParser):
    """The visible text of HTML, and its title, h1, canonical link and meta tags."""

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
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
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
        return _paragraphs("".join(self.parts).split("\n\n"))


def _paragraphs(blocks: Any) -> str:
    """Blocks of text as paragraphs: whitespace collapsed, empty ones left out."""
    cleaned = (" ".join(block.split()) for block in blocks)
    return "\n\n".join(p for p in cleaned if p)


def _fallback(markup: str) -> _TextExtractor:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser


def html_text(markup: str) -> str:
    """The visible text of an HTML fragment (a feed item's content), one paragraph a block."""
    return _fallback(markup).text()


def _metadata(tree: Any) -> tuple[dict[str, str], str]:
    """The page's meta tags (lower-case keys, first value wins) and its canonical link."""
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = (element.get("content") or "").strip()
        if key and content:
            meta.setdefault(key.strip().lower(), content)
    canonical = next(
        (
            (element.get("href") or "").strip()
            for element in tree.iter("link")
            if "canonical" in (element.get("rel") or "").lower().split()
        ),
        "",
    )
    return meta, canonical


def _trafilatura() -> Any:
    """trafilatura, imported on the first page read (it takes a few tenths of a second).

    It and its helpers log every page they find hard to read (up to ERROR level); this reader
    says what matters in its own messages, so their logs stay out of the user's terminal."""
    import trafilatura

    for library in _QUIET:
        logging.getLogger(library).setLevel(logging.CRITICAL)
    return trafilatura


def _article(tree: Any) -> Any:
    """trafilatura's reading of the page (a ``trafilatura.settings.Document``), or None."""
    trafilatura = _trafilatura()
    try:
        return trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=dict(_DATE_PARAMS),
            prune_xpath=list(_NOT_ARTICLE),
        )
    except Exception:  # a page trafilatura chokes on is read by the plain parser instead
        logging.getLogger(__name__).debug("trafilatura failed", exc_info=True)
        return None


def read_page(markup: str) -> Page:
    """The article in an HTML page and the page's metadata (see the module's docstring)."""
    try:
        tree = _trafilatura().utils.load_html(markup)
    except Exception:  # not HTML lxml can build a tree from: read it as plain text in tags
        tree = None
    meta: dict[str, str] = {}
    canonical = ""
    found = None
    if tree is not None:
        meta, canonical = _metadata(tree)
        found = _article(tree)
    text = _paragraphs((getattr(found, "text", None) or "").split("\n"))
    fallback = None if text else _fallback(markup)
    title = (getattr(found, "title", None) or meta.get("og:title", "")).strip()
    if fallback is not None:
        text = fallback.text()
        title = title or fallback.h1 or fallback.title
    published = next((meta[key] for key in PUBLISHED_KEYS if meta.get(key)), "")
    stated = [canonical, meta.get("og:url", ""), getattr(found, "url", None) or ""]
    url = next((http_url(value) for value in stated if http_url(value)), "")
    dropped = next((value for value in stated[:2] if value and not http_url(value)), "")
    return Page(
        text=text,
        title=" ".join(title.split()),
        published=published or (getattr(found, "date", None) or ""),
        url=url,
        dropped_url=dropped,
        site=(getattr(found, "sitename", None) or meta.get("og:site_name", "")).strip(),
        extractor="plain HTML parser" if fallback is not None else "trafilatura",
    )

"""Text shown on the map: what a feature says in plain words and the pieces of its hover text
and popup, every piece of article text escaped here, before it reaches HTML (static/atlas/map.js
only puts escaped pieces together)."""

from __future__ import annotations

import html
import math
from datetime import date, datetime
from typing import Any

import pandas as pd

QUALIFIERS = {"about": "about", "more_than": "more than", "at_least": "at least", "up_to": "up to"}
QUOTE_LIMIT = 600  # characters of the quoted sentence shown in a popup
TOOLTIP_QUOTE = 280  # characters of a zone's provenance shown on hover


def number_of(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # text, or an infinite amount
        return None


def text_of(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def figure_text(value: Any, low: Any, high: Any, qualifier: Any) -> str:
    """A figure as a reader says it: "about 358,000", "more than 100,000", "100,000–500,000"."""
    exact, lo, hi = number_of(value), number_of(low), number_of(high)
    words = QUALIFIERS.get(text_of(qualifier), "")
    if exact is not None:
        amount = f"{exact:,}"
    elif lo is not None and hi is not None and lo != hi:
        amount = f"{lo:,}–{hi:,}"
    elif lo is not None or hi is not None:
        amount = f"{(lo if lo is not None else hi):,}"
    else:
        return "an unstated number"
    return f"{words} {amount}" if words else amount


def date_text(start: date | None, end: date | None) -> str:
    """A feature's interval as ISO days: one day, a range, or "undated"."""
    first, last = start or end, end or start
    if first is None or last is None:
        return "undated"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.date()


def _what(row: dict[str, Any]) -> str:
    """The line under the name: what the feature says, in plain words (not yet escaped)."""
    kind = text_of(row.get("kind"))
    category = text_of(row.get("category")).replace("_", " ")
    if kind == "place":
        mentions = number_of(row.get("mentions")) or 1
        return f"named {mentions} time{'s' if mentions != 1 else ''}"
    if kind == "figure":
        amount = figure_text(
            row.get("value"), row.get("low"), row.get("high"), row.get("qualifier")
        )
        unit = text_of(row.get("unit"))
        counted = f" {unit}" if unit in ("households", "families") else ""
        listed = text_of(row.get("parts"))  # "31 killed (14 soldiers + 17 fighters)"
        return f"{amount}{counted} {category}{f' ({listed})' if listed else ''}".strip()
    actor = text_of(row.get("actor")) or text_of(row.get("actor_text"))
    if kind == "control_zone":
        return f"held by {actor or 'an unnamed actor'} ({category or 'inferred'})"
    if kind == "frontline":
        return "front line between " + " and ".join(actor.split(" | "))
    direction = text_of(row.get("direction"))
    parts = [category or kind.replace("_", " ")]
    if actor:
        parts.append(f"by {actor}")
    if direction:
        parts.append(f"towards the {direction}")
    return " ".join(parts)


def _link(url: str, label: str) -> str:
    """An escaped link for http(s) URLs only; other schemes (javascript:...) become plain text."""
    if url.lower().startswith(("http://", "https://")):
        return (
            f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(label)}</a>"
        )
    return html.escape(label)


def tooltip_head(row: dict[str, Any]) -> str:
    """The start of the hover text, name and what it says (escaped); the browser adds the
    dates (geo.render.layers sends them as days) and, for a zone or a front, :func:`how_text`."""
    name = html.escape(text_of(row.get("name")) or "unnamed")
    return f"<b>{name}</b><br>{html.escape(_what(row))}"


def how_text(row: dict[str, Any]) -> str:
    """How a zone or a frontline was made, shortened for its hover text (escaped; "" for
    other kinds)."""
    if text_of(row.get("kind")) not in ("control_zone", "frontline"):
        return ""
    how = text_of(row.get("quote"))
    if len(how) > TOOLTIP_QUOTE:
        how = how[: TOOLTIP_QUOTE - 1] + "…"
    return html.escape(how)


def quote_text(row: dict[str, Any]) -> str:
    """The quoted sentence a feature was read from, shortened and escaped ("" without one);
    the popup sets it off as a quotation."""
    quote = text_of(row.get("quote"))
    if len(quote) > QUOTE_LIMIT:
        quote = quote[: QUOTE_LIMIT - 1] + "…"
    return html.escape(quote)


def article_html(row: dict[str, Any]) -> str:
    """The article a feature came from: its title (a link for http(s) URLs) and date, escaped."""
    title = text_of(row.get("title")) or "untitled article"
    published = _day(row.get("published"))
    article = _link(text_of(row.get("url")), title)
    if published is not None:
        article += f" ({published.isoformat()})"
    return f"<div class='atlas-source'>{article}</div>"


def attribution_html(row: dict[str, Any]) -> str:
    """Whom the feature is attributed to and every article repeating it (escaped, or "")."""
    lines = []
    source = text_of(row.get("source"))
    if source:
        lines.append(f"<div class='atlas-source'>according to {html.escape(source)}</div>")
    reports = text_of(row.get("sources"))
    if reports:  # one figure several articles repeat
        lines.append(f"<div class='atlas-source'>reported in: {html.escape(reports)}</div>")
    return "".join(lines)

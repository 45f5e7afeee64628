"""The map's symbols: one small drawing per kind of event, and proportional circles for figures.

Each event gets a round badge filled with its actor's colour and a white glyph saying what
happened (a plane for an air strike, a flag for a capture...); a stated aim is drawn hollow.
Figures are circles whose area is proportional to the number of people, on one scale per
family (deaths and injuries, displacement, the rest), so a reader compares like with like.
The glyphs are drawn here, once, as SVG on a 24-unit square; the browser script and the legend
both use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from extract.amounts import MAX_COUNT
from geo.render.popups import number_of, text_of


def _star(points: int, outer: float, inner: float) -> str:
    """An SVG path of a star centred on (12, 12)."""
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / points - math.pi / 2
        corners.append(f"{12 + radius * math.cos(angle):.1f} {12 + radius * math.sin(angle):.1f}")
    return "M" + " L".join(corners) + " Z"


_LINE = "fill='none' stroke='currentColor' stroke-linecap='round' stroke-linejoin='round'"
GLYPHS: dict[str, str] = {
    # two crossed blades with their guards
    "clash": f"<path {_LINE} stroke-width='2.4' d='M7 7 L17 17 M17 7 L7 17'/>"
    f"<path {_LINE} stroke-width='2' d='M14 18.5 L18.5 14 M5.5 14 L10 18.5'/>",
    # a shell's impact: a ring round a point, with a trail coming in
    "shelling": f"<circle {_LINE} stroke-width='2' cx='12' cy='14' r='4.5'/>"
    "<circle fill='currentColor' cx='12' cy='14' r='1.8'/>"
    f"<path {_LINE} stroke-width='1.8' d='M5 4.5 Q8 5 10 9'/>",
    # an aircraft seen from above, nose up
    "airstrike": "<path fill='currentColor' d='M12 3 L13.4 9 L20 12.6 V14.2 L13.4 12.6 "
    "L13 17 L15.4 18.8 V20.2 L12 19.3 L8.6 20.2 V18.8 L11 17 L10.6 12.6 L4 14.2 V12.6 "
    "L10.6 9 Z'/>",
    # a blast
    "explosive": f"<path fill='currentColor' d='{_star(8, 8.5, 3.6)}'/>",
    # a person
    "civilians": "<circle fill='currentColor' cx='12' cy='6.5' r='2.6'/>"
    f"<path {_LINE} stroke-width='2.2' d='M12 10.5 V15.5 M8 12.5 H16 M12 15.5 L9 20 M12 15.5 "
    "L15 20'/>",
    # any other attack: a lightning bolt
    "attack": "<path fill='currentColor' d='M13.5 3 L6.5 13.2 H11.2 L10 21 L17.5 10.4 H12.8 Z'/>",
    # a flag planted
    "capture": f"<path {_LINE} stroke-width='2' d='M7.5 4 V20'/>"
    "<path fill='currentColor' d='M8.5 4.5 L18.5 8.2 L8.5 11.9 Z'/>",
    # a ring closed round a place
    "siege": f"<circle {_LINE} stroke-width='2' cx='12' cy='12' r='5.5'/>"
    f"<path {_LINE} stroke-width='2' d='M12 3 V5.8 M12 18.2 V21 M3 12 H5.8 M18.2 12 H21 "
    "M5.6 5.6 L7.6 7.6 M16.4 16.4 L18.4 18.4 M5.6 18.4 L7.6 16.4 M16.4 7.6 L18.4 5.6'/>",
    # two chevrons pushing forward
    "advance": f"<path {_LINE} stroke-width='2.4' "
    "d='M6 12.5 L12 6.5 L18 12.5 M6 18 L12 12 L18 18'/>",
    # a held position: a tower with battlements
    "control": "<path fill='currentColor' d='M6 20 V8.5 H8.5 V10.5 H10.8 V8.5 H13.2 V10.5 "
    "H15.5 V8.5 H18 V20 Z'/>",
    # a halt: two bars
    "ceasefire": f"<path {_LINE} stroke-width='3' d='M9 6.5 V17.5 M15 6.5 V17.5'/>",
    # falling back: a chevron pointing back down
    "withdraw": f"<path {_LINE} stroke-width='2.4' d='M6 8 L12 14 L18 8 M12 14 V20'/>",
}
"""What each event symbol shows, as SVG elements drawn in ``currentColor``."""

SYMBOL_NAMES = {
    "clash": "armed clash",
    "shelling": "shelling",
    "airstrike": "air strike",
    "explosive": "IED, explosive",
    "civilians": "attack on civilians",
    "attack": "other attack",
    "capture": "capture",
    "siege": "siege, encirclement",
    "advance": "advance",
    "control": "base, checkpoint",
    "ceasefire": "ceasefire, deal",
    "withdraw": "withdrawal",
}
"""How the legend names each symbol."""

_BY_SUBTYPE = {
    "armed_clash": "clash",
    "shelling": "shelling",
    "airstrike": "airstrike",
    "explosive": "explosive",
    "attack_on_civilians": "civilians",
}
_BY_CATEGORY = {
    "attack": "attack",
    "capture": "capture",
    "siege": "siege",
    "encircle": "siege",
    "advance": "advance",
    "control": "control",
    "ceasefire": "ceasefire",
    "withdraw": "withdraw",
}


def event_symbol(category: Any, subtype: Any) -> str:
    """The symbol of an event: by its sub-type for attacks, else by its category."""
    return _BY_SUBTYPE.get(text_of(subtype)) or _BY_CATEGORY.get(text_of(category), "attack")


@dataclass(frozen=True)
class FigureScale:
    """Circles of one family of figures: ``reference`` people are drawn ``radius`` px wide,
    and a circle's area grows with the number (the radius with its square root)."""

    title: str
    color: str
    categories: frozenset[str]
    reference: int
    radius: float
    solid: bool  # filled (deaths) or a ring with a pale fill (people on the move)


MIN_RADIUS = 3.0
MAX_RADIUS = 48.0
CASUALTIES = FigureScale(
    "killed, injured, missing", "#9b2c2c",
    frozenset({"killed", "injured", "killed_or_injured", "missing", "detained"}), 100, 12.0, True,
)  # fmt: skip
DISPLACEMENT = FigureScale(
    "displaced, refugees, at risk", "#dd6b20",
    frozenset({"displaced", "refugees", "returned", "at_risk"}), 100_000, 16.0, False,
)  # fmt: skip
OTHER_FIGURES = FigureScale(
    "other figures (in need, population)", "#6b46c1", frozenset(), 100_000, 16.0, False
)
SCALES = (CASUALTIES, DISPLACEMENT, OTHER_FIGURES)


def figure_scale(category: Any) -> FigureScale:
    """The scale a figure of ``category`` is drawn on."""
    name = text_of(category)
    return next((s for s in SCALES if name in s.categories), OTHER_FIGURES)


def figure_amount(row: dict[str, Any]) -> int | None:
    """The number a figure's circle stands for: its value, else its lower bound, else its upper;
    None for a number no count of people reaches (a store may hold one, see extract.amounts)."""
    for column in ("value", "low", "high"):
        amount = number_of(row.get(column))
        if amount is not None and 0 < amount <= MAX_COUNT:
            return amount
    return None


def radius_for(people: float | None, scale: FigureScale) -> float:
    """A circle's radius in pixels: area proportional to ``people`` (clamped to stay legible)."""
    if people is None or people <= 0 or not math.isfinite(people):
        return MIN_RADIUS
    radius = scale.radius * math.sqrt(people / scale.reference)
    return round(min(max(radius, MIN_RADIUS), MAX_RADIUS), 1)


def short_number(people: int) -> str:
    """A figure as a label inside its circle: 950, 12k, 1.5M."""
    if people >= 1_000_000:
        return f"{people / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    if people >= 10_000:
        return f"{round(people / 1000)}k"
    if people >= 1_000:
        return f"{people / 1000:.1f}".rstrip("0").rstrip(".") + "k"
    return str(people)


def badge_svg(symbol: str, color: str, *, size: int = 22, hollow: bool = False) -> str:
    """An event symbol as a standalone SVG: the glyph on a round badge of ``color``."""
    fill, ink = ("#ffffff", color) if hollow else (color, "#ffffff")
    dash = " stroke-dasharray='3 2'" if hollow else ""
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' "
        f"viewBox='0 0 24 24' class='atlas-badge' style='color:{ink}'>"
        f"<circle cx='12' cy='12' r='11' fill='{fill}' stroke='{color if hollow else '#ffffff'}'"
        f" stroke-width='1.6'{dash}/><g transform='translate(2.4 2.4) scale(0.8)'>"
        f"{GLYPHS.get(symbol, GLYPHS['attack'])}</g></svg>"
    )

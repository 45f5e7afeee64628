"""How the map looks: one :class:`Layer` per kind of feature, the colours of actors and of
choropleth classes, how each event category is outlined, and where the browser assets are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.render.popups import text_of

ASSET_BASE = "/app/static/vendor"
"""Where Streamlit serves the npm-installed browser assets (static/vendor/)."""

MAX_ZOOM = 14
DEFAULT_BOUNDS = ((32.3, 35.5), (37.4, 42.4))  # Syria, as (south, west), (north, east)
DISPLACEMENT = frozenset({"displaced", "refugees", "returned", "at_risk"})
OUTLIER_MIN_FEATURES = 20  # from this many features on, the view leaves out far-off ones
VIEW_QUANTILES = (0.1, 0.9)  # the view's box: where most of the places named lie

KIND_LABELS = {
    "place": "Places named",
    "figure": "Figures",
    "event": "Events",
    "control_zone": "Control zones",
    "frontline": "Frontlines",
}
"""How a kind of feature is named in the layer chooser."""


@dataclass(frozen=True)
class Layer:
    """How one layer of the map looks: its title, colour and a stable CSS class for its shapes."""

    title: str
    color: str
    css_class: str
    note: str


PLACES = Layer("Places named", "#2b6cb0", "atlas-place", "size: times named")
DISPLACEMENT_FIGURES = Layer(
    "Displacement figures", "#d97706", "atlas-displacement", "size: people (log)"
)
OTHER_FIGURES = Layer("Other figures", "#7c3aed", "atlas-figure", "size: people (log)")
EVENTS = Layer("Events", "#c53030", "atlas-event", "colour: actor; outline: what happened")
ADVANCES = Layer("Advances", "#c53030", "atlas-advance", "arrow: direction of an advance")
ZONES = Layer("Control zones", "#718096", "atlas-zone", "fill: actor holding the area")
FRONTLINES = Layer("Frontlines", "#1a202c", "atlas-frontline", "where two actors' zones meet")
AREAS = Layer("Figures by area", "#9c4221", "atlas-area", "")
LAYERS = (ZONES, FRONTLINES, DISPLACEMENT_FIGURES, OTHER_FIGURES, PLACES, EVENTS, ADVANCES)
"""In drawing order: areas and big figure circles first, so small place dots stay on top."""

ACTOR_COLORS = {
    "government": "#c53030",
    "rebels": "#2f855a",
    "turkey": "#d53f8c",  # a state's forces abroad go by the state's name in lower case
    "russia": "#2c5282",
}
OTHER_ACTOR_COLOR = "#4a5568"  # other states, and events whose actor is not named
EVENT_OUTLINES = {
    # category: (outline dash pattern, outline weight, radius); "" is a solid outline
    "advance": ("", 2, 7),
    "capture": ("", 4, 8),
    "siege": ("2 3", 4, 9),
    "encircle": ("6 3", 3, 9),
    "attack": ("1 2", 2, 6),
    "control": ("", 1, 11),
    "withdraw": ("8 4", 2, 7),
    "ceasefire": ("4 4", 1, 6),
}
"""How each event category is outlined; the fill says who acted, a hollow fill a stated goal."""

CHOROPLETH_COLORS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
"""Sequential classes of a choropleth, lowest first."""
NO_VALUE_COLOR = "#e2e8f0"
ZONE_OPACITY = 0.22
FRONTLINE_WEIGHT = 5
TOOLTIP_QUOTE = 280  # characters of a zone's provenance shown on hover

ARROW_KM = 25.0  # length of an advance arrow
_KM_PER_DEGREE = 111.32


def layer_titles(features: gpd.GeoDataFrame) -> pd.Series:
    """The title of the layer each feature is drawn in (figures split by category)."""
    kind = features["kind"].astype(object)
    category = features["category"].astype(object)
    titles = kind.map(
        {
            "place": PLACES.title,
            "figure": OTHER_FIGURES.title,
            "event": EVENTS.title,
            "control_zone": ZONES.title,
            "frontline": FRONTLINES.title,
        }
    )
    titles[(kind == "figure") & category.isin(DISPLACEMENT)] = DISPLACEMENT_FIGURES.title
    return titles


def actor_color(actor: Any) -> str:
    """The colour events of an actor are drawn in."""
    return ACTOR_COLORS.get(text_of(actor), OTHER_ACTOR_COLOR)

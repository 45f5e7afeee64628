"""How the map looks: the colours of actors, places, frontlines and choropleth classes, the
initial view, and where the browser assets are (event symbols and figure sizes: symbols.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.render.popups import text_of

STATIC_BASE = "/app/static"
"""Where Streamlit serves the app's static/ folder."""
ASSET_BASE = f"{STATIC_BASE}/vendor"
"""Where Streamlit serves the npm-installed browser assets (static/vendor/)."""

MAX_ZOOM = 14
DEFAULT_BOUNDS = ((32.3, 35.5), (37.4, 42.4))  # Syria, as (south, west), (north, east)
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
FRONTLINES = Layer("Frontlines", "#1a202c", "atlas-frontline", "where two actors' zones meet")
AREAS = Layer("Figures by area", "#9c4221", "atlas-area", "")

ACTOR_COLORS = {
    "government": "#c53030",
    "rebels": "#2f855a",
    "turkey": "#d53f8c",  # a state's forces abroad go by the state's name in lower case
    "russia": "#2c5282",
}
OTHER_ACTOR_COLOR = "#4a5568"  # other states, and events whose actor is not named

CHOROPLETH_COLORS = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
"""Sequential classes of a choropleth, lowest first."""
NO_VALUE_COLOR = "#e2e8f0"


def actor_color(actor: Any) -> str:
    """The colour events of an actor are drawn in."""
    return ACTOR_COLORS.get(text_of(actor), OTHER_ACTOR_COLOR)

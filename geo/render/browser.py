"""The map's browser side: the element that loads static/atlas/map.js with the map's data, and
the small snippet that shows one feature on a map already drawn.

The script and its plugins (leaflet.markercluster, leaflet-search) are served by the app itself
(``/app/static``), loaded through the element's ``default_js``/``default_css`` so that
streamlit-folium loads them before the map's own script runs.
"""

from __future__ import annotations

import hashlib
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.render.style import ASSET_BASE

LINK_NOTE = (
    "The page's address is a link to this view and date range (the map's *link* button copies "
    "it). Drag the timeline under the map, type dates or play it by day or week: the map "
    "changes at once, and the tables, chart and files below follow a moment later."
)
TABLE_NOTE = "Select a row to show its feature on the map."


class _Verbatim(Element):
    """Markup put into the page as it is (a template engine would parse megabytes of data)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup

    def render(self, **kwargs: Any) -> str:
        return self.markup


class AtlasLayers(JSCSSMixin, MacroElement):
    """Every feature for every date, drawn and filtered by day in the browser by map.js.

    ``data_json`` is :func:`geo.render.layers.map_json` of :func:`geo.render.layers.map_data`;
    ``control`` the map's layer control, which gets one switch per kind of feature; ``bounds``
    the view the map opens on (unless the page's address names one). The data
    goes into the page's head as a JSON script element named by its digest; the map's script
    names that digest, so the script changes (and the map is drawn anew) exactly when the data
    does, and the script streamlit-folium compares on every rerun stays small.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        atlasMap.mount({{ this._parent.get_name() }}, {{ this.data_id|tojson }},
            {{ this.control.get_name() if this.control else "null" }}, {{ this.bounds|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data_json: str,
        control: folium.LayerControl | None = None,
        asset_base: str = ASSET_BASE,
        *,
        digest: str | None = None,
        bounds: list[list[float]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "AtlasLayers"
        self.data_json = data_json
        digest = digest or hashlib.sha1(data_json.encode()).hexdigest()[:16]
        self.data_id = f"atlas-data-{digest}"
        self.control = control
        self.bounds = bounds  # the initial view, [[south, west], [north, east]]
        atlas = asset_base.rsplit("/", 1)[0] + "/atlas"
        self.default_js = [
            ("markercluster", f"{asset_base}/markercluster/leaflet.markercluster.js"),
            ("leaflet_search", f"{asset_base}/leaflet-search/leaflet-search.min.js"),
            ("atlas_map_js", f"{atlas}/map.js"),
        ]
        self.default_css = [
            ("markercluster_css", f"{asset_base}/markercluster/MarkerCluster.css"),
            ("leaflet_search_css", f"{asset_base}/leaflet-search/leaflet-search.min.css"),
            ("atlas_map_css", f"{atlas}/map.css"),
        ]

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "AtlasLayers must be added to a map in a figure"
        data = f'<script type="application/json" id="{self.data_id}">{self.data_json}</script>'
        figure.header.add_child(_Verbatim(data), name="atlas_data")
        return str(super().render(**kwargs) or "")


class ShowFeature(MacroElement):
    """A snippet that centres the map on feature ``fid`` and opens its popup.

    The app passes it inside a FeatureGroup as streamlit-folium's ``feature_group_to_add``:
    streamlit-folium runs it in the map already drawn (no reload, the range and view stay)
    whenever it differs from the last one sent.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.atlasFocus) { window.atlasFocus({{ this.fid|tojson }}); }
        {% endmacro %}
        """
    )

    def __init__(self, fid: int) -> None:
        super().__init__()
        self._name = "ShowFeature"
        self.fid = int(fid)


def show_feature(fid: int | None) -> folium.FeatureGroup | None:
    """What to pass as ``feature_group_to_add`` to show feature ``fid`` (None: nothing)."""
    if fid is None:
        return None
    group = folium.FeatureGroup(name="shown feature", control=False)
    group.add_child(ShowFeature(fid))
    return group


def range_value(value: Any, kept: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The date range map.js sent back as the component's value, else the one ``kept`` from
    before (a map drawn anew, after new articles, starts with no value)."""
    if isinstance(value, dict) and isinstance(value.get("atlas_range"), dict):
        return dict(value["atlas_range"])
    return kept

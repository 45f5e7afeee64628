"""The map's basemap: the offline world vector tiles, with OpenStreetMap as an opt-in choice.

``make basemap`` builds ``static/basemap/world.pmtiles`` (static/build_basemap.py: Natural Earth
land, lakes, rivers, borders and admin-1 lines, GeoNames towns) and Streamlit serves it at
:data:`BASEMAP_URL`. :class:`OfflineBasemap` draws it in the browser with protomaps-leaflet
(``/app/static/vendor/protomaps-leaflet``): quiet fills and lines, and town names painted on the
map, bigger for bigger towns, placed so they do not overlap. :class:`OnlineTiles` is the
OpenStreetMap choice in the map's layer switcher: it requests nothing until picked.

When the tiles file is missing (an installed package, or ``make basemap`` not run), the map
falls back to the countryinfo outlines of the region and says so once in the log.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from jinja2 import Template

from geo.config import settings
from geo.features import CRS
from geo.io.boundaries import OUTLINE_TOLERANCE, REGION, country_outlines
from geo.render.style import ASSET_BASE, MAX_ZOOM

log = logging.getLogger(__name__)

"""The tiles file, relative to the folder the app runs from (Streamlit serves its ./static)."""
BASEMAP_URL = "/app/static/basemap/world.pmtiles"
TOWNS_URL = "/app/static/basemap/towns.json.gz"
TOWNS_FILE = "towns.json.gz"
"""The list of the basemap's towns for the map's search, beside the tiles file (same build)."""
DATA_MAX_ZOOM = 9
"""The deepest zoom cut into tiles (static/build_basemap.py); deeper views scale those tiles."""
BASEMAP_LAYERS = (
    "land",
    "lakes",
    "rivers",
    "countries",
    "admin1",
    "places",
    "country_labels",
    "admin1_labels",
    "water_labels",
)
"""The layers the tiles file holds (lines ``countries`` and ``admin1`` are boundaries)."""
OFFLINE_NAME = "Offline basemap"
ONLINE_NAME = "OpenStreetMap (online)"
ONLINE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ONLINE_ATTRIBUTION = "&copy; OpenStreetMap contributors"
ATTRIBUTION = "Natural Earth; towns: GeoNames (CC BY 4.0)"


@dataclass(frozen=True)
class BasemapStyle:
    """The basemap's quiet colours: pale land, light blue water, grey lines, dark grey names."""

    water: str = "#d5e5ef"
    land: str = "#f5f2eb"
    river: str = "#a7c9df"
    admin1: str = "#b9b3ab"
    border: str = "#858585"
    town: str = "#3a3a3a"
    halo: str = "#ffffff"
    region: str = "#8c8378"
    country: str = "#6f6f6f"
    water_text: str = "#4f7fa6"


STYLE = BasemapStyle()

_SCRIPT = """
var {{ this.get_name() }} = (function () {
  const P = protomapsL, S = {{ this.style_json }}, map = {{ this._parent.get_name() }};
  // Town names grow with the town: 11 px for villages up to 15 px for cities of a million.
  function townFont(z, f) {
    const pop = (f && f.props.pop) || 0;
    const size = pop >= 1e6 ? 15 : pop >= 1e5 ? 13 : pop >= 2e4 ? 12 : 11;
    return (pop >= 1e5 ? '600 ' : '') + size + 'px sans-serif';
  }
  const countryFont = z => (z < 4 ? '600 10px' : '600 12px') + ' sans-serif';
  // Each label placed keeps its kind and text, so the labels painted in a view can be listed.
  function tagged(kind, symbolizer) {
    return {place(layout, geom, feature) {
      const placed = symbolizer.place(layout, geom, feature);
      for (const label of placed || []) {
        label.draw.atlasKind = kind;
        label.draw.atlasName = feature.props.name;
      }
      return placed;
    }};
  }
  const text = (font, fill, extra) => Object.assign(
    {labelProps: ['name'], font: font, fill: fill, stroke: S.halo, width: 2, maxLineChars: 18},
    extra || {});
  const paintRules = [
    {dataLayer: 'land', symbolizer: new P.PolygonSymbolizer({fill: S.land})},
    {dataLayer: 'lakes', symbolizer: new P.PolygonSymbolizer({fill: S.water})},
    {dataLayer: 'rivers', symbolizer: new P.LineSymbolizer({
      color: S.river, width: (z, f) => Math.max(0.6, (f.props.w || 0.2) * (z < 6 ? 2 : 4))})},
    {dataLayer: 'admin1', symbolizer: new P.LineSymbolizer({
      color: S.admin1, width: z => (z < 7 ? 0.7 : 1), dash: [4, 3]})},
    {dataLayer: 'countries', symbolizer: new P.LineSymbolizer({
      color: S.border, width: z => (z < 5 ? 1 : 1.6)})},
  ];
  const labelRules = [
    {dataLayer: 'country_labels', maxzoom: 6, symbolizer: tagged('country',
      new P.CenteredTextSymbolizer(text(countryFont, S.country,
        {textTransform: 'uppercase', letterSpacing: 1})))},
    {dataLayer: 'places', sort: (a, b) => (b.pop || 0) - (a.pop || 0),
     symbolizer: tagged('town', new P.GroupSymbolizer([
       new P.CircleSymbolizer({radius: 2, fill: S.town, stroke: S.halo, width: 1}),
       new P.OffsetTextSymbolizer(text(townFont, S.town,
         {offsetX: 5, placements: [P.TextPlacements.E], justify: P.Justify.Left})),
     ]))},
    {dataLayer: 'admin1_labels', maxzoom: 9, symbolizer: tagged('admin1',
      new P.CenteredTextSymbolizer(text('italic 11px sans-serif', S.region)))},
    {dataLayer: 'water_labels', symbolizer: tagged('water',
      new P.CenteredTextSymbolizer(text('italic 11px sans-serif', S.water_text)))},
  ];
  const layer = P.leafletLayer({
    // levelDiff 0: a view at zoom z draws the tiles cut for z (a town's minzoom is the zoom
    // its name shows at); deeper than the file's last zoom, its tiles are scaled up.
    url: {{ this.url|tojson }}, maxDataZoom: {{ this.max_data_zoom }}, levelDiff: 0,
    paintRules: paintRules, labelRules: labelRules, backgroundColor: S.water,
    attribution: {{ this.attribution|tojson }},
  });
  // The labels painted in the current view, as {kind, name} (for checks in the browser).
  function labels() {
    const index = layer.labelers.getIndex(Math.round(map.getZoom()));
    if (!index) return [];
    const view = map.getPixelBounds();
    const box = {minX: view.min.x, minY: view.min.y, maxX: view.max.x, maxY: view.max.y};
    return Array.from(index.searchBbox(box, Infinity))
      .filter(label => view.contains([label.anchor.x, label.anchor.y]))
      .map(label => ({kind: label.draw.atlasKind, name: label.draw.atlasName}));
  }
  // towns: the address of the towns' list the map's search fetches (null: none)
  window.atlasBasemap = {map: map, layer: layer, labels: labels, towns: {{ this.towns|tojson }}};
  return layer;
})();
"""


class OfflineBasemap(JSCSSMixin, Layer):
    """The world's vector tiles (:data:`BASEMAP_URL`) drawn by protomaps-leaflet, as the map's
    base layer. In the page, ``window.atlasBasemap.labels()`` lists the labels painted in view,
    and ``window.atlasBasemap.towns`` is the address of the towns' list (``towns``) or null."""

    _template = Template("{% macro script(this, kwargs) %}" + _SCRIPT + "{% endmacro %}")

    def __init__(
        self,
        url: str = BASEMAP_URL,
        asset_base: str = ASSET_BASE,
        style: BasemapStyle = STYLE,
        max_data_zoom: int = DATA_MAX_ZOOM,
        towns: str | None = None,
    ) -> None:
        super().__init__(name=OFFLINE_NAME, overlay=False, control=True, show=True)
        self.towns = towns
        self._name = "OfflineBasemap"
        self.url = url
        self.max_data_zoom = int(max_data_zoom)
        self.attribution = ATTRIBUTION
        self.style_json = json.dumps(asdict(style))
        self.default_js = [
            ("protomaps_leaflet", f"{asset_base}/protomaps-leaflet/protomaps-leaflet.js")
        ]


class OnlineTiles(Layer):
    """OpenStreetMap's tiles as a choice in the layer switcher: not on the map (so not
    requested) until the user picks it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.tileLayer({{ this.url|tojson }},
            {maxZoom: {{ this.max_zoom }}, attribution: {{ this.attribution|tojson }}});
        {% endmacro %}
        """
    )

    def __init__(self, url: str = ONLINE_URL, max_zoom: int = MAX_ZOOM) -> None:
        super().__init__(name=ONLINE_NAME, overlay=False, control=True, show=False)
        self._name = "OnlineTiles"
        self.url = url
        self.max_zoom = int(max_zoom)
        self.attribution = ONLINE_ATTRIBUTION


class _Switcher(MacroElement):
    """A layer switcher for the two basemaps, for a map that has no folium LayerControl."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}{% if this.needed %}
        L.control.layers({ {{ this.offline.layer_name|tojson }}: {{ this.offline.get_name() }},
            {{ this.online.layer_name|tojson }}: {{ this.online.get_name() }} }, {},
            {collapsed: true}).addTo({{ this._parent.get_name() }});
        {% endif %}{% endmacro %}
        """
    )

    def __init__(self, offline: OfflineBasemap, online: OnlineTiles) -> None:
        super().__init__()
        self._name = "BasemapSwitcher"
        self.offline = offline
        self.online = online

    @property
    def needed(self) -> bool:
        """False when the map has a folium LayerControl, which lists both basemaps already."""
        children = self._parent._children.values() if self._parent is not None else ()
        return not any(isinstance(child, folium.LayerControl) for child in children)


def add_outlines(m: folium.Map, outlines: gpd.GeoDataFrame) -> None:
    """Country outlines as a filled, non-interactive layer (the basemap without tiles)."""
    shapes = outlines[["geometry"]].to_crs(CRS)
    folium.GeoJson(
        json.loads(shapes.to_json(drop_id=True)),
        name="Country outlines",
        style_function=lambda _: {
            "color": "#8a8f98",
            "weight": 1,
            "fillColor": STYLE.land,
            "fillOpacity": 1.0,
        },
        interactive=False,
        className="atlas-basemap",
    ).add_to(m)


@cache
def _say_tiles_missing(path: Path) -> None:
    log.warning(
        "No offline basemap at %s (run `make basemap`): drawing country outlines instead",
        path,
    )


def add_basemap(
    m: folium.Map,
    *,
    basemap: gpd.GeoDataFrame | None = None,
    tiles: str | None = None,
    asset_base: str = ASSET_BASE,
    tiles_file: Path | None = None,
) -> str:
    """Give ``m`` its basemap and say which: ``"outlines"`` when ``basemap`` outlines are given
    (or the tiles file is missing), ``"online"`` when ``tiles`` names a folium tile provider
    (the map has it already), else ``"offline"``: the vector tiles, with OpenStreetMap as an
    opt-in choice in the layer switcher (folium's LayerControl if the map gets one)."""
    if basemap is not None:
        if not basemap.empty:
            add_outlines(m, basemap)
        return "outlines"
    if tiles is not None:
        return "online"
    tiles_file = Path(tiles_file) if tiles_file is not None else settings().basemap_file
    if not tiles_file.is_file():
        _say_tiles_missing(Path(tiles_file))
        add_outlines(m, country_outlines(REGION, OUTLINE_TOLERANCE))
        return "outlines"
    towns = TOWNS_URL if tiles_file.with_name(TOWNS_FILE).is_file() else None
    offline = OfflineBasemap(asset_base=asset_base, towns=towns)
    online = OnlineTiles()
    offline.add_to(m)
    online.add_to(m)
    _Switcher(offline, online).add_to(m)
    m.get_root().header.add_child(  # type: ignore[attr-defined]
        Element(f"<style>.leaflet-container{{background:{STYLE.water}}}</style>"),
        name="atlas_basemap_css",
    )
    return "offline"

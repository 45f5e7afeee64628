"""The map's browser side: the element that loads static/atlas/map.js with the map's data, the
files the app serves that data from, and the small snippet that shows one feature on a map
already drawn.

The script and its plugins (leaflet.markercluster, leaflet-search) are served by the app itself
(``/app/static``), loaded through the element's ``default_js``/``default_css`` so that
streamlit-folium loads them before the map's own script runs.

The data (every feature, a few megabytes for a big store) goes to the browser by one of two
ways. Inline, as a JSON element in the page: simple, and what a map saved as HTML needs. Or as
a file the app serves (:class:`DataFiles`, static/mapdata/DIGEST.json.gz): the page then only
names it, so every rerun of the app (each range the map sends back) stays small, the browser
fetches the file while the map's scripts load and keeps it in its cache, and nothing parses the
data twice.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.render.style import ASSET_BASE, STATIC_BASE

DATA_FOLDER = "mapdata"
"""The folder beside the app's other static files that the map's data files are written to."""

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


@dataclass(frozen=True)
class DataFiles:
    """Where the map's data files are written (a folder the app serves) and the URL that folder
    is served at. Files are named by the data's digest, written once, gzip-compressed (the
    browser unpacks them; compressing once beats the server compressing every request), and
    the oldest are removed beyond ``keep``, never one younger than ``min_age_s`` (another
    server process on the same folder may have just named it in a page). A file removed while
    a page still uses it is written again by that page's next run."""

    folder: Path
    url: str
    keep: int = 24
    min_age_s: float = 3600.0

    @classmethod
    def beside(cls, app_file: str | Path) -> DataFiles:
        """The data files of the app whose script is ``app_file``: Streamlit serves the
        ``static`` folder beside it at ``/app/static``."""
        folder = Path(app_file).resolve().parent / "static" / DATA_FOLDER
        return cls(folder, f"{STATIC_BASE}/{DATA_FOLDER}")

    def publish(self, digest: str, data_json: str) -> str | None:
        """The URL of the file holding ``data_json`` (written now unless it exists); None when
        the folder cannot be written (the page then holds the data itself)."""
        name = f"{digest}.json.gz"
        path = self.folder / name
        try:
            if not path.is_file():  # left as it is otherwise: browsers keep it in their cache
                self._write(path, gzip.compress(data_json.encode("utf-8"), compresslevel=6))
                self._prune()
        except OSError:
            return None if not path.is_file() else f"{self.url}/{name}"
        return f"{self.url}/{name}"

    def _write(self, path: Path, payload: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by the app: the map's data, rebuilt when needed\n*\n")
        partial = self.folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}"
        partial.write_bytes(payload)
        partial.replace(path)  # readers never see half a file

    def _prune(self) -> None:
        ages: list[tuple[float, Path]] = []
        for file in self.folder.glob("*.json.gz"):
            try:
                ages.append((file.stat().st_mtime, file))
            except FileNotFoundError:  # another process removed it meanwhile
                continue
        old = time.time() - self.min_age_s
        for stamp, file in sorted(ages)[: max(0, len(ages) - self.keep)]:
            if stamp < old:
                file.unlink(missing_ok=True)


class AtlasLayers(JSCSSMixin, MacroElement):
    """Every feature for every date, drawn and filtered by day in the browser by map.js.

    ``data_json`` is :func:`geo.render.layers.map_json` of :func:`geo.render.layers.map_data`;
    ``control`` the map's layer control, which gets one switch per kind of feature; ``bounds``
    the view the map opens on (unless the page's address names one). The data goes into the
    page's head as a JSON script element named by its digest, or, with ``data_url`` (a file
    of :class:`DataFiles`), the script fetches it from there. Either way the map's script names
    the digest, so the script changes (and the map is drawn anew) exactly when the data does,
    and the script streamlit-folium compares on every rerun stays small.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        atlasMap.mount({{ this._parent.get_name() }}, {{ this.source|tojson }},
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
        data_url: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "AtlasLayers"
        self.data_json = data_json
        digest = digest or hashlib.sha1(data_json.encode()).hexdigest()[:16]
        self.data_id = f"atlas-data-{digest}"
        self.data_url = data_url
        self.source: str | dict[str, str] = {"url": data_url} if data_url else self.data_id
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
        if not self.data_url:
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

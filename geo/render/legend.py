"""The map's legend: one entry per layer drawn, folding away with a click."""

from __future__ import annotations

import html
from collections.abc import Sequence

from branca.element import MacroElement
from jinja2 import Template

from geo.render.style import EVENT_OUTLINES, Layer, actor_color


def _outline_icon(category: str) -> str:
    """A tiny SVG circle outlined the way the map outlines an event category."""
    dash, weight, _ = EVENT_OUTLINES.get(category, ("", 2, 7))
    return (
        "<svg width='14' height='14' class='atlas-outline'><circle cx='7' cy='7' r='5' "
        f"fill='none' stroke='#1a202c' stroke-width='{min(weight, 3)}' "
        f"stroke-dasharray='{html.escape(dash)}'/></svg>"
    )


class Legend(MacroElement):
    """A small legend control listing the layers drawn, built from escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var div = null;
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                div = L.DomUtil.create("div", "atlas-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
            // A popup opens clear of the legend and the zoom buttons: the map pans to fit it.
            map.on("popupopen", function (e) {
                var box = div ? div.getBoundingClientRect() : {width: 0, height: 0};
                e.popup.options.autoPanPaddingTopLeft = L.point(50, 90);
                e.popup.options.autoPanPaddingBottomRight = L.point(
                    box.width + 16, box.height + 16);
                e.popup.update();
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layers: list[tuple[Layer, int]],
        actors: Sequence[str] = (),
        categories: Sequence[str] = (),
        classes: Sequence[tuple[str, str]] = (),
        classes_title: str = "",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        rows = [
            f"<div class='atlas-legend-row'><span class='atlas-swatch' "
            f"style='background:{html.escape(layer.color)}'></span>"
            f"{html.escape(layer.title)} ({count}) <small>{html.escape(layer.note)}</small></div>"
            for layer, count in layers
        ]
        if actors:
            rows.append(
                "<div class='atlas-legend-row atlas-legend-events'>"
                + " ".join(
                    f"<span class='atlas-nowrap'><span class='atlas-swatch' "
                    f"style='background:{actor_color(a)}'></span>{html.escape(a)}</span>"
                    for a in actors
                )
                + " <small>actor (events and zones)</small></div>"
            )
        if categories:
            rows.append(
                "<div class='atlas-legend-row atlas-legend-events'>"
                + " ".join(
                    f"<span class='atlas-nowrap'>{_outline_icon(c)}{html.escape(c)}</span>"
                    for c in categories
                )
                + " <small>hollow: a stated goal</small></div>"
            )
        if classes:
            rows.append(
                f"<div class='atlas-legend-row atlas-legend-classes'><b>"
                f"{html.escape(classes_title)}</b> by area<br>"
                + "<br>".join(
                    f"<span class='atlas-swatch atlas-square' style='background:{color}'></span>"
                    f"{html.escape(label)}"
                    for label, color in classes
                )
                + "</div>"
            )
        if not rows:
            rows = ["<div class='atlas-legend-row'>No features in this range</div>"]
        elif layers:
            rows.append(
                "<div class='atlas-legend-row'><small>points at one place fan out around it; "
                "downloads keep the exact spot</small></div>"
            )
        self.html = (
            "<details open><summary><b>Legend</b> <small>(click to fold)</small></summary>"
            + "".join(rows)
            + "</details>"
        )


LEGEND_CSS = """
<style>
div.leaflet-container { background: #dde7ee; }
.atlas-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.4 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 260px; }
.atlas-legend small { color: #555; }
.atlas-legend summary { cursor: pointer; }
.atlas-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 6px; }
.atlas-nowrap { white-space: nowrap; margin-right: 4px; }
.atlas-outline { vertical-align: middle; margin-right: 2px; }
.leaflet-control-layers { font: 12px/1.5 sans-serif; }
.leaflet-control-layers-expanded { padding: 4px 8px; }
.atlas-square { border-radius: 1px; border: 1px solid #7b341e; }
.atlas-how { color: #444; font-size: 11px; display: inline-block; max-width: 320px;
  white-space: normal; }
.atlas-quote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #ccc; font-style: italic; }
.atlas-when, .atlas-source { color: #444; font-size: 11px; }
</style>
"""

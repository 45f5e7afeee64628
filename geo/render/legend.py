"""The map's legend: the symbols, colours and sizes drawn, folding away with a click.

It lists only what the map holds; the number beside each kind is filled in by the browser
script (static/atlas/map.js) for the date range shown. It sits in a corner, no wider than a
column, scrolls when long, and folds to one line.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from geo.render.style import FRONTLINES, KIND_LABELS, PLACES, actor_color
from geo.render.symbols import SCALES, SYMBOL_NAMES, FigureScale, badge_svg, radius_for

LEGEND_INK = "#4a5568"  # symbols in the legend: the glyph matters, the actor has its own row


def _row(content: str, note: str = "") -> str:
    small = f" <small>{html.escape(note)}</small>" if note else ""
    return f"<div class='atlas-legend-row'>{content}{small}</div>"


def _count(kind: str) -> str:
    label = html.escape(str(KIND_LABELS.get(kind, kind)))
    return f"<b>{label}</b> (<span class='atlas-count' data-kind='{html.escape(kind)}'>0</span>)"


def _circles(scale: FigureScale) -> str:
    """Two circles of the scale, a tenth of its reference and the reference, with their sizes."""
    amounts = (scale.reference // 10, scale.reference)
    radii = [radius_for(a, scale) for a in amounts]
    width = int(2 * sum(radii) + 12)
    height = int(2 * max(radii) + 2)
    shapes, x = [], 1.0
    for radius in radii:
        fill = 0.55 if scale.solid else 0.18
        shapes.append(
            f"<circle cx='{x + radius:.1f}' cy='{height - radius - 1:.1f}' r='{radius}' "
            f"fill='{scale.color}' fill-opacity='{fill}' stroke='{scale.color}' "
            f"stroke-width='{1.5 if scale.solid else 2.5}'/>"
        )
        x += 2 * radius + 8
    sizes = " and ".join(f"{a:,}" for a in amounts)
    return (
        f"<svg width='{width}' height='{height}' class='atlas-outline'>{''.join(shapes)}</svg>"
        f"{sizes} {html.escape(scale.title)}"
    )


def legend_html(
    data: dict[str, Any],
    classes: Sequence[tuple[str, str]] = (),
    classes_title: str = "",
) -> str:
    """The legend of the map drawing ``data`` (geo.render.layers.map_data), with choropleth
    ``classes`` (label, colour) when areas are coloured by a value."""
    looks = data["looks"]  # one entry per distinct look drawn
    kinds = {p["kind"] for p in looks}
    rows: list[str] = []
    if "event" in kinds:
        order = list(SYMBOL_NAMES)
        symbols = sorted({key.split("|")[0] for key in data["badges"]}, key=order.index)
        keys = [
            f"<span>{badge_svg(s, LEGEND_INK, size=14)}{html.escape(SYMBOL_NAMES[s])}</span>"
            for s in symbols
        ]
        if any(p.get("goal") for p in looks):
            keys.append(f"<span>{badge_svg('advance', LEGEND_INK, size=14, hollow=True)}aim</span>")
        if data["arrows"]:
            keys.append("<span><span class='atlas-arrow-key'>⟶</span>direction</span>")
        rows.append(_row(_count("event"), "symbol: what happened; colour: who acted"))
        rows.append(f"<div class='atlas-legend-row atlas-legend-grid'>{''.join(keys)}</div>")
    actors = sorted(
        {str(p.get("a", "")) for p in looks if p["kind"] in ("event", "control_zone")} - {""}
    )
    if actors:
        rows.append(
            "<div class='atlas-legend-row'>"
            + " ".join(
                f"<span class='atlas-nowrap'><span class='atlas-swatch' "
                f"style='background:{actor_color(a)}'></span>{html.escape(a)}</span>"
                for a in actors
            )
            + "</div>"
        )
    if "figure" in kinds:
        shown = {p["c"] for p in looks if p["kind"] == "figure"}
        rows.append(_row(_count("figure"), "circle area: people"))
        rows.extend(_row(_circles(s)) for s in SCALES if s.color in shown)
    others = []
    if "place" in kinds:
        dot = f"<span class='atlas-swatch' style='background:{PLACES.color}'></span>"
        others.append(dot + _count("place"))
    if "control_zone" in kinds:
        others.append("<span class='atlas-swatch atlas-square atlas-zone-key'></span>"
                      + _count("control_zone"))  # fmt: skip
    if "frontline" in kinds:
        line = f"<span class='atlas-line-key' style='border-color:{FRONTLINES.color}'></span>"
        others.append(line + _count("frontline"))
    if others:
        rows.append(
            _row(
                " ".join(f"<span class='atlas-nowrap'>{o}</span>" for o in others),
                "place size: times named; zones: who holds them on the range's last day",
            )
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
        rows = [_row("No features to draw")]
    else:
        rows.append(
            _row(
                "<span class='atlas-cluster-key'>5</span>",
                "overlapping points: click to zoom in or spread them (each stays at its "
                "spot); dashed outline: undated",
            )
        )
    return (
        "<details open><summary><b>Legend</b> <small>(click to fold)</small></summary>"
        + "".join(rows)
        + "</details>"
    )


class Legend(MacroElement):
    """The legend control, bottom right, built from escaped HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, legend: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = legend


LEGEND_CSS = """
<style>
div.leaflet-container { background: #dde7ee; }
.atlas-legend { background: rgba(255,255,255,0.94); padding: 4px 7px; border-radius: 4px;
  font: 11px/1.35 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 290px;
  max-height: 40vh; overflow-y: auto; }
.atlas-legend-grid { display: grid; grid-template-columns: repeat(2, auto); column-gap: 8px; }
.atlas-legend-grid > span { white-space: nowrap; }
.atlas-legend small { color: #555; }
.atlas-legend summary { cursor: pointer; }
.atlas-legend svg { vertical-align: middle; margin-right: 3px; }
.atlas-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 5px; vertical-align: middle; }
.atlas-nowrap { white-space: nowrap; margin-right: 5px; display: inline-block; }
.atlas-outline { vertical-align: middle; margin-right: 2px; }
.leaflet-control-layers { font: 12px/1.5 sans-serif; }
.leaflet-control-layers-expanded { padding: 4px 8px; }
.atlas-square { border-radius: 1px; border: 1px solid #7b341e; }
.atlas-zone-key { background: linear-gradient(90deg, rgba(197,48,48,0.3) 50%,
  rgba(47,133,90,0.3) 50%); border-color: #4a5568; }
.atlas-line-key { display: inline-block; width: 22px; height: 0; border-top: 5px solid;
  vertical-align: middle; margin-right: 5px; }
.atlas-arrow-key { font-size: 16px; color: #c53030; margin-right: 4px; }
.atlas-cluster-key { display: inline-block; width: 18px; height: 18px; border-radius: 50%;
  background: rgba(26,32,44,0.78); color: #fff; text-align: center; font: bold 10px/18px
  sans-serif; margin-right: 4px; }
.atlas-how { color: #444; font-size: 11px; display: inline-block; max-width: 320px;
  white-space: normal; }
.atlas-quote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #ccc; font-style: italic; }
.atlas-when, .atlas-source { color: #444; font-size: 11px; }
</style>
"""

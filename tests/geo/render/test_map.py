"""The folium map: local assets only, one layer per kind, escaped text, legend, empty frames."""

from __future__ import annotations

import re
from datetime import date

import folium
import pytest
from shapely.geometry import LineString

from geo.features import empty_features, features_from_records
from geo.render.map import advance_arrows, build_map, fan_out
from geo.render.popups import date_text, figure_text
from geo.render.style import ACTOR_COLORS, ASSET_BASE, layer_titles

SCRIPT = "<script>alert(1)</script>"


def sample():
    return features_from_records(
        [
            {"kind": "place", "name": "Maarat al-Numan", "lon": 36.68, "lat": 35.65,
             "mentions": 3, "start": date(2019, 12, 20), "end": date(2019, 12, 20),
             "title": "Idlib <b>offensive</b>", "quote": f"Shelling hit {SCRIPT} the town."},
            {"kind": "figure", "name": "Idlib", "lon": 36.63, "lat": 35.93,
             "category": "displaced", "value": 358000, "qualifier": "about",
             "start": date(2019, 12, 1), "end": date(2020, 1, 19),
             "url": "javascript:alert(2)", "title": "UN says"},
            {"kind": "figure", "name": "Aleppo", "lon": 37.16, "lat": 36.2,
             "category": "killed", "low": 100, "high": 500, "qualifier": "vague"},
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86,
             "category": "capture", "actor": "government", "start": date(2020, 2, 6)},
            {"kind": "frontline", "name": "M5 highway", "actor": "government",
             "geometry": LineString([(36.7, 35.6), (36.9, 36.1)])},
        ]
    )  # fmt: skip


def render(features, **kwargs) -> str:
    return build_map(features, **kwargs).get_root().render()


def unescape_json(text: str) -> str:
    """The page with JSON's \\uXXXX escapes decoded, to read the text a user would see."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_map_loads_only_local_assets():
    html = render(sample())
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert f"{ASSET_BASE}/leaflet/leaflet.js" in sources
    assert f"{ASSET_BASE}/leaflet/leaflet.css" in sources
    assert all(source.startswith(ASSET_BASE) for source in sources), sources
    assert not re.search(r"https?://(?!leafletjs\.com)[\w.-]+/[^\s\"']*\.(?:js|css)", html)
    assert "cdn" not in html.lower()


def test_map_has_no_tiles_by_default_and_a_max_zoom():
    m = build_map(sample())
    assert not any(isinstance(child, folium.TileLayer) for child in m._children.values())
    assert m.options["max_zoom"] > 0
    assert '"maxZoom": ' in m.get_root().render()


def test_untrusted_text_is_escaped():
    html = render(sample())
    assert SCRIPT not in html
    assert "<b>offensive</b>" not in html
    # Escaped once in Python (&lt;) then JSON-encoded (\u0026lt;) inside the page's script.
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html
    assert "href=\\u0022javascript" not in html
    assert 'href="javascript' not in unescape_json(html)


def test_one_geojson_layer_per_kind_with_legend_and_layer_control():
    m = build_map(sample())
    layers = [c for c in m._children.values() if isinstance(c, folium.GeoJson)]
    names = [layer.layer_name for layer in layers]
    assert names == [
        "Country outlines",
        "Frontlines",
        "Displacement figures",
        "Other figures",
        "Places named",
        "Events",
    ]
    assert any(isinstance(c, folium.LayerControl) for c in m._children.values())
    html = m.get_root().render()
    assert "atlas-legend" in html
    assert "Displacement figures (1)" in html


def test_tooltip_and_popup_say_name_figure_dates_and_quote():
    html = unescape_json(render(sample()))
    assert "about 358,000 displaced" in html
    assert "2019-12-01 – 2020-01-19" in html
    assert "100–500 killed" in html
    assert "capture by government" in html
    assert "Shelling hit &lt;script&gt;alert(1)&lt;/script&gt; the town." in html


@pytest.mark.parametrize("tiles", [None, "OpenStreetMap"])
def test_empty_features_draw_a_map(tiles):
    html = render(empty_features(), tiles=tiles)
    assert "No features in this range" in html
    assert "GeoJsonTooltip" not in html


def test_fit_bounds_to_features():
    m = build_map(sample())
    script = m.get_root().render()
    bounds = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", script)
    assert bounds is not None
    south, west, north, east = (float(v) for v in bounds.groups())
    # the frontline (down to 35.6) frames the places but does not widen the view
    assert south <= 35.65 and north >= 36.2 and west <= 36.63 and east >= 37.16
    assert south > 35.6


def test_layer_titles_split_figures_by_category():
    assert layer_titles(sample()).tolist() == [
        "Places named",
        "Displacement figures",
        "Other figures",
        "Events",
        "Frontlines",
    ]


def test_figure_and_date_text():
    assert figure_text(358000, None, None, "about") == "about 358,000"
    assert figure_text(None, 100000, 500000, "vague") == "100,000–500,000"
    assert figure_text(None, 100000, None, "more_than") == "more than 100,000"
    assert figure_text(None, None, None, "vague") == "an unstated number"
    assert date_text(date(2020, 1, 1), None) == "2020-01-01"
    assert date_text(None, None) == "undated"


def test_fit_bounds_leaves_out_country_points_when_finer_places_exist():
    frame = features_from_records(
        [
            {"kind": "place", "name": "Saraqib", "lon": 36.8, "lat": 35.86, "geo_precision": 1},
            {"kind": "place", "name": "Russia", "lon": 100.0, "lat": 60.0, "geo_precision": 3},
        ]
    )
    script = build_map(frame).get_root().render()
    assert "[[35.61, 36.55], [36.11, 37.05]]" in script


def test_fit_bounds_leaves_out_a_far_off_place_among_many():
    rows = [
        {"kind": "place", "name": f"p{i}", "lon": 36.5 + i / 100, "lat": 35.5 + i / 100}
        for i in range(30)
    ]
    rows.append({"kind": "place", "name": "Moscow", "lon": 37.62, "lat": 55.76})
    script = build_map(features_from_records(rows)).get_root().render()
    bounds = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", script)
    assert bounds is not None
    assert float(bounds.group(3)) < 37.0  # north edge stays in Syria
    assert "Moscow" in script  # still drawn


def _with_advance():
    return features_from_records(
        [
            {"kind": "event", "name": "Aleppo", "lon": 37.16, "lat": 36.2, "category": "advance",
             "actor": "government", "direction": "west", "status": "reported"},
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86,
             "category": "encircle", "actor": "government", "status": "goal"},
            {"kind": "event", "name": "Idlib", "lon": 36.63, "lat": 35.93, "category": "attack",
             "actor": "russia", "status": "reported"},
        ]
    )  # fmt: skip


def test_an_advance_west_gets_an_arrow_pointing_west():
    arrows = advance_arrows(_with_advance())
    assert sorted(arrows.geom_type) == ["LineString", "Polygon"]
    shaft = arrows[arrows.geom_type == "LineString"].geometry.iloc[0]
    (x0, y0), (x1, y1) = shaft.coords
    assert (x0, y0) == pytest.approx((37.16, 36.2))
    assert x1 < x0 - 0.2 and y1 == pytest.approx(y0)  # about 25 km due west
    head = arrows[arrows.geom_type == "Polygon"].geometry.iloc[0]
    assert head.bounds[0] < x1  # the tip lies beyond the shaft's end


def test_events_are_coloured_by_actor_and_outlined_by_category():
    m = build_map(_with_advance())
    names = [c.layer_name for c in m._children.values() if isinstance(c, folium.GeoJson)]
    assert names[-2:] == ["Events", "Advances"]
    html = unescape_json(m.get_root().render())
    assert "Events (3)" in html and "Advances (1)" in html
    assert ACTOR_COLORS["russia"] in html and ACTOR_COLORS["government"] in html
    assert "encircle" in html and "hollow: a stated goal" in html
    assert "advance by government towards the west" in html


def zones_sample():
    from shapely.geometry import LineString, box

    return features_from_records(
        [
            {"kind": "control_zone", "name": "government (inferred)", "actor": "government",
             "category": "inferred", "start": date(2020, 2, 15), "end": date(2020, 2, 15),
             "quote": f"inferred from 2 observations: {SCRIPT} (2020-02-06)",
             "geometry": box(36.0, 35.0, 36.5, 36.0)},
            {"kind": "control_zone", "name": "rebels (observed)", "actor": "rebels",
             "category": "observed", "start": date(2020, 2, 15), "end": date(2020, 2, 15),
             "quote": "observed polygon from tracker.geojson dated 2020-02-10",
             "geometry": box(36.5, 35.0, 37.0, 36.0)},
            {"kind": "frontline", "name": "government / rebels front",
             "actor": "government | rebels", "start": date(2020, 2, 15),
             "end": date(2020, 2, 15), "quote": "where the government and rebels zones meet",
             "geometry": LineString([(36.5, 35.0), (36.5, 36.0)])},
            {"kind": "place", "name": "Saraqib", "lon": 36.8, "lat": 35.86},
        ]
    )  # fmt: skip


def test_zones_take_their_actors_colour_and_say_how_they_were_made():
    m = build_map(zones_sample())
    layers = {child.layer_name: child for child in m._children.values()
              if isinstance(child, folium.GeoJson)}  # fmt: skip
    zones, lines = layers["Control zones"], layers["Frontlines"]
    styles = [zones.style_function(f) for f in zones.data["features"]]
    assert [s["fillColor"] for s in styles] == [ACTOR_COLORS["government"], ACTOR_COLORS["rebels"]]
    assert all(0 < s["fillOpacity"] < 0.5 for s in styles)  # translucent
    assert lines.style_function(lines.data["features"][0])["weight"] >= 4  # bold
    tooltips = [f["properties"]["tooltip"] for f in zones.data["features"]]
    assert "held by government (inferred)" in tooltips[0]
    assert "&lt;script&gt;" in tooltips[0] and SCRIPT not in tooltips[0]
    assert "observed polygon from tracker.geojson dated 2020-02-10" in tooltips[1]
    html = unescape_json(m.get_root().render())
    assert "atlas-zone" in html and "atlas-frontline" in html
    assert "Control zones (2)" in html and "Frontlines (1)" in html
    assert "actor (events and zones)" in html


def test_zones_do_not_widen_the_view():
    script = build_map(zones_sample()).get_root().render()
    bounds = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", script)
    assert bounds is not None
    south, west = (float(v) for v in bounds.groups()[:2])
    assert south > 35.5 and west > 36.5  # around Saraqib, not the whole zone box


def test_points_at_one_place_are_fanned_out_for_drawing_only():
    import numpy as np
    from geopy.distance import distance

    rows = [{"kind": "figure", "name": "Idlib", "lon": 36.634, "lat": 35.931} for _ in range(50)]
    rows.append({"kind": "figure", "name": "Aleppo", "lon": 37.161, "lat": 36.201})
    features = features_from_records(rows)
    fanned = fan_out(features)
    spots = {(round(p.x, 6), round(p.y, 6)) for p in fanned.geometry}
    assert len(spots) == 51  # every point can be clicked on its own
    km = [distance((35.931, 36.634), (p.y, p.x)).km for p in fanned.geometry[:50]]
    assert km[0] == 0 and max(km) < 6  # around their place, within a few km
    assert np.isclose(fanned.geometry[50].x, 37.161)  # a point alone stays put
    assert {(p.x, p.y) for p in features.geometry[:50]} == {(36.634, 35.931)}  # input untouched

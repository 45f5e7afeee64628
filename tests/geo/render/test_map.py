"""The folium map: local assets only, every feature once in the page at its exact spot with its
dates, symbols by event type and actor, figures sized by area, escaped text, legend."""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import date, timedelta
from pathlib import Path

import folium
import pytest
from shapely.geometry import LineString, box

from geo.features import empty_features, features_from_records
from geo.render.browser import AtlasLayers, DataFiles, range_value, show_feature
from geo.render.layers import map_data, map_layers
from geo.render.map import advance_arrows, build_map
from geo.render.popups import date_text, figure_text
from geo.render.style import ACTOR_COLORS, ASSET_BASE
from geo.render.symbols import CASUALTIES, DISPLACEMENT, figure_scale, radius_for

ROOT = Path(__file__).resolve().parents[3]
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


def page_data(html: str) -> dict:
    """The map's data as the page holds it: one JSON script element, named by the mount call."""
    (data_id,) = re.findall(r'atlasMap\.mount\(\w+, "(atlas-data-\w+)"', html)
    (text,) = re.findall(rf'<script type="application/json" id="{data_id}">(.*?)</script>', html)
    return json.loads(text)


def opening_view(html: str) -> list[list[float]]:
    """The bounds the map opens on, as the page's script passes them."""
    (bounds,) = re.findall(
        r"atlasMap\.mount\(\w+, \"atlas-data-\w+\",\s*\w+, (\[\[.*?\]\])\);", html
    )
    return json.loads(bounds)


PIECES = ("head", "how", "quote", "article", "credit")


def iso(day: int | None) -> str | None:
    return None if day is None else (date(1970, 1, 1) + timedelta(days=day)).isoformat()


def features_of(data):
    """The features as the browser reads them from the page's columns (static/atlas/map.js):
    id, geometry, and properties (look, name, ISO days, positions of the pieces of text)."""
    shapes = {i: shape for i, shape in data["shapes"]}
    at = {i: [lat, lon] for i, lat, lon in data["at"]}
    features = []
    for i, fid in enumerate(data["id"]):
        properties = dict(data["looks"][data["look"][i]])
        properties.update(n=data["names"][data["name"][i]], s=iso(data["s"][i]),
                          e=iso(data["e"][i]), **{key: data[key][i] for key in PIECES})  # fmt: skip
        if i in at:
            properties["at"] = at[i]
        geometry = shapes.get(i) or {
            "type": "Point", "coordinates": (data["x"][i] / 1e5, data["y"][i] / 1e5)
        }  # fmt: skip
        features.append({"id": fid, "geometry": geometry, "properties": properties})
    return features


def said(data, properties, key):
    """A piece of text of a feature (the start of its hover text, how a zone was made, its
    quote, article, attribution), escaped, as the page holds it."""
    return data["text"][properties[key]]


def by_name(data, name, draw=None):
    return [
        f
        for f in features_of(data)
        if f["properties"]["n"] == name and (draw is None or f["properties"]["draw"] == draw)
    ]


def test_map_loads_only_local_assets_and_its_own_script():
    html = render(sample())
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    for needed in (
        f"{ASSET_BASE}/leaflet/leaflet.js",
        f"{ASSET_BASE}/markercluster/leaflet.markercluster.js",
        f"{ASSET_BASE}/leaflet-search/leaflet-search.min.js",
        "/app/static/atlas/map.js",
        "/app/static/atlas/map.css",
    ):
        assert needed in sources, needed
    assert all(source.startswith("/app/static/") for source in sources), sources
    assert not re.search(r"https?://(?!leafletjs\.com)[\w.-]+/[^\s\"']*\.(?:js|css)", html)
    assert "cdn" not in html.lower()


def test_the_map_script_and_styles_are_in_the_repository():
    layer = AtlasLayers("{}")
    own = [url for _, url in (*layer.default_js, *layer.default_css) if "/atlas/" in url]
    assert len(own) == 2
    for url in own:
        path = ROOT / "static" / url.removeprefix("/app/static/")
        assert path.is_file() and path.stat().st_size > 1000, path


def test_every_feature_goes_into_the_page_once_at_its_exact_spot():
    features = sample()
    data = map_data(features)
    assert [f["id"] for f in features_of(data)] == list(features.index)
    saraqib = by_name(data, "Saraqib")[0]
    assert saraqib["geometry"] == {"type": "Point", "coordinates": (36.8, 35.86)}
    assert saraqib["properties"]["s"] == "2020-02-06" and saraqib["properties"]["e"] is None
    assert by_name(data, "Aleppo")[0]["properties"]["s"] is None  # undated stays undated
    assert data["days"] == ["2019-12-01", "2020-02-06"]
    line = by_name(data, "M5 highway")[0]
    assert line["properties"]["draw"] == "front"
    assert line["geometry"]["coordinates"] == [[36.7, 35.6], [36.9, 36.1]]


def test_the_page_holds_the_data_once_as_json_a_script_cannot_break_out_of():
    html = render(sample())
    assert html.count("atlasMap.mount(") == 1
    data = page_data(html)
    assert len(data["id"]) == 5
    (element,) = re.findall(r'<script type="application/json" id="atlas-data-\w+">(.*?)</script>',
                            html, re.S)  # fmt: skip
    assert "</" not in element and "<!" not in element  # nothing closes the element early


def test_untrusted_text_is_escaped():
    html = render(sample())
    assert SCRIPT not in html and SCRIPT not in unescape_json(html)
    assert "<b>offensive</b>" not in html
    # escaped in Python before it goes into the page's data
    assert "Shelling hit &lt;script&gt;alert(1)&lt;/script&gt; the town." in html
    assert "Idlib &lt;b&gt;offensive&lt;/b&gt;" in html
    assert "href=\\u0022javascript" not in html and 'href=\\"javascript' not in html


def test_tooltip_and_popup_say_name_figure_dates_and_quote():
    data = map_data(sample())
    idlib = by_name(data, "Idlib")[0]["properties"]
    assert said(data, idlib, "head") == "<b>Idlib</b><br>about 358,000 displaced"
    assert (idlib["s"], idlib["e"]) == ("2019-12-01", "2020-01-19")  # the browser writes them
    assert "100–500 killed" in said(data, by_name(data, "Aleppo")[0]["properties"], "head")
    assert "capture by government" in said(data, by_name(data, "Saraqib")[0]["properties"], "head")
    place = by_name(data, "Maarat al-Numan")[0]["properties"]
    assert (
        said(data, place, "quote") == "Shelling hit &lt;script&gt;alert(1)&lt;/script&gt; the town."
    )
    assert said(data, place, "article") == (
        "<div class='atlas-source'>Idlib &lt;b&gt;offensive&lt;/b&gt;</div>"
    )
    assert "javascript" not in said(data, idlib, "article")  # not a link, only its title
    assert said(data, place, "how") == ""  # only zones and fronts say how they were made


def test_each_piece_of_text_is_listed_once_however_many_features_share_it():
    rows = [
        {"kind": "place", "name": f"p{i}", "lon": 36 + i / 10, "lat": 35, "title": "One report",
         "url": "https://example.org/a", "published": date(2020, 2, 1), "source": "OCHA",
         "quote": "The same sentence."}
        for i in range(5)
    ]  # fmt: skip
    data = map_data(features_from_records(rows))
    articles = set(data["article"])
    assert len(articles) == 1
    article = data["text"][articles.pop()]
    assert "https://example.org/a" in article and "(2020-02-01)" in article
    assert sum("The same sentence." in text for text in data["text"]) == 1
    assert sum("according to OCHA" in text for text in data["text"]) == 1


def _events():
    return features_from_records(
        [
            {"kind": "event", "name": "Aleppo", "lon": 37.16, "lat": 36.2, "category": "advance",
             "actor": "government", "direction": "west", "status": "reported"},
            {"kind": "event", "name": "Saraqib", "lon": 36.8, "lat": 35.86,
             "category": "encircle", "actor": "government", "status": "goal"},
            {"kind": "event", "name": "Idlib", "lon": 36.63, "lat": 35.93, "category": "attack",
             "subtype": "airstrike", "actor": "russia", "status": "reported"},
            {"kind": "event", "name": "Ariha", "lon": 36.6, "lat": 35.8, "category": "attack",
             "subtype": "explosive", "actor": "rebels"},
            {"kind": "event", "name": "Binnish", "lon": 36.71, "lat": 35.95, "category": "attack",
             "subtype": "armed_clash", "actor": "rebels"},
        ]
    )  # fmt: skip


def test_events_get_a_symbol_by_what_happened_coloured_by_who_acted():
    data = map_data(_events())
    badges = [f["properties"] for f in features_of(data)]
    symbols = {p["n"]: p["sym"] for p in badges if p["draw"] == "badge"}
    assert symbols == {
        "Aleppo": f"advance|{ACTOR_COLORS['government']}|0",
        "Saraqib": f"siege|{ACTOR_COLORS['government']}|1",  # a stated aim: hollow
        "Idlib": f"airstrike|{ACTOR_COLORS['russia']}|0",
        "Ariha": f"explosive|{ACTOR_COLORS['rebels']}|0",
        "Binnish": f"clash|{ACTOR_COLORS['rebels']}|0",
    }
    assert set(data["badges"]) == set(symbols.values())
    hollow = data["badges"][symbols["Saraqib"]]
    assert "fill='#ffffff'" in hollow and "stroke-dasharray" in hollow
    html = unescape_json(render(_events()))
    for name in ("air strike", "IED, explosive", "armed clash", "siege, encirclement"):
        assert name in html
    assert "aim</span>" in html  # the hollow badge of a stated aim


def test_an_advance_west_gets_an_arrow_pointing_west_that_follows_its_event():
    arrows = advance_arrows(_events())
    assert sorted(arrows.geom_type) == ["LineString", "Polygon"]
    shaft = arrows[arrows.geom_type == "LineString"].geometry.iloc[0]
    (x0, y0), (x1, y1) = shaft.coords
    assert (x0, y0) == pytest.approx((37.16, 36.2))
    assert x1 < x0 - 0.2 and y1 == pytest.approx(y0)  # about 25 km due west
    head = arrows[arrows.geom_type == "Polygon"].geometry.iloc[0]
    assert head.bounds[0] < x1  # the tip lies beyond the shaft's end
    drawn = map_data(_events())["arrows"]  # [event id, colour, geometry]
    assert [arrow[0] for arrow in drawn] == [0, 0]  # Aleppo's advance, row 0
    assert {arrow[2]["type"] for arrow in drawn} == {"LineString", "Polygon"}


def test_figures_are_circles_whose_area_grows_with_the_number():
    assert figure_scale("killed") is CASUALTIES and figure_scale("refugees") is DISPLACEMENT
    small, big = radius_for(10_000, DISPLACEMENT), radius_for(40_000, DISPLACEMENT)
    assert big == pytest.approx(2 * small, rel=0.02)  # four times the people, four times the area
    assert radius_for(None, CASUALTIES) == radius_for(0, CASUALTIES) > 0
    data = map_data(sample())
    displaced = by_name(data, "Idlib")[0]["properties"]
    killed = by_name(data, "Aleppo")[0]["properties"]
    assert displaced["draw"] == killed["draw"] == "circle"
    assert displaced["r"] == radius_for(358000, DISPLACEMENT) and displaced["lbl"] == "358k"
    assert killed["r"] == radius_for(100, CASUALTIES)  # the lower bound of "100-500"
    # killed and displaced are told apart by colour and by fill
    assert displaced["c"] != killed["c"] and killed["solid"] and not displaced["solid"]


def test_an_area_is_drawn_as_an_area_with_its_figure_circle_inside():
    figure = features_from_records(
        [{"kind": "figure", "name": "Northwest Syria", "category": "displaced", "value": 900000,
          "geo_precision": 2, "geometry": box(36.0, 35.5, 37.0, 36.5)}]
    )  # fmt: skip
    properties = features_of(map_data(figure))[0]["properties"]
    assert properties["draw"] == "area"
    south_west, north_east = (35.5, 36.0), (36.5, 37.0)
    assert south_west[0] < properties["at"][0] < north_east[0]
    assert south_west[1] < properties["at"][1] < north_east[1]


def zones_sample():
    return features_from_records(
        [
            {"kind": "control_zone", "name": "government (inferred)", "actor": "government",
             "category": "inferred", "start": date(2020, 2, 15), "end": None,
             "quote": f"inferred from 2 observations: {SCRIPT} (2020-02-06)",
             "geometry": box(36.0, 35.0, 36.5, 36.0)},
            {"kind": "control_zone", "name": "rebels (observed)", "actor": "rebels",
             "category": "observed", "start": date(2020, 2, 10), "end": date(2020, 2, 14),
             "quote": "observed polygon from tracker.geojson dated 2020-02-10",
             "geometry": box(36.5, 35.0, 37.0, 36.0)},
            {"kind": "frontline", "name": "government / rebels front",
             "actor": "government | rebels", "start": date(2020, 2, 15),
             "quote": "where the government and rebels zones meet",
             "geometry": LineString([(36.5, 35.0), (36.5, 36.0)])},
            {"kind": "place", "name": "Saraqib", "lon": 36.8, "lat": 35.86},
        ]
    )  # fmt: skip


def test_zones_take_their_actors_colour_and_say_how_they_were_made():
    data = map_data(zones_sample())
    zones = [f["properties"] for f in features_of(data) if f["properties"]["draw"] == "zone"]
    assert [z["c"] for z in zones] == [ACTOR_COLORS["government"], ACTOR_COLORS["rebels"]]
    assert [(z["s"], z["e"]) for z in zones] == [("2020-02-15", None), ("2020-02-10", "2020-02-14")]
    tips = [said(data, zone, "head") + said(data, zone, "how") for zone in zones]
    assert "held by government (inferred)" in tips[0]
    assert "&lt;script&gt;" in tips[0] and SCRIPT not in tips[0]
    assert "observed polygon from tracker.geojson dated 2020-02-10" in tips[1]
    html = unescape_json(render(zones_sample()))
    assert "zones: who holds them on the range" in html


def test_the_view_opens_on_the_places_not_on_the_zones():
    html = render(zones_sample())
    (south, west), _ = opening_view(html)
    assert south > 35.5 and west > 36.5  # around Saraqib, not the whole zone box


def test_the_view_leaves_out_country_points_and_far_off_places():
    rows = [{"kind": "place", "name": f"p{i}", "lon": 36.5 + i / 100, "lat": 35.5 + i / 100}
            for i in range(30)]  # fmt: skip
    rows.append({"kind": "place", "name": "Moscow", "lon": 37.62, "lat": 55.76})
    rows.append({"kind": "place", "name": "Russia", "lon": 100.0, "lat": 60.0, "geo_precision": 3})
    html = render(features_from_records(rows))
    data = page_data(html)
    _, (north, east) = opening_view(html)
    assert north < 37.0 and east < 37.5  # stays in Syria
    assert by_name(data, "Moscow")  # still drawn


@pytest.mark.parametrize("tiles", [None, "OpenStreetMap"])
def test_empty_features_draw_a_map(tiles):
    html = render(empty_features(), tiles=tiles)
    assert "No features to draw" in html
    assert "atlasMap.mount(" in html


def test_a_row_shows_its_feature_through_a_snippet_that_leaves_the_map_as_it_is():
    assert show_feature(None) is None
    group = show_feature(7)
    assert isinstance(group, folium.FeatureGroup) and not group.control
    m = folium.Map()
    group.add_to(m)
    assert "window.atlasFocus(7)" in m.get_root().render()


def test_the_same_features_give_the_same_page_so_the_map_is_not_reloaded():
    # streamlit-folium reloads the map when its script changes: the range must not be in it,
    # and two builds from the same features must give the same script
    from streamlit_folium import _get_map_string, generate_js_hash

    scripts = []
    for _ in range(2):
        m = build_map(sample())
        m.get_root().render()
        scripts.append(_get_map_string(m))
    assert generate_js_hash(scripts[0], "k") == generate_js_hash(scripts[1], "k")
    assert scripts[0] == scripts[1]
    other = build_map(sample().iloc[:2])
    other.get_root().render()
    assert generate_js_hash(_get_map_string(other), "k") != generate_js_hash(scripts[0], "k")


def test_figure_and_date_text():
    assert figure_text(358000, None, None, "about") == "about 358,000"
    assert figure_text(None, 100000, 500000, "vague") == "100,000–500,000"
    assert figure_text(None, 100000, None, "more_than") == "more than 100,000"
    assert figure_text(None, None, None, "vague") == "an unstated number"
    assert date_text(date(2020, 1, 1), None) == "2020-01-01"
    assert date_text(None, None) == "undated"


def test_the_range_the_map_sends_back_is_read_and_kept_while_the_map_has_none():
    sent = {"atlas_range": {"start": "2020-01-01", "end": "2020-01-31", "undated": False}}
    kept = {"start": "2019-12-01", "end": "2019-12-31", "undated": True}
    assert range_value(sent, kept) == sent["atlas_range"]
    assert range_value({}, kept) == kept  # a map drawn anew has sent nothing yet
    assert range_value(None) is None
    assert range_value({"atlas_range": "junk"}, None) is None


def test_an_absurd_amount_in_the_store_draws_a_plain_circle_and_never_breaks_the_map():
    rows = [
        {"kind": "figure", "name": name, "lon": 36.6, "lat": 35.9, "category": "displaced",
         "value": value}
        for name, value in (("infinite", float("inf")), ("huge", 1e30), ("none", float("nan")))
    ]  # fmt: skip
    html = render(features_from_records(rows))
    data = page_data(html)
    looks = [(f["properties"]["r"], f["properties"].get("lbl")) for f in features_of(data)]
    assert looks == [(3.0, None)] * 3  # the smallest circle, no number said


def test_with_data_files_the_page_names_a_file_the_script_fetches_first(tmp_path):
    files = DataFiles(tmp_path / "static" / "mapdata", "/app/static/mapdata")
    html = render(sample(), data=files)
    assert '<script type="application/json"' not in html  # the data is not in the page
    (url,) = re.findall(r'atlasMap\.mount\(\w+, \{"url": "([^"]+)"\}', html)
    layers = map_layers(sample())
    assert url == f"/app/static/mapdata/{layers.digest}.json.gz"
    written = files.folder / f"{layers.digest}.json.gz"
    assert json.loads(gzip.decompress(written.read_bytes())) == json.loads(layers.json)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[0] == f"/app/static/atlas/preload.js?data={url}"  # before Leaflet itself
    assert (ROOT / "static" / "atlas" / "preload.js").is_file()
    stamp = written.stat().st_mtime_ns
    render(sample(), data=files)  # the same data again: the same file, left as it was
    assert written.stat().st_mtime_ns == stamp
    assert (files.folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_folder_that_cannot_be_written_puts_the_data_in_the_page(tmp_path):
    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be")
    html = render(sample(), data=DataFiles(blocker / "mapdata", "/app/static/mapdata"))
    assert len(page_data(html)["id"]) == 5
    assert "preload.js" not in html


def test_old_data_files_are_removed_but_never_recent_ones(tmp_path):
    files = DataFiles(tmp_path, "/app/static/mapdata", keep=3, min_age_s=600)
    long_ago = 1_000_000_000
    for i in range(4):
        old = tmp_path / f"old{i}.json.gz"
        old.write_bytes(b"x")
        os.utime(old, (long_ago + i, long_ago + i))
    for i in range(3):
        (tmp_path / f"new{i}.json.gz").write_bytes(b"x")
    files.publish("latest", "{}")
    left = sorted(p.name for p in tmp_path.glob("*.json.gz"))
    assert left == ["latest.json.gz", "new0.json.gz", "new1.json.gz", "new2.json.gz"]

"""The offline basemap in a real browser with no internet, on the demo data: town names painted
on the map at Idlib without hovering, Latakia on land and the sea off it blue, a town the basemap
names found by the map's search under another spelling, and every request local until the
analyst picks OpenStreetMap.

Labels are counted from protomaps-leaflet's own label index (``window.atlasBasemap.labels()``:
the labels it placed in the view, so painted with the tiles), and the tile canvases are read
pixel by pixel to see that names and land are drawn.
"""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Frame, Page, expect

from geo.render.basemap import BASEMAP_URL, ONLINE_NAME, STYLE, TOWNS_URL

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOAD_TIMEOUT_MS = 180_000  # the first run reads the demo articles (gazetteer, NER)
SETTLE_SECONDS = 120

IDLIB = (35.93062, 36.63393)  # lat, lon
LATAKIA = (35.53125, 35.79088)  # GeoNames' point for the city
OFFSHORE = (35.5317, 35.5236)  # 24 km west of Latakia, in the Mediterranean
SALQIN = (36.13861, 36.45244)  # GeoNames 163345, Salqīn, Idlib: no feature of the demo there


def hex_rgb(color: str) -> list[int]:
    return [int(color[i : i + 2], 16) for i in (1, 3, 5)]


def wait_settled(page: Page) -> None:
    """Until Streamlit has finished its runs (three quiet checks in a row)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    quiet = 0
    while quiet < 3:
        assert time.monotonic() < deadline, "the app did not settle"
        state = page.locator("[data-test-script-state]")
        idle = (
            state.count() > 0
            and state.first.get_attribute("data-test-script-state") == "notRunning"
            and page.locator(MAP_IFRAME).count() == 1
        )
        quiet = quiet + 1 if idle else 0
        page.wait_for_timeout(300)


def open_map(page: Page, url: str) -> Frame:
    """The app's map frame, once the basemap layer is on the map."""
    page.goto(url)
    page.locator(MAP_IFRAME).wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_settled(page)
    handle = page.locator(MAP_IFRAME).element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    frame.wait_for_function("() => window.atlasBasemap !== undefined", timeout=60_000)
    return frame


def show(frame: Frame, lat: float, lon: float, zoom: int) -> None:
    """Centre the map on the point at ``zoom`` and wait until the view's tiles are painted."""
    frame.evaluate(
        "([lat, lon, zoom]) => window.atlasBasemap.map.setView([lat, lon], zoom, {animate: false})",
        [lat, lon, zoom],
    )
    frame.wait_for_function(
        """() => {
          const {layer} = window.atlasBasemap;
          const tiles = Object.values(layer._tiles);
          return !layer.isLoading() && tiles.length > 0 && tiles.every(t => t.loaded);
        }""",
        timeout=60_000,
    )
    frame.wait_for_timeout(800)  # tiles whose labels moved are painted again


PIXELS = """([water, land]) => {
  const {layer} = window.atlasBasemap;
  const near = (data, i, rgb) => Math.abs(data[i] - rgb[0]) + Math.abs(data[i + 1] - rgb[1])
    + Math.abs(data[i + 2] - rgb[2]) < 12;
  const counts = {total: 0, dark: 0, land: 0, water: 0};
  for (const tile of Object.values(layer._tiles)) {
    const canvas = tile.el;
    if (!canvas.width) continue;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) {
      counts.total += 1;
      if (data[i] + data[i + 1] + data[i + 2] < 330) counts.dark += 1;  // names and town dots
      if (near(data, i, land)) counts.land += 1;
      if (near(data, i, water)) counts.water += 1;
    }
  }
  return counts;
}"""

PIXEL_AT = """([lat, lon, dx, dy]) => {
  const {map, layer} = window.atlasBasemap;
  const spot = map.latLngToContainerPoint([lat, lon]);
  const box = map.getContainer().getBoundingClientRect();
  const x = box.left + spot.x + dx, y = box.top + spot.y + dy;
  for (const tile of Object.values(layer._tiles)) {
    const r = tile.el.getBoundingClientRect();
    if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) continue;
    const px = Math.floor((x - r.left) * tile.el.width / r.width);
    const py = Math.floor((y - r.top) * tile.el.height / r.height);
    return Array.from(tile.el.getContext('2d').getImageData(px, py, 1, 1).data.slice(0, 3));
  }
  return null;
}"""

LAYERS_AT = """([lat, lon]) => Array.from(window.atlasBasemap.layer
  .queryTileFeaturesDebug(lon, lat, 0).values()).flat().map(picked => picked.layerName)"""


def close(rgb: list[int] | None, color: str) -> bool:
    return (
        rgb is not None and sum(abs(a - b) for a, b in zip(rgb, hex_rgb(color), strict=True)) < 12
    )


def test_at_zoom_9_over_idlib_town_names_are_painted_on_the_map(
    app_url: str, offline_page: Any
) -> None:
    frame = open_map(offline_page.page, app_url)
    show(frame, *IDLIB, 9)
    assert frame.evaluate("() => window.atlasBasemap.map.getZoom()") == 9
    labels = frame.evaluate("() => window.atlasBasemap.labels()")
    towns = sorted({label["name"] for label in labels if label["kind"] == "town"})
    print(f"{len(towns)} town names painted at zoom 9 over Idlib: {', '.join(towns)}")
    assert len(towns) >= 10, towns
    assert {"Idlib", "Saraqib", "Binnish"} <= set(towns), towns

    pixels = frame.evaluate(PIXELS, [hex_rgb(STYLE.water), hex_rgb(STYLE.land)])
    print(f"tile pixels at zoom 9 over Idlib: {pixels}")
    assert pixels["land"] > 0.5 * pixels["total"], pixels  # inland Syria: mostly land
    assert pixels["dark"] > 100 * len(towns), pixels  # every name is ink on the tiles
    assert offline_page.blocked == []


def test_latakia_lies_on_land_and_the_sea_off_it_is_water(app_url: str, offline_page: Any) -> None:
    frame = open_map(offline_page.page, app_url)
    show(frame, *LATAKIA, 9)
    assert "land" in frame.evaluate(LAYERS_AT, list(LATAKIA))
    assert "land" not in frame.evaluate(LAYERS_AT, list(OFFSHORE))
    assert close(frame.evaluate(PIXEL_AT, [*OFFSHORE, 0, 0]), STYLE.water)

    # Painted: at zoom 12 the coast is ~45 px west of the city; beside its dot is land colour.
    show(frame, *LATAKIA, 12)
    around = [frame.evaluate(PIXEL_AT, [*LATAKIA, dx, dy]) for dx, dy in
              ((-9, 0), (0, 9), (0, -9), (9, 9))]  # fmt: skip
    assert sum(close(rgb, STYLE.land) for rgb in around) >= 3, around


def _open_recording(offline_page: Any, app_url: str) -> tuple[Frame, list[str]]:
    """The map opened in the offline page, and the list every request of the page goes to."""
    requested: list[str] = []
    offline_page.page.on("request", lambda request: requested.append(request.url))
    return open_map(offline_page.page, app_url), requested


def test_every_request_is_local_until_openstreetmap_is_picked(
    app_url: str, offline_page: Any
) -> None:
    frame, requested = _open_recording(offline_page, app_url)
    show(frame, *IDLIB, 8)
    assert any(BASEMAP_URL in url for url in requested), "the tiles did not come from the app"
    assert offline_page.blocked == [], offline_page.blocked

    frame.get_by_text(ONLINE_NAME).click()  # the basemap switcher's other choice
    frame.wait_for_timeout(1500)
    assert offline_page.blocked, "picking OpenStreetMap asked for no tiles"
    assert all("tile.openstreetmap.org" in url for url in offline_page.blocked)


def test_the_search_finds_a_town_of_the_basemap_typed_another_way(
    app_url: str, offline_page: Any
) -> None:
    frame, requested = _open_recording(offline_page, app_url)
    frame.wait_for_function("() => window.atlas !== undefined", timeout=60_000)  # its features
    names = frame.evaluate("() => atlas.records.map(r => r.p.n || '')")
    assert not [name for name in names if "Salq" in name]  # only the basemap knows the town
    frame.locator(".search-button").click()
    box = frame.get_by_placeholder("Find a place...")
    box.press_sequentially("Salqin", delay=50)  # GeoNames writes Salqīn
    tip = frame.locator(".search-tip", has_text="Salqīn, Syria")
    expect(tip).to_be_visible(timeout=20_000)
    assert any(TOWNS_URL in url for url in requested), "the towns did not come from the app"
    tip.click()
    frame.wait_for_function(  # the map flies there: its centre within 2 km of the town
        "([lat, lon]) => atlas.map.distance(atlas.map.getCenter(), [lat, lon]) < 2000"
        " && atlas.map.getZoom() >= 11",
        arg=list(SALQIN),
        timeout=10_000,
    )
    expect(frame.locator("path.atlas-found")).to_have_count(1)  # and rings it

    # A feature comes before the towns, found by another spelling of its town too.
    box.fill("")
    box.press_sequentially("Maarat al-Numan", delay=30)
    tips = frame.locator(".search-tip")
    expect(tips.first).to_have_text("Ma‘arrat an Nu‘mān", timeout=20_000)  # the demo's feature
    assert offline_page.blocked == [], offline_page.blocked

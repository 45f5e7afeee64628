"""The app in a real browser with no internet: the map draws, the date range filters it, the
GeoJSON download holds what the map shows, and article text never runs as script.

Runs against the real pipeline on the demo articles (data/demo). Set ATLAS_SCREENSHOT to a path
to also save a screenshot of the page (static/screenshot.png for the README).
"""

from __future__ import annotations

import json
import os
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import FrameLocator, Locator, Page, expect

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SHOWN = re.compile(r"(\d+) features shown")
LOAD_TIMEOUT_MS = 180_000  # first run reads the demo articles (gazetteer, NER)
SETTLE_SECONDS = 120
SCREENSHOT_SIZE = {"width": 1400, "height": 1330}


def settled(page: Page) -> bool:
    """Streamlit has finished its run: no stale elements, one map, script not running."""
    state = page.locator("[data-test-script-state]")
    return (
        page.locator("[data-stale='true']").count() == 0
        and page.locator(MAP_IFRAME).count() == 1
        and state.count() > 0
        and state.first.get_attribute("data-test-script-state") == "notRunning"
    )


def wait_settled(page: Page, quiet_checks: int = 3) -> None:
    """Wait until the app has been settled for a few checks in a row (reruns come in bursts)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    quiet = 0
    while quiet < quiet_checks:
        assert time.monotonic() < deadline, "the app did not settle"
        quiet = quiet + 1 if settled(page) else 0
        page.wait_for_timeout(300)


def open_app(page: Page, url: str) -> tuple[Locator, FrameLocator]:
    """Load the app; return the "N features shown" caption and the map's iframe."""
    page.goto(url)
    caption = page.get_by_text(SHOWN)
    caption.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_settled(page)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=60_000)
    return caption, frame


def shown(caption: Locator) -> int:
    found = SHOWN.search(caption.inner_text())
    assert found, caption.inner_text()
    return int(found.group(1))


def drawn(frame: FrameLocator) -> Locator:
    """The shapes of features (not the country outlines) drawn in the map."""
    return frame.locator("path.atlas-feature")


def download_geojson(page: Page) -> dict[str, Any]:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download GeoJSON").click()
    data: dict[str, Any] = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    return data


def slider_range(page: Page) -> tuple[date, date]:
    thumbs = page.get_by_role("slider")
    first, last = (date.fromisoformat(str(thumbs.nth(i).get_attribute("aria-valuetext")))
                   for i in (0, 1))  # fmt: skip
    return first, last


def test_map_draws_offline_from_local_assets(app_url: str, offline_page: Any) -> None:
    page = offline_page.page
    caption, frame = open_app(page, app_url)
    assert shown(caption) > 0, "the demo articles gave no features"
    expect(frame.locator("path.leaflet-interactive").first).to_be_visible()
    assert frame.locator("path.leaflet-interactive").count() > 0
    expect(drawn(frame).first).to_be_visible()
    expect(frame.locator(".atlas-legend")).to_be_visible()
    assert offline_page.blocked == [], f"requests to other hosts: {offline_page.blocked}"
    if target := os.environ.get("ATLAS_SCREENSHOT"):
        # a tall window: the map with its zones, and the timeline below it
        page.set_viewport_size(SCREENSHOT_SIZE)
        page.get_by_text("Displaced people over time").wait_for()
        wait_settled(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=target)


def test_date_range_filters_map_and_download(app_url: str, offline_page: Any) -> None:
    page = offline_page.page
    caption, frame = open_app(page, app_url)
    before = shown(caption)
    expect(drawn(frame)).to_have_count(len(located(download_geojson(page))))

    start_thumb = page.get_by_role("slider").first
    start_thumb.focus()
    for _ in range(40):  # forty days later
        page.keyboard.press("ArrowRight")
    expect(caption).not_to_have_text(re.compile(rf"^{before} features shown"), timeout=30_000)
    wait_settled(page)
    after = shown(caption)
    assert after < before

    data = download_geojson(page)
    assert len(data["features"]) == after
    expect(drawn(frame)).to_have_count(len(located(data)), timeout=30_000)
    first, last = slider_range(page)
    for feature in data["features"]:
        props = feature["properties"]
        start, end = props["start"] or props["end"], props["end"] or props["start"]
        if start is None:
            continue  # undated features are kept by default
        assert date.fromisoformat(start) <= last and date.fromisoformat(end) >= first, props
    assert offline_page.blocked == []


def located(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [feature for feature in data["features"] if feature["geometry"] is not None]


def test_pasted_script_shows_as_text(app_url: str, offline_page: Any) -> None:
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    caption, frame = open_app(page, app_url)
    before = shown(caption)

    page.get_by_label("Title").fill("Report <img src=x onerror=alert(2)>")
    page.get_by_label("Article text").fill(
        "Syrian government shelling hit the town of Saraqib in Idlib province on Tuesday "
        "<script>alert(1)</script>, residents said."
    )
    page.get_by_role("button", name="Add article").click()
    expect(caption).not_to_have_text(re.compile(rf"^{before} features shown"), timeout=60_000)
    wait_settled(page)

    shapes = drawn(frame)
    expect(shapes.first).to_be_visible(timeout=30_000)
    texts = []
    for index in range(shapes.count()):
        shapes.nth(index).dispatch_event("click")
        texts.extend(frame.locator(".leaflet-popup-content").all_inner_texts())
    assert any("<script>alert(1)</script>" in text for text in texts), texts[:3]
    assert dialogs == []
    assert offline_page.blocked == []


MAARAT = (36.6797, 35.6433)  # lon, lat of Ma'arrat an Nu'man


def set_range_end(page: Page, caption: Locator, target: date) -> None:
    """Move the date slider's end thumb to ``target`` with the keyboard, one day a press."""
    first, last = slider_range(page)
    if last == target:
        return
    before = caption.inner_text()
    page.get_by_role("slider").nth(1).focus()
    key = "ArrowLeft" if target < last else "ArrowRight"
    for _ in range(abs((last - target).days)):
        page.keyboard.press(key)
    deadline = time.monotonic() + 30
    while slider_range(page)[1] != target:
        assert time.monotonic() < deadline, f"slider end stuck at {slider_range(page)}"
        page.wait_for_timeout(200)
    expect(caption).not_to_have_text(before, timeout=30_000)
    wait_settled(page)
    assert slider_range(page) == (first, target)


def holder_of(data: dict[str, Any], lon: float, lat: float) -> str | None:
    """The actor of the downloaded control zone that holds the point."""
    from shapely.geometry import Point, shape

    for feature in data["features"]:
        props = feature["properties"]
        if props["kind"] == "control_zone" and shape(feature["geometry"]).covers(Point(lon, lat)):
            return str(props["actor"])
    return None


def zone_tooltips(frame: FrameLocator) -> list[str]:
    """The hover text of every control zone drawn."""
    zones = frame.locator("path.atlas-zone")
    texts = []
    for index in range(zones.count()):
        zones.nth(index).dispatch_event("mouseover")
        texts.append(frame.locator(".leaflet-tooltip").last.inner_text())
        zones.nth(index).dispatch_event("mouseout")
    return texts


def test_zones_and_frontlines_move_with_the_date_range(app_url: str, offline_page: Any) -> None:
    page = offline_page.page
    caption, frame = open_app(page, app_url)
    seen: dict[date, tuple[str | None, list[str], int]] = {}
    for day in (date(2020, 1, 15), date(2020, 2, 15)):
        set_range_end(page, caption, day)
        expect(frame.locator("path.atlas-zone").first).to_be_visible(timeout=30_000)
        lines = frame.locator("path.atlas-frontline")
        expect(lines.first).to_be_visible()
        zones_caption = page.get_by_text(re.compile(r"Control zones and frontlines as of"))
        expect(zones_caption).to_contain_text(day.isoformat())
        data = download_geojson(page)
        kinds = [f["properties"]["kind"] for f in data["features"]]
        assert frame.locator("path.atlas-zone").count() == kinds.count("control_zone")
        assert lines.count() == kinds.count("frontline") >= 1
        tooltips = zone_tooltips(frame)
        assert all("inferred from" in text or "observed polygon" in text for text in tooltips)
        seen[day] = (holder_of(data, *MAARAT), tooltips, kinds.count("control_zone"))
    assert seen[date(2020, 1, 15)][0] == "rebels"
    assert seen[date(2020, 2, 15)][0] == "government"
    assert seen[date(2020, 1, 15)][1] != seen[date(2020, 2, 15)][1]
    assert offline_page.blocked == []


def overlap(a: dict[str, float] | None, b: dict[str, float] | None) -> bool:
    """Whether two bounding boxes (as Playwright gives them) share any area."""
    assert a is not None and b is not None
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_a_popup_opens_clear_of_the_legend_and_the_zoom_buttons(
    app_url: str, offline_page: Any
) -> None:
    page = offline_page.page
    _, frame = open_app(page, app_url)
    legend = frame.locator(".atlas-legend")
    zoom = frame.locator(".leaflet-control-zoom")
    shapes = drawn(frame)
    expect(shapes.first).to_be_visible()
    checked = 0
    for index in range(0, shapes.count(), max(1, shapes.count() // 12)):
        shapes.nth(index).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content-wrapper")
        expect(popup).to_be_visible()
        page.wait_for_timeout(600)  # the map pans to fit the popup
        box = popup.bounding_box()
        assert not overlap(box, legend.bounding_box()), f"popup {index} under the legend"
        assert not overlap(box, zoom.bounding_box()), f"popup {index} under the zoom buttons"
        frame.locator(".leaflet-popup-close-button").click()
        expect(popup).to_have_count(0)
        checked += 1
    assert checked >= 5
    # the legend folds away and opens again
    frame.locator(".atlas-legend summary").click()
    expect(frame.locator(".atlas-legend-row").first).to_be_hidden()
    frame.locator(".atlas-legend summary").click()
    expect(frame.locator(".atlas-legend-row").first).to_be_visible()

"""The Streamlit app's wiring, run headless with AppTest.

The real document loader and demo articles are used; the pipeline is a stand-in (each document
gives one place feature dated on its publication day) so these tests are about the app: state,
errors, filters. Each test's app writes to a GeoPackage of its own (ATLAS_STORE in tmp_path),
never to the data folder. The real pipeline runs in tests/e2e.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.scriptrunner import magic
from streamlit.testing.v1 import AppTest

from extract import documents
from extract.records import Document
from geo import config, pipeline
from geo.service import articles
from geo.store import open_store

APP = str(Path(__file__).resolve().parents[1] / "app.py")
DEMO_DAYS = 16  # data/demo/articles.jsonl: 16 articles on 16 different days


def fake_extract(docs: Sequence[Document], *, progress=None) -> pipeline.Extracted:
    """A quick stand-in for the pipeline: one place per article, named by its title."""
    if any("PIPELINE FAILS" in doc.text for doc in docs):
        raise RuntimeError("gazetteer missing")
    rows = []
    for done, doc in enumerate(docs, start=1):
        rows.append(
            {"kind": "place", "name": doc.title, "lon": 36.0 + done / 100, "lat": 35.5,
             "start": doc.published, "end": doc.published, "doc_id": doc.id,
             "title": doc.title, "quote": doc.text[:80], "mentions": 1}
        )  # fmt: skip
        if progress is not None:
            progress(done, len(docs), doc.title)
    return pipeline.Extracted(tuple(docs), tuple(rows))


@pytest.fixture(autouse=True)
def temporary_store(monkeypatch, tmp_path) -> Iterator[Path]:
    """Every app in a test writes to a store in tmp_path (the app caches one store per URL)."""
    path = tmp_path / "store" / "atlas.gpkg"
    monkeypatch.setenv("ATLAS_STORE", str(path))
    config.reload()  # the settings are read once per process: read them again for this test
    yield path
    monkeypatch.undo()
    config.reload()


def stored() -> pd.DataFrame:
    """The articles in the test's store (id, title, published, ...), oldest first."""
    with open_store(os.environ["ATLAS_STORE"]) as store:
        return store.documents()


def stored_features():
    with open_store(os.environ["ATLAS_STORE"]) as store:
        return store.read()


WHOLE_PERIOD = {"start": None, "end": None, "undated": True}
"""What the map sends once it has drawn, when no range was chosen (map.js)."""


def map_has_drawn(at: AppTest) -> None:
    """What the browser does after the first run: the map draws and sends its range, and the
    app reruns with what goes below the map (tables, chart, downloads)."""
    at.session_state["range_sent"] = dict(WHOLE_PERIOD)
    at.run()
    assert not at.exception, at.exception


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    map_has_drawn(at)
    return at


def shown(at: AppTest) -> int:
    for caption in at.caption:
        if " features shown" in caption.value:
            return int(caption.value.split()[0])
    raise AssertionError("no 'features shown' caption")


def paste(at: AppTest, text: str, title: str = "", published: date | None = None) -> None:
    at.text_input(key="paste_title").input(title)
    at.text_area(key="paste_text").input(text)
    if published is not None:
        at.date_input(key="paste_date").set_value(published)
    at.button(key="paste_submit").click().run()
    assert not at.exception, at.exception


def test_first_run_loads_the_demo_articles(app):
    assert len(stored()) == DEMO_DAYS
    assert shown(app) == DEMO_DAYS
    assert any("Added 16 article" in s.value for s in app.success)


def test_the_tables_chart_and_downloads_follow_once_the_map_has_drawn(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()  # the first run: the map and how many features it shows, nothing below it yet
    assert not at.exception, at.exception
    assert shown(at) == DEMO_DAYS
    assert not at.dataframe and not at.get("download_button")
    assert "Features" not in [header.value for header in at.subheader]
    map_has_drawn(at)
    assert len(at.get("download_button")) == 3  # GeoJSON, GeoPackage, CSV
    assert "Features" in [header.value for header in at.subheader]
    features = at.dataframe[1].value  # after the areas table
    assert len(features) == DEMO_DAYS
    assert shown(at) == DEMO_DAYS


def test_a_map_that_never_reports_holds_back_the_tables_for_one_run_only(monkeypatch):
    # a page whose map cannot send its range (its scripts failed, or the page reported to an
    # earlier session of the server): the next rerun, whatever causes it, shows the tables
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.get("download_button")
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("download_button")) == 3
    assert "Features" in [header.value for header in at.subheader]


def choose_range(at: AppTest, first: date | None, last: date | None, undated: bool = True) -> None:
    """What the map's timeline does: send its range back as the map's value (the map lives in
    the browser, which AppTest does not run; the app keeps the last range the map sent)."""
    start, end = (None, None) if first is None or last is None else (str(first), str(last))
    at.session_state["range_sent"] = {"start": start, "end": end, "undated": undated}
    at.run()
    assert not at.exception, at.exception


def test_the_range_the_map_sends_filters_the_tables_and_the_timeline_is_the_only_control(app):
    assert not app.slider  # the date range is chosen in the map, not in the sidebar
    choose_range(app, date(2020, 1, 1), date(2020, 1, 31))
    assert shown(app) == 4  # articles of Jan 10, 20, 28 and 30
    choose_range(app, None, None)  # the map's "all" button
    assert shown(app) == DEMO_DAYS


def test_a_link_with_a_range_opens_on_that_range(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    first = AppTest.from_file(APP, default_timeout=60)
    first.run()  # loads the demo articles
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params.update({"start": "2020-01-01", "end": "2020-01-31", "zoom": "9"})
    linked.run()
    assert not linked.exception, linked.exception
    assert shown(linked) == 4
    choose_range(linked, date(2020, 1, 1), date(2020, 1, 10))  # the map wins once it sends
    assert shown(linked) == 1


def test_layer_filter(app):
    app.multiselect[0].set_value([]).run()
    assert shown(app) == 0


def test_pasted_article_is_added_with_its_title(app):
    paste(
        app, "Shelling hit Saraqib on Tuesday.", title="Saraqib report", published=date(2020, 2, 4)
    )
    articles = stored()
    assert len(articles) == DEMO_DAYS + 1
    assert "Saraqib report" in list(articles["title"])
    assert shown(app) == DEMO_DAYS + 1


def test_bad_input_names_the_problem_and_keeps_what_is_loaded(app):
    paste(app, "\x01" * 40 + "binary junk")
    assert any("pasted text" in e.value and "binary" in e.value for e in app.error)
    assert len(stored()) == DEMO_DAYS
    paste(app, "   ")
    assert any("no text" in e.value for e in app.error)
    assert shown(app) == DEMO_DAYS


def test_a_loader_bug_is_reported_not_raised(app, monkeypatch):
    def broken(name, data, *, published=None):
        raise RuntimeError("loader bug")

    monkeypatch.setattr(documents, "load_bytes", broken)
    paste(app, "Any text at all.")
    assert any("could not be read" in e.value and "loader bug" in e.value for e in app.error)
    assert len(stored()) == DEMO_DAYS


def test_pipeline_failure_keeps_the_stored_articles(app):
    paste(app, "PIPELINE FAILS here")
    assert len(stored()) == DEMO_DAYS
    assert shown(app) == DEMO_DAYS
    assert any("gazetteer missing" in e.value for e in app.error)


def test_the_same_article_twice_is_stored_once(app):
    paste(app, "One article about Aleppo.", title="Aleppo note")
    paste(app, "One article about Aleppo.", title="Aleppo note")
    assert len(stored()) == DEMO_DAYS + 1
    assert any("already loaded, skipped: Aleppo note" in i.value for i in app.info)


def test_clear_then_demo_again(app):
    app.button(key="clear").click().run()
    assert shown(app) == 0
    assert not app.exception
    assert len(stored()) == DEMO_DAYS  # "Clear all" empties the view; the store keeps them
    assert any("store keeps every article" in i.value for i in app.info)
    app.button(key="demo").click().run()
    assert shown(app) == DEMO_DAYS
    assert len(stored()) == DEMO_DAYS


def test_clear_then_add_shows_only_the_new_article_and_show_all_brings_back_the_rest(app):
    app.button(key="clear").click().run()
    paste(app, "Fighting near Ariha.", published=date(2020, 2, 2))
    assert shown(app) == 1
    assert any(c.value.endswith("from 1 articles") for c in app.caption)
    app.button(key="show_all").click().run()
    assert shown(app) == DEMO_DAYS + 1


def test_the_app_reads_and_writes_the_store_of_atlas_store(temporary_store, monkeypatch):
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    first = AppTest.from_file(APP, default_timeout=60)
    first.run()
    assert temporary_store.exists() and len(stored()) == DEMO_DAYS
    assert any("atlas.gpkg" in plain(c.value) for c in first.sidebar.caption)
    again = AppTest.from_file(APP, default_timeout=60)  # a new session: no second demo load
    again.run()
    assert not again.exception, again.exception
    assert not any("Added" in s.value for s in again.success)
    assert shown(again) == DEMO_DAYS
    assert len(stored()) == DEMO_DAYS


def test_two_sessions_adding_at_once_lose_nothing(monkeypatch):
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    # Each AppTest has its own script cache, so both threads parse app.py at once, and
    # CPython 3.11's ast module keeps its recursion counter in shared state: two parses at
    # once can fail with "AST constructor recursion depth mismatch". A Streamlit server
    # has one locked cache and never parses concurrently, so the test does the same.
    parse_lock = threading.Lock()
    add_magic = magic.add_magic

    def add_magic_one_at_a_time(code: str, script_path: str) -> object:
        with parse_lock:
            return add_magic(code, script_path)

    monkeypatch.setattr(magic, "add_magic", add_magic_one_at_a_time)
    sessions = [AppTest.from_file(APP, default_timeout=60) for _ in range(2)]
    for at in sessions:
        at.run()
        assert not at.exception, at.exception
    texts = ["Shelling was reported in Saraqib.", "Clashes were reported in Ariha."]
    for at, text in zip(sessions, texts, strict=True):
        at.text_area(key="paste_text").input(text)
    threads = [
        threading.Thread(target=lambda at=at: at.button(key="paste_submit").click().run())
        for at in sessions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for at in sessions:
        assert not at.exception, at.exception
        assert any("Added 1 article" in s.value for s in at.success)
    articles = stored()
    assert len(articles) == DEMO_DAYS + 2
    assert len(stored_features()) == DEMO_DAYS + 2
    sessions[0].run()
    assert shown(sessions[0]) == DEMO_DAYS + 2  # each session sees the other's article


def test_error_text_is_inert_markdown():
    import app

    assert app.md("![x](http://evil/a.png) <b>") == r"\!\[x\]\(http://evil/a\.png\) \<b\>"


def test_read_upload_names_the_file():
    with pytest.raises(documents.DocumentError, match=r"^notes\.docx: unsupported file type"):
        articles.read_upload("notes.docx", b"text", None)
    with pytest.raises(documents.DocumentError, match=r"^dump\.txt: .*gzip"):
        articles.read_upload("dump.txt", b"\x1f\x8b\x08\x00rest", None)
    with pytest.raises(documents.DocumentError, match=r"^rows\.jsonl: "):
        articles.read_upload("rows.jsonl", b"{not json", None)
    docs, _ = articles.read_upload("a.txt", b"Fighting near Saraqib.", date(2020, 1, 1))
    assert docs[0].published == date(2020, 1, 1)


class _Upload:
    """What st.file_uploader hands the app: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def give_files(monkeypatch, by_key: dict[str, list[_Upload]]) -> None:
    """st.file_uploader hands each uploader (by its key) the files given for it."""
    import streamlit

    def uploader(*args, key=None, accept_multiple_files=False, **kwargs):
        files = by_key.get(key, [])
        return files if accept_multiple_files else (files[0] if files else None)

    monkeypatch.setattr(streamlit, "file_uploader", uploader)


def upload(at: AppTest, monkeypatch, files: list[_Upload]) -> None:
    give_files(monkeypatch, {"article_files": files})
    at.button(key="upload_submit").click().run()
    assert not at.exception, at.exception


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: is empty"),
        ("blob.txt", bytes(range(256)) * 4, "blob.txt: is a binary file"),
        ("latin.txt", "Combats à Idlib, café fermé".encode("latin-1"), "latin.txt: is not UTF-8"),
        ("rows.csv", b"title,body_html\nA,B\n", "rows.csv: has no text column"),
    ],
)
def test_each_bad_upload_gets_a_clear_message_and_keeps_the_articles(
    app, monkeypatch, name, data, message
):
    good = _Upload("good.txt", b"Shelling was reported near Saraqib and Ariha in Idlib province.")
    upload(app, monkeypatch, [_Upload(name, data), good])
    assert any(e.value.replace("\\", "").startswith(message) for e in app.error), [
        e.value for e in app.error
    ]
    # the bad file is named and skipped, the good one beside it and the demo articles stay
    assert len(stored()) == DEMO_DAYS + 1
    assert shown(app) == DEMO_DAYS + 1


def test_an_article_with_no_places_is_reported_by_the_real_pipeline(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    loaded = len(stored())
    before = shown(at)
    upload(at, monkeypatch, [_Upload("minutes.txt", b"The committee met and adjourned early.")])
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any(w.startswith("minutes.txt") and "no places found" in w for w in warnings), warnings
    assert len(stored()) == loaded + 1
    assert shown(at) == before


# --- control zones, admin areas, publication dates ------------------------------------------


def plain(text: str) -> str:
    """Text shown through app.md, with its markdown escapes taken out."""
    return text.replace("\\", "")


def zones_caption(at: AppTest) -> str | None:
    for caption in at.caption:
        if plain(caption.value).startswith("Control zones and frontlines as of"):
            return plain(caption.value)
    return None


FRONT_CSV = (
    b"place,lat,lon,date,actor\n"
    b"west,35.6,36.4,2020-01-01,government\n"
    b"east,35.6,36.9,2020-01-01,rebels\n"
    b"east,35.6,36.9,2020-02-20,government\n"
)


def polygon_geojson(props: dict[str, object]) -> bytes:
    import json

    feature = {
        "type": "Feature",
        "properties": props,
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[36.8, 35.5], [37.0, 35.5], [37.0, 35.7], [36.8, 35.7], [36.8, 35.5]]],
        },
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def add_control_files(at: AppTest, monkeypatch, **files: list[_Upload]) -> None:
    keys = {
        "observations": "control_obs",
        "polygons": "control_polygon_files",
        "boundary": "control_boundary",
    }
    give_files(monkeypatch, {keys[what]: uploads for what, uploads in files.items()})
    at.button(key="control_submit").click().run()
    assert not at.exception, at.exception


def test_an_observation_csv_draws_zones_for_the_end_of_the_range(app, monkeypatch):
    assert zones_caption(app) is None  # the stand-in pipeline gives no events
    add_control_files(app, monkeypatch, observations=[_Upload("front.csv", FRONT_CSV)])
    assert any("front.csv: 3 observation(s)" in plain(s.value) for s in app.success)
    caption = zones_caption(app)
    assert caption is not None and "from 3 observation(s)" in caption, caption
    assert "convex hull" in caption
    assert shown(app) == DEMO_DAYS + 1  # one zone: the government holds both places by March

    choose_range(app, date(2020, 1, 1), date(2020, 1, 31))
    caption = zones_caption(app)
    assert caption is not None and "as of 2020-01-31" in caption
    assert shown(app) == 4 + 3  # four articles, two zones and the frontline between them


def test_bad_control_files_are_named_and_nothing_is_lost(app, monkeypatch):
    add_control_files(app, monkeypatch, observations=[_Upload("front.csv", FRONT_CSV)])
    add_control_files(
        app,
        monkeypatch,
        observations=[_Upload("bad.csv", b"place,date\nSaraqib,2020-01-01\n")],
        polygons=[_Upload("nodate.geojson", polygon_geojson({"actor": "rebels"}))],
        boundary=[_Upload("clip.geojson", b"not json at all")],
    )
    errors = [plain(e.value) for e in app.error]
    assert any(e.startswith("bad.csv: no actor column") for e in errors), errors
    assert any(e.startswith("nodate.geojson: no date property") for e in errors), errors
    assert any(e.startswith("clip.geojson: ") for e in errors), errors
    assert list(app.session_state["control_files"].observations) == ["front.csv"]
    assert len(stored()) == DEMO_DAYS
    assert "from 3 observation(s)" in (zones_caption(app) or "")


def test_polygons_win_and_a_boundary_file_clips(app, monkeypatch):
    boundary = (
        polygon_geojson({"name": "Idlib"}).replace(b"36.8", b"36.0").replace(b"35.7", b"36.2")
    )
    add_control_files(
        app,
        monkeypatch,
        observations=[_Upload("front.csv", FRONT_CSV)],
        polygons=[_Upload("tracker.geojson", polygon_geojson(
            {"date": "2020-02-25", "controlled_by": "Turkey"}))],
        boundary=[_Upload("idlib.geojson", boundary)],
    )  # fmt: skip
    caption = zones_caption(app) or ""
    assert "1 control polygon(s)" in caption and "boundary file idlib.geojson" in caption
    assert shown(app) == DEMO_DAYS + 3  # the government zone, Turkey's polygon, their front


TWO_AREAS = b"""{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"PCODE": "SY01", "NAME_EN": "West"}, "geometry":
  {"type": "Polygon", "coordinates": [[[36, 35], [36.5, 35], [36.5, 36], [36, 36], [36, 35]]]}},
 {"type": "Feature", "properties": {"PCODE": "SY02", "NAME_EN": "East"}, "geometry":
  {"type": "Polygon", "coordinates": [[[36.5, 35], [37, 35], [37, 36], [36.5, 36], [36.5, 35]]]}}
]}"""
IDP_TABLE = b"pcode,idps\nSY01,100\nSY02,1000\nSY02,50\nSY99,7\n"


def test_a_figure_table_joins_to_boundaries_and_names_unmatched_rows(app, monkeypatch):
    give_files(
        monkeypatch,
        {
            "areas_boundaries": [_Upload("areas.geojson", TWO_AREAS)],
            "areas_table": [_Upload("idps.csv", IDP_TABLE)],
        },
    )
    app.run()
    assert not app.exception, app.exception
    assert app.selectbox(key="areas_boundary_key").value == "PCODE"
    assert app.selectbox(key="areas_table_key").value == "pcode"
    assert app.selectbox(key="areas_value").value == "idps"
    warnings = [plain(w.value) for w in app.warning]
    assert any(w.startswith("idps.csv: 1 row(s) matched no area (rows 5)") for w in warnings)
    captions = [plain(c.value) for c in app.caption]
    assert any("table total 1,157, joined total 1,150; 2 areas carry values" in c
               for c in captions), captions  # fmt: skip
    assert shown(app) == DEMO_DAYS

    app.selectbox(key="areas_value").set_value("pcode").run()  # codes are not numbers
    assert any("unreadable" in plain(w.value) for w in app.warning)


def test_bad_area_files_are_named(app, monkeypatch):
    give_files(monkeypatch, {"areas_table": [_Upload("idps.csv", IDP_TABLE)]})
    app.run()
    assert any("idps.csv: load a boundaries file" in plain(e.value) for e in app.error)
    give_files(
        monkeypatch,
        {
            "areas_boundaries": [_Upload("broken.geojson", b"\x00\x01 not geojson")],
            "areas_table": [_Upload("idps.csv", IDP_TABLE)],
        },
    )
    app.run()
    assert any(plain(e.value).startswith("broken.geojson: ") for e in app.error)
    assert not app.exception
    assert shown(app) == DEMO_DAYS


def test_areas_table_defaults_to_approximate_first_level_areas(app):
    captions = [plain(c.value) for c in app.caption]
    assert any("per area (first-level areas approximated from GeoNames" in c for c in captions)
    areas = app.dataframe[0].value  # empty: the stand-in pipeline gives places only
    assert list(areas.columns)[:4] == ["name", "features", "figures", "events"]


def set_date(at: AppTest, doc_id: str, text: str) -> None:
    at.selectbox(key="date_article").set_value(doc_id)
    at.text_input(key="date_value").input(text)
    at.button(key="date_submit").click().run()
    assert not at.exception, at.exception


def test_correcting_a_date_rereads_that_article_only(app):
    ids = list(stored()["id"])
    doc_id, other = ids[0], ids[1]
    before = stored_features()
    other_rows = before.loc[before["doc_id"] == other].copy()
    set_date(app, doc_id, "2020-02-20")
    articles = stored().set_index("id")
    assert articles.loc[doc_id, "published"] == date(2020, 2, 20)
    assert list(articles.index) == ids
    features = stored_features()
    assert len(features) == DEMO_DAYS
    mine = features.loc[features["doc_id"] == doc_id]
    assert mine["start"].tolist() == [date(2020, 2, 20)]
    assert features.loc[features["doc_id"] == other, "name"].tolist() == other_rows["name"].tolist()
    assert any("published 2020-02-20" in plain(s.value) for s in app.success)
    choose_range(app, date(2020, 2, 20), date(2020, 2, 20))
    assert shown(app) >= 1


@pytest.mark.parametrize(
    ("text", "why"),
    [("2020-13-45", "not a valid date"), ("2999-01-01", "in the future"), ("soon", "not a date")],
)
def test_a_bad_date_is_refused_and_nothing_changes(app, text, why):
    doc_id = stored()["id"][0]
    was = stored()["published"][0]
    set_date(app, doc_id, text)
    errors = [plain(e.value) for e in app.error]
    assert any("date refused" in e and why in e for e in errors), errors
    assert stored()["published"][0] == was
    assert shown(app) == DEMO_DAYS


def test_a_gazetteer_file_is_added_listed_and_removed(app, monkeypatch, data_dir):
    villages = b"name,lat,lon\nKafr Amma,36.1706,36.7972\nAtmeh,36.2058,36.6819\n"
    give_files(monkeypatch, {"gazetteer_file": [_Upload("idlib villages.csv", villages)]})
    app.button(key="gazetteer_submit").click().run()
    assert not app.exception, app.exception
    assert any("idlib villages.csv: 2 places" in plain(s.value) for s in app.success)
    pick = app.selectbox(key="gazetteer_pick")
    assert pick.options == [
        "idlib villages.csv: 2 places (named points, added " + str(date.today()) + ")"
    ]

    give_files(monkeypatch, {"gazetteer_file": [_Upload("broken.geojson", b"{not json")]})
    app.button(key="gazetteer_submit").click().run()
    assert any("broken.geojson" in plain(e.value) for e in app.error)
    assert len(app.selectbox(key="gazetteer_pick").options) == 1

    app.button(key="gazetteer_reread").click().run()
    assert any(f"Re-read {DEMO_DAYS} article(s)" in plain(s.value) for s in app.success)
    assert len(stored()) == DEMO_DAYS

    app.button(key="gazetteer_remove").click().run()
    assert any("idlib villages.csv: removed" in plain(s.value) for s in app.success)
    assert not [box for box in app.selectbox if box.key == "gazetteer_pick"]


def test_a_count_no_feature_can_hold_in_an_old_store_is_said_beside_the_map(
    temporary_store, monkeypatch
):
    import sqlite3

    monkeypatch.setattr(pipeline, "extract", fake_extract)
    first = AppTest.from_file(APP, default_timeout=60)
    first.run()  # the demo articles, stored
    db = sqlite3.connect(temporary_store)  # what an older version could write: 10^30 people
    (title,) = db.execute("SELECT title FROM features ORDER BY fid LIMIT 1").fetchone()
    db.execute("UPDATE features SET value = 1e30 WHERE fid = (SELECT min(fid) FROM features)")
    db.commit()
    db.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    said = [w.value for w in at.warning if "no feature can" in w.value]
    assert len(said) == 1 and title in said[0] and "left empty" in said[0]
    assert shown(at) == DEMO_DAYS  # the map and the tables still show every feature

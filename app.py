"""Dispatch Atlas: the Streamlit app. Widgets, layout and caching only: geo.service does the work.

Articles and their features live in the store (ATLAS_STORE, see geo.config), which every session
reads its view out of; "Clear all" empties this session's view only. An empty store gets the
demo articles on the first run. Run with ``streamlit run app.py`` (see .streamlit/config.toml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from extract.records import Document
from geo.config import STORE_ENV, settings
from geo.io.boundaries import BoundaryFileError, boundaries_from_upload, boundary_columns
from geo.io.formats import (
    ARTICLE_SUFFIXES,
    BOUNDARY_SUFFIXES,
    OBSERVATION_SUFFIXES,
    TABLE_SUFFIXES,
    upload_types,
)
from geo.io.tables import TableFileError, table_columns, table_sheets
from geo.pipeline import Extracted
from geo.render.browser import LINK_NOTE, TABLE_NOTE, DataFiles, range_value, show_feature
from geo.render.map import build_map
from geo.render.style import KIND_LABELS
from geo.render.tables import article_label, articles_table, downloads, provenance_table
from geo.render.timeline import NO_TIMELINE, TIMELINE_NOTE, displacement_timeline, timeline_chart
from geo.service import areas, articles, control, gazetteers, mapview, views
from geo.service.views import Notice
from geo.store import Store, StoreError, open_store, shown_url

PROGRESS_FROM = 4  # show a progress bar from this many documents on
ARTICLES = "Articles (" + ", ".join(ARTICLE_SUFFIXES) + ")"
DEMO, SHOW_ALL = "Load the demo articles again", "Show every article in the store again"
MAP_OPTIONS = {
    "key": "atlas_map", "returned_objects": [], "use_container_width": True, "height": 620
}  # fmt: skip
OBSERVATIONS = "Observations CSV (place or lat/lon, date, actor)"
POLYGONS = "Dated control polygons (GeoJSON, GeoPackage, zipped shapefile)"
CLIP = "Boundary to clip zones to (optional)"
CLEAR_ALL = "Empty this session's map and lists; the store keeps every article."
CLEARED = "Cleared this session's view; the store keeps every article (Show all)."
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md(text: str) -> str:
    """Untrusted text made inert for st.markdown/st.error (no links, images or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


@st.cache_resource(show_spinner=False)
def shared_store(url: str) -> Store:
    """One open store per URL, shared by every session (the store serialises its calls)."""
    return open_store(url)


def init_state() -> None:
    """The session's state: its view of the store (None: everything), notices, control files."""
    for key, value in (
        ("view", None), ("notices", []), ("demo_requested", True), ("control_notices", []),
        ("control_files", control.ControlFiles()), ("date_notice", None),
        ("gazetteer_notice", None), ("range_sent", None), ("table_fids", []), ("focus", None),
    ):  # fmt: skip
        st.session_state.setdefault(key, value)


def uploader(label: str, suffixes: Sequence[str], key: str, *, many: bool = False) -> Any:
    """A file picker for the given file types (one file, or a list with ``many``)."""
    return st.file_uploader(label, type=upload_types(suffixes), accept_multiple_files=many, key=key)


def show_notices(notices: Sequence[Notice]) -> None:
    """Messages from the last action, escaped (they quote file names and article text)."""
    for level, text in notices:  # st.error, st.warning, st.info, st.success; a note, st.caption
        getattr(st, "caption" if level == "note" else level, st.info)(md(text))


def extract_with_progress(todo: Sequence[Document]) -> Iterator[Extracted]:
    """Extraction in this process, under a spinner, or a progress bar for more than a few."""
    if len(todo) < PROGRESS_FROM:
        with st.spinner(f"Reading {len(todo)} article(s)..."):
            yield from articles.extract_here()(todo)
        return
    bar = st.progress(0.0, text=f"Reading {len(todo)} articles...")

    def progress(done: int, total: int, what: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{done}/{total} {what}"[:120])

    try:
        yield from articles.extract_here(progress)(todo)
    finally:
        bar.empty()


def add(store: Store, docs: Sequence[Document], notices: list[Notice]) -> None:
    """Add ``docs`` to the store and to this session's view; say what happened."""
    if st.session_state.view is not None:
        st.session_state.view = st.session_state.view | {doc.id for doc in docs}
    try:
        summary = articles.add_documents(store, docs, extract=extract_with_progress)
    except articles.AddError as error:
        notices.append(("error", str(error)))
        return
    notices.extend(articles.add_notices(summary, len(docs)))


def sidebar_inputs(store: Store) -> None:
    """Sidebar forms: paste an article, upload files, demo data, clear the view."""
    state = st.session_state
    with st.sidebar:
        st.caption(md(f"Store: {store.shown_url}"), help=f"Set {STORE_ENV} to change it.")
        st.header("Add articles")
        paste, upload = st.tabs(["Paste text", "Upload files"])
        with paste, st.form("paste_form", clear_on_submit=True):
            title = st.text_input("Title", key="paste_title")
            published = st.date_input(
                "Publication date", value=None, format="YYYY-MM-DD", key="paste_date"
            )
            text = st.text_area("Article text", height=160, key="paste_text")
            pasted = st.form_submit_button("Add article", key="paste_submit")
        with upload, st.form("upload_form", clear_on_submit=True):
            files = uploader(ARTICLES, ARTICLE_SUFFIXES, "article_files", many=True)
            undated = st.date_input(
                "Date for undated files (optional)", value=None, format="YYYY-MM-DD"
            )
            uploaded = st.form_submit_button("Add files", key="upload_submit")
        col_demo, col_all = st.columns(2)
        demo = col_demo.button("Demo data", key="demo", help=DEMO, width="stretch")
        show_all = col_all.button("Show all", key="show_all", help=SHOW_ALL, width="stretch")
        clear = st.button("Clear all", key="clear", help=CLEAR_ALL, width="stretch")

        notices: list[Notice] = []
        if clear:
            state.view = set()
            notices.append(("info", CLEARED))
        if show_all:
            state.view = None
        first_run, state.demo_requested, load_demo = state.demo_requested, False, demo
        if first_run and not demo:
            has_documents, problem = views.store_has_documents(store)
            notices.extend([problem] if problem else [])
            load_demo = not has_documents
        reads = [articles.demo_documents] if load_demo else []
        if pasted:
            reads.append(partial(articles.pasted_documents, title, text, published))
        for file in (files or []) if uploaded else []:
            reads.append(partial(articles.read_upload, file.name, file.getvalue(), undated))
        for read in reads:
            docs, said = articles.read_input(read)
            notices.extend(said)
            if docs:
                add(store, docs, notices)
        if clear or show_all or demo or pasted or uploaded or notices:
            state.notices = notices
        show_notices(state.notices)


def control_inputs(store: Store) -> None:
    """Sidebar form: observation CSVs, dated control polygons and a boundary for the zones."""
    state = st.session_state
    with st.sidebar:
        st.header("Control zones")
        with st.form("control_form", clear_on_submit=True):
            observations = uploader(OBSERVATIONS, OBSERVATION_SUFFIXES, "control_obs", many=True)
            polygons = uploader(POLYGONS, BOUNDARY_SUFFIXES, "control_polygon_files", many=True)
            boundary = uploader(CLIP, BOUNDARY_SUFFIXES, "control_boundary")
            submitted = st.form_submit_button("Add control files", key="control_submit")
        cleared = st.button("Clear control files", key="control_clear")
        notices: list[Notice] = []
        if cleared:
            state.control_files = control.ControlFiles()
            notices.append(("info", "Cleared the control files."))
        if submitted:
            notices = control.read_control_files(
                state.control_files,
                observations=[(f.name, f.getvalue()) for f in observations or []],
                polygons=[(f.name, f.getvalue()) for f in polygons or []],
                boundary=(boundary.name, boundary.getvalue()) if boundary is not None else None,
                places=views.in_view(store.read(kinds=["place"]), state.view),
            )
        if cleared or submitted:
            state.control_notices = notices
        show_notices(state.control_notices)


def gazetteer_inputs(store: Store) -> None:
    """Sidebar: add a gazetteer file (GeoNames dump, named points), remove one, re-read."""
    state = st.session_state
    with st.sidebar, st.expander("Gazetteer files"):
        added_files = gazetteers.listing()
        st.caption(gazetteers.ABOUT if added_files else gazetteers.ABOUT + gazetteers.NONE_ADDED)
        with st.form("gazetteer_form", clear_on_submit=True):
            file = uploader("GeoNames dump or named places", gazetteers.SUFFIXES, "gazetteer_file")
            added = st.form_submit_button("Add to the gazetteer", key="gazetteer_submit")
        gone, remove = None, False
        if added_files:
            label = added_files.__getitem__
            gone = st.selectbox("Added", list(added_files), format_func=label, key="gazetteer_pick")
            remove = st.button("Remove", key="gazetteer_remove")
        reread = st.button("Re-read the stored articles", key="gazetteer_reread")
        if added and file is not None:
            state.gazetteer_notice = gazetteers.add_upload(file.name, file.getvalue())
        if remove and gone is not None:
            state.gazetteer_notice = gazetteers.remove(gone)
        if reread:
            ids = list(views.stored_articles(store, state.view)["id"])
            state.gazetteer_notice = gazetteers.reread_all(store, ids, extract_with_progress)
        if (added or remove or reread) and state.gazetteer_notice:
            st.rerun()
        show_notices([state.gazetteer_notice] if state.gazetteer_notice else [])


def layers(present: Sequence[str]) -> list[str]:
    """The sidebar's layer choice among the kinds ``present``."""
    with st.sidebar:
        st.header("Layers")
        key, label = f"kinds_{'_'.join(present)}", lambda kind: str(KIND_LABELS.get(kind, kind))
        chosen = st.multiselect("Layers", present, present, format_func=label, key=key)
    return [str(kind) for kind in chosen]


def remember_focus() -> None:
    """Keep the map id of the feature whose row was just selected, for the map to show it."""
    rows = st.session_state.features_table["selection"]["rows"]
    fids = st.session_state.table_fids
    st.session_state.focus = int(fids[rows[0]]) if rows and rows[0] < len(fids) else None


# Uploads read (and joined) once per content and choice, for every rerun after.
cache = st.cache_data(show_spinner=False, max_entries=8)
cached_boundaries = cache(boundaries_from_upload)
cached_sheets = cache(table_sheets)
cached_columns = cache(table_columns)
cached_join = cache(areas.join_uploads)


def _pick(label: str, options: list[str], preferred: Sequence[str], key: str) -> str:
    """A selectbox over ``options`` starting on the first preferred name present."""
    lowered = [o.lower() for o in options]
    start = next((lowered.index(p.lower()) for p in preferred if p.lower() in lowered), 0)
    return str(st.selectbox(label, options, index=start, key=key))


def area_inputs() -> areas.AreaChoice:
    """Sidebar: a boundaries file and a figure table, with key and value choosers."""
    choice = areas.AreaChoice()
    with st.sidebar:
        st.header("Admin areas")
        boundary = uploader(
            "Boundaries (GeoJSON, GeoPackage, zipped shapefile)",
            BOUNDARY_SUFFIXES,
            "areas_boundaries",
        )
        table = uploader("Figure table (CSV, XLSX)", TABLE_SUFFIXES, "areas_table")
        if boundary is not None:
            try:
                choice.areas = cached_boundaries(boundary.name, boundary.getvalue())
            except (BoundaryFileError, ValueError) as error:
                choice.errors.append(str(error))
            else:
                choice.boundary_name = boundary.name
                choice.key = _pick(
                    "Boundary key",
                    boundary_columns(choice.areas),
                    ("PCODE", "ADM3_PCODE", "name"),
                    "areas_boundary_key",
                )
        if table is None:
            return choice
        if choice.areas is None or boundary is None:
            choice.errors.append(f"{table.name}: load a boundaries file to join the table to.")
            return choice
        try:
            sheets = cached_sheets(table.name, table.getvalue())
            sheet = st.selectbox("Sheet", sheets, key="areas_sheet") if sheets else None
            columns = cached_columns(table.name, table.getvalue(), sheet)
            table_key = _pick("Table key", columns, ("PCODE", "pcode", "code"), "areas_table_key")
            value = _pick("Value", columns, ("value", "idps", "total"), "areas_value")
            spec = areas.JoinSpec(table_key, choice.key, value, sheet)
            args = (table.name, table.getvalue(), choice.boundary_name, boundary.getvalue())
            choice.join = cached_join(*args, spec)
            choice.table_name = table.name
        except (TableFileError, ValueError) as error:
            choice.errors.append(str(error))
    return choice


def show_areas(choice: areas.AreaChoice, shown: gpd.GeoDataFrame) -> None:
    """The joined table's totals and unmatched rows, and figures and events per area."""
    st.subheader("Admin areas")
    for error in choice.errors:
        st.error(md(error))
    if choice.join is not None:
        show_notices(areas.join_notes(choice.join, choice.table_name, choice.boundary_name))
        if not choice.join.unmatched.empty:
            st.dataframe(areas.unmatched_rows(choice.join), hide_index=True)
    where = choice.boundary_name or areas.DEFAULT_AREAS_NOTE
    st.caption(md(areas.COUNTS_NOTE.format(where=where)))
    st.dataframe(areas.counts_per_area(shown, choice.areas, choice.key), hide_index=True)


def date_form(store: Store, stored: pd.DataFrame) -> None:
    """Give or correct an article's publication date."""
    state = st.session_state
    if stored.empty:
        return
    labels = {str(row["id"]): article_label(row) for _, row in stored.iterrows()}
    with st.form("date_form"):
        st.markdown("**Give or correct a publication date**")
        left, right = st.columns([3, 1])
        doc_id = left.selectbox(
            "Article", list(labels), format_func=lambda i: labels.get(i, i), key="date_article"
        )
        text = right.text_input("Published (YYYY-MM-DD)", key="date_value")
        submitted = st.form_submit_button("Set date", key="date_submit")
    if submitted and doc_id is not None:
        done = articles.correct_date(store, str(doc_id), text, extract=extract_with_progress)
        state.date_notice = ("success" if done.ok else "error", done.message)
        if done.ok:
            st.rerun()  # draw the map and filters again from the new features
    if state.date_notice is not None:
        show_notices([state.date_notice])


def open_shared_store() -> Store:
    """The app's store, or an error naming it (and the app stops)."""
    url = settings().store
    try:
        return shared_store(url)
    except (StoreError, OSError) as error:
        st.error(md(f"The store {shown_url(url)} cannot be opened: {error}"))
        st.stop()
        raise


def main() -> None:
    """The page: inputs and filters in the sidebar; map, table, downloads and sources."""
    st.set_page_config(page_title="Dispatch Atlas", page_icon=":world_map:", layout="wide")
    store = open_shared_store()
    init_state()
    sidebar_inputs(store)
    control_inputs(store)
    gazetteer_inputs(store)
    view = st.session_state.view

    st.title("Dispatch Atlas")
    drawn = mapview.map_features(store, view, st.session_state.control_files)
    show_notices([("warning", text) for text in drawn.warnings])  # e.g. a count left empty
    features = mapview.of_kinds(drawn.features, layers(mapview.kinds_present(drawn.features)))
    choice = area_inputs()
    stored = views.stored_articles(store, view)
    summary = st.container()
    choropleth = areas.choropleth(choice.join, choice.key) if choice.join is not None else None
    drawing = build_map(features, choropleth=choropleth, data=DataFiles.beside(__file__))
    focus = show_feature(st.session_state.focus)
    sent = st_folium(drawing, feature_group_to_add=focus, **MAP_OPTIONS)
    st.session_state.range_sent = range_value(sent, st.session_state.range_sent)
    period = mapview.chosen_period(st.session_state.range_sent, st.query_params, drawn.span)
    shown = mapview.in_range(features, period)
    zones = drawn.zones_as_of(period[1] if period else None)
    total = views.feature_total(stored, zones)
    summary.caption(f"{len(shown)} features shown (of {total}) from {len(stored)} articles")
    if zones is not None and not zones.zones.empty:
        summary.caption(md(control.zones_caption(zones)))
    if st.session_state.range_sent is None and not st.session_state.get("map_waited"):
        st.session_state.map_waited = True  # once a session: the page draws the map first, and
        st.stop()  # the rest when the map has painted and sent its range (map.js)
    for column, download in zip(st.columns(3), downloads(shown), strict=True):
        column.download_button(**vars(download), on_click="ignore")
    st.caption(LINK_NOTE)

    st.subheader("Displaced people over time")
    timeline = displacement_timeline(shown)
    if not timeline.empty:
        st.altair_chart(timeline_chart(timeline), width="stretch")
    st.caption(TIMELINE_NOTE if not timeline.empty else NO_TIMELINE)

    show_areas(choice, shown)
    st.subheader("Features")
    st.caption(TABLE_NOTE)
    st.session_state.table_fids = list(shown.index)
    st.dataframe(provenance_table(shown), hide_index=True, width="stretch", key="features_table",
                 on_select=remember_focus, selection_mode="single-row")  # fmt: skip
    st.subheader(f"Articles ({len(stored)})")
    st.dataframe(articles_table(stored), hide_index=True)
    date_form(store, stored)


if __name__ == "__main__":
    main()

"""Dispatch Atlas: the Streamlit app. Wiring only: extract/ and geo/ do the work.

Articles (pasted, uploaded, or the demo set) and the features the pipeline found in them are
written to the store (geo.store): the GeoPackage data/store/atlas.gpkg, or the file or
``postgresql://`` URL in the ATLAS_STORE environment variable. Every session reads the map for
its date range out of the store, so sessions sharing a store see each other's articles and
lose none. An empty store gets the demo articles on the first run. "Clear all" empties this
session's view only; nothing is deleted from the store. The date range and layer filters apply
to the map, the table and the downloads alike. Run with ``streamlit run app.py`` (see
.streamlit/config.toml).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Container, Sequence
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from extract.documents import SUPPORTED_SUFFIXES, parse_published
from extract.records import Document
from geo import areas as admin
from geo import control, pipeline
from geo.boundaries import BoundaryFileError
from geo.export import to_csv, to_geojson
from geo.frames import (
    CRS,
    filter_by_dates,
    filter_kinds,
    provenance_table,
)
from geo.frontlines import Observation
from geo.joins import JoinResult, TableFileError
from geo.maps import Choropleth, build_map
from geo.schema import KINDS
from geo.store import Store, StoreError, default_store_path, open_store
from geo.timeline import displacement_timeline, timeline_chart

LOG = logging.getLogger("dispatch_atlas.app")

UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
PROGRESS_FROM = 4  # show a progress bar from this many documents on
KIND_LABELS = {
    "place": "Places named",
    "figure": "Figures",
    "event": "Events",
    "control_zone": "Control zones",
    "frontline": "Frontlines",
}
CONTROL_TYPES = ["geojson", "json", "gpkg", "zip"]
TABLE_TYPES = ["csv", "txt", "xlsx", "xlsm"]
ZONE_KINDS = ("control_zone", "frontline")  # drawn from the control files, never stored
STORE_ENV = "ATLAS_STORE"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


class LoadError(Exception):
    """A file or pasted text that could not be read, with a message naming it."""


def read_documents(
    name: str, data: bytes, published: date | None
) -> tuple[list[Document], list[str]]:
    """Documents in an uploaded file (or pasted text), and the rows it skipped, one message each.

    The one place app.py reads input. Raises LoadError with a message naming ``name`` and the
    problem.
    """
    from extract import documents  # looked up at call time, so tests can stand in for it

    try:
        result = documents.load_bytes(name, data, published=published)
    except documents.DocumentError as error:
        raise LoadError(
            str(error) if str(error).startswith(name) else f"{name}: {error}"
        ) from error
    except Exception as error:  # a loader bug must not lose the session: report, keep going
        LOG.exception("could not read %s", name)
        raise LoadError(f"{name}: could not be read ({type(error).__name__}: {error})") from error
    return list(result.documents), list(result.problems)


def pasted_documents(
    title: str, text: str, published: date | None
) -> tuple[list[Document], list[str]]:
    """The pasted article, with the title the user typed (if any)."""
    if not text.strip():
        raise LoadError("Pasted text: there is no text to add.")
    docs, problems = read_documents("pasted text.txt", text.encode("utf-8"), published)
    if title.strip():
        docs = [dataclasses.replace(doc, title=title.strip()) for doc in docs]
    return docs, problems


def md(text: str) -> str:
    """Untrusted text made inert for st.markdown/st.error (no links, images or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def store_url() -> str:
    """The store this app uses: ATLAS_STORE (a path or postgresql:// URL), else the default."""
    return os.environ.get(STORE_ENV, "").strip() or str(default_store_path())


@st.cache_resource(show_spinner=False)
def shared_store(url: str) -> Store:
    """One open store per URL, shared by every session (the store serialises its calls)."""
    return open_store(url)


def shown_url(url: str) -> str:
    """A store URL without its password, to show."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def init_state() -> None:
    """Create the session's state once: its view of the store, notices, control files.

    ``view`` is None to show everything in the store, else the ids of the articles this session
    shows (after "Clear all", the ones added or loaded since)."""
    state = st.session_state
    if "notices" not in state:
        state.view = None
        state.notices = []
        state.demo_requested = True
    if "control_observations" not in state:
        state.control_observations = {}  # file name -> observations read from it
        state.control_polygons = {}  # file name -> dated control polygons
        state.control_region = None  # (file name, region) to clip zones to
        state.control_notices = []
        state.date_notice = None


def new_documents(known: Container[str], docs: Sequence[Document]) -> list[Document]:
    """``docs`` not already stored (a document id is a content hash), without repeats."""
    fresh: dict[str, Document] = {}
    for doc in docs:
        if doc.id not in known and doc.id not in fresh:
            fresh[doc.id] = doc
    return list(fresh.values())


def run_pipeline(docs: Sequence[Document]) -> pipeline.PipelineResult:
    """Process ``docs``, with a progress bar when there are more than a few."""
    if len(docs) < PROGRESS_FROM:
        with st.spinner(f"Reading {len(docs)} article(s)..."):
            return pipeline.process(docs)
    bar = st.progress(0.0, text=f"Reading {len(docs)} articles...")

    def progress(done: int, total: int, what: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{done}/{total} {what}"[:120])

    try:
        return pipeline.process(docs, progress=progress)
    finally:
        bar.empty()


def show_in_view(ids: Sequence[str]) -> None:
    """Put ``ids`` back in this session's view (it shows everything unless cleared)."""
    state = st.session_state
    if state.view is not None:
        state.view = state.view | set(ids)


def add_documents(store: Store, docs: Sequence[Document], notices: list[tuple[str, str]]) -> None:
    """Read the new ones among ``docs`` and write them with their features to the store in one
    transaction; on failure the store is as it was."""
    try:
        stored = store.known(doc.id for doc in docs)
    except Exception as error:
        LOG.exception("store read failed")
        notices.append(("error", f"Could not reach the store: {error}"))
        return
    show_in_view([doc.id for doc in docs])
    fresh = new_documents(stored, docs)
    repeated = len(docs) - len(fresh)
    if repeated:
        named = sorted({doc.title or doc.origin or doc.id for doc in docs if doc.id in stored})
        listed = "; ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        notices.append(
            (
                "info",
                f"{repeated} article(s) already loaded, skipped"
                + (f": {listed}" if named else "."),
            )
        )
    if not fresh:
        return
    try:
        result = run_pipeline(fresh)
    except Exception as error:  # keep what is stored; tell the user what failed
        LOG.exception("pipeline failed")
        notices.append(("error", f"Could not process the new articles: {error}"))
        return
    try:
        added = store.add(fresh, result.features)
    except Exception as error:  # the store rolled back: nothing half-written
        LOG.exception("store write failed")
        notices.append(("error", f"Could not store the new articles: {error}"))
        return
    notices.extend(("warning", problem) for problem in result.problems)
    if added.skipped:
        notices.append(("info", f"{added.skipped} article(s) were added meanwhile by others."))
    notices.append(("success", f"Added {added.documents} article(s), {added.features} feature(s)."))


def load_demo(store: Store, notices: list[tuple[str, str]]) -> None:
    """Load the demo articles (data/demo) through the same path as any other input."""
    try:
        docs = pipeline.load_demo()
    except Exception as error:
        LOG.exception("demo data failed")
        notices.append(("error", f"Demo articles could not be loaded: {error}"))
        return
    add_documents(store, docs, notices)


def show_notices(notices: list[tuple[str, str]]) -> None:
    """Messages from the last action, escaped (they quote file names and article text)."""
    show = {"error": st.error, "warning": st.warning, "info": st.info, "success": st.success}
    for level, text in notices:
        show.get(level, st.info)(md(text))


def sidebar_inputs(store: Store) -> None:
    """Sidebar forms: paste an article, upload files, demo data, clear the view."""
    state = st.session_state
    with st.sidebar:
        st.caption(md(f"Store: {shown_url(store.url)}"), help=f"Set {STORE_ENV} to change it.")
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
            files = st.file_uploader(
                "Articles (" + ", ".join(SUPPORTED_SUFFIXES) + ")",
                type=UPLOAD_TYPES,
                accept_multiple_files=True,
                key="article_files",
            )
            undated = st.date_input(
                "Date for undated files (optional)", value=None, format="YYYY-MM-DD"
            )
            uploaded = st.form_submit_button("Add files", key="upload_submit")
        col_demo, col_all = st.columns(2)
        demo = col_demo.button(
            "Demo data", key="demo", help="Load the demo articles again", width="stretch"
        )
        show_all = col_all.button(
            "Show all",
            key="show_all",
            help="Show every article in the store again",
            width="stretch",
        )
        clear = st.button(
            "Clear all",
            key="clear",
            help="Empty this session's map and lists; the store keeps every article.",
            width="stretch",
        )

        notices: list[tuple[str, str]] = []
        if clear:
            state.view = set()
            notices.append(
                ("info", "Cleared this session's view; the store keeps every article (Show all).")
            )
        if show_all:
            state.view = None
        first_run = state.demo_requested
        state.demo_requested = False
        if demo or (first_run and not store_has_documents(store, notices)):
            load_demo(store, notices)
        if pasted:
            try:
                docs, problems = pasted_documents(title, text, published)
            except LoadError as error:
                notices.append(("error", str(error)))
            else:
                notices.extend(("warning", problem) for problem in problems)
                add_documents(store, docs, notices)
        if uploaded:
            for file in files or []:
                try:
                    docs, problems = read_documents(file.name, file.getvalue(), undated)
                except LoadError as error:
                    notices.append(("error", str(error)))
                    continue
                notices.extend(("warning", problem) for problem in problems)
                add_documents(store, docs, notices)
        if clear or show_all or demo or pasted or uploaded or notices:
            state.notices = notices
        show_notices(state.notices)


def store_has_documents(store: Store, notices: list[tuple[str, str]]) -> bool:
    """Whether the store holds any article (True when it cannot be read: load nothing)."""
    try:
        return store.counts().get("documents", 0) > 0
    except Exception as error:
        LOG.exception("store read failed")
        notices.append(("error", f"Could not read the store: {error}"))
        return True


def in_view(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rows of ``features`` from articles this session shows."""
    view = st.session_state.view
    if view is None or features.empty:
        return features
    return features.loc[features["doc_id"].isin(view).to_numpy()].reset_index(drop=True)


def control_inputs(store: Store) -> None:
    """Sidebar form: observation CSVs, dated control polygons and a boundary for the zones."""
    state = st.session_state
    with st.sidebar:
        st.header("Control zones")
        with st.form("control_form", clear_on_submit=True):
            observations = st.file_uploader(
                "Observations CSV (place or lat/lon, date, actor)",
                type=["csv", "txt"],
                accept_multiple_files=True,
                key="control_observations_files",
            )
            polygons = st.file_uploader(
                "Dated control polygons (GeoJSON, GeoPackage, zipped shapefile)",
                type=CONTROL_TYPES,
                accept_multiple_files=True,
                key="control_polygon_files",
            )
            boundary = st.file_uploader(
                "Boundary to clip zones to (optional)", type=CONTROL_TYPES, key="control_boundary"
            )
            submitted = st.form_submit_button("Add control files", key="control_submit")
        cleared = st.button("Clear control files", key="control_clear")
        notices: list[tuple[str, str]] = []
        if cleared:
            state.control_observations, state.control_polygons = {}, {}
            state.control_region = None
            notices.append(("info", "Cleared the control files."))
        if submitted:
            country = control.main_country(in_view(store.read(kinds=["place"])))
            for file in observations or []:
                try:
                    read = control.observations_from_upload(
                        file.name, file.getvalue(), country=country
                    )
                except ValueError as error:
                    notices.append(("error", str(error)))
                    continue
                state.control_observations[file.name] = read.observations
                notices.extend(("warning", problem) for problem in read.problems[:20])
                notices.append(
                    ("success", f"{file.name}: {len(read.observations)} observation(s).")
                )
            for file in polygons or []:
                try:
                    frame = control.polygons_from_upload(file.name, file.getvalue())
                except (BoundaryFileError, ValueError) as error:
                    notices.append(("error", str(error)))
                    continue
                state.control_polygons[file.name] = frame
                notices.append(("success", f"{file.name}: {len(frame)} control polygon(s)."))
            if boundary is not None:
                try:
                    region = control.region_from_upload(boundary.name, boundary.getvalue())
                except (BoundaryFileError, ValueError) as error:
                    notices.append(("error", str(error)))
                else:
                    state.control_region = (boundary.name, region)
                    notices.append(("success", f"{boundary.name}: zones clipped to it."))
        if cleared or submitted:
            state.control_notices = notices
        show_notices(state.control_notices)


def control_for(store: Store, as_of: date | None) -> control.ControlMap | None:
    """Zones and frontlines as of ``as_of`` from the events up to that day and the control files
    loaded."""
    state = st.session_state
    features = in_view(store.read(until=as_of, kinds=["event", "place"]))
    observations: list[Observation] = list(control.event_observations(features).observations)
    for loaded in state.control_observations.values():
        observations.extend(loaded)
    polygons = list(state.control_polygons.values())
    if as_of is None:
        days = [o.date for o in observations]
        days += [d for frame in polygons for d in frame["date"]]
        as_of = max(days, default=None)
    if as_of is None or (not observations and not polygons):
        return None
    name, region = state.control_region or ("", None)
    return control.control_map(
        observations,
        as_of=as_of,
        polygons=polygons,
        boundary=region,
        boundary_name=name,
        country=control.main_country(features),
    )


def with_features(features: gpd.GeoDataFrame, more: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``features`` and ``more`` in one frame (either may be empty)."""
    frames = [frame for frame in (features, more) if not frame.empty]
    if len(frames) < 2:
        return frames[0] if frames else features
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=CRS)


def date_range(store: Store) -> tuple[date, date, bool] | None:
    """The sidebar's date range (and whether to keep undated features), None with no dates."""
    with st.sidebar:
        st.header("Filter")
        bounds = store.date_range()
        if bounds is None or bounds[0] >= bounds[1]:
            return None
        first, last = st.slider(
            "Dates",
            min_value=bounds[0],
            max_value=bounds[1],
            value=bounds,
            format="YYYY-MM-DD",
            key=f"dates_{bounds[0]}_{bounds[1]}",
        )
        undated = st.checkbox("Keep undated features", value=True)
        return first, last, undated


def layers(present: Sequence[str]) -> list[str]:
    """The sidebar's layer choice among the kinds ``present``."""
    with st.sidebar:
        chosen = st.multiselect(
            "Layers",
            options=list(present),
            default=list(present),
            format_func=lambda kind: KIND_LABELS.get(kind, kind),
            key=f"kinds_{'_'.join(present)}",
        )
    return [str(kind) for kind in chosen]


def features_for(
    store: Store,
    period: tuple[date, date, bool] | None,
    kinds: Sequence[str],
    zones: control.ControlMap | None,
) -> gpd.GeoDataFrame:
    """What the map, table and downloads show: stored features of the chosen kinds in the date
    range (filtered by the store) with the zones drawn for its end."""
    first, last, undated = period if period is not None else (None, None, True)
    stored = [kind for kind in kinds if kind not in ZONE_KINDS]
    features = in_view(store.read(first, last, stored, keep_undated=undated))
    if zones is None:
        return features
    drawn = filter_kinds(zones.features, kinds)
    if period is not None:
        drawn = filter_by_dates(drawn, period[0], period[1], keep_undated=undated)
    return with_features(features, drawn)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_boundaries(name: str, data: bytes) -> gpd.GeoDataFrame:
    """An uploaded boundary file read once per content."""
    return admin.boundaries_from_upload(name, data)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_columns(name: str, data: bytes, sheet: str | None) -> tuple[list[str], list[str]]:
    """Sheets and columns of an uploaded figure table."""
    return admin.table_sheets(name, data), admin.table_columns(name, data, sheet)


@st.cache_data(show_spinner=False, max_entries=8)
def cached_join(
    name: str,
    data: bytes,
    boundary_name: str,
    boundary_data: bytes,
    keys: tuple[str, str, str],
    sheet: str | None,
) -> JoinResult:
    """A figure table joined to uploaded boundaries, once per files and choices."""
    table_key, boundary_key, value = keys
    return admin.join_upload(
        name,
        data,
        cached_boundaries(boundary_name, boundary_data),
        table_key=table_key,
        boundary_key=boundary_key,
        value=value,
        sheet=sheet,
    )


@dataclasses.dataclass
class AreaChoice:
    """What the sidebar's admin-area inputs chose: boundaries (or None) and a joined table."""

    boundary_name: str = ""
    areas: gpd.GeoDataFrame | None = None
    key: str = "name"
    table_name: str = ""
    join: JoinResult | None = None
    errors: list[str] = dataclasses.field(default_factory=list)


def _pick(label: str, options: list[str], preferred: Sequence[str], key: str) -> str:
    """A selectbox over ``options`` starting on the first preferred name present."""
    lowered = [o.lower() for o in options]
    start = next((lowered.index(p.lower()) for p in preferred if p.lower() in lowered), 0)
    return str(st.selectbox(label, options, index=start, key=key))


def area_inputs() -> AreaChoice:
    """Sidebar: a boundaries file and a figure table, with key and value choosers."""
    choice = AreaChoice()
    with st.sidebar:
        st.header("Admin areas")
        boundary = st.file_uploader(
            "Boundaries (GeoJSON, GeoPackage, zipped shapefile)",
            type=CONTROL_TYPES,
            key="areas_boundaries",
        )
        table = st.file_uploader("Figure table (CSV, XLSX)", type=TABLE_TYPES, key="areas_table")
        if boundary is not None:
            try:
                choice.areas = cached_boundaries(boundary.name, boundary.getvalue())
            except (BoundaryFileError, ValueError) as error:
                choice.errors.append(str(error))
            else:
                choice.boundary_name = boundary.name
                choice.key = _pick(
                    "Boundary key",
                    admin.boundary_columns(choice.areas),
                    ("PCODE", "ADM3_PCODE", "name"),
                    "areas_boundary_key",
                )
        if table is None:
            return choice
        if choice.areas is None:
            choice.errors.append(f"{table.name}: load a boundaries file to join the table to.")
            return choice
        try:
            sheets, _ = cached_columns(table.name, table.getvalue(), None)
            sheet = st.selectbox("Sheet", sheets, key="areas_sheet") if sheets else None
            _, columns = cached_columns(table.name, table.getvalue(), sheet)
            table_key = _pick("Table key", columns, ("PCODE", "pcode", "code"), "areas_table_key")
            value = _pick("Value", columns, ("value", "idps", "total"), "areas_value")
            choice.join = cached_join(
                table.name,
                table.getvalue(),
                choice.boundary_name,
                boundary.getvalue() if boundary is not None else b"",
                (table_key, choice.key, value),
                sheet,
            )
            choice.table_name = table.name
        except (TableFileError, ValueError) as error:
            choice.errors.append(str(error))
    return choice


def show_areas(choice: AreaChoice, shown: gpd.GeoDataFrame) -> None:
    """The joined table's totals and unmatched rows, and figures and events per area."""
    st.subheader("Admin areas")
    for error in choice.errors:
        st.error(md(error))
    if choice.join is not None:
        join = choice.join
        matched = int(join.areas["rows"].gt(0).sum())
        st.caption(
            md(
                f"{choice.table_name}: {join.value_column} joined to {choice.boundary_name} "
                f"by {join.match}: table total {join.total_table:,.0f}, joined total "
                f"{join.total_joined:,.0f}; {matched} areas carry values."
            )
        )
        if not join.unmatched.empty:
            rows = ", ".join(str(r) for r in join.unmatched["file_row"].head(20))
            st.warning(
                md(
                    f"{choice.table_name}: {len(join.unmatched)} row(s) matched no area "
                    f"(rows {rows}); their values are not on the map."
                )
            )
            st.dataframe(admin.unmatched_rows(join), hide_index=True)
        if not join.invalid.empty:
            st.warning(
                md(f"{choice.table_name}: {len(join.invalid)} value(s) unreadable, counted as 0.")
            )
    areas = choice.areas if choice.areas is not None else admin.default_areas()
    where = choice.boundary_name or admin.DEFAULT_AREAS_NOTE
    table = admin.area_counts(shown, areas, area_key=choice.key)
    st.caption(
        md(
            f"Figures and events shown, per area ({where}); displaced is the largest figure "
            "reported there, since reports repeat and update each other."
        )
    )
    st.dataframe(table, hide_index=True)


def stored_articles(store: Store) -> pd.DataFrame:
    """The stored articles this session shows, one row each (geo.store columns), oldest first."""
    table = store.documents()
    view = st.session_state.view
    if view is not None:
        table = table.loc[table["id"].isin(view).to_numpy()]
    return table.reset_index(drop=True)


def articles_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article shown, with how many features it gave."""
    table = pd.DataFrame(
        {
            "title": [title or "(untitled)" for title in articles["title"]],
            "published": [day.isoformat() if day else "" for day in articles["published"]],
            "source": articles["source"],
            "from": articles["origin"],
            "features": articles["features"].astype(int),
            "url": articles["url"],
        }
    )
    return table.reset_index(drop=True)


def stored_document(store: Store, doc_id: str) -> Document | None:
    """The stored article ``doc_id`` with its text, or None."""
    table = store.documents(with_text=True)
    rows = table.loc[table["id"].eq(doc_id).to_numpy()]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return Document(
        id=str(row["id"]),
        text=str(row["text"] or ""),
        title=str(row["title"] or ""),
        url=str(row["url"] or ""),
        published=row["published"] or None,
        source=str(row["source"] or ""),
        origin=str(row["origin"] or ""),
    )


def correct_date(store: Store, doc_id: str, text: str) -> tuple[str, str]:
    """Set an article's publication date and re-read that article only (same id); its features
    are replaced in the store in one transaction. Returns the message to show; a bad date (or a
    failure) changes nothing."""
    doc = stored_document(store, doc_id)
    if doc is None:
        return "error", f"{doc_id}: not in the store any more."
    label = doc.title or doc.origin or doc_id
    try:
        day = parse_published(text)
    except ValueError as error:
        return "error", f"{label}: date refused: {error}."
    fixed = dataclasses.replace(doc, published=day)
    try:
        result = run_pipeline([fixed])
        replaced = store.replace(fixed, result.features)
    except Exception as error:  # keep the article and its features as they were
        LOG.exception("date correction failed")
        return "error", f"{label}: could not be re-read ({error}); the date is unchanged."
    return "success", f"{label}: published {day.isoformat()}, {replaced.features} feature(s)."


def article_label(row: pd.Series) -> str:
    """An article as the date form lists it: title (publication date)."""
    when = row["published"].isoformat() if row["published"] else "undated"
    return f"{row['title'] or row['origin'] or row['id']} ({when})"


def date_form(store: Store, articles: pd.DataFrame) -> None:
    """Give or correct an article's publication date."""
    state = st.session_state
    if articles.empty:
        return
    labels = {str(row["id"]): article_label(row) for _, row in articles.iterrows()}
    with st.form("date_form"):
        st.markdown("**Give or correct a publication date**")
        left, right = st.columns([3, 1])
        ids: list[str] = list(labels)
        doc_id = left.selectbox(
            "Article", ids, format_func=lambda i: labels.get(i, i), key="date_article"
        )
        text = right.text_input("Published (YYYY-MM-DD)", key="date_value")
        submitted = st.form_submit_button("Set date", key="date_submit")
    if submitted and doc_id is not None:
        level, message = correct_date(store, str(doc_id), text)
        state.date_notice = (level, message)
        if level == "success":
            st.rerun()  # draw the map and filters again from the new features
    if state.date_notice is not None:
        show_notices([state.date_notice])


def open_shared_store() -> Store:
    """The app's store, or an error naming it (and the app stops)."""
    url = store_url()
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
    counts = store.counts()

    st.title("Dispatch Atlas")
    period = date_range(store)
    zones = control_for(store, period[1] if period else None)
    present = [kind for kind in KINDS if counts.get(kind, 0) > 0 and kind not in ZONE_KINDS]
    if zones is not None:
        present = [kind for kind in KINDS if kind in present or kind in set(zones.features["kind"])]
    shown = features_for(store, period, layers(present), zones)
    choice = area_inputs()
    articles = stored_articles(store)
    total = int(articles["features"].sum()) if not articles.empty else 0
    if zones is not None:
        total += len(zones.features)
    st.caption(f"{len(shown)} features shown (of {total}) from {len(articles)} articles")
    if zones is not None and not zones.zones.empty:
        st.caption(
            md(
                f"Control zones and frontlines as of {zones.as_of.isoformat()} (the end of the "
                f"date range), from {zones.observations} observation(s) and {zones.polygons} "
                f"control polygon(s); clipped to {zones.boundary_note}."
            )
        )

    choropleth: Choropleth | None = None
    if choice.join is not None:
        choropleth = admin.choropleth(choice.join, choice.key)
    st_folium(
        build_map(shown, choropleth=choropleth),
        key="atlas_map",
        returned_objects=[],
        use_container_width=True,
        height=560,
    )

    left, right = st.columns(2)
    left.download_button(
        "Download GeoJSON",
        data=to_geojson(shown),
        file_name="dispatch-atlas.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    right.download_button(
        "Download CSV",
        data=to_csv(shown),
        file_name="dispatch-atlas.csv",
        mime="text/csv",
        on_click="ignore",
    )

    st.subheader("Displaced people over time")
    timeline = displacement_timeline(shown)
    if timeline.empty:
        st.caption("No displacement figures in the chosen range and layers.")
    else:
        st.altair_chart(timeline_chart(timeline), width="stretch")
        st.caption(
            "People reported displaced (vertical) over the days each figure covers "
            "(horizontal). Each line is one reported figure, at the number it "
            "states (the lower bound for 'more than' and vague amounts). Figures are not added "
            "up: their periods overlap and sources count the same people; a figure repeated in "
            "several articles is drawn once."
        )

    show_areas(choice, shown)
    st.subheader("Features")
    st.dataframe(provenance_table(shown), hide_index=True, width="stretch")
    st.subheader(f"Articles ({len(articles)})")
    st.dataframe(articles_table(articles), hide_index=True)
    date_form(store, articles)


if __name__ == "__main__":
    main()

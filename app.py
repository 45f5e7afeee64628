"""Dispatch Atlas: the Streamlit app. Wiring only: extract/ and geo/ do the work.

Articles (pasted, uploaded, or the demo set) are kept in ``st.session_state`` with the features
the pipeline found in them; the date range and layer filters apply to the map, the table and the
downloads alike. Run with ``streamlit run app.py`` (see .streamlit/config.toml).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from extract.documents import SUPPORTED_SUFFIXES
from extract.records import Document
from geo import pipeline
from geo.export import to_csv, to_geojson
from geo.frames import (
    date_bounds,
    empty_features,
    filter_by_dates,
    filter_kinds,
    provenance_table,
)
from geo.maps import build_map
from geo.schema import KINDS
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


def init_state() -> None:
    """Create the session's stores once: documents by id, features, notices."""
    state = st.session_state
    if "documents" not in state:
        state.documents = {}
        state.features = empty_features()
        state.notices = []
        state.demo_requested = True


def new_documents(known: dict[str, Document], docs: Sequence[Document]) -> list[Document]:
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


def add_documents(docs: Sequence[Document], notices: list[tuple[str, str]]) -> None:
    """Store the new ones among ``docs`` and append their features; on failure keep the state."""
    state = st.session_state
    fresh = new_documents(state.documents, docs)
    repeated = len(docs) - len(fresh)
    if repeated:
        notices.append(("info", f"{repeated} article(s) already loaded, skipped."))
    if not fresh:
        return
    try:
        result = run_pipeline(fresh)
    except Exception as error:  # keep what is stored; tell the user what failed
        LOG.exception("pipeline failed")
        notices.append(("error", f"Could not process the new articles: {error}"))
        return
    for doc in fresh:
        state.documents[doc.id] = doc
    if not result.features.empty:
        frames = [frame for frame in (state.features, result.features) if not frame.empty]
        state.features = gpd.GeoDataFrame(
            pd.concat(frames, ignore_index=True), geometry="geometry", crs=result.features.crs
        )
    notices.extend(("warning", problem) for problem in result.problems)
    notices.append(
        ("success", f"Added {len(fresh)} article(s), {len(result.features)} feature(s).")
    )


def load_demo(notices: list[tuple[str, str]]) -> None:
    """Load the demo articles (data/demo) through the same path as any other input."""
    try:
        docs = pipeline.load_demo()
    except Exception as error:
        LOG.exception("demo data failed")
        notices.append(("error", f"Demo articles could not be loaded: {error}"))
        return
    add_documents(docs, notices)


def show_notices(notices: list[tuple[str, str]]) -> None:
    """Messages from the last action, escaped (they quote file names and article text)."""
    show = {"error": st.error, "warning": st.warning, "info": st.info, "success": st.success}
    for level, text in notices:
        show.get(level, st.info)(md(text))


def sidebar_inputs() -> None:
    """Sidebar forms: paste an article, upload files, demo data, clear."""
    state = st.session_state
    with st.sidebar:
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
            )
            undated = st.date_input(
                "Date for undated files (optional)", value=None, format="YYYY-MM-DD"
            )
            uploaded = st.form_submit_button("Add files", key="upload_submit")
        col_demo, col_clear = st.columns(2)
        demo = col_demo.button("Demo data", key="demo", help="Load the demo articles again")
        clear = col_clear.button("Clear all", key="clear")

        notices: list[tuple[str, str]] = []
        if clear:
            state.documents = {}
            state.features = empty_features()
            notices.append(("info", "Cleared all articles."))
        if demo or state.demo_requested:
            state.demo_requested = False
            load_demo(notices)
        if pasted:
            try:
                docs, problems = pasted_documents(title, text, published)
            except LoadError as error:
                notices.append(("error", str(error)))
            else:
                notices.extend(("warning", problem) for problem in problems)
                add_documents(docs, notices)
        if uploaded:
            for file in files or []:
                try:
                    docs, problems = read_documents(file.name, file.getvalue(), undated)
                except LoadError as error:
                    notices.append(("error", str(error)))
                    continue
                notices.extend(("warning", problem) for problem in problems)
                add_documents(docs, notices)
        if clear or demo or pasted or uploaded or notices:
            state.notices = notices
        show_notices(state.notices)


def filters(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Date range, layer and undated filters; returns what the map, table and downloads show."""
    with st.sidebar:
        st.header("Filter")
        bounds = date_bounds(features)
        shown = features
        if bounds is not None and bounds[0] < bounds[1]:
            first, last = st.slider(
                "Dates",
                min_value=bounds[0],
                max_value=bounds[1],
                value=bounds,
                format="YYYY-MM-DD",
                key=f"dates_{bounds[0]}_{bounds[1]}",
            )
            undated = st.checkbox("Keep undated features", value=True)
            shown = filter_by_dates(shown, first, last, keep_undated=undated)
        present = [kind for kind in KINDS if kind in set(features["kind"])]
        kinds = st.multiselect(
            "Layers",
            options=present,
            default=present,
            format_func=lambda kind: KIND_LABELS.get(kind, kind),
            key=f"kinds_{'_'.join(present)}",
        )
        return filter_kinds(shown, kinds)


def articles_table(documents: dict[str, Document], features: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per loaded article, with how many features it gave."""
    counts = features["doc_id"].value_counts() if not features.empty else pd.Series(dtype=int)
    rows: list[dict[str, Any]] = [
        {
            "title": doc.title or "(untitled)",
            "published": doc.published.isoformat() if doc.published else "",
            "source": doc.source,
            "from": doc.origin,
            "features": int(counts.get(doc.id, 0)),
            "url": doc.url,
        }
        for doc in documents.values()
    ]
    return pd.DataFrame(rows, columns=["title", "published", "source", "from", "features", "url"])


def main() -> None:
    """The page: inputs and filters in the sidebar; map, table, downloads and sources."""
    st.set_page_config(page_title="Dispatch Atlas", page_icon=":world_map:", layout="wide")
    init_state()
    sidebar_inputs()
    state = st.session_state
    features: gpd.GeoDataFrame = state.features

    st.title("Dispatch Atlas")
    shown = filters(features)
    st.caption(
        f"{len(shown)} features shown (of {len(features)}) from {len(state.documents)} articles"
    )

    st_folium(
        build_map(shown),
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
        st.altair_chart(timeline_chart(timeline), use_container_width=True)
        st.caption(
            "People reported displaced (vertical) over the days each figure covers "
            "(horizontal). Each line is one reported figure, at the number it "
            "states (the lower bound for 'more than' and vague amounts). Figures are not added "
            "up: their periods overlap and sources count the same people; a figure repeated in "
            "several articles is drawn once."
        )

    st.subheader("Features")
    st.dataframe(provenance_table(shown), hide_index=True, width="stretch")
    st.subheader(f"Articles ({len(state.documents)})")
    st.dataframe(articles_table(state.documents, features), hide_index=True)


if __name__ == "__main__":
    main()

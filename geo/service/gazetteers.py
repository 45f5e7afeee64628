"""Gazetteer files for the app: an upload added to the local index, the files listed and
removed, and the stored articles read again so their places use the new names."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from extract.readers import InputError
from geo.features import features_from_records
from geo.gazetteer import SUFFIXES, add_gazetteer, default_gazetteer, list_sources, remove_gazetteer
from geo.service.articles import Extractor, extract_here
from geo.service.views import Notice
from geo.store import Store

__all__ = ["ABOUT", "NONE_ADDED", "SUFFIXES", "add_upload", "listing", "remove", "reread_all"]

ABOUT = (
    "The built-in index holds GeoNames towns of 500 people or more, countries, their regions "
    "and a few lines (highways, rivers). Add a GeoNames country dump (SY.txt or SY.zip) or a "
    "CSV / GeoJSON / GeoPackage of named points for villages, camps and sites."
)
NONE_ADDED = " No files added yet."


def _refresh() -> None:
    """Load the gazetteer afresh on next use (its parts changed)."""
    default_gazetteer.cache_clear()


def add_upload(name: str, data: bytes) -> Notice:
    """Add an uploaded gazetteer file (GeoNames dump or named points) to the local index."""
    with tempfile.TemporaryDirectory(prefix="atlas-gazetteer-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        try:
            added = add_gazetteer(path)
        except InputError as error:
            return "error", str(error)
    _refresh()
    return "success", (
        f"{added.file}: {added.places:,} places and {added.names:,} names added to the "
        "gazetteer; articles added from now on use them (re-read the stored ones to update them)."
    )


def remove(ident: str) -> Notice:
    """Remove an added gazetteer file from the local index."""
    try:
        gone = remove_gazetteer(ident)
    except InputError as error:
        return "error", str(error)
    _refresh()
    return "success", f"{gone.file}: removed from the gazetteer."


def listing() -> dict[str, str]:
    """The added gazetteer files: each one's id and a line saying what it holds."""
    return {
        s.id: f"{s.file}: {s.places:,} places ({s.kind}, added {s.added[:10]})"
        for s in list_sources()
    }


def reread_all(store: Store, ids: Sequence[str], extract: Extractor | None = None) -> Notice:
    """Read the stored articles ``ids`` again with the current gazetteer; each article's
    features are replaced in a transaction of its own."""
    documents = [d for d in (store.document(i) for i in ids) if d is not None]
    replaced = 0
    try:
        for result in (extract or extract_here())(documents):
            by_doc: dict[str, list[dict[str, object]]] = {}
            for row in result.rows:
                by_doc.setdefault(str(row["doc_id"]), []).append(row)
            for document in result.documents:
                store.replace(document, features_from_records(by_doc.get(document.id, [])))
                replaced += 1
    except Exception as error:  # what was replaced stays replaced; the rest as it was
        return "error", f"Re-reading stopped after {replaced} article(s): {error}"
    return "success", f"Re-read {replaced} article(s) with the current gazetteer."

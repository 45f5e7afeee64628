"""Where the gazetteer files the analyst added are kept: one index file each under the data
folder (``gazetteer/``), listed in ``gazetteer/sources.json`` in the order they were added."""

from __future__ import annotations

import json
import pickle
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from geo.config import settings
from geo.files import write_atomically, write_pickle

MANIFEST = "sources.json"


@dataclass(frozen=True)
class AddedSource:
    """A gazetteer file the analyst added: its id, the file it came from, what it holds."""

    id: str  # the file's stem made safe, unique among the sources
    file: str  # the file's name as given
    kind: str  # "GeoNames dump" or "named points"
    places: int
    names: int
    added: str  # ISO time
    number: int  # never reused: keeps the ids of places without a GeoNames id apart


def folder() -> Path:
    """The folder of the added gazetteers (created on first use)."""
    return settings().data_dir / "gazetteer"


def list_sources() -> list[AddedSource]:
    """The added gazetteer files, oldest first."""
    path = folder() / MANIFEST
    if not path.is_file():
        return []
    return [AddedSource(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def _write_manifest(sources: list[AddedSource]) -> None:
    text = json.dumps([asdict(s) for s in sources], indent=1) + "\n"
    write_atomically(folder() / MANIFEST, text.encode("utf-8"))


def new_id(file_name: str) -> tuple[str, int]:
    """An id for a source read from ``file_name`` (unique among the sources) and its number."""
    sources = list_sources()
    stem = re.sub(r"[^a-z0-9_-]+", "-", Path(file_name).stem.lower()).strip("-") or "source"
    taken = {s.id for s in sources}
    ident, n = stem, 2
    while ident in taken:
        ident, n = f"{stem}-{n}", n + 1
    return ident, 1 + max((s.number for s in sources), default=0)


def save(source: AddedSource, payload: dict[str, Any]) -> None:
    """Write a source's index file, then list it: a failure before the listing adds nothing."""
    write_pickle(folder() / f"{source.id}.pkl", payload)
    _write_manifest([*list_sources(), source])


def remove(ident: str) -> AddedSource | None:
    """Unlist the source with this id (or file name) and delete its index file; None if none."""
    sources = list_sources()
    match = next((s for s in sources if ident in (s.id, s.file)), None)
    if match is None:
        return None
    _write_manifest([s for s in sources if s is not match])
    (folder() / f"{match.id}.pkl").unlink(missing_ok=True)
    return match


def source_payloads() -> list[dict[str, Any]]:
    """The index payloads of the added sources, in the order they were added."""
    payloads = []
    for source in list_sources():
        path = folder() / f"{source.id}.pkl"
        if path.is_file():
            with path.open("rb") as handle:
                payloads.append(pickle.load(handle))
    return payloads

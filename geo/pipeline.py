"""The one module that wires extraction to geography: documents in, a features frame out.

app.py and the CLI call this; extract/ never imports geo/.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import geopandas as gpd

from extract.records import Document

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, what) while documents are processed."""


@dataclass
class PipelineResult:
    """Features for the map plus what went wrong, per document, in words a user can act on."""

    features: gpd.GeoDataFrame
    problems: list[str] = field(default_factory=list)


def process(documents: Sequence[Document], *, progress: Progress | None = None) -> PipelineResult:
    """Extract, geocode and frame ``documents`` into one features frame (schema in geo.schema)."""
    raise NotImplementedError  # wired once extraction and resolution land

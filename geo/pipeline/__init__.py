"""Parsed documents to features: the one package that wires extraction to geography.

:mod:`~geo.pipeline.document` reads one document through (parse, resolve, extract);
:mod:`~geo.pipeline.placing` decides where each figure and event goes;
:mod:`~geo.pipeline.rows` turns an analysed document into feature rows with provenance;
:mod:`~geo.pipeline.batch` runs that over many documents (the app, the CLI, Dask workers).
"""

from geo.pipeline.batch import Extracted, Failure, PipelineResult, Progress, extract, process
from geo.pipeline.document import Analysis, analyse, default_nlp, describe, focus_of
from geo.pipeline.rows import feature_rows

__all__ = [
    "Analysis",
    "Extracted",
    "Failure",
    "PipelineResult",
    "Progress",
    "analyse",
    "default_nlp",
    "describe",
    "extract",
    "feature_rows",
    "focus_of",
    "process",
]

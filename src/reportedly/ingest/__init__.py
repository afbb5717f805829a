"""Ingest: turn paths, directories and stdin into texts with metadata, or per-document errors.

Modules: ``decoding`` (bytes to text), ``html`` (trafilatura, imported lazily), ``records``
(JSON/JSONL), ``sources`` (files, directories, stdin), ``language`` (the English check),
``errors`` (skipped/failed). Nothing here loads spaCy or trafilatura at import time.
"""

from __future__ import annotations

from reportedly.ingest.errors import DocumentFailed, DocumentProblem, DocumentSkipped
from reportedly.ingest.item import InputItem
from reportedly.ingest.sources import IngestOptions, count_documents, iter_inputs, missing_paths

__all__ = [
    "DocumentFailed",
    "DocumentProblem",
    "DocumentSkipped",
    "IngestOptions",
    "InputItem",
    "count_documents",
    "iter_inputs",
    "missing_paths",
]

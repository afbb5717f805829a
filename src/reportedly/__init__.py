"""reportedly: who claims what, on whose authority, how sure, about whom, where and when."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from reportedly.model import Document, Report

__all__ = ["__version__", "analyze", "analyze_many"]


def analyze(text: str, **kwargs: Any) -> Report:
    """Analyse one article.

    Keyword arguments: ``published`` (date or ISO string, anchors relative dates),
    ``outlet``, ``title``, ``url``, ``doc_id``, ``raw`` (True leaves the text untouched).
    """
    from reportedly.pipeline import default_analyzer

    return default_analyzer().analyze(text, **kwargs)


def analyze_many(documents: Iterable[Document | str]) -> Iterator[Report]:
    """Analyse many articles in batches, streaming reports in input order."""
    from reportedly.pipeline import default_analyzer

    analyzer = default_analyzer()
    prepared = (d if not isinstance(d, str) else analyzer.prepare(d) for d in documents)
    return analyzer.analyze_documents(prepared)

"""reportedly: who claims what, on whose authority, how sure, about whom, where and when.

``analyze`` reads one text; ``analyze_many`` streams a batch through one spaCy pass in batches
and yields, for each input in order, a ``Report`` or a ``DocumentError`` saying why that input
was skipped or failed. Nothing heavy is imported until the first call.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from reportedly.ingest.item import InputItem
    from reportedly.model import Document, DocumentError, Report

__all__ = ["__version__", "analyze", "analyze_many"]


def analyze(
    text: str,
    *,
    published: date | str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    doc_id: str | None = None,
    raw: bool = False,
) -> Report:
    """Analyse one article.

    ``published`` (a date or ISO string) anchors relative dates; ``raw=True`` leaves the text
    exactly as given. Raises ``reportedly.ingest.DocumentSkipped`` (a ``ValueError``) for an
    empty, over-size or non-English text.
    """
    from reportedly.pipeline import default_analyzer

    return default_analyzer().analyze(
        text,
        published=published,
        outlet=outlet,
        title=title,
        url=url,
        doc_id=doc_id,
        raw=raw,
    )


def analyze_many(
    documents: Iterable[str | Mapping[str, Any] | Document | InputItem],
    *,
    published: date | str | None = None,
    outlet: str | None = None,
    raw: bool = False,
) -> Iterator[Report | DocumentError]:
    """Analyse many articles in batches, streaming one result per input, in input order.

    An input is a text, a mapping like a JSONL record (``text`` plus optional ``title``,
    ``published``, ``outlet``, ``url``, ``id``), a prepared ``Document`` or an ``InputItem``.
    A result is a ``Report``, or a ``DocumentError`` (``origin``, ``status``, ``reason``) for
    an input that was skipped or failed; the stream goes on after it. ``published`` and
    ``outlet`` given here apply to every input.
    """
    from reportedly.ingest.errors import DocumentProblem
    from reportedly.ingest.item import InputItem
    from reportedly.ingest.records import item_from_record
    from reportedly.pipeline import default_analyzer

    def items() -> Iterator[InputItem | Document | DocumentError]:
        for n, value in enumerate(documents, 1):
            origin = f"item {n}"
            if isinstance(value, str):
                yield InputItem(origin=origin, text=value)
            elif isinstance(value, Mapping):
                try:
                    yield item_from_record(dict(value), origin, "json")
                except DocumentProblem as problem:
                    yield problem.error(origin)
            else:
                yield value

    overrides = {k: v for k, v in {"published": published, "outlet": outlet}.items() if v}
    return default_analyzer().analyze_items(items(), raw=raw, overrides=overrides)

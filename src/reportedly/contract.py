"""The stage contract: what the reportedly components share on a spaCy ``Doc``.

Every component reads and writes one dict, ``doc._.reportedly``, of record lists keyed by
part name (``PARTS``); the document's publication date and outlet ride on ``doc._.published``
and ``doc._.outlet``. This module imports no stage, so domain code (the attribution engine,
the tagger) may read the parts without importing the stages package.

The records are the typed ``reportedly.model`` classes, so the stages can use them directly;
a msgpack hook registered with srsly turns them (and dates) into plain data and back, so
``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=N)`` carry a
``Doc`` with everything the stages found.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import srsly
from spacy.tokens import Doc

from reportedly import model
from reportedly.model import Record

#: Record lists a component may put under ``doc._.reportedly``, as the report fields they fill.
PARTS = ("entities", "places", "claims", "scare_quotes", "quantities", "times", "events")

#: The attribute every component names in its factory's ``assigns``.
ASSIGNS = ["doc._.reportedly"]


def ensure_extensions() -> None:
    """Declare the ``Doc`` extensions the components share (idempotent)."""
    for name in ("reportedly", "published", "outlet"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def parts(doc: Doc) -> dict[str, list[Any]]:
    """The dict the components write their records into, created on first use."""
    ensure_extensions()
    store = doc._.reportedly
    if store is None:
        store = {}
        doc._.reportedly = store
    return store


def published(doc: Doc) -> date | None:
    ensure_extensions()
    value = doc._.published
    return value if isinstance(value, date) else None


class MissingPart(UserWarning):
    """A component ran without a part it builds on, so it found less than it could."""


def required(doc: Doc, component: str, part: str, made_by: str) -> list[Any]:
    """The records of ``part`` for ``component``; warns when no earlier component made them.

    An empty list is a finding (the text has none); a missing key means ``made_by`` is not in
    the pipeline before ``component``, which would otherwise pass silently as "nothing found".
    """
    store = parts(doc)
    if part not in store:
        warnings.warn(
            f"{component} needs {made_by} before it in the pipeline (no {part} on the Doc); "
            f"it goes on without them",
            MissingPart,
            stacklevel=2,
        )
        return []
    return store[part]


# --- msgpack: records and dates as plain data --------------------------------------------

_RECORD = "__reportedly_record__"
_DATE = "__reportedly_date__"
_DATETIME = "__reportedly_datetime__"
_RECORD_TYPES: dict[str, type[Record]] = {
    name: value
    for name, value in vars(model).items()
    if isinstance(value, type) and issubclass(value, Record) and value is not Record
}


def encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack encoder: a record as its class name and JSON-mode fields; a date as ISO."""
    if isinstance(obj, Record):
        return {_RECORD: type(obj).__name__, "fields": obj.model_dump(mode="json")}
    if isinstance(obj, datetime):
        return {_DATETIME: obj.isoformat()}
    if isinstance(obj, date):
        return {_DATE: obj.isoformat()}
    return obj if chain is None else chain(obj)


def decode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack decoder, the inverse of ``encode``; anything else passes along the chain."""
    if isinstance(obj, dict):
        if _RECORD in obj:
            return _RECORD_TYPES[obj[_RECORD]].model_validate(obj["fields"])
        if _DATE in obj:
            return date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return datetime.fromisoformat(obj[_DATETIME])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("reportedly_records", func=encode)
srsly.msgpack_decoders.register("reportedly_records", func=decode)
ensure_extensions()

"""Pipeline stages as spaCy components.

Each stage reads the shared ``Doc`` (and what earlier stages put on it) and adds its own part
under ``doc._.reportedly``, a dict of record lists keyed by part name. Importing this package
registers every factory, so a spaCy user can adopt one stage alone::

    import reportedly.stages  # registers the factories
    nlp.add_pipe("reportedly_attribution")
"""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.tokens import Doc

from reportedly.settings import STAGE_ORDER
from reportedly.stages import attribution, entities, places, quantities, times

__all__ = ["STAGE_MODULES", "STAGE_ORDER", "ensure_extensions", "parts"]

STAGE_MODULES = {
    "reportedly_entities": entities,
    "reportedly_places": places,
    "reportedly_times": times,
    "reportedly_quantities": quantities,
    "reportedly_attribution": attribution,
}


def ensure_extensions() -> None:
    """Declare the ``Doc`` extensions the stages share (idempotent)."""
    if not Doc.has_extension("reportedly"):
        Doc.set_extension("reportedly", default=None)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)
    if not Doc.has_extension("outlet"):
        Doc.set_extension("outlet", default=None)


def parts(doc: Doc) -> dict[str, list[Any]]:
    """The dict the stages write their records into, created on first use."""
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


ensure_extensions()

"""Pipeline stages as spaCy components.

Each stage reads the shared ``Doc`` (and what earlier stages put on it) and adds its own part
under ``doc._.reportedly``, a dict of record lists keyed by part name (``reportedly.contract``).
Importing this package registers every factory, so a spaCy user can adopt one stage alone::

    import reportedly.stages  # registers the factories
    nlp.add_pipe("reportedly_attribution")
"""

from __future__ import annotations

from reportedly.contract import ensure_extensions, parts, published
from reportedly.settings import STAGE_ORDER
from reportedly.stages import (
    attribution,
    entities,
    events,
    headline,
    links,
    places,
    quantities,
    times,
)

__all__ = [
    "HELPER_MODULES",
    "STAGE_MODULES",
    "STAGE_ORDER",
    "ensure_extensions",
    "parts",
    "published",
]

STAGE_MODULES = {
    "reportedly_entities": entities,
    "reportedly_places": places,
    "reportedly_times": times,
    "reportedly_quantities": quantities,
    "reportedly_attribution": attribution,
    "reportedly_events": events,
}

#: The two components around the stages that ``reportedly.analyze`` also runs: the headline's
#: sentence end (first, before the parser) and the claims of figures and dates (last).
HELPER_MODULES = {
    "reportedly_headline": headline,
    "reportedly_claim_links": links,
}

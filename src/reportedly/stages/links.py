"""Component `reportedly_claim_links`: each figure and date to the innermost claim holding it.

Innermost matters for layered reporting: in "X reports that, according to official figures,
up to 300 thousand ...", the figure is the official figures' claim, not X's. It runs last,
after the quantities, times and attribution stages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.contract import ASSIGNS, parts
from reportedly.ranges import RangeIndex

VERSION = "1.0.0"


def link_to_claims(store: dict[str, list[Any]]) -> None:
    """Set ``claim_id`` on each quantity and time without one, to the smallest claim content
    that holds it."""
    claims = store.get("claims", [])
    if not claims:
        return
    pieces = RangeIndex(
        (piece.start, piece.end, claim.id) for claim in claims for piece in claim.content
    )
    for item in [*store.get("quantities", []), *store.get("times", [])]:
        if item.claim_id is not None:
            continue
        holders = [
            (b - a, ident) for a, b, ident in pieces.covering(item.span.start, item.span.end)
        ]
        if holders:
            item.claim_id = min(holders)[1]


def link_doc(doc: Doc) -> Doc:
    link_to_claims(parts(doc))
    return doc


@Language.factory("reportedly_claim_links", assigns=ASSIGNS, requires=ASSIGNS)
def make_links_stage(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return link_doc

"""Stage `reportedly_quantities`: figures with bounds, change, unit and counted concept.

Runs after the times stage and skips the numbers inside its dates and clock times (so "May 9"
and "1941" are no figures); on its own it falls back to spaCy's DATE/TIME entities. The
scanning is done by ``reportedly.quantities.extract``; this module only writes records.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import contract
from reportedly.contract import ASSIGNS
from reportedly.model import Quantity, Span
from reportedly.quantities.extract import Found, find_quantities
from reportedly.stages.budget import budgeted

VERSION = "1.0.0"


class QuantitiesStage:
    """Writes ``Quantity`` records into ``parts(doc)["quantities"]``."""

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        store = contract.parts(doc)
        text = doc.text
        records = [
            _record(f"q{i}", text, found)
            for i, found in enumerate(find_quantities(doc, store.get("times"), text), start=1)
        ]
        store["quantities"] = records
        return doc


def _span(text: str, pair: tuple[int, int] | None) -> Span | None:
    return None if pair is None else Span.of(text, pair[0], pair[1])


def _record(record_id: str, text: str, found: Found) -> Quantity:
    return Quantity(
        id=record_id,
        span=Span.of(text, found.start, found.end),
        value=found.value,
        low=found.low,
        high=found.high,
        change=found.change,  # type: ignore[arg-type]
        approximate=found.approximate,
        unit=found.unit,
        unit_span=_span(text, found.unit_span),
        concept=_span(text, found.concept),
        qualifier=_span(text, found.qualifier),
    )


@Language.factory("reportedly_quantities", assigns=ASSIGNS, requires=["doc.ents", "token.lemma"])
def make_quantities_stage(nlp: Language, name: str) -> QuantitiesStage:
    return QuantitiesStage()

"""Stage `reportedly_quantities`: not implemented yet; records nothing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "0.0.0"


class QuantitiesStage:
    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("reportedly_quantities")
def make_quantities_stage(nlp: Language, name: str) -> QuantitiesStage:
    return QuantitiesStage()

"""Stage `reportedly_attribution`: not implemented yet; records nothing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "0.0.0"


class AttributionStage:
    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("reportedly_attribution")
def make_attribution_stage(nlp: Language, name: str) -> AttributionStage:
    return AttributionStage()

"""Stage `reportedly_places`: not implemented yet; records nothing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "0.0.0"


class PlacesStage:
    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("reportedly_places")
def make_places_stage(nlp: Language, name: str) -> PlacesStage:
    return PlacesStage()

"""Stage `reportedly_entities`: not implemented yet; records nothing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "0.0.0"


class EntitiesStage:
    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("reportedly_entities")
def make_entities_stage(nlp: Language, name: str) -> EntitiesStage:
    return EntitiesStage()

"""Stage `reportedly_times`: not implemented yet; records nothing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "0.0.0"


class TimesStage:
    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("reportedly_times")
def make_times_stage(nlp: Language, name: str) -> TimesStage:
    return TimesStage()

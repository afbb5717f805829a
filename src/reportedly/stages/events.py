"""Stage `reportedly_events`: not implemented yet; records nothing."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

VERSION = "0.0.0"


class EventsStage:
    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("reportedly_events")
def make_events_stage(nlp: Language, name: str) -> EventsStage:
    return EventsStage()

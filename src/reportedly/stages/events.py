"""Stage `reportedly_events`: PLOVER events with actors, time, place, modality and claim.

Runs after the attribution stage, reading the entities, places, times and claims the earlier
stages made (any it lacks are reported as ``MissingPart`` and the events go without those
links). The work is done by ``reportedly.events.extract``; this module only writes records.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import contract
from reportedly.contract import ASSIGNS
from reportedly.events.extract import find_events
from reportedly.stages.budget import budgeted

VERSION = "1.0.0"
NAME = "reportedly_events"


class EventsStage:
    """Writes ``Event`` records into ``parts(doc)["events"]``."""

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        store = contract.parts(doc)
        for part, made_by in (
            ("entities", "reportedly_entities"),
            ("claims", "reportedly_attribution"),
        ):
            contract.required(doc, NAME, part, made_by)
        store["events"] = find_events(doc, store, contract.published(doc))
        return doc


@Language.factory(NAME, assigns=ASSIGNS, requires=["token.dep", "token.lemma"])
def make_events_stage(nlp: Language, name: str) -> EventsStage:
    return EventsStage()

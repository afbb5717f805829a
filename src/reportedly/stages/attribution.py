"""Stage `reportedly_attribution`: claims, their sources and chains, and scare quotes.

The work is done by a backend (``reportedly.attribution``); the rule backend is the default.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly.attribution import AttributionBackend
from reportedly.attribution.engine import RuleBackend

VERSION = "0.1.0"


class AttributionStage:
    def __init__(self, backend: AttributionBackend) -> None:
        self.backend = backend

    def __call__(self, doc: Doc) -> Doc:
        from reportedly.stages import parts  # the package imports this module first

        claims, scare = self.backend.extract(doc)
        store = parts(doc)
        store["claims"] = claims
        store["scare_quotes"] = scare
        return doc


@Language.factory("reportedly_attribution", default_config={"backend": "rules"})
def make_attribution_stage(nlp: Language, name: str, backend: str) -> AttributionStage:
    if backend != "rules":
        raise ValueError(f"unknown attribution backend {backend!r}; known: rules")
    return AttributionStage(RuleBackend(nlp))
